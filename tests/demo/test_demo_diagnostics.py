"""The demo server's power and performance metrics, diagnostic signatures and logs: shaped
like Apple's, valid against Apple's spec."""

from __future__ import annotations

import json
import math
import re
from typing import Any

import httpx

from asc_tui.demo import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
)
from asc_tui.demo.data.builds import builds_of
from tests.support.demo_client import DEMO_BASE
from tests.support.demo_documents import (
    LOGS_JSON,
    METRICS_JSON,
    all_pages,
    assert_error,
    get_json,
    log_roots,
    spread,
    walk_frames,
)
from tests.support.openapi_schema import deep_json, validate

# --- metrics ----------------------------------------------------------------------------


def _points(document: dict[str, Any]) -> dict[tuple[str, str, str], list[dict[str, Any]]]:
    result = {}
    for product in document["productData"]:
        for category in product["metricCategories"]:
            for metric in category["metrics"]:
                for dataset in metric["datasets"]:
                    criteria = dataset["filterCriteria"]
                    key = (metric["identifier"], criteria["device"], criteria["percentile"])
                    result[key] = dataset["points"]
    return result


async def test_build_metrics_validate_and_differ_between_builds(
    client: httpx.AsyncClient,
) -> None:
    categories_seen: set[str] = set()
    by_build: dict[str, dict[tuple[str, str, str], list[dict[str, Any]]]] = {}
    for app_id in (BIG_APP_ID, "1609372514", "1498807344"):
        for build in spread(list(builds_of(app_id)), 10):
            url = f"/v1/builds/{build.id}/perfPowerMetrics"
            document = await get_json(client, url, "xcodeMetrics")
            assert document["version"] == "1.0.0"
            [product] = document["productData"]
            categories_seen |= {c["identifier"] for c in product["metricCategories"]}
            points = _points(document)
            assert all(
                len(p) == 1 and p[0]["version"] == build.marketing_version for p in points.values()
            )
            by_build[build.id] = points
    assert categories_seen == {
        "LAUNCH",
        "HANG",
        "MEMORY",
        "DISK",
        "BATTERY",
        "ANIMATION",
        "TERMINATION",
        "STORAGE",
    }
    same_version = [b for b in builds_of(BIG_APP_ID) if b.marketing_version == "4.5"][-2:]
    docs = [
        _points(await get_json(client, f"/v1/builds/{b.id}/perfPowerMetrics")) for b in same_version
    ]
    key = ("launchTime", "all_iphones", "percentile.fifty")
    assert docs[0][key][0]["value"] != docs[1][key][0]["value"]
    hitch = docs[0][("scrollHitchRate", "all_iphones", "percentile.ninety")][0]
    assert hitch["goal"] in {"good", "fair", "poor"} and hitch["errorMargin"] > 0


async def test_app_metrics_show_five_versions_and_insights(client: httpx.AsyncClient) -> None:
    for app_id in (BIG_APP_ID, "1609372514", BRACKETS_APP_ID, "1498807344"):
        document = await get_json(client, f"/v1/apps/{app_id}/perfPowerMetrics", "xcodeMetrics")
        lengths = {len(points) for points in _points(document).values()}
        assert lengths == {min(5, len({b.marketing_version for b in builds_of(app_id)}))}
    big = await get_json(client, f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics")
    versions = [p["version"] for p in _points(big)[("hangRate", "all_iphones", "percentile.fifty")]]
    assert versions == ["4.1", "4.2", "4.3", "4.4", "4.5"]
    regressions = {i["metric"]: i for i in big["insights"]["regressions"]}
    hang = regressions["hangRate"]
    assert hang["highImpact"] is True and hang["latestVersion"] == "4.5"
    assert hang["referenceVersions"] == "4.1,4.2,4.3,4.4"
    assert hang["populations"] and all(p["deltaPercentage"] >= 12 for p in hang["populations"])
    assert big["insights"]["trendingUp"]
    battery = next(
        m
        for c in big["productData"][0]["metricCategories"]
        for m in c["metrics"]
        if m["identifier"] == "onScreenBattery"
    )
    breakdown = battery["datasets"][0]["points"][0]["percentageBreakdown"]
    assert set(breakdown) == {"value", "subSystemLabel"}


async def test_metric_filters(client: httpx.AsyncClient) -> None:
    url = f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics"
    hang = await get_json(client, f"{url}?filter[metricType]=HANG,LAUNCH", "xcodeMetrics")
    categories = [c["identifier"] for c in hang["productData"][0]["metricCategories"]]
    assert categories == ["LAUNCH", "HANG"]
    ipads = await get_json(client, f"{url}?filter[deviceType]=all_ipads&filter[platform]=IOS")
    assert {k[1] for k in _points(ipads)} == {"all_ipads"}
    ledger = builds_of("1609372514")[-1]  # an iPhone-only app
    phones = _points(await get_json(client, f"/v1/builds/{ledger.id}/perfPowerMetrics"))
    assert not any(device.startswith("iPad") or device == "all_ipads" for _, device, _ in phones)


async def test_exactly_one_build_has_no_metrics_yet(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v1/builds/{EMPTY_METRICS_BUILD_ID}/perfPowerMetrics")
    assert response.headers["content-type"] == METRICS_JSON
    assert response.json() == {
        "productData": [],
        "insights": {"trendingUp": [], "regressions": []},
        "version": "1.0.0",
    }
    for build in builds_of(BRACKETS_APP_ID)[:-1]:
        document = await get_json(client, f"/v1/builds/{build.id}/perfPowerMetrics")
        assert document["productData"], build.id


# --- diagnostic signatures and logs -----------------------------------------------------


async def test_signatures_validate_and_look_like_apples(client: httpx.AsyncClient) -> None:
    for build in spread(list(builds_of(BIG_APP_ID)), 25) + list(builds_of("1609372514")[-3:]):
        url = f"/v1/builds/{build.id}/diagnosticSignatures?limit=200"
        document = await get_json(client, url, "DiagnosticSignaturesResponse")
        signatures = document["data"]
        assert signatures, build.id
        weights = [s["attributes"]["weight"] for s in signatures]
        assert weights == sorted(weights, reverse=True)
        for kind in ("DISK_WRITES", "HANGS", "LAUNCHES"):
            share = [
                s["attributes"]["weight"]
                for s in signatures
                if s["attributes"]["diagnosticType"] == kind
            ]
            assert share and 0 < sum(share) <= 1.0 + 1e-9
        for signature in signatures:
            assert re.fullmatch(r"[0-9a-f]{66}", signature["id"])
            assert re.fullmatch(r".+: .+ \+ \d+", signature["attributes"]["signature"])
            logs = signature["relationships"]["logs"]["links"]["related"]
            assert logs == f"{DEMO_BASE}/v1/diagnosticSignatures/{signature['id']}/logs"
    url = f"/v1/builds/{HUGE_LOG_BUILD_ID}/diagnosticSignatures"
    hangs = await get_json(client, f"{url}?filter[diagnosticType]=HANGS")
    assert {s["attributes"]["diagnosticType"] for s in hangs["data"]} == {"HANGS"}
    assert hangs["data"][0]["id"] == HUGE_LOG_SIGNATURE_ID
    paged, requests = await all_pages(client, f"{url}?limit=2")
    everything = await get_json(client, url)
    assert paged == everything["data"] and requests == math.ceil(len(paged) / 2)
    empty = await get_json(client, f"/v1/builds/{EMPTY_METRICS_BUILD_ID}/diagnosticSignatures")
    assert empty["data"] == [] and empty["meta"]["paging"]["total"] == 0


async def test_logs_validate_with_one_blame_frame_each(client: httpx.AsyncClient) -> None:
    checked = 0
    for build in (
        builds_of(BIG_APP_ID)[-2],
        builds_of("1609372514")[-1],
        builds_of(BRACKETS_APP_ID)[-2],
    ):
        signatures = (await get_json(client, f"/v1/builds/{build.id}/diagnosticSignatures"))["data"]
        for signature in signatures:
            response = await client.get(signature["relationships"]["logs"]["links"]["related"])
            assert response.headers["content-type"] == LOGS_JSON
            document = response.json()
            validate("diagnosticLogs", document)
            [product] = document["productData"]
            assert product["signatureId"] == signature["id"]
            assert 1 <= len(product["diagnosticLogs"]) <= 5
            for log in product["diagnosticLogs"]:
                meta = log["diagnosticMetaData"]
                assert all(isinstance(v, str) for v in meta.values())
                assert meta["buildVersion"] == str(build.number)
                assert meta["appVersion"] == build.marketing_version
                assert ("writesCaused" in meta) == (meta["event"] == "disk writes")
                [tree] = log["callStackTree"]
                assert len(tree["callStacks"]) >= 1
                frames = list(walk_frames(log_roots(log)))
                blamed = [f for f, _ in frames if f["isBlameFrame"]]
                assert len(blamed) == 1
                name = signature["attributes"]["signature"].rsplit(" + ", 1)[0]
                assert f"{blamed[0]['binaryName']}: {blamed[0]['symbolName']}" == name
                assert 30 <= max(d for _, d in frames) <= 80
                assert all(f["address"].startswith("0x") for f, _ in frames)
                checked += 1
    assert checked > 40


async def test_log_limit(client: httpx.AsyncClient) -> None:
    url = f"/v1/diagnosticSignatures/{HUGE_LOG_SIGNATURE_ID}/logs"
    document = await get_json(client, f"{url}?limit=1")
    assert len(document["productData"][0]["diagnosticLogs"]) == 1
    assert_error(await client.get(f"{url}?limit=500"), 400, "PARAMETER_ERROR.INVALID")
    assert_error(await client.get(f"{url}?cursor=AQ.xxxxxxx"), 400, "PARAMETER_ERROR.ILLEGAL")


async def test_the_huge_log_has_over_ten_thousand_frames(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/v1/diagnosticSignatures/{HUGE_LOG_SIGNATURE_ID}/logs")
    assert response.status_code == 200
    with deep_json():
        document = json.loads(response.content)
    first = document["productData"][0]["diagnosticLogs"][0]
    frames = list(walk_frames(log_roots(first)))
    assert len(frames) >= 10_000
    assert sum(f["isBlameFrame"] for f, _ in frames) == 1
    assert max(depth for _, depth in frames) > 150
    assert all(f["sampleCount"] >= sum(c["sampleCount"] for c in f["subFrames"]) for f, _ in frames)
