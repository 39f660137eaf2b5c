"""The CI gate: two builds' metrics and signatures checked against :mod:`.rules`.

Every rule gives one result per thing it checks (a metric at a percentile and device, a
diagnostic type, an Apple regression): pass, fail, or no-data. The gate fails when any
result fails; otherwise it has "not enough data" when any result (or either build) has
none; otherwise it passes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..api.metrics_report import MetricsReport
from .compare import ALL, Comparison, compare_all, dimension_union
from .direction import lower_is_better
from .insights import about_version
from .rules import GOALS, MetricRule, Rules, RulesError
from .signature_diff import SignatureChange
from .view import percentile_short

PASS, FAIL, NO_DATA = "pass", "fail", "no-data"


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    """The rule's name, with the metric, percentile and device it was checked on."""
    status: str
    message: str
    comparison: Comparison | None = None


@dataclass(frozen=True, slots=True)
class GateResult:
    results: tuple[RuleResult, ...]
    empty_builds: tuple[str, ...]
    """Labels of the builds Apple has no metrics for yet."""

    @property
    def status(self) -> str:
        statuses = {r.status for r in self.results}
        if FAIL in statuses:
            return FAIL
        if NO_DATA in statuses or self.empty_builds:
            return NO_DATA
        return PASS

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.results if r.status == FAIL]


def _regression(row: Comparison) -> tuple[float | None, float | None]:
    """How much worse the head is (amount, percent); negative when better."""
    if row.delta is None:
        return None, None
    sign = 1.0 if lower_is_better(row.metric) else -1.0
    percent = row.percent * sign if row.percent is not None else None
    return row.delta * sign, percent


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.4g}"


def _check_limit(rule: MetricRule, row: Comparison) -> RuleResult:
    limit = rule.max_regress
    assert limit is not None
    name = f"{row.metric} {percentile_short(row.percentile)} {row.device} max_regress={limit}"
    amount, percent = _regression(row)
    if amount is None:
        side = "base" if row.base is None else "head"
        return RuleResult(name, NO_DATA, f"no value for the {side} build", row)
    change = f"{_number(row.base)} → {_number(row.other)} {row.unit}"
    if limit.percent:
        if percent is None:
            return RuleResult(name, NO_DATA, f"{change}: no percentage from a zero base", row)
        worse = percent > limit.amount
        shown = f"{change} ({percent:+.1f}% worse)" if percent > 0 else f"{change} (not worse)"
    else:
        worse = amount > limit.amount
        shown = (
            f"{change} ({amount:+.4g} {row.unit} worse)" if amount > 0 else f"{change} (not worse)"
        )
    verdict = f"more than {limit}" if worse else f"within {limit}"
    return RuleResult(name, FAIL if worse else PASS, f"{shown}: {verdict}", row)


def _check_goal(rule: MetricRule, row: Comparison) -> RuleResult:
    assert rule.goal is not None
    name = f"{row.metric} {percentile_short(row.percentile)} {row.device} goal={rule.goal}"
    if row.other is None:
        return RuleResult(name, NO_DATA, "no value for the head build", row)
    if row.other_goal not in GOALS:
        return RuleResult(name, NO_DATA, f"{row.metric} has no goal bands in this data", row)
    ok = GOALS.index(row.other_goal) >= GOALS.index(rule.goal)
    message = f"{_number(row.other)} {row.unit} is {row.other_goal}"
    message += f" (at least {rule.goal} needed)" if not ok else ""
    return RuleResult(name, PASS if ok else FAIL, message, row)


def _check_known(rules: Rules, reports: Sequence[MetricsReport]) -> None:
    """Rules naming a metric or device the data does not have are a mistake to report,
    not a rule to wait for (unless a build has no data at all yet)."""
    metrics = {metric.identifier for report in reports for _, metric in report.metrics()}
    percentiles, devices = dimension_union(reports)
    for rule in rules.metrics:
        if rule.metric != "*" and rule.metric not in metrics:
            raise RulesError(
                f"rule {rule.name!r}: no metric {rule.metric!r} in these builds.",
                hint=f"Metrics: {', '.join(sorted(metrics))}.",
            )
        if rule.device != ALL and rule.device not in devices:
            raise RulesError(
                f"rule {rule.name!r}: no device {rule.device!r} in these builds.",
                hint=f"Devices: {', '.join(devices)} (or all).",
            )
        if rule.percentile != ALL and rule.percentile not in percentiles:
            raise RulesError(
                f"rule {rule.name!r}: no percentile {rule.percentile!r} in these builds.",
                hint=f"Percentiles: {', '.join(map(percentile_short, percentiles))} (or all).",
            )


def _metric_results(rules: Rules, base: MetricsReport, head: MetricsReport) -> list[RuleResult]:
    percentiles, devices = dimension_union([base, head])
    results: list[RuleResult] = []
    for rule in rules.metrics:
        rows = compare_all(
            base,
            head,
            percentiles if rule.percentile == ALL else [rule.percentile],
            devices if rule.device == ALL else [rule.device],
        )
        for row in rows:
            if rule.metric not in ("*", row.metric):
                continue
            if rule.max_regress is not None:
                results.append(_check_limit(rule, row))
            if rule.goal is not None:
                results.append(_check_goal(rule, row))
    return results


def _signature_results(
    types: Sequence[str], changes: Sequence[SignatureChange]
) -> list[RuleResult]:
    results = []
    for kind in types:
        new = [c for c in changes if c.change == "new" and c.diagnostic_type == kind]
        if not new:
            results.append(RuleResult(f"no_new_signatures {kind}", PASS, f"no new {kind}"))
            continue
        shown = "; ".join(f"{c.signature} ({c.weight * 100:.0f}%)" for c in new[:5])
        more = f"; … {len(new) - 5} more" if len(new) > 5 else ""
        results.append(
            RuleResult(f"no_new_signatures {kind}", FAIL, f"{len(new)} new: {shown}{more}")
        )
    return results


def _apple_results(head: MetricsReport, version: str | None) -> list[RuleResult]:
    found = about_version(head.regressions, version)
    if not found:
        return [RuleResult("fail_on_apple_regressions", PASS, "Apple reports no regression")]
    return [
        RuleResult(
            f"fail_on_apple_regressions {insight.metric}",
            FAIL,
            insight.summary or f"Apple reports a regression in {insight.metric}",
        )
        for insight in found
    ]


def evaluate(
    rules: Rules,
    base: MetricsReport,
    head: MetricsReport,
    changes: Sequence[SignatureChange],
    *,
    base_label: str,
    head_label: str,
    head_version: str | None,
) -> GateResult:
    empty = tuple(
        label for label, report in ((base_label, base), (head_label, head)) if report.is_empty
    )
    if empty:
        why = f"not enough data yet for {', '.join(empty)}"
        names = [r.name for r in rules.metrics]
        names += [f"no_new_signatures {kind}" for kind in rules.no_new_signatures]
        names += ["fail_on_apple_regressions"] if rules.fail_on_apple_regressions else []
        return GateResult(tuple(RuleResult(n, NO_DATA, why) for n in names), empty)
    _check_known(rules, [base, head])
    results = _metric_results(rules, base, head)
    results += _signature_results(rules.no_new_signatures, changes)
    if rules.fail_on_apple_regressions:
        results += _apple_results(head, head_version)
    return GateResult(tuple(results), ())
