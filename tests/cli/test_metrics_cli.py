"""``asc-tui metrics`` end to end: the real entry point, credentials from the environment,
against a demo server on loopback; values checked against the server's raw JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.cli import main
from asc_tui.demo import BIG_APP_ID, DemoServer, generate_demo_key
from asc_tui.demo.data.landmarks import EMPTY_METRICS_BUILD_ID, HUGE_LOG_BUILD_ID
from tests.support.auth import use_key
from tests.support.metrics_documents import raw, raw_datasets


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer([generate_demo_key()]) as running:
        yield running


@pytest.fixture(autouse=True)
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: DemoServer) -> None:
    use_key(monkeypatch, tmp_path, server, server.key)


def raw_doc(server: DemoServer, path: str) -> Any:
    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    return httpx.get(server.base_url + path, auth=auth).json()


def test_build_metrics_as_json(server: DemoServer, capsys: pytest.CaptureFixture[str]) -> None:
    doc = raw_doc(server, f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics")
    assert main(["metrics", HUGE_LOG_BUILD_ID, "--json", "--percentile", "p90"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == len({m["identifier"] for _, m, _ in raw_datasets(doc)})
    for row in rows:
        point = raw(doc, row["metric"], "all_iphones", "percentile.ninety")["points"][-1]
        assert (row["value"], row["errorMargin"]) == (point["value"], point["errorMargin"])


def test_app_metrics_as_csv_for_one_device_and_category(
    server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = raw_doc(server, f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics")
    argv = ["metrics", "--app", BIG_APP_ID, "--csv", "--device", "iPhone15,2", "--category", "hang"]
    assert main(argv) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    dataset = raw(doc, "hangRate", "iPhone15,2", "percentile.fifty")
    assert [(r["metric"], r["version"], float(r["value"])) for r in rows] == [
        ("hangRate", p["version"], p["value"]) for p in dataset["points"]
    ]


def test_table_output_and_server_side_device_filter(
    server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["metrics", HUGE_LOG_BUILD_ID, "--device", "all_ipads"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["category", "metric", "unit"]
    assert "all_ipads" in out and "None" not in out


def test_clear_errors(server: DemoServer, capsys: pytest.CaptureFixture[str]) -> None:
    # a device or percentile the data lacks is a bad argument, as for `check`: exit 2
    assert main(["metrics", HUGE_LOG_BUILD_ID, "--device", "nope"]) == 2
    assert "Devices with data: all_iphones" in capsys.readouterr().err
    assert main(["metrics", HUGE_LOG_BUILD_ID, "--percentile", "p99"]) == 2
    assert "Percentiles with data" in capsys.readouterr().err
    assert main(["metrics"]) == 2
    assert "give a BUILD_ID" in capsys.readouterr().err
    assert main(["metrics", EMPTY_METRICS_BUILD_ID, "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == [] and "not enough data" in captured.err
