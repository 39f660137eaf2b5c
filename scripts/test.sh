#!/usr/bin/env bash
# Set up everything the tests need and run every check: ruff, mypy, and the whole
# pytest suite (unit, demo server over HTTP, Textual pilot, tmux end-to-end, real
# GNOME Keyring). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# System tools the tests drive for real: tmux (end-to-end), GNOME Keyring in a private
# D-Bus session (credentials), rsvg-convert (screenshots).
need=()
command -v tmux >/dev/null || need+=(tmux)
command -v gnome-keyring-daemon >/dev/null || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null || need+=(dbus-daemon)
command -v dbus-send >/dev/null || need+=(dbus-x11)
command -v secret-tool >/dev/null || need+=(libsecret-tools)
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing system packages: ${need[*]}…" >&2
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bash scripts/setup.sh

echo "== ruff" >&2
.venv/bin/ruff check asc_tui tests benchmarks scripts
.venv/bin/ruff format --check asc_tui tests benchmarks scripts
echo "== mypy" >&2
.venv/bin/mypy
echo "== import contracts" >&2
.venv/bin/lint-imports
echo "== pytest" >&2
exec .ci/with-keyring .venv/bin/python -m pytest "$@"
