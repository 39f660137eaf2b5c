"""Tolerant readers for JSON values: the API's documents drift from the spec, so every
field is optional, may be null, and may come as another type than documented."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def as_dict(value: Any) -> Mapping[str, Any]:
    if value.__class__ is dict:  # what json.loads makes: skips the slower ABC check
        return value
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if value is None:
        return []
    return [value]


def as_dicts(value: Any) -> list[Mapping[str, Any]]:
    items = as_list(value)
    if all(item.__class__ is dict for item in items):  # the usual case: a new list, no ABC checks
        return list(items)
    return [item for item in items if isinstance(item, Mapping)]


def as_str(value: Any, default: str = "") -> str:
    if value.__class__ is str:
        return value
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return default


def as_opt_str(value: Any) -> str | None:
    text = as_str(value)
    return text or None


def as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return result if math.isfinite(result) else None


def as_int(value: Any, default: int = 0) -> int:
    number = as_float(value)
    if number is None:
        return default
    return int(number)


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True


def as_str_list(value: Any) -> list[str]:
    """A list of strings from a list, or from a comma-separated string."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [as_str(item) for item in as_list(value) if as_str(item)]
