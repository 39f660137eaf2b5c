"""Writing rows of data for scripts: JSON, CSV or an aligned plain-text table.

JSON and CSV are lossless (JSON escapes control characters, CSV quotes line breaks); the
table is for people, so its cells show control characters instead of sending them
(``safe_text.visible``) and each row stays on one line."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from typing import TextIO

from ..safe_text import json_safe, visible


def write_rows(rows: Sequence[Mapping[str, object]], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        out.write(json_safe(json.dumps(list(rows), indent=2, ensure_ascii=False)) + "\n")
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
