"""The demo's TestFlight feedback: crash submissions paged like Apple's and valid against
the spec, crash logs of every kind that parse into the crash they are meant to be, and
screenshot feedback whose images the demo serves without a token."""

from __future__ import annotations

import struct
from collections import Counter
from typing import Any

import httpx
from starlette.applications import Starlette

from asc_tui.demo import BIG_APP_ID, BRACKETS_APP_ID, DemoKey, create_app
from asc_tui.demo.data.feedback import crash_submissions, crashed_builds
from asc_tui.logs.crash_report import is_symbolicated, parse_crash_report
from tests.support.openapi_schema import validate

CRASHES = "betaFeedbackCrashSubmissions"


async def get_json(client: httpx.AsyncClient, url: str, schema: str) -> Any:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    document = response.json()
    validate(schema, document)
    return document


async def test_crash_submissions_page_like_apple_and_validate(client: httpx.AsyncClient) -> None:
    url: str | None = f"/v1/apps/{BIG_APP_ID}/{CRASHES}?limit=200&include=build,tester"
    items: list[dict[str, Any]] = []
    pages = 0
    while url:
        document = await get_json(client, url, "BetaFeedbackCrashSubmissionsResponse")
        pages += 1
        items.extend(document["data"])
        included = {(r["type"], r["id"]) for r in document["included"]}
        for item in document["data"]:
            build = item["relationships"]["build"]["data"]["id"]
            tester = item["relationships"]["tester"]["data"]["id"]
            assert ("builds", build) in included and ("betaTesters", tester) in included
        assert document["meta"]["paging"]["total"] == 230
        url = document["links"].get("next")
    assert pages == 2 and len(items) == 230 == len({i["id"] for i in items})
    dates = [i["attributes"]["createdDate"] for i in items]
    assert len(dates) == 230
    builds = {i["relationships"]["build"]["data"]["id"] for i in items}
    assert builds == {b.id for b in crashed_builds(BIG_APP_ID)}
    newest = crashed_builds(BIG_APP_ID)[-1].id
    one_build = await get_json(
        client,
        f"/v1/apps/{BIG_APP_ID}/{CRASHES}?filter[build]={newest}&limit=200",
        "BetaFeedbackCrashSubmissionsResponse",
    )
    assert one_build["data"] and all(
        i["relationships"]["build"]["data"]["id"] == newest for i in one_build["data"]
    )
    assert len(one_build["data"]) == sum(
        1 for i in items if i["relationships"]["build"]["data"]["id"] == newest
    )


async def test_every_kind_of_crash_log_parses_as_intended(client: httpx.AsyncClient) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    kinds = Counter(r.kind for r in records)
    assert set(kinds) == {"swift", "objc", "unsymbolicated", "cpp", "recursion"}
    seen: dict[str, Any] = {}
    for record in records:
        if record.kind in seen:
            continue
        url = f"/v1/{CRASHES}/{record.id}/crashLog"
        document = await get_json(client, url, "BetaCrashLogResponse")
        assert document["data"]["type"] == "betaCrashLogs"
        seen[record.kind] = parse_crash_report(document["data"]["attributes"]["logText"])
    swift, objc, unsym, cpp, deep = (
        seen[k] for k in ("swift", "objc", "unsymbolicated", "cpp", "recursion")
    )
    assert swift.exception_type == "EXC_BREAKPOINT (SIGTRAP)"
    assert swift.blame_frame is not None and swift.blame_frame.location == "NoteEditor.swift:231"
    assert objc.last_exception_backtrace is not None
    assert objc.blame_frame is not None and objc.blame_frame.binary == "LumenKit"
    assert objc.reason.startswith("-[__NSCFString objectForKey:]")
    crashed = unsym.crashed_thread
    assert crashed is not None and crashed.index == 3
    assert not any(is_symbolicated(f) for f in crashed.frames)
    assert cpp.form == "ips" and "std::out_of_range" in cpp.application_specific
    assert cpp.blame_frame is not None
    assert cpp.blame_frame.symbol == "lumen::NoteBuffer::at(unsigned long) const"
    deep_thread = deep.crashed_thread
    assert deep_thread is not None and len(deep_thread.frames) > 5000
    missing = await client.get(f"/v1/{CRASHES}/nope/crashLog")
    assert missing.status_code == 404


async def test_one_submission_validates(client: httpx.AsyncClient) -> None:
    record = crash_submissions(BRACKETS_APP_ID)[0]
    document = await get_json(
        client, f"/v1/{CRASHES}/{record.id}", "BetaFeedbackCrashSubmissionResponse"
    )
    assert document["data"]["attributes"]["deviceModel"] == record.device


async def test_screenshot_feedback_and_its_images(
    client: httpx.AsyncClient, app: Starlette
) -> None:
    url = f"/v1/apps/{BRACKETS_APP_ID}/betaFeedbackScreenshotSubmissions"
    document = await get_json(client, url, "BetaFeedbackScreenshotSubmissionsResponse")
    assert document["data"]
    first = document["data"][0]
    await get_json(
        client,
        f"/v1/betaFeedbackScreenshotSubmissions/{first['id']}",
        "BetaFeedbackScreenshotSubmissionResponse",
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as anonymous:
        for shot in first["attributes"]["screenshots"]:
            image = await anonymous.get(shot["url"])
            assert image.status_code == 200
            assert image.headers["content-type"] == "image/png"
            assert image.content.startswith(b"\x89PNG\r\n\x1a\n")
            width, height = struct.unpack(">II", image.content[16:24])
            assert (width, height) == (shot["width"], shot["height"])
        gone = await anonymous.get(shot["url"].replace(".png", "9.png"))
        assert gone.status_code == 404


async def test_submissions_come_from_iphones_ipads_macs_and_vision_pro(
    client: httpx.AsyncClient,
) -> None:
    """An iOS app's crashes (app platform IOS) on an iPhone or iPad, on a Mac with Apple
    silicon and on Apple Vision Pro: each with its device's platform, family and OS, as
    the spec's enums name them, and its crash report saying the same OS."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for app_id in (BIG_APP_ID, BRACKETS_APP_ID):
        url: str | None = f"/v1/apps/{app_id}/{CRASHES}?limit=200"
        while url:
            document = await get_json(client, url, "BetaFeedbackCrashSubmissionsResponse")
            for item in document["data"]:
                attributes = item["attributes"]
                assert attributes["appPlatform"] == "IOS"
                seen.setdefault(attributes["devicePlatform"], set()).add(
                    (attributes["deviceFamily"], attributes["deviceModel"].rstrip("0123456789,"))
                )
            url = document["links"].get("next")
    assert seen == {
        "IOS": {("IPHONE", "iPhone"), ("IPAD", "iPad")},
        "MAC_OS": {("MAC", "Mac")},
        "VISION_OS": {("VISION", "RealityDevice")},
    }
    on_a_mac = next(r for r in crash_submissions(BRACKETS_APP_ID) if r.device.startswith("Mac"))
    log = await get_json(client, f"/v1/{CRASHES}/{on_a_mac.id}/crashLog", "BetaCrashLogResponse")
    text = log["data"]["attributes"]["logText"]
    assert f"macOS {on_a_mac.os_version}" in text and "iPhone OS" not in text


async def test_every_filter_picks_the_submissions_that_match(client: httpx.AsyncClient) -> None:
    records = crash_submissions(BRACKETS_APP_ID)
    first = records[0]
    other_device = next(r.device for r in records if r.device != first.device)
    cases: list[tuple[str, Any]] = [
        (f"filter[deviceModel]={first.device}", lambda r: r.device == first.device),
        (
            f"filter[deviceModel]={first.device},{other_device}",
            lambda r: r.device in (first.device, other_device),
        ),
        (
            f"filter[osVersion]={first.os_version.split()[0]}",
            lambda r: r.os_version.split()[0] == first.os_version.split()[0],
        ),
        (f"filter[tester]={first.tester_id}", lambda r: r.tester_id == first.tester_id),
        (
            f"filter[build.preReleaseVersion]={first.build.pre_release_version_id}",
            lambda r: r.build.pre_release_version_id == first.build.pre_release_version_id,
        ),
        (
            f"filter[build]={first.build.id}&filter[deviceModel]={first.device}",
            lambda r: r.build.id == first.build.id and r.device == first.device,
        ),
        ("filter[appPlatform]=IOS&filter[devicePlatform]=IOS", lambda r: r.device.startswith("i")),
        ("filter[devicePlatform]=MAC_OS", lambda r: r.device.startswith("Mac")),
        ("filter[devicePlatform]=VISION_OS,MAC_OS", lambda r: not r.device.startswith("i")),
        ("filter[appPlatform]=IOS", lambda r: True),
        ("filter[appPlatform]=MAC_OS", lambda r: False),
    ]
    for query, matches in cases:
        url: str | None = f"/v1/apps/{BRACKETS_APP_ID}/{CRASHES}?{query}&limit=200"
        found: list[str] = []
        while url:
            document = await get_json(client, url, "BetaFeedbackCrashSubmissionsResponse")
            found.extend(item["id"] for item in document["data"])
            url = document["links"].get("next")
        expected = [r.id for r in records if matches(r)]
        assert found == expected, query
        assert 0 < len(found) < len(records) or query.startswith("filter[appPlatform]")
    bad = await client.get(f"/v1/apps/{BRACKETS_APP_ID}/{CRASHES}?filter[appPlatform]=ANDROID")
    assert bad.status_code == 400
    validate("ErrorResponse", bad.json())


async def test_delete_answers_204_then_the_submission_is_gone(key: DemoKey) -> None:
    from asc_tui.demo.data.feedback import screenshot_submissions
    from tests.support.demo_client import client_for

    crash = crash_submissions(BRACKETS_APP_ID)[0]
    shot = screenshot_submissions(BRACKETS_APP_ID)[0]
    async with client_for(create_app([key]), key) as own:  # deletions stay on this server
        for kind, record in ((CRASHES, crash), ("betaFeedbackScreenshotSubmissions", shot)):
            deleted = await own.delete(f"/v1/{kind}/{record.id}")
            assert deleted.status_code == 204 and deleted.content == b""
            gone = await own.get(f"/v1/{kind}/{record.id}")
            assert gone.status_code == 404
            validate("ErrorResponse", gone.json())
            again = await own.delete(f"/v1/{kind}/{record.id}")
            assert again.status_code == 404
            url = f"/v1/apps/{BRACKETS_APP_ID}/{kind}?limit=200"
            document = await own.get(url)
            ids = [item["id"] for item in document.json()["data"]]
            assert record.id not in ids and ids
        log = await own.get(f"/v1/{CRASHES}/{crash.id}/crashLog")
        assert log.status_code == 404
        image = await own.get(f"/feedback-screenshots/{shot.id}/1.png")
        assert image.status_code == 404
        odd = await own.delete(f"/v1/{CRASHES}/{crash_submissions(BRACKETS_APP_ID)[1].id}?x=1")
        assert odd.status_code == 400
