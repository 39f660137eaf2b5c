"""Diagnostic signatures of a build (``diagnosticSignatures`` resource) and Apple's
insights on them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ._coerce import as_dict, as_dicts, as_float, as_str


@dataclass(frozen=True, slots=True)
class ReferenceValue:
    """A metric's value in an earlier version that an insight compares with."""

    version: str
    value: float | None


@dataclass(frozen=True, slots=True)
class SignatureInsight:
    """Apple's insight on a diagnostic signature: which way it moved, against which versions."""

    insight_type: str
    direction: str
    """UP, DOWN or UNDEFINED."""
    reference_versions: tuple[ReferenceValue, ...] = ()

    @classmethod
    def from_json(cls, data: Any) -> SignatureInsight | None:
        obj = as_dict(data)
        if not obj:
            return None
        return cls(
            insight_type=as_str(obj.get("insightType")),
            direction=as_str(obj.get("direction"), "UNDEFINED"),
            reference_versions=tuple(
                ReferenceValue(as_str(ref.get("version")), as_float(ref.get("value")))
                for ref in as_dicts(obj.get("referenceVersions"))
            ),
        )


@dataclass(frozen=True, slots=True)
class DiagnosticSignature:
    """A diagnostic signature of a build (``diagnosticSignatures`` resource)."""

    id: str
    diagnostic_type: str
    """DISK_WRITES, HANGS or LAUNCHES (or something newer)."""
    signature: str
    weight: float
    insight: SignatureInsight | None = None

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> DiagnosticSignature:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            diagnostic_type=as_str(attrs.get("diagnosticType"), "UNKNOWN"),
            signature=as_str(attrs.get("signature")) or "(no signature)",
            weight=as_float(attrs.get("weight")) or 0.0,
            insight=SignatureInsight.from_json(attrs.get("insight")),
        )
