"""Downloading every segment of an analytics report instance into one verified TSV file.

Layout: ``DIR/<report name>/<processingDate>-<granularity>.tsv`` (``DIR/instance-<id>/…``
when the report name is not known). The segments are joined in the order Apple lists them;
a segment whose first line repeats the header has that line skipped.

Each segment is fetched from its pre-signed URL with a plain HTTP client that never sends
the API token, streamed to a hidden temporary file next to the target, checked against
``sizeInBytes`` and the MD5 ``checksum`` (``segment_fetch.py``), and gunzipped onto the
TSV (``tsv_join.py``; a gzip stream that ends early is refused). Only when every segment
passed is the result renamed into place (``os.replace``, atomic). On any failure,
including cancellation and Ctrl+C, the temporary files are removed: there is never a
partial file. A URL that answers 403 (expired: they live about five minutes) makes the
segment list be fetched again for fresh URLs, once per segment.

Made to run in a Textual worker: ``progress(bytes_done, bytes_total, files_done,
files_total)`` is called as bytes arrive (compressed bytes; ``bytes_total`` is 0 when the
server gave no sizes), gunzipping runs in a thread, and cancelling the task cleans up.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from .. import __version__
from ..api.analytics_reports import AnalyticsApi, AnalyticsReportInstance, AnalyticsReportSegment
from ..errors import DownloadError
from ..files import partial_files
from .segment_fetch import UrlRefused, fetch_segment, segment_url, verify_segment
from .tsv_join import TsvJoiner

ProgressCallback = Callable[[int, int, int, int], None]
"""``(bytes_done, bytes_total, files_done, files_total)``."""

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


@dataclass(frozen=True)
class DownloadResult:
    path: Path
    """The TSV file written (header once, then every segment's rows)."""
    instance: AnalyticsReportInstance
    segments: int
    bytes_downloaded: int
    """Compressed bytes fetched (the verified gzip files)."""
    bytes_written: int
    rows: int
    """Data rows written (lines after the header)."""


def safe_name(text: str) -> str:
    """``text`` as one file or folder name: no separators, control characters or dots at
    the ends (e.g. ``App Store Discovery and Engagement Detailed`` stays as it is)."""
    name = _UNSAFE.sub("-", text).strip(" .")
    return name[:120] or "report"


def instance_path(
    dest_dir: Path, instance: AnalyticsReportInstance, report_name: str | None = None
) -> Path:
    folder = safe_name(report_name) if report_name else f"instance-{safe_name(instance.id)}"
    granularity = safe_name(instance.granularity or "UNKNOWN")
    return dest_dir / folder / f"{instance.processing_date_text}-{granularity}.tsv"


def _rm(path: Path | None) -> None:
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink()


class _Download:
    """One instance's download: the state shared by its segments."""

    def __init__(
        self,
        api: AnalyticsApi | None,
        instance: AnalyticsReportInstance,
        segments: list[AnalyticsReportSegment],
        target: Path,
        http: httpx.AsyncClient,
        progress: ProgressCallback | None,
    ) -> None:
        self.api = api
        self.instance = instance
        self.segments = segments
        self.target = target
        self.http = http
        self.progress = progress
        self.bytes_total = sum(s.size_in_bytes or 0 for s in segments)
        self.bytes_done = 0
        self.files_done = 0
        self.joined = TsvJoiner()
        self.temps: list[Path] = []

    def _temp(self, suffix: str) -> Path:
        """A new hidden file next to the target (created with the user's umask)."""
        while True:
            path = self.target.parent / f".{self.target.name}.{secrets.token_hex(6)}{suffix}"
            try:
                path.open("xb").close()
            except FileExistsError:
                continue
            except OSError as error:
                raise DownloadError(
                    f"Could not write in {self.target.parent}: {error.strerror or error}.",
                    reason="filesystem",
                    hint="Choose a folder you can write to.",
                ) from None
            self.temps.append(path)
            partial_files.track(path)
            return path

    def _discard(self, path: Path) -> None:
        _rm(path)
        partial_files.untrack(path)
        if path in self.temps:
            self.temps.remove(path)

    def _report(self) -> None:
        if self.progress is not None:
            total = max(self.bytes_total, self.bytes_done) if self.bytes_total else 0
            self.progress(self.bytes_done, total, self.files_done, len(self.segments))

    def _label(self, number: int) -> str:
        return f"segment {number + 1} of {len(self.segments)}"

    async def run(self) -> DownloadResult:
        output = self._temp(".part")
        self._report()
        for number in range(len(self.segments)):
            gz = await self._fetch_verified(number)
            label, declared = self._label(number), self.segments[number].size_in_bytes
            await asyncio.to_thread(self.joined.gunzip_into, gz, output, label, declared)
            self._discard(gz)
            self.files_done += 1
            self._report()
        self.joined.finish(output)
        with output.open("rb+") as out:
            os.fsync(out.fileno())
        try:
            os.replace(output, self.target)
        except OSError as error:
            raise DownloadError(
                f"Could not save {self.target}: {error.strerror or error}.",
                reason="filesystem",
                hint="Check that the folder is writable and the name is not taken by a folder.",
            ) from None
        self.temps.remove(output)
        partial_files.untrack(output)
        return DownloadResult(
            path=self.target,
            instance=self.instance,
            segments=len(self.segments),
            bytes_downloaded=self.bytes_done,
            bytes_written=self.joined.bytes_written,
            rows=self.joined.rows,
        )

    def cleanup(self) -> None:
        self.joined.stop.set()
        for path in self.temps:
            _rm(path)
            partial_files.untrack(path)
        self.temps.clear()

    # -- fetching and verifying ------------------------------------------------------

    async def _fetch_verified(self, number: int) -> Path:
        refreshed = False
        while True:
            segment = self.segments[number]
            try:
                return await self._fetch(number, segment)
            except UrlRefused as refused:
                if refreshed or self.api is None:
                    raise DownloadError(
                        f"The download link of {self._label(number)} was refused "
                        f"({refused}) even after asking Apple for a fresh one.",
                        reason="expired",
                        hint="Links last about five minutes: list the instance again and "
                        "download it right away.",
                    ) from None
                await self._refresh_urls()
                refreshed = True

    async def _refresh_urls(self) -> None:
        assert self.api is not None
        fresh = {s.id: s for s in await self.api.segments(self.instance.id)}
        missing = [s.id for s in self.segments if s.id not in fresh]
        if missing:
            raise DownloadError(
                "Apple no longer lists some segments of this report instance.",
                reason="http",
                hint="The instance may have expired (they are kept 35 days). Refresh the list.",
            )
        self.segments = [fresh[s.id] for s in self.segments]

    async def _fetch(self, number: int, segment: AnalyticsReportSegment) -> Path:
        label = self._label(number)
        url = segment_url(segment, label)
        gz = self._temp(".gz")
        started = self.bytes_done
        try:
            size, md5 = await fetch_segment(
                self.http, url, label, segment.size_in_bytes, gz, self._received
            )
        except BaseException:
            self.bytes_done = started
            self._discard(gz)
            raise
        verify_segment(segment, label, size, md5)
        return gz

    def _received(self, size: int) -> None:
        self.bytes_done += size
        self._report()


async def download_instance(
    api: AnalyticsApi,
    instance: AnalyticsReportInstance | str,
    dest_dir: Path | str,
    *,
    report_name: str | None = None,
    segments: Sequence[AnalyticsReportSegment] | None = None,
    progress: ProgressCallback | None = None,
    http: httpx.AsyncClient | None = None,
) -> DownloadResult:
    """Download, verify and gunzip every segment of ``instance`` into one TSV file.

    ``segments``: an already fetched list (its URLs may have expired: they are renewed);
    ``http``: the client for the pre-signed URLs (default: a new one, without any auth).
    Raises DownloadError (nothing written) or the API's errors; re-raises cancellation.
    """
    if isinstance(instance, str):
        instance = await api.get_instance(instance)
    target = instance_path(Path(dest_dir), instance, report_name)
    listed = list(segments) if segments is not None else await api.segments(instance.id)
    if not listed:
        raise DownloadError(
            "This report instance has no segments to download yet.",
            reason="empty",
            hint="Apple may still be preparing it: try again later.",
        )
    created = [d for d in (target.parent, *target.parent.parents) if not d.exists()]
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DownloadError(
            f"Could not create the folder {target.parent}: {error.strerror or error}.",
            reason="filesystem",
            hint="Choose a folder you can write to.",
        ) from None
    client = http or httpx.AsyncClient(
        timeout=httpx.Timeout(60.0, connect=10.0),
        follow_redirects=True,
        headers={"User-Agent": f"asc-tui/{__version__}"},
    )
    job = _Download(api, instance, listed, target, client, progress)
    try:
        return await job.run()
    except BaseException:
        job.cleanup()
        for folder in created:  # deepest first; only the folders this call made
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    finally:
        if http is None:
            await client.aclose()
