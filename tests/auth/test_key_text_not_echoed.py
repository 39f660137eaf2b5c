"""A private key given where a key *path* belongs (an easy mistake in CI:
``ASC_PRIVATE_KEY_PATH="$(cat AuthKey.p8)"``) is refused without being echoed: not by the
commands, not by ``auth add``, not in the TUI's toast or form. Paths that are shown are
shortened and their control characters made visible."""

from __future__ import annotations

from pathlib import Path

import pytest

from asc_tui.auth.connection import Connection
from asc_tui.auth.key_file import read_key_file, shown_key_path
from asc_tui.demo import DemoKey, generate_demo_key
from asc_tui.errors import InvalidKeyError
from asc_tui.ui import AscApp
from tests.support.auth import leaks_in, run_cli, secret_markers
from tests.support.ui import message, notifications, put, screen_text, settle

ISSUER = "57246542-96fe-1a63-e053-0824d011072a"
REFUSED = "looks like the key itself"


@pytest.fixture(scope="module")
def key() -> DemoKey:
    return generate_demo_key()


def key_forms(key: DemoKey) -> dict[str, str]:
    """The key's text as it might end up in a path variable or flag."""
    body = "".join(line for line in key.private_key_pem.splitlines() if "-----" not in line)
    return {
        "pem": key.private_key_pem,
        "pem on one line": key.private_key_pem.replace("\n", " "),
        "base64 body only": body,
    }


@pytest.mark.parametrize("form", ["pem", "pem on one line", "base64 body only"])
def test_key_text_in_asc_private_key_path_is_refused_unseen(
    form: str, key: DemoKey, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASC_ISSUER_ID", ISSUER)
    monkeypatch.setenv("ASC_KEY_ID", key.key_id)
    monkeypatch.setenv("ASC_PRIVATE_KEY_PATH", key_forms(key)[form])
    code, out, err = run_cli(capsys, "apps")
    assert code == 1
    assert REFUSED in err and "ASC_PRIVATE_KEY" in err
    assert leaks_in(out + err, secret_markers([key.private_key_pem])) == []
    assert "BEGIN" not in err


@pytest.mark.parametrize("form", ["pem", "base64 body only"])
def test_key_text_as_key_file_is_refused_unseen(
    form: str, key: DemoKey, capsys: pytest.CaptureFixture[str]
) -> None:
    markers = secret_markers([key.private_key_pem])
    value = key_forms(key)[form]
    flags = ["--issuer-id", ISSUER, "--key-id", key.key_id, "--key-file", value]
    code, out, err = run_cli(capsys, "apps", *flags)
    assert code == 1 and REFUSED in err
    assert leaks_in(out + err, markers) == []
    code, out, err = run_cli(capsys, "auth", "add", "--profile", "ci", "--no-check", *flags)
    assert code == 1 and REFUSED in err
    assert leaks_in(out + err, markers) == []


def test_paths_are_shown_short_and_inert(tmp_path: Path) -> None:
    long_missing = tmp_path / ("deep-folder-" * 12) / "AuthKey_2X9R4HXF34.p8"
    with pytest.raises(InvalidKeyError) as caught:
        read_key_file(long_missing)
    shown = shown_key_path(long_missing)
    assert len(shown) == 79 and "…" in shown and shown.endswith("AuthKey_2X9R4HXF34.p8")
    assert caught.value.message == f"The key file {shown} does not exist."
    with pytest.raises(InvalidKeyError, match="␛]0;x␇"):
        read_key_file(tmp_path / "evil\x1b]0;x\x07.p8")
    with pytest.raises(InvalidKeyError, match=REFUSED):
        read_key_file("a" * 300)  # too long to be a path anyone typed: never echoed


def test_a_long_base64_file_name_that_exists_is_read(tmp_path: Path, key: DemoKey) -> None:
    """Only a value naming no file is taken for key text: a real file is read."""
    path = tmp_path / ("A" * 50 + ".p8")
    path.write_text(key.private_key_pem)
    assert read_key_file(path) == key.private_key_pem


async def test_the_tui_toast_and_form_never_show_the_key(
    key: DemoKey, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    markers = secret_markers([key.private_key_pem])
    monkeypatch.setenv("ASC_ISSUER_ID", ISSUER)
    monkeypatch.setenv("ASC_KEY_ID", key.key_id)
    monkeypatch.setenv("ASC_PRIVATE_KEY_PATH", key.private_key_pem)
    app = AscApp(Connection())
    notes = notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        toasts = " ".join(f"{n.title} {n.message}" for n in notes)
        assert REFUSED in toasts + screen_text(app)
        assert leaks_in(toasts + screen_text(app), markers) == []
        await pilot.press("escape")
    monkeypatch.delenv("ASC_PRIVATE_KEY_PATH")
    monkeypatch.delenv("ASC_ISSUER_ID")
    monkeypatch.delenv("ASC_KEY_ID")
    app = AscApp(Connection())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        body = key_forms(key)["base64 body only"]
        await put(pilot, app, "key", body)  # pasted without its BEGIN/END lines
        shown = message(app, "key") + screen_text(app)
        assert REFUSED in message(app, "key")
        assert leaks_in(shown, markers) == [] and body[:40] not in shown
        await pilot.press("escape")
