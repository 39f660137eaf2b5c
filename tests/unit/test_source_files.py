"""From a frame's File.swift:123 to a file under the source root, and the editor command."""

from __future__ import annotations

from pathlib import Path

from asc_tui.logs.source_files import editor_command, find_source


def touch(root: Path, relative: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("// swift\n", encoding="utf-8")
    return path


def test_find_source_by_path_suffix_skipping_build_output(tmp_path: Path) -> None:
    editor = touch(tmp_path, "App/Sources/Editor/NoteEditor.swift")
    other = touch(tmp_path, "Widgets/Editor2/NoteEditor.swift")
    touch(tmp_path, "DerivedData/Build/NoteEditor.swift")
    touch(tmp_path, ".git/NoteEditor.swift")
    assert find_source(tmp_path, "NoteEditor.swift") == [other, editor]  # shortest first
    assert find_source(tmp_path, "Sources/Editor/NoteEditor.swift") == [editor]
    assert find_source(tmp_path, "/Users/ci/build/Editor/NoteEditor.swift") == [editor]
    assert find_source(tmp_path, "Missing.swift") == []
    assert find_source(tmp_path, "") == []


def test_editor_commands_put_the_line_where_each_editor_wants_it() -> None:
    path = Path("/src/NoteEditor.swift")
    assert editor_command("vim", path, "231") == ["vim", "+231", "/src/NoteEditor.swift"]
    assert editor_command("emacs -nw", path, "231") == [
        "emacs",
        "-nw",
        "+231",
        "/src/NoteEditor.swift",
    ]
    assert editor_command("/usr/bin/code --wait", path, "231") == [
        "/usr/bin/code",
        "--wait",
        "-g",
        "/src/NoteEditor.swift:231",
    ]
    assert editor_command("subl", path, "7") == ["subl", "/src/NoteEditor.swift:7"]
    assert editor_command("vim", path, "0") == ["vim", "/src/NoteEditor.swift"]
    assert editor_command("", path, "") == ["vi", "/src/NoteEditor.swift"]
