"""Reading TSV files for the table view: property tests (odd quoting, missing and extra
columns, empty files, header only, arbitrary bytes) and sort, filter, widths, export."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asc_tui.analytics.tsv import TsvTable, cell_width
from asc_tui.errors import TsvError

# Cells as Apple writes them: any text but tabs and line breaks; quotes are literal.
cell = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\t\n\r\x00\ufeff"),
    max_size=12,
)
quotey = st.sampled_from(['"', '""', '"a', 'a"', '"a"', "'", 'x"y', '" "'])
odd_cell = st.one_of(cell, quotey, st.builds(lambda a, q, b: a + q + b, cell, quotey, cell))
header_cell = cell.filter(lambda c: not (c.startswith('"') and c.endswith('"') and len(c) > 1))


def tsv(rows: list[list[str]], newline: str = "\n") -> bytes:
    return "".join("\t".join(r) + newline for r in rows).encode()


def fitted(row: list[str], width: int) -> tuple[str, ...]:
    return tuple((row + [""] * width)[:width])


def nonblank(rows: list[list[str]]) -> list[list[str]]:
    """Lines that are entirely empty are skipped, as blank lines."""
    return [r for r in rows if "\t".join(r) != ""]


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(header_cell, min_size=1, max_size=6).filter(lambda h: "\t".join(h) != ""),
    body=st.lists(st.lists(odd_cell, min_size=0, max_size=8), max_size=30),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_literal_tsv_round_trips_with_padding_and_truncation(
    header: list[str], body: list[list[str]], newline: str
) -> None:
    data = tsv([header, *body], newline)
    table = TsvTable.from_bytes(data)
    width = len(header)
    kept = nonblank(body)
    if table.quoted:
        # Only when quotes pair up across tabs, making ragged lines exactly header-wide.
        assert any(len(r) != width for r in kept)
        assert all(len(r) == len(table.header) for r in table.rows(0, 100))
        return
    assert table.header == tuple(header)
    assert table.index_all() == len(kept) == len(table)
    assert table.rows(0, len(kept)) == [fitted(r, width) for r in kept]
    assert table.short_rows == sum(1 for r in kept if len(r) < width)
    assert table.long_rows == sum(1 for r in kept if len(r) > width)
    assert all(len(r) == width for r in table.rows(0, 10_000))


@settings(max_examples=150)
@given(
    rows=st.lists(
        st.lists(
            st.text(max_size=10).filter(lambda c: "\x00" not in c and "\r" not in c),
            min_size=3,
            max_size=3,
        ),
        min_size=1,
        max_size=20,
    )
)
def test_csv_style_quoted_files_keep_tabs_quotes_and_line_breaks(rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter="\t", quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(
        [["Date", "Name", "Counts"], *rows]
    )
    table = TsvTable.from_bytes(out.getvalue().encode())
    assert table.quoted
    assert table.header == ("Date", "Name", "Counts")
    assert table.rows(0, 100) == [tuple(r) for r in rows]
    assert len(table) == len(rows) and table.short_rows == table.long_rows == 0


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_any_bytes_give_rows_or_a_clear_error(data: bytes) -> None:
    try:
        table = TsvTable.from_bytes(data)
    except TsvError as error:
        assert error.message and error.hint
        return
    count = table.index_all()
    rows = table.rows(0, count + 5)
    assert len(rows) == count == len(table)
    assert all(len(r) == len(table.header) for r in rows)
    if table.header:
        table.sort(0, descending=True)
        table.filter("a")
        assert len(table) <= count
        table.column_widths()


@pytest.mark.parametrize("data", [b"", b"\n\n", b"\r\n \r\n".replace(b" ", b"")])
def test_an_empty_file_has_no_columns_and_no_rows(data: bytes) -> None:
    table = TsvTable.from_bytes(data)
    assert table.header == () and len(table) == 0 and table.rows(0, 10) == []
    assert table.fully_indexed and table.column_widths() == []


def test_header_only_and_a_bom() -> None:
    table = TsvTable.from_bytes("\ufeffDate\tApp Name\tCounts\r\n".encode())
    assert table.header == ("Date", "App Name", "Counts") and len(table) == 0
    assert TsvTable.from_bytes(b"Date\tCounts").header == ("Date", "Counts")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x1f\x8b\x08\x00rest", "gzip"),
        (b"\xff\xfeD\x00a\x00", "UTF-16"),
        (b"Date\tCounts\n\x00\x01", "NUL"),
    ],
)
def test_files_that_are_not_tsv_say_what_they_are(data: bytes, words: str) -> None:
    with pytest.raises(TsvError) as caught:
        TsvTable.from_bytes(data)
    assert words in caught.value.message


def test_missing_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TsvError) as caught:
        TsvTable.open(tmp_path / "nope.tsv")
    assert "Cannot open" in caught.value.message and "No such file" in caught.value.message
    (tmp_path / "empty.tsv").write_bytes(b"")
    with TsvTable.open(tmp_path / "empty.tsv") as table:
        assert len(table) == 0


SAMPLE = (
    "Date\tTerritory\tPage Title\tCounts\n"
    "2026-10-01\tUS\tDefault product page\t120\n"
    '2026-10-01\tDE\tCustom page "Summit"\t9\n'
    "2026-10-02\tjp\tTrail's end\t\n"
    "2026-10-02\tUS\tWinter sale\t1000.5\n"
    "2026-10-03\tFR\tDefault product page\t-3\n"
)


def test_sort_is_numeric_when_every_value_is_a_number_and_keeps_empties_last() -> None:
    table = TsvTable.from_bytes(SAMPLE.encode())
    table.sort(3)
    assert [r[3] for r in table.rows(0, 10)] == ["-3", "9", "120", "1000.5", ""]
    table.sort(3, descending=True)
    assert [r[3] for r in table.rows(0, 10)] == ["1000.5", "120", "9", "-3", ""]
    table.sort(1)  # text: case-insensitive, stable
    assert [r[1] for r in table.rows(0, 10)] == ["DE", "FR", "jp", "US", "US"]
    assert [r[3] for r in table.rows(0, 10)][-2:] == ["120", "1000.5"]
    table.sort(None)
    assert table.rows(0, 1)[0][3] == "120"
    assert table.is_numeric(3) and not table.is_numeric(1)
    with pytest.raises(TsvError):
        table.sort(4)


def test_filter_any_column_or_one_and_combine_with_sort() -> None:
    table = TsvTable.from_bytes(SAMPLE.encode())
    table.filter("2026-10-02")
    assert [r[2] for r in table.rows(0, 10)] == ["Trail's end", "Winter sale"]
    table.filter("us")  # "US", and "Custom"
    assert [r[1] for r in table.rows(0, 10)] == ["US", "DE", "US"]
    table.filter("us", column=1)
    assert [r[1] for r in table.rows(0, 10)] == ["US", "US"]
    table.filter('"summit"')
    assert len(table) == 1 and table.row(0)[1] == "DE"
    table.filter("default", column=2)
    table.sort(3, descending=True)
    assert [r[3] for r in table.rows(0, 10)] == ["120", "-3"]
    table.filter("")
    assert len(table) == 5 and table.rows(0, 1)[0][3] == "1000.5"
    with pytest.raises(IndexError):
        table.row(5)


def test_column_widths_fit_the_content_within_limits() -> None:
    table = TsvTable.from_bytes("A\tName\tWide\n1\tTrailhead: Hike & Run\t日本語\n".encode())
    assert table.column_widths() == [3, 21, 6]
    assert table.column_widths(max_width=10) == [3, 10, 6]
    assert cell_width("日本") == 4 and cell_width("abc") == 3


def test_export_csv_writes_the_view_atomically(tmp_path: Path) -> None:
    table = TsvTable.from_bytes(SAMPLE.encode())
    table.filter("2026-10-0")
    table.sort(3)
    target = tmp_path / "out.csv"
    assert table.export_csv(target) == 5
    with target.open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Date", "Territory", "Page Title", "Counts"]
    assert rows[1] == ["2026-10-03", "FR", "Default product page", "-3"]
    assert ["2026-10-01", "DE", 'Custom page "Summit"', "9"] in rows
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    with pytest.raises(TsvError) as caught:
        table.export_csv(tmp_path / "missing-folder" / "out.csv")
    assert "Could not write" in caught.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_large_files_open_lazily(tmp_path: Path) -> None:
    path = tmp_path / "big.tsv"
    with path.open("w", encoding="utf-8") as out:
        out.write("n\tsquare\n")
        out.writelines(f"{n}\t{n * n}\n" for n in range(50_000))
    with TsvTable.open(path) as table:
        assert not table.fully_indexed and 0 < len(table) < 50_000
        assert table.rows(0, 2) == [("0", "0"), ("1", "1")]
        assert table.rows(30_000, 30_001) == [("30000", "900000000")]
        seen: list[int] = []
        assert table.index_all(progress=lambda done, total: seen.append(done)) == 50_000
        assert table.fully_indexed and seen == sorted(seen)
        table.sort(1, descending=True)
        assert table.row(0) == ("49999", str(49999 * 49999))
