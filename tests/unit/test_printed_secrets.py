"""The suite-wide scan (``tests.support.printed_secrets.py``) sees what tests print: through
capsys, through subprocesses, and what pytest captures itself."""

from __future__ import annotations

import subprocess
import sys

import pytest

from asc_tui.demo import DemoKey
from tests.support.auth import ROOT
from tests.support.printed_secrets import secrets_in, take_printed

pytest_plugins = ["pytester"]
TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiI1NzI0NiJ9.MEUCIQDx3Zb0bWNoZWNrZWQ"


def test_keys_and_tokens_are_recognised(demo_key: DemoKey) -> None:
    body = demo_key.private_key_pem.splitlines()[1]
    assert secrets_in(f"x {body} y") == [f"private key body {body[:12]}…"]
    assert secrets_in(f"Bearer {TOKEN}") == [f"JWT {TOKEN[:12]}…"]
    assert secrets_in("-----BEGIN PRIVATE KEY----- is how a PEM starts; eyJ alone") == []


def test_subprocess_and_capsys_output_is_recorded(
    demo_key: DemoKey, capsys: pytest.CaptureFixture[str]
) -> None:
    pem = demo_key.private_key_pem
    take_printed()
    subprocess.run([sys.executable, "-c", "import sys; print(sys.stdin.read())"], input=pem,
                   capture_output=True, text=True, check=True)  # fmt: skip
    assert secrets_in(take_printed())  # seen, then forgotten so this test passes
    print(TOKEN)
    capsys.readouterr()
    assert secrets_in(take_printed()) == [f"JWT {TOKEN[:12]}…"]


def test_a_test_that_prints_a_token_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makeconftest('pytest_plugins = ["tests.support.printed_secrets"]')
    pytester.makepyfile(
        f"""
        def test_prints():
            print("Authorization: Bearer {TOKEN}")

        def test_quiet():
            print("nothing to see")
        """
    )
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "--show-capture=no")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*secret printed during call: JWT eyJhbGciOiJF…*"])
