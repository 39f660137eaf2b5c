"""The top line: where you are, e.g. ``asc-tui > Lumen [Beta] Notes > 2.3 (412)``.

Too long for the terminal, it gives up the start and the middle, never the end: where you
are is the one thing it must show (``Trailhead > ... > ONE_TIME_SNAPSHOT > App Crashes``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ...safe_text import visible
from ..glyphs import glyphs

ROOT = "asc-tui"


def separator() -> str:
    return f" {glyphs().crumb} "


def _candidates(parts: Sequence[str]) -> Iterator[list[str]]:
    """From the whole path to the shortest that still ends with the current place."""
    gap = glyphs().ellipsis
    yield [ROOT, *parts]
    if not parts:
        return
    yield list(parts)
    for kept in range(len(parts) - 2, 0, -1):  # the first (the app) and the last few
        yield [parts[0], gap, *parts[-kept:]]
    for kept in range(len(parts) - 1, 0, -1):
        yield [gap, *parts[-kept:]]


def fit_parts(parts: Sequence[str], width: int | None) -> list[str]:
    """The crumbs to draw in ``width`` cells: cut from the left and middle; the current
    place last, itself cut at its start when even it alone is too long."""
    sep = cell_len(separator())
    for candidate in _candidates(parts):
        if width is None or sum(map(cell_len, candidate)) + sep * (len(candidate) - 1) <= width:
            return candidate
    last = parts[-1] if parts else ROOT
    gap = glyphs().ellipsis
    room = max(width or 0, 2) - cell_len(gap)
    while last and cell_len(last) > room:
        last = last[1:]
    return [gap + last]


def breadcrumb_text(parts: Sequence[str], width: int | None = None) -> Text:
    shown = fit_parts([visible(part) for part in parts], width)
    text = Text(no_wrap=True, overflow="ellipsis", end="")
    for index, part in enumerate(shown):
        if index:
            text.append(separator(), style="dim")
        last = index == len(shown) - 1
        text.append(part, style="bold" if last or part == ROOT else "")
    return text


class Breadcrumbs(Widget):
    DEFAULT_CSS = """
    Breadcrumbs {
        height: 1;
    }
    """

    def __init__(self, parts: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts = list(parts)

    def render(self) -> Text:
        return breadcrumb_text(self.parts, self.content_size.width or None)
