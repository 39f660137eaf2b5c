"""``asc-tui check``: a performance gate for CI. Compares a build (or a version's newest
build) with a base (by default the newest build of the version before), checks rules
from flags and a TOML file, writes a report, and exits 0 (pass), 7 (a rule failed) or
8 (not enough data yet); credential, API and network problems exit as in every command
(1, 3 to 6, 9, 10: ``exit_codes.py``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AscError
from .common import add_connection_flags
from .compare import add_dimension_flags, fetch_pair
from .exit_codes import EXIT_NOT_ENOUGH_DATA, EXIT_OK, EXIT_RULE_FAILED, EXIT_USAGE, report_error
from .reports import add_format_flags, write_reports

if TYPE_CHECKING:
    from ..metrics.rules import Rules

FORMATS = ("text", "json", "csv", "markdown", "junit")

EXIT_CODES = (
    "exit codes: 0 every rule passed, 7 a rule failed, 8 not enough data yet (Apple has "
    "not collected enough usage for a build or metric: try again later), 1 no usable "
    "credentials or another error, 2 usage or a bad rule, 3 key rejected (401), "
    "4 forbidden (403), 5 network or server down (5xx), 6 other API error, 9 not found "
    "(404), 10 rate limited (429)"
)


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        help="a performance gate for CI: fail when a build regressed",
        description=(
            "Compare a build with a base build and check rules: how much each metric may "
            "regress, the goal it must meet, no new diagnostic signatures, no regression "
            "reported by Apple. Without any rule: --max-regress 10% on every metric."
        ),
        epilog=EXIT_CODES,
    )
    parser.add_argument("--app", metavar="APP_ID", required=True, help="the app")
    head = parser.add_mutually_exclusive_group(required=True)
    head.add_argument("--build", metavar="BUILD_ID", help="the build to check")
    head.add_argument("--version", metavar="V", help="the version to check (its newest build)")
    base = parser.add_mutually_exclusive_group()
    base.add_argument(
        "--base",
        metavar="BUILD_ID",
        help="compare with this build (default: the newest build of the version before)",
    )
    base.add_argument(
        "--base-version", metavar="V", help="compare with this version's newest build"
    )
    parser.add_argument("--rules", metavar="FILE", help="rules file (TOML; see the README)")
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="RULE",
        help='a rule, e.g. "launchTime p90 all_iphones max_regress=10%%" or '
        '"hangRate goal=fair" (repeatable)',
    )
    parser.add_argument(
        "--max-regress",
        metavar="LIMIT",
        help='every metric may get at most this much worse: "10%%" or an amount in its unit',
    )
    parser.add_argument(
        "--goal", metavar="G", help="every metric with goals must be at least good, fair or poor"
    )
    parser.add_argument(
        "--no-new-signatures",
        action="append",
        default=[],
        metavar="TYPE",
        help="fail on new signatures of this type: hangs, disk-writes, launches or all "
        "(repeatable)",
    )
    parser.add_argument(
        "--fail-on-apple-regressions",
        action="store_true",
        help="fail when Apple reports a regression for the head build's version",
    )
    add_dimension_flags(parser)
    add_format_flags(parser, FORMATS)
    add_connection_flags(parser)
    parser.set_defaults(run=run_check)


def rules_from_args(args: argparse.Namespace) -> Rules:
    """Rules from --rules FILE, then --rule, --max-regress, --goal and the switches; with
    none at all, --max-regress 10% on every metric."""
    from ..metrics.rules import (
        DEFAULT_DEVICE,
        DEFAULT_MAX_REGRESS,
        Rules,
        load_rules_file,
        metric_rule,
        parse_rule_line,
        signature_types,
    )
    from ..metrics.view import percentile_id

    device = args.device or DEFAULT_DEVICE
    percentile = percentile_id(args.percentile or "p50")
    rules = load_rules_file(Path(args.rules)) if args.rules else Rules()
    lines = [parse_rule_line(r, device=device, percentile=percentile) for r in args.rule]
    every: dict[str, object] = {}
    if args.max_regress:
        every["max_regress"] = args.max_regress
    if args.goal:
        every["goal"] = args.goal
    if every:
        lines.append(metric_rule({"metric": "*", **every}, device=device, percentile=percentile))
    flags = Rules(
        tuple(lines),
        signature_types(args.no_new_signatures),
        args.fail_on_apple_regressions,
        ("flags",),
    )
    rules = rules.merged(flags)
    if rules.empty:
        default = {"metric": "*", "max_regress": DEFAULT_MAX_REGRESS}
        rules = Rules((metric_rule(default, device=device, percentile=percentile),))
    return rules


def run_check(args: argparse.Namespace) -> int:
    try:
        return _check(args)
    except AscError as error:
        from ..metrics.rules import RulesError

        code = report_error(error, command="check")
        return EXIT_USAGE if isinstance(error, RulesError) else code


def _check(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from ..metrics.export import to_csv
    from ..metrics.gate import FAIL, NO_DATA, evaluate
    from ..metrics.gate_output import gate_junit, gate_markdown, gate_text, status_line
    from ..metrics.pair import flat_rows, gate_document, to_json

    rules = rules_from_args(args)
    pair = asyncio.run(
        fetch_pair(
            args,
            head_build=args.build,
            head_version=args.version,
            base_build=args.base,
            base_version=args.base_version,
            categories=[],
        )
    )
    gate = evaluate(
        rules,
        pair.base.report,
        pair.head.report,
        pair.signatures,
        base_label=pair.base.label,
        head_label=pair.head.label,
        head_version=pair.head.build.marketing_version,
    )
    checked = [r.comparison for r in gate.results if r.comparison is not None]
    pair = replace(pair, rows=tuple(dict.fromkeys(checked)))
    code = {FAIL: EXIT_RULE_FAILED, NO_DATA: EXIT_NOT_ENOUGH_DATA}.get(gate.status, EXIT_OK)
    renderers = {
        "json": lambda: to_json(gate_document(pair, gate, code)),
        "csv": lambda: to_csv(flat_rows(pair, gate)),
        "markdown": lambda: gate_markdown(pair, gate),
        "junit": lambda: gate_junit(pair, gate),
        "text": lambda: gate_text(pair, gate),
    }
    write_reports(args, FORMATS, lambda fmt: renderers[fmt]())
    if args.output or (args.format or "text") != "text":
        summary = f"{pair.base.label} → {pair.head.label}: {status_line(gate)}"
        print(f"asc-tui check {summary}", file=sys.stderr)
    return code
