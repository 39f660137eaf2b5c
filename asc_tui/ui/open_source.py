"""`o` in the call-stack viewer: the frame's ``File.swift:123`` opened in the user's
editor at that line. The file is looked for under the source root in a worker thread
(a big checkout takes a moment); when several match, a dialog asks which."""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.app import SuspendNotSupported
from textual.widget import Widget

from ..api.diagnostic_logs import Frame
from ..logs.source_files import SOURCE_ROOT_ENV, editor, editor_command, find_source, source_root


def open_frame_source(widget: Widget, frame: Frame) -> None:
    if not frame.file_name or frame.file_name.startswith("<"):
        widget.notify("This frame names no source file.", severity="warning")
        return
    root = source_root()
    if root is None or not root.is_dir():
        where = f"{root} is not a folder. " if root is not None else ""
        widget.notify(
            f"{where}Say where your checkout is: asc-tui --source-root DIR, or "
            f"{SOURCE_ROOT_ENV}=DIR.",
            title="No source root",
            severity="warning",
            markup=False,
            timeout=10,
        )
        return

    def search() -> None:
        found = find_source(root, frame.file_name)
        widget.app.call_from_thread(_found, widget, frame, root, found)

    widget.run_worker(search, thread=True, group="open-source", exclusive=True)


def _found(widget: Widget, frame: Frame, root: Path, found: list[Path]) -> None:
    if not found:
        widget.notify(
            f"No {frame.file_name} under {root}.",
            title="Source file not found",
            severity="warning",
            markup=False,
        )
        return
    if len(found) == 1:
        open_in_editor(widget, found[0], frame.line_number)
        return
    from .dialogs.choose_file import ChooseFileScreen

    def chosen(path: Path | None) -> None:
        if path is not None:
            open_in_editor(widget, path, frame.line_number)

    widget.app.push_screen(ChooseFileScreen(found, root), chosen)


def open_in_editor(widget: Widget, path: Path, line: str) -> None:
    """Run $VISUAL / $EDITOR on the file with the app suspended (a terminal editor gets
    the terminal; a GUI editor returns at once)."""
    command = editor_command(editor(), path, line)
    try:
        with widget.app.suspend():
            code = _run(command)
    except SuspendNotSupported:  # no terminal to hand over (e.g. a web or test driver)
        code = _run(command)
    if code != 0:
        widget.notify(
            f"{' '.join(command)} exited with {code}.",
            title="The editor failed",
            severity="warning",
            markup=False,
        )


def _run(command: list[str]) -> int:
    try:
        return subprocess.run(command, check=False).returncode
    except OSError as error:
        return error.errno or 1
