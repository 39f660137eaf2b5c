"""A build's diagnostic signatures, heaviest first: type, weight with a bar, trend, text."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text

from ...api.signatures import DiagnosticSignature
from ..formatting import diagnostic_type_label, plain, trend_text, weight_bar
from .item_table import ItemTable

COLUMNS = ("Type", "Weight", "Trend", "Signature")


def signature_cells(signature: DiagnosticSignature) -> tuple[Text, ...]:
    return (
        plain(diagnostic_type_label(signature.diagnostic_type)),
        weight_bar(signature.weight),
        trend_text(signature),
        plain(signature.signature),
    )


def by_weight(signatures: Iterable[DiagnosticSignature]) -> list[DiagnosticSignature]:
    return sorted(signatures, key=lambda s: s.weight, reverse=True)


class SignaturesTable(ItemTable[DiagnosticSignature]):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(COLUMNS, signature_cells, lambda s: s.id, id=id)
