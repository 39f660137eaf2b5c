"""A log's frames are built as they are first read: a saved file opened in the viewer shows
its first rows before the rest is built, and the same tree, counts, blame and search once
it is; a 20,000-deep stack opens on every supported Python."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from asc_tui.api import jsonio
from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument, Frame, count_frames
from asc_tui.logs.calltree import CallTree
from asc_tui.logs.files import load_logs_file
from asc_tui.logs.frame_forest import ThreadInfo
from asc_tui.logs.navigate import SearchIndex


def frame(name: str, samples: int = 1, *subs: Any, **extra: Any) -> dict[str, Any]:
    return {
        "symbolName": name,
        "binaryName": "App",
        "sampleCount": samples,
        "subFrames": list(subs),
        **extra,
    }


def document(*stacks: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": "1.0",
        "productData": [
            {
                "signatureId": "sig",
                "diagnosticLogs": [
                    {
                        "diagnosticMetaData": {"bundleId": "com.example.App"},
                        "callStackTree": [
                            {
                                "callStackPerThread": True,
                                "callStacks": [{"callStackRootFrames": roots} for roots in stacks],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def chain(prefix: str, length: int, leaf: dict[str, Any]) -> dict[str, Any]:
    node = leaf
    for level in range(length, 0, -1):
        node = frame(f"{prefix}{level}", 5, node)
    return node


def naive_rows(raw: dict[str, Any]) -> list[tuple[str, int, int, bool]]:
    """(symbol or thread label, depth, indent, has children) of every row, from the JSON."""
    out: list[tuple[str, int, int, bool]] = []
    stacks = raw["productData"][0]["diagnosticLogs"][0]["callStackTree"][0]["callStacks"]
    for number, stack in enumerate(stacks):
        roots = stack["callStackRootFrames"]
        out.append((f"Thread {number}", 0, 0, bool(roots)))
        pending = [(root, 1, 1) for root in reversed(roots)]
        while pending:
            node, depth, indent = pending.pop()
            subs = node.get("subFrames", [])
            out.append((node["symbolName"], depth, indent, bool(subs)))
            step = indent + (len(subs) > 1)
            pending.extend((sub, depth + 1, step) for sub in reversed(subs))
    return out


def thread(tree: CallTree) -> ThreadInfo:
    info = tree.row(0).thread
    assert info is not None
    return info


def shown(tree: CallTree, position: int) -> tuple[str, int, int, bool]:
    row = tree.row(position)
    name = row.thread.label if row.thread else row.frame.symbol if row.frame else "?"
    return (name, row.depth, row.indent, row.has_children)


def test_a_saved_log_shows_its_first_rows_before_the_rest_is_built_and_all_of_it_after(
    tmp_path: Path,
) -> None:
    blame = frame("blamed", 7, isBlameFrame="true")
    wide = frame("fan", 9, chain("a", 30, blame), chain("b", 30, frame("b-leaf")), frame("c"))
    raw = document([chain("main", 3000, wide)], [frame("other", 2, frame("other-child"))])
    path = tmp_path / "log.json"
    path.write_text(jsonio.dumps(raw))

    _, parsed = load_logs_file(path)
    tree = CallTree.from_log(parsed.logs[0])
    expected = naive_rows(raw)
    # Known before anything below the first screen is built: every row, thread sizes, blame
    assert len(tree) == len(expected) == 3000 + 1 + 30 + 1 + 30 + 1 + 1 + 2 + 2
    assert thread(tree).frame_count == len(expected) - 4
    assert thread(tree).has_blame and tree.blame_count == 1
    assert [shown(tree, position) for position in range(40)] == expected[:40]
    assert not tree.complete and tree.built < 100
    root = parsed.logs[0].call_stacks[0].roots[0]
    deep = root
    for _ in range(100):
        deep = deep.children[0]
    assert deep.symbol == "main101" and not tree.complete
    assert getattr(deep, "_sub", None), "its callees are built before anything reads them"

    tree.build_all()
    assert [shown(tree, position) for position in range(len(tree))] == expected
    assert tree.row(tree.node_at(len(expected) - 1)).frame is not None
    matches = SearchIndex(tree).find("blamed")
    found = [tree.frame(node) for node in matches]
    assert [(f.symbol, f.is_blame) for f in found if f is not None] == [("blamed", True)]
    assert len(found) == 1


def test_frames_are_built_once_and_counted_alike_before_and_after() -> None:
    """Counting unbuilt frames reads their JSON as building does: odd ``subFrames`` (one
    object instead of a list, entries that are not objects) and blame written as text."""
    odd = frame("odd", 1)
    odd["subFrames"] = frame("single", 1, frame("under", 1, isBlameFrame=True))
    mixed = frame("mixed", 1, frame("x"), frame("y", 1, isBlameFrame=" TRUE "))
    mixed["subFrames"] += [None, 3, "frame", [frame("in-a-list")]]
    raw = document([frame("root", 4, odd, mixed, frame("no", 1, isBlameFrame="no"))])
    parsed = DiagnosticLogsDocument.from_json(raw)
    roots = parsed.logs[0].call_stacks[0].roots
    before = count_frames(roots)

    built: list[Frame] = []
    pending = list(roots)
    while pending:
        node = pending.pop()
        built.append(node)
        pending.extend(node.children)
    assert sorted(f.symbol for f in built) == sorted(
        ["root", "odd", "single", "under", "mixed", "x", "y", "no"]
    )
    assert before == count_frames(roots) == (8, 2)
    assert roots[0].children is roots[0].children  # built once, the same objects after
    assert roots[0].children[0].children[0].symbol == "single"


def test_a_20000_deep_stack_opens_and_indexes_from_a_file(tmp_path: Path) -> None:
    """More levels than 3.12's and 3.13's json take at the default recursion limit."""
    assert sys.getrecursionlimit() <= 1_000
    raw = document([chain("f", 20_000, frame("leaf", 3))])
    path = tmp_path / "deep.json"
    path.write_text(jsonio.dumps(raw))
    _, parsed = load_logs_file(path)
    tree = CallTree.from_log(parsed.logs[0])
    assert len(tree) == 20_002 and thread(tree).frame_count == 20_001
    assert [shown(tree, position) for position in range(3)] == [
        ("Thread 0", 0, 0, True),
        ("f1", 1, 1, True),
        ("f2", 2, 1, True),
    ]
    tree.build_all()
    assert shown(tree, 20_001) == ("leaf", 20_001, 1, False)
