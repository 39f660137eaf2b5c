"""A pytest plugin: nothing the suite prints holds a private key or a token.

For every test it scans what pytest captured (stdout, stderr and logging, in every phase),
what ``capsys``/``capfd`` handed to the test, and what every ``subprocess.run`` (the CLI
as a real process, tmux's capture of the app's screen, …) printed. A private key's body
(the DER of any key type the tests make, as base64) or a JWT fails the test that printed
it. Lines a subprocess streams through ``Popen`` pipes the test reads itself are not seen.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Generator
from typing import Any

import pytest
from _pytest.capture import CaptureFixture, CaptureResult

KEY_BODIES = re.compile(
    "|".join(
        [
            "MIGHAgEAMBMGByqGSM49",  # EC P-256, PKCS#8 (App Store Connect's .p8)
            "MHcCAQEE",  # EC P-256, SEC1
            "MIG2AgEAMBAGByqGSM49",  # EC P-384, PKCS#8
            "MIGkAgEBBDB",  # EC P-384, SEC1
            "ADANBgkqhkiG9w0BAQEFAASC",  # RSA, PKCS#8
            "MII[A-Za-z0-9+/]{2}[gw]IBAAKC",  # RSA, PKCS#1
            "MC4CAQAwBQYDK2Vw",  # Ed25519, PKCS#8
        ]
    )
)
JWT = re.compile(r"eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{16,}")

_printed: list[str] = []


def secrets_in(text: str) -> list[str]:
    """What in ``text`` looks like a secret, shortened so that reporting it leaks nothing."""
    found = [f"private key body {m.group()[:12]}…" for m in KEY_BODIES.finditer(text)]
    return found + [f"JWT {m.group()[:12]}…" for m in JWT.finditer(text)]


def take_printed() -> str:
    """Everything recorded since the test started, and forget it (for testing the scan)."""
    text = "\n".join(_printed)
    _printed.clear()
    return text


def _record(*values: object) -> None:
    for value in values:
        if isinstance(value, bytes):
            _printed.append(value.decode("utf-8", "replace"))
        elif isinstance(value, str):
            _printed.append(value)


def _recording_run(run: Callable[..., Any]) -> Callable[..., Any]:
    def recorded(*args: Any, **kwargs: Any) -> Any:
        result = run(*args, **kwargs)
        _record(result.stdout, result.stderr)
        return result

    return recorded


def _recording_readouterr(
    readouterr: Callable[[CaptureFixture[Any]], CaptureResult[Any]],
) -> Callable[[CaptureFixture[Any]], CaptureResult[Any]]:
    def recorded(self: CaptureFixture[Any]) -> CaptureResult[Any]:
        result = readouterr(self)
        _record(result.out, result.err)
        return result

    return recorded


_patches = pytest.MonkeyPatch()  # undone when the session ends


def pytest_configure(config: pytest.Config) -> None:
    _patches.setattr(subprocess, "run", _recording_run(subprocess.run))
    _patches.setattr(CaptureFixture, "readouterr", _recording_readouterr(CaptureFixture.readouterr))


def pytest_unconfigure(config: pytest.Config) -> None:
    _patches.undo()


def pytest_runtest_setup(item: pytest.Item) -> None:
    _printed.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    # Sections pile up over the phases: look at this phase's only.
    printed = [content for title, content in report.sections if title.endswith(report.when)]
    printed.append(take_printed())
    leaks = secrets_in("\n".join(printed))
    if leaks and not report.failed:
        report.outcome = "failed"
        report.longrepr = f"secret printed during {report.when}: " + ", ".join(leaks)
