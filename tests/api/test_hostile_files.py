"""Hostile files: a gzip bomb from the download server, a TSV with CR-only line ends."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from asc_tui.analytics import limits
from asc_tui.analytics.download import download_instance
from asc_tui.analytics.limits import EXPANSION_RATIO
from asc_tui.analytics.tsv import TsvTable
from asc_tui.api.analytics_reports import AnalyticsApi
from asc_tui.api.client import AscClient
from asc_tui.api.retry import NO_RETRY
from asc_tui.auth.key_file import read_key_file
from asc_tui.auth.profiles import FIELD_KEY, check_new_profile
from asc_tui.errors import DownloadError, InvalidKeyError, TsvError
from tests.support.hostile_server import INSTANCE_ID, Server, serve_instance

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


async def test_a_download_trickled_a_byte_at_a_time_is_given_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "STALL_SECONDS", 0.3)  # 60 s in real use
    with Server() as server:
        serve_instance(server, [gzip.compress(b"Date\tCount\n" * 5000)], trickle=0)
        with pytest.raises(DownloadError) as caught:
            await asyncio.wait_for(_download(server, tmp_path / "out"), 60)
    assert caught.value.reason == "interrupted"
    assert "almost stopped" in caught.value.message
    assert "in the last 0.3 s" in caught.value.message
    assert files_in(tmp_path) == []


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


# -- unbounded reads: devices, FIFOs, huge files ------------------------------------


def _run(*args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "asc_tui", *args],
        capture_output=stdin is None,
        stdin=stdin,
        stdout=subprocess.PIPE if stdin is not None else None,
        stderr=subprocess.PIPE if stdin is not None else None,
        text=True,
        timeout=120,
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "AuthKey_2X9R4HXF34.p8"
    os.mkfifo(path)
    return path


def test_key_file_that_is_a_device_a_fifo_or_huge_is_refused_unread(
    tmp_path: Path, fifo: Path
) -> None:
    huge = tmp_path / "big.p8"
    huge.write_bytes(b"-----BEGIN PRIVATE KEY-----\n" + b"A" * 100_000)
    for path, reason in [
        ("/dev/zero", "is a device, not a file"),
        (str(fifo), "is a named pipe (FIFO)"),
        (str(huge), "is larger than 64 KB"),
        (str(tmp_path), "is a folder, not a .p8 key file"),
    ]:
        with pytest.raises(InvalidKeyError) as caught:
            read_key_file(path)
        assert reason in caught.value.message


def test_first_run_key_field_with_dev_zero_says_why(tmp_path: Path) -> None:
    check = check_new_profile(
        issuer_id="57246542-96fe-1a63-e053-0824d011072a", key_id="2X9R4HXF34", key="/dev/zero"
    )
    assert "is a device, not a file" in check.errors[FIELD_KEY]


@pytest.mark.parametrize("key_file", ["/dev/zero", "fifo"])
def test_auth_add_with_an_endless_key_file_is_a_message(key_file: str, fifo: Path) -> None:
    path = str(fifo) if key_file == "fifo" else key_file
    result = _run(
        "auth",
        "add",
        "--issuer-id",
        "57246542-96fe-1a63-e053-0824d011072a",
        "--key-id",
        "2X9R4HXF34",
        "--key-file",
        path,
        "--no-check",
    )
    assert result.returncode != 0
    assert "not a file" in result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


def test_auth_add_with_endless_stdin_is_a_message() -> None:
    with open("/dev/zero", "rb") as zero:
        result = _run(
            "auth",
            "add",
            "--issuer-id",
            "57246542-96fe-1a63-e053-0824d011072a",
            "--key-id",
            "2X9R4HXF34",
            "--key-file",
            "-",
            "--no-check",
            stdin=zero.fileno(),
        )
    assert result.returncode != 0
    assert "more than 64 KB" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/urandom", "fifo"])
def test_logs_open_refuses_what_is_not_a_regular_file(path: str, fifo: Path) -> None:
    result = _run("logs", "open", str(fifo) if path == "fifo" else path)
    assert result.returncode == 1
    assert "not a file" in result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr


def test_tsv_table_refuses_a_fifo(fifo: Path) -> None:
    with pytest.raises(TsvError, match=r"is a named pipe \(FIFO\)"):
        TsvTable.open(fifo)


def test_a_big_logs_file_shows_its_progress_while_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    filler = "x" * 1000
    big.write_text(json.dumps({"padding": [filler] * 18_000}))  # 18 MB, not a logs document
    result = _run("logs", "open", str(big))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "asc-tui: reading big.json (18 MB)…"
    assert lines[1] == "asc-tui: parsing the JSON of big.json (18 MB)…"
    assert "is JSON but not a diagnostic logs document" in result.stderr


def test_big_file_progress_on_a_terminal_redraws_one_line_without_escapes() -> None:

    from asc_tui.commands.diagnostics import PROGRESS_FROM, _LoadProgress
    from asc_tui.safe_text import terminal_text

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    writes: list[str] = []

    class Recorder(io.StringIO):
        def write(self, text: str) -> int:
            writes.append(text)
            screen.write(terminal_text(text))  # as the command's stderr does
            return len(text)

        def isatty(self) -> bool:
            return True

    progress = _LoadProgress(Path("big.json"), Recorder())
    total = PROGRESS_FROM * 2
    progress("read", total // 2, total)
    progress("read", total, total)
    progress("parse", 0, total)
    progress.finish()
    assert all(w.startswith("\r") for w in writes)
    shown = screen.getvalue()
    assert "\x1b" not in shown and "␛" not in shown and "␍" not in shown
    frames = shown.split("\r")[1:]
    assert frames[0] == "asc-tui: reading big.json: 17 of 34 MB"
    assert frames[2].startswith("asc-tui: parsing the JSON of big.json (34 MB)…")
    assert frames[-1] == "" and frames[-2].strip() == ""  # the line is blank again
