"""Diagnostic signatures that are new in one build, or gone since another.

Signatures are matched by type and text. Apple's text ends with the blame frame's offset
into its function (``App: -[Store load] + 120``), which moves whenever that function's code
changes; the offset is ignored when matching, so the same function with moved code is the
same signature, not one new and one gone. The full text is kept for display."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..api.signatures import DiagnosticSignature

_OFFSET = re.compile(r"\s*\+\s*(?:0x[0-9a-fA-F]+|\d+)\s*$")


@dataclass(frozen=True, slots=True)
class SignatureChange:
    change: str
    """ "new" (only in the head build) or "gone" (only in the base build)."""
    diagnostic_type: str
    signature: str
    weight: float
    """The signature's share of its type in the build that has it (0..1)."""


def signature_key(signature: DiagnosticSignature) -> tuple[str, str]:
    return signature.diagnostic_type, _OFFSET.sub("", signature.signature)


def signature_changes(
    base: Sequence[DiagnosticSignature], head: Sequence[DiagnosticSignature]
) -> list[SignatureChange]:
    """New signatures (heaviest first), then gone ones (heaviest first)."""

    def only(
        these: Iterable[DiagnosticSignature], others: Iterable[DiagnosticSignature], change: str
    ) -> list[SignatureChange]:
        known = {signature_key(s) for s in others}
        found = [
            SignatureChange(change, s.diagnostic_type, s.signature, s.weight)
            for s in these
            if signature_key(s) not in known
        ]
        return sorted(found, key=lambda c: (-c.weight, c.diagnostic_type, c.signature))

    return only(head, base, "new") + only(base, head, "gone")
