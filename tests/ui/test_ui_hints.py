"""Hints never lie: a key is in the footer only where it would act, and where it is not
shown it does nothing; the error banner's and the forms' keys do what they say."""

from __future__ import annotations

from asc_tui.api.builds import Build
from asc_tui.api.client import AscClient
from asc_tui.api.signatures import DiagnosticSignature
from asc_tui.demo.data.landmarks import BIG_APP_ID, BRACKETS_APP_ID
from asc_tui.store import Store
from asc_tui.ui import AscApp
from asc_tui.ui.screens.apps import AppsScreen
from asc_tui.ui.screens.compare import CompareScreen
from asc_tui.ui.screens.first_run import FirstRunScreen
from asc_tui.ui.screens.logs import LogsScreen
from tests.support.ui import press, screen_text, settle, top

WIDE = (200, 40)  # every hint fits: what is missing was left out on purpose


def footer(app: AscApp) -> str:
    return screen_text(app).splitlines()[-1]


async def one_log_signature(client: AscClient) -> tuple[str, DiagnosticSignature]:
    for build in await client.builds(BRACKETS_APP_ID):
        for signature in await client.signatures(build.id):
            if len((await Store(client).logs(signature.id)).logs) == 1:
                return build.id, signature
    raise AssertionError("the demo has no signature with a single log")


async def test_next_log_is_offered_only_when_there_is_another_log(
    store: Store, client: AscClient
) -> None:
    build_id, single = await one_log_signature(client)
    apps = {a.id: a for a in await client.apps()}
    build = next(b for b in await client.builds(BRACKETS_APP_ID) if b.id == build_id)
    app = AscApp(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.open_logs(apps[BRACKETS_APP_ID], build, single)
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, LogsScreen) and screen.log_count == 1
        assert "Log 1/1" in screen_text(app)
        assert "Next log" not in footer(app) and "Save" in footer(app)
        await press(pilot, "right_square_bracket")  # not offered, and does nothing
        assert screen.log_index == 0

        builds = await client.builds(BRACKETS_APP_ID)
        several: tuple[Build, DiagnosticSignature] | None = None
        for candidate in builds:
            for signature in await client.signatures(candidate.id):
                if len((await Store(client).logs(signature.id)).logs) > 1:
                    several = (candidate, signature)
                    break
            if several:
                break
        assert several is not None, "the demo has no signature with several logs"
        app.open_logs(apps[BRACKETS_APP_ID], *several)
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, LogsScreen) and screen.log_count > 1
        assert "] Next log" in footer(app)
        await press(pilot, "right_square_bracket")
        assert screen.log_index == 1


async def test_compare_offers_no_enter_and_keys_need_a_row(store: Store, client: AscClient) -> None:
    apps = {a.id: a for a in await client.apps()}
    builds = await client.builds(BIG_APP_ID)
    app = AscApp(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AppsScreen)
        assert "Metrics" in footer(app) and "Analytics" in footer(app)
        await press(pilot, "slash", *"no-such-app", "enter")
        assert screen.table.row_count == 0
        shown = footer(app)
        assert "Open" not in shown and "Metrics" not in shown and "Analytics" not in shown
        await press(pilot, "m", "a", "enter")  # none of them acts on no row
        assert top(app) is screen
        await press(pilot, "escape")  # clears the filter

        app.open_compare((apps[BIG_APP_ID], builds[1]), (apps[BIG_APP_ID], builds[0]))
        await settle(pilot)
        compare = top(app)
        assert isinstance(compare, CompareScreen) and compare.rows
        assert "Open" not in footer(app) and "Export" in footer(app)
        await press(pilot, "enter")
        assert top(app) is compare


async def test_download_again_needs_an_instance_to_download(store: Store) -> None:
    from asc_tui.demo import ANALYTICS_REQUEST_ID
    from asc_tui.ui.screens.analytics_reports import InstancesScreen

    api = store.analytics.api
    [request] = [r for r in await api.requests(BIG_APP_ID) if r.id == ANALYTICS_REQUEST_ID]
    report = (await api.reports(request.id))[0]
    apps = {a.id: a for a in await store.apps()}
    app = AscApp(store, demo=True)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await app.push_screen(InstancesScreen(apps[BIG_APP_ID], request, report))
        await settle(pilot)
        screen = top(app)
        assert isinstance(screen, InstancesScreen) and screen.table.row_count
        assert "D Download again" in footer(app)
        await press(pilot, "slash", *"no-such-instance", "enter")
        assert screen.table.row_count == 0
        assert "Download again" not in footer(app)
        await press(pilot, "D")  # nothing to download: nothing starts
        assert screen.downloading is None and not screen.workers


async def test_the_add_profile_form_says_esc_goes_back(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await app.push_screen(FirstRunScreen(adding=True))
        await settle(pilot)
        assert "esc Back" in footer(app) and "Quit" not in footer(app)
        await press(pilot, "escape")
        assert isinstance(top(app), AppsScreen)  # back, not out
        assert app.is_running


async def test_the_first_run_form_says_esc_quits(store: Store) -> None:
    app = AscApp(store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await app.push_screen(FirstRunScreen("No credentials found."))
        await settle(pilot)
        assert "esc Quit" in footer(app) and "esc Back" not in footer(app)
        await press(pilot, "escape")
    assert app.return_value == 0
