"""Symbols that need a UTF-8 terminal, and their ASCII stand-ins.

The Linux console (``TERM=linux``) and non-UTF-8 locales cannot draw ╭ ✓ ⏎ ▁▂ …; there
asc-tui draws ASCII. :func:`glyphs` gives the symbols code chooses itself (so widths are
counted right); :data:`ASCII_TABLE` is applied to everything else on its way to the
terminal (borders, bars, marks), one character for one, so nothing shifts.
``ASC_TUI_ASCII=1`` forces ASCII, ``ASC_TUI_ASCII=0`` forbids it.
"""

from __future__ import annotations

# ruff: noqa: RUF001 (this module is about look-alike symbols)
import codecs
import locale
import os
import sys
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.driver import Driver


@dataclass(frozen=True, slots=True)
class Glyphs:
    """The few characters drawn differently in ASCII (the Linux console)."""

    crumb: str
    ellipsis: str
    enter: str


UNICODE = Glyphs(crumb="\u203a", ellipsis="\u2026", enter="\u23ce")
ASCII = Glyphs(crumb=">", ellipsis="...", enter="enter")


def _encoding() -> str:
    stream = sys.__stdout__
    name = getattr(stream, "encoding", None) or locale.getpreferredencoding(False) or ""
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name.lower()


def wants_ascii(environ: dict[str, str] | None = None, encoding: str | None = None) -> bool:
    """True on the Linux console, with a locale that is not UTF-8, or when asked for."""
    env = os.environ if environ is None else environ
    forced = env.get("ASC_TUI_ASCII", "").strip().lower()
    if forced in {"1", "yes", "true", "on"}:
        return True
    if forced in {"0", "no", "false", "off"}:
        return False
    if env.get("TERM", "") == "linux":
        return True
    return (encoding if encoding is not None else _encoding()) not in {"utf-8", "utf_8"}


@cache
def glyphs() -> Glyphs:
    return ASCII if wants_ascii() else UNICODE


_ONE_FOR_ONE = {
    # box drawing and blocks: borders, scrollbars, bars
    "─━┄┅┈┉╌╍═╴╶╸╺": "-",
    "│┃┆┇┊┋╎╏║╵╷╹╻▕▏": "|",
    "╭╮╰╯┌┐└┘┏┓┗┛├┤┬┴┼╔╗╚╝╠╣╦╩╬┝┥┯┷┿": "+",
    "▁▂▃": ".",
    "▄▅▆": "o",
    "▇█▉▊▋▌▍▎▐░▒▓▀": "#",
    # marks
    "✓✔": "+",
    "✗✘×": "x",
    "◆●■◼•": "*",
    "▲▴↑↗⬆": "^",
    "▼▾↓↘⬇": "v",
    "▸▶→": ">",
    "◂◀←": "<",
    "›»": ">",
    "‹«": "<",
    "…": ".",
    "·": "-",
    "“”„″": '"',
    "‘’′": "'",
    "⏎↵": "<",
    "≤": "<",
    "≥": ">",
    "±": "~",
    "Δ": "d",
    "—–": "-",
}
ASCII_TABLE: dict[int, str] = {
    ord(char): ascii_char for chars, ascii_char in _ONE_FOR_ONE.items() for char in chars
}
ASCII_TABLE[ord("🔎")] = "/ "  # two cells wide


def few_colours(environ: dict[str, str] | None = None) -> bool:
    """True on a terminal with 16 colours or fewer (TERM=xterm, screen, linux), as Rich
    (and so Textual) detects it; there asc-tui's colour names go out as the terminal's
    own ANSI colours, not as theme RGB rounded to the nearest of 16 (yellow turned red)."""
    from rich.console import Console

    env = dict(os.environ if environ is None else environ)
    chosen = env.get("TEXTUAL_COLOR_SYSTEM", "auto")
    if chosen != "auto":
        return chosen in {"standard", "windows"}
    console = Console(force_terminal=True, color_system="auto", _environ=env)
    return console.color_system in {"standard", "windows"}


def ascii_driver(base: type[Driver]) -> type[Driver]:
    """``base`` writing :data:`ASCII_TABLE`'s stand-ins for the symbols it cannot draw."""

    class AsciiDriver(base):  # type: ignore[valid-type, misc]  # a class made at run time
        def write(self, data: str) -> None:
            super().write(data.translate(ASCII_TABLE))

    return AsciiDriver
