"""Reading files the user names, bounded: only regular files (a FIFO would block for ever,
``/dev/zero`` never ends), and at most a given size where a size is known to be small
(a .p8 key). Callers turn :class:`FileRefused` into their own error with a message."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a file: it could block for ever"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


class FileRefused(Exception):
    """``reason`` completes "<path> …", e.g. "is a device, not a file"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def regular_file_size(path: Path) -> int:
    """The size of ``path`` if it is a regular file (after symlinks), else FileRefused.
    OSError (missing, no permission…) passes through."""
    mode = os.stat(path).st_mode
    for test, reason in _KINDS:
        if test(mode):
            raise FileRefused(reason)
    if not stat.S_ISREG(mode):
        raise FileRefused("is not a regular file")
    return os.stat(path).st_size


def read_regular_file(
    path: Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    chunk: int = 8 * 1024 * 1024,
) -> bytes:
    """The bytes of a regular file; FileRefused past ``limit`` bytes (never reading more
    than ``limit + 1``). ``progress(bytes_read, size)`` is called after each chunk."""
    size = regular_file_size(path)
    if limit is not None and size > limit:
        raise FileRefused(f"is larger than {limit // 1024:,} KB ({size:,} bytes)")
    parts: list[bytes] = []
    done = 0
    with path.open("rb") as file:
        while True:
            want = chunk if limit is None else min(chunk, limit + 1 - done)
            data = file.read(want) if want > 0 else b""
            if not data:
                break
            parts.append(data)
            done += len(data)
            if limit is not None and done > limit:
                raise FileRefused(f"is larger than {limit // 1024:,} KB")
            if progress is not None:
                progress(done, max(size, done))
    return b"".join(parts)
