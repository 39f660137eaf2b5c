"""Scripted misbehaviour for tests: "the next N requests under /v1/builds get a 503", slow
answers, requests held unanswered until released, bodies cut off with the connection
dropped, truncated bodies, damaged analytics segment downloads and files. Also records
every request served, so tests can count them."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


class DroppedConnection(Exception):
    """Raised mid-body to make the server drop the connection (a scripted fault)."""


@dataclass
class Fault:
    path_prefix: str
    status: int
    times: int
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    hold: threading.Event | None = None
    """Answer only once this is set (a hung server, released by the test)."""
    drop: bool = False
    """Send about half of the body, then drop the connection."""
    after: int = 0
    """Let this many matching requests through first (e.g. fail a list's second page)."""


class FaultPlan:
    """Thread-safe: the server's thread consumes faults that the test's thread plans."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pending: list[Fault] = []
        self.requests: list[tuple[str, str]] = []
        """(method, path?query) of every request served, in order."""
        self._damaged_downloads: list[list[str]] = []
        self._truncated_files: set[str] = set()
        self._holds: list[threading.Event] = []

    def fail_next(
        self,
        path_prefix: str,
        status: int,
        *,
        times: int = 1,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        after: int = 0,
    ) -> None:
        """Answer the next ``times`` requests whose path starts with ``path_prefix`` with
        ``status`` and ``body`` (default: Apple's error document for that status; raw
        bytes such as a truncated ``b'{"data": ['`` are sent as they are), once ``after``
        of them have been answered normally."""
        if times < 1:
            raise ValueError("times must be at least 1")
        fault = Fault(path_prefix, status, times, body, dict(headers or {}), after=after)
        with self._lock:
            self._pending.append(fault)

    def slow_next(self, path_prefix: str, seconds: float, *, times: int = 1) -> None:
        """Delay the next ``times`` matching requests by ``seconds``, then answer normally."""
        with self._lock:
            self._pending.append(Fault(path_prefix, 0, times, delay=seconds))

    def hold_next(self, path_prefix: str, *, times: int = 1) -> threading.Event:
        """Leave the next ``times`` matching requests unanswered until the returned event
        is set (or ``clear()`` is called): a server that hangs, for as long as a test
        needs, whatever the machine's speed."""
        gate = threading.Event()
        with self._lock:
            self._holds.append(gate)
            self._pending.append(Fault(path_prefix, 0, times, hold=gate))
        return gate

    def drop_next(self, path_prefix: str, *, times: int = 1, after: int = 0) -> None:
        """Answer the next ``times`` matching requests (once ``after`` of them have been
        answered normally) with the status line, the headers and about half of the body,
        then drop the connection."""
        with self._lock:
            self._pending.append(Fault(path_prefix, 0, times, drop=True, after=after))

    def damage_segment_downloads(self, how: str, *, segment_id: str = "", times: int = 1) -> None:
        """Damage the next ``times`` downloads of analytics segment ``segment_id`` (any
        segment when empty): ``"checksum"`` flips one byte (same size, wrong MD5);
        ``"drop"`` sends about half of the body, then drops the connection."""
        if how not in ("checksum", "drop"):
            raise ValueError(f"unknown segment damage {how!r}")
        if times < 1:
            raise ValueError("times must be at least 1")
        with self._lock:
            self._damaged_downloads.extend([how, segment_id] for _ in range(times))

    def truncate_segment_file(self, segment_id: str) -> None:
        """From now on segment ``segment_id``'s stored file is a gzip stream cut short; its
        ``sizeInBytes`` and ``checksum`` describe the cut file, so only gunzip notices."""
        with self._lock:
            self._truncated_files.add(segment_id)

    def take_segment_damage(self, segment_id: str) -> str | None:
        """Consume the first download damage planned for ``segment_id``."""
        with self._lock:
            for entry in self._damaged_downloads:
                if entry[1] in ("", segment_id):
                    self._damaged_downloads.remove(entry)
                    return entry[0]
        return None

    def is_truncated(self, segment_id: str) -> bool:
        with self._lock:
            return segment_id in self._truncated_files

    def clear(self) -> None:
        """Forget pending faults, damaged segments and recorded requests; release every
        held request."""
        with self._lock:
            for gate in self._holds:
                gate.set()
            self._holds.clear()
            self._pending.clear()
            self._damaged_downloads.clear()
            self._truncated_files.clear()
            self.requests.clear()

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(f.times for f in self._pending) + len(self._damaged_downloads)

    def record(self, method: str, target: str) -> None:
        with self._lock:
            self.requests.append((method, target))

    def take(self, path: str) -> Fault | None:
        """Consume one use of the first fault planned for ``path``."""
        with self._lock:
            for fault in self._pending:
                if path.startswith(fault.path_prefix):
                    if fault.after > 0:
                        fault.after -= 1
                        return None
                    fault.times -= 1
                    if fault.times == 0:
                        self._pending.remove(fault)
                    return fault
        return None
