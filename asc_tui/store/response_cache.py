"""The persistent response cache: API answers kept on disk between sessions.

One SQLite database (the standard library's ``sqlite3``) in the platform's cache folder.
SQLite because two asc-tui processes may use the cache at once: WAL mode lets one write
while others read, and a busy timeout makes a writer wait for the other instead of
failing. Each entry is one row written in one transaction, so a killed process leaves the
previous state, never half an entry. SQLite is told not to wait for the disk
(``synchronous = OFF``: the operating system writes the file when it will): the waits
for the disk were most of the time a one-request command took (0.1 s of 0.14 s on a busy
machine), and all a power cut can cost is the cache, which is then rebuilt as below.

What is kept: the body and content type of a successful GET, when it was fetched and from
which origin, under a key made of a namespace (server and API key ID, never the key) and
the request's path, query and Accept header. Request headers (the bearer token) are never
part of a row, and a body that looks like it holds a private key or a token is refused.

The file is disposable: a schema from another version of asc-tui, or a file that is not a
database (truncated, corrupt), is deleted and rebuilt, and :attr:`ResponseCache.notices`
says so. A cache that cannot be opened at all turns into no cache (every lookup misses).

Answers from the network are kept with :meth:`ResponseCache.put_soon`: written behind the
caller's back (:mod:`.cache_writer`), seen by :meth:`~ResponseCache.get` at once, and
waited for by :meth:`~ResponseCache.close`.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple, TypeVar

from ..files.locations import RESPONSE_CACHE_FILE_NAME
from .cache_writer import CacheWriter

T = TypeVar("T")

SCHEMA_VERSION = 1
"""``PRAGMA user_version`` of the file; another value means another format: rebuilt."""
DEFAULT_MAX_BYTES = 200 * 1024 * 1024
FILE_NAME = RESPONSE_CACHE_FILE_NAME
BUSY_TIMEOUT_MS = 10_000
PAGE_SIZE = 65536
"""Bytes in each page of a new file. Answers are large (a page of 200 builds is 250 kB):
with SQLite's default 4 kB pages, writing them took more than twice the processor time."""
USE_GRANULARITY = 60.0
"""Seconds: an entry read again within this is not marked used again (eviction is least
recently used to this precision; a read then writes nothing)."""
_SIDE_FILES = ("-wal", "-shm", "-journal")
_SECRET = rb"-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{8,}\.eyJ"
"""Compiled when first used (by ``re``'s own cache): a warm start only reads."""

_LRU_INDEX = """
CREATE INDEX IF NOT EXISTS responses_lru ON responses (used_at, size);
DROP INDEX IF EXISTS responses_used;
"""
"""Sizes and last uses without the rows: a row's size is stored after its body, which for
a large answer means at the end of its overflow pages, so summing sizes from the table
read every answer in the file on every write."""
_HAS_LRU_INDEX = "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'responses_lru'"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    body BLOB NOT NULL,
    content_type TEXT NOT NULL,
    origin TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    used_at REAL NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (namespace, key)
);
CREATE INDEX IF NOT EXISTS responses_lru ON responses (used_at, size);
"""


class _Entry(NamedTuple):  # records read before a warm first frame: no dataclass (~0.6 ms each)
    """A row of the cache file as the writer thread stores it."""

    body: bytes
    content_type: str
    origin: str
    fetched_at: float
    size: int


class CachedResponse(NamedTuple):
    """An answer read from the cache file."""

    body: bytes
    content_type: str
    origin: str
    """Scheme, host and port it came from (absolute links in the body point there)."""
    fetched_at: float
    """``time.time()`` when it was fetched from the server."""


def like_escaped(text: str) -> str:
    """``text`` as a LIKE pattern that matches it literally (with ``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def looks_secret(body: bytes) -> bool:
    """Whether ``body`` holds something shaped like a PEM private key or a JWT."""
    # Text each shape must hold, looked for first: a JWT has ".eyJ", so a "J" (rare in
    # JSON: one memchr); a whole page of 200 builds took 0.3-0.5 ms, now 0.1 ms
    maybe = b"PRIVATE KEY-----" in body or (b"J" in body and b".eyJ" in body)
    return maybe and re.search(_SECRET, body) is not None


class ResponseCache:
    """Thread-safe (one connection behind a lock); several processes may share the file."""

    def __init__(
        self,
        folder: Path,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = folder / FILE_NAME
        self.max_bytes = max(int(max_bytes), 0)
        self.notices: list[str] = []
        """Said once to the user: the cache was rebuilt, or cannot be used."""
        self._clock = clock
        self._lock = threading.Lock()
        """Held while the connection is used."""
        self._db: sqlite3.Connection | None = None
        self._writer = CacheWriter(self._connect, self._write, self._writer_failed)
        """Never used with ``_lock`` held (it takes ``_lock`` when the file is damaged)."""
        self._open()

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._db = self._connect()
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            self._rebuild(
                f"The response cache {self.path} was unreadable ({exc}); it was "
                "replaced by an empty one."
            )
        except OSError as exc:
            self._db = None
            self.notices.append(
                f"The response cache {self.path} cannot be used ({exc.strerror}); "
                "everything is fetched from the server."
            )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
            if version != SCHEMA_VERSION and (version != 0 or tables):
                db.close()
                self._delete_files()
                self.notices.append(
                    f"The response cache {self.path} was written by another version of "
                    "asc-tui; it was replaced by an empty one."
                )
                db = sqlite3.connect(
                    self.path,
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    isolation_level=None,
                    check_same_thread=False,
                )
                db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if db.execute("PRAGMA page_count").fetchone()[0] == 0:  # a new file
                db.execute(f"PRAGMA page_size = {PAGE_SIZE}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = OFF")  # see the module's notes
            if version != SCHEMA_VERSION or not tables:
                db.executescript(_SCHEMA)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif db.execute(_HAS_LRU_INDEX).fetchone() is None:  # a file from before it
                db.executescript(_LRU_INDEX)
        except BaseException:
            db.close()
            raise
        return db

    def _delete_files(self) -> None:
        for suffix in ("", *_SIDE_FILES):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{self.path}{suffix}").unlink()

    def _rebuild(self, notice: str) -> None:
        """Delete the file and start an empty one; no cache if even that fails."""
        self.notices.append(notice)
        try:
            self._delete_files()
            self._db = self._connect()
        except (OSError, sqlite3.DatabaseError):
            self._db = None

    def _close_quietly(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None

    def close(self) -> None:
        """Write what is pending, then close the file."""
        self._writer.close()
        with self._lock:
            self._close_quietly()

    @property
    def usable(self) -> bool:
        return self._db is not None

    # -- entries -------------------------------------------------------------------------

    def get(self, namespace: str, key: str) -> CachedResponse | None:
        entry = self._writer.find((namespace, key))
        if entry is not None:
            return CachedResponse(entry.body, entry.content_type, entry.origin, entry.fetched_at)
        with self._lock:
            row = self._run(
                lambda db: db.execute(
                    "SELECT body, content_type, origin, fetched_at, used_at FROM responses "
                    "WHERE namespace = ? AND key = ?",
                    (namespace, key),
                ).fetchone()
            )
            if row is None:
                return None
            now = self._clock()
            if now - row[4] > USE_GRANULARITY:  # reading alone writes nothing most times
                self._run(
                    lambda db: db.execute(
                        "UPDATE responses SET used_at = ? WHERE namespace = ? AND key = ?",
                        (now, namespace, key),
                    )
                )
        body, content_type, origin, fetched_at, _ = row
        return CachedResponse(bytes(body), str(content_type), str(origin), float(fetched_at))

    def put(self, namespace: str, key: str, body: bytes, content_type: str, origin: str) -> bool:
        """Keep an answer (replacing the one under the same key); False when it is not
        kept: larger than the whole cache, or shaped like a secret."""
        entry = self._entry(namespace, key, body, content_type, origin)
        if entry is None:
            return False
        self._writer.flush()  # an answer kept before this one is written first
        with self._lock:
            return bool(self._run(lambda db: self._write(db, {(namespace, key): entry})))

    def put_soon(
        self, namespace: str, key: str, body: bytes, content_type: str, origin: str
    ) -> bool:
        """:meth:`put`, written by a background thread (see the module's notes); False when
        it is not kept."""
        entry = self._entry(namespace, key, body, content_type, origin)
        if entry is None or self._db is None:
            return False
        self._writer.add((namespace, key), entry)
        return True

    def flush(self) -> None:
        """Wait until every answer kept with :meth:`put_soon` is written."""
        self._writer.flush()

    def _entry(
        self, namespace: str, key: str, body: bytes, content_type: str, origin: str
    ) -> _Entry | None:
        size = len(body) + len(key) + len(namespace)
        if size > self.max_bytes or looks_secret(body):
            return None
        return _Entry(body, content_type, origin, self._clock(), size)

    def _writer_failed(self, error: sqlite3.DatabaseError) -> None:
        """The writer thread found the file damaged."""
        with self._lock:
            self._close_quietly()
            self._rebuild(
                f"The response cache {self.path} failed ({error}); it was replaced by an empty one."
            )

    def _write(self, db: sqlite3.Connection, entries: dict[tuple[str, str], _Entry]) -> bool:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (ns, key, e.body, e.content_type, e.origin, e.fetched_at, e.fetched_at, e.size)
                    for (ns, key), e in entries.items()
                ],
            )
            self._evict(db)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return True

    def _evict(self, db: sqlite3.Connection) -> None:
        """Drop the least recently used entries until the total fits ``max_bytes``."""
        total = db.execute("SELECT coalesce(sum(size), 0) FROM responses").fetchone()[0]
        if total <= self.max_bytes:
            return
        rows = db.execute("SELECT rowid, size FROM responses ORDER BY used_at, rowid")
        doomed: list[int] = []
        for rowid, size in rows:
            if total <= self.max_bytes:
                break
            doomed.append(rowid)
            total -= size
        db.executemany("DELETE FROM responses WHERE rowid = ?", [(r,) for r in doomed])

    def total_bytes(self) -> int:
        self.flush()
        with self._lock:
            total = self._run(
                lambda db: db.execute("SELECT coalesce(sum(size), 0) FROM responses").fetchone()
            )
        return int(total[0]) if total is not None else 0

    def keys(self, namespace: str) -> list[str]:
        self.flush()
        with self._lock:
            rows = self._run(
                lambda db: db.execute(
                    "SELECT key FROM responses WHERE namespace = ? ORDER BY key", (namespace,)
                ).fetchall()
            )
        return [str(r[0]) for r in rows or ()]

    def drop(self, namespace: str, key_part: str, holding: str = "") -> None:
        """Forget a namespace's answers whose key contains ``key_part`` (after a change made
        on the server, e.g. a report request created or deleted); with ``holding``, only
        those whose key or body also holds that text exactly (e.g. every kept page that
        lists a deleted item). ``_`` and ``%`` (Apple's IDs have ``_``) match themselves."""
        pattern = "%" + like_escaped(key_part) + "%"
        part = key_part.casefold()  # LIKE ignores ASCII case

        def doomed(key: tuple[str, str]) -> bool:
            return key[0] == namespace and part in key[1].casefold() and holding in key[1]

        self._writer.discard(doomed)
        self._writer.flush()  # the bodies of the rest are then looked at in the file
        with self._lock:
            self._run(
                lambda db: db.execute(
                    "DELETE FROM responses WHERE namespace = ? AND key LIKE ? ESCAPE '\\'"
                    " AND (? = '' OR instr(key, ?) > 0 OR instr(CAST(body AS BLOB), ?) > 0)",
                    (namespace, pattern, holding, holding, holding.encode()),
                )
            )

    def clear(self) -> None:
        self._writer.discard(lambda _: True)
        self._writer.flush()
        with self._lock:
            self._run(lambda db: db.execute("DELETE FROM responses"))

    def _run(self, operation: Callable[[sqlite3.Connection], T]) -> T | None:
        """``operation(db)``; a file found corrupt meanwhile is rebuilt (the operation is
        then a miss: None). Lock held by the caller."""
        if self._db is None:
            return None
        try:
            return operation(self._db)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                return None  # another process held it longer than the busy timeout
            self._close_quietly()
            self._rebuild(
                f"The response cache {self.path} failed ({exc}); it was replaced by an empty one."
            )
            return None
        except sqlite3.DatabaseError as exc:
            self._close_quietly()
            self._rebuild(
                f"The response cache {self.path} was corrupt ({exc}); it was "
                "replaced by an empty one."
            )
            return None
