"""Writing rows of data for scripts: JSON, CSV or an aligned plain-text table.

JSON and CSV are lossless (JSON escapes control characters, CSV quotes line breaks); the
table is for people, so its cells show control characters instead of sending them
(``safe_text.visible``) and each row stays on one line."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from itertools import chain
from typing import TextIO

from ..safe_text import json_safe, visible

_SCALARS = frozenset({str, int, float, bool, type(None)})
_ROWS = json.JSONEncoder(ensure_ascii=False, separators=(",\n    ", ": "))
"""Flat rows in one call of the C encoder (the standard library's is pure Python whenever
``indent`` is given: 0.85 s for 5,000 builds), with the item separator
``json.dumps(indent=2)`` uses between a row's fields; the rows' own separators are then
put right. An encoded string never holds a line break, so every one is a separator's."""


def rows_json(rows: Sequence[Mapping[str, object]]) -> str:
    """``json.dumps(list(rows), indent=2, ensure_ascii=False)``, the same text, faster when
    every row is a non-empty dict of scalars (a listing's rows)."""
    flat = (
        bool(rows)
        and set(map(type, rows)) == {dict}
        and all(rows)
        and _SCALARS.issuperset(map(type, chain.from_iterable(map(dict.values, rows))))  # type: ignore[arg-type]
    )
    if not flat:
        return json.dumps(list(rows), indent=2, ensure_ascii=False)
    # [{"a": 1,\n    "b": 2},\n    {"a": 3,\n    "b": 4}]: a row's last value is a
    # scalar, so "},\n    {" is only ever between two rows
    text = _ROWS.encode(rows)
    return "[\n  {\n    " + text[2:-2].replace("},\n    {", "\n  },\n  {\n    ") + "\n  }\n]"


def write_rows(rows: Sequence[Mapping[str, object]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json_safe(rows_json(rows)) + "\n")
        return
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return
    if not rows:
        out.write("(none)\n")
        return
    cells = [[visible(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    out.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip() + "\n")
    for row in cells:
        out.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() + "\n")
