"""Text from outside is shown, never acted on: control characters in names, symbols, TSV
cells and error messages reach neither the TUI nor the CLI's human output raw; JSON and
CSV keep them losslessly."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.command import CommandPalette
from textual.widgets import Input

from asc_tui.cli import main
from asc_tui.commands.diagnostics import viewer_app
from asc_tui.demo import DemoKey, DemoServer, FaultPlan, generate_demo_key
from asc_tui.errors import ApiError, NetworkError, ServerError
from asc_tui.logs.files import load_logs_file
from asc_tui.safe_text import is_safe, json_safe, visible
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.formatting import visible_text
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.builds import BuildsScreen
from asc_tui.ui.screens.tsv import TsvScreen
from asc_tui.ui.widgets.breadcrumbs import separator
from asc_tui.ui.widgets.tsv_view import fit
from tests.support.auth import use_key
from tests.support.demo_client import make_client
from tests.support.hostile_text import (
    CLEAR_SCREEN,
    EVIL_NAME,
    OSC_TITLE,
    apps_document,
    error_document,
    logs_document,
    unsafe_chars,
)
from tests.support.ui import notifications, press, screen_text, settle, shows, top, top_as

NAMES = [EVIL_NAME, "Plain Before", "Zed After"]


def test_visible_shows_each_kind_of_control_character() -> None:
    shown = visible(EVIL_NAME)
    assert unsafe_chars(shown) == []
    assert "Evil␛]0;PWNED-TITLE␇␛]52;c;" in shown
    assert "␛[2J␛[H" in shown
    assert "\\x9b31m" in shown and "\\u202egnp.exe" in shown
    assert shown.endswith("⏎App␀end␡")
    assert visible("a\r\nb\rc\x1b", multiline=True) == "a\nb␍c␛"
    assert visible("tab\tstays -[Q a:] [b]") == "tab\tstays -[Q a:] [b]"
    assert visible(None) == "" and visible(12.5) == "12.5"
    assert not is_safe(EVIL_NAME) and is_safe("line\nline\ttab")


@given(st.text())
def test_visible_never_leaves_a_control_character(text: str) -> None:
    assert unsafe_chars(visible(text)) == []
    assert unsafe_chars(visible(text, multiline=True), allow_newline=True) == []
    if text.isprintable():
        assert visible(text) == text


@given(st.text())
def test_json_stays_lossless_and_inert(text: str) -> None:
    dumped = json_safe(json.dumps([{"name": text}], indent=2, ensure_ascii=False))
    assert json.loads(dumped) == [{"name": text}]
    assert json_safe('"\x7f"') == '"\\u007f"'  # DEL, which is ASCII, is escaped too
    assert unsafe_chars(dumped, allow_newline=True) == []


def test_visible_text_keeps_styles() -> None:
    text = Text("ok ")
    text.append(f"bad{OSC_TITLE}", style="bold")
    text.append(" end", style="dim")
    shown = visible_text(text)
    assert shown.plain == "ok bad␛]0;PWNED-TITLE end"  # Rich itself drops BEL
    styles = {shown.plain[s.start : s.end]: str(s.style) for s in shown.spans}
    assert styles == {"bad␛]0;PWNED-TITLE": "bold", " end": "dim"}


def test_tsv_cells_show_controls_in_their_width() -> None:
    cell = fit(f"a{CLEAR_SCREEN}b\nc", 12)
    assert unsafe_chars(cell) == []
    assert cell == "a␛[2J␛[Hb⏎c "


# -- the TUI ---------------------------------------------------------------------------


async def test_an_app_list_with_escape_sequences_shows_them_as_text(demo_key: DemoKey) -> None:
    faults = FaultPlan()
    faults.fail_next("/v1/apps", 200, body=apps_document(NAMES))
    app = AscApp(Store(make_client(demo_key, faults)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert unsafe_chars(text, allow_newline=True) == []
        rows = [line for line in text.splitlines() if "com.example.app" in line]
        assert len(rows) == 3, text  # one row each: the line break in the name is shown
        evil = next(row for row in rows if "Evil" in row)
        assert "Evil␛]0;PWNED-TITLE␇" in evil and "com.example.app1" in evil

        await press(pilot, "ctrl+p")  # the palette lists the apps by name
        assert isinstance(app.screen, CommandPalette)
        app.screen.query_one(Input).value = "Open app: Evil"
        await shows(pilot, "Open app: Evil␛")  # it searches in the background
        assert "Open app: Evil␛]0;PWNED-TITLE␇" in screen_text(app)
        assert unsafe_chars(screen_text(app), allow_newline=True) == []
        await press(pilot, "escape")
        await pilot.press("q")


async def test_breadcrumbs_help_and_a_tsv_table_show_escape_sequences_as_text(
    demo_key: DemoKey, tmp_path: Path
) -> None:
    faults = FaultPlan()
    faults.fail_next("/v1/apps", 200, body=apps_document(NAMES))
    tsv = tmp_path / "evil.tsv"
    tsv.write_text(f"Name{OSC_TITLE}\tCount\nrow{CLEAR_SCREEN}\x9b2J\t3\nplain\t10\n")
    app = AscApp(Store(make_client(demo_key, faults)))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the first app: Evil… sorts first
        assert isinstance(top(app), BuildsScreen)
        text = screen_text(app)
        assert unsafe_chars(text, allow_newline=True) == []
        assert f"{separator()}Evil␛]0;PWNED-TITLE␇" in text.splitlines()[0]
        await press(pilot, "question_mark")  # help's title is the breadcrumb
        assert "Evil␛]0;PWNED-TITLE␇" in screen_text(app)
        assert unsafe_chars(screen_text(app), allow_newline=True) == [], screen_text(app)
        await press(pilot, "escape")
        await app.push_screen(TsvScreen(tsv))
        await settle(pilot)
        text = screen_text(app)
        assert unsafe_chars(text, allow_newline=True) == []
        assert "Name␛]0;PWNED-TITLE␇" in text and "row␛[2J␛[H\\x9b2J" in text
        assert "2 rows" in text
        await pilot.press("q")


async def test_an_error_message_with_escape_sequences_is_shown_inert(demo_key: DemoKey) -> None:
    faults = FaultPlan()
    body = error_document(404, f"Gone{OSC_TITLE}", f"detail{CLEAR_SCREEN}\x9b2J")
    faults.fail_next("/v1/apps", 404, body=body)
    app = AscApp(Store(make_client(demo_key, faults)))
    notes = notifications(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Gone␛]0;PWNED-TITLE␇: detail␛[2J␛[H\\x9b2J" in text
        assert unsafe_chars(text, allow_newline=True) == []
        toasts = [(n.title, n.message) for n in notes]
        assert all(unsafe_chars(t + m, allow_newline=True) == [] for t, m in toasts)
        report = top_as(app, AppsScreen).error_report
        assert report is not None
        assert "Gone␛]0;PWNED-TITLE␇" in report.message  # shown once: in the panel
        await pilot.press("q")


async def test_a_log_file_with_escape_sequences_keeps_every_frame_on_its_row(
    tmp_path: Path,
) -> None:
    path = tmp_path / "evil.json"
    symbol = f"-[Evil run:]{CLEAR_SCREEN}\nhidden\x00rest"
    document = logs_document(symbol, f"EvilBin{OSC_TITLE}", f"Detail{OSC_TITLE}\nline two")
    path.write_text(json.dumps(document))
    raw, parsed = load_logs_file(path)
    app = viewer_app(path, raw, parsed)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert unsafe_chars(text, allow_newline=True) == []
        frame = next(line for line in text.splitlines() if "-[Evil run:]" in line)
        # the whole frame on one row: symbol (with its line break shown), binary, offset
        assert "-[Evil run:]␛[2J␛[H⏎hidden␀rest" in frame
        assert "EvilBin␛]0;PWNED-TITLE␇" in frame and "+7289288" in frame
        assert "AfterTheEvilFrame" in text  # the next frame is still there
        assert "iOS␛[2J␛[H26" in text and "IO␛]0;PWNED-TITLE␇" in text
        await pilot.press("q")


# -- the CLI ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer([generate_demo_key()]) as running:
        yield running


@pytest.fixture
def evil_apps(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: DemoServer
) -> Iterator[FaultPlan]:
    use_key(monkeypatch, tmp_path, server, server.key)
    server.faults.clear()
    server.faults.fail_next("/v1/apps", 200, body=apps_document(NAMES))
    yield server.faults
    server.faults.clear()


def test_cli_table_shows_controls_one_row_per_app(
    evil_apps: FaultPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apps"]) == 0
    out = capsys.readouterr().out
    assert unsafe_chars(out, allow_newline=True) == []
    lines = out.splitlines()
    assert len(lines) == 4  # the header and one line per app
    evil = next(line for line in lines if "Evil" in line)
    assert "Evil␛]0;PWNED-TITLE␇" in evil and "com.example.app1" in evil


def test_cli_json_and_csv_keep_names_exactly(
    evil_apps: FaultPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["apps", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert [row["name"] for row in json.loads(out)] == NAMES
    evil_apps.fail_next("/v1/apps", 200, body=apps_document(NAMES))
    assert main(["apps", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [row["name"] for row in rows] == NAMES


def test_cli_error_message_is_inert_and_names_no_tui_key(
    evil_apps: FaultPlan, capsys: pytest.CaptureFixture[str]
) -> None:
    evil_apps.clear()
    body = error_document(404, f"Gone{OSC_TITLE}", f"detail{CLEAR_SCREEN}\x9b2J")
    evil_apps.fail_next("/v1/apps", 404, body=body)
    assert main(["apps"]) == 9  # not found
    err = capsys.readouterr().err
    assert unsafe_chars(err, allow_newline=True) == []
    assert "Gone␛]0;PWNED-TITLE␇: detail␛[2J␛[H\\x9b2J" in err
    assert "press r" not in err.lower()


def test_no_hint_names_a_tui_key() -> None:
    hints = [NetworkError("x").hint, ServerError(500).hint]
    hints += [cls(400).hint for cls in _api_error_classes()]
    assert all("press r" not in hint.lower() and " r " not in hint for hint in hints)


def _api_error_classes() -> list[type[ApiError]]:
    from asc_tui import errors

    return [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, errors.ApiError)
    ]
