"""When asc-tui draws ASCII, and when it sends the terminal's own colours."""

from __future__ import annotations

from rich.cells import cell_len

from asc_tui.ui.glyphs import ASCII_TABLE, few_colours, wants_ascii


def test_ascii_on_the_linux_console_and_non_utf8_locales() -> None:
    assert wants_ascii({"TERM": "linux"}, "utf-8")
    assert wants_ascii({"TERM": "xterm-256color"}, "iso8859-1")
    assert wants_ascii({"TERM": "xterm-256color"}, "ascii")
    assert not wants_ascii({"TERM": "xterm-256color"}, "utf-8")
    assert wants_ascii({"TERM": "xterm-256color", "ASC_TUI_ASCII": "1"}, "utf-8")
    assert not wants_ascii({"TERM": "linux", "ASC_TUI_ASCII": "0"}, "utf-8")


def test_every_stand_in_is_ascii_and_as_wide_as_its_symbol() -> None:
    for code, stand_in in ASCII_TABLE.items():
        assert stand_in.isascii(), chr(code)
        assert cell_len(stand_in) == cell_len(chr(code)), chr(code)  # nothing shifts
    line = "╭─ Metrics ─╮ ✓ good ~ fair ✗ poor ▁▂▅█ \u203a … ⏎ ◆ blame ▲ ▼ “T”"
    assert line.translate(ASCII_TABLE).isascii()


def test_16_colour_terminals_are_told_apart_from_256_and_truecolor() -> None:
    for term in ("xterm", "screen", "linux", "vt100"):
        assert few_colours({"TERM": term}), term
    assert not few_colours({"TERM": "xterm-256color"})
    assert not few_colours({"TERM": "xterm", "COLORTERM": "truecolor"})
    assert few_colours({"TERM": "xterm-256color", "TEXTUAL_COLOR_SYSTEM": "standard"})
