"""Writing the response cache behind the caller's back.

Answers from the network are handed to a :class:`CacheWriter` and the caller goes on: a
thread of its own, on a SQLite connection of its own, writes every answer that has come
since its last write in one transaction (a listing's pages arrive faster than each could
be committed alone). In WAL mode the cache's readers are not held up meanwhile, so the
writes overlap the next request rather than delay it. Until an answer is committed,
:meth:`CacheWriter.find` has it.

The thread is not a daemon: an interpreter that exits waits for the writes in hand. It
stops when it has had nothing to write for :data:`LINGER` seconds, or at once on
:meth:`CacheWriter.close`.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

E = TypeVar("E")
Key = tuple[str, str]
"""(namespace, key)."""

LINGER = 0.2
"""Seconds the writer thread waits for more before it stops (the next answer starts it
again)."""


class CacheWriter(Generic[E]):
    def __init__(
        self,
        connect: Callable[[], sqlite3.Connection],
        write: Callable[[sqlite3.Connection, dict[Key, E]], object],
        failed: Callable[[sqlite3.DatabaseError], None],
    ) -> None:
        """``connect()`` opens the writer's connection; ``write(db, entries)`` writes a
        batch in one transaction; ``failed(error)`` is told when the file turned out
        damaged (the batch is then lost, as an answer never kept)."""
        self._connect = connect
        self._write = write
        self._failed = failed
        self._pending: dict[Key, E] = {}
        """Handed over, not yet taken by the thread."""
        self._writing: dict[Key, E] = {}
        """Taken by the thread, not yet committed."""
        self._changed = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closing = False

    def add(self, key: Key, entry: E) -> None:
        with self._changed:
            self._pending[key] = entry
            if self._thread is None:
                self._closing = False
                self._thread = threading.Thread(target=self._run, name="asc-tui cache writer")
                self._thread.start()
            self._changed.notify_all()

    def find(self, key: Key) -> E | None:
        """The entry handed over under ``key`` that is not committed yet, if any."""
        with self._changed:
            return self._pending.get(key) or self._writing.get(key)

    def discard(self, doomed: Callable[[Key], bool]) -> None:
        """Forget the entries not yet taken whose key is ``doomed``; those being written
        are committed before :meth:`flush` returns."""
        with self._changed:
            for key in [k for k in self._pending if doomed(k)]:
                del self._pending[key]

    def flush(self) -> None:
        """Wait until everything handed over is written (or given up)."""
        with self._changed:
            while (self._pending or self._writing) and self._thread is not None:
                self._changed.wait()

    def close(self) -> None:
        """Write what is in hand, then stop the thread."""
        with self._changed:
            self._closing = True
            self._changed.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join()

    def _run(self) -> None:
        db: sqlite3.Connection | None = None
        try:
            while True:
                with self._changed:
                    if not self._pending and not self._closing:
                        self._changed.wait(LINGER)
                    if not self._pending:
                        self._thread = None  # the next add starts another
                        self._changed.notify_all()
                        return
                    self._writing, self._pending = self._pending, {}
                try:
                    db = db or self._connect()
                    self._write(db, self._writing)
                    if not self._pending:  # copy into the file now: closing has less to do
                        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.DatabaseError as exc:
                    if _busy(exc):  # another process held the file past the busy timeout
                        continue  # the batch is not kept
                    _close(db)
                    db = None
                    self._failed(exc)
                finally:
                    with self._changed:
                        self._writing = {}
                        self._changed.notify_all()
        except BaseException:
            with self._changed:
                self._thread = None
                self._pending.clear()
                self._changed.notify_all()
            raise
        finally:
            _close(db)


def _busy(error: sqlite3.DatabaseError) -> bool:
    text = str(error)
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _close(db: sqlite3.Connection | None) -> None:
    if db is not None:
        with contextlib.suppress(sqlite3.Error):
            db.close()
