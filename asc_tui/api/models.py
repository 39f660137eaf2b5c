"""Typed models of the JSON:API resources on the first screen (apps) and of a page.

Parsers accept what the API really sends: null or missing attributes, unknown keys and
relationships without data. A warm start imports this module before its first frame, so
what that frame does not need lives elsewhere: builds in ``builds.py``, diagnostic
signatures in ``signatures.py``,
the rate limit in ``rate_limit.py``, the shapes msgspec reads pages into in ``shapes.py``;
metrics and log documents in ``metrics.py``/``logs.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from ._coerce import as_dict, as_str


def parse_datetime(value: Any) -> datetime | None:
    text = value if value.__class__ is str else as_str(value)
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class App:
    """An app (``apps`` resource)."""

    id: str
    name: str
    bundle_id: str = ""
    sku: str = ""
    primary_locale: str = ""

    @classmethod
    def from_resource(cls, resource: Mapping[str, Any]) -> App:
        attrs = as_dict(resource.get("attributes"))
        return cls(
            id=as_str(resource.get("id")),
            name=as_str(attrs.get("name")) or as_str(attrs.get("bundleId")) or "(unnamed app)",
            bundle_id=as_str(attrs.get("bundleId")),
            sku=as_str(attrs.get("sku")),
            primary_locale=as_str(attrs.get("primaryLocale")),
        )


class Page(NamedTuple):
    """One page of a JSON:API collection. (A named tuple: a warm start creates the class
    before its first frame, and a dataclass costs about 0.4 ms more to create.)"""

    data: list[Mapping[str, Any]]
    included: list[Mapping[str, Any]]
    next_url: str | None = None
    total: int | None = None
