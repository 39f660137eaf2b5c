"""``asc-tui metrics compare BASE HEAD`` (or ``--app ID --versions 4.4 4.5``): every metric
of two builds side by side, with Δ, Δ %, goals and direction, and the diagnostic
signatures new or gone between them. The numbers come from ``metrics.compare``, as in the
TUI's compare screen."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from .common import add_connection_flags, api_client
from .exit_codes import EXIT_OK, EXIT_USAGE
from .reports import add_format_flags, write_reports

if TYPE_CHECKING:
    from ..metrics.pair import PairReport

FORMATS = ("text", "json", "csv", "markdown")
COMMAND = "metrics-compare"
"""Registered under this name; ``asc-tui metrics compare …`` is rewritten to it."""


def register(sub: Any) -> None:
    parser = sub.add_parser(
        COMMAND,
        prog="asc-tui metrics compare",
        help="two builds' metrics side by side (also: asc-tui metrics compare)",
        description=(
            "Compare two builds: every metric for the chosen device(s) and percentile(s): "
            "base, head, Δ, Δ %, each one's goal, worse/better by the metric's direction; "
            "and the diagnostic signatures new or gone between them."
        ),
    )
    parser.add_argument("builds", nargs="*", metavar="BUILD_ID", help="BASE and HEAD build IDs")
    parser.add_argument("--app", metavar="APP_ID", help="with --versions: the app")
    parser.add_argument(
        "--versions", nargs=2, metavar=("BASE", "HEAD"), help="two marketing versions"
    )
    add_dimension_flags(parser)
    parser.add_argument(
        "--category",
        metavar="TYPE",
        action="append",
        default=[],
        help="only this metric category, e.g. LAUNCH (repeatable)",
    )
    add_format_flags(parser, FORMATS)
    add_connection_flags(parser)
    parser.set_defaults(run=run_compare)


def add_dimension_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--device",
        metavar="D",
        help="device identifier, or all (default: all_iphones when present)",
    )
    parser.add_argument(
        "--percentile", metavar="P", help="p50 (default), p90, Apple's identifier, or all"
    )


def with_rows(pair: PairReport, percentile: str | None, device: str | None) -> PairReport:
    """The pair with its comparison rows for ``percentile`` and ``device`` (``all`` = every
    one either build has; None = the default, as the TUI picks it)."""
    from dataclasses import replace

    from ..metrics.compare import ALL, compare_all, dimension_union
    from ..metrics.view import default_device, default_percentile, percentile_id, percentile_short

    reports = [pair.base.report, pair.head.report]
    if all(r.is_empty for r in reports):
        return pair
    percentiles, devices = dimension_union(reports)
    source = pair.head.report if not pair.head.report.is_empty else pair.base.report
    if percentile is None:
        chosen_p = [default_percentile(source) or ""]
    elif percentile.lower() == ALL:
        chosen_p = percentiles
    else:
        chosen_p = [percentile_id(percentile)]
        if chosen_p[0] not in percentiles:
            raise UsageError(
                f"No {percentile!r} percentile in these builds.",
                hint=f"Percentiles: {', '.join(map(percentile_short, percentiles))}, or all.",
            )
    if device is None:
        chosen_d = [default_device(source) or ""]
    elif device.lower() == ALL:
        chosen_d = devices
    else:
        chosen_d = [device]
        if device not in devices:
            raise UsageError(
                f"No device {device!r} in these builds.",
                hint=f"Devices: {', '.join(devices)}, or all.",
            )
    rows = compare_all(pair.base.report, pair.head.report, chosen_p, chosen_d)
    return replace(pair, rows=tuple(rows))


async def fetch_pair(
    args: argparse.Namespace,
    *,
    head_build: str | None,
    head_version: str | None,
    base_build: str | None,
    base_version: str | None,
    categories: list[str],
) -> PairReport:
    from .build_pair import choose_pair, load_pair

    async with api_client(args) as client:
        base, head = await choose_pair(
            client,
            app_id=args.app,
            head_build=head_build,
            head_version=head_version,
            base_build=base_build,
            base_version=base_version,
        )
        return await load_pair(client, base, head, categories=categories)


def run_compare(args: argparse.Namespace) -> int:
    from ..metrics.export import to_csv
    from ..metrics.gate_output import compare_markdown, compare_text
    from ..metrics.pair import flat_rows, pair_document, to_json

    if args.versions and not args.app:
        return usage("--versions needs --app APP_ID")
    if bool(args.versions) == bool(args.builds) or (args.builds and len(args.builds) != 2):
        return usage("give two build IDs (BASE HEAD), or --app APP_ID --versions BASE HEAD")
    base_id, head_id = args.builds if args.builds else (None, None)
    base_v, head_v = args.versions if args.versions else (None, None)
    pair = asyncio.run(
        fetch_pair(
            args,
            head_build=head_id,
            head_version=head_v,
            base_build=base_id,
            base_version=base_v,
            categories=[c.upper() for c in args.category],
        )
    )
    pair = with_rows(pair, args.percentile, args.device)
    for label in pair.empty_labels:
        print(
            f"asc-tui: not enough data for {label} yet: Apple needs more usage before it "
            "reports metrics.",
            file=sys.stderr,
        )
    renderers = {
        "json": lambda: to_json(pair_document(pair)),
        "csv": lambda: to_csv(flat_rows(pair)),
        "markdown": lambda: compare_markdown(pair),
        "text": lambda: compare_text(pair),
    }
    write_reports(args, FORMATS, lambda fmt: renderers[fmt]())
    return EXIT_OK


def usage(message: str) -> int:
    print(f"asc-tui metrics compare: {message}", file=sys.stderr)
    return EXIT_USAGE
