"""Apple's crash reports (text and .ips) parsed into exception, threads, frames and images,
and shown as a call tree: blame stack first and open, blame frame marked, the rest folded."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asc_tui.api.diagnostic_logs import Frame
from asc_tui.logs.crash_report import CrashParseError, CrashReport, parse_crash_report
from asc_tui.logs.crash_tree import crash_call_tree, report_heading

DATA = Path(__file__).resolve().parents[1] / "data" / "crashes"


def load(name: str) -> CrashReport:
    return parse_crash_report((DATA / name).read_text(encoding="utf-8"))


def symbols(frames: list[Frame]) -> list[str]:
    return [frame.symbol for frame in frames]


def test_swift_text_report_header_exception_and_threads() -> None:
    report = load("swift_breakpoint.crash")
    assert report.form == "text"
    assert report.process == "LumenNotes"
    assert report.header["Hardware Model"] == "iPhone14,2"
    assert report.header["OS Version"] == "iPhone OS 17.4 (21E219)"
    assert report.header["Version"] == "412 (3.2.0)"
    assert report.exception_type == "EXC_BREAKPOINT (SIGTRAP)"
    assert report.exception_codes == "0x0000000000000001, 0x0000000102afb3d0"
    assert report.termination_reason == "SIGNAL 5 Trace/BPT trap: 5"
    assert report.triggered_by_thread == 0
    assert [t.label for t in report.threads] == [
        "Thread 0 Crashed: Dispatch queue: com.apple.main-thread",
        "Thread 1",
        "Thread 2: com.apple.uikit.eventfetch-thread",
    ]
    assert [len(t.frames) for t in report.threads] == [12, 1, 5]
    top = report.threads[0].frames[0]
    assert (top.binary, top.address, top.symbol, top.offset_into_symbol) == (
        "LumenNotes",
        "0x0000000102afb3d0",
        "NoteEditor.applyFormatting(_:)",
        "412",
    )
    assert (top.file_name, top.line_number) == ("NoteEditor.swift", "231")
    third = report.threads[0].frames[3]
    assert (third.binary, third.symbol, third.file_name) == (
        "UIKitCore",
        "-[UITextView _textStorageDidProcessEditing:]",
        "",
    )
    assert report.threads[0].frames[2].location == "<compiler-generated>:0"
    assert [i.name for i in report.binary_images] == [
        "LumenNotes",
        "CoreFoundation",
        "UIKitCore",
        "libsystem_kernel.dylib",
    ]
    assert report.binary_images[0].uuid == "fe7745ae12db30fa886c8baa1980437a"
    assert report.app_binaries == frozenset({"LumenNotes"})
    assert report.last_exception_backtrace is None
    assert "x0" not in report.header  # the register dump is not a header field
    blame = report.blame_frame
    assert blame is top


def test_objc_report_reads_the_last_exception_backtrace_first() -> None:
    report = load("objc_exception.crash")
    assert report.exception_type == "EXC_CRASH (SIGABRT)"
    assert report.exception_note == "EXC_CORPSE_NOTIFY"
    assert report.reason == (
        "-[__NSCFString objectForKey:]: unrecognized selector sent to instance 0x283f4c1e0"
    )
    assert report.application_specific.endswith("abort() called")
    backtrace = report.last_exception_backtrace
    assert backtrace is not None and len(backtrace.frames) == 13
    assert symbols(backtrace.frames[:2]) == ["__exceptionPreprocess", "objc_exception_throw"]
    assert report.app_binaries == frozenset({"Orbit", "OrbitKit"})
    blame = report.blame_frame
    assert blame is not None
    assert (blame.binary, blame.symbol, blame.location) == (
        "OrbitKit",
        "-[ORBSyncSession applyPayload:]",
        "ORBSyncSession.m:148",
    )
    crashed = report.crashed_thread
    assert crashed is not None and crashed.frames[0].symbol == "__pthread_kill"
    tree = crash_call_tree(report)
    rows = tree.rows()
    assert rows[0].thread is not None and rows[0].thread.label == "Last Exception Backtrace"
    assert [r.frame.symbol for r in rows[1:14] if r.frame] == symbols(backtrace.frames)
    # the crashed thread and thread 1 follow, folded
    assert [r.thread.label for r in rows[14:] if r.thread] == [
        "Thread 0 Crashed: Dispatch queue: com.apple.main-thread",
        "Thread 1",
    ]
    assert len(rows) == 16
    assert [r.frame.symbol for r in rows if r.is_blame and r.frame] == [
        "-[ORBSyncSession applyPayload:]"
    ]
    heading = dict(report_heading(report))
    assert heading["Exception"] == "EXC_CRASH (SIGABRT)"
    assert heading["Blame"] == "OrbitKit: -[ORBSyncSession applyPayload:]"


def test_unsymbolicated_report_keeps_addresses_and_blames_the_app_image() -> None:
    report = load("unsymbolicated.crash")
    assert report.exception_type == "EXC_BAD_ACCESS (SIGSEGV)"
    assert report.header["Exception Subtype"] == "KERN_INVALID_ADDRESS at 0x0000000000000010"
    assert report.triggered_by_thread == 3
    crashed = report.crashed_thread
    assert crashed is not None and crashed.index == 3 and crashed.label == "Thread 3 Crashed"
    assert symbols(crashed.frames) == [
        "0x19a1b8000 + 48160",
        "0x102ad0000 + 203400",
        "0x102ad0000 + 200468",
        "0x0 + 0",
    ]
    assert crashed.frames[3].binary == "???"
    blame = report.blame_frame
    assert blame is crashed.frames[1]
    tree = crash_call_tree(report)
    labels = [r.thread.label for r in tree.rows() if r.thread]
    assert labels == ["Thread 3 Crashed", "Thread 0: Dispatch queue: com.apple.main-thread"]
    assert len(tree.rows()) == 1 + 4 + 1  # crashed thread open, thread 0 folded


def test_ips_report_with_a_cpp_exception() -> None:
    report = load("cpp_exception.ips")
    assert report.form == "ips"
    assert report.process == "Orbit"
    assert report.header["Hardware Model"] == "iPhone15,3"
    assert report.header["OS Version"] == "iPhone OS 17.4 (21E219)"
    assert report.header["Version"] == "89 (2.4)"
    assert report.header["Incident Identifier"] == "C0FFEE00-1234-4321-ABCD-0123456789AB"
    assert report.exception_type == "EXC_CRASH (SIGABRT)"
    assert report.termination_reason == "Namespace SIGNAL, Code 0x6 Abort trap: 6"
    assert "std::out_of_range: vector" in report.application_specific
    assert report.triggered_by_thread == 0
    assert [t.label for t in report.threads] == [
        "Thread 0 Crashed: Dispatch queue: com.apple.main-thread",
        "Thread 1: AURemoteIO::IOThread",
    ]
    frames = report.threads[0].frames
    assert len(frames) == 9
    assert frames[0].binary == "libsystem_kernel.dylib"
    assert frames[0].address == hex(8214667264 + 38956)
    assert frames[5].symbol == "orbit::TrackBuffer::at(unsigned long) const"
    assert frames[5].location == "TrackBuffer.cpp:57"
    assert frames[7].binary == "???" and frames[7].symbol == "???"
    assert frames[4].symbol.startswith("std::__throw_out_of_range")
    blame = report.blame_frame  # past the inlined C++ runtime, to the app's own code
    assert blame is frames[5]


def test_a_report_with_no_sections_is_an_error_with_what_to_do() -> None:
    with pytest.raises(CrashParseError) as caught:
        parse_crash_report("hello\nworld\n")
    assert "not a crash report" in caught.value.message
    assert caught.value.hint is not None and "crashes log" in caught.value.hint
    with pytest.raises(CrashParseError) as bad_json:
        parse_crash_report('{"app_name": "X"}\n{"threads": [')
    assert "body" in bad_json.value.message


def test_other_languages_and_missing_sections() -> None:
    text = (
        "Process:   Écrire [12]\n"
        "Exception Type:  EXC_BAD_ACCESS (SIGBUS)\n\n"
        "Thread 0 Crashed:\n"
        "0   Écrire   0x0000000100004000 Éditeur.enregistrer(_:) + 12 (Éditeur.swift:7)\n"
        "1   日本語   0x0000000100005000 表示する() + 4\n"
    )
    report = parse_crash_report(text)
    assert report.process == "Écrire"
    assert report.binary_images == []
    frames = report.threads[0].frames
    assert [(f.binary, f.symbol, f.location) for f in frames] == [
        ("Écrire", "Éditeur.enregistrer(_:)", "Éditeur.swift:7"),
        ("日本語", "表示する()", ""),
    ]
    assert report.triggered_by_thread == 0
    assert report.blame_frame is frames[0]


def test_deep_recursion_stays_flat() -> None:
    lines = ["Exception Type:  EXC_BAD_ACCESS (SIGSEGV)", "Thread 0 Crashed:"]
    lines += [
        f"{i}  Deep  0x{0x1000 + i:x} Deep.recurse(_:) + 8 (Deep.swift:3)" for i in range(5000)
    ]
    report = parse_crash_report("\n".join(lines))
    tree = crash_call_tree(report)
    assert tree.frame_count == 5000
    assert len(tree) == 5001
    assert max(r.indent for r in tree.rows()) == 1


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_is_a_report_or_a_parse_error(text: str) -> None:
    try:
        report = parse_crash_report(text)
    except CrashParseError as error:
        assert error.message
        return
    crash_call_tree(report).rows()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Thread 0 Crashed:",
                "Thread 1:",
                "Last Exception Backtrace:",
                "Binary Images:",
                "Application Specific Information:",
                "Triggered by Thread:  7",
                "0   App   0x10 main + 4 (main.swift:1)",
                "1   ???   0x0 0x0 + 0",
                "(0x1 0x2 0x3)",
                "Exception Type:  EXC_CRASH (SIGABRT)",
                "0x1 - 0x2 App arm64 <abc> /x/App.app/App",
                "",
                '{"app_name":"A"}',
            ]
        )
    ),
    st.booleans(),
)
def test_crash_shaped_text_is_a_report_or_a_parse_error(lines: list[str], ips: bool) -> None:
    text = "\n".join(lines)
    if ips:
        text = '{"app_name":"A"}\n' + text
    try:
        report = parse_crash_report(text)
    except CrashParseError:
        return
    tree = crash_call_tree(report)
    assert tree.blame_count == (1 if report.blame_frame is not None else 0)
