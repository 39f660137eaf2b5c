"""TestFlight crashes and feedback for the store: submissions, their crash reports (fetched
once, parsed off the event loop) and the signatures they group into. No Textual here."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..api.feedback import (
    CRASHES,
    NO_FILTER,
    CrashSubmission,
    FeedbackFilter,
    FeedbackKind,
    ScreenshotSubmission,
)
from ..errors import AscError, IncompleteListError
from ..logs.crash_report import CrashParseError, CrashReport, parse_crash_report
from ..logs.crash_signatures import CrashSignature, group_crashes, previous_build
from .partial_lists import PartialLists

if TYPE_CHECKING:
    import httpx

    from ..api.builds import Build
    from ..api.client import AscClient

PARALLEL_LOGS = 6
"""Crash logs fetched at once when grouping many submissions."""

Progress = Callable[[int, int], None]
"""``(crash logs loaded, of how many)``."""


@dataclass(frozen=True, slots=True)
class CrashLog:
    """A submission's crash report as received, and parsed (or why it could not be)."""

    submission_id: str
    text: str
    report: CrashReport | None
    error: CrashParseError | None = None


@dataclass(frozen=True, slots=True)
class FailedLog:
    """A submission whose crash report could not be fetched, and why."""

    submission: CrashSubmission
    error: AscError


@dataclass(frozen=True, slots=True)
class SignatureLoad:
    """Crash signatures built from the crash logs that loaded, and the submissions whose
    log did not (``failed``: shown ones; ``failed_before``: the build before's, which only
    the "new in this build" marks depend on)."""

    signatures: list[CrashSignature]
    failed: list[FailedLog] = field(default_factory=list)
    failed_before: list[FailedLog] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return len(self.failed) + len(self.failed_before)

    @property
    def reason(self) -> str:
        """The most frequent failure's message ("" when every log loaded)."""
        found = Counter(f.error.message for f in (*self.failed, *self.failed_before))
        return found.most_common(1)[0][0] if found else ""

    def not_loaded(self) -> str:
        """ "3 crash logs not loaded (1 of the build before)" ("" when none)."""
        if not self.failures:
            return ""
        noun = "crash log" if self.failures == 1 else "crash logs"
        before = f" ({len(self.failed_before)} of the build before)" if self.failed_before else ""
        return f"{self.failures:,} {noun} not loaded{before}"

    def failure_text(self) -> str:
        """ "3 crash logs not loaded (1 of the build before): reason" ("" when none)."""
        return f"{self.not_loaded()}: {self.reason}" if self.failures else ""

    def failed_ids(self, most: int = 10) -> str:
        """The submissions whose crash log failed: "A, B and 3 more" ("" when none)."""
        ids = [f.submission.id for f in (*self.failed, *self.failed_before)]
        more = f" and {len(ids) - most:,} more" if len(ids) > most else ""
        return ", ".join(ids[:most]) + more


class IncompleteSignaturesError(IncompleteListError):
    """The list of submissions stopped part way: ``items`` holds the signatures of the
    crashes that did load (or, from :meth:`CrashSession.signature_submissions`, one
    signature's submissions), ``load`` also says whose crash logs failed."""

    def __init__(self, stopped: IncompleteListError, load: SignatureLoad) -> None:
        super().__init__(
            stopped.message,
            pages=stopped.pages,
            resume_url=stopped.resume_url,
            cause=stopped.cause,
            hint=stopped.hint,
        )
        self.tries = stopped.tries
        self.items = [*load.signatures]
        self.load = load


def parse_crash_log(submission_id: str, text: str) -> CrashLog:
    try:
        return CrashLog(submission_id, text, parse_crash_report(text))
    except CrashParseError as error:
        return CrashLog(submission_id, text, None, error)


class CrashSession:
    """What the store holds of an app's TestFlight feedback. ``builds`` gives an app's
    builds, newest first (the store's, so they are fetched once); ``http`` makes the
    client for the screenshots' pre-signed URLs (default: one of their own)."""

    def __init__(
        self,
        client: AscClient,
        builds: Callable[[str], Awaitable[list[Build]]],
        http: Callable[[], httpx.AsyncClient] | None = None,
        *,
        partial: PartialLists | None = None,
    ) -> None:
        self.client = client
        self.partial = partial or PartialLists()
        """Lists that stopped part way resume at the page that failed."""
        self._builds = builds
        self._http = http
        """Makes the plain HTTP client for the screenshots' pre-signed URLs."""
        self._submissions: dict[tuple[str, FeedbackFilter], list[CrashSubmission]] = {}
        self._screenshots: dict[tuple[str, FeedbackFilter], list[ScreenshotSubmission]] = {}
        self._logs: dict[str, CrashLog] = {}

    async def submissions(
        self,
        app_id: str,
        build_id: str = "",
        *,
        where: FeedbackFilter = NO_FILTER,
        refresh: bool = False,
    ) -> list[CrashSubmission]:
        """Every crash submission of the app (or of one build; those ``where`` picks),
        newest first."""
        key = (app_id, replace(where, build=build_id or where.build))
        if key not in self._submissions or refresh:
            listing = self.client.crash_submissions(app_id, key[1])
            self._submissions[key] = await self.partial.all(("crashes", *key), listing)
        return self._submissions[key]

    async def screenshots(
        self,
        app_id: str,
        build_id: str = "",
        *,
        where: FeedbackFilter = NO_FILTER,
        refresh: bool = False,
    ) -> list[ScreenshotSubmission]:
        """The app's (or one build's) screenshot feedback that ``where`` picks, newest
        first."""
        key = (app_id, replace(where, build=build_id or where.build))
        if key not in self._screenshots or refresh:
            listing = self.client.screenshot_submissions(app_id, key[1])
            self._screenshots[key] = await self.partial.all(("screenshots", *key), listing)
        return self._screenshots[key]

    async def delete(self, kind: FeedbackKind, submission_id: str) -> None:
        """Delete a crash or screenshot submission on the server; what this session (and
        the response cache) held of it is dropped."""
        await self.client.delete_feedback(kind, submission_id)
        self.partial.forget_holding(submission_id)
        if kind == CRASHES:
            self._logs.pop(submission_id, None)
            for key, found in self._submissions.items():
                self._submissions[key] = [s for s in found if s.id != submission_id]
        else:
            for key, shots in self._screenshots.items():
                self._screenshots[key] = [s for s in shots if s.id != submission_id]

    async def save_screenshots(
        self, submission: ScreenshotSubmission, folder: Path, name: str
    ) -> list[Path]:
        """The submission's images and a text report in ``folder`` (see feedback_files)."""
        import httpx

        from .feedback_files import save_feedback

        http = self._http() if self._http is not None else httpx.AsyncClient(timeout=30)
        async with http:
            return await save_feedback(submission, folder, name, http)

    async def crash_log(self, submission_id: str, *, refresh: bool = False) -> CrashLog:
        if submission_id not in self._logs or refresh:
            text = await self.client.crash_log(submission_id)
            self._logs[submission_id] = await asyncio.to_thread(
                parse_crash_log, submission_id, text
            )
        return self._logs[submission_id]

    async def crash_logs(
        self, submissions: Sequence[CrashSubmission], progress: Progress | None = None
    ) -> list[CrashLog | FailedLog]:
        """The crash logs of ``submissions``, in order, a few fetched at a time; one that
        fails is a FailedLog (not kept: asking again fetches only those)."""
        gate = asyncio.Semaphore(PARALLEL_LOGS)
        done = 0

        async def one(submission: CrashSubmission) -> CrashLog | FailedLog:
            nonlocal done
            async with gate:
                try:
                    log: CrashLog | FailedLog = await self.crash_log(submission.id)
                except AscError as error:
                    log = FailedLog(submission, error)
            done += 1
            if progress is not None:
                progress(done, len(submissions))
            return log

        return list(await asyncio.gather(*(one(s) for s in submissions)))

    async def signatures(
        self,
        app_id: str,
        build_id: str = "",
        *,
        where: FeedbackFilter = NO_FILTER,
        refresh: bool = False,
        progress: Progress | None = None,
    ) -> SignatureLoad:
        """The app's (or a build's) crashes grouped into signatures, most first, from the
        crash logs that loaded; the submissions whose log failed are listed apart. For a
        build, each signature says whether the build before it had that crash (among the
        submissions ``where`` picks: the same devices, OS versions…). When the list of
        submissions stops part way, IncompleteSignaturesError carries the signatures of
        those that loaded and whose crash logs failed."""
        build_id = build_id or where.build
        stopped: IncompleteListError | None = None
        try:
            everything = await self.submissions(
                app_id, where=replace(where, build=""), refresh=refresh
            )
        except IncompleteListError as error:  # group the crashes that did load
            everything, stopped = [s for s in error.items if isinstance(s, CrashSubmission)], error
        chosen = [s for s in everything if not build_id or s.build_id == build_id]
        before: list[CrashSubmission] | None = None
        if build_id:
            builds = await self._builds(app_id)
            earlier = previous_build([b.id for b in builds], build_id)
            before = [s for s in everything if earlier and s.build_id == earlier]
        logs = await self.crash_logs([*chosen, *(before or [])], progress)
        reports = {log.submission_id: log.report for log in logs if isinstance(log, CrashLog)}
        failed = {log.submission.id: log for log in logs if isinstance(log, FailedLog)}

        def loaded(
            submissions: list[CrashSubmission],
        ) -> list[tuple[CrashSubmission, CrashReport | None]]:
            return [(s, reports[s.id]) for s in submissions if s.id in reports]

        load = SignatureLoad(
            group_crashes(loaded(chosen), previous=None if before is None else loaded(before)),
            [failed[s.id] for s in chosen if s.id in failed],
            [failed[s.id] for s in before or [] if s.id in failed],
        )
        if stopped is not None:
            raise IncompleteSignaturesError(stopped, load) from stopped
        return load

    async def signature_submissions(
        self, app_id: str, build_id: str, key: str, *, refresh: bool = False
    ) -> list[CrashSubmission]:
        """The submissions grouped into the signature ``key`` (see :meth:`signatures`);
        when the list of submissions stops part way, the IncompleteSignaturesError's
        ``items`` are those of them that loaded."""
        try:
            load = await self.signatures(app_id, build_id, refresh=refresh)
        except IncompleteSignaturesError as error:
            error.items = [*_submissions_of(error.load.signatures, key)]
            raise
        return _submissions_of(load.signatures, key)


def _submissions_of(signatures: list[CrashSignature], key: str) -> list[CrashSubmission]:
    same = next((s for s in signatures if s.key == key), None)
    return list(same.submissions) if same is not None else []
