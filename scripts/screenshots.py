"""Screenshots of the main screens, taken on the in-process demo (no network).

    .venv/bin/python scripts/screenshots.py [--size 120x40] [--out screenshots]

Drives the app with Textual's pilot: apps → "Trailhead: Hike & Run" → its newest build
→ its heaviest HANGS signature (the 10,000-frame log) with the blame frame selected,
the signatures filtered to hangs (`t`), a find in the log (`f`, then `n`), the app's
metrics, a trend and a comparison; then its analytics: report requests → reports → a
download under way → the 210,025-row table sorted by Sessions; the apps and a build at
80x24, a build with NO_COLOR; an app's TestFlight crashes and a crash report; and the
first-run screen.
Saves SVGs and converts them to PNG with ``rsvg-convert`` (Debian: librsvg2-bin; install
fonts-firacode too, the font Textual's SVGs ask for).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual.widgets import Input  # noqa: E402

from asc_tui.api.client import AscClient  # noqa: E402
from asc_tui.api.jwt_auth import JwtAuth  # noqa: E402
from asc_tui.auth.private_key import load_private_key  # noqa: E402
from asc_tui.demo import (  # noqa: E402
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BIG_SEGMENT_INSTANCE_ID,
    BRACKETS_APP_ID,
    HUGE_LOG_SIGNATURE_ID,
    create_app,
    generate_demo_key,
)
from asc_tui.demo.data.analytics_records import seeded  # noqa: E402
from asc_tui.store import Store  # noqa: E402
from asc_tui.ui import AscApp  # noqa: E402
from asc_tui.ui.screens.tsv import TsvScreen  # noqa: E402
from asc_tui.ui.widgets.item_table import ItemTable  # noqa: E402

SHOTS = ("01-apps", "02-builds", "03-build", "04-logs", "09-signatures-hangs", "10-log-search")
METRIC_SHOTS = ("05-app-metrics", "06-metric-trend", "07-compare")
FIRST_RUN_SHOT = "08-first-run"
SEARCH = "expandneighbors"
"""What 10-log-search searches for in the 10,000-frame log."""
ANALYTICS_SHOTS = ("11-analytics", "12-reports", "13-download", "14-table")
NARROW_SHOTS = ("15-apps-80x24", "16-build-80x24")
NO_COLOR_SHOT = "17-build-no-color"
CRASH_SHOTS = ("18-crashes", "19-crash-report")


def demo_store() -> Store:
    key = generate_demo_key()
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    asgi = create_app([key])
    client = AscClient("http://demo.invalid", auth, transport=httpx.ASGITransport(app=asgi))
    # the pre-signed segment URLs point at the same in-process server
    return Store(
        client, segment_http=lambda: httpx.AsyncClient(transport=httpx.ASGITransport(app=asgi))
    )


async def capture(size: tuple[int, int], svg_dir: Path) -> list[Path]:
    app = AscApp(demo_store(), source_label="demo server (in-process)", demo=True)
    saved: list[Path] = []

    async with app.run_test(size=size) as pilot:

        async def settle() -> None:
            for _ in range(2):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause(0.1)

        def shoot(name: str) -> None:
            path = svg_dir / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(svg_dir))
            saved.append(path)

        def select(key: str) -> None:
            table = app.screen.query_one(f"#{key_table[type(app.screen).__name__]}", ItemTable)
            table.move_cursor(row=table.get_row_index(key), animate=False)

        key_table = {"AppsScreen": "apps", "BuildScreen": "signatures"}

        await settle()
        select(BIG_APP_ID)
        await settle()
        shoot(SHOTS[0])
        await pilot.press("enter")
        await settle()
        shoot(SHOTS[1])
        await pilot.press("enter")
        await settle()
        select(HUGE_LOG_SIGNATURE_ID)
        await settle()
        shoot(SHOTS[2])
        await pilot.press("t")  # only hangs (filter[diagnosticType]=HANGS)
        await settle()
        select(HUGE_LOG_SIGNATURE_ID)
        await settle()
        shoot(SHOTS[4])
        await pilot.press("tab", "enter")  # the signatures pane (the metrics have focus)
        await settle()
        await pilot.press("b")
        await settle()
        shoot(SHOTS[3])
        await pilot.press("f", *SEARCH, "enter", "n")  # find, then the next match
        await settle()
        shoot(SHOTS[5])
        await metric_shots(pilot, settle, shoot)
        await pilot.press("q")
    return saved


async def metric_shots(pilot: Any, settle: Any, shoot: Any) -> None:
    """From the logs screen: the app's metrics, a metric's trend, two builds compared."""
    app = pilot.app
    while len(app.screen_stack) > 2:  # back to the apps list
        await app.pop_screen()
    await settle()
    await pilot.press("M")  # the selected app's metrics and insights
    await settle()
    shoot(METRIC_SHOTS[0])
    await pilot.press("enter")  # the first metric's trend
    await settle()
    shoot(METRIC_SHOTS[1])
    await pilot.press("escape", "escape", "enter")  # the builds list
    await settle()
    await pilot.press("down", "down", "m", "up", "up", "enter")  # mark one, open the newest
    await settle()
    await pilot.press("c")
    await settle()
    shoot(METRIC_SHOTS[2])


async def settled(app: AscApp, pilot: Any, pause: float = 0.1) -> None:
    """Messages handled and every worker done, twice, then a moment to render."""
    for _ in range(2):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause(pause)


async def capture_crashes(size: tuple[int, int], svg_dir: Path) -> list[Path]:
    """TestFlight crashes: "Lumen [Beta] Notes" → X (its crash signatures) → the
    Objective-C exception → its newest crash report, on the blame frame (b)."""
    app = AscApp(demo_store(), source_label="demo server (in-process)", demo=True)
    saved = [svg_dir / f"{name}.svg" for name in CRASH_SHOTS]
    async with app.run_test(size=size) as pilot:
        await settled(app, pilot)
        apps = app.screen.query_one("#apps", ItemTable)
        apps.move_cursor(row=apps.get_row_index(BRACKETS_APP_ID), animate=False)
        await pilot.press("X")
        await settled(app, pilot)
        app.save_screenshot(filename=saved[0].name, path=str(svg_dir))
        signatures = app.screen.query_one("#crash-signatures", ItemTable)
        key = next(s.key for s in signatures.items if s.binary.endswith("Kit"))
        signatures.move_cursor(row=signatures.get_row_index(key), animate=False)
        for key_name in ("enter", "enter", "b"):
            await pilot.press(key_name)
            await settled(app, pilot)
        app.save_screenshot(filename=saved[1].name, path=str(svg_dir))
        await pilot.press("q")
    return saved


async def capture_first_run(size: tuple[int, int], svg_dir: Path) -> Path:
    """The first-run screen, half filled in: one field wrong, the key ID read from the
    file name. Settings in a throwaway folder and no ASC_* variables, so no credentials."""
    import os

    from asc_tui.auth.connection import Connection
    from asc_tui.auth.keyring_store import reset_default_store
    from asc_tui.ui.screens.first_run import FirstRunScreen

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")
        os.environ["HOME"] = tmp  # the key's path reads ~/Downloads/…, as a user's would
        for name in [n for n in os.environ if n.startswith("ASC_")]:
            del os.environ[name]
        reset_default_store()
        key = generate_demo_key()
        key_path = Path(tmp) / "Downloads" / "AuthKey_DEMO7Q2K4M.p8"  # the same in every run
        key_path.parent.mkdir()
        key_path.write_text(key.private_key_pem)
        app = AscApp(Connection(base_url_override="http://127.0.0.1:8765"))
        async with app.run_test(size=size) as pilot:
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            form = app.screen
            assert isinstance(form, FirstRunScreen)
            values = {
                "profile": "work",
                "issuer_id": "57246542-96fe-1a63-e053-0824d01107",
                "key": f"~/Downloads/{key_path.name}",
            }
            for name, value in values.items():
                form.query_one(f"#field-{name}", Input).value = value
                form.touched.add(name)
            form.query_one("#field-issuer_id", Input).focus()
            for _ in range(3):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause(0.1)
            path = svg_dir / f"{FIRST_RUN_SHOT}.svg"
            app.save_screenshot(filename=path.name, path=str(svg_dir))
            await pilot.press("escape")
    return path


async def capture_analytics(size: tuple[int, int], svg_dir: Path, home: Path) -> list[Path]:
    """Analytics: requests → reports → a download under way → the table, sorted."""
    (home / "Downloads").mkdir(parents=True, exist_ok=True)  # downloads_dir(): ~/Downloads/asc-tui
    app = AscApp(demo_store(), source_label="demo server (in-process)", demo=True)
    saved: list[Path] = []
    big = seeded().instances[BIG_SEGMENT_INSTANCE_ID]

    async with app.run_test(size=size) as pilot:

        async def settle() -> None:
            for _ in range(2):
                await pilot.pause()
                await app.workers.wait_for_complete()
            await pilot.pause(0.2)

        def shoot(name: str) -> None:
            app.save_screenshot(filename=f"{name}.svg", path=str(svg_dir))
            saved.append(svg_dir / f"{name}.svg")

        def select(key: str) -> None:
            table = app.screen.query_one(ItemTable)
            table.move_cursor(row=table.get_row_index(key), animate=False)

        await settle()
        select(BIG_APP_ID)
        await pilot.press("a")
        await settle()
        select(ANALYTICS_REQUEST_ID)
        shoot(ANALYTICS_SHOTS[0])
        await pilot.press("enter")
        await settle()
        select(big.report.id)
        await settle()
        shoot(ANALYTICS_SHOTS[1])
        await pilot.press("enter")
        await settle()
        select(big.id)
        await pilot.press("D")
        for _ in range(500):  # shoot once a good part has arrived
            await pilot.pause(0.01)
            label = str(app.screen.query_one("#download-label").render())
            if label[:1] not in ("", "0") and label.startswith(("1", "2")):
                break
        shoot(ANALYTICS_SHOTS[2])
        await app.workers.wait_for_complete()
        await settle()
        screen = app.screen
        assert isinstance(screen, TsvScreen) and screen.table is not None
        for _ in range(screen.table.header.index("Sessions")):
            await pilot.press("right")
        await pilot.press("s", "s")
        await settle()
        shoot(ANALYTICS_SHOTS[3])
        await pilot.press("q")
    return saved


async def capture_variants(svg_dir: Path) -> list[Path]:
    """The apps and a build at 80x24; the build with NO_COLOR, as the terminal shows it
    (Textual's own screenshots leave its NO_COLOR filter out, so this one applies it)."""
    saved: list[Path] = []

    async def to_build(app: AscApp, pilot: Any) -> None:
        for _ in range(2):
            await pilot.pause()
            await app.workers.wait_for_complete()
        table = app.screen.query_one("#apps", ItemTable)
        table.move_cursor(row=table.get_row_index(BIG_APP_ID), animate=False)
        await pilot.pause(0.1)

    app = AscApp(demo_store(), source_label="demo server (in-process)", demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_build(app, pilot)
        app.save_screenshot(filename=f"{NARROW_SHOTS[0]}.svg", path=str(svg_dir))
        for key in ("enter", "enter"):
            await pilot.press(key)
            for _ in range(2):
                await pilot.pause()
                await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        app.save_screenshot(filename=f"{NARROW_SHOTS[1]}.svg", path=str(svg_dir))
    saved += [svg_dir / f"{name}.svg" for name in NARROW_SHOTS]

    os.environ["NO_COLOR"] = "1"  # read (and cleared) by the app as it starts
    app = AscApp(demo_store(), source_label="demo server (in-process)", demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await to_build(app, pilot)
        for key in ("enter", "enter", "tab"):
            await pilot.press(key)
            for _ in range(2):
                await pilot.pause()
                await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        path = svg_dir / f"{NO_COLOR_SHOT}.svg"
        path.write_text(filtered_svg(app), encoding="utf-8")
    os.environ.pop("NO_COLOR", None)
    saved.append(path)
    return saved


def filtered_svg(app: AscApp) -> str:
    """The screen as an SVG after the app's line filters (NO_COLOR's), line by line."""
    import io

    from rich.console import Console
    from rich.style import Style
    from rich.text import Text
    from textual.color import Color

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    black = Color(0, 0, 0)
    for strip in app.screen._compositor.render_strips():
        segments = list(strip)
        for line_filter in app._filters:
            segments = line_filter.apply(segments, black)
        line = Text(no_wrap=True, end="")
        for segment in segments:
            style = segment.style or Style()
            line.append(
                segment.text,
                Style(
                    color=style.color,
                    bgcolor=style.bgcolor,
                    bold=style.bold,
                    dim=style.dim,
                    italic=style.italic,
                    underline=style.underline,
                    reverse=style.reverse,
                ),
            )
        console.print(line, overflow="crop")
    return console.export_svg(title=app.title)


def to_png(svg: Path, out_dir: Path) -> Path:
    """Convert with rsvg-convert. Textual writes spaces as ``&#160;``, which librsvg draws
    zero-width at the start of a text run; plain spaces with ``xml:space="preserve"``
    render as the terminal would. (Install fonts-firacode for Textual's font.)"""
    png = out_dir / f"{svg.stem}.png"
    source = svg.read_text(encoding="utf-8")
    fixed = source.replace("&#160;", " ").replace("<svg ", '<svg xml:space="preserve" ', 1)
    subprocess.run(["rsvg-convert", "-o", str(png)], input=fixed.encode("utf-8"), check=True)
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="120x40", help="terminal size, e.g. 80x24")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="output folder")
    parser.add_argument("--keep-svg", action="store_true", help="also keep the SVG files")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.lower().split("x"))
    if shutil.which("rsvg-convert") is None:
        print("rsvg-convert not found: apt-get install librsvg2-bin", file=sys.stderr)
        return 1
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        svg_dir = out_dir if args.keep_svg else Path(tmp)
        svgs = asyncio.run(capture((width, height), svg_dir))
        home = Path(tmp) / "home"
        os.environ["HOME"] = str(home)  # the downloads folder shows as ~/Downloads/asc-tui
        svgs += asyncio.run(capture_analytics((width, height), svg_dir, home))
        svgs += asyncio.run(capture_variants(svg_dir))
        svgs += asyncio.run(capture_crashes((width, height), svg_dir))
        for svg in svgs:
            print(to_png(svg, out_dir))
        print(to_png(asyncio.run(capture_first_run((width, height), svg_dir)), out_dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
