"""Crash submissions grouped into signatures: exception type + blame frame, with counts,
devices, OS versions, dates, builds and "new in this build"."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from asc_tui.api.feedback import CrashSubmission, ScreenshotSubmission, build_numbers
from asc_tui.logs.crash_report import CrashReport, parse_crash_report
from asc_tui.logs.crash_signatures import UNREADABLE, group_crashes, previous_build

DATA = Path(__file__).resolve().parents[1] / "data" / "crashes"


def load(name: str) -> CrashReport:
    return parse_crash_report((DATA / name).read_text(encoding="utf-8"))


def sub(number: int, build: str, device: str = "iPhone14,2", os: str = "17.4") -> CrashSubmission:
    return CrashSubmission(
        id=f"s{number}",
        created=datetime(2024, 3, number, tzinfo=UTC),
        device_model=device,
        os_version=os,
        build_id=build,
        build_number=build.upper(),
    )


def unsymbolicated_at(load_address: str) -> CrashReport:
    text = (DATA / "unsymbolicated.crash").read_text(encoding="utf-8")
    return parse_crash_report(text.replace("0x102ad0000 + ", f"{load_address} + "))


def test_signatures_group_by_exception_and_blame_frame() -> None:
    swift, objc = load("swift_breakpoint.crash"), load("objc_exception.crash")
    crashes = [
        (sub(1, "b1"), swift),
        (sub(2, "b2", device="iPad13,4", os="17.3"), load("swift_breakpoint.crash")),
        (sub(3, "b2"), objc),
        (sub(4, "b2"), unsymbolicated_at("0x104000000")),
        (sub(5, "b2", os="16.7"), unsymbolicated_at("0x108000000")),  # ASLR: same signature
        (sub(6, "b2"), unsymbolicated_at("0x10c000000")),
        (sub(7, "b2"), None),
    ]
    signatures = group_crashes(
        [c for c in crashes if c[0].build_id == "b2"],
        previous=[c for c in crashes if c[0].build_id == "b1"],
    )
    assert [(s.key, s.count) for s in signatures] == [
        ("EXC_BAD_ACCESS (SIGSEGV) — LumenNotes: + 203400", 3),
        ("EXC_BREAKPOINT (SIGTRAP) — LumenNotes: NoteEditor.applyFormatting(_:)", 1),
        ("EXC_CRASH (SIGABRT) — OrbitKit: -[ORBSyncSession applyPayload:]", 1),
        (UNREADABLE, 1),
    ]
    unsymbolicated, swift_sig, objc_sig, unreadable = signatures
    assert swift_sig.location == "NoteEditor.swift:231"
    assert dict(swift_sig.devices) == {"iPad13,4": 1}
    assert dict(unsymbolicated.os_versions) == {"17.4": 2, "16.7": 1}
    assert swift_sig.builds == ["B2"]
    assert unsymbolicated.first_seen == datetime(2024, 3, 4, tzinfo=UTC)
    assert unsymbolicated.last_seen == datetime(2024, 3, 6, tzinfo=UTC)
    assert [s.new_in_build for s in signatures] == [True, False, True, True]
    (everything,) = [s for s in group_crashes(crashes) if "BREAKPOINT" in s.key]
    assert everything.count == 2 and everything.builds == ["B1", "B2"]
    assert dict(everything.devices) == {"iPhone14,2": 1, "iPad13,4": 1}
    assert objc_sig.frame_text == "OrbitKit: -[ORBSyncSession applyPayload:]"
    assert unreadable.reports == [None]


def test_a_report_without_app_frames_falls_back_to_the_first_symbolicated_frame() -> None:
    text = (
        "Exception Type:  EXC_CRASH (SIGKILL)\n"
        "Thread 0 Crashed:\n"
        "0   ???   0x0000000000000000 0x0 + 0\n"
        "1   libsystem_kernel.dylib   0x00000001e9a1f1cc mach_msg2_trap + 8\n"
    )
    (signature,) = group_crashes([(sub(1, "b"), parse_crash_report(text))])
    assert signature.key == "EXC_CRASH (SIGKILL) — libsystem_kernel.dylib: mach_msg2_trap"
    assert not signature.new_in_build  # no build asked about


def test_previous_build_is_the_next_older_one() -> None:
    assert previous_build(["b3", "b2", "b1"], "b2") == "b1"
    assert previous_build(["b3", "b2", "b1"], "b1") == ""
    assert previous_build(["b3"], "x") == ""


def test_submissions_parse_from_api_resources() -> None:
    resource = {
        "type": "betaFeedbackCrashSubmissions",
        "id": "c1",
        "attributes": {
            "createdDate": "2024-03-02T10:00:00Z",
            "comment": "Crashed when I tapped bold",
            "deviceModel": "iPhone15,3",
            "osVersion": "17.4",
            "batteryPercentage": 54,
            "appUptimeInMilliseconds": 52000,
            "connectionType": "WIFI",
        },
        "relationships": {
            "build": {"data": {"type": "builds", "id": "b9"}},
            "tester": {"data": {"type": "betaTesters", "id": "t1"}},
        },
    }
    builds = build_numbers([{"type": "builds", "id": "b9", "attributes": {"version": "412"}}])
    crash = CrashSubmission.from_resource(resource, builds)
    assert (crash.id, crash.comment, crash.battery_percentage, crash.app_uptime_ms) == (
        "c1",
        "Crashed when I tapped bold",
        54,
        52000,
    )
    assert (crash.build_id, crash.build_number, crash.tester_id) == ("b9", "412", "t1")
    assert crash.created == datetime(2024, 3, 2, 10, tzinfo=UTC)
    shot = ScreenshotSubmission.from_resource(
        {
            "id": "f1",
            "attributes": {
                "comment": "Button cut off",
                "screenshots": [{"url": "https://x/1.png", "width": 1170, "height": 2532}, {}],
            },
        }
    )
    assert [(s.url, s.width, s.height) for s in shot.screenshots] == [
        ("https://x/1.png", 1170, 2532)
    ]


def test_signature_as_markdown_for_an_issue_tracker() -> None:
    from asc_tui.logs.crash_markdown import signature_markdown

    objc = load("objc_exception.crash")
    (signature,) = group_crashes(
        [(sub(3, "b2", device="iPad13,4"), objc), (sub(5, "b2"), objc)], previous=[]
    )
    text = signature_markdown(signature)
    lines = text.splitlines()
    assert lines[0] == (
        "### Crash: EXC_CRASH (SIGABRT) in `OrbitKit: -[ORBSyncSession applyPayload:]`"
    )
    assert "- **Crashes:** 2 (new in this build)" in lines
    assert "- **Where:** `ORBSyncSession.m:148`" in lines
    assert "- **Devices:** iPad13,4 (1), iPhone14,2 (1)" in lines
    assert "- **Builds:** B2" in lines
    assert "Last Exception Backtrace:" in lines
    blame = [line for line in lines if line.endswith("← blame")]
    assert blame == [
        "5   OrbitKit                 -[ORBSyncSession applyPayload:] (ORBSyncSession.m:148)"
        "  ← blame"
    ]
    assert lines[-2] == "… 1 more frames" and lines[-1] == "```"
