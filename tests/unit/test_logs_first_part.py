"""A big saved log is shown from its first part while the rest is read: the first part's
rows are the whole log's first rows, the rest reads to the same document as reading the
file whole, and a damaged file is refused as before (a cut-off one at once)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from asc_tui import deepjson
from asc_tui.logs import opening
from asc_tui.logs.calltree import CallTree
from asc_tui.logs.files import (
    LogFileError,
    OriginalFile,
    load_logs_file,
    open_logs_file,
    save_logs,
)
from asc_tui.logs.report import text_report
from tests.support.logs_documents import log_document, small_first_parts


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    small_first_parts(monkeypatch)


@pytest.mark.parametrize("callees_first", [False, True])
def test_the_first_part_shows_the_first_rows_of_the_whole_log(
    tmp_path: Path, small_parts: None, callees_first: bool
) -> None:
    path = tmp_path / "logs.json"
    text = json.dumps(log_document(600, callees_first=callees_first), ensure_ascii=False)
    path.write_text(text)
    opened = open_logs_file(path)
    assert opened.raw is None and opened.rest is not None
    first = CallTree.from_log(opened.document.logs[0], partial=True)
    raw, document = opened.rest()
    _, again = load_logs_file(path)
    assert text_report(document, "t") == text_report(again, "t")
    assert isinstance(raw, OriginalFile) and raw.text() == path.read_text()
    whole = CallTree.from_log(document.logs[0])
    assert 10 < first.node_count < whole.node_count // 4  # the first part only
    header = first.row(0).thread
    assert header is not None and not header.counted and whole.row(0).thread.counted  # type: ignore[union-attr]
    for node in range(first.node_count):
        assert first.parent(node) == whole.parent(node)
        assert first.row(node).depth == whole.row(node).depth
        part, full = first.frame(node), whole.frame(node)
        if full is None:
            assert part is None
            continue
        assert part is not None
        fields = (part.symbol, part.address, part.sample_count, part.is_blame)
        if not part.unread or not callees_first:  # every field read before the callees
            assert fields == (full.symbol, full.address, full.sample_count, full.is_blame)
        else:  # none is read yet: not "???" (no symbol), not 0 samples
            assert fields == ("", "", 0, False) and full.symbol.startswith("-[Worker")
    assert whole.blame_count == 1
    # the frames the first part ends in: the callers of the first frame not read, no other
    callers = []
    node = whole.parent(first.node_count)
    while node is not None and whole.frame(node) is not None:
        callers.append(node)
        node = whole.parent(node)
    assert callers and unread_nodes(first) == sorted(callers)
    assert unread_nodes(whole) == []


def unread_nodes(tree: CallTree) -> list[int]:
    frames = [(node, tree.frame(node)) for node in range(tree.node_count)]
    return [node for node, frame in frames if frame is not None and frame.unread]


def test_a_small_file_is_read_whole(tmp_path: Path, small_parts: None) -> None:
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(log_document(40, callees_first=False)))
    opened = open_logs_file(path)
    assert opened.rest is None
    raw, document = load_logs_file(path)
    assert opened.raw == raw and text_report(opened.document, "t") == text_report(document, "t")


def test_a_big_file_cut_off_is_refused_at_once(tmp_path: Path, small_parts: None) -> None:
    path = tmp_path / "logs.json"
    text = json.dumps(log_document(600, callees_first=False))
    path.write_text(text[: len(text) - 1000])
    with pytest.raises(LogFileError) as caught:
        open_logs_file(path)
    assert caught.value.message.startswith(f"{path} is cut off: it ends after ")


def test_a_big_file_damaged_after_its_first_part_fails_when_the_rest_is_read(
    tmp_path: Path, small_parts: None
) -> None:
    path = tmp_path / "logs.json"
    text = json.dumps(log_document(600, callees_first=False))
    at = text.index('"symbolName"', len(text) // 2)
    path.write_text(text[:at] + "?" + text[at + 1 :])
    opened = open_logs_file(path)
    assert opened.rest is not None and opened.document.logs
    with pytest.raises(LogFileError) as caught:
        opened.rest()
    assert caught.value.message == (
        f"{path} is not valid JSON: expecting property name enclosed in double quotes "
        f"at line 1, column {at + 1:,}."
    )
    assert caught.value.hint


def test_a_big_file_that_is_not_a_logs_document_is_refused_at_once(
    tmp_path: Path, small_parts: None
) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps({"data": [{"id": str(n)} for n in range(3000)]}))
    with pytest.raises(LogFileError) as caught:
        open_logs_file(path)
    assert "not a diagnostic logs document" in caught.value.message


def test_a_big_file_is_saved_again_as_it_was_read_unless_it_changed(
    tmp_path: Path, small_parts: None
) -> None:
    path = tmp_path / "logs.json"
    text = json.dumps(log_document(600, callees_first=True), indent=2, ensure_ascii=False)
    path.write_text(text)
    opened = open_logs_file(path)
    assert opened.rest is not None
    raw, document = opened.rest()
    saved = save_logs(raw, document, tmp_path / "out", "again")
    assert saved.json_path.read_text() == text
    assert saved.text_path.read_text() == text_report(document, "")
    path.write_text(text.replace("step1:", "step01:"))  # (another size: a change seen at once)
    with pytest.raises(LogFileError) as caught:
        save_logs(raw, document, tmp_path / "out", "changed")
    assert caught.value.message == (
        f"{path} changed since it was opened, so it cannot be saved as it was read."
    )
    assert caught.value.hint == "Press r to read it again, then e to save it."
    assert not (tmp_path / "out" / "changed.json").exists()


def test_a_rewrite_of_the_same_size_and_time_is_a_change(tmp_path: Path, small_parts: None) -> None:
    path = tmp_path / "logs.json"
    text = json.dumps(log_document(600, callees_first=True))
    path.write_text(text)
    read = path.stat()
    opened = open_logs_file(path)
    assert opened.rest is not None
    raw, document = opened.rest()
    out = tmp_path / "out"

    def put(new_text: str, *, replace: bool = False) -> None:
        """``new_text`` in place (or in a new file moved there), with the time as read."""
        target = tmp_path / "new.json" if replace else path
        target.write_text(new_text)
        if replace:
            os.replace(target, path)
        os.utime(path, ns=(read.st_atime_ns, read.st_mtime_ns))
        assert (path.stat().st_size, path.stat().st_mtime_ns) == (read.st_size, read.st_mtime_ns)

    at = text.index('"App"')
    assert at < 1000
    put(f'{text[:at]}"Apq"{text[at + 5 :]}')  # in its first part
    with pytest.raises(LogFileError, match="changed since it was opened"):
        save_logs(raw, document, out, "first")
    put(text)  # as it was: saved
    assert save_logs(raw, document, out, "same").json_path.read_text() == text
    put(text.replace("step555:", "step5x5:"), replace=True)  # past its first part (as read)
    with pytest.raises(LogFileError, match="changed since it was opened"):
        save_logs(raw, document, out, "replaced")
    assert sorted(p.name for p in out.iterdir()) == ["same.json", "same.txt"]


def test_a_stack_20_000_frames_deep_opens_from_its_first_part(
    tmp_path: Path, small_parts: None
) -> None:
    node: dict[str, object] = {"symbolName": "leaf", "sampleCount": 3, "subFrames": []}
    for level in range(20_000):
        node = {"symbolName": f"f{level}", "binaryName": "App", "subFrames": [node]}
    document = log_document(2, callees_first=False)
    document["productData"][0]["diagnosticLogs"][0]["callStackTree"][0]["callStacks"] = [
        {"callStackRootFrames": [node]}
    ]
    path = tmp_path / "deep.json"
    path.write_text(deepjson.dumps(document))
    opened = open_logs_file(path)
    assert opened.rest is not None
    first = opened.document.logs[0].call_stacks[0].roots[0]
    assert first.symbol == "f19999"
    frame = opened.rest()[1].logs[0].call_stacks[0].roots[0]
    depth = 0
    while frame.children:
        assert frame.symbol == f"f{19_999 - depth}" and frame.binary == "App"
        frame, depth = frame.children[0], depth + 1
    assert (depth, frame.symbol, frame.sample_count) == (20_000, "leaf", 3)


def test_a_first_part_read_up_to_the_middle_of_a_character_reads_the_same(
    tmp_path: Path, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "logs.json"
    path.write_text(json.dumps(log_document(600, callees_first=False), ensure_ascii=False))
    shown = []
    for read in range(8_000, 8_004):  # some of these end inside a ✓ (3 bytes in UTF-8)
        monkeypatch.setattr(opening, "FIRST_PART_READ", read)
        opened = open_logs_file(path)
        assert opened.rest is not None
        shown.append(text_report(opened.document, ""))
    assert len(set(shown)) == 1 and "✓ ÿ" in shown[0]
