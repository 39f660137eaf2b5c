"""Reading a server's start lines is bounded: one that never prints, or ends first, fails
the test with what it printed; one that writes a lot to stderr first is still read."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support.start_lines import ServerOutput

NAMES = {"ASC_BASE_URL", "ASC_KEY_ID"}


@contextmanager
def python(code: str) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


def test_a_server_that_never_prints_fails_after_the_timeout() -> None:
    with python("import time; time.sleep(600)") as proc:
        output = ServerOutput(proc)
        with pytest.raises(pytest.fail.Exception) as failed:
            output.exports(NAMES, timeout=0.2)
    message = str(failed.value)
    assert "did not print ASC_BASE_URL, ASC_KEY_ID (0.2 s passed; still running)" in message


def test_a_server_that_ends_first_fails_with_what_it_printed() -> None:
    code = (
        "import sys; print('  export ASC_KEY_ID=K1', flush=True);"
        "print('port in use', file=sys.stderr); sys.exit(3)"
    )
    with python(code) as proc:
        output = ServerOutput(proc)
        with pytest.raises(pytest.fail.Exception) as failed:
            output.exports(NAMES, timeout=60)
    message = str(failed.value)
    assert "did not print ASC_BASE_URL (it closed its output; exited with status 3)" in message
    assert "export ASC_KEY_ID=K1" in message and "port in use" in message


def test_the_exports_are_read_past_a_full_stderr_pipe() -> None:
    code = (
        "import sys, time; sys.stderr.write('x' * 1_000_000); sys.stderr.flush();"
        "print('starting'); print('  export ASC_BASE_URL=http://127.0.0.1:1');"
        "print('  export ASC_KEY_ID=K1', flush=True); time.sleep(600)"
    )
    with python(code) as proc:
        env = ServerOutput(proc).exports(NAMES, timeout=60)
    assert env == {"ASC_BASE_URL": "http://127.0.0.1:1", "ASC_KEY_ID": "K1"}
