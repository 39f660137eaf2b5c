"""``asc-tui auth add|list|remove|default|check``: API keys as named profiles in the OS
keyring. The private key and tokens are never printed."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..auth.keyring_backends import STORES
from ..errors import AscError
from ..safe_text import visible
from .common import add_connection_flags, add_profile_flag, warn
from .exit_codes import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    exit_code_for,
)

CHECK_EXIT_CODES = (
    "exit codes: 0 the key works, 1 no usable credentials (or keyring problem), 2 usage, "
    "3 rejected (401: revoked or wrong issuer/key ID), 4 forbidden (403: role), "
    "5 network or server down (5xx), 6 other API error, 9 not found (404: a wrong base "
    "URL), 10 rate limited (429)"
)


def register(sub: Any) -> None:
    auth: argparse.ArgumentParser = sub.add_parser(
        "auth",
        help="store, list and check API keys (profiles in the OS keyring)",
        description="API keys as named profiles: the private key in the OS keyring, the "
        "rest in the settings file.",
    )
    add_profile_flag(auth)
    auth.set_defaults(run=lambda _args: _usage(auth))
    commands = auth.add_subparsers(dest="auth_command", metavar="ACTION")

    add = commands.add_parser(
        "add",
        help="validate a key and store it in the keyring",
        description="Validate an App Store Connect API key and store it as a profile.",
    )
    add_profile_flag(add, help="name of the profile to store (default: default)")
    add.add_argument("--issuer-id", metavar="ID", help="issuer ID (a UUID)")
    add.add_argument(
        "--key-id", metavar="KEYID", help="key ID (default: from the AuthKey_KEYID.p8 name)"
    )
    add.add_argument(
        "--key-file", metavar="PATH", help="the .p8 private key; - reads it from stdin"
    )
    add.add_argument("--base-url", metavar="URL", help="save another API server for this profile")
    add.add_argument(
        "--store",
        choices=list(STORES),
        help="where to keep the key (default: the first usable of Secret Service, KWallet, "
        "Keychain, Credential Locker, then the Linux kernel keyring)",
    )
    add.add_argument("--default", action="store_true", help="make it the default profile")
    add.add_argument("--force", action="store_true", help="replace a profile of the same name")
    verify = add.add_mutually_exclusive_group()
    verify.add_argument(
        "--check", dest="verify", action="store_true", default=None, help="then check it"
    )
    verify.add_argument("--no-check", dest="verify", action="store_false", help="do not ask")
    add.set_defaults(run=run_add)

    lst = commands.add_parser("list", help="list profiles (never the keys)")
    add_profile_flag(lst)
    lst.add_argument("--json", action="store_true", help="JSON for scripts")
    lst.set_defaults(run=run_list)

    remove = commands.add_parser("remove", help="delete a profile and its key")
    add_profile_flag(remove, help="the profile to remove (or give NAME)")
    remove.add_argument("name", nargs="?", metavar="NAME")
    remove.set_defaults(run=run_remove)

    default = commands.add_parser("default", help="make a profile the default")
    add_profile_flag(default, help="the profile to make the default (or give NAME)")
    default.add_argument("name", nargs="?", metavar="NAME")
    default.set_defaults(run=run_default)

    check = commands.add_parser(
        "check",
        help="sign a token and make one API call",
        description="Sign a token with the key and make one cheap API call.",
        epilog=CHECK_EXIT_CODES,
    )
    add_connection_flags(check, demo=False)
    check.add_argument("name", nargs="?", metavar="NAME", help="profile (default: as the app)")
    check.set_defaults(run=run_check)

    from .auth_doctor import register as register_doctor

    register_doctor(commands)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _name(args: argparse.Namespace, action: str) -> str:
    name = getattr(args, "name", None) or getattr(args, "profile", None)
    if not name:
        raise AscError(
            f"Which profile? Give its name: `asc-tui auth {action} NAME`.",
            hint="See your profiles with `asc-tui auth list`.",
        )
    return str(name)


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _confirm(question: str, *, default: bool) -> bool:
    suffix = " [Y/n] " if default else " [y/N] "
    try:
        answer = input(question + suffix).strip().lower()
    except EOFError:
        return default
    return default if not answer else answer in {"y", "yes"}


# -- add ---------------------------------------------------------------------------


def _read_stdin_key() -> str:
    if sys.stdin.isatty():
        print("Paste the private key (PEM), then press Ctrl+D:", file=sys.stderr)
    from ..auth.key_file import MAX_KEY_BYTES
    from ..errors import InvalidKeyError

    text = sys.stdin.read(MAX_KEY_BYTES + 1)
    if len(text) > MAX_KEY_BYTES:
        raise InvalidKeyError(
            f"The standard input holds more than {MAX_KEY_BYTES // 1024} KB; a .p8 key is "
            "a small text file."
        )
    return text


def run_add(args: argparse.Namespace) -> int:
    from ..auth.config import DEFAULT_PROFILE_NAME, load_config
    from ..auth.profiles import add_profile, check_new_profile

    name = args.profile or DEFAULT_PROFILE_NAME
    missing = [
        f for f, v in (("--issuer-id", args.issuer_id), ("--key-file", args.key_file)) if not v
    ]
    if missing:
        raise AscError(
            "auth add needs " + " and ".join(missing) + ".",
            hint="e.g. asc-tui auth add --profile my-team --issuer-id "
            "57246542-96fe-1a63-e053-0824d011072a --key-file ~/keys/AuthKey_2X9R4HXF34.p8",
        )
    from_stdin = args.key_file == "-"
    check = check_new_profile(
        issuer_id=args.issuer_id,
        key_id=args.key_id or "",
        key=_read_stdin_key() if from_stdin else args.key_file,
        key_is_text=from_stdin,
        profile=name,
    )
    if not check.ok:
        flags = {"profile": "--profile", "issuer_id": "--issuer-id", "key_id": "--key-id"}
        for field_name, message in check.errors.items():
            where = flags.get(field_name, "--key-file")
            hint = check.hints.get(field_name)
            text = f"{where}: {message}" + (f"\n{hint}" if hint else "")
            print(f"asc-tui: {visible(text, multiline=True)}", file=sys.stderr)
        return EXIT_ERROR
    replace = args.force
    existing = load_config().profiles.get(check.profile)
    if existing is not None and not replace and _interactive():
        replace = _confirm(
            f"A profile named {check.profile!r} exists (key {existing.key_id}). Replace it?",
            default=False,
        )
        if not replace:
            print("Nothing changed.")
            return EXIT_ERROR
    from ..auth.keyring_store import store_for

    result = add_profile(
        check.profile,
        check.stored_key(),
        base_url=args.base_url,
        make_default=args.default,
        replace=replace,
        store=store_for(args.store),
    )
    if result.keyring.warning:
        warn(result.keyring.warning)
    verb = "Replaced" if result.replaced else "Stored"
    print(
        f"{verb} profile {check.profile!r} (issuer {check.issuer_id}, key {check.key_id}) "
        f"in {result.keyring.label}." + (" It is the default profile." if result.is_default else "")
    )
    if result.keyring.store == "keyctl":
        from ..auth.kernel_keyring import lifetime_text

        print(
            f"Note: keys in the kernel keyring {lifetime_text()}. `asc-tui auth list` says "
            "when it is gone."
        )
    verify = args.verify
    if verify is None and _interactive():
        verify = _confirm("Check it now with one API call?", default=True)
    if not verify:
        print(f"Check it with: asc-tui auth check {check.profile}")
        return EXIT_OK
    return _check(argparse.Namespace(profile=check.profile, name=check.profile))


# -- list, remove, default -----------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    import json
    import os

    from ..auth.config import load_config
    from ..auth.credentials import ENV_KEY_ID, key_gone_error
    from ..auth.profiles import list_profiles
    from .output import write_rows

    config = load_config()
    profiles = list_profiles(config)
    gone = {p.name for p in profiles if p.store == "keyctl" and not _in_kernel_keyring(p.name)}
    if args.json:
        rows = [
            {
                "name": p.name,
                "issuerId": p.issuer_id,
                "keyId": p.key_id,
                "baseUrl": p.base_url,
                "default": p.is_default,
                "store": p.store,
                # Checked for the kernel keyring only (the others may prompt): else null.
                "keyPresent": (p.name not in gone) if p.store == "keyctl" else None,
            }
            for p in profiles
        ]
        json.dump(rows, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    if not profiles:
        print("No profiles yet. Add one with: asc-tui auth add --profile NAME --issuer-id ID ")
        print("  --key-id KEYID --key-file AuthKey_KEYID.p8")
    else:
        write_rows(
            [
                {
                    " ": "*" if p.is_default else "",
                    "PROFILE": p.name,
                    "ISSUER ID": p.issuer_id,
                    "KEY ID": p.key_id,
                    "STORE": (p.store or "auto") + (" (KEY GONE)" if p.name in gone else ""),
                    "BASE URL": p.base_url or "",
                }
                for p in profiles
            ],
            "table",
            sys.stdout,
        )
        for name in sorted(gone):
            print(key_gone_error(config.get(name), "keyctl").user_message())
        if not any(p.is_default for p in profiles):
            print("No default profile: pick one with `asc-tui auth default NAME`.")
    env_key = os.environ.get(ENV_KEY_ID, "").strip()
    if env_key:
        print(
            f"Environment: key {env_key} from ASC_* variables (not stored) is used instead of "
            "the default profile in this shell."
        )
    return EXIT_OK


def _in_kernel_keyring(profile: str) -> bool:
    """Whether the kernel keyring still holds ``profile``'s key (a search: microseconds, no
    prompt, so fine for a listing). True when that cannot be told."""
    from ..auth.kernel_keyring import KernelKeyring, KeyctlError
    from ..auth.keyring_store import SERVICE

    try:
        return KernelKeyring().has_password(SERVICE, profile)
    except (KeyctlError, OSError):
        return True


def run_remove(args: argparse.Namespace) -> int:
    from ..auth.profiles import remove_profile

    name = _name(args, "remove")
    result = remove_profile(name)
    print(f"Removed profile {name!r}" + ("." if result.key_was_stored else " (no key was stored)."))
    if result.default_profile:
        print(f"The default profile is {result.default_profile!r}.")
    else:
        from ..auth.config import load_config

        if load_config().profiles:
            print("There is no default profile now: pick one with `asc-tui auth default NAME`.")
    return EXIT_OK


def run_default(args: argparse.Namespace) -> int:
    from ..auth.profiles import set_default_profile

    name = _name(args, "default")
    set_default_profile(name)
    print(f"The default profile is now {name!r}.")
    return EXIT_OK


# -- check ---------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    if getattr(args, "name", None):
        args.profile = args.name
    return _check(args)


def _check(args: argparse.Namespace) -> int:
    """Resolve credentials like the app does, sign a token, GET /v1/apps?limit=1."""
    import asyncio

    from ..api.retry import RetryPolicy
    from ..errors import ApiError, NetworkError
    from .common import api_client, resolved_connection

    connection = resolved_connection(args)
    creds = connection.credentials
    assert creds is not None
    what = f"key {creds.key_id} ({creds.source}) at {connection.base_url}"

    async def call() -> None:
        async with api_client(args, connection) as client:
            client.retry = RetryPolicy(attempts=2, base_delay=0.2, max_delay=1.0)
            await client.get_json("/v1/apps", {"limit": "1", "fields[apps]": "name"})

    try:
        asyncio.run(call())
    except (ApiError, NetworkError) as error:
        _fail(*_check_failed(error, what), error)
        return exit_code_for(error)
    print(f"OK: {what} works.")
    return EXIT_OK


def _check_failed(error: AscError, what: str) -> tuple[str, str]:
    """``auth check``'s first line and hint for an error (the exit code is the one every
    command uses for it)."""
    from ..errors import AuthenticationError, ForbiddenError, NetworkError

    if isinstance(error, AuthenticationError):
        return (
            f"Rejected (401): {what} was not accepted.",
            "Check that the issuer ID and key ID belong to this key, that the key has not "
            "been revoked (App Store Connect → Users and Access → Integrations), and that "
            "this machine's clock is right.",
        )
    if isinstance(error, ForbiddenError):
        return (
            f"Forbidden (403): {what} is valid, but its role may not list apps.",
            "Ask an Admin for a key with a role that can read apps and their data (Admin, "
            "App Manager, Developer; analytics need Admin, Sales and Reports, or Finance).",
        )
    if isinstance(error, NetworkError):
        return (
            f"Network error: could not check {what}.",
            "Check the network connection, any proxy, and the base URL (--base-url, "
            "ASC_BASE_URL or the profile's).",
        )
    return f"The server answered with an error for {what}.", error.hint


def _fail(summary: str, hint: str, error: AscError) -> None:
    text = f"{summary}\n{error.message}\n{hint}"
    print(f"asc-tui: {visible(text, multiline=True)}", file=sys.stderr)
