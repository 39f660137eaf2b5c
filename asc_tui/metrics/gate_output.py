"""``metrics compare`` and ``check`` for people: plain text, a Markdown summary for a pull
request or release note (▲ worse / ▼ better, goal marks ✓ ~ ✗), and JUnit XML so that CI
systems show each failed rule as a failed test. JSON and CSV are in :mod:`.pair`.

Text from the API (signatures, insight summaries) is shown through the one sanitiser,
``safe_text.visible``, so control characters never reach a terminal, a PR comment or XML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..safe_text import visible as shown
from .compare import Comparison
from .gate import FAIL, NO_DATA, PASS, GateResult
from .numbers import GOAL_MARKS, VERDICT_ARROWS, metric_number, number
from .pair import PairReport
from .signature_diff import SignatureChange
from .view import percentile_short

STATUS_WORDS = {PASS: "PASS", FAIL: "FAIL", NO_DATA: "NO DATA"}
STATUS_MARKS = {PASS: "✅ pass", FAIL: "❌ fail", NO_DATA: "⏳ no data"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
SIGNATURES_SHOWN = 20


def signed(value: float | None, suffix: str = "") -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + metric_number(value) + suffix


def with_goal(value: float | None, goal: str | None) -> str:
    mark = GOAL_MARKS.get(goal or "", "")
    return f"{metric_number(value)} {mark}".rstrip()


def percent_cell(row: Comparison) -> str:
    arrow = VERDICT_ARROWS[row.verdict]
    percent = row.percent
    text = "—" if percent is None else ("+" if percent > 0 else "") + number(percent) + "%"
    return f"{arrow} {text}" if arrow else text


def title(pair: PairReport) -> str:
    return f"{shown(pair.base.label)} → {shown(pair.head.label)}"


def status_line(gate: GateResult) -> str:
    failed = len(gate.failed)
    total = len(gate.results)
    if gate.status == FAIL:
        return f"FAIL: {failed} of {total} checks failed"
    if gate.status == NO_DATA:
        if gate.empty_builds:
            return f"NOT ENOUGH DATA yet for {shown(', '.join(gate.empty_builds))}"
        missing = sum(r.status == NO_DATA for r in gate.results)
        return f"NOT ENOUGH DATA: {missing} of {total} checks have no data yet"
    return f"PASS: all {total} checks passed"


# -- text --------------------------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return lines


METRIC_HEADER = ("metric", "device", "pct", "unit", "base", "head", "Δ", "Δ %", "")


def metric_cells(row: Comparison) -> list[str]:
    return [
        shown(row.metric),
        shown(row.device),
        percentile_short(row.percentile),
        shown(row.unit),
        with_goal(row.base, row.base_goal),
        with_goal(row.other, row.other_goal),
        signed(row.delta),
        percent_cell(row),
        "" if row.verdict in ("same", "n/a") else row.verdict,
    ]


def signature_lines(pair: PairReport) -> list[str]:
    if pair.empty_labels:
        return ["Signatures: not compared until both builds have data."]
    changes = pair.signatures
    lines = []
    for kind, heading in (("new", "New signatures"), ("gone", "Gone signatures")):
        found = [c for c in changes if c.change == kind]
        lines.append(f"{heading}: {len(found) or 'none'}")
        for change in found[:SIGNATURES_SHOWN]:
            weight = f"{change.weight * 100:.0f}%"
            lines.append(
                f"  {shown(change.diagnostic_type):<11} {weight:>4}  {shown(change.signature)}"
            )
        if len(found) > SIGNATURES_SHOWN:
            lines.append(f"  … {len(found) - SIGNATURES_SHOWN} more (--format json lists all)")
    return lines


def compare_text(pair: PairReport) -> str:
    lines = [f"Compare {title(pair)}"]
    for label in pair.empty_labels:
        lines.append(f"Not enough data yet for {shown(label)}: Apple needs more usage.")
    if pair.rows:
        lines += _table(METRIC_HEADER, [metric_cells(r) for r in pair.rows])
    lines += signature_lines(pair)
    return "\n".join(lines) + "\n"


def gate_text(pair: PairReport, gate: GateResult) -> str:
    lines = [f"asc-tui check {title(pair)}: {status_line(gate)}"]
    order = {FAIL: 0, NO_DATA: 1, PASS: 2}
    for result in sorted(gate.results, key=lambda r: order[r.status]):
        word = STATUS_WORDS[result.status]
        lines.append(f"  {word:<7} {shown(result.rule)}: {shown(result.message)}")
    lines += signature_lines(pair)
    return "\n".join(lines) + "\n"


# -- Markdown ----------------------------------------------------------------------


def md(value: object) -> str:
    """Plain text as Markdown table-cell text: no markup, no HTML, no line breaks."""
    text = _MD_SPECIAL.sub(r"\\\1", shown(value))
    return text.replace("<", "&lt;").replace(">", "&gt;")


def _md_table(header: Sequence[str], align: str, rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _md_metrics(rows: Sequence[Comparison]) -> list[str]:
    cells = [
        [
            md(r.metric),
            md(r.device),
            percentile_short(r.percentile),
            f"{with_goal(r.base, r.base_goal)} {md(r.unit)}",
            f"{with_goal(r.other, r.other_goal)} {md(r.unit)}",
            signed(r.delta),
            percent_cell(r),
        ]
        for r in rows
    ]
    header = ("Metric", "Device", "Pct", "Base", "Head", "Δ", "Δ %")
    return _md_table(header, "lllrrrr", cells)


def _md_signatures(changes: Sequence[SignatureChange]) -> list[str]:
    lines: list[str] = []
    for kind, heading in (("new", "New signatures"), ("gone", "Gone signatures")):
        found = [c for c in changes if c.change == kind]
        if not found:
            continue
        lines += ["", f"**{heading}** ({len(found)})", ""]
        cells = [
            [md(c.diagnostic_type), f"{c.weight * 100:.0f}%", md(c.signature)]
            for c in found[:SIGNATURES_SHOWN]
        ]
        lines += _md_table(("Type", "Weight", "Signature"), "lrl", cells)
        if len(found) > SIGNATURES_SHOWN:
            lines.append(f"\n… and {len(found) - SIGNATURES_SHOWN} more.")
    return lines


def compare_markdown(pair: PairReport) -> str:
    lines = [f"### Performance: {md(pair.base.label)} → {md(pair.head.label)}", ""]
    for label in pair.empty_labels:
        lines.append(f"⏳ Not enough data yet for {md(label)}.\n")
    if pair.rows:
        lines += _md_metrics(pair.rows)
    lines += _md_signatures(pair.signatures)
    lines.append("\n<sub>▲ worse · ▼ better · goal ✓ good ~ fair ✗ poor</sub>")
    return "\n".join(lines) + "\n"


def gate_markdown(pair: PairReport, gate: GateResult) -> str:
    mark = STATUS_MARKS[gate.status].split()[0]
    lines = [
        f"### {mark} Performance gate: {md(pair.base.label)} → {md(pair.head.label)}",
        "",
        f"**{md(status_line(gate))}**",
        "",
    ]
    order = {FAIL: 0, NO_DATA: 1, PASS: 2}
    results = sorted(gate.results, key=lambda r: order[r.status])
    cells = [[md(r.rule), STATUS_MARKS[r.status], md(r.message)] for r in results]
    lines += _md_table(("Rule", "Status", "Detail"), "lll", cells)
    metrics = [r.comparison for r in results if r.comparison is not None]
    unique = list(dict.fromkeys(metrics))
    if unique:
        lines += ["", "<details><summary>Metrics checked</summary>", ""]
        lines += _md_metrics(unique)
        lines += ["", "</details>"]
    lines += _md_signatures(pair.signatures)
    lines.append("\n<sub>▲ worse · ▼ better · goal ✓ good ~ fair ✗ poor</sub>")
    return "\n".join(lines) + "\n"


# -- JUnit XML ---------------------------------------------------------------------


_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """:func:`shown`, and without the few characters XML 1.0 cannot hold at all."""
    return _NOT_XML.sub("\ufffd", shown(value))


def gate_junit(pair: PairReport, gate: GateResult) -> str:
    """One test case per check; a failed rule is a ``<failure>``, one without data is
    ``<skipped>``. Readable by GitHub Actions, GitLab, Jenkins and the like."""
    failures = sum(r.status == FAIL for r in gate.results)
    skipped = sum(r.status == NO_DATA for r in gate.results)
    name = xml_text(f"asc-tui check {pair.base.label} → {pair.head.label}")
    counts = {"tests": str(len(gate.results)), "failures": str(failures), "errors": "0"}
    root = ET.Element("testsuites", {"name": "asc-tui check", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": name, **counts, "skipped": str(skipped)})
    for result in gate.results:
        case = ET.SubElement(
            suite, "testcase", {"classname": "asc-tui.check", "name": xml_text(result.rule)}
        )
        if result.status == FAIL:
            failure = ET.SubElement(case, "failure", {"message": xml_text(result.message)})
            failure.text = xml_text(result.message)
        elif result.status == NO_DATA:
            ET.SubElement(case, "skipped", {"message": xml_text(result.message)})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
