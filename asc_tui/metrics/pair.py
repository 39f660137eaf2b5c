"""Two builds as the command line compares them: who they are, their metrics reports and
the signatures that are new or gone between them, as rows for JSON and CSV."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..api.builds import Build
from ..api.metrics_report import MetricsReport
from .compare import Comparison
from .export import comparison_row
from .gate import GateResult
from .signature_diff import SignatureChange


@dataclass(frozen=True, slots=True)
class BuildSide:
    build: Build
    report: MetricsReport

    @property
    def label(self) -> str:
        return self.build.display_version

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.build.id,
            "version": self.build.marketing_version or "",
            "build": self.build.version,
            "enoughData": not self.report.is_empty,
        }


@dataclass(frozen=True, slots=True)
class PairReport:
    base: BuildSide
    head: BuildSide
    rows: tuple[Comparison, ...]
    signatures: tuple[SignatureChange, ...]

    @property
    def empty_labels(self) -> list[str]:
        return [side.label for side in (self.base, self.head) if side.report.is_empty]


def signature_row(change: SignatureChange) -> dict[str, object]:
    return {
        "change": change.change,
        "type": change.diagnostic_type,
        "weight": change.weight,
        "signature": change.signature,
    }


def pair_document(pair: PairReport) -> dict[str, object]:
    return {
        "base": pair.base.as_json(),
        "head": pair.head.as_json(),
        "metrics": [comparison_row(r) for r in pair.rows],
        "signatures": {
            kind: [signature_row(c) for c in pair.signatures if c.change == kind]
            for kind in ("new", "gone")
        },
    }


def gate_document(pair: PairReport, gate: GateResult, exit_code: int) -> dict[str, object]:
    return {
        "status": gate.status,
        "exitCode": exit_code,
        "rules": [
            {
                "rule": r.rule,
                "status": r.status,
                "message": r.message,
                **(comparison_row(r.comparison) if r.comparison is not None else {}),
            }
            for r in gate.results
        ],
        **pair_document(pair),
    }


def flat_rows(pair: PairReport, gate: GateResult | None = None) -> list[dict[str, object]]:
    """One table for CSV: rule results (with ``gate``), metric rows, signature changes;
    ``kind`` says which a row is."""
    rows: list[dict[str, object]] = []
    for result in gate.results if gate else ():
        row: dict[str, object] = {"kind": "rule", "rule": result.rule, "status": result.status}
        row["message"] = result.message
        rows.append(row)
    rows += [{"kind": "metric", **comparison_row(r)} for r in pair.rows]
    rows += [{"kind": "signature", **signature_row(c)} for c in pair.signatures]
    return rows


def to_json(document: dict[str, object]) -> str:
    """Lossless: every value as received (control characters escaped by JSON itself)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
