"""An unexpected exception, written down for a bug report: the traceback with file names,
line numbers and source lines, never local variables (a frame may hold a key, a token or
someone's data). The screen gets a short summary and the path of this file."""

from __future__ import annotations

import os
import platform
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .files.locations import log_dir
from .safe_text import visible


@dataclass(frozen=True, slots=True)
class CrashReport:
    summary: str
    """``ValueError: cannot convert … in sparkline (asc_tui/metrics/trend.py:112)``."""
    path: Path | None
    """The full report, or None when it could not be written."""


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" in {last.name} ({Path(last.filename).name}:{last.lineno})"


def write_crash_log(error: BaseException, folder: Path | None = None) -> CrashReport:
    """Write the report (private to the user) and summarise it; never raises."""
    message = visible(str(error))[:300]
    summary = f"{type(error).__name__}: {message}{_where(error)}".strip()
    text = "".join(
        [
            f"asc-tui {__version__} crashed at {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n",
            f"Python {sys.version.split()[0]} on {platform.platform()}\n\n",
            *traceback.format_exception(error),  # no locals: tracebacks never print them
        ]
    )
    try:
        target = folder or log_dir()
        target.mkdir(parents=True, exist_ok=True)
        path = target / f"crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as out:
            out.write(visible(text, multiline=True))
    except OSError:
        return CrashReport(summary, None)
    return CrashReport(summary, path)


def crash_message(report: CrashReport) -> str:
    """What the terminal shows: the summary and where the full report is (the path on a
    line of its own, whole, for copying)."""
    lines = ["asc-tui stopped on an unexpected error (a bug):", f"  {report.summary}"]
    if report.path is None:
        lines.append("The full report could not be written to the log folder.")
    else:
        lines += [
            "The full report (a traceback without any data or keys) is in",
            f"  {report.path}",
            "Please attach it to a bug report.",
        ]
    return "\n".join(lines)
