"""Gunzipping a report's verified segments into one TSV file, in order: the header once
(a segment whose first line repeats it has that line skipped), a line break where a
segment ends without one, and every segment held to the size limits of ``limits.py`` while
it is written (a gzip bomb is stopped, not written out). Runs in a worker thread; setting
``stop`` ends it at the next write."""

from __future__ import annotations

import asyncio
import gzip
import os
import threading
import zlib
from pathlib import Path
from typing import BinaryIO

from ..errors import DownloadError
from .limits import ceiling_bytes, segment_limit, too_large

HEADER_MAX = 64 * 1024
"""The longest first line read as a segment's header."""


class TsvJoiner:
    """The TSV written so far: its header, size, lines and last byte."""

    def __init__(self) -> None:
        self.header: bytes | None = None
        self.last_byte = b"\n"
        self.bytes_written = 0
        self.newlines = 0
        self.ceiling = ceiling_bytes()
        self.segment_limit = self.ceiling
        self.segment_written = 0
        self.limit_reason: tuple[str, int | None, bool] = ("the report", None, False)
        self.stop = threading.Event()

    @property
    def rows(self) -> int:
        """Data rows written (lines after the header)."""
        return max(0, self.newlines - 1)

    def gunzip_into(self, gz: Path, output: Path, label: str, declared: int | None) -> None:
        """Append the gzip file ``gz`` (the segment ``label``, ``declared`` compressed
        bytes) to ``output``. Raises DownloadError for a damaged gzip file or a failed
        write, CancelledError once ``stop`` is set."""
        if self.stop.is_set():
            return
        try:
            # r+b, not ab: never re-create a file the cleanup has already removed.
            with gzip.open(gz, "rb") as source, output.open("r+b") as out:
                out.seek(0, os.SEEK_END)
                self._copy_lines(source, out, label, declared)
        except EOFError:
            raise DownloadError(
                f"{label.capitalize()} is a damaged gzip file: it ends before "
                "its compressed data does (truncated).",
                reason="gzip",
                hint="Nothing was saved. Apple's copy of this file is incomplete: try again later.",
            ) from None
        except (gzip.BadGzipFile, zlib.error) as error:
            raise DownloadError(
                f"{label.capitalize()} is not a valid gzip file ({error}).",
                reason="gzip",
                hint="Nothing was saved. Try again later.",
            ) from None
        except OSError as error:
            raise DownloadError(
                f"Could not write {output.parent}: {error.strerror or error}.",
                reason="filesystem",
                hint="Nothing was saved. Free some disk space or choose another folder.",
            ) from None

    def finish(self, output: Path) -> None:
        """End the last line, if the last segment did not."""
        if self.last_byte != b"\n" and self.bytes_written:
            with output.open("ab") as out:
                out.write(b"\n")
            self.bytes_written += 1
            self.newlines += 1

    def _write(self, out: BinaryIO, data: bytes) -> None:
        if not data:
            return
        if self.stop.is_set():
            raise asyncio.CancelledError
        self.segment_written += len(data)
        if self.segment_written > self.segment_limit:
            raise too_large(self.limit_reason[0], self.segment_limit, *self.limit_reason[1:])
        out.write(data)
        self.bytes_written += len(data)
        self.newlines += data.count(b"\n")
        self.last_byte = data[-1:]

    def _copy_lines(
        self, source: gzip.GzipFile, out: BinaryIO, label: str, declared: int | None
    ) -> None:
        room = max(1, self.ceiling - self.bytes_written)
        self.segment_limit, by_ratio = segment_limit(declared, room)
        self.segment_written = 0
        self.limit_reason = (label, declared, by_ratio)
        first = source.readline(HEADER_MAX)
        if self.last_byte != b"\n":
            self._write(out, b"\n")
        if self.header is None:
            self.header = first.rstrip(b"\r\n")
            self._write(out, first if first.endswith(b"\n") or not first else first + b"\n")
        elif first.rstrip(b"\r\n") != self.header:
            self._write(out, first)
        while chunk := source.read(1 << 20):
            self._write(out, chunk)
