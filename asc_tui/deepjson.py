"""JSON of any depth, read and written with the standard ``json`` module's C code but
never more than twice LEVELS_PER_PIECE levels at a time.

That C code recurses once per nesting level. Python 3.11 bounds it by
``sys.getrecursionlimit()``, 3.12 by a fixed limit of about 1,500 levels and 3.13 by about
10,000, whatever the program asks; a call stack from Apple's logs nests two levels per frame
and may be many thousands of frames deep. ``loads`` and ``dumps`` try ``json`` first; a
document too deep for it is cut into pieces, each holding a placeholder where the next one
down was. Reading finds the cuts with one pass of a regular expression over the text and
decodes the innermost pieces first, the decoder filling each placeholder (a bare ``NaN``,
via ``parse_constant``) with the piece decoded for it. Writing walks the containers,
encodes each piece with a unique placeholder string and splices the texts. Results,
accepted input and errors are exactly ``json``'s.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from json import JSONDecodeError
from typing import Any

# --- reading ---------------------------------------------------------------------------

LEVELS_PER_PIECE = 100
"""Nesting levels the C decoder is given at a time: far below every Python's limit."""

# From where the last match ended, over plain text and whole strings, to the next bracket,
# bare constant (NaN, Infinity: the document may hold them besides the placeholders) or the
# end. Fails at a string that does not end, or not as JSON allows.
_NEXT = re.compile(
    r'[^"\[\]{}NI]*+(?:"[^"\\]*+(?:\\.[^"\\]*+)*+"[^"\[\]{}NI]*+)*+'
    r"([\[\]{}](?:[ \t\n\r]*+[\[\]{}])*+|NaN|Infinity|[NI]|\Z)"
)
_PLACEHOLDER = " NaN "  # spaced, so that it never joins the text beside it


@dataclass(slots=True)
class _Piece:
    """``text[start:end]`` with the placeholder for each piece nested in it (``holes``);
    ``slots`` tells, for each bare constant in it in order, whether it is a placeholder."""

    start: int
    depth: int  # of its outermost container
    end: int = 0
    reach: int = 0  # the deepest level in it before the piece now open in it began
    holes: list[tuple[int, int]] = field(default_factory=list)
    slots: list[bool] = field(default_factory=list)


ObjectHook = Callable[[dict[str, Any]], Any]


def loads(text: str | bytes | bytearray, *, object_hook: ObjectHook | None = None) -> Any:
    """``json.loads(text, object_hook=…)`` for a document of any depth, with the same
    result and the same errors (``JSONDecodeError``; ``UnicodeDecodeError`` for bytes that
    are not text). ``object_hook`` is given each object, innermost first, as by ``json``."""
    try:
        return json.loads(text, object_hook=object_hook)
    except RecursionError:
        return loads_in_pieces(text, object_hook=object_hook)


def loads_in_pieces(text: str | bytes | bytearray, *, object_hook: ObjectHook | None = None) -> Any:
    """``loads`` without first trying ``json.loads`` whole."""
    if isinstance(text, bytes | bytearray):
        text = text.decode(json.detect_encoding(text), "surrogatepass")
    elif text.startswith("\ufeff"):
        raise JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
    pieces = _pieces(text)
    values: list[Any] = []
    try:
        for piece in pieces:
            children = [values.pop() for _ in piece.holes][::-1]
            values.append(_decode(text, piece, _filler(piece, children), object_hook))
    except JSONDecodeError:
        raise _first_error(text, pieces) from None
    return values[0]


def _filler(piece: _Piece, children: list[Any]) -> Callable[[str], Any]:
    """The value of each bare constant in a piece in turn: a piece below, or a real one."""
    fill = iter(children)
    holes = iter(piece.slots)
    return lambda name: next(fill) if next(holes) else float(name)


def _first_error(s: str, pieces: list[_Piece]) -> JSONDecodeError:
    """The error ``json.loads`` meets first: the earliest in the text (the innermost piece's,
    where two are at the same place)."""
    errors: list[tuple[int, int, JSONDecodeError]] = []
    for number, piece in enumerate(pieces):
        try:
            _decode(s, piece, float)
        except JSONDecodeError as error:
            errors.append((error.pos, number, error))
    return min(errors)[2]


def _pieces(s: str) -> list[_Piece]:
    """The document cut into pieces: each container at a depth that is a multiple of
    LEVELS_PER_PIECE and that holds containers at least that many levels deeper starts a
    piece (so each piece is under twice that deep). Innermost pieces come before the piece
    that holds them; the last is the whole document."""
    depth = reach = 0  # reach: the deepest level since the innermost open piece began
    expected = 0
    open_pieces = [_Piece(0, depth=0)]
    done: list[_Piece] = []

    def close(end: int, cut: bool) -> None:
        piece = open_pieces.pop()
        holder = open_pieces[-1]
        if cut:
            piece.end = end
            done.append(piece)
            holder.holes.append((piece.start, end))
            holder.slots.append(True)
        else:  # shallow enough to stay in the piece that holds it
            holder.slots += piece.slots

    for match in _NEXT.finditer(s):
        if match.start() != expected:  # a string that does not end as it should
            break  # (what is still open runs to the end, where the decoder finds the error)
        expected = match.end()
        token = match.group(1)
        if not token:
            break
        if token[0] in "NI":
            if len(token) > 1:  # NaN or Infinity
                open_pieces[-1].slots.append(False)
            continue
        position = match.start(1)
        for char in token:  # a run of brackets
            if char == "[" or char == "{":
                depth += 1
                if depth > reach:
                    reach = depth
                if depth % LEVELS_PER_PIECE == 0:
                    open_pieces[-1].reach = reach
                    open_pieces.append(_Piece(position, depth=depth))
                    reach = depth
            elif char == "]" or char == "}":
                if depth == open_pieces[-1].depth and len(open_pieces) > 1:
                    close(position + 1, reach >= depth + LEVELS_PER_PIECE)
                    reach = max(reach, open_pieces[-1].reach)
                depth -= 1
            position += 1
    while len(open_pieces) > 1:  # cut off: the decoder says where
        close(len(s), True)
    open_pieces[0].end = len(s)
    done.append(open_pieces[0])
    return done


def prefix(s: str, size: int, *, unfinished: str = "") -> str | None:
    """The document's text up to the first array item that starts at or after ``size``,
    closed into a document of its own: the arrays and objects still open there are ended
    (so the last of them lack what follows in the whole text); ``unfinished`` (a member's
    JSON text, ``"key": true``) is added to each object ended so, to tell them apart. None
    when no array item starts there (the document is shorter, or its text is not JSON
    before that point). Reading it costs in proportion to ``size``, not to the whole text."""
    expected = 0
    open_brackets: list[str] = []
    for match in _NEXT.finditer(s):
        if match.start() != expected:  # a string that does not end as JSON allows
            return None
        expected = match.end()
        token = match.group(1)
        if not token:
            return None
        if token[0] in "NI":
            continue
        position = match.start(1)
        for char in token:
            if char in "[{":
                if position >= size and open_brackets and open_brackets[-1] == "[":
                    head = s[:position].rstrip(" \t\n\r")
                    if head.endswith(","):
                        head = head[:-1]
                    # (an object still open holds a whole member here: its array)
                    ends = {"[": "]", "{": f",{unfinished}}}" if unfinished else "}"}
                    return head + "".join(ends[b] for b in reversed(open_brackets))
                open_brackets.append(char)
            elif char in "]}":
                if not open_brackets:
                    return None
                open_brackets.pop()
            position += 1
    return None


def _decode(
    s: str, piece: _Piece, constant: Callable[[str], Any], object_hook: ObjectHook | None = None
) -> Any:
    """Decode a piece, ``constant`` giving the value of each bare constant and placeholder."""
    parts: list[str] = []
    position = piece.start
    for start, end in piece.holes:
        parts += (s[position:start], _PLACEHOLDER)
        position = end
    parts.append(s[position : piece.end])
    try:
        decoder = json.JSONDecoder(parse_constant=constant, object_hook=object_hook)
        return decoder.decode("".join(parts))
    except JSONDecodeError as error:
        raise JSONDecodeError(error.msg, s, _original_position(piece, error.pos)) from None


def _original_position(piece: _Piece, position: int) -> int:
    """Where ``position`` in a piece's text lies in the document."""
    offset, base = piece.start, 0  # where the current stretch starts, in each text
    for start, end in piece.holes:
        if position < base + start - offset:
            break
        base += start - offset + len(_PLACEHOLDER)
        if position < base:
            return start
        offset = end
    return offset + position - base


# --- writing ---------------------------------------------------------------------------


def dumps(
    value: Any,
    *,
    ensure_ascii: bool = True,
    allow_nan: bool = True,
    separators: tuple[str, str] = (", ", ": "),
) -> str:
    """``json.dumps(value, ...)`` for a value of any depth (no indent, sort_keys or
    ``default``)."""
    try:
        return json.dumps(
            value, ensure_ascii=ensure_ascii, allow_nan=allow_nan, separators=separators
        )
    except RecursionError:
        return dumps_in_pieces(
            value, ensure_ascii=ensure_ascii, allow_nan=allow_nan, separators=separators
        )


def dumps_in_pieces(
    value: Any,
    *,
    ensure_ascii: bool = True,
    allow_nan: bool = True,
    separators: tuple[str, str] = (", ", ": "),
) -> str:
    """``dumps`` without first trying ``json.dumps`` whole: the value cut every
    LEVELS_PER_PIECE levels, each piece encoded by the C encoder with a placeholder for each
    piece below it, and the texts joined."""
    while True:
        placeholder = f"\x00asc-tui-{secrets.token_hex(8)}"
        roots, holes = _cut(value, placeholder)
        marker = json.dumps(placeholder)
        texts = [
            json.dumps(
                root, ensure_ascii=ensure_ascii, allow_nan=allow_nan, separators=separators
            ).split(marker)
            for root in roots
        ]
        if all(len(text) == len(hole) + 1 for text, hole in zip(texts, holes, strict=True)):
            break  # (else the document holds the placeholder itself: choose another)
    parts: list[str] = []
    stack: list[tuple[int, int]] = [(0, 0)]  # (piece, texts written)
    while stack:
        piece, written = stack.pop()
        parts.append(texts[piece][written])
        if written < len(holes[piece]):
            stack += ((piece, written + 1), (holes[piece][written], 0))
    return "".join(parts)


def _cut(value: Any, placeholder: str) -> tuple[list[Any], list[list[int]]]:
    """Each piece's root (a copy with the placeholder where each piece below it was, if it
    has any; the first is ``value``'s) and the numbers of each piece's lower pieces, in
    document order."""
    roots: list[Any] = []
    pieces: list[Any] = [value]
    holes: list[list[int]] = []
    for original in pieces:  # grows as lower pieces are found
        piece_holes: list[int] = []
        top = _Node(original, None, None)
        stack = [top] if _container(original) else []
        while stack:  # every container within the piece, in document order
            node = stack.pop()
            deeper = node.depth + 1 >= LEVELS_PER_PIECE
            below: list[_Node] = []
            items = node.value.items() if isinstance(node.value, dict) else enumerate(node.value)
            for key, member in items:
                if not _container(member):
                    continue
                if deeper:
                    node.copy()[key] = placeholder
                    piece_holes.append(len(pieces))
                    pieces.append(member)
                else:
                    below.append(_Node(member, node, key))
            stack += reversed(below)
        roots.append(top.copied if top.copied is not None else original)
        holes.append(piece_holes)
    return roots, holes


def _container(value: Any) -> bool:
    return isinstance(value, dict | list) and bool(value)


class _Node:
    """A container being walked; copied (with its parents) once something in it changes."""

    __slots__ = ("copied", "depth", "key", "parent", "value")

    def __init__(self, value: Any, parent: _Node | None, key: Any) -> None:
        self.value = value
        self.parent = parent
        self.key = key
        self.depth: int = 0 if parent is None else parent.depth + 1
        self.copied: Any = None

    def copy(self) -> Any:
        """This container's copy, made (and put in its parents' copies) if not yet made."""
        node: _Node | None = self
        while node is not None and node.copied is None:
            node.copied = dict(node.value) if isinstance(node.value, dict) else list(node.value)
            node = node.parent
        node = self
        while node.parent is not None and node.parent.copied[node.key] is not node.copied:
            node.parent.copied[node.key] = node.copied
            node = node.parent
        return self.copied
