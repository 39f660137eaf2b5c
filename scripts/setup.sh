#!/usr/bin/env bash
# Create a virtual environment and install asc-tui into it (editable, with test tools).
# Safe to re-run: it reinstalls only when pyproject.toml changed. Used by demo.sh and test.sh.
#   PYTHON  the interpreter to build it from (default: python3)
#   VENV    where (default: .venv, the one demo.sh runs)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
if ! "$PYTHON" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
  echo "asc-tui needs Python 3.11, 3.12 or 3.13; found: $("$PYTHON" --version 2>&1 || echo none)." >&2
  echo "Install one (e.g. apt-get install python3) or run with PYTHON=/path/to/python3.13." >&2
  exit 1
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    echo "Installing python3-venv (needed to create $VENV)…" >&2
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null
    "$PYTHON" -m venv "$VENV"
  fi
fi

stamp=$VENV/.asc-tui-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing asc-tui and its dependencies into $VENV…" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -U pip
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -e '.[dev]'
  echo "$want" > "$stamp"
fi
