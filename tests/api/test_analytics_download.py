"""Downloading analytics segments from the demo server over real HTTP on loopback: the
whole chain, expired URLs renewed, damaged files refused, and never a partial file."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from asc_tui.analytics.download import download_instance, instance_path, safe_name
from asc_tui.analytics.tsv import TsvTable
from asc_tui.api.analytics_reports import AnalyticsApi, AnalyticsReportInstance
from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import ANALYTICS_REQUEST_ID, BIG_APP_ID, DemoServer, FaultPlan
from asc_tui.demo.data.analytics_catalog import REPORT_KINDS
from asc_tui.demo.data.analytics_records import InstanceRecord, seeded
from asc_tui.errors import DownloadError
from tests.support.demo_client import fast_retry

MULTI = "App Downloads Detailed"  # its MONTHLY instances have three segments
SMALL = "App Crashes"  # its DAILY instances have one small segment


class Clock:
    """Wall-clock time plus an offset the tests move forward (URLs expire after 300 s)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        import time

        return time.time() + self.offset


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def server(clock: Clock) -> Iterator[DemoServer]:
    with DemoServer(clock=clock) as running:
        yield running


@pytest.fixture
async def api(server: DemoServer, clock: Clock) -> AsyncIterator[AnalyticsApi]:
    server.faults.clear()
    clock.offset = 0.0
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    async with AscClient(server.base_url, auth, retry=fast_retry()) as client:
        yield AnalyticsApi(client)


def record(name: str, granularity: str, processing: str = "2026-11-01") -> InstanceRecord:
    return next(
        i
        for i in seeded().instances.values()
        if i.report.request_id == ANALYTICS_REQUEST_ID
        and i.report.kind.name == name
        and i.granularity == granularity
        and i.processing_date.isoformat() == processing
    )


def instance_of(found: InstanceRecord) -> AnalyticsReportInstance:
    return AnalyticsReportInstance(found.id, found.granularity, found.processing_date)


def files_under(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def downloads(faults: FaultPlan) -> list[str]:
    return [t.split("?")[0] for _, t in faults.requests if t.startswith("/analytics-segments/")]


async def test_the_whole_chain_into_one_verified_tsv(
    api: AnalyticsApi, server: DemoServer, tmp_path: Path
) -> None:
    [request] = await api.requests(BIG_APP_ID, "ONGOING")
    [report] = await api.reports(request.id, category="COMMERCE", name=MULTI)
    [instance, _older] = await api.instances(report.id, granularity="MONTHLY")
    segments = await api.segments(instance.id)
    assert len(segments) == 3
    # What the files hold, fetched by hand: each one a full TSV with its header.
    async with httpx.AsyncClient() as plain:
        texts = [gzip.decompress((await plain.get(s.url)).content).decode() for s in segments]
    header, *_ = texts[0].splitlines()
    expected_rows = [line for text in texts for line in text.splitlines()[1:]]

    calls: list[tuple[int, int, int, int]] = []
    result = await download_instance(
        api, instance, tmp_path, report_name=report.name, progress=lambda *a: calls.append(a)
    )
    assert result.path == tmp_path / MULTI / "2026-11-01-MONTHLY.tsv"
    assert files_under(tmp_path) == [MULTI, f"{MULTI}/2026-11-01-MONTHLY.tsv"]
    lines = result.path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == header == "\t".join(next(k for k in REPORT_KINDS if k.name == MULTI).columns)
    assert lines[1:] == expected_rows
    assert result.rows == len(expected_rows) == seeded().instances[instance.id].rows
    total = sum(s.size_in_bytes or 0 for s in segments)
    assert result.segments == 3 and result.bytes_downloaded == total
    assert result.bytes_written == result.path.stat().st_size
    assert calls[0] == (0, total, 0, 3) and calls[-1] == (total, total, 3, 3)
    assert [c[2] for c in calls] == sorted(c[2] for c in calls)
    with TsvTable.open(result.path) as table:
        assert (
            table.index_all() == len(table) == result.rows
            and table.short_rows == table.long_rows == 0
        )


async def test_an_instance_id_alone_lands_in_an_instance_folder(
    api: AnalyticsApi, tmp_path: Path
) -> None:
    small = record(SMALL, "DAILY")
    result = await download_instance(api, small.id, tmp_path)
    assert result.path == tmp_path / f"instance-{small.id}" / "2026-11-01-DAILY.tsv"
    assert result.rows == small.rows
    # Downloading again replaces the file in place.
    again = await download_instance(api, small.id, tmp_path)
    assert again.path == result.path and files_under(tmp_path) == [
        f"instance-{small.id}",
        f"instance-{small.id}/2026-11-01-DAILY.tsv",
    ]


async def test_expired_urls_are_renewed_once(
    api: AnalyticsApi, server: DemoServer, clock: Clock, tmp_path: Path
) -> None:
    multi = record(MULTI, "MONTHLY")
    stale = await api.segments(multi.id)
    clock.offset = 301.0  # five minutes and a second later
    server.faults.clear()
    result = await download_instance(
        api, instance_of(multi), tmp_path, report_name=MULTI, segments=stale
    )
    assert result.rows == multi.rows
    listing = f"/v1/analyticsReportInstances/{multi.id}/segments"
    paths = [t.split("?")[0] for _, t in server.faults.requests]
    first = f"/analytics-segments/{stale[0].id}.tsv.gz"
    # The stale URL was refused, the list fetched once more, then every segment downloaded.
    assert paths == [
        first,
        listing,
        first,
        *(f"/analytics-segments/{s.id}.tsv.gz" for s in stale[1:]),
    ]


async def test_a_url_refused_twice_is_an_error(
    api: AnalyticsApi, server: DemoServer, tmp_path: Path
) -> None:
    server.faults.fail_next("/analytics-segments/", 403, times=2)
    with pytest.raises(DownloadError) as caught:
        await download_instance(api, record(SMALL, "DAILY").id, tmp_path)
    assert caught.value.reason == "expired"
    assert "even after asking Apple for a fresh one" in caught.value.message
    assert files_under(tmp_path) == []


async def test_a_wrong_checksum_is_refused_and_nothing_is_left(
    api: AnalyticsApi, server: DemoServer, tmp_path: Path
) -> None:
    multi = record(MULTI, "MONTHLY")
    segments = await api.segments(multi.id)
    server.faults.damage_segment_downloads("checksum", segment_id=segments[1].id)
    with pytest.raises(DownloadError) as caught:
        await download_instance(api, multi.id, tmp_path, report_name=MULTI)
    error = caught.value
    assert error.reason == "checksum"
    assert error.message.startswith("Segment 2 of 3 failed its checksum")
    assert segments[1].checksum in error.message
    assert "download it again" in error.hint
    assert files_under(tmp_path) == []


async def test_a_truncated_gzip_is_refused_and_nothing_is_left(
    api: AnalyticsApi, server: DemoServer, tmp_path: Path
) -> None:
    small = record(SMALL, "DAILY")
    [segment] = await api.segments(small.id)
    server.faults.truncate_segment_file(segment.id)
    [cut] = await api.segments(small.id)  # size and checksum now describe the cut file
    assert cut.size_in_bytes is not None and segment.size_in_bytes is not None
    assert cut.size_in_bytes < segment.size_in_bytes
    with pytest.raises(DownloadError) as caught:
        await download_instance(api, small.id, tmp_path, segments=[cut])
    assert caught.value.reason == "gzip"
    assert "damaged gzip file" in caught.value.message and "truncated" in caught.value.message
    assert files_under(tmp_path) == []


async def test_a_dropped_connection_leaves_no_partial_file(
    api: AnalyticsApi, server: DemoServer, tmp_path: Path
) -> None:
    multi = record(MULTI, "MONTHLY")
    server.faults.damage_segment_downloads("drop")
    with pytest.raises(DownloadError) as caught:
        await download_instance(api, multi.id, tmp_path, report_name=MULTI)
    assert caught.value.reason == "interrupted"
    assert caught.value.message.startswith("The download of segment 1 of 3 was interrupted")
    assert files_under(tmp_path) == []


async def test_a_failed_download_keeps_the_previous_file(
    api: AnalyticsApi, server: DemoServer, tmp_path: Path
) -> None:
    small = record(SMALL, "DAILY")
    first = await download_instance(api, small.id, tmp_path, report_name=SMALL)
    before = first.path.read_bytes()
    server.faults.damage_segment_downloads("checksum")
    with pytest.raises(DownloadError):
        await download_instance(api, small.id, tmp_path, report_name=SMALL)
    assert first.path.read_bytes() == before
    assert files_under(tmp_path) == [SMALL, f"{SMALL}/2026-11-01-DAILY.tsv"]


async def test_cancelling_mid_download_leaves_nothing(api: AnalyticsApi, tmp_path: Path) -> None:
    multi = record(MULTI, "MONTHLY")
    task: asyncio.Task[object] | None = None

    def cancel_after_some_bytes(done: int, total: int, files: int, count: int) -> None:
        if done > 0 and task is not None:
            task.cancel()

    task = asyncio.ensure_future(
        download_instance(
            api, multi.id, tmp_path, report_name=MULTI, progress=cancel_after_some_bytes
        )
    )
    with pytest.raises(asyncio.CancelledError):
        await task
    assert files_under(tmp_path) == []


async def test_ctrl_c_mid_download_leaves_nothing(api: AnalyticsApi, tmp_path: Path) -> None:
    multi = record(MULTI, "MONTHLY")

    def interrupt_in_the_second_file(done: int, total: int, files: int, count: int) -> None:
        if files == 1 and done > total // 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        await download_instance(
            api, multi.id, tmp_path, report_name=MULTI, progress=interrupt_in_the_second_file
        )
    assert files_under(tmp_path) == []


async def test_an_instance_without_segments_is_a_clear_error(
    api: AnalyticsApi, tmp_path: Path
) -> None:
    instance = instance_of(record(SMALL, "DAILY"))
    with pytest.raises(DownloadError) as caught:
        await download_instance(api, instance, tmp_path, segments=[])
    assert caught.value.reason == "empty" and "no segments" in caught.value.message
    assert files_under(tmp_path) == []


def test_file_names_are_safe() -> None:
    assert safe_name("App Store Discovery and Engagement Detailed") == (
        "App Store Discovery and Engagement Detailed"
    )
    assert safe_name("../a/b:c\x00") == "-a-b-c-"
    assert safe_name("..") == "report"
    instance = AnalyticsReportInstance("i/1", "WEEKLY", None)
    assert instance_path(Path("d"), instance) == Path("d/instance-i-1/unknown-date-WEEKLY.tsv")
