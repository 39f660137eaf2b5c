"""The demo App Store Connect server: behaves like Apple's, validates against Apple's spec."""

from __future__ import annotations

import math
import re
import time
import uuid
from urllib.parse import parse_qs, urlsplit

import httpx
import jsonschema  # type: ignore[import-untyped]  # it ships no type hints
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from starlette.routing import Route

from asc_tui.demo import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
    DemoKey,
    DemoServer,
    FaultPlan,
    create_app,
    generate_demo_key,
)
from asc_tui.demo.data.builds import builds_of
from asc_tui.demo.data.signatures import huge_log_signature
from asc_tui.demo.routes import ROUTES
from tests.support.demo_client import DEMO_BASE, client_for, make_token
from tests.support.demo_documents import (
    LOGS_JSON,
    METRICS_JSON,
    all_pages,
    assert_error,
    get_json,
    spread,
)
from tests.support.openapi_schema import validate

NOT_AUTHORIZED_DETAIL = (
    "Provide a properly configured and signed bearer token, and make sure that it has not "
    "expired. Learn more about Generating Tokens for API Requests "
    "https://developer.apple.com/go/?id=api-generating-tokens"
)


# --- keys and landmarks -----------------------------------------------------------------


def test_demo_keys_are_p256_and_never_show_the_private_key() -> None:
    key = generate_demo_key()
    assert re.fullmatch(r"[A-Z0-9]{10}", key.key_id)
    uuid.UUID(key.issuer_id)
    assert key.private_key_pem.startswith("-----BEGIN PRIVATE KEY-----")
    assert isinstance(key.public_key().curve, ec.SECP256R1)
    assert "PRIVATE" not in repr(key) and key.private_key_pem not in str(key)
    assert generate_demo_key().private_key_pem != key.private_key_pem


def test_landmarks_point_at_the_data_they_describe() -> None:
    big = builds_of(BIG_APP_ID)
    assert len(big) >= 520
    assert big[-1].id == HUGE_LOG_BUILD_ID
    signature = huge_log_signature(BIG_APP_ID)
    assert signature is not None and signature.id == HUGE_LOG_SIGNATURE_ID
    assert signature.build_id == HUGE_LOG_BUILD_ID and signature.diagnostic_type == "HANGS"
    brackets = builds_of(BRACKETS_APP_ID)
    assert brackets[-1].id == EMPTY_METRICS_BUILD_ID
    assert brackets[-1].processing_state == "PROCESSING"


# --- apps, builds, versions -------------------------------------------------------------


async def test_apps_validate_and_include_a_name_with_brackets(client: httpx.AsyncClient) -> None:
    document = await get_json(client, "/v1/apps", "AppsResponse")
    names = [app["attributes"]["name"] for app in document["data"]]
    assert names == sorted(names) and len(names) >= 3
    assert "Lumen [Beta] Notes" in names
    assert document["meta"]["paging"] == {"total": len(names), "limit": 50}
    assert "next" not in document["links"]
    for app in document["data"]:
        assert re.fullmatch(r"\d{10}", app["id"])
        single = await get_json(client, app["links"]["self"], "AppResponse")
        assert single["data"] == app
    reverse = await get_json(client, "/v1/apps?sort=-name")
    assert [a["attributes"]["name"] for a in reverse["data"]] == names[::-1]
    only = await get_json(client, "/v1/apps?filter[bundleId]=com.northpeak.lumen.beta")
    assert [a["id"] for a in only["data"]] == [BRACKETS_APP_ID]


async def test_every_build_of_every_app_validates(client: httpx.AsyncClient) -> None:
    apps = (await get_json(client, "/v1/apps"))["data"]
    for app in apps:
        related = app["relationships"]["builds"]["links"]["related"]
        builds, _ = await all_pages(client, f"{related}?limit=200")
        document = await get_json(client, f"{related}?limit=200", "BuildsWithoutIncludesResponse")
        assert document["meta"]["paging"]["total"] == len(builds)
        uploaded = [b["attributes"]["uploadedDate"] for b in builds]
        assert uploaded == sorted(uploaded, reverse=True)
        states = {b["attributes"]["processingState"] for b in builds}
        assert states <= {"VALID", "INVALID", "FAILED", "PROCESSING"} and "VALID" in states
    big = await get_json(client, f"/v1/apps/{BIG_APP_ID}/builds?limit=200")
    assert big["meta"]["paging"]["total"] >= 520
    assert any(b["attributes"]["expired"] for b in big["data"][150:])


async def test_builds_with_included_pre_release_versions(client: httpx.AsyncClient) -> None:
    url = f"/v1/builds?filter[app]={BIG_APP_ID}&include=preReleaseVersion&limit=200"
    document = await get_json(client, url, "BuildsResponse")
    included = {v["id"]: v for v in document["included"]}
    assert len(included) == len(document["included"])  # deduplicated
    assert all(v["type"] == "preReleaseVersions" for v in included.values())
    numbers = []
    for build in document["data"]:
        linkage = build["relationships"]["preReleaseVersion"]["data"]
        assert linkage["type"] == "preReleaseVersions" and linkage["id"] in included
        numbers.append(int(build["attributes"]["version"]))
    assert numbers == sorted(numbers, reverse=True)  # default -uploadedDate: numbers grow
    assert included[document["data"][0]["relationships"]["preReleaseVersion"]["data"]["id"]][
        "attributes"
    ] == {"version": "4.5", "platform": "IOS"}
    plain = await get_json(client, f"/v1/builds?filter[app]={BIG_APP_ID}&limit=5")
    assert "included" not in plain
    assert "data" not in plain["data"][0]["relationships"]["preReleaseVersion"]


async def test_single_builds_and_their_related_resources_validate(
    client: httpx.AsyncClient,
) -> None:
    for app_id in (BIG_APP_ID, BRACKETS_APP_ID):
        for build in spread(list(builds_of(app_id)), 12):
            url = f"/v1/builds/{build.id}?include=preReleaseVersion"
            document = await get_json(client, url, "BuildResponse")
            data = document["data"]
            assert data["attributes"]["version"] == str(build.number)
            [version] = document["included"]
            assert version["attributes"]["version"] == build.marketing_version
            links = data["relationships"]
            related = links["preReleaseVersion"]["links"]["related"]
            got = await get_json(client, related, "PrereleaseVersionWithoutIncludesResponse")
            assert got["data"]["id"] == version["id"]
            owner = await get_json(
                client, links["app"]["links"]["related"], "AppWithoutIncludesResponse"
            )
            assert owner["data"]["id"] == app_id
    versions = await get_json(
        client,
        f"/v1/apps/{BIG_APP_ID}/preReleaseVersions?limit=200",
        "PreReleaseVersionsWithoutIncludesResponse",
    )
    assert [v["attributes"]["version"] for v in versions["data"]][:2] == ["4.5", "4.4"]
    newest = versions["data"][0]
    await get_json(client, f"{newest['links']['self']}?include=app", "PrereleaseVersionResponse")
    its_builds = await get_json(
        client,
        newest["relationships"]["builds"]["links"]["related"],
        "BuildsWithoutIncludesResponse",
    )
    assert HUGE_LOG_BUILD_ID in {b["id"] for b in its_builds["data"]}


async def test_build_sorting_and_filters(client: httpx.AsyncClient) -> None:
    base = f"/v1/builds?filter[app]={BIG_APP_ID}&limit=200"
    oldest = await get_json(client, f"{base}&sort=uploadedDate")
    dates = [b["attributes"]["uploadedDate"] for b in oldest["data"]]
    assert dates == sorted(dates)
    by_number = await get_json(client, f"{base}&sort=-version")
    numbers = [int(b["attributes"]["version"]) for b in by_number["data"]]
    assert numbers == sorted(numbers, reverse=True)
    url = f"{base}&filter[preReleaseVersion.version]=4.5&include=preReleaseVersion"
    only = await get_json(client, url, "BuildsResponse")
    assert only["data"] and {v["attributes"]["version"] for v in only["included"]} == {"4.5"}
    assert len(only["data"]) == only["meta"]["paging"]["total"]
    processing = await get_json(client, "/v1/builds?filter[processingState]=PROCESSING")
    assert [b["id"] for b in processing["data"]] == [EMPTY_METRICS_BUILD_ID]


# --- paging -----------------------------------------------------------------------------


async def test_walking_next_links_yields_every_build_exactly_once(
    client: httpx.AsyncClient,
) -> None:
    expected = {b.id for b in builds_of(BIG_APP_ID)}
    builds, requests = await all_pages(client, f"/v1/apps/{BIG_APP_ID}/builds?limit=200")
    ids = [b["id"] for b in builds]
    assert len(ids) == len(set(ids)) == len(expected) and set(ids) == expected
    assert requests == math.ceil(len(expected) / 200)


async def test_next_links_are_absolute_opaque_and_keep_the_query(key: DemoKey) -> None:
    app = create_app([key])
    async with client_for(app, key, "http://other.example:8123") as c:
        url = f"/v1/builds?filter[app]={BIG_APP_ID}&sort=-version&include=preReleaseVersion"
        first = await get_json(c, url, "BuildsResponse")
        assert len(first["data"]) == 50 and first["meta"]["paging"]["limit"] == 50
        next_url = first["links"]["next"]
        assert next_url.startswith("http://other.example:8123/v1/builds?cursor=")
        query = parse_qs(urlsplit(next_url).query)
        assert query["filter[app]"] == [BIG_APP_ID] and query["sort"] == ["-version"]
        assert query["cursor"] == [first["meta"]["paging"]["nextCursor"]]
        second = await get_json(c, next_url, "BuildsResponse")
        numbers = [int(b["attributes"]["version"]) for b in first["data"] + second["data"]]
        assert numbers == sorted(numbers, reverse=True) and len(set(numbers)) == 100
        pages, _ = await all_pages(c, f"/v1/apps/{BIG_APP_ID}/builds?limit=200")
        last_url = f"/v1/apps/{BIG_APP_ID}/builds?limit=200"
        while "next" in (page := await get_json(c, last_url))["links"]:
            last_url = page["links"]["next"]
        assert "nextCursor" not in page["meta"]["paging"]
        assert len(page["data"]) == len(pages) % 200 or len(page["data"]) == 200


@pytest.mark.parametrize("limit", ["201", "0", "-3", "abc", "1.5", ""])
async def test_bad_limits_are_rejected(client: httpx.AsyncClient, limit: str) -> None:
    response = await client.get(f"/v1/apps/{BIG_APP_ID}/builds?limit={limit}")
    error = assert_error(response, 400, "PARAMETER_ERROR.INVALID")
    assert error["source"] == {"parameter": "limit"}


async def test_limit_bounds_are_inclusive(client: httpx.AsyncClient) -> None:
    assert len((await get_json(client, "/v1/builds?limit=200"))["data"]) == 200
    assert len((await get_json(client, "/v1/builds?limit=1"))["data"]) == 1


async def test_a_tampered_cursor_is_rejected(client: httpx.AsyncClient) -> None:
    first = await get_json(client, f"/v1/apps/{BIG_APP_ID}/builds?limit=10")
    cursor = first["meta"]["paging"]["nextCursor"]
    mac = cursor.split(".")[1]
    for bad in (f"AQ.{mac}", cursor[:-1] + ("A" if cursor[-1] != "A" else "B"), "nonsense", ""):
        response = await client.get(f"/v1/apps/{BIG_APP_ID}/builds?limit=10&cursor={bad}")
        error = assert_error(response, 400, "PARAMETER_ERROR.INVALID")
        assert error["source"] == {"parameter": "cursor"}


# --- errors -----------------------------------------------------------------------------


API_ROUTES = [
    (method, route.path)
    for route in ROUTES
    if isinstance(route, Route) and route.path.startswith("/v1/") and "{id}" in route.path
    for method in sorted((route.methods or set()) - {"HEAD"})
]


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
async def test_every_route_answers_apples_404_for_an_id_that_does_not_exist(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    """A single resource, its related resources and lists: Apple's ErrorResponse naming
    the type in the path (or the resource the related one hangs off)."""
    response = await client.request(method, path.replace("{id}", "no-such-id"))
    error = assert_error(response, 404, "NOT_FOUND")
    kind = path.split("/")[2]
    assert error["detail"] == f"There is no resource of type '{kind}' with id 'no-such-id'"


def test_the_routes_include_the_related_lists() -> None:
    assert ("GET", "/v1/apps/{id}/builds") in API_ROUTES
    assert ("GET", "/v1/betaFeedbackCrashSubmissions/{id}/crashLog") in API_ROUTES
    assert len(API_ROUTES) >= 25


async def test_unknown_paths_ids_and_parameters(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/v1/nothing"), 404, "PATH_ERROR")
    assert_error(await client.get("/v1/apps/"), 404, "PATH_ERROR")
    error = assert_error(await client.get("/v1/apps/999"), 404, "NOT_FOUND")
    assert error["title"] == "The specified resource does not exist"
    assert error["detail"] == "There is no resource of type 'apps' with id '999'"
    error = assert_error(await client.get("/v1/builds/nope/diagnosticSignatures"), 404, "NOT_FOUND")
    assert "'builds'" in error["detail"]
    fake = "ab" * 33
    assert_error(await client.get(f"/v1/diagnosticSignatures/{fake}/logs"), 404, "NOT_FOUND")
    error = assert_error(
        await client.get("/v1/apps?filter[colour]=red"), 400, "PARAMETER_ERROR.ILLEGAL"
    )
    assert error["source"] == {"parameter": "filter[colour]"}
    url = f"/v1/builds/{HUGE_LOG_BUILD_ID}/diagnosticSignatures?filter[diagnosticType]=FOO"
    error = assert_error(await client.get(url), 400, "PARAMETER_ERROR.INVALID")
    assert error["source"] == {"parameter": "filter[diagnosticType]"}
    url = f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics?filter[metricType]=SPEED"
    assert_error(await client.get(url), 400, "PARAMETER_ERROR.INVALID")
    url = f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics?filter[platform]=MAC_OS"
    assert_error(await client.get(url), 400, "PARAMETER_ERROR.INVALID")
    assert_error(await client.post("/v1/apps"), 405, "METHOD_NOT_ALLOWED")


# --- authentication ---------------------------------------------------------------------


def _bad_tokens(key: DemoKey, revoked: DemoKey) -> dict[str, str | None]:
    other = generate_demo_key()
    now = int(time.time())
    return {
        "no header": None,
        "not bearer": f"Basic {make_token(key)}",
        "empty bearer": "Bearer ",
        "garbage": "Bearer not.a.jwt",
        "wrong signature": f"Bearer {make_token(key, signing_pem=other.private_key_pem)}",
        "unknown kid": f"Bearer {make_token(key, headers={'kid': 'NOTAKEY123'})}",
        "wrong issuer": f"Bearer {make_token(key, iss=str(uuid.uuid4()))}",
        "wrong aud": f"Bearer {make_token(key, aud='appstoreconnect-v2')}",
        "no aud": f"Bearer {make_token(key, drop=('aud',))}",
        "expired": f"Bearer {make_token(key, iat=now - 1500, exp=now - 300)}",
        "lives 21 minutes": f"Bearer {make_token(key, exp=now + 21 * 60)}",
        "no iat, exp in 30 minutes": f"Bearer {make_token(key, drop=('iat',), exp=now + 1800)}",
        "issued in the future": f"Bearer {make_token(key, iat=now + 600, exp=now + 900)}",
        "HS256": f"Bearer {make_token(key, signing_pem='s3cret' * 8, algorithm='HS256')}",
        "typ missing": f"Bearer {make_token(key, headers={'typ': None})}",
        "revoked key": f"Bearer {make_token(revoked)}",
    }


async def test_bad_tokens_get_apples_401(key: DemoKey) -> None:
    revoked = generate_demo_key()
    app = create_app([key, revoked], revoked_key_ids=[revoked.key_id])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=DEMO_BASE) as c:
        for case, header in _bad_tokens(key, revoked).items():
            headers = {"Authorization": header} if header is not None else {}
            response = await c.get("/v1/apps", headers=headers)
            error = assert_error(response, 401, "NOT_AUTHORIZED")
            assert error["title"] == "Authentication credentials are missing or invalid.", case
            assert error["detail"] == NOT_AUTHORIZED_DETAIL, case
            if header is not None and len(header) > 20:
                assert header.split()[-1] not in response.text, case
            assert response.headers["x-rate-limit"].startswith("user-hour-lim:3600;"), case


async def test_good_tokens_are_accepted(key: DemoKey) -> None:
    second = generate_demo_key()
    app = create_app([key, second])
    now = int(time.time())
    good = [
        make_token(key),
        make_token(second),
        make_token(key, drop=("iat",), exp=now + 300),  # Apple's own sample: no iat
        make_token(key, iat=now + 30, exp=now + 600),  # a client clock slightly ahead
        make_token(key, iat=now - 1190, exp=now + 10),  # 20 minutes minus a bit
    ]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=DEMO_BASE) as c:
        for token in good:
            response = await c.get("/v1/apps", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200, response.text


# --- headers and content types ----------------------------------------------------------


async def test_rate_limit_header_counts_down_per_key_and_429s_at_zero(key: DemoKey) -> None:
    second = generate_demo_key()
    app = create_app([key, second], rate_limit=3)
    async with client_for(app, key) as c, client_for(app, second) as d:
        seen = [(await c.get("/v1/apps")).headers["x-rate-limit"] for _ in range(2)]
        assert seen == [
            "user-hour-lim:3;user-hour-rem:2;",
            "user-hour-lim:3;user-hour-rem:1;",
        ]
        assert (await d.get("/v1/apps")).headers["x-rate-limit"] == (
            "user-hour-lim:3;user-hour-rem:2;"
        )
        missing = await c.get("/v1/apps/0")  # errors count and carry the header too
        assert missing.status_code == 404
        assert missing.headers["x-rate-limit"] == "user-hour-lim:3;user-hour-rem:0;"
        over = await c.get("/v1/apps")
        error = assert_error(over, 429, "RATE_LIMIT_EXCEEDED")
        assert error["title"] == "The request rate limit has been reached."
        assert over.headers["x-rate-limit"] == "user-hour-lim:3;user-hour-rem:0;"


async def test_default_budget_and_request_ids(client: httpx.AsyncClient) -> None:
    first = await client.get("/v1/apps")
    second = await client.get("/v1/apps")
    remaining = [
        int(r.headers["x-rate-limit"].split("user-hour-rem:")[1].rstrip(";"))
        for r in (first, second)
    ]
    assert first.headers["x-rate-limit"].startswith("user-hour-lim:3600;")
    assert remaining[1] == remaining[0] - 1
    uuid.UUID(first.headers["x-request-id"])
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_content_types(client: httpx.AsyncClient) -> None:
    cases = {
        "/v1/apps": "application/json",
        f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics": METRICS_JSON,
        f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics": METRICS_JSON,
        f"/v1/builds/{HUGE_LOG_BUILD_ID}/diagnosticSignatures": "application/json",
        f"/v1/diagnosticSignatures/{HUGE_LOG_SIGNATURE_ID}/logs?limit=1": LOGS_JSON,
        f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics?filter[metricType]=X": (
            "application/json"
        ),
    }
    for url, media_type in cases.items():
        response = await client.get(url)
        assert response.headers["content-type"] == media_type, url


# --- determinism, faults, real HTTP -----------------------------------------------------


async def test_two_servers_serve_identical_bodies(key: DemoKey) -> None:
    other = generate_demo_key()
    urls = [
        "/v1/apps",
        f"/v1/builds?filter[app]={BIG_APP_ID}&include=preReleaseVersion&limit=100",
        f"/v1/apps/{BIG_APP_ID}/perfPowerMetrics",
        f"/v1/builds/{HUGE_LOG_BUILD_ID}/perfPowerMetrics",
        f"/v1/builds/{HUGE_LOG_BUILD_ID}/diagnosticSignatures",
        f"/v1/diagnosticSignatures/{HUGE_LOG_SIGNATURE_ID}/logs?limit=2",
        "/v1/apps/404",
    ]
    async with client_for(create_app([key]), key) as a, client_for(create_app([other]), other) as b:
        for url in urls:
            first, second = await a.get(url), await b.get(url)
            assert first.content == second.content, url


async def test_fault_plan_fails_requests_deterministically(key: DemoKey) -> None:
    faults = FaultPlan()
    app = create_app([key], faults=faults)
    async with client_for(app, key) as c:
        faults.fail_next("/v1/builds", 503, times=2)
        for _ in range(2):
            assert_error(await c.get("/v1/builds?limit=1"), 503, "SERVICE_UNAVAILABLE")
        assert (await c.get("/v1/apps")).status_code == 200  # other paths unaffected
        assert (await c.get("/v1/builds?limit=1")).status_code == 200
        faults.fail_next("/v1/apps", 429)
        assert_error(await c.get("/v1/apps"), 429, "RATE_LIMIT_EXCEEDED")
        faults.fail_next("/v1/apps", 500)
        assert_error(await c.get("/v1/apps/1583111882"), 500, "UNEXPECTED_ERROR")
        faults.fail_next("/v1/apps", 200, body=b'{"data": [', headers={"x-rate-limit": "bogus"})
        truncated = await c.get("/v1/apps")
        assert truncated.status_code == 200 and truncated.content == b'{"data": ['
        assert truncated.headers["x-rate-limit"] == "bogus"
        assert faults.requests == [
            ("GET", "/v1/builds?limit=1"),
            ("GET", "/v1/builds?limit=1"),
            ("GET", "/v1/apps"),
            ("GET", "/v1/builds?limit=1"),
            ("GET", "/v1/apps"),
            ("GET", "/v1/apps/1583111882"),
            ("GET", "/v1/apps"),
        ]
        faults.fail_next("/v1/apps", 502, times=5)
        faults.clear()
        assert faults.requests == [] and faults.pending == 0
        assert (await c.get("/v1/apps")).status_code == 200


async def test_fault_plan_can_slow_a_request(key: DemoKey) -> None:
    faults = FaultPlan()
    async with client_for(create_app([key], faults=faults), key) as c:
        faults.slow_next("/v1/apps", 0.2)
        started = time.monotonic()
        assert (await c.get("/v1/apps")).status_code == 200
        assert time.monotonic() - started >= 0.2


def test_demo_server_over_real_http() -> None:
    with DemoServer() as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.base_url)
        assert server.port != 0
        token = make_token(server.key)
        with httpx.Client(base_url=server.base_url) as c:
            response = c.get("/v1/apps", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 200
            validate("AppsResponse", response.json())
            next_link = response.json()["data"][0]["links"]["self"]
            assert next_link.startswith(server.base_url + "/v1/apps/")
            assert c.get("/v1/apps").status_code == 401
        assert server.faults.requests == [("GET", "/v1/apps"), ("GET", "/v1/apps")]
        url = server.base_url
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/v1/apps", timeout=2)


# --- the schema helper itself -----------------------------------------------------------


def test_schema_helper_catches_wrong_documents() -> None:
    validate("ErrorResponse", {"errors": [{"status": "404", "code": "X", "title": "t"}]})
    with pytest.raises(jsonschema.ValidationError):
        validate("ErrorResponse", {"errors": [{"status": 404, "code": "X", "title": "t"}]})
    with pytest.raises(jsonschema.ValidationError):
        validate("ErrorResponse", {"errors": [{"status": "404", "title": "no code"}]})
    with pytest.raises(jsonschema.ValidationError):
        validate("BuildsResponse", {"data": [], "links": {}})  # links.self is required
    with pytest.raises(jsonschema.ValidationError):
        validate("Build", {"type": "builds", "id": "x", "attributes": {"uploadedDate": "soon"}})
    with pytest.raises(jsonschema.ValidationError):
        validate("xcodeMetrics", {"productData": [{"metricCategories": [{"identifier": "X"}]}]})
    frame = {"subFrames": [{"address": 5}]}  # addresses are strings
    tree = {"callStacks": [{"callStackRootFrames": [frame]}]}
    with pytest.raises(jsonschema.ValidationError):
        validate(
            "diagnosticLogs", {"productData": [{"diagnosticLogs": [{"callStackTree": [tree]}]}]}
        )
    with pytest.raises(KeyError):
        validate("NoSuchSchema", {})
