"""The settings file (profiles, default, base URLs; never secrets), its location, and the
first-run form's field-by-field check."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from asc_tui.auth.config import (
    Config,
    Profile,
    check_profile_name,
    config_to_json,
    load_config,
    save_config,
)
from asc_tui.auth.profiles import check_new_profile, list_profiles, set_default_profile
from asc_tui.errors import ConfigError, ProfileError
from asc_tui.files import locations
from tests.support import keys

ISSUER = "69a6de7e-0000-47e3-e053-5b8c7c11a4d1"
WORK = Profile("work", ISSUER, "2X9R4HXF34")
HOME = Profile("home", ISSUER.replace("0000", "1111"), "AAAA111122", "http://127.0.0.1:9")


def test_config_lives_under_xdg_config_home(isolated_settings: Path) -> None:
    assert locations.config_file() == isolated_settings / "asc-tui" / "config.json"
    assert not isolated_settings.exists()  # looking does not create anything


def test_no_file_is_an_empty_config() -> None:
    assert load_config() == Config()


def test_round_trip_is_atomic_and_private(isolated_settings: Path) -> None:
    config = Config().with_profile(WORK).with_profile(HOME)
    path = save_config(config)
    assert load_config() == config
    assert config.default_profile == "work"  # the first one added
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["config.json"]  # no temp file left
    data = json.loads(path.read_text())
    assert data["profiles"]["home"]["base_url"] == "http://127.0.0.1:9"


def test_removing_the_default_leaves_the_only_one_or_none() -> None:
    two = Config().with_profile(WORK).with_profile(HOME)
    assert two.without_profile("work").default_profile == "home"
    three = two.with_profile(Profile("ci", ISSUER, "CCCC000011"))
    assert three.without_profile("work").default_profile is None
    assert three.without_profile("home").default_profile == "work"


def test_set_default_profile_of_an_unknown_name() -> None:
    save_config(Config().with_profile(WORK))
    with pytest.raises(ProfileError, match=r"no profile named 'nope' \(profiles: work\)"):
        set_default_profile("nope")
    assert set_default_profile("work").default_profile == "work"


def test_list_profiles_marks_the_default_and_needs_no_keyring() -> None:
    save_config(Config().with_profile(WORK).with_profile(HOME, make_default=True))
    rows = list_profiles()
    assert [(r.name, r.is_default, r.key_id) for r in rows] == [
        ("home", True, "AAAA111122"),
        ("work", False, "2X9R4HXF34"),
    ]


def test_a_broken_settings_file_says_where_and_what(isolated_settings: Path) -> None:
    path = isolated_settings / "asc-tui" / "config.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"profiles": {"work": {"issuer_id": 1}}}')
    with pytest.raises(ConfigError) as info:
        load_config()
    assert info.value.message == (
        f"The settings file {path} is not valid: profile 'work' lacks issuer_id or key_id."
    )
    path.write_text("{not json")
    with pytest.raises(ConfigError, match="is not valid: Expecting property name"):
        load_config()


def test_the_config_refuses_anything_that_looks_like_a_secret() -> None:
    leaky = Config().with_profile(Profile("x", ISSUER, "2X9R4HXF34", "https://eyJhbGciOi.test"))
    with pytest.raises(ValueError, match="secret"):
        config_to_json(leaky)


@pytest.mark.parametrize("name", ["", "-x", "a b", "x" * 41, "é", "a/b"])
def test_bad_profile_names(name: str) -> None:
    with pytest.raises(ProfileError, match="cannot be a profile name"):
        check_profile_name(name)


def test_first_run_form_empty_says_what_to_enter() -> None:
    check = check_new_profile(issuer_id="", key_id="", key="", profile="")
    assert dict(check.errors) == {
        "profile": "Enter the profile name.",
        "issuer_id": "Enter the issuer ID.",
        "key_id": "Enter the key ID.",
        "key": "Enter the path to the .p8 file, or paste its text.",
    }
    assert not check.ok
    with pytest.raises(ValueError):
        check.stored_key()


def test_first_run_form_field_by_field(tmp_path: Path) -> None:
    pem = keys.p256_pem()
    path = tmp_path / "AuthKey_2X9R4HXF34.p8"
    path.write_text(pem)
    check = check_new_profile(issuer_id="bad", key_id="", key=str(path), profile="work")
    assert list(check.errors) == ["issuer_id"]  # the key ID came from the file name
    assert check.key_id == "2X9R4HXF34"
    assert "Users and Access" in check.hints["issuer_id"]

    check = check_new_profile(issuer_id=ISSUER.upper(), key_id="", key=str(path))
    assert check.ok and check.issuer_id == ISSUER and check.profile == "default"
    stored = check.stored_key()
    assert stored.private_key_pem == pem and "PRIVATE" not in repr(check)


def test_first_run_form_takes_pasted_text_and_explains_a_wrong_key() -> None:
    pasted = keys.p256_pem().replace("\n", " ")
    check = check_new_profile(issuer_id=ISSUER, key_id="2X9R4HXF34", key=pasted)
    assert check.ok
    wrong = check_new_profile(issuer_id=ISSUER, key_id="2X9R4HXF34", key=keys.public_pem())
    assert dict(wrong.errors) == {
        "key": "This is a public key; asc-tui needs the private key (.p8)."
    }
    assert "downloaded only once" in wrong.hints["key"]
    missing = check_new_profile(issuer_id=ISSUER, key_id="2X9R4HXF34", key="~/nope.p8")
    assert missing.errors["key"].startswith("The key file ") and "does not exist" in str(
        missing.errors["key"]
    )
