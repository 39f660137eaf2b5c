"""The line above the footer: the screen's counts on the left; the demo badge, the data
source and the remaining API budget on the right."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..formatting import visible_text


def short_budget(budget: Text) -> Text:
    """ "API 3592/3600 left this hour" as "API 3592/3600"."""
    words = budget.plain.split(" left ", 1)
    return Text(words[0], style=budget.style) if len(words) == 2 else budget


class StatusLine(Widget):
    """When everything does not fit, the source label is shortened first, then the API
    budget (to its numbers, then away) so the screen's own part keeps at least half the
    line, and last the left part; at 80 columns the budget stays visible."""

    left: reactive[Text] = reactive(Text, layout=False)
    badge: reactive[Text] = reactive(Text, layout=False)
    source: reactive[Text] = reactive(Text, layout=False)
    budget: reactive[Text] = reactive(Text, layout=False)

    def render(self) -> Text:
        width = max(self.size.width, 1)
        left, source = visible_text(self.left).copy(), visible_text(self.source).copy()
        keep = min(left.cell_len, width // 2 + 4)  # the screen's own part keeps this much
        for budget in (self.budget, short_budget(self.budget), Text()):
            fixed = self.badge.cell_len + budget.cell_len + 4
            if width - fixed >= keep:
                break
        room = width - left.cell_len - fixed
        if source.cell_len > room:
            source = source[: room - 1] + Text("…", style="dim") if room > 8 else Text()
        right = Text.assemble(
            self.badge,
            " " if self.badge and (source or budget) else "",
            source,
            "  " if source and budget else "",
            budget,
        )
        if left.cell_len + right.cell_len + 1 > width:
            left.truncate(max(width - right.cell_len - 1, 0), overflow="ellipsis")
        gap = max(width - left.cell_len - right.cell_len, 1)
        text = Text.assemble(left, " " * gap, right, no_wrap=True)
        text.truncate(width)
        return text
