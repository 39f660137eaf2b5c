"""The Textual-free call tree: flattening, expand/collapse, blame, filter, classification."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from asc_tui.api.diagnostic_logs import CallStack, CallStackTree, DiagnosticLog, Frame
from asc_tui.logs import CallTree, app_binary_names, is_app_binary, is_system_binary


def f(symbol: str, *children: Frame, binary: str = "LumenNotes", blame: bool = False) -> Frame:
    return Frame(symbol=symbol, binary=binary, children=list(children), is_blame=blame)


def chain(depth: int, *, blame_at: int | None = None) -> Frame:
    """A single call chain ``depth`` frames deep, built without recursion."""
    node = f(f"leaf{depth - 1}", blame=blame_at == depth - 1)
    for level in range(depth - 2, -1, -1):
        node = f(f"frame{level}", node, blame=blame_at == level)
    return node


def symbols(tree: CallTree) -> list[str]:
    out = []
    for row in tree.rows():
        if row.thread is not None:
            out.append(row.thread.label)
        else:
            assert row.frame is not None
            out.append(row.frame.symbol)
    return out


def sample_tree() -> CallTree:
    #   Thread 0: main ─┬─ a ── a1
    #                   └─ b (blame)
    #   Thread 1: start ── c
    main = f(
        "main",
        f("a", f("a1", binary="libsqlite3.dylib"), binary="CoreFoundation"),
        f("b", blame=True),
    )
    start = f("start", f("c"), binary="dyld")
    return CallTree([("Thread 0", [main]), ("Thread 1", [start])], app_binaries={"LumenNotes"})


def test_flatten_in_preorder_with_thread_headers() -> None:
    tree = sample_tree()
    assert symbols(tree) == ["Thread 0", "main", "a", "a1", "b", "Thread 1", "start", "c"]
    assert tree.frame_count == 6 and tree.thread_count == 2 and len(tree) == 8
    rows = tree.rows()
    assert [r.depth for r in rows] == [0, 1, 2, 3, 2, 0, 1, 2]
    # only the branch under "main" indents; chains stay flat
    assert [r.indent for r in rows] == [0, 1, 2, 2, 2, 0, 1, 1]
    assert rows[0].thread is not None and rows[0].thread.frame_count == 4
    assert rows[0].thread.has_blame and rows[5].thread is not None
    assert not rows[5].thread.has_blame and rows[5].thread.frame_count == 2


def test_collapse_and_expand_splice_the_visible_rows() -> None:
    tree = sample_tree()
    assert tree.collapse(1)  # main
    assert symbols(tree) == ["Thread 0", "main", "Thread 1", "start", "c"]
    assert not tree.collapse(1)
    assert not tree.row(1).expanded and tree.row(1).has_children
    assert tree.expand(1)
    assert symbols(tree) == ["Thread 0", "main", "a", "a1", "b", "Thread 1", "start", "c"]
    tree.collapse(2)  # a
    tree.collapse(0)  # Thread 0
    assert symbols(tree) == ["Thread 0", "Thread 1", "start", "c"]
    tree.expand(0)  # a stays collapsed underneath
    assert symbols(tree) == ["Thread 0", "main", "a", "b", "Thread 1", "start", "c"]
    assert not tree.toggle(3)  # "b" is a leaf
    tree.collapse_all()
    assert symbols(tree) == ["Thread 0", "Thread 1"]
    tree.expand_all()
    assert len(tree) == tree.node_count


def test_parent_position_and_reveal() -> None:
    tree = sample_tree()
    assert tree.parent_position(3) == 2  # a1 → a
    assert tree.parent_position(0) is None
    tree.collapse_all()
    a1 = 3
    assert tree.position_of(a1) is None
    assert tree.reveal(a1) == 3
    assert symbols(tree)[:4] == ["Thread 0", "main", "a", "a1"]


def test_blame_jumps_and_wraps() -> None:
    tree = sample_tree()
    tree.collapse_all()
    position = tree.next_blame()
    assert position is not None
    row = tree.row(position)
    assert row.is_blame and row.frame is not None and row.frame.symbol == "b"
    assert tree.next_blame(position) == position  # the only one: wraps to itself
    empty = CallTree([("Thread 0", [f("x")])])
    assert empty.next_blame() is None


def test_app_and_system_frames() -> None:
    rows = {r.frame.symbol: r for r in sample_tree().rows() if r.frame is not None}
    assert rows["main"].is_app and rows["b"].is_app
    assert not rows["a"].is_app  # CoreFoundation
    assert not rows["a1"].is_app  # libsqlite3.dylib
    assert not rows["start"].is_app  # dyld
    assert is_system_binary("libsystem_kernel.dylib") and is_system_binary("UIKitCore")
    assert is_system_binary("") and not is_system_binary("LumenKit")
    assert is_app_binary("LumenKit") and is_app_binary("Foundation", {"Foundation"})
    names = app_binary_names({"bundleId": "com.example.LumenNotes"}, "Lumen: -[A b:] + 4")
    assert names == {"LumenNotes", "Lumen"}
    assert app_binary_names({}, "libsqlite3.dylib: sqlite3_step") == frozenset()


def test_filter_keeps_matches_and_their_ancestors() -> None:
    tree = sample_tree()
    tree.collapse_all()
    assert tree.set_filter("A1") == 1
    assert symbols(tree) == ["Thread 0", "main", "a", "a1"]
    assert tree.filter_active
    assert tree.set_filter("sqlite") == 1  # matches the binary too
    assert tree.set_filter("nothing-like-this") == 0
    assert len(tree) == 0 and tree.next_blame() is None
    tree.set_filter("")
    assert not tree.filter_active
    assert symbols(tree)[:4] == ["Thread 0", "main", "a", "a1"]


def test_a_5000_deep_chain_needs_no_recursion() -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        tree = CallTree([("Thread 0", [chain(5000, blame_at=4321)])])
    finally:
        sys.setrecursionlimit(limit)
    assert len(tree) == 5001 and tree.frame_count == 5000
    assert tree.row(5000).depth == 5000 and tree.row(5000).indent == 1
    tree.collapse(1)
    assert len(tree) == 2
    tree.collapse_all()
    position = tree.next_blame()
    assert position == 4322
    blame = tree.row(4322).frame
    assert blame is not None and blame.symbol == "frame4321"
    assert len(tree) == 4323  # the chain is open down to the blame frame, collapsed below


def test_from_log_labels_threads_and_guesses_app_binaries() -> None:
    log = DiagnosticLog(
        metadata={"bundleId": "com.example.LumenNotes"},
        trees=[
            CallStackTree(per_thread=True, call_stacks=[CallStack([f("m")]), CallStack([])]),
            CallStackTree(per_thread=False, call_stacks=[CallStack([f("x", binary="UIKitCore")])]),
        ],
    )
    tree = CallTree.from_log(log)
    assert symbols(tree) == ["Thread 0", "m", "Thread 1", "Call stack 2", "x"]
    assert tree.app_binaries == {"LumenNotes"}
    assert not tree.has_children(2)  # an empty thread


def test_10000_frames_flatten_collapse_and_expand() -> None:
    # How fast: benchmarks/log_viewer.py (a 100,000-frame log, against a same-run baseline).
    roots = [f(f"root{i}", *(chain(99) for _ in range(1))) for i in range(100)]
    tree = CallTree([("Thread 0", roots[:50]), ("Thread 1", roots[50:])])
    assert tree.frame_count == 10_000
    shown = len(tree)
    tree.collapse(0)
    assert len(tree) < shown
    tree.expand(0)
    assert len(tree) == shown


# -- property test -----------------------------------------------------------------------

shapes = st.recursive(
    st.just(0),
    lambda children: st.lists(children, max_size=4),
    max_leaves=40,
)


def build(shape: object, counter: list[int]) -> Frame:
    counter[0] += 1
    kids = shape if isinstance(shape, list) else []
    return Frame(
        symbol=f"s{counter[0]}",
        binary="App",
        is_blame=counter[0] % 7 == 0,
        children=[build(kid, counter) for kid in kids],
    )


def tree_and_size(threads: list[list[object]]) -> tuple[CallTree, int]:
    """A tree with a thread per list of shapes, and how many frames were made for it."""
    counter = [0]
    stacks = [
        (f"Thread {i}", [build(s, counter) for s in roots]) for i, roots in enumerate(threads)
    ]
    return CallTree(stacks), counter[0]


def tree_of(threads: list[list[object]]) -> CallTree:
    return tree_and_size(threads)[0]


@settings(max_examples=150, deadline=None)
@given(
    threads=st.lists(st.lists(shapes, max_size=3), min_size=1, max_size=3),
    toggles=st.lists(st.integers(min_value=0, max_value=200), max_size=25),
)
def test_visible_rows_stay_consistent(threads: list[list[object]], toggles: list[int]) -> None:
    tree, frames = tree_and_size(threads)
    assert len(tree) == tree.node_count == frames + len(threads)
    for toggle in toggles:
        tree.toggle(toggle % len(tree))
        visible = [tree.node_at(p) for p in range(len(tree))]
        assert visible == sorted(visible)
        shown = set(visible)
        for node in visible:
            up = tree.parent(node)
            assert up < 0 or (up in shown and tree.is_expanded(up))
        # every expanded visible node shows all its children
        for node in visible:
            if tree.is_expanded(node) and tree.has_children(node):
                assert node + 1 in shown
    if tree.blame_nodes:
        position = tree.next_blame()
        assert position is not None and tree.row(position).is_blame
    tree.expand_all()
    assert len(tree) == tree.node_count


# -- lazy flattening ---------------------------------------------------------------------


def test_a_new_tree_counts_but_does_not_flatten() -> None:
    roots = [chain(1000, blame_at=700) for _ in range(20)]
    tree = CallTree([("Thread 0", roots[:10]), ("Thread 1", roots[10:])])
    assert tree.built == 0 and not tree.complete
    assert len(tree) == tree.node_count == 20_002 and tree.frame_count == 20_000
    assert tree.blame_count == 20
    first = tree.row(0).thread
    assert first is not None and first.frame_count == 10_000 and first.has_blame
    assert tree.row(10_001).thread is not None  # the second header, found from the counts
    assert tree.built == 10_002 and not tree.complete
    tree.row(39)
    assert tree.built == 10_002  # rows already flattened cost nothing more
    assert tree.build(5_000) is False and tree.built == 15_002
    assert tree.collapse(0)  # folding needs the whole tree: it is flattened first
    assert tree.complete and len(tree) == 10_002


@settings(max_examples=120, deadline=None)
@given(
    threads=st.lists(st.lists(shapes, max_size=3), min_size=1, max_size=3),
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("build"), st.integers(min_value=1, max_value=30)),
            st.tuples(st.just("row"), st.integers(min_value=0, max_value=200)),
        ),
        max_size=12,
    ),
)
def test_rows_read_while_flattening_match_the_flattened_tree(
    threads: list[list[object]], steps: list[tuple[str, int]]
) -> None:
    whole = tree_of(threads)
    whole.build_all()
    expected = whole.rows()
    lazy = tree_of(threads)
    for kind, value in steps:
        if kind == "build":
            before = lazy.built
            done = lazy.build(value)
            assert lazy.built == min(before + value, lazy.node_count)
            assert done == (lazy.built == lazy.node_count)
        else:
            position = value % len(lazy)
            got, want = lazy.row(position), expected[position]
            assert (got.node, got.depth, got.indent, got.has_children, got.is_blame) == (
                want.node,
                want.depth,
                want.indent,
                want.has_children,
                want.is_blame,
            )
            assert got.thread == want.thread and (got.frame is None) == (want.frame is None)
            if got.frame is not None and want.frame is not None:
                assert got.frame.symbol == want.frame.symbol
    assert [(r.node, r.indent, r.depth) for r in lazy.rows()] == [
        (r.node, r.indent, r.depth) for r in expected
    ]
    assert lazy.blame_nodes == whole.blame_nodes and lazy.blame_count == len(whole.blame_nodes)
    assert [lazy.subtree_end(n) for n in range(lazy.node_count)] == [
        whole.subtree_end(n) for n in range(whole.node_count)
    ]


@settings(max_examples=120, deadline=None)
@given(
    threads=st.lists(st.lists(shapes, max_size=3), min_size=1, max_size=3),
    steps=st.lists(
        st.one_of(
            st.tuples(st.just("build"), st.integers(min_value=1, max_value=30)),
            st.tuples(st.sampled_from(["row", "toggle", "reveal"]), st.integers(0, 200)),
            st.tuples(st.just("filter"), st.sampled_from(["", "s1", "s2", "s3", "zzz"])),
            st.tuples(st.sampled_from(["blame", "collapse_all", "expand_all"]), st.just(0)),
        ),
        max_size=15,
    ),
)
def test_a_half_flattened_tree_behaves_like_a_flattened_one(
    threads: list[list[object]], steps: list[tuple[str, object]]
) -> None:
    whole, lazy = tree_of(threads), tree_of(threads)
    whole.build_all()
    for kind, value in steps:
        if kind == "build":
            assert isinstance(value, int)
            lazy.build(value)
            continue
        results: list[object] = []
        for tree in (whole, lazy):
            if kind in ("row", "toggle") and not len(tree):  # everything filtered out
                results.append(None)
            elif kind == "row":
                assert isinstance(value, int)
                row = tree.row(value % len(tree))
                results.append((row.node, row.indent, row.expanded, row.has_children))
            elif kind == "toggle":
                assert isinstance(value, int)
                results.append(tree.toggle(value % len(tree)))
            elif kind == "reveal":
                assert isinstance(value, int)
                results.append(tree.reveal(value % tree.node_count))
            elif kind == "filter":
                assert isinstance(value, str)
                results.append(tree.set_filter(value))
            elif kind == "blame":
                results.append(tree.next_blame())
            else:
                getattr(tree, kind)()
            results.append([tree.node_at(p) for p in range(len(tree))])
        assert results[: len(results) // 2] == results[len(results) // 2 :], kind
