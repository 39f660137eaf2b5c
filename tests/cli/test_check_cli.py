"""``asc-tui check`` and ``asc-tui metrics compare`` end to end: the real entry point,
credentials from the environment, a demo server on loopback over real HTTP. Values are
checked against the server's raw JSON, not against the code under test."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from asc_tui.cli import main
from asc_tui.commands.exit_codes import (
    EXIT_NETWORK,
    EXIT_NOT_ENOUGH_DATA,
    EXIT_RULE_FAILED,
    EXIT_UNAUTHORIZED,
    EXIT_USAGE,
)
from asc_tui.demo import DemoServer, generate_demo_key
from asc_tui.demo.data.landmarks import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    GATE_PASS_BASE_BUILD_ID,
    GATE_PASS_HEAD_BUILD_ID,
    HUGE_LOG_BUILD_ID,
)
from tests.support.auth import use_key
from tests.support.metrics_documents import raw, raw_datasets, raw_get

pytestmark = pytest.mark.usefixtures("loopback_env")

RULES_FILE = Path(__file__).resolve().parents[2] / "examples" / "asc-perf.toml"
FAIL_ARGS = ["check", "--app", BIG_APP_ID, "--build", HUGE_LOG_BUILD_ID]
PASS_ARGS = [
    "check", "--app", BIG_APP_ID, "--build", GATE_PASS_HEAD_BUILD_ID,
    "--base", GATE_PASS_BASE_BUILD_ID,
]  # fmt: skip
EMPTY_ARGS = ["check", "--app", BRACKETS_APP_ID, "--build", EMPTY_METRICS_BUILD_ID]


def run(capsys: pytest.CaptureFixture[str], argv: list[str], code: int) -> str:
    assert main(argv) == code, capsys.readouterr().err
    return capsys.readouterr().out


def test_the_regressing_pair_fails_naming_the_rule(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, [*FAIL_ARGS, "--rules", str(RULES_FILE)], EXIT_RULE_FAILED)
    assert out.startswith("asc-tui check 4.4 (925) → 4.5 (953): FAIL")
    failed = [
        line.split(":")[0].split(None, 1)[1] for line in out.splitlines() if "  FAIL " in line
    ]
    assert "launchTime p90 all_iphones max_regress=10%" in failed
    assert "no_new_signatures HANGS" in failed
    assert "fail_on_apple_regressions hangRate" in failed
    passed = [line for line in out.splitlines() if line.startswith("  PASS ")]
    assert any("hangRate p50 all_iphones goal=fair" in line for line in passed)


def test_the_passing_pair_and_the_empty_build(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, [*PASS_ARGS, "--rules", str(RULES_FILE)], 0)
    assert "PASS: all 5 checks passed" in out and "  FAIL " not in out
    out = run(capsys, [*EMPTY_ARGS, "--rules", str(RULES_FILE)], EXIT_NOT_ENOUGH_DATA)
    assert "NOT ENOUGH DATA yet for 1.1 (66)" in out
    assert "Signatures: not compared until both builds have data." in out


def test_flags_without_a_file(
    loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    """Flags give the same rules as the file; a rule with an absolute limit in ms."""
    head = raw_get(loopback_server, f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics")
    base = raw_get(loopback_server, f"/v1/builds/{GATE_PASS_HEAD_BUILD_ID}/perfPowerMetrics")
    a = raw(base, "launchTime", "all_iphones", "percentile.ninety")["points"][-1]["value"]
    b = raw(head, "launchTime", "all_iphones", "percentile.ninety")["points"][-1]["value"]
    argv = [*FAIL_ARGS, "--percentile", "p90", "--rule", f"launchTime max_regress={b - a}"]
    assert "PASS: all 1 checks passed" in run(capsys, argv, 0)
    argv[-1] = f"launchTime max_regress={b - a - 1}"
    out = run(capsys, argv, EXIT_RULE_FAILED)
    assert f"{a} → {b} ms (+{b - a} ms worse): more than {b - a - 1}" in out
    out = run(capsys, [*PASS_ARGS, "--no-new-signatures", "all", "--max-regress", "10%"], 0)
    assert "no_new_signatures DISK_WRITES: no new DISK_WRITES" in out


def test_markdown_report(capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, [*FAIL_ARGS, "--rules", str(RULES_FILE), "--format", "markdown"], 7)
    lines = out.splitlines()
    assert lines[0] == "### ❌ Performance gate: 4.4 (925) → 4.5 (953)"
    start = lines.index("| Rule | Status | Detail |")
    assert lines[start + 1] == "|---|---|---|"
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = re.split(r"(?<!\\)\|", line)[1:-1]
        assert len(cells) == 3, line
        rows.append([c.strip() for c in cells])
    assert ["launchTime p90 all\\_iphones max\\_regress=10%", "❌ fail"] in [r[:2] for r in rows]
    assert ["hangRate p50 all\\_iphones goal=fair", "✅ pass"] in [r[:2] for r in rows]
    assert "| Metric | Device | Pct | Base | Head | Δ | Δ % |" in lines
    launch = next(line for line in lines if line.startswith("| launchTime | all\\_iphones | p90"))
    assert "▲ +21.0%" in launch and "✗" in launch
    assert "**New signatures** (3)" in lines


def test_junit_report_parses(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "reports" / "perf.xml"
    argv = [*FAIL_ARGS, "--rules", str(RULES_FILE), "--format", "junit", "-o", str(report)]
    assert run(capsys, argv, EXIT_RULE_FAILED) == ""
    assert list(report.parent.iterdir()) == [report]  # written whole, no temp file left
    root = ET.fromstring(report.read_text(encoding="utf-8"))
    suite = root.find("testsuite")
    assert root.tag == "testsuites" and suite is not None
    cases = suite.findall("testcase")
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert int(suite.get("tests", "")) == len(cases) == 6
    assert int(suite.get("failures", "")) == len(failed) == 4
    assert "launchTime p90 all_iphones max_regress=10%" in failed
    launch = next(c for c in cases if c.get("name") == "launchTime p90 all_iphones max_regress=10%")
    failure = launch.find("failure")
    assert failure is not None and "more than 10%" in (failure.get("message") or "")
    argv = [*EMPTY_ARGS, "--format", "junit"]
    empty = ET.fromstring(run(capsys, argv, EXIT_NOT_ENOUGH_DATA))
    skipped = empty.findall("testsuite/testcase/skipped")
    assert skipped and all("not enough data" in (s.get("message") or "") for s in skipped)


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(run(capsys, [*PASS_ARGS, "--json", "--max-regress", "10%"], 0))
    assert doc["status"] == "pass" and doc["exitCode"] == 0
    assert doc["base"]["id"] == GATE_PASS_BASE_BUILD_ID and doc["head"]["build"] == "925"
    assert {r["metric"] for r in doc["rules"]} == {r["metric"] for r in doc["metrics"]}
    assert all(r["status"] == "pass" and r["percentile"] == "p50" for r in doc["rules"])


def test_bad_rules_and_errors_keep_their_exit_codes(
    loopback_server: DemoServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('rules = ["lauchTime max_regress=10%"]\n')
    assert main([*PASS_ARGS, "--rules", str(bad)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "no metric 'lauchTime'" in err and "launchTime" in err
    bad.write_text("[[rule]]\nmetric = 'hangRate'\ngoal = 'great'\n")
    assert main([*PASS_ARGS, "--rules", str(bad)]) == EXIT_USAGE
    assert "goal 'great' is not one of good, fair, poor" in capsys.readouterr().err
    bad.write_text("rules = [\n")
    assert main([*PASS_ARGS, "--rules", str(bad)]) == EXIT_USAGE
    assert "is not valid TOML" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:  # argparse: two bases
        main([*PASS_ARGS, "--base-version", "9.9"])
    assert usage.value.code == EXIT_USAGE
    assert main([*FAIL_ARGS, "--base-version", "9.9"]) == 1
    assert "no build of version '9.9'" in capsys.readouterr().err
    wrong = generate_demo_key()
    use_key(monkeypatch, tmp_path, loopback_server, wrong)  # a key the server does not know
    assert main(PASS_ARGS) == EXIT_UNAUTHORIZED
    monkeypatch.setenv("ASC_BASE_URL", "http://127.0.0.1:9")  # discard port: refused
    assert main(PASS_ARGS) == EXIT_NETWORK


def test_metrics_compare_json_holds_both_builds(
    loopback_server: DemoServer, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["metrics", "compare", "--app", BIG_APP_ID, "--versions", "4.4", "4.5"]
    doc = json.loads(run(capsys, [*argv, "--json", "--device", "all", "--percentile", "all"], 0))
    assert (doc["base"]["id"], doc["head"]["id"]) == (GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID)
    base = raw_get(loopback_server, f"/v1/builds/{GATE_PASS_HEAD_BUILD_ID}/perfPowerMetrics")
    head = raw_get(loopback_server, f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics")
    short = {"percentile.fifty": "p50", "percentile.ninety": "p90"}
    expected = {
        (m["identifier"], d["filterCriteria"]["device"], short[d["filterCriteria"]["percentile"]])
        for doc_ in (base, head)
        for _, m, d in raw_datasets(doc_)
    }
    rows = {(r["metric"], r["device"], r["percentile"]): r for r in doc["metrics"]}
    assert set(rows) == expected
    for (metric, device, pct), row in rows.items():
        p = next(k for k, v in short.items() if v == pct)
        a = raw(base, metric, device, p)["points"][-1]
        b = raw(head, metric, device, p)["points"][-1]
        assert (row["base"], row["head"]) == (a["value"], b["value"])
        assert row["delta"] == pytest.approx(b["value"] - a["value"])
        assert row["direction"] == "lower-is-better"
        worse = b["value"] > a["value"]
        assert row["verdict"] == (
            "worse" if worse else "better" if b["value"] < a["value"] else "same"
        )
        assert (row["baseGoal"], row["headGoal"]) == (a.get("goal"), b.get("goal"))

    # new and gone signatures, computed here from the raw resources
    def sigs(build: str) -> dict[tuple[str, str], Any]:
        data = raw_get(loopback_server, f"/v1/builds/{build}/diagnosticSignatures", limit="200")[
            "data"
        ]
        return {
            (s["attributes"]["diagnosticType"], s["attributes"]["signature"].rsplit(" + ", 1)[0]): s
            for s in data
        }

    old, new = sigs(GATE_PASS_HEAD_BUILD_ID), sigs(HUGE_LOG_BUILD_ID)
    for kind, these, others in (("new", new, old), ("gone", old, new)):
        listed = {(s["type"], s["signature"], s["weight"]) for s in doc["signatures"][kind]}
        wanted = {
            (k[0], s["attributes"]["signature"], s["attributes"]["weight"])
            for k, s in these.items()
            if k not in others
        }
        assert listed == wanted and listed


def test_metrics_compare_text_csv_and_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["metrics", "compare", GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID]
    text = run(capsys, argv, 0)
    assert text.splitlines()[0] == "Compare 4.4 (925) → 4.5 (953)"
    launch = next(line for line in text.splitlines() if line.startswith("launchTime "))
    assert "▲ +21.4%" in launch and launch.rstrip().endswith("worse")
    csv_text = run(capsys, [*argv, "--csv"], 0)
    assert csv_text.splitlines()[0].startswith("kind,category,metric,unit,percentile,device")
    assert sum(line.startswith("metric,") for line in csv_text.splitlines()) == 12
    assert sum(line.startswith("signature,") for line in csv_text.splitlines()) == 7
    md = run(capsys, [*argv, "--format", "markdown", "--percentile", "p90"], 0)
    assert md.splitlines()[0] == "### Performance: 4.4 (925) → 4.5 (953)"
    assert "| launchTime | all\\_iphones | p90 |" in md
    assert main(["metrics", "compare", HUGE_LOG_BUILD_ID]) == EXIT_USAGE
    assert main(["metrics", "compare", *argv[2:], "--device", "nope"]) == EXIT_USAGE
    assert "Devices: all_iphones" in capsys.readouterr().err
    assert main(["metrics", "compare", *argv[2:], "--percentile", "p99"]) == EXIT_USAGE
    assert "Percentiles: p50, p90, or all." in capsys.readouterr().err


def test_one_run_writes_several_reports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Each -o file in the format its extension names; nothing on stdout; a summary on
    stderr; a format the command does not write is refused before anything is written."""
    names = ["perf.md", "perf.xml", "perf.json", "perf.csv", "perf.log"]
    tmp_path = tmp_path / "reports"
    argv = [*FAIL_ARGS, "--rules", str(RULES_FILE)]
    for name in names:
        argv += ["-o", str(tmp_path / name)]
    assert main(argv) == EXIT_RULE_FAILED
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "asc-tui check 4.4 (925) → 4.5 (953): FAIL: 4 of 6 checks failed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names)
    assert (tmp_path / "perf.md").read_text().startswith("### ❌ Performance gate")
    assert ET.parse(tmp_path / "perf.xml").getroot().tag == "testsuites"
    assert json.loads((tmp_path / "perf.json").read_text())["status"] == "fail"
    assert (tmp_path / "perf.csv").read_text().startswith("kind,rule,status,message")
    assert (tmp_path / "perf.log").read_text().startswith("asc-tui check 4.4 (925)")
    compare = ["metrics", "compare", GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID]
    assert main([*compare, "-o", str(tmp_path / "compare.xml")]) == 1
    assert "this command does not write junit" in capsys.readouterr().err
    assert not (tmp_path / "compare.xml").exists()
