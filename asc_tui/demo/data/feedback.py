"""TestFlight feedback of the demo apps: crash submissions (each with a crash report, see
``crash_logs``) and screenshot submissions, over each app's newest valid builds.

Every kind of crash appears in every app; the stack overflow only in the newest build
(so it is "new in this build"), the unsymbolicated crash only in the older builds (fixed
since). "Trailhead" has more submissions than one page of 200 holds.
"""

from __future__ import annotations

import base64
import functools
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from .builds import BuildRecord, app_spec, builds_of
from .catalog import APPS, DEVICES, OS_VERSIONS, REFERENCE_NOW, AppSpec
from .crash_context import KINDS, CrashContext
from .feedback_devices import APP_PLATFORM, OS_NAMES, device_platform, feedback_device
from .seeding import hex_digest, rng

CRASHED_BUILDS = 5
"""How many of an app's newest valid builds have crash submissions."""
SUBMISSIONS = {"1583111882": 230}
"""Crash submissions per app (the rest have DEFAULT_SUBMISSIONS)."""
DEFAULT_SUBMISSIONS = 34
_WEIGHTS = {"swift": 10, "objc": 6, "unsymbolicated": 5, "cpp": 4, "recursion": 1}
TESTERS = (
    ("Ana", "Lima", "ana.lima@example.com"),
    ("Kenji", "Sato", "kenji.sato@example.com"),
    ("Marie", "Dubois", "marie.dubois@example.com"),
    ("Sam", "Okafor", "sam.okafor@example.com"),
)
COMMENTS = (
    "",
    "",
    "It crashed as soon as I tapped Bold.",
    "Closed by itself while syncing on the train.",
    "L'app s'est fermée pendant l'enregistrement.",
    "同期中にアプリが終了しました。",
    "Crashed again, third time today",
)


@dataclass(frozen=True)
class FeedbackRecord:
    id: str
    app: AppSpec
    build: BuildRecord
    created: datetime
    device: str
    os_version: str
    """The full OS version, e.g. ``18.1 (22B83)``; the attribute holds ``18.1``."""
    comment: str
    tester: int
    battery: int
    uptime_ms: int
    connection: str
    kind: str = ""
    """The crash kind (see crash_context.KINDS); empty for screenshot feedback."""
    screenshots: int = 0

    @property
    def email(self) -> str:
        return TESTERS[self.tester][2]

    @property
    def tester_id(self) -> str:
        return f"tester-{hex_digest('tester', self.tester, length=12)}"

    @property
    def device_platform(self) -> str:
        return device_platform(self.device)

    @property
    def app_platform(self) -> str:
        return APP_PLATFORM

    @property
    def crash_context(self) -> CrashContext:
        return CrashContext(
            app=self.app,
            kind=self.kind,
            submission_id=self.id,
            build_number=self.build.number,
            marketing_version=self.build.marketing_version,
            device=self.device,
            os_version=self.os_version,
            created=self.created,
            os_name=OS_NAMES[self.device_platform],
        )


def feedback_id(*parts: object) -> str:
    """An opaque ID shaped like Apple's (``AJ2Bg-tLfMsM5sB1pzi8Yk8``)."""
    digest = bytes.fromhex(hex_digest("feedback", *parts, length=34))
    return "A" + base64.urlsafe_b64encode(digest).decode().rstrip("=")[:22]


def crashed_builds(app_id: str) -> tuple[BuildRecord, ...]:
    """The app's newest valid builds, oldest first."""
    valid = [b for b in builds_of(app_id) if b.processing_state == "VALID"]
    return tuple(valid[-CRASHED_BUILDS:])


def _builds_for(kind: str, builds: tuple[BuildRecord, ...]) -> tuple[BuildRecord, ...]:
    if kind == "recursion":
        return builds[-1:]
    if kind == "unsymbolicated":
        return builds[:-1] or builds
    return builds


def _record(app: AppSpec, n: int, kind: str, builds: tuple[BuildRecord, ...]) -> FeedbackRecord:
    r = rng("crash", app.app_id, n)
    build = r.choice(_builds_for(kind, builds))
    devices = [d.identifier for d in DEVICES if "," in d.identifier]
    devices = [d for d in devices if app.has_ipad or not d.startswith("iPad")]
    hours = min(24 * 12.0, (REFERENCE_NOW - build.uploaded).total_seconds() / 3600 - 1)
    created = build.uploaded + timedelta(hours=r.uniform(0.5, max(hours, 0.5)))
    ios_model, ios_version = r.choice(devices), r.choice(OS_VERSIONS).removeprefix("iPhone OS ")
    device, os_version = feedback_device(app.app_id, n, ios_model, ios_version)
    return FeedbackRecord(
        id=feedback_id("crash", app.app_id, n),
        app=app,
        build=build,
        created=created.replace(microsecond=0),
        device=device,
        os_version=os_version,
        comment=r.choice(COMMENTS),
        tester=r.randrange(len(TESTERS)),
        battery=r.randint(4, 100),
        uptime_ms=r.randint(900, 3_600_000),
        connection=r.choice(("WIFI", "WIFI", "MOBILE_DATA")),
        kind=kind,
    )


@functools.cache
def crash_submissions(app_id: str) -> tuple[FeedbackRecord, ...]:
    """The app's crash submissions, newest first (empty for an unknown app)."""
    app = app_spec(app_id)
    builds = crashed_builds(app_id)
    if app is None or not builds:
        return ()
    total = SUBMISSIONS.get(app_id, DEFAULT_SUBMISSIONS)
    kinds = list(_WEIGHTS)
    weights = list(_WEIGHTS.values())
    picker = rng("crash-kinds", app_id)
    chosen = list(KINDS) + picker.choices(kinds, weights, k=total - len(KINDS))
    records = [_record(app, n, kind, builds) for n, kind in enumerate(chosen)]
    return tuple(sorted(records, key=lambda s: (s.created, s.id), reverse=True))


@functools.cache
def screenshot_submissions(app_id: str) -> tuple[FeedbackRecord, ...]:
    """A few screenshot submissions per app, newest first, with one to three images."""
    app = app_spec(app_id)
    builds = crashed_builds(app_id)
    if app is None or not builds:
        return ()
    out = []
    for n in range(6):
        record = _record(app, 10_000 + n, "", builds)
        r = rng("screenshots", app_id, n)
        comment = r.choice(COMMENTS[2:]).replace("crashed", "looks wrong")
        out.append(
            FeedbackRecord(
                **{
                    **record.__dict__,
                    "id": feedback_id("screenshot", app_id, n),
                    "comment": comment or "The button is cut off.",
                    "kind": "",
                    "screenshots": r.randint(1, 3),
                }
            )
        )
    return tuple(sorted(out, key=lambda s: (s.created, s.id), reverse=True))


@functools.cache
def _index(kind: str) -> dict[str, FeedbackRecord]:
    listing = crash_submissions if kind == "crash" else screenshot_submissions
    return {s.id: s for app in APPS for s in listing(app.app_id)}


def crash_submission_by_id(submission_id: str) -> FeedbackRecord | None:
    return _index("crash").get(submission_id)


def screenshot_submission_by_id(submission_id: str) -> FeedbackRecord | None:
    return _index("screenshot").get(submission_id)


class FeedbackState:
    """One server's deletions of feedback submissions (the seeded data never changes)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deleted: set[str] = set()

    def delete(self, submission_id: str) -> None:
        with self._lock:
            self._deleted.add(submission_id)

    def deleted(self, submission_id: str) -> bool:
        with self._lock:
            return submission_id in self._deleted

    def present(self, records: tuple[FeedbackRecord, ...]) -> list[FeedbackRecord]:
        with self._lock:
            return [r for r in records if r.id not in self._deleted]
