"""Hostile files: a gzip bomb from the download server, a TSV with CR-only line ends."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import pytest

from asc_tui.analytics.download import download_instance
from asc_tui.analytics.limits import EXPANSION_RATIO
from asc_tui.analytics.tsv import TsvTable
from asc_tui.api.analytics import AnalyticsApi
from asc_tui.api.client import AscClient
from asc_tui.api.retry import NO_RETRY
from asc_tui.errors import DownloadError

from .hostile_server import INSTANCE_ID, Server, serve_instance

MB = 1024 * 1024


def gzip_bomb(megabytes: int) -> bytes:
    """A header line, then ``megabytes`` MB of zeros without a line break: ~1,000x."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(b"Date\tApp Name\tCount\n")]
    block = b"0" * MB
    parts.extend(compressor.compress(block) for _ in range(megabytes))
    parts.append(compressor.flush())
    return b"".join(parts)


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


async def _download(server: Server, dest: Path) -> None:
    async with AscClient(server.url, retry=NO_RETRY) as client:
        await download_instance(AnalyticsApi(client), INSTANCE_ID, dest, report_name="Bomb")


async def test_gzip_bomb_is_stopped_past_its_declared_ratio_and_nothing_is_kept(
    tmp_path: Path,
) -> None:
    bomb = gzip_bomb(64)
    assert len(bomb) * EXPANSION_RATIO < 64 * MB  # it does expand past the ratio
    with Server() as server:
        serve_instance(server, [bomb])
        with pytest.raises(DownloadError) as caught:
            await _download(server, tmp_path / "out")
    error = caught.value
    assert error.reason == "too_large"
    assert f"more than {EXPANSION_RATIO} times" in error.message
    assert "Nothing was saved" in error.hint
    assert files_in(tmp_path) == []
    assert not (tmp_path / "out").exists()


async def test_a_report_past_the_configured_ceiling_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASC_TUI_MAX_REPORT_MB", "2")
    with Server() as server:
        serve_instance(server, [gzip_bomb(3)], declared=[None])
        with pytest.raises(DownloadError) as caught:
            await _download(server, tmp_path / "out")
    assert caught.value.reason == "too_large"
    assert "past the limit of 2 MB for a report (ASC_TUI_MAX_REPORT_MB)" in caught.value.message
    assert files_in(tmp_path) == []


async def test_an_ordinary_report_under_the_limits_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ASC_TUI_MAX_REPORT_MB", "1")
    rows = "".join(f"2026-11-01\tApp {n}\t{n}\n" for n in range(20_000))
    body = gzip.compress(("Date\tApp Name\tCount\n" + rows).encode())
    with Server() as server:
        serve_instance(server, [body])
        await _download(server, tmp_path / "out")
    (written,) = files_in(tmp_path)
    with TsvTable.open(written) as table:
        table.index_all()
        assert table.row_count == 20_000


@pytest.mark.parametrize("eol", [b"\r", b"\n", b"\r\n"])
def test_tsv_with_any_line_end_has_its_header_and_rows(tmp_path: Path, eol: bytes) -> None:
    path = tmp_path / "report.tsv"
    lines = [b"Date\tApp Name\tCount", b"2026-11-01\tPocket\t3", b"2026-11-02\tTide\t4"]
    path.write_bytes(eol.join(lines) + eol)
    with TsvTable.open(path) as table:
        table.index_all()
        assert table.header == ("Date", "App Name", "Count")
        assert table.rows(0, 10) == [("2026-11-01", "Pocket", "3"), ("2026-11-02", "Tide", "4")]
        assert table.short_rows == table.long_rows == 0


def test_quoted_tsv_with_cr_only_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "quoted.tsv"
    path.write_bytes(b'"Date"\t"Note"\r"2026-11-01"\t"a\ttab"\r')
    with TsvTable.open(path) as table:
        assert table.header == ("Date", "Note")
        assert table.rows(0, 5) == [("2026-11-01", "a\ttab")]
