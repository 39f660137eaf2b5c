"""Pages of builds read into their shape (only the members the parsers read) give the same
builds as the whole document read by ``json``, whatever the document holds."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asc_tui.api import jsonio
from asc_tui.api._coerce import as_bool, as_dict, as_opt_str, as_str
from asc_tui.api.builds import Build, PreReleaseVersion
from asc_tui.api.client import AscClient
from asc_tui.api.list_queries import builds_query
from asc_tui.api.models import parse_datetime
from asc_tui.api.pagination import parse_page
from asc_tui.api.shapes import BuildsPage
from asc_tui.demo import BIG_APP_ID

PARSE = builds_query("1").parse

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)
dates = st.sampled_from(["2026-11-01T10:42:00-08:00", "2026-11-01T10:42:00Z", "yesterday", ""])
attributes = st.fixed_dictionaries(
    {},
    optional={
        "version": st.one_of(st.text(max_size=8), json_values),
        "platform": json_values,
        "uploadedDate": st.one_of(dates, json_values),
        "expirationDate": dates,
        "expired": st.one_of(st.booleans(), st.just("true"), json_values),
        "processingState": json_values,
        "minOsVersion": json_values,
        "iconAssetToken": json_values,
    },
)
linkage = st.one_of(
    st.none(),
    st.fixed_dictionaries({"type": st.just("preReleaseVersions"), "id": st.sampled_from("pq")}),
    json_values,
)
resources = st.fixed_dictionaries(
    {},
    optional={
        "type": st.sampled_from(["builds", "preReleaseVersions", "apps"]),
        "id": st.one_of(st.text(max_size=6), json_values),
        "attributes": st.one_of(attributes, st.none(), json_values),
        "relationships": st.one_of(
            st.fixed_dictionaries(
                {},
                optional={
                    "preReleaseVersion": st.one_of(
                        st.fixed_dictionaries({}, optional={"data": linkage, "links": json_values}),
                        json_values,
                    ),
                    "app": json_values,
                },
            ),
            json_values,
        ),
        "links": json_values,
    },
)
pre_releases = st.fixed_dictionaries(
    {"type": st.just("preReleaseVersions"), "id": st.sampled_from("pq"), "attributes": attributes}
)
documents = st.fixed_dictionaries(
    {"data": st.one_of(st.lists(resources, max_size=5), json_values)},
    optional={
        "included": st.one_of(
            st.lists(st.one_of(pre_releases, resources), max_size=3), json_values
        ),
        "links": st.one_of(st.fixed_dictionaries({"next": json_values}), json_values),
        "meta": json_values,
        "other": json_values,
    },
)


def builds_from(document: Any) -> list[Build] | str:
    try:
        return PARSE(parse_page(document))
    except Exception as error:  # the same failure either way
        return f"{type(error).__name__}: {error}"


def read(content: bytes) -> Any:
    """``jsonio.loads`` with a shape, msgspec used at once."""
    after = jsonio.SHAPED_AFTER_BYTES
    jsonio.SHAPED_AFTER_BYTES = 0
    try:
        return jsonio.loads(content, shape=BuildsPage)
    finally:
        jsonio.SHAPED_AFTER_BYTES = after


@settings(max_examples=300, deadline=None)
@given(document=documents)
def test_a_shaped_page_gives_the_builds_the_whole_page_gives(document: dict[str, Any]) -> None:
    content = json.dumps(document).encode()
    shaped, whole = read(content), json.loads(content)
    assert builds_from(shaped) == builds_from(whole)
    if not isinstance(builds_from(whole), str):
        assert parse_page(shaped).next_url == parse_page(whole).next_url


well_formed = st.fixed_dictionaries(
    {
        "data": st.lists(
            st.fixed_dictionaries(
                {"type": st.just("builds"), "id": st.text(max_size=6), "attributes": attributes}
            ),
            min_size=1,
            max_size=4,
        ),
        "included": st.lists(pre_releases, max_size=2),
        "links": st.fixed_dictionaries({"self": st.text(max_size=9)}),
    }
)


@given(document=well_formed)
def test_a_well_formed_page_is_read_into_its_shape(document: dict[str, Any]) -> None:
    shaped = jsonio.loads_shaped(json.dumps(document).encode(), BuildsPage)
    assert shaped is not None
    assert "iconAssetToken" not in (shaped["data"][0]["attributes"] or {})
    assert builds_from(shaped) == builds_from(document)


def test_what_msgspec_refuses_is_read_by_json() -> None:
    for content in (b'{"data": [{"id": NaN}]}', b'{"data": [{"id": "\\ud800"}]}'):
        assert jsonio.loads_shaped(content, BuildsPage) is None
        assert read(content) == json.loads(content)


async def test_the_demos_builds_over_http_match_the_whole_documents(
    client: AscClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The client reads its pages of builds from the demo server into their shape; the
    same pages read whole by json make the same builds."""
    monkeypatch.setattr(jsonio, "SHAPED_AFTER_BYTES", 0)
    builds = await client.builds(BIG_APP_ID)
    query = builds_query(BIG_APP_ID)
    expected: list[Build] = []
    url: str | None = query.path
    params: dict[str, str] | None = {"limit": "200", **query.params}
    while url:
        response = await client.request("GET", url, params=params)
        page = parse_page(json.loads(response.content))
        expected.extend(query.parse(page))
        url, params = page.next_url, None
    assert len(builds) > 200 and builds == expected


def plainly(resource: dict[str, Any], versions: dict[str, PreReleaseVersion]) -> Build:
    """A build read field by field with the tolerant readers (what ``from_resource`` does
    with their work inlined)."""
    attrs = as_dict(resource.get("attributes"))
    rel = as_dict(as_dict(resource.get("relationships")).get("preReleaseVersion"))
    pre = versions.get(as_str(as_dict(rel.get("data")).get("id")))
    return Build(
        id=as_str(resource.get("id")),
        version=as_str(attrs.get("version")) or "?",
        marketing_version=pre.version if pre else None,
        platform=pre.platform if pre else None,
        uploaded_date=parse_datetime(attrs.get("uploadedDate")),
        expiration_date=parse_datetime(attrs.get("expirationDate")),
        expired=as_bool(attrs.get("expired")),
        processing_state=as_opt_str(attrs.get("processingState")),
        min_os_version=as_opt_str(attrs.get("minOsVersion")),
    )


@given(resource=resources)
def test_a_build_is_read_as_the_tolerant_readers_read_it(resource: dict[str, Any]) -> None:
    versions = {"p": PreReleaseVersion("p", "2.0", "IOS")}
    assert Build.from_resource(resource, versions) == plainly(resource, versions)
    assert Build.from_resource(resource) == plainly(resource, {})


def test_a_process_imports_msgspec_only_once_it_has_read_enough() -> None:
    """The first SHAPED_AFTER_BYTES of shaped documents are read whole by json (a short
    list never pays for importing msgspec); after that, into their shape."""
    code = (
        "import json, sys\n"
        "from asc_tui.api import jsonio\n"
        "from asc_tui.api.shapes import BuildsPage\n"
        "attributes = {'version': '1', 'iconAssetToken': {'width': 1}}\n"
        "doc = json.dumps({'data': [{'id': 'x', 'attributes': attributes}]}).encode()\n"
        "first = jsonio.loads(doc, shape=BuildsPage)\n"
        "print('msgspec' in sys.modules, 'iconAssetToken' in first['data'][0]['attributes'])\n"
        "jsonio.SHAPED_AFTER_BYTES = len(doc)\n"
        "later = jsonio.loads(doc, shape=BuildsPage)\n"
        "print('msgspec' in sys.modules, 'iconAssetToken' in later['data'][0]['attributes'])\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split("\n")[:2] == ["False True", "True False"]
