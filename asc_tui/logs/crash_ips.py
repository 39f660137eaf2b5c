"""The JSON form of a crash report (``.ips``, bug_type 309): a first line of JSON with the
header (app_name, app_version, os_version, incident_id, …), then the JSON body (exception,
termination, asi, lastExceptionBacktrace, faultingThread, threads, usedImages)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..api import jsonio
from ..api._coerce import as_dict, as_dicts, as_int, as_str
from ..api.diagnostic_logs import Frame
from ..errors import ResponseFormatError
from .crash_report import BinaryImage, CrashParseError, CrashReport, CrashThread, _thread_label

_HINT = "An .ips crash report is a line of JSON (the header) followed by a JSON body."


def parse_ips(text: str) -> CrashReport:
    first, _, rest = text.partition("\n")
    try:
        header = as_dict(jsonio.loads(first, source="The .ips header line"))
        body = as_dict(jsonio.loads(rest, source="The .ips body")) if rest.strip() else {}
    except ResponseFormatError as error:
        raise CrashParseError(error.message, hint=_HINT) from None
    if not header and not body:
        raise CrashParseError("This JSON is not an .ips crash report.", hint=_HINT)
    report = CrashReport(form="ips")
    _read_header(report, header, body)
    _read_exception(report, body)
    images = [_image(item) for item in as_dicts(body.get("usedImages"))]
    report.binary_images = images
    faulting = body.get("faultingThread")
    report.triggered_by_thread = faulting if isinstance(faulting, int) else None
    for number, item in enumerate(as_dicts(body.get("threads"))):
        crashed = bool(item.get("triggered")) or number == report.triggered_by_thread
        name = as_str(item.get("name")) or as_str(item.get("queue"))
        if as_str(item.get("queue")) and not as_str(item.get("name")):
            name = f"Dispatch queue: {name}"
        frames = [_frame(f, images) for f in as_dicts(item.get("frames"))]
        thread = CrashThread(_thread_label(number, crashed, name), frames, number, crashed)
        report.threads.append(thread)
        if crashed and report.triggered_by_thread is None:
            report.triggered_by_thread = number
    backtrace = body.get("lastExceptionBacktrace")
    if isinstance(backtrace, list):
        frames = [_frame(f, images) for f in as_dicts(backtrace)]
        report.last_exception_backtrace = CrashThread("Last Exception Backtrace", frames)
    if not (report.threads or report.exception_type or report.header):
        raise CrashParseError("This JSON holds no crash: no threads, exception or header.")
    return report


def _read_header(report: CrashReport, header: Mapping[str, Any], body: Mapping[str, Any]) -> None:
    """The text form's header fields, so both forms read the same further on."""
    bundle = as_dict(body.get("bundleInfo"))
    os_version = as_dict(body.get("osVersion"))
    os_text = as_str(os_version.get("train"))
    if os_version.get("build"):
        os_text = f"{os_text} ({as_str(os_version.get('build'))})"
    fields = {
        "Incident Identifier": as_str(header.get("incident_id")) or as_str(body.get("incident")),
        "Hardware Model": as_str(body.get("modelCode")),
        "Process": as_str(body.get("procName")) or as_str(header.get("app_name")),
        "Path": as_str(body.get("procPath")),
        "Identifier": as_str(bundle.get("CFBundleIdentifier")) or as_str(header.get("bundleID")),
        "Version": _version(header, bundle),
        "Code Type": as_str(body.get("cpuType")),
        "Role": as_str(body.get("procRole")),
        "Parent Process": as_str(body.get("parentProc")),
        "Date/Time": as_str(body.get("captureTime")) or as_str(header.get("timestamp")),
        "Launch Time": as_str(body.get("procLaunch")),
        "OS Version": os_text or as_str(header.get("os_version")),
        "Release Type": as_str(os_version.get("releaseType")),
    }
    report.header = {key: value for key, value in fields.items() if value}


def _version(header: Mapping[str, Any], bundle: Mapping[str, Any]) -> str:
    short = as_str(bundle.get("CFBundleShortVersionString")) or as_str(header.get("app_version"))
    build = as_str(bundle.get("CFBundleVersion")) or as_str(header.get("build_version"))
    if short and build:
        return f"{build} ({short})"
    return short or build


def _read_exception(report: CrashReport, body: Mapping[str, Any]) -> None:
    exception = as_dict(body.get("exception"))
    kind, signal = as_str(exception.get("type")), as_str(exception.get("signal"))
    report.exception_type = f"{kind} ({signal})" if kind and signal else kind or signal
    report.exception_codes = as_str(exception.get("codes"))
    report.exception_note = as_str(exception.get("subtype"))
    termination = as_dict(body.get("termination"))
    namespace, code = as_str(termination.get("namespace")), termination.get("code")
    if namespace:
        code_text = f", Code {code:#x}" if isinstance(code, int) else ""
        report.termination_reason = f"Namespace {namespace}{code_text}"
        if termination.get("indicator"):
            report.termination_reason += f" {as_str(termination.get('indicator'))}"
    asi: list[str] = []
    for lines in as_dict(body.get("asi")).values():
        asi.extend(as_str(line) for line in (lines if isinstance(lines, list) else [lines]))
    reason = as_dict(body.get("exceptionReason"))
    message = as_str(reason.get("composed_message"))
    if message:
        name = as_str(reason.get("name"))
        asi.insert(
            0, f"*** Terminating app due to uncaught exception '{name}', reason: '{message}'"
        )
    report.application_specific = "\n".join(line for line in asi if line)


def _image(item: Mapping[str, Any]) -> BinaryImage:
    base = item.get("base")
    return BinaryImage(
        name=as_str(item.get("name")) or as_str(item.get("path")).rsplit("/", 1)[-1] or "???",
        load_address=f"{base:#x}" if isinstance(base, int) else "",
        arch=as_str(item.get("arch")),
        uuid=as_str(item.get("uuid")),
        path=as_str(item.get("path")),
    )


def _frame(item: Mapping[str, Any], images: list[BinaryImage]) -> Frame:
    index = item.get("imageIndex")
    image = images[index] if isinstance(index, int) and 0 <= index < len(images) else None
    offset = as_int(item.get("imageOffset"))
    base = int(image.load_address, 16) if image and image.load_address else 0
    symbol = as_str(item.get("symbol"))
    location = item.get("symbolLocation")
    line = item.get("sourceLine")
    return Frame(
        symbol=symbol or (f"{image.load_address} + {offset}" if image else "???"),
        binary=image.name if image else "???",
        address=f"{base + offset:#x}" if image else "",
        offset_into_binary=str(offset),
        offset_into_symbol=str(location) if symbol and isinstance(location, int) else "",
        file_name=as_str(item.get("sourceFile")),
        line_number=str(line) if isinstance(line, int) else "",
    )
