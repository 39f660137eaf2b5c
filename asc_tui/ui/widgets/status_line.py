"""The line above the footer: the screen's counts on the left; the demo badge, the data
source and the remaining API budget on the right."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """When everything does not fit, the source label is shortened first, then the left
    part, so the API budget stays visible at 80 columns."""

    left: reactive[Text] = reactive(Text, layout=False)
    badge: reactive[Text] = reactive(Text, layout=False)
    source: reactive[Text] = reactive(Text, layout=False)
    budget: reactive[Text] = reactive(Text, layout=False)

    def render(self) -> Text:
        width = max(self.size.width, 1)
        left, source = self.left.copy(), self.source.copy()
        fixed = self.badge.cell_len + self.budget.cell_len + 4
        room = width - left.cell_len - fixed
        if source.cell_len > room:
            source = source[: room - 1] + Text("…", style="dim") if room > 8 else Text()
        right = Text.assemble(
            self.badge,
            " " if self.badge and (source or self.budget) else "",
            source,
            "  " if source and self.budget else "",
            self.budget,
        )
        if left.cell_len + right.cell_len + 1 > width:
            left.truncate(max(width - right.cell_len - 1, 0), overflow="ellipsis")
        gap = max(width - left.cell_len - right.cell_len, 1)
        text = Text.assemble(left, " " * gap, right, no_wrap=True)
        text.truncate(width)
        return text
