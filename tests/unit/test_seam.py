"""The seam between the command line and the UI is typed: the app gets a ``DataSource``
(store/source.py) and asks it for everything it uses, never probing what it got."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from asc_tui.auth.connection import Connection
from asc_tui.auth.credentials import Credentials
from asc_tui.errors import AscError
from asc_tui.store import OfflineSource

PACKAGE = Path(__file__).resolve().parents[2] / "asc_tui"
SEAM = [
    "ui/app.py",
    "ui/connection_status.py",
    "ui/screens/profiles.py",
    "store/source.py",
    "auth/connection.py",
]


def probes(path: Path) -> list[str]:
    """Calls of hasattr/getattr in ``path``, as "name line"."""
    return [
        f"{node.func.id} {node.lineno}"
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"hasattr", "getattr"}
    ]


def test_the_seam_modules_exist() -> None:
    assert all((PACKAGE / module).is_file() for module in SEAM)


def test_no_hasattr_or_getattr_at_the_seam() -> None:
    assert {m: probes(PACKAGE / m) for m in SEAM if probes(PACKAGE / m)} == {}


def test_the_probe_finder_finds_probes(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("x = getattr(a, 'b', None)\nif hasattr(a, 'open'):\n    pass\n")
    assert probes(sample) == ["getattr 1", "hasattr 2"]


def test_a_saved_file_is_a_source_that_says_it_has_no_connection(tmp_path: Path) -> None:
    source = OfflineSource(tmp_path / "logs-1.json")
    assert source.label == "file logs-1.json (offline)"
    assert (source.demo, source.warning, source.profile_in_use) == (False, None, None)
    assert source.offers_first_run is False and source.resolved() is source
    with pytest.raises(AscError) as raised:
        source.open()
    assert "logs-1.json was opened from disk" in raised.value.message
    assert raised.value.hint == "Run asc-tui (or asc-tui --demo) to browse the API."


def test_one_label_for_a_connection_before_and_after_resolving() -> None:
    assert Connection(demo=True).label == "demo server (no Apple account)"
    assert Connection(demo=True).offers_first_run is False
    asked = Connection(profile="work", base_url_override="https://api.example.test")
    assert asked.label == "api.example.test · profile work"
    assert asked.profile_in_use == "work" and asked.offers_first_run is True
    creds = Credentials(
        issuer_id="issuer",
        key_id="KEY0000001",
        private_key_pem="pem",
        source="profile team in memory",
        profile="team",
    )
    resolved = Connection(base_url="https://api.example.test", credentials=creds)
    assert resolved.label == "profile team in memory · key KEY0000001 · api.example.test"
    assert resolved.profile_in_use == "team"
