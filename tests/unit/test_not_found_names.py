"""What a 404 names: the resource in the request's path (below any prefix of the base
URL), else the one in Apple's detail; and the message that names it."""

from __future__ import annotations

import pytest

from asc_tui.api.not_found import not_found_text, resource_in_detail, resource_in_path


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/v1/apps/123", ("apps", "123")),
        ("/v1/apps/123/builds", ("apps", "123")),
        ("/proxy/asc/v1/builds/a%2Fb/diagnosticSignatures", ("builds", "a/b")),
        ("/v1/betaFeedbackCrashSubmissions/X-1/crashLog", ("betaFeedbackCrashSubmissions", "X-1")),
        ("/v1/builds", None),
        ("/v1/apps/123/relationships/builds", ("apps", "123")),
        ("/v1/apps/relationships", None),
        ("/nothing/here", None),
        ("", None),
    ],
)
def test_the_resource_a_path_names(path: str, expected: tuple[str, str] | None) -> None:
    assert resource_in_path(path) == expected


def test_the_resource_apples_detail_names() -> None:
    detail = "There is no resource of type 'apps' with id '0000000404'"
    assert resource_in_detail(detail) == ("apps", "0000000404")
    assert resource_in_detail("The app is not available for this key") is None
    assert resource_in_detail(None) is None


def test_the_message_names_the_kind_and_keeps_a_detail_that_says_more() -> None:
    standard = "There is no resource of type 'builds' with id 'b'"
    assert not_found_text(("builds", "b"), standard) == "Build b was not found"
    assert not_found_text(("builds", "b")) == "Build b was not found"
    assert (
        not_found_text(("diagnosticSignatures", "s"), "Expired")
        == "Diagnostic signature s was not found: Expired"
    )
    assert not_found_text(("betaGroups", "g")) == "The betaGroups resource g was not found"
