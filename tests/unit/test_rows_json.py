"""The JSON the listing commands write."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from asc_tui.commands.output import rows_json

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text())


@given(rows=st.lists(st.dictionaries(st.text(), scalars, min_size=1), max_size=8))
def test_listing_json_is_the_standard_librarys_indented_json(
    rows: list[dict[str, object]],
) -> None:
    """The CLI's fast JSON for listings writes exactly what ``json.dumps(indent=2)`` would
    (a warm cache makes output the main cost of a listing)."""
    assert rows_json(rows) == json.dumps(rows, indent=2, ensure_ascii=False)
    nested: list[dict[str, object]] = [*rows, {"a": [1, {"b": None}]}, {}]
    assert rows_json(nested) == json.dumps(nested, indent=2, ensure_ascii=False)


def test_text_that_looks_like_the_separator_between_rows_stays_text() -> None:
    rows: list[dict[str, object]] = [
        {"a": '},\n    {"b": 1', "c": "}"},
        {"a": "x},\n    {", "n": 1.5, "t": True, "z": None},
        {"é": "ünï ‮", "n": -0},
    ]
    assert rows_json(rows) == json.dumps(rows, indent=2, ensure_ascii=False)
    assert json.loads(rows_json(rows)) == rows
