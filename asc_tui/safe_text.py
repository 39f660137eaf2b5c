"""Text from outside (the API, files, error bodies) made safe to show in a terminal.

A name, a symbol or an error title can hold terminal control characters: ``ESC ] 0 ;`` sets
the window title, ``ESC ] 52`` writes the clipboard, ``ESC [ 2 J`` clears the screen, C1
``\\x9b`` is a one-byte CSI, and bidi overrides reorder what is shown. ``visible`` turns
every such character into something visible and inert, so the TUI and the CLI's human
output show data, never act on it. JSON and CSV output stay lossless (``json_safe`` only
escapes what JSON allows to be escaped).

C0 controls become Unicode control pictures (ESC → ``␛``, NUL → ``␀``), DEL → ``␡``; C1
controls and bidi controls become ``\\x9b`` / ``\\u202e`` escapes. Tab stays a tab. In a
one-line field every line break (LF, CR, CRLF, NEL, U+2028/9) becomes ``⏎``; in multi-line
text CRLF and LF are line ends and a lone CR is shown as ``␍``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO, cast

NEWLINE_MARK = "⏎"
BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)
LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def _table(*, one_line: bool) -> dict[int, str]:
    table: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code != 0x09}
    table[0x7F] = "\u2421"  # ␡
    table.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
    table.update({code: f"\\u{code:04x}" for code in BIDI_CONTROLS})
    table.update({0x2028: "\\u2028", 0x2029: "\\u2029"})
    if one_line:
        table.update({ord(c): NEWLINE_MARK for c in LINE_BREAKS})
    else:
        del table[0x0A]
    return table


_ONE_LINE = _table(one_line=True)
_MULTI_LINE = _table(one_line=False)
_UNSAFE = frozenset(chr(code) for code in _ONE_LINE)


def is_safe(text: str) -> bool:
    """Whether ``text`` holds nothing ``visible`` would change (tab and LF aside)."""
    return _UNSAFE.isdisjoint(text.replace("\n", ""))


def visible(value: object, *, multiline: bool = False) -> str:
    """``value`` as text with every control, C1 and bidi character made visible.

    ``None`` is the empty string. One-line (the default) for names, cells and titles;
    ``multiline=True`` for messages and reports, which keep their line ends."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if text.isprintable():  # the common case: nothing to do (tab and LF are not printable)
        return text
    if multiline:
        return text.replace("\r\n", "\n").translate(_MULTI_LINE)
    return text.replace("\r\n", "\n").translate(_ONE_LINE)


def json_safe(text: str) -> str:
    """JSON text (as ``json.dumps(..., ensure_ascii=False)`` writes it) with C1, bidi and
    line-separator characters written as ``\\uXXXX`` escapes: the same JSON value, but
    nothing a terminal acts on. Those characters can only occur inside JSON strings."""
    if text.isascii() and "\x7f" not in text:  # DEL is ASCII too
        return text
    return text.translate(_JSON_ESCAPES)


_JSON_ESCAPES = {
    code: f"\\u{code:04x}" for code in (*range(0x7F, 0xA0), *BIDI_CONTROLS, 0x2028, 0x2029)
}


def terminal_text(text: str) -> str:
    """Human output as written to a stream: ``visible`` (multi-line), except that a carriage
    return starting a write (a progress line redrawing itself) is kept."""
    if text.startswith("\r"):
        return "\r" + visible(text[1:], multiline=True)
    return visible(text, multiline=True)


class CleanStream:
    """A text stream that passes everything written through ``clean`` first; everything
    else (flush, isatty, encoding, fileno…) is the wrapped stream's."""

    def __init__(self, stream: TextIO, clean: Callable[[str], str]) -> None:
        self.stream = stream
        self.clean = clean

    def write(self, text: str) -> int:
        self.stream.write(self.clean(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def clean_output(stdout_format: str | None) -> Iterator[None]:
    """While a command runs: stderr is always human text (``terminal_text``); stdout is
    JSON made inert (``json_safe``) for ``json``, left as it is for ``csv`` (lossless,
    quoted), and human text for everything else. Every command's output, present and
    future, goes through here, so none can forget it."""
    out, err = sys.stdout, sys.stderr
    if stdout_format == "json":
        sys.stdout = cast(TextIO, CleanStream(out, json_safe))
    elif stdout_format != "csv":
        sys.stdout = cast(TextIO, CleanStream(out, terminal_text))
    sys.stderr = cast(TextIO, CleanStream(err, terminal_text))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
