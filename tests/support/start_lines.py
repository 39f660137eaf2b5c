"""A server started as a subprocess: the ``export NAME=value`` lines it prints when it is
ready, read with a time limit, so that a server that never prints fails the test with
what it did print instead of hanging the run."""

from __future__ import annotations

import contextlib
import queue
import re
import subprocess
import threading
import time
from typing import IO

import pytest

EXPORT = re.compile(r"\s*export (ASC_[A-Z_]+)=(\S+)")


class ServerOutput:
    """Everything ``proc`` writes, drained by two daemon threads until it closes its
    pipes: stdout line by line for :meth:`exports`, stderr kept for the failure message.
    Draining to the end also keeps a chatty server from blocking on a full pipe."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None and proc.stderr is not None
        self.proc = proc
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()  # None: stdout closed
        threading.Thread(target=self._read_stdout, args=(proc.stdout,), daemon=True).start()
        self._stderr_reader = threading.Thread(
            target=self._read_stderr, args=(proc.stderr,), daemon=True
        )
        self._stderr_reader.start()

    def exports(self, names: set[str], *, timeout: float) -> dict[str, str]:
        """The values of the ``export`` lines for ``names``, once all were printed. Fails
        the test, with what the server printed, if it closes its output or ``timeout``
        seconds pass before that."""
        found: dict[str, str] = {}
        deadline = time.monotonic() + timeout
        while not names <= found.keys():
            try:
                line = self._lines.get(timeout=max(deadline - time.monotonic(), 0))
            except queue.Empty:
                pytest.fail(self._failure(names - found.keys(), f"{timeout:g} s passed"), False)
            if line is None:
                self._stderr_reader.join(timeout=5)  # the rest of what it said, if it ended
                with contextlib.suppress(subprocess.TimeoutExpired):
                    self.proc.wait(timeout=5)
                pytest.fail(self._failure(names - found.keys(), "it closed its output"), False)
            self.stdout.append(line)
            if match := EXPORT.match(line):
                found[match.group(1)] = match.group(2)
        return {name: found[name] for name in names}

    def _read_stdout(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line)
        self._lines.put(None)

    def _read_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            self.stderr.append(line)

    def _failure(self, missing: set[str], why: str) -> str:
        code = self.proc.poll()
        state = "still running" if code is None else f"exited with status {code}"
        args = self.proc.args
        command = " ".join(map(str, args)) if isinstance(args, list) else str(args)
        return (
            f"`{command}` did not print {', '.join(sorted(missing))} "
            f"({why}; {state}).\nstdout: {''.join(self.stdout)!r}\n"
            f"stderr: {''.join(self.stderr)!r}"
        )
