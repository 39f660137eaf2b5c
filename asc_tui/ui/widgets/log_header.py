"""Above the call stacks: the signature, the selected log's metadata and the insights."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from ...api.logs import DiagnosticLog, LogInsight
from ...api.models import DiagnosticSignature
from ..formatting import diagnostic_type_label

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
) -> Text:
    text = Text(no_wrap=False)
    if signature.diagnostic_type:
        text.append(f"{diagnostic_type_label(signature.diagnostic_type)} ", style="bold magenta")
    if signature.weight >= 0:  # a saved file opened offline does not know it (-1)
        text.append(f"{signature.weight * 100:.1f}%  ", style="dim")
    text.append(signature.signature, style="bold")
    if log is None:
        text.append("\nNo logs for this signature yet.", style="italic")
        return text
    meta = log.metadata
    text.append(f"\nLog {index + 1}/{count}", style="bold")
    if count > 1:
        text.append(" ([ ] switch)", style="dim")
    parts = [(label, meta.get(key, "")) for key, label in METADATA_FIELDS[:3]]
    parts.insert(3, ("App", app_version(meta)))
    parts.extend((label, meta.get(key, "")) for key, label in METADATA_FIELDS[3:])
    for label, value in parts:
        if value:
            text.append(f" · {label}: ", style="dim")
            text.append(value)
    detail = meta.get("eventDetail", "")
    if detail:
        text.append("\n")
        text.append(detail, style="italic")
    for insight in insights:
        text.append("\n• ", style="cyan")
        if insight.category:
            text.append(f"{insight.category}: ", style="bold cyan")
        text.append(insight.text)
    return text


class LogHeader(Static):
    def show(
        self,
        signature: DiagnosticSignature,
        log: DiagnosticLog | None,
        index: int = 0,
        count: int = 0,
        insights: Sequence[LogInsight] = (),
    ) -> None:
        self.update(header_text(signature, log, index, count, insights))
