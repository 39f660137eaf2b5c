"""Above the call stacks: the signature, the selected log's metadata and the insights."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ...api.diagnostic_logs import DiagnosticLog, LogInsight
from ...api.signatures import DiagnosticSignature
from ...safe_text import visible
from ..formatting import cut_lines, diagnostic_type_label

METADATA_FIELDS = (
    ("event", "Event"),
    ("osVersion", "OS"),
    ("deviceType", "Device"),
    ("platformArchitecture", "Arch"),
    ("writesCaused", "Writes caused"),
)


def app_version(metadata: dict[str, str]) -> str:
    version, build = metadata.get("appVersion", ""), metadata.get("buildVersion", "")
    return f"{version} ({build})" if version and build else version or build


def header_text(
    signature: DiagnosticSignature,
    log: DiagnosticLog | None,
    index: int,
    count: int,
    insights: Sequence[LogInsight],
    missing: str = "",
) -> Text:
    """``missing``: what to say when there is no log to show (loading, failed, none);
    ``count`` 0: how many logs there are is not known yet (the file is being read)."""
    text = Text(no_wrap=False)
    if signature.diagnostic_type:
        text.append(
            f"{visible(diagnostic_type_label(signature.diagnostic_type))} ", style="bold magenta"
        )
    if 0 <= signature.weight <= 1:  # a saved file opened offline does not know it (-1)
        text.append(f"{signature.weight * 100:.1f}%  ", style="dim")
    text.append(visible(signature.signature), style="bold")
    if log is None:
        if missing:
            text.append(f"\n{missing}", style="italic")
        return text
    meta = log.metadata
    of = f"/{count}" if count else " (reading the rest of the log…)"
    text.append(f"\nLog {index + 1}{of}", style="bold")
    if count > 1:
        text.append(" ([ ] switch)", style="dim")
    parts = [(label, meta.get(key, "")) for key, label in METADATA_FIELDS[:3]]
    parts.insert(3, ("App", app_version(meta)))
    parts.extend((label, meta.get(key, "")) for key, label in METADATA_FIELDS[3:])
    for label, value in parts:
        if value:
            text.append(f" · {label}: ", style="dim")
            text.append(visible(value))
    detail = meta.get("eventDetail", "")
    if detail:
        text.append("\n")
        text.append(visible(detail, multiline=True), style="italic")
    for insight in insights:
        text.append("\n• ", style="cyan")
        if insight.category:
            text.append(f"{visible(insight.category)}: ", style="bold cyan")
        text.append(visible(insight.text, multiline=True))
    return text


def header_lines(screen_height: int) -> int:
    """How many lines the header may take: 8, fewer on a short terminal (the call stacks
    keep most of it)."""
    return min(8, max(2, (screen_height - 8) // 2))


def fit_text(text: Text, lines: list[Text], limit: int) -> Text:
    """``text`` (already wrapped into ``lines``) cut to ``limit`` lines, the last one
    saying how much more there is and which key shows it."""
    if len(lines) <= limit:
        return text
    kept = cut_lines(lines, limit, lambda n: f"… {n} more line{'s' if n > 1 else ''} (i shows all)")
    return Text("\n").join(kept)


class LogHeader(Static):
    """The header text, cut to fit with a note when the terminal is short or narrow."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.full_text = Text()
        self.cut = False
        """Whether some of ``full_text`` is not shown."""

    def show(
        self,
        signature: DiagnosticSignature,
        log: DiagnosticLog | None,
        index: int = 0,
        count: int = 0,
        insights: Sequence[LogInsight] = (),
        *,
        missing: str = "",
    ) -> None:
        self.full_text = header_text(signature, log, index, count, insights, missing)
        self.fit()

    def fit(self) -> None:
        """Show as much of the header as its share of the screen allows."""
        width = self.scrollable_content_region.width or self.screen.size.width - 2
        if width <= 0:
            self.cut = False
            self.update(self.full_text)
            return
        lines = list(self.full_text.wrap(self.app.console, width))
        limit = header_lines(self.screen.size.height)
        self.cut = len(lines) > limit
        self.update(fit_text(self.full_text, lines, limit))
