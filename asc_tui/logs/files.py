"""Saved logs on disk: write a signature's logs as JSON and a text report (atomically),
read a saved JSON file back with a clear message for anything that is not one."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..api import jsonio
from ..api.logs import DiagnosticLogsDocument
from ..errors import AscError, ResponseFormatError
from .report import text_report


class LogFileError(AscError):
    """A saved log file that cannot be read or is not a diagnostic logs document."""


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file next to ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def default_folder() -> Path:
    """The user's downloads folder if it exists, else the current folder."""
    from platformdirs import user_downloads_dir

    folder = Path(user_downloads_dir())
    return folder if folder.is_dir() else Path.cwd()


@dataclass(frozen=True)
class SavedLogs:
    json_path: Path
    text_path: Path


def save_logs(
    raw: Any,
    document: DiagnosticLogsDocument,
    folder: Path,
    name: str,
    *,
    title: str = "",
) -> SavedLogs:
    """``<name>.json`` (the document as received) and ``<name>.txt`` (the text report)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "logs"
    saved = SavedLogs(folder / f"{safe}.json", folder / f"{safe}.txt")
    try:
        write_atomically(saved.json_path, jsonio.dumps(raw, ensure_ascii=False))
        write_atomically(saved.text_path, text_report(document, title))
    except OSError as error:
        raise LogFileError(
            f"Could not save the logs in {folder}: {error.strerror or error}.",
            hint="Choose a folder you can write to (-o on the command line).",
        ) from None
    return saved


def load_logs_file(path: Path) -> tuple[Any, DiagnosticLogsDocument]:
    """Read a saved logs JSON file; LogFileError (with what to do) for anything else."""
    try:
        content = path.read_bytes()
    except OSError as error:
        raise LogFileError(
            f"Cannot read {path}: {error.strerror or error}.",
            hint="Check the path; save logs with `asc-tui logs SIGNATURE_ID -o FILE` "
            "or `s` in the log viewer.",
        ) from None
    try:
        raw = jsonio.loads(content)
    except ResponseFormatError:
        raise LogFileError(
            f"{path} is not valid JSON (cut off or damaged; {len(content):,} bytes).",
            hint="Save the logs again: `asc-tui logs SIGNATURE_ID -o FILE` or `s` in the viewer.",
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("productData"), list):
        raise LogFileError(
            f"{path} is JSON but not a diagnostic logs document (no productData list).",
            hint="Open a file saved by asc-tui or downloaded from "
            "/v1/diagnosticSignatures/{id}/logs.",
        )
    return raw, DiagnosticLogsDocument.from_json(raw)
