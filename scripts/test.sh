#!/usr/bin/env bash
# Set up everything the tests need and run every check: ruff, mypy and the import
# contracts once, then the whole pytest suite (unit, demo server over HTTP, Textual pilot,
# tmux end-to-end, real GNOME Keyring) on each supported Python: 3.11, 3.12 and 3.13, each
# in its own virtual environment. Every version runs even if an earlier one fails; the exit
# code is non-zero if any check or any version failed. Extra arguments go to pytest.
#   ASC_TUI_PYTHONS="3.12"   run the suite on these versions only (a quick local run)
# Interpreters: pythonX.Y on PATH, or a pyenv build (~/.pyenv/versions/X.Y.*). With CI=true
# a missing one is an error; otherwise it is skipped with a warning.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SUPPORTED="3.11 3.12 3.13"
VERSIONS=${ASC_TUI_PYTHONS:-$SUPPORTED}

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

# The interpreter for version X.Y: one that really runs as X.Y (a pyenv shim for a version
# that is not selected fails), from PATH first, then pyenv's builds, newest patch first.
find_python() {
  local want=$1 candidate
  local pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
  for candidate in \
    "$(command -v "python$want" || true)" \
    $(ls -d "$pyenv_root"/versions/"$want".*/bin/python"$want" 2>/dev/null | sort -V -r) \
    "/usr/bin/python$want" "/usr/local/bin/python$want"; do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    if [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$want" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

missing() {
  local version=$1
  cat >&2 <<MSG
Python $version is needed to test asc-tui but was not found (looked for python$version on
PATH and in ${PYENV_ROOT:-$HOME/.pyenv}/versions/$version.*). Install it, e.g. with
\`pyenv install $version\`, or your distribution's python$version and python$version-venv
packages (Debian 13 and Ubuntu 24.04 have 3.12 or 3.13; Debian 12 has only 3.11), or test
fewer versions with ASC_TUI_PYTHONS="3.11".
MSG
}

# The default environment (.venv, used by demo.sh, ruff and mypy) and its version.
bash scripts/setup.sh
default_version=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')

failed=()
echo "== ruff" >&2
.venv/bin/ruff check asc_tui tests benchmarks scripts || failed+=("ruff")
.venv/bin/ruff format --check asc_tui tests benchmarks scripts || failed+=("ruff format")
echo "== mypy" >&2
.venv/bin/mypy || failed+=("mypy")
echo "== import contracts" >&2
.venv/bin/lint-imports || failed+=("import contracts")

count() { { grep -oE "[0-9]+ ($1)\b" <<<"$result" || true; } | awk '{ n += $1 } END { print n + 0 }'; }

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
summary=()
passed_total=0
failed_total=0
for version in $VERSIONS; do
  case " $SUPPORTED " in
    *" $version "*) ;;
    *) echo "ASC_TUI_PYTHONS: $version is not a supported version ($SUPPORTED)." >&2
       failed+=("Python $version (unsupported)"); continue ;;
  esac
  if [ "$version" = "$default_version" ]; then
    venv=.venv
  elif python=$(find_python "$version"); then
    venv=.venv-$version
    PYTHON=$python VENV=$venv bash scripts/setup.sh || { failed+=("Python $version (setup)"); continue; }
  else
    missing "$version"
    if [ "${CI:-}" = "true" ]; then
      failed+=("Python $version (not installed)")
    else
      echo "Skipping Python $version (not installed; CI would fail here)." >&2
      summary+=("Python $version: skipped, not installed")
    fi
    continue
  fi
  full=$("$venv/bin/python" -c 'import sys; print(sys.version.split()[0])')
  echo "== pytest on Python $full ($venv)" >&2
  set +e
  .ci/with-keyring "$venv/bin/python" -m pytest "$@" 2>&1 | tee "$logs/$version.log"
  rc=${PIPESTATUS[0]}
  set -e
  # pytest's closing line, e.g. "2 failed, 347 passed, 1 skipped in 141.20s (0:02:21)"
  result=$( (grep -E '^(=+ )?[0-9]+ [a-z]+.* in [0-9.]+s' "$logs/$version.log" || true) |
    tail -n 1 | sed -E 's/^=+ //; s/ =+$//')
  passed_total=$((passed_total + $(count "passed")))
  failed_total=$((failed_total + $(count "failed|errors?")))
  echo "== pytest on Python $full: ${result:-no result} (exit $rc)" >&2
  summary+=("Python $full: ${result:-no result} (exit $rc)")
  [ "$rc" = 0 ] || failed+=("Python $full (pytest exit $rc)")
done

echo
echo "== summary"
for line in "${summary[@]}"; do echo "  $line"; done
if [ ${#failed[@]} -gt 0 ]; then
  echo "  FAILED: ${failed[*]}"
fi
echo "all: $passed_total passed, $failed_total failed"
[ ${#failed[@]} -eq 0 ]
