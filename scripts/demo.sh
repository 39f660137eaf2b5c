#!/usr/bin/env bash
# Set up .venv (first run only) and start asc-tui on its built-in demo server:
# no Apple account, no keyring, no network. Extra arguments go to asc-tui.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
exec .venv/bin/asc-tui --demo "$@"
