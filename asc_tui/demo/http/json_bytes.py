"""JSON encoding that never recurses: call-stack trees may nest deeper than the ``json``
module's recursion allows. Containers of plain values go to ``json.dumps`` in one call;
only containers that hold containers are walked, with an explicit stack."""

from __future__ import annotations

import json
from typing import Any

_SEPARATORS = (",", ":")


class _Raw(str):
    """Already-encoded text on the work stack."""


def _plain(value: Any) -> bool:
    return not isinstance(value, dict | list) or not value


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=_SEPARATORS, ensure_ascii=False, allow_nan=False)


def encode(document: Any) -> bytes:
    """Compact UTF-8 JSON of ``document``, however deeply it nests."""
    try:
        return _dumps(document).encode()
    except RecursionError:
        return _encode_iteratively(document)


def _encode_iteratively(document: Any) -> bytes:
    parts: list[str] = []
    stack: list[Any] = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            parts.append(item)
        elif isinstance(item, dict):
            nested = [(k, v) for k, v in item.items() if not _plain(v)]
            if not nested:
                parts.append(_dumps(item))
                continue
            flat = {k: v for k, v in item.items() if _plain(v)}
            work: list[Any] = [_Raw(_dumps(flat)[:-1])]
            for position, (key, value) in enumerate(nested):
                comma = "," if flat or position else ""
                work.extend((_Raw(f"{comma}{_dumps(str(key))}:"), value))
            work.append(_Raw("}"))
            stack.extend(reversed(work))
        elif isinstance(item, list) and not all(_plain(v) for v in item):
            work = [_Raw("[")]
            for position, value in enumerate(item):
                if position:
                    work.append(_Raw(","))
                work.append(value)
            work.append(_Raw("]"))
            stack.extend(reversed(work))
        else:
            parts.append(_dumps(item))
    return "".join(parts).encode()
