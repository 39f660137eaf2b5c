"""``asc-tui auth doctor``: every check of :mod:`asc_tui.auth.doctor`, one line each (✓ fine,
✗ a problem and its fix, - does not apply), or ``--json``. Exit code 1 when something would
stop asc-tui from working, else 0."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .common import add_connection_flags, connection_for

DOCTOR_EXIT_CODES = "exit codes: 0 nothing stops asc-tui from working, 1 something does, 2 usage"


def register(commands: Any) -> None:
    doctor: argparse.ArgumentParser = commands.add_parser(
        "doctor",
        help="check this machine: credential stores, keyring, variables, files, clock, API",
        description="Check what asc-tui needs on this machine: which credential stores exist "
        "and which one would be used, D-Bus and Secret Service, the kernel keyring, ASC_* "
        "variables, the config and cache folders, and (one API request) the key, the clock "
        "against the API's and the rate-limit budget. Never shows a key.",
        epilog=DOCTOR_EXIT_CODES,
    )
    add_connection_flags(doctor, demo=False)
    doctor.add_argument("--json", action="store_true", help="JSON for scripts")
    doctor.set_defaults(run=run_doctor)


def run_doctor(args: argparse.Namespace) -> int:
    from ..auth.doctor import diagnose, exit_code

    findings = diagnose(connection_for(args))
    code = exit_code(findings)
    if args.json:
        document = {"ok": code == 0, "checks": [f.to_json() for f in findings]}
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
        return code
    for finding in findings:
        for line in finding.lines():
            print(line)
    stopping = [f.name for f in findings if f.fatal and f.ok is False]
    if stopping:
        print("These stop asc-tui from working: " + ", ".join(stopping) + ".")
    else:
        print("Nothing here stops asc-tui from working.")
    return code
