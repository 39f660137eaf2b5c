"""Saved logs on disk: write a signature's logs as JSON and a text report (atomically),
read a saved JSON file back with a clear message for anything that is not one."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import jsonio
from ..api.diagnostic_logs import DiagnosticLogsDocument
from ..errors import AscError, ResponseFormatError
from ..files.atomic import write_text_atomically
from ..files.locations import saves_dir
from ..files.readable import FileRefused, read_regular_file, regular_file_size
from . import opening
from .crash_report import CrashParseError, CrashReport, parse_crash_report
from .opening import OpenedLogs, ReceivedLogs, is_logs_json, read_frames
from .report import text_report


class LogFileError(AscError):
    """A saved log file that cannot be read or is not a diagnostic logs document."""


def default_folder() -> Path:
    """See :func:`asc_tui.files.locations.saves_dir`."""
    return saves_dir()


@dataclass(frozen=True)
class SavedLogs:
    json_path: Path
    text_path: Path


@dataclass(frozen=True)
class OriginalFile:
    """A logs file read without keeping its JSON (see ``open_logs_file``): saving it again
    copies its text, if the file is as it was when read: the same file (device and inode:
    not one put in its place), size, modification time (ns) and first part (a hash of it:
    a rewrite of the same size within the clock's tick)."""

    path: Path
    size: int
    mtime_ns: int
    inode: tuple[int, int]
    head: bytes

    @classmethod
    def of(cls, path: Path) -> OriginalFile:
        """OSError if ``path`` is gone or no longer a regular file."""
        if not stat.S_ISREG(path.stat().st_mode):  # (checked before opening: a FIFO)
            raise OSError(f"{path} is not a regular file")
        with path.open("rb") as file:
            status = os.fstat(file.fileno())
            head = file.read(opening.FIRST_PART_READ)
            head = hashlib.blake2b(head, digest_size=16).digest()
        inode = (status.st_dev, status.st_ino)
        return cls(path, status.st_size, status.st_mtime_ns, inode, head)

    def text(self) -> str:
        """The file's text; LogFileError if it changed or went since it was read."""
        if self._changed():
            raise self._changed_error()
        text = _read_text(self.path, None)
        if self._changed():  # while it was read
            raise self._changed_error()
        return text

    def _changed(self) -> bool:
        try:
            return OriginalFile.of(self.path) != self
        except OSError:
            return True

    def _changed_error(self) -> LogFileError:
        return LogFileError(
            f"{self.path} changed since it was opened, so it cannot be saved as it was read.",
            hint="Press r to read it again, then e to save it.",
        )


def save_logs(
    raw: Any,
    document: DiagnosticLogsDocument,
    folder: Path,
    name: str,
    *,
    title: str = "",
) -> SavedLogs:
    """``<name>.json`` (the document as received: ``raw`` its JSON, or a file or body that
    stands for it) and ``<name>.txt`` (the text report)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "logs"
    saved = SavedLogs(folder / f"{safe}.json", folder / f"{safe}.txt")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(raw, OriginalFile | ReceivedLogs):
            json_text = raw.text()
        else:
            json_text = jsonio.dumps(raw, ensure_ascii=False)
        write_text_atomically(saved.json_path, json_text)
        write_text_atomically(saved.text_path, text_report(document, title))
    except OSError as error:
        raise LogFileError(
            f"Could not save the logs in {folder}: {error.strerror or error}.",
            hint="Choose a folder you can write to (-o on the command line).",
        ) from None
    return saved


LoadProgress = Callable[[str, int, int], None]
"""``(stage, done, total)``: stage "read" (bytes read of the file's size), then "parse"
and "index" (``done`` 0, ``total`` the file's size) as each starts."""

_OPEN_HINT = (
    "Open a logs file saved with `asc-tui logs SIGNATURE_ID -o FILE` or `e` in the log viewer."
)


def open_logs_file(path: Path, progress: LoadProgress | None = None) -> OpenedLogs:
    """Read a saved logs file; of a big one only the first part is read and parsed, at
    once, and the rest by ``rest()`` (see ``OpenedLogs``). LogFileError (with what to do)
    as ``load_logs_file``; a big file damaged past its first part fails in ``rest()``
    (one cut off fails here: its end is looked at first)."""
    first = _first_part_of_file(path)
    if first is not None:
        return OpenedLogs(None, first, _Rest(path))
    return OpenedLogs(*load_logs_file(path, progress))


def _first_part_of_file(path: Path) -> DiagnosticLogsDocument | None:
    """``opening.first_part`` of a big file; None for a small one (or one not read)."""
    try:
        if regular_file_size(path) < opening.FIRST_PART_FROM:  # (before opening: a FIFO)
            return None
        with path.open("rb") as file:
            head = file.read(opening.FIRST_PART_READ)
            file.seek(-opening.TAIL, os.SEEK_END)
            tail = file.read()
    except (OSError, FileRefused):
        return None
    return opening.first_part(head, tail)


class _Rest:
    """``OpenedLogs.rest``: the whole file read and parsed into its document; what the
    file is then is what is saved again (``OriginalFile``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self) -> tuple[Any, DiagnosticLogsDocument]:
        try:  # (before reading: a change while it is read is one since)
            original: OriginalFile | None = OriginalFile.of(self.path)
        except OSError:
            original = None  # (reading it says what is wrong)
        text = _read_text(self.path, None)
        if original is None:
            original = OriginalFile.of(self.path)
        return _parse(self.path, text, original=original)


def load_logs_file(
    path: Path, progress: LoadProgress | None = None
) -> tuple[Any, DiagnosticLogsDocument]:
    """Read a saved logs JSON file; LogFileError (with what to do) for anything else,
    including a path that is not a regular file (a FIFO, a device)."""
    return _parse(path, _read_text(path, progress), progress)


def _read_text(path: Path, progress: LoadProgress | None) -> str:
    def read_progress(done: int, total: int) -> None:
        if progress is not None:
            progress("read", done, total)

    try:
        content = read_regular_file(path, progress=read_progress)
    except FileRefused as refused:
        raise LogFileError(f"{path} {refused.reason}.", hint=_OPEN_HINT) from None
    except OSError as error:
        raise LogFileError(
            f"Cannot read {path}: {error.strerror or error}.",
            hint="Check the path; save logs with `asc-tui logs SIGNATURE_ID -o FILE` "
            "or `e` in the log viewer.",
        ) from None
    try:
        return jsonio.text_of(content, source=str(path))  # (the bytes are let go here)
    except ResponseFormatError as error:
        raise _damaged(error) from None


def _damaged(error: ResponseFormatError) -> LogFileError:
    return LogFileError(
        error.message,
        hint="Save the logs again: `asc-tui logs SIGNATURE_ID -o FILE` or `e` in the viewer.",
    )


def _parse(
    path: Path,
    text: str,
    progress: LoadProgress | None = None,
    *,
    original: OriginalFile | None = None,
) -> tuple[Any, DiagnosticLogsDocument]:
    """The file's JSON and its document; with ``original``, the frames are built as the
    JSON is read (``frame_hook``: never held as JSON objects too) and ``original`` stands
    for the JSON, for saving."""
    if progress is not None:
        progress("parse", 0, len(text))
    try:
        if original is not None:
            raw = read_frames(text, str(path))
        else:
            raw = jsonio.loads(text, source=str(path))
    except ResponseFormatError as error:
        raise _damaged(error) from None
    if not is_logs_json(raw):
        raise LogFileError(
            f"{path} is JSON but not a diagnostic logs document (no productData list).",
            hint="Open a file saved by asc-tui or downloaded from "
            "/v1/diagnosticSignatures/{id}/logs.",
        )
    if progress is not None:
        progress("index", 0, len(text))
    document = DiagnosticLogsDocument.from_json(raw)
    return (raw if original is None else original), document


CRASH_SUFFIXES = (".crash", ".ips")
CRASH_FILE_LIMIT = 64 * 1024 * 1024
"""A crash report is kilobytes (a 5,000-frame recursion, half a megabyte)."""


def load_crash_file(path: Path) -> tuple[str, CrashReport]:
    """A saved ``.crash`` / ``.ips`` file, read bounded and parsed; LogFileError (with what
    to do) for an unreadable file or one that is not a crash report."""
    hint = "Open a crash report saved with `asc-tui crashes log SUBMISSION_ID -o FILE`."
    try:
        content = read_regular_file(path, limit=CRASH_FILE_LIMIT)
    except FileRefused as refused:
        raise LogFileError(f"{path} {refused.reason}.", hint=hint) from None
    except OSError as error:
        raise LogFileError(f"Cannot read {path}: {error.strerror or error}.", hint=hint) from None
    text = content.decode("utf-8", errors="replace")
    try:
        return text, parse_crash_report(text)
    except CrashParseError as error:
        raise LogFileError(f"{path}: {error.message}", hint=hint) from None
