"""How the status line shows where the data and the credentials come from.

"environment (not stored)" and "this session only (not stored)" are highlighted (those
credentials are used, never saved); an insecure keyring backend that the user forced gets
a red badge for as long as it is in use. Labels are plain text, never markup.
"""

from __future__ import annotations

from rich.text import Text

from ..auth.source_labels import SOURCE_ENVIRONMENT, SOURCE_SESSION

INSECURE_BADGE = " ⚠ INSECURE KEYRING "


def source_text(label: str) -> Text:
    text = Text(label, style="dim")
    for source in (SOURCE_ENVIRONMENT, SOURCE_SESSION):
        start = label.find(source)
        if start >= 0:
            text.stylize("bold yellow", start, start + len(source))
    return text


def warning_badge() -> Text:
    return Text(INSECURE_BADGE, style="bold white on red")
