"""Query parameters of JSON:API collections: ``filter[name]=a,b``."""

from __future__ import annotations

from collections.abc import Iterable


def filters(**values: str | Iterable[str] | None) -> dict[str, str]:
    """``filter[name]`` for every name given a value: a string as it is, several strings
    joined with commas; names with no (non-blank) value are left out."""
    params: dict[str, str] = {}
    for name, value in values.items():
        items = [value] if isinstance(value, str) else list(value or ())
        joined = ",".join(v.strip() for v in items if v and v.strip())
        if joined:
            params[f"filter[{name}]"] = joined
    return params
