"""Helpers for the `asc-tui auth` tests: run the CLI in-process or as a real process, write
demo keys as Apple names them, look for secrets where they must never be."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from pathlib import Path

import pytest

from asc_tui.auth.keyring_store import SERVICE
from asc_tui.cli import main
from asc_tui.demo import DemoKey, DemoServer

ROOT = Path(__file__).resolve().parents[2]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``asc-tui ARGS`` in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def run_process(
    *args: str,
    env: Mapping[str, str],
    stdin: str | None = None,
    timeout: float = 60,
    preexec_fn: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m asc_tui ARGS`` as a real process with exactly ``env`` (plus PATH);
    ``preexec_fn`` runs in the child first (e.g. ``tests.support.keyctl.block_keyctl``)."""
    full_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return subprocess.run(
        [sys.executable, "-m", "asc_tui", *args],
        cwd=ROOT,
        env=full_env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=preexec_fn,
    )


def headless_env(home: Path, **extra: str) -> dict[str, str]:
    """As over SSH: no DBUS_SESSION_BUS_ADDRESS, no DISPLAY; every per-user folder inside
    ``home`` (for ``run_process``, which passes exactly this environment)."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        **extra,
    }


def key_file(folder: Path, key: DemoKey) -> Path:
    path = folder / f"AuthKey_{key.key_id}.p8"
    path.write_text(key.private_key_pem)
    return path


def secret_markers(pems: Iterable[str]) -> list[str]:
    """What must never show up: each base64 line of each PEM body, and any JWT."""
    markers = ["eyJ"]  # every JWT starts with base64url('{"')
    for pem in pems:
        markers += [line for line in pem.splitlines() if line and not line.startswith("-----")]
    return markers


def leaks_in(text: str, markers: Iterable[str]) -> list[str]:
    return [m[:12] + "…" for m in markers if m in text]


def leaks_in_files(folders: Iterable[Path], markers: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            if path.is_file():
                hits = leaks_in(path.read_bytes().decode("utf-8", "replace"), markers)
                if hits:
                    found[str(path)] = hits
    return found


RESPONSE_CACHE = "asc-tui/responses.sqlite3"


def files_under(folder: Path) -> list[str]:
    """Files written under ``folder``, except the response cache of API answers (which
    holds no key and no token: checked by ``tests/cli/test_cli_cache.py``)."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and RESPONSE_CACHE not in p.as_posix()
    )


def secret_items() -> dict[str, str]:
    """asc-tui's entries in the keyring, read directly over D-Bus: profile → secret."""
    import secretstorage

    with closing(secretstorage.dbus_init()) as connection:
        return {
            item.get_attributes()["username"]: item.get_secret().decode()
            for item in secretstorage.search_items(connection, {"service": SERVICE})
        }


def use_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server: DemoServer, key: DemoKey
) -> None:
    key_file = tmp_path / f"AuthKey_{key.key_id}.p8"
    key_file.write_text(key.private_key_pem)
    monkeypatch.setenv("ASC_BASE_URL", server.base_url)
    monkeypatch.setenv("ASC_ISSUER_ID", key.issuer_id)
    monkeypatch.setenv("ASC_KEY_ID", key.key_id)
    monkeypatch.setenv("ASC_PRIVATE_KEY_PATH", str(key_file))
    monkeypatch.delenv("ASC_PRIVATE_KEY", raising=False)
