"""Tab-separated files for a table view that stays responsive at hundreds of thousands of
rows: the file is memory-mapped and only an index of line offsets is kept (16 bytes a
row); cells are decoded when a row is asked for. The index grows on demand, so the first
screen of rows is ready before the rest of the file has been read.

Apple's analytics files are plain TSV: quotes are ordinary characters and kept as they
are. Only a file that clearly uses CSV-style quoting (every header field in quotes, or
quoted fields holding tabs or line breaks) is parsed with the ``csv`` module instead
(held in memory). Rows with missing cells are padded with "" and rows with extra cells
cut to the header's width; ``short_rows``/``long_rows`` count them. Lines may end in LF,
CRLF or CR alone. Blank lines are skipped. An empty file has no columns and no rows; a
binary or gzip file is a TsvError.
"""

from __future__ import annotations

import contextlib
import csv
import io
import mmap
import os
import re
import secrets
import threading
from array import array
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType

from ..errors import TsvError
from ..files.readable import FileRefused, regular_file_size
from .tsv_sniff import (
    Buffer,
    cell_width,
    check_text,
    decode,
    first_line,
    line_end,
    uses_csv_quoting,
)

__all__ = ["Row", "TsvTable", "cell_width"]

Row = tuple[str, ...]

INDEX_STEP = 20_000
FIRST_ROWS = 1_000
"""Rows indexed when a file is opened: a screenful and more, in about a millisecond."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _fit(cells: list[str], width: int) -> Row:
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
    return tuple(cells[:width])


class TsvTable:
    """A TSV file as header + rows, with sort, filter and CSV export.

    Rows are addressed in *view* order (after sort and filter): ``len(table)``,
    ``table.rows(start, stop)``. Opening indexes only the first FIRST_ROWS rows, so
    ``len(table)`` counts the rows known so far until ``fully_indexed``; ``index_all``
    reads the rest (call it from a worker: about a second per million rows), and ``sort``
    and ``filter`` call it themselves. Safe to read from one thread while another indexes.
    """

    def __init__(self, data: Buffer, *, path: Path | None = None) -> None:
        check_text(data)
        self.path = path
        self._data = data
        self._lock = threading.RLock()
        self._eol = line_end(data)
        header, body = first_line(data, self._eol)
        self.quoted = bool(header) and uses_csv_quoting(header, data, body)
        self.short_rows = 0
        self.long_rows = 0
        self._starts = array("q")
        self._ends = array("q")
        self._pos = body
        self._parsed: list[Row] | None = None
        if self.quoted:
            self._parse_quoted()
        else:
            self.header: Row = tuple(header.split("\t")) if header else ()
        self._order: array[int] | None = None
        self._view: array[int] | None = None
        self.sort_column: int | None = None
        self.sort_descending = False
        self.filter_text = ""
        self.filter_column: int | None = None
        self.index_more(FIRST_ROWS)

    @classmethod
    def open(cls, path: Path | str) -> TsvTable:
        path = Path(path)
        try:
            regular_file_size(path)
            with path.open("rb") as file:
                if os.fstat(file.fileno()).st_size == 0:
                    return cls(b"", path=path)
                data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
        except FileRefused as refused:
            raise TsvError(
                f"{path} {refused.reason}.", hint="Open a .tsv file downloaded by asc-tui."
            ) from None
        except OSError as error:
            raise TsvError(
                f"Cannot open {path}: {error.strerror or error}.",
                hint="Check that the file exists and is readable.",
            ) from None
        return cls(data, path=path)

    @classmethod
    def from_bytes(cls, data: bytes) -> TsvTable:
        return cls(data)

    def close(self) -> None:
        if isinstance(self._data, mmap.mmap):
            self._data.close()

    def __enter__(self) -> TsvTable:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- index -----------------------------------------------------------------------

    def _parse_quoted(self) -> None:
        text = decode(bytes(self._data)).removeprefix("\ufeff")
        if self._eol == b"\r":
            text = text.replace("\r", "\n")
        try:
            records = [r for r in csv.reader(io.StringIO(text), delimiter="\t") if r]
        except csv.Error as error:
            raise TsvError(f"The file's CSV-style quoting is broken ({error}).") from None
        self.header = tuple(records[0]) if records else ()
        width = len(self.header)
        self.short_rows = sum(1 for r in records[1:] if len(r) < width)
        self.long_rows = sum(1 for r in records[1:] if len(r) > width)
        self._parsed = [_fit(r, width) for r in records[1:]]
        self._pos = len(self._data)

    def _scan(self, limit: int) -> None:
        data, size, pos = self._data, len(self._data), self._pos
        starts, ends, find, eol = self._starts, self._ends, self._data.find, self._eol
        crlf = eol == b"\n"
        tabs_wanted = len(self.header) - 1
        added = short = long = 0
        while pos < size and added < limit:
            newline = find(eol, pos)
            newline = size if newline < 0 else newline
            stop = newline - 1 if crlf and newline > pos and data[newline - 1] == 13 else newline
            if stop > pos:
                starts.append(pos)
                ends.append(stop)
                tabs = data[pos:stop].count(b"\t")
                if tabs < tabs_wanted:
                    short += 1
                elif tabs > tabs_wanted:
                    long += 1
                added += 1
            pos = newline + 1
        self._pos = pos
        self.short_rows += short
        self.long_rows += long

    @property
    def fully_indexed(self) -> bool:
        return self._pos >= len(self._data)

    @property
    def row_count(self) -> int:
        """Rows indexed so far, before any filter (all of them once fully indexed)."""
        return len(self._parsed) if self._parsed is not None else len(self._starts)

    @property
    def bytes_indexed(self) -> int:
        return min(self._pos, len(self._data))

    def index_more(self, rows: int = INDEX_STEP) -> bool:
        """Index up to ``rows`` more rows; True once the whole file is indexed."""
        with self._lock:
            if not self.fully_indexed:
                self._scan(rows)
            return self.fully_indexed

    def index_all(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Index every row (``progress(bytes_indexed, bytes_total)`` between steps);
        stops early when ``cancelled()`` says so. Returns the row count."""
        while not self.index_more():
            if progress is not None:
                progress(self.bytes_indexed, len(self._data))
            if cancelled is not None and cancelled():
                break
        return self.row_count

    def _ensure(self, rows: int) -> None:
        while self.row_count < rows and not self.fully_indexed:
            self.index_more(max(INDEX_STEP, rows - self.row_count))

    # -- rows ------------------------------------------------------------------------

    def _raw(self, index: int) -> Row:
        if self._parsed is not None:
            return self._parsed[index]
        text = decode(self._data[self._starts[index] : self._ends[index]])
        return _fit(text.split("\t"), len(self.header))

    def _cell(self, index: int, column: int) -> str:
        if self._parsed is not None:
            return self._parsed[index][column]
        text = decode(self._data[self._starts[index] : self._ends[index]])
        parts = text.split("\t", column + 1)
        return parts[column] if column < len(parts) else ""

    def _selection(self) -> Sequence[int] | None:
        return self._view if self._view is not None else self._order

    def __len__(self) -> int:
        selection = self._selection()
        return len(selection) if selection is not None else self.row_count

    def rows(self, start: int, stop: int) -> list[Row]:
        """Rows ``start`` to ``stop`` (exclusive) of the view; fewer at the end."""
        start = max(0, start)
        selection = self._selection()
        if selection is None:
            self._ensure(stop)
            return [self._raw(i) for i in range(start, min(stop, self.row_count))]
        return [self._raw(i) for i in selection[start:stop]]

    def row(self, index: int) -> Row:
        found = self.rows(index, index + 1)
        if not found:
            raise IndexError(index)
        return found[0]

    # -- sort and filter -------------------------------------------------------------

    def _check_column(self, column: int | None) -> None:
        if column is not None and not 0 <= column < len(self.header):
            raise TsvError(f"There is no column {column + 1}: the table has {len(self.header)}.")

    def column_values(self, column: int) -> list[str]:
        """Every value of ``column``, in file order."""
        self._check_column(column)
        self.index_all()
        return [self._cell(i, column) for i in range(self.row_count)]

    def is_numeric(self, column: int, *, sample: int | None = None) -> bool:
        """True when every non-empty value (of the first ``sample`` rows) is a number."""
        values = (
            self.column_values(column)
            if sample is None
            else [r[column] for r in self.rows(0, sample)]
        )
        filled = [v.strip() for v in values if v.strip()]
        return bool(filled) and all(_NUMBER.fullmatch(v) for v in filled)

    def sort(self, column: int | None, *, descending: bool = False) -> None:
        """Sort the view by ``column`` (None: file order): numerically when every value is
        a number, else case-insensitively; empty cells last either way; stable."""
        self._check_column(column)
        if column is None:
            order = None
        else:
            values = self.column_values(column)
            filled = [i for i, v in enumerate(values) if v.strip()]
            empty = [i for i, v in enumerate(values) if not v.strip()]
            if filled and all(_NUMBER.fullmatch(values[i].strip()) for i in filled):
                numbers = [float(v) if v.strip() else 0.0 for v in values]
                filled.sort(key=numbers.__getitem__, reverse=descending)
            else:
                folded = [v.casefold() for v in values]
                filled.sort(key=folded.__getitem__, reverse=descending)
            del values
            order = array("q", filled + empty)
        with self._lock:
            self._order = order
            self.sort_column, self.sort_descending = column, descending
            self._apply_filter()

    def filter(self, text: str, column: int | None = None) -> None:
        """Keep the rows containing ``text`` (case-insensitive) in ``column`` or any
        column; an empty ``text`` shows every row again."""
        self._check_column(column)
        if text:
            self.index_all()
        with self._lock:
            self.filter_text, self.filter_column = text, column
            self._apply_filter()

    def _matches(self, needle: str, column: int | None) -> Callable[[int], bool]:
        if column is not None:
            return lambda i: needle in self._cell(i, column).casefold()
        if self._parsed is not None:
            parsed = self._parsed
            return lambda i: any(needle in cell.casefold() for cell in parsed[i])
        data, starts, ends = self._data, self._starts, self._ends
        return lambda i: needle in decode(data[starts[i] : ends[i]]).casefold()

    def _apply_filter(self) -> None:
        if not self.filter_text:
            self._view = None
            return
        base: Iterable[int] = self._order if self._order is not None else range(self.row_count)
        keep = self._matches(self.filter_text.casefold(), self.filter_column)
        self._view = array("q", (i for i in base if keep(i)))

    # -- layout and export -----------------------------------------------------------

    def column_widths(
        self, *, sample: int = 1000, min_width: int = 3, max_width: int = 40
    ) -> list[int]:
        """Widths that fit the header and the first ``sample`` rows of the view."""
        widths = [cell_width(name) for name in self.header]
        for row in self.rows(0, sample):
            for n, cell in enumerate(row):
                if len(cell) > widths[n] or not cell.isascii():
                    widths[n] = max(widths[n], cell_width(cell))
        return [min(max(w, min_width), max_width) for w in widths]

    def export_csv(self, path: Path | str) -> int:
        """Write the header and every row of the view as CSV, atomically (a temporary
        file next to ``path``, then renamed). Returns the number of rows written."""
        path = Path(path)
        temp = path.parent / f".{path.name}.{secrets.token_hex(6)}.part"
        try:
            with temp.open("x", encoding="utf-8", newline="") as out:
                writer = csv.writer(out, lineterminator="\n")
                writer.writerow(self.header)
                self.index_all()
                count, step = 0, 10_000
                while batch := self.rows(count, count + step):
                    writer.writerows(batch)
                    count += len(batch)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, path)
        except OSError as error:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise TsvError(
                f"Could not write {path}: {error.strerror or error}.",
                hint="Choose a folder you can write to, with enough free space.",
            ) from None
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        return count
