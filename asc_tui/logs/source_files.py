"""From a frame's ``File.swift:123`` to the file in a local checkout, and the command that
opens it in the user's editor at that line. No Textual here.

The source root comes from ``--source-root`` or ``ASC_TUI_SOURCE_ROOT``. A frame names a
file (``NoteEditor.swift``) or a path (``Sources/Editor/NoteEditor.swift``); the file is
found by that path suffix under the root, skipping build output and dependencies.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path, PurePath

SOURCE_ROOT_ENV = "ASC_TUI_SOURCE_ROOT"
SKIPPED = frozenset(
    {
        ".git",
        ".build",
        ".swiftpm",
        "build",
        "DerivedData",
        "Pods",
        "Carthage",
        "node_modules",
        ".venv",
        "__pycache__",
    }
)
MAX_ENTRIES = 200_000
"""Directory entries looked at before the search gives up (a root that is the whole disk)."""
LINE_FLAGS = {"code": "-g", "code-insiders": "-g", "codium": "-g", "cursor": "-g"}
"""Editors that take ``-g file:line`` (VS Code and its forks)."""
COLON_EDITORS = frozenset({"subl", "zed", "mate", "hx", "helix", "kak"})
"""Editors that take ``file:line``; the rest get ``+line file`` (vi, emacs, nano, micro…)."""


def source_root(given: str | None = None) -> Path | None:
    value = given or os.environ.get(SOURCE_ROOT_ENV, "").strip()
    return Path(value).expanduser() if value else None


def find_source(root: Path, file_name: str, *, limit: int = MAX_ENTRIES) -> list[Path]:
    """Files under ``root`` named like ``file_name`` whose paths share the longest suffix
    with it (several when that does not decide: the caller asks), shortest path first."""
    wanted = PurePath(file_name.replace("\\", "/")).parts
    wanted = tuple(part for part in wanted if part not in ("/", ".", ".."))
    if not wanted:
        return []
    found: list[tuple[int, Path]] = []
    seen = 0
    for folder, dirs, files in os.walk(root):
        seen += len(dirs) + len(files)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED and not d.startswith("."))
        if wanted[-1] in files:
            path = Path(folder) / wanted[-1]
            found.append((_common_suffix(path.parts, wanted), path))
        if seen > limit:
            break
    found.sort(key=lambda item: (-item[0], len(item[1].parts), str(item[1])))
    best = found[0][0] if found else 0
    return [path for score, path in found if score == best]


def _common_suffix(parts: tuple[str, ...], wanted: tuple[str, ...]) -> int:
    count = 0
    for have, want in zip(reversed(parts), reversed(wanted), strict=False):
        if have != want:
            break
        count += 1
    return count


def editor() -> str:
    return os.environ.get("VISUAL", "").strip() or os.environ.get("EDITOR", "").strip() or "vi"


def editor_command(command: str, path: Path, line: str) -> list[str]:
    """The command to open ``path`` at ``line`` with ``command`` ($VISUAL / $EDITOR)."""
    argv = shlex.split(command) or ["vi"]
    name = Path(argv[0]).name
    if not line.isdigit() or line == "0":
        return [*argv, str(path)]
    if name in LINE_FLAGS:
        return [*argv, LINE_FLAGS[name], f"{path}:{line}"]
    if name in COLON_EDITORS:
        return [*argv, f"{path}:{line}"]
    return [*argv, f"+{line}", str(path)]
