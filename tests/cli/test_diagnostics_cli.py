"""``asc-tui signatures`` and ``asc-tui logs`` end to end: the real CLI entry point,
credentials from the environment, a demo server on loopback; bad saved files."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument
from asc_tui.cli import main, saved_logs_shortcut
from asc_tui.commands import diagnostics
from asc_tui.demo import DemoServer, generate_demo_key
from asc_tui.demo.data.landmarks import HUGE_LOG_BUILD_ID, HUGE_LOG_SIGNATURE_ID
from asc_tui.logs.files import LogFileError, load_logs_file
from asc_tui.logs.report import frame_line


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer([generate_demo_key()]) as running:
        yield running


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: DemoServer) -> None:
    key = server.key
    key_file = tmp_path / f"AuthKey_{key.key_id}.p8"
    key_file.write_text(key.private_key_pem)
    monkeypatch.setenv("ASC_BASE_URL", server.base_url)
    monkeypatch.setenv("ASC_ISSUER_ID", key.issuer_id)
    monkeypatch.setenv("ASC_KEY_ID", key.key_id)
    monkeypatch.setenv("ASC_PRIVATE_KEY_PATH", str(key_file))


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.usefixtures("env")
def test_signatures_sorted_by_weight_and_filtered_by_type(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = run_json(capsys, "signatures", HUGE_LOG_BUILD_ID, "--json")
    weights = [row["weight"] for row in rows]
    assert weights == sorted(weights, reverse=True) and len(rows) > 3
    kinds = {row["type"] for row in rows}
    assert kinds == {"HANGS", "DISK_WRITES", "LAUNCHES"} & kinds and len(kinds) >= 2
    assert HUGE_LOG_SIGNATURE_ID in {row["id"] for row in rows}
    hangs = run_json(capsys, "signatures", HUGE_LOG_BUILD_ID, "--type", "hangs", "--json")
    assert hangs == [row for row in rows if row["type"] == "HANGS"]
    assert main(["signatures", HUGE_LOG_BUILD_ID, "--csv", "--type", "disk-writes"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,type,weight,insight,signature"
    assert len(lines) - 1 == sum(row["type"] == "DISK_WRITES" for row in rows)


@pytest.mark.usefixtures("env")
def test_logs_as_json_text_and_saved_to_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    raw = run_json(capsys, "logs", HUGE_LOG_SIGNATURE_ID, "--json")
    document = DiagnosticLogsDocument.from_json(raw)
    assert document.products[0].signature_id == HUGE_LOG_SIGNATURE_ID
    frames = sum(log.frame_count() for log in document.logs)
    assert frames > 10_000

    assert main(["logs", HUGE_LOG_SIGNATURE_ID]) == 0
    text = capsys.readouterr().out
    first = document.logs[0].call_stacks[0].roots[0]
    assert frame_line(first) in text
    assert text.count("<== blame") == sum(
        1 for line in text.splitlines() if line.rstrip().endswith("<== blame")
    )
    assert document.logs[0].metadata["osVersion"] in text

    assert main(["logs", HUGE_LOG_SIGNATURE_ID, "-o", str(tmp_path)]) == 0
    saved_json = tmp_path / f"{HUGE_LOG_SIGNATURE_ID}.json"
    saved_text = tmp_path / f"{HUGE_LOG_SIGNATURE_ID}.txt"
    assert capsys.readouterr().out.split() == [str(saved_json), str(saved_text)]
    again_raw, again = load_logs_file(saved_json)
    assert again_raw == raw and len(again.logs) == len(document.logs)
    assert not list(tmp_path.glob("*.part"))
    out = tmp_path / "one.json"
    assert main(["logs", HUGE_LOG_SIGNATURE_ID, "--json", "-o", str(out)]) == 0
    assert json.loads(out.read_text()) == raw


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"version": "1.0", "productData": [{"diagnosticLogs": [{"callSt', "is cut off"),
        (b"\x89PNG\r\n", "not valid JSON"),
        (b'{"data": []}', "not a diagnostic logs document"),
        (b"[1, 2]", "not a diagnostic logs document"),
    ],
)
def test_a_bad_saved_file_is_refused_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, says: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(LogFileError, match=says):
        load_logs_file(path)
    assert main(["logs", "open", str(path)]) == 1
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert main([str(path)]) == 1  # the `asc-tui FILE.json` shortcut
    assert says in capsys.readouterr().err


def test_missing_file_and_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.json"
    assert main(["logs", "open", str(missing)]) == 1
    assert "Cannot read" in capsys.readouterr().err
    assert main(["logs", "open"]) == 2
    assert saved_logs_shortcut([str(missing)]) == [str(missing)]  # not a file: no shortcut
    missing.write_text("{}")
    assert saved_logs_shortcut([str(missing)]) == ["logs", "open", str(missing)]
    with pytest.raises(SystemExit):
        main(["signatures", "B", "--type", "crashes"])
    assert "use hangs, disk-writes or launches" in capsys.readouterr().err
    assert diagnostics.diagnostic_type("Disk-Writes") == "DISK_WRITES"


@pytest.mark.usefixtures("env")
def test_the_text_report_names_the_signature_once(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["logs", HUGE_LOG_SIGNATURE_ID]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Signature {HUGE_LOG_SIGNATURE_ID}"
    assert sum(HUGE_LOG_SIGNATURE_ID in line for line in lines) == 1
    assert lines[2].startswith("=== Log 1/")


@pytest.mark.usefixtures("env")
def test_an_output_path_ending_in_a_slash_is_a_folder_made_for_both_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "new" / "logs"
    assert main(["logs", HUGE_LOG_SIGNATURE_ID, "-o", f"{folder}/"]) == 0
    assert folder.is_dir()
    saved = [folder / f"{HUGE_LOG_SIGNATURE_ID}.json", folder / f"{HUGE_LOG_SIGNATURE_ID}.txt"]
    assert capsys.readouterr().out.split() == [str(path) for path in saved]
    assert all(path.is_file() for path in saved)


def test_a_path_that_is_not_a_file_names_the_key_that_saves_logs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["logs", "open", str(tmp_path)]) == 1  # a folder, not a saved file
    err = capsys.readouterr().err
    assert "`e` in the log viewer" in err and "`s`" not in err
