#!/usr/bin/env bash
# Create .venv and install asc-tui into it (editable, with test tools). Safe to re-run:
# it reinstalls only when pyproject.toml changed. Sourced by demo.sh and test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "asc-tui needs Python 3.11 or newer; found: $("$PYTHON" --version 2>&1 || echo none)." >&2
  echo "Install it (e.g. apt-get install python3) or run with PYTHON=/path/to/python3.11." >&2
  exit 1
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "Installing python3-venv (needed to create .venv)…" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv .venv
  fi
fi

stamp=.venv/.asc-tui-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing asc-tui and its dependencies into .venv…" >&2
  .venv/bin/python -m pip install -q --disable-pip-version-check -U pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
  echo "$want" > "$stamp"
fi
