"""The TUI's compare screen and ``asc-tui metrics compare`` give the same numbers: both
go through ``metrics.compare``. The screen runs on the in-process demo, the command in its
own process on its own demo server over loopback HTTP (``python -m asc_tui --demo``); the
data is the same seeded data."""

from __future__ import annotations

import asyncio
import json
import sys
from asyncio.subprocess import PIPE
from pathlib import Path

import pytest

from asc_tui.api.client import AscClient
from asc_tui.demo.data.landmarks import BIG_APP_ID, GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID
from asc_tui.files.locations import EXPORT_DIR_ENV
from asc_tui.metrics.view import P50, P90, percentile_short
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.compare import CompareScreen
from tests.support.ui import press, screen_text, settle, top

MARKS = {"good": "✓", "fair": "~", "poor": "✗"}
percentile_of = {"p50": P50, "p90": P90}


async def test_tui_and_cli_compare_agree(
    store: Store, client: AscClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EXPORT_DIR_ENV, str(tmp_path))
    app_model = await client.get_app(BIG_APP_ID)
    base = await client.get_build(GATE_PASS_HEAD_BUILD_ID)
    head = await client.get_build(HUGE_LOG_BUILD_ID)
    app = AscApp(store)
    screens: dict[str, list[dict[str, object]]] = {}
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_compare((app_model, base), (app_model, head))
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, CompareScreen)
        for _ in range(2):
            screens[percentile_short(screen.percentile)] = [
                {
                    "metric": r.metric,
                    "device": r.device,
                    "base": r.base,
                    "head": r.other,
                    "delta": r.delta,
                    "percent": r.percent,
                    "verdict": r.verdict,
                    "baseGoal": r.base_goal,
                    "headGoal": r.other_goal,
                }
                for r in screen.rows
            ]
            launch = next(r for r in screen.rows if r.metric == "launchTime")
            line = next(ln for ln in screen_text(app).splitlines() if " launchTime " in ln)
            assert launch.base_goal and launch.other_goal  # each value shows its goal band
            assert f"{launch.base:,.0f} {MARKS[launch.base_goal]}" in line
            assert f"{launch.other:,.0f} {MARKS[launch.other_goal]}" in line
            await press(pilot, "e", "p")  # export this view, then the next percentile
    assert set(screens) == {"p50", "p90"}
    argv = ["--demo", "metrics", "compare", base.id, head.id, "--json", "--percentile", "all"]
    process = await asyncio.create_subprocess_exec(  # the real command, in its own process
        sys.executable, "-m", "asc_tui", *argv, stdout=PIPE, stderr=PIPE
    )
    out, err = await process.communicate()
    assert process.returncode == 0, err.decode()
    doc = json.loads(out)
    for percentile, rows in screens.items():
        cli = [
            {key: row[key] for key in rows[0]}
            for row in doc["metrics"]
            if row["percentile"] == percentile
        ]
        assert cli == rows and len(rows) == 12
        # the screen's export (e) writes the command's rows, plus the two builds' names
        (exported,) = tmp_path.glob(f"compare-*-{percentile_of[percentile]}-all_iphones.json")
        screen_rows = json.loads(exported.read_text(encoding="utf-8"))
        assert {(r.pop("baseBuild"), r.pop("headBuild")) for r in screen_rows} == {
            ("4.4 (925)", "4.5 (953)")
        }
        assert screen_rows == [r for r in doc["metrics"] if r["percentile"] == percentile]
