"""What kind of text a file holds, before it is read as a table: binary or gzip (refused),
where the header line and the rows start, and whether it clearly uses CSV-style quoting
(every header field in quotes, or ragged lines that quoted tabs and line breaks explain)."""

from __future__ import annotations

import csv
import io
import mmap
import unicodedata

from ..errors import TsvError

Buffer = bytes | mmap.mmap
SAMPLE_BYTES = 64 * 1024


def decode(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


def check_text(data: Buffer) -> None:
    head = bytes(data[:8192])
    if head.startswith(b"\x1f\x8b"):
        raise TsvError(
            "This file is still gzip-compressed.",
            hint="Download it with asc-tui (which gunzips it), or run gunzip on it first.",
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TsvError(
            "This file is UTF-16 text; asc-tui reads UTF-8.",
            hint="Convert it first, e.g. iconv -f UTF-16 -t UTF-8 in.tsv > out.tsv",
        )
    if b"\x00" in head:
        raise TsvError("This is not a text file (it contains NUL bytes).")


def line_end(data: Buffer) -> bytes:
    """``b"\\r"`` for a file whose lines end in CR alone (classic Mac OS, some exports):
    no LF but a CR in its first 64 KB; else ``b"\\n"`` (LF or CRLF)."""
    head = bytes(data[:SAMPLE_BYTES])
    return b"\r" if b"\n" not in head and b"\r" in head else b"\n"


def first_line(data: Buffer, eol: bytes = b"\n") -> tuple[str, int]:
    """The header (first non-blank line) and the offset where the rows start."""
    pos, size = 0, len(data)
    while pos < size:
        end = data.find(eol, pos)
        end = size if end < 0 else end
        line = decode(bytes(data[pos:end])).rstrip("\r")
        if pos == 0:
            line = line.removeprefix("\ufeff")
        if line:
            return line, end + 1
        pos = end + 1
    return "", size


def _quoted_header(line: str) -> bool:
    fields = line.split("\t")
    return all(len(f) >= 2 and f[0] == f[-1] == '"' for f in fields)


def uses_csv_quoting(header: str, data: Buffer, body: int) -> bool:
    """True only when the file clearly quotes CSV-style (see the module docstring)."""
    if _quoted_header(header):
        return True
    whole = len(data) <= body + SAMPLE_BYTES
    sample = decode(bytes(data[body : body + SAMPLE_BYTES])).replace("\r\n", "\n")
    sample = sample.replace("\r", "\n")
    if '"' not in sample:
        return False
    width = len(header.split("\t"))
    lines = [line.rstrip("\r") for line in sample.split("\n") if line.strip("\r")]
    if not whole:
        lines = lines[:-1]
    if all(line.count("\t") + 1 == width for line in lines):
        return False
    try:
        records = [r for r in csv.reader(io.StringIO(sample), delimiter="\t") if r]
    except csv.Error:
        return False
    if not whole:
        records = records[:-1]
    return bool(records) and all(len(r) == width for r in records)


def cell_width(text: str) -> int:
    """Terminal columns ``text`` takes (wide East Asian characters count twice)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
