"""The CI gate's rules: what may not get worse between two builds. Read from flags
(``--max-regress 10%``, ``--rule "launchTime p90 all_iphones max_regress=10%"``) or a TOML
file (``--rules asc-perf.toml``, read with the standard library's ``tomllib``).

A rule file::

    device = "all_iphones"          # default device of the rules below (default all_iphones)
    percentile = "p50"              # default percentile (p50, p90, or "all")
    fail_on_apple_regressions = true
    no_new_signatures = ["HANGS"]   # HANGS, DISK_WRITES, LAUNCHES, or "ALL"
    rules = ["launchTime p90 all_iphones max_regress=10%", "hangRate goal=fair"]

    [[rule]]                        # the same as a table
    metric = "peakMemory"           # a metric identifier, or "*" for every metric
    max_regress = "5%"              # or a number: the most it may grow in its own unit
    goal = "fair"                   # the head build must be at least this good
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AscError
from .compare import ALL
from .view import P50, PERCENTILE_ALIASES, percentile_id, percentile_short

GOALS = ("poor", "fair", "good")
"""Goal bands, worst first: ``goal = "fair"`` passes fair and good."""
DIAGNOSTIC_TYPES = ("HANGS", "DISK_WRITES", "LAUNCHES")
DEFAULT_DEVICE = "all_iphones"
DEFAULT_MAX_REGRESS = "10%"
"""What ``asc-tui check`` uses when no rule is given at all."""


class RulesError(AscError):
    """A rule that cannot be understood (a flag or the rules file)."""

    hint = "See the rules file format in the README (asc-tui check --help lists the flags)."


@dataclass(frozen=True, slots=True)
class Limit:
    """How much a metric may get worse: a percentage of the base value, or an amount in
    the metric's own unit."""

    amount: float
    percent: bool

    @classmethod
    def parse(cls, value: object) -> Limit:
        if isinstance(value, bool):
            raise RulesError(f"max_regress must be a percentage or a number, not {value!r}.")
        if isinstance(value, int | float):
            return cls(float(value), percent=False)
        text = str(value).strip()
        percent = text.endswith("%")
        try:
            amount = float(text.rstrip("%").strip())
        except ValueError:
            raise RulesError(
                f"max_regress {text!r} is not a percentage or a number.",
                hint='Write it as "10%" (of the base value) or as a number in the metric\'s '
                "unit, e.g. 50 for 50 ms.",
            ) from None
        if amount < 0:
            raise RulesError(f"max_regress {text!r} is negative; use 0 or more.")
        return cls(amount, percent)

    def __str__(self) -> str:
        return f"{self.amount:g}%" if self.percent else f"{self.amount:g}"


@dataclass(frozen=True, slots=True)
class MetricRule:
    metric: str
    """A metric identifier (``launchTime``), or ``*`` for every metric."""
    percentile: str
    """Apple's identifier, or ``all``."""
    device: str
    """A device identifier, or ``all``."""
    max_regress: Limit | None = None
    goal: str | None = None
    """The least goal band the head build may be in (``fair``: fair or good)."""

    @property
    def name(self) -> str:
        parts = [self.metric, percentile_short(self.percentile), self.device]
        if self.max_regress is not None:
            parts.append(f"max_regress={self.max_regress}")
        if self.goal is not None:
            parts.append(f"goal={self.goal}")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Rules:
    metrics: tuple[MetricRule, ...] = ()
    no_new_signatures: tuple[str, ...] = ()
    """Diagnostic types in which the head build may not have new signatures."""
    fail_on_apple_regressions: bool = False
    sources: tuple[str, ...] = field(default=(), compare=False)

    @property
    def empty(self) -> bool:
        return not (self.metrics or self.no_new_signatures or self.fail_on_apple_regressions)

    def merged(self, other: Rules) -> Rules:
        return Rules(
            self.metrics + other.metrics,
            tuple(dict.fromkeys(self.no_new_signatures + other.no_new_signatures)),
            self.fail_on_apple_regressions or other.fail_on_apple_regressions,
            self.sources + other.sources,
        )


def _goal(value: object) -> str:
    text = str(value).strip().lower()
    if text not in GOALS:
        raise RulesError(f"goal {value!r} is not one of good, fair, poor.")
    return text


def metric_rule(
    values: Mapping[str, Any], *, device: str = DEFAULT_DEVICE, percentile: str = P50
) -> MetricRule:
    """A rule from a ``[[rule]]`` table (or a parsed one-line rule)."""
    unknown = set(values) - {"metric", "percentile", "device", "max_regress", "goal"}
    if unknown:
        raise RulesError(
            f"unknown rule setting {sorted(unknown)[0]!r}.",
            hint="A rule has metric, percentile, device, max_regress and goal.",
        )
    metric = str(values.get("metric", "")).strip()
    if not metric:
        raise RulesError("a rule needs a metric (an identifier such as launchTime, or *).")
    limit = values.get("max_regress")
    goal = values.get("goal")
    if limit is None and goal is None:
        raise RulesError(f"the rule for {metric} says neither max_regress nor goal.")
    return MetricRule(
        metric,
        percentile_id(str(values.get("percentile", percentile))),
        str(values.get("device", device)).strip() or device,
        Limit.parse(limit) if limit is not None else None,
        _goal(goal) if goal is not None else None,
    )


def parse_rule_line(
    line: str, *, device: str = DEFAULT_DEVICE, percentile: str = P50
) -> MetricRule:
    """``launchTime p90 all_iphones max_regress=10%``: the metric, then an optional
    percentile and device, then ``key=value`` settings."""
    words = line.split()
    if not words:
        raise RulesError("an empty rule.")
    values: dict[str, Any] = {"metric": words[0]}
    plain: list[str] = []
    for word in words[1:]:
        key, eq, value = word.partition("=")
        if eq:
            values[key.strip()] = value.strip().strip("\"'")
        else:
            plain.append(word)
    for word in plain:
        is_percentile = word.lower() in PERCENTILE_ALIASES or word.startswith("percentile.")
        if is_percentile and "percentile" not in values:
            values["percentile"] = word
        elif "device" not in values:
            values["device"] = word
        else:
            raise RulesError(f"unexpected {word!r} in rule {line!r}.")
    try:
        return metric_rule(values, device=device, percentile=percentile)
    except RulesError as error:
        raise RulesError(f"rule {line!r}: {error.message}", hint=error.hint) from None


def signature_types(values: Iterable[object]) -> tuple[str, ...]:
    found: list[str] = []
    for value in values:
        kind = str(value).strip().upper().replace("-", "_")
        if kind == ALL.upper():
            return DIAGNOSTIC_TYPES
        if kind not in DIAGNOSTIC_TYPES:
            raise RulesError(
                f"no_new_signatures: {value!r} is not a diagnostic type.",
                hint="Use HANGS, DISK_WRITES, LAUNCHES or ALL.",
            )
        found.append(kind)
    return tuple(dict.fromkeys(found))


def rules_from_document(data: Mapping[str, Any], source: str) -> Rules:
    known = {
        "device",
        "percentile",
        "fail_on_apple_regressions",
        "no_new_signatures",
        "rules",
        "rule",
    }
    unknown = set(data) - known
    if unknown:
        raise RulesError(
            f"{source}: unknown setting {sorted(unknown)[0]!r}.",
            hint=f"Top-level settings are {', '.join(sorted(known))}; see the README.",
        )
    device = str(data.get("device", DEFAULT_DEVICE))
    percentile = percentile_id(str(data.get("percentile", "p50")))
    lines = data.get("rules", [])
    tables = data.get("rule", [])
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        raise RulesError(f'{source}: rules must be a list of strings, e.g. ["hangRate goal=fair"].')
    if not isinstance(tables, list) or not all(isinstance(x, dict) for x in tables):
        raise RulesError(f"{source}: rule must be tables, written [[rule]].")
    signatures = data.get("no_new_signatures", [])
    if signatures is True:
        signatures = [ALL]
    elif signatures is False:
        signatures = []
    if not isinstance(signatures, list):
        raise RulesError(f'{source}: no_new_signatures must be a list, e.g. ["HANGS"].')
    apple = data.get("fail_on_apple_regressions", False)
    if not isinstance(apple, bool):
        raise RulesError(f"{source}: fail_on_apple_regressions must be true or false.")
    try:
        metrics = [parse_rule_line(line, device=device, percentile=percentile) for line in lines]
        metrics += [metric_rule(t, device=device, percentile=percentile) for t in tables]
        types = signature_types(signatures)
    except RulesError as error:
        raise RulesError(f"{source}: {error.message}", hint=error.hint) from None
    return Rules(tuple(metrics), types, apple, (source,))


def load_rules_file(path: Path) -> Rules:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RulesError(
            f"Cannot read the rules file {path}: {error.strerror or error}.",
            hint="Check the path given to --rules.",
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RulesError(f"{path} is not valid TOML: {error}.") from None
    return rules_from_document(data, str(path))
