"""JSON of any depth: the piecewise reader and writer give exactly what the ``json`` module
gives (values, texts, errors and their positions), for any document, cut at any depth; and
documents far deeper than any Python's ``json`` allows read and write on every version."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asc_tui import deepjson
from asc_tui.api import jsonio
from asc_tui.errors import ResponseFormatError

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    # the characters the reader looks for, inside strings and keys
    st.text(alphabet=st.sampled_from('[]{}"\\NaIfinity,: \n\t\u00e9\U0001f600x'), max_size=12),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=40,
)
layouts = st.sampled_from(
    [
        {},
        {"separators": (",", ":"), "ensure_ascii": False},
        {"separators": (" ,\n", " :\t")},
    ]
)


@contextmanager
def pieces_of(levels: int) -> Iterator[None]:
    """Cut documents every level or few, so that small ones have many pieces."""
    before = deepjson.LEVELS_PER_PIECE
    deepjson.LEVELS_PER_PIECE = levels
    try:
        yield
    finally:
        deepjson.LEVELS_PER_PIECE = before


def same(a: Any, b: Any) -> bool:
    """Equal as JSON (NaN included), compared without recursion limits."""
    return deepjson.dumps(a) == deepjson.dumps(b)


def outcome(read: Any, text: str | bytes) -> tuple[Any, ...]:
    try:
        return ("value", deepjson.dumps(read(text)))
    except json.JSONDecodeError as error:
        return ("error", error.msg, error.pos, error.lineno, error.colno)
    except UnicodeDecodeError as error:
        return ("not text", error.start)


@settings(max_examples=400, deadline=None)
@given(value=values, layout=layouts, levels=st.integers(1, 4))
def test_pieces_read_and_write_exactly_as_json_does(
    value: Any, layout: dict[str, Any], levels: int
) -> None:
    text = json.dumps(value, **layout)
    with pieces_of(levels):
        assert deepjson.dumps_in_pieces(value, **layout) == text
        assert same(deepjson.loads_in_pieces(text), value)
        assert same(deepjson.loads_in_pieces(text.encode("utf-16")), value)
        hooked = deepjson.loads_in_pieces(text, object_hook=lambda o: {"seen": o})
        assert same(hooked, json.loads(text, object_hook=lambda o: {"seen": o}))


@settings(max_examples=400, deadline=None)
@given(
    value=values,
    levels=st.integers(1, 4),
    cut=st.integers(0, 10_000),
    junk=st.text(alphabet=st.sampled_from('[]{}",:\\ 1eNaI\x00x'), max_size=3),
)
def test_damaged_text_gives_the_same_error_at_the_same_place(
    value: Any, levels: int, cut: int, junk: str
) -> None:
    text = json.dumps(value)
    at = cut % (len(text) + 1)
    for damaged in (text[:at], text[:at] + junk + text[at:], text[:at] + junk):
        with pieces_of(levels):
            ours = outcome(deepjson.loads_in_pieces, damaged)
        assert ours == outcome(json.loads, damaged)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xef\xbb\xbf[1]",
        b"\x89PNG\r\n",
        "\ufeff[1]",
        b"[[[1]]] [",
        b'[[["\\q"]]]',
        b"Na[N",  # the text beside a placeholder must not make a constant with it
        b"[1[2]]",
    ],
)
def test_odd_input_reads_or_fails_as_json_does(content: str | bytes) -> None:
    with pieces_of(1):
        ours = outcome(deepjson.loads_in_pieces, content)
    assert ours == outcome(json.loads, content)


def chain(depth: int) -> dict[str, Any]:
    node: dict[str, Any] = {"symbolName": "leaf [x]", "subFrames": []}
    for level in range(depth):
        node = {"symbolName": f'f{level} "q" {{', "sampleCount": level, "subFrames": [node]}
    return node


def test_100_000_frames_deep_read_and_write_on_this_python() -> None:
    """About 200,000 levels: beyond the json module's reach on 3.11 (recursion limit),
    3.12 and 3.13 (C limits); read and written without raising any limit."""
    limit = sys.getrecursionlimit()
    document = chain(100_000)
    with pytest.raises(RecursionError):
        json.dumps(document)
    text = deepjson.dumps(document, separators=(",", ":"))
    assert text.startswith('{"symbolName":"f99999 \\"q\\" {","sampleCount":99999,"subFrames":[{')
    assert text.endswith('{"symbolName":"leaf [x]","subFrames":[]}' + "]}" * 100_000)
    again = deepjson.loads(text.encode())
    depth = 0
    while again["subFrames"]:
        assert again["sampleCount"] == 99_999 - depth
        again, depth = again["subFrames"][0], depth + 1
    assert (depth, again["symbolName"]) == (100_000, "leaf [x]")
    assert sys.getrecursionlimit() == limit


def test_a_deep_document_cut_off_is_called_cut_off() -> None:
    text = deepjson.dumps(chain(20_000))
    for cut in (len(text) // 2, len(text) - 1, len(text) - 50_001, 1_000):
        with pytest.raises(ResponseFormatError) as caught:
            jsonio.loads(text[:cut].encode(), source="logs.json")
        assert caught.value.message == (
            f"logs.json is cut off: it ends after {cut:,} characters, "
            "in the middle of an object, array or string."
        )


def test_a_deep_document_garbled_in_the_middle_is_an_error_there() -> None:
    text = deepjson.dumps(chain(20_000))
    at = text.index('"f10000 ')
    with pytest.raises(json.JSONDecodeError) as caught:
        deepjson.loads(text[:at] + "?" + text[at + 1 :])
    assert (caught.value.msg, caught.value.pos) == ("Expecting value", at)
    with pytest.raises(ResponseFormatError) as report:
        jsonio.loads(text[:at] + "?" + text[at + 1 :], source="logs.json")
    assert report.value.message == (
        f"logs.json is not valid JSON: expecting value at line 1, column {at + 1:,}."
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "x is empty."),
        (b" \n", "x is empty."),
        (b'{"a": [1, 2', "x is cut off: it ends after 11 characters, in the middle of an"),
        (b'{"a": "1, 2', "x is cut off: it ends after 11 characters, in the middle of an"),
        (b'{"a": [1 2]}', "x is not valid JSON: expecting ',' delimiter at line 1, column 10."),
        (b"[1]\n[2]", "x is not valid JSON: extra data at line 2, column 1."),
        (b"\x89PNG\r\n", "x is not valid JSON: it is not UTF-8 text (byte 0x89 at offset 0)."),
    ],
)
def test_what_is_wrong_with_a_document_is_said(content: bytes, message: str) -> None:
    with pytest.raises(ResponseFormatError) as caught:
        jsonio.loads(content, source="x")
    assert caught.value.message.startswith(message)


def test_constants_and_placeholder_like_text_in_a_document_stay_as_they_are() -> None:
    odd = ["NaN", float("nan"), "\x00asc-tui-", [[float("-inf")], {"NaN": [["Infinity"]]}]]
    text = json.dumps(odd)
    with pieces_of(1):
        assert deepjson.dumps_in_pieces(odd) == text
        assert deepjson.dumps_in_pieces(deepjson.loads_in_pieces(text)) == text


def starts(part: Any, whole: Any) -> bool:
    """``part`` is ``whole`` with its last array items (and, inside the last item kept, what
    follows them) left out, at every level: what a document's first part holds."""
    stack = [(part, whole)]
    while stack:
        part, whole = stack.pop()
        if isinstance(whole, list):
            if not isinstance(part, list) or len(part) > len(whole):
                return False
            if part and not same(part[:-1], whole[: len(part) - 1]):
                return False
            if part:
                stack.append((part[-1], whole[len(part) - 1]))
        elif isinstance(whole, dict):
            if not isinstance(part, dict) or list(part) != list(whole)[: len(part)]:
                return False
            keys = list(part)
            if keys and not all(same(part[k], whole[k]) for k in keys[:-1]):
                return False
            if keys:
                stack.append((part[keys[-1]], whole[keys[-1]]))
        elif not same(part, whole):
            return False
    return True


@settings(max_examples=400, deadline=None)
@given(value=values, layout=layouts, size=st.integers(0, 400))
def test_the_first_part_of_a_document_is_a_document_that_starts_as_it_does(
    value: Any, layout: dict[str, Any], size: int
) -> None:
    text = json.dumps(value, **layout)
    first = deepjson.prefix(text, size)
    if first is None:
        return
    assert len(first) < len(text) + len(text) // 2
    assert starts(deepjson.loads(first), value)


def test_the_first_part_of_a_deep_log_ends_soon_after_its_size() -> None:
    text = deepjson.dumps(chain(20_000))
    first = deepjson.prefix(text, 5_000)
    assert first is not None
    depth, node = 0, deepjson.loads(first)
    while node["subFrames"]:
        assert node["sampleCount"] == 19_999 - depth
        node, depth = node["subFrames"][0], depth + 1
    assert node["sampleCount"] == 19_999 - depth  # the last frame read, its callees left out
    assert first.startswith(text[:5_000])
    assert len(first) < 5_000 + 100 + 2 * (depth + 1)  # the frame read last and the closers
    whole = [{"a": i} for i in range(10)]
    assert deepjson.prefix(json.dumps(whole), 10_000) is None  # nothing starts that far in
    assert deepjson.prefix('[1, 2, {"a": "x', 3) == "[1, 2]"  # the rest is not read


def test_the_objects_a_first_part_ends_are_told_apart() -> None:
    text = '{"a": [{"b": [{}, {"e": 1}], "c": 4}, {}], "d": 5}'
    first = deepjson.prefix(text, text.index('{"e"'), unfinished='"u": true')
    assert first == '{"a": [{"b": [{}],"u": true}],"u": true}'  # ("c" and "d" not read yet)
    assert deepjson.prefix(text, text.index('{"e"')) == '{"a": [{"b": [{}]}]}'
    assert deepjson.prefix(text, text.index("}, {}]") + 1, unfinished='"u": 1') == (
        '{"a": [{"b": [{}, {"e": 1}], "c": 4}],"u": 1}'  # the first item whole: not marked
    )
