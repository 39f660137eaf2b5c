"""Apple's crash reports, as TestFlight sends them (``betaCrashLogs.logText``), parsed.

Two forms: the text report (``Incident Identifier: …`` header fields, ``Exception Type``,
``Triggered by Thread``, ``Thread 0 Crashed:`` with frames ``0  App  0x1000  symbol + 12
(File.swift:34)``, ``Binary Images:``) and the JSON ``.ips`` form (a first line of JSON with
the header, then the JSON body; see ``crash_ips``). Both are read tolerantly: sections may
be missing, frames unsymbolicated (``0x104a1c000 + 1234``, ``???``), text in any language.
Anything that holds no crash report at all is a :class:`CrashParseError`. No Textual here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..api.diagnostic_logs import Frame
from ..errors import AscError
from .classify import is_system_binary


class CrashParseError(AscError):
    """Text that is not a crash report (in either of Apple's forms)."""


@dataclass(slots=True)
class CrashThread:
    """One thread's backtrace, frame 0 (the innermost) first."""

    label: str
    frames: list[Frame]
    index: int | None = None
    """The thread number; None for the Last Exception Backtrace."""
    crashed: bool = False


@dataclass(frozen=True, slots=True)
class BinaryImage:
    name: str
    load_address: str = ""
    arch: str = ""
    uuid: str = ""
    path: str = ""


@dataclass(slots=True)
class CrashReport:
    header: dict[str, str] = field(default_factory=dict)
    exception_type: str = ""
    exception_codes: str = ""
    exception_note: str = ""
    termination_reason: str = ""
    triggered_by_thread: int | None = None
    application_specific: str = ""
    last_exception_backtrace: CrashThread | None = None
    threads: list[CrashThread] = field(default_factory=list)
    binary_images: list[BinaryImage] = field(default_factory=list)
    form: str = "text"
    """"text" or "ips"."""

    @property
    def process(self) -> str:
        """The process name ("TouchCanvas"), without its pid."""
        return re.sub(r"\s*\[\d+\]\s*$", "", self.header.get("Process", "")).strip()

    @property
    def crashed_thread(self) -> CrashThread | None:
        for thread in self.threads:
            if thread.crashed:
                return thread
        return None

    @property
    def app_binaries(self) -> frozenset[str]:
        """The app's own binaries: the process, and images loaded from inside the .app."""
        names = {self.process} if self.process else set()
        path = self.header.get("Path", "")
        if path:
            names.add(path.rstrip("/").rsplit("/", 1)[-1])
        names.update(image.name for image in self.binary_images if ".app/" in image.path)
        names.discard("")
        return frozenset(names)

    def is_app_frame(self, frame: Frame) -> bool:
        names = self.app_binaries
        if frame.binary in names:
            return True
        return not names and not is_system_binary(frame.binary)

    @property
    def blame_stack(self) -> CrashThread | None:
        """Where the crash is read from: the Last Exception Backtrace when there is one
        (the crashed thread then holds only the abort), else the crashed thread."""
        return self.last_exception_backtrace or self.crashed_thread

    @property
    def blame_frame(self) -> Frame | None:
        """The first frame of the app's own code in the blame stack."""
        stack = self.blame_stack
        if stack is None:
            return None
        own = [frame for frame in stack.frames if self.is_app_frame(frame)]
        # the C++ and Swift runtimes inlined into the app are not where its bug is
        code = (frame for frame in own if not frame.symbol.startswith(RUNTIME_SYMBOLS))
        return next(code, own[0] if own else None)

    @property
    def reason(self) -> str:
        """The exception's reason, e.g. from "*** Terminating app due to uncaught
        exception 'X', reason: '…'", else the termination reason."""
        match = _REASON.search(self.application_specific)
        if match:
            return match.group(1)
        return self.termination_reason


RUNTIME_SYMBOLS = ("std::", "__cxa", "__cxx", "swift_", "_swift")
_REASON = re.compile(r"reason: '(.*?)'\s*$", re.MULTILINE | re.DOTALL)

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9 /_()\-.]{0,40}?):\s+(.*\S)\s*$")
_THREAD = re.compile(r"^Thread (\d+)( Crashed)?:?(?::\s*(.*))?$")
_THREAD_STATE = re.compile(r"^Thread \d+ crashed with .*State", re.IGNORECASE)
_THREAD_NAME = re.compile(r"^Thread (\d+) name:\s*(.*)$")
_FRAME = re.compile(r"^(\d+)\s+(.+?)\s+(0x[0-9A-Fa-f]+)\s+(.*?)\s*$")
_SYMBOL = re.compile(r"^(.*?)\s+\+\s+(\d+)(?:\s+\(([^()]*?):(\d+)(?::\d+)?\))?(\s+\[inlined\])?$")
_UNSYMBOLICATED = re.compile(r"^(?:0x[0-9A-Fa-f]+|\?\?\?)$")
_ADDRESS_LIST = re.compile(r"^\((0x[0-9A-Fa-f]+(?:\s+0x[0-9A-Fa-f]+)*)\)$")
_IMAGE = re.compile(
    r"^\s*(0x[0-9A-Fa-f]+)\s*-\s*(?:0x[0-9A-Fa-f]+|\?\?\?)\s+\+?(.+?)\s+(\S+)\s+"
    r"<([0-9A-Fa-f\-]+)>\s*(.*)$"
)

_SECTION_FIELDS = {
    "Exception Type": "exception_type",
    "Exception Codes": "exception_codes",
    "Exception Note": "exception_note",
    "Termination Reason": "termination_reason",
}


def is_symbolicated(frame: Frame) -> bool:
    return bool(frame.symbol) and not _UNSYMBOLICATED.match(frame.symbol.split(" + ")[0])


def parse_frame_line(line: str) -> Frame | None:
    """``0  TouchCanvas  0x102afb3d0  CanvasView.touches(_:) + 62416 (CanvasView.swift:231)``."""
    match = _FRAME.match(line.strip())
    if match is None:
        return None
    _number, binary, address, rest = match.groups()
    symbol, offset, file_name, line_number = rest or "???", "", "", ""
    parts = _SYMBOL.match(rest)
    if parts is not None:
        symbol, offset = parts.group(1), parts.group(2)
        file_name, line_number = parts.group(3) or "", parts.group(4) or ""
    if symbol[:2] == "0x" or symbol == "???":  # "0x104a1c000 + 1234"
        symbol = rest  # "0x104a1c000 + 1234": the load address and the offset into it
        offset = ""
    return Frame(
        symbol=symbol,
        binary=binary.strip(),
        address=address,
        offset_into_symbol=offset,
        file_name=file_name,
        line_number=line_number,
        raw_frame=line.strip(),
    )


def _address_frames(line: str) -> list[Frame] | None:
    """The old unsymbolicated Last Exception Backtrace: ``(0x1a2b 0x1a2c …)``."""
    match = _ADDRESS_LIST.match(line.strip())
    if match is None:
        return None
    return [Frame(symbol=a, binary="???", address=a) for a in match.group(1).split()]


def parse_crash_report(text: str) -> CrashReport:
    """Either form; CrashParseError (saying what was expected) for anything else."""
    if not isinstance(text, str):
        raise CrashParseError("A crash report must be text.")
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        from .crash_ips import parse_ips

        return parse_ips(stripped)
    return parse_text_report(text)


def parse_text_report(text: str) -> CrashReport:
    report = CrashReport()
    names: dict[int, str] = {}
    section = "header"
    current: CrashThread | None = None
    asi: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            if section in ("asi", "state"):
                section = "body"
            current = None
            continue
        if current is not None and stripped[0].isdigit():  # most lines: a frame
            frame = parse_frame_line(stripped)
            if frame is not None:
                current.frames.append(frame)
                continue
        if stripped == "Binary Images:":
            section, current = "images", None
            continue
        if section == "images":
            image = _IMAGE.match(stripped)
            if image is not None:
                start, name, arch, uuid, path = image.groups()
                report.binary_images.append(BinaryImage(name.strip(), start, arch, uuid, path))
            continue
        if _THREAD_STATE.match(stripped):
            section, current = "state", None
            continue
        if section == "state":
            continue
        if stripped == "Application Specific Information:":
            section, current = "asi", None
            continue
        if stripped == "Last Exception Backtrace:":
            current = CrashThread("Last Exception Backtrace", [])
            report.last_exception_backtrace = current
            section = "body"
            continue
        thread = _THREAD.match(stripped)
        if thread is not None and not stripped.startswith(f"Thread {thread.group(1)} crashed"):
            number = int(thread.group(1))
            crashed = bool(thread.group(2))
            current = CrashThread("", [], number, crashed)
            name = (thread.group(3) or "").strip() or names.get(number, "")
            current.label = _thread_label(number, crashed, name)
            report.threads.append(current)
            section = "body"
            continue
        thread_name = _THREAD_NAME.match(stripped)
        if thread_name is not None:
            names[int(thread_name.group(1))] = thread_name.group(2).strip()
            continue
        if current is not None:
            frame = parse_frame_line(stripped)
            if frame is not None:
                current.frames.append(frame)
                continue
            frames = _address_frames(stripped)
            if frames is not None:
                current.frames.extend(frames)
                continue
            current = None
        if section == "asi":
            asi.append(stripped)
            continue
        _read_field(report, stripped)
    report.application_specific = "\n".join(asi)
    _mark_crashed(report)
    _check(report)
    return report


def _thread_label(number: int, crashed: bool, name: str) -> str:
    label = f"Thread {number}" + (" Crashed" if crashed else "")
    return f"{label}: {name}" if name else label


def _read_field(report: CrashReport, line: str) -> None:
    match = _FIELD.match(line)
    if match is None:
        return
    key, value = match.group(1).strip(), match.group(2).strip()
    attribute = _SECTION_FIELDS.get(key)
    if attribute is not None:
        setattr(report, attribute, value)
    elif key == "Triggered by Thread":
        digits = re.match(r"\d+", value)
        report.triggered_by_thread = int(digits.group(0)) if digits else None
    elif key not in report.header:
        report.header[key] = value


def _mark_crashed(report: CrashReport) -> None:
    """A report that names the triggering thread but marks no thread "Crashed" (or the
    reverse) is made consistent."""
    crashed = report.crashed_thread
    if crashed is None and report.triggered_by_thread is not None:
        for thread in report.threads:
            if thread.index == report.triggered_by_thread:
                thread.crashed = True
                thread.label = _thread_label(thread.index, True, "")
                break
    elif crashed is not None and report.triggered_by_thread is None:
        report.triggered_by_thread = crashed.index


def _check(report: CrashReport) -> None:
    if report.threads or report.last_exception_backtrace or report.exception_type:
        return
    if {"Incident Identifier", "Process", "Exception Type"} & report.header.keys():
        return
    raise CrashParseError(
        "This is not a crash report: it has no exception, no threads and no crash header.",
        hint="Give the text of a .crash or .ips file, e.g. saved with "
        "`asc-tui crashes log SUBMISSION_ID -o FILE`.",
    )
