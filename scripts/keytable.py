"""The README's key table, generated from the key map (asc_tui/ui/keymap.py).

    .venv/bin/python scripts/keytable.py          # rewrite the table in README.md
    .venv/bin/python scripts/keytable.py --check  # exit 1 if README.md is out of date

The table sits between ``<!-- keys:start -->`` and ``<!-- keys:end -->``; a test runs
the check, so the README, the footer and `?` help cannot drift apart.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from asc_tui.ui.keymap import KEYS  # noqa: E402
from asc_tui.ui.keys import SCOPES, Key  # noqa: E402

START = "<!-- keys:start -->"
END = "<!-- keys:end -->"
README = ROOT / "README.md"

NAMES = {
    "slash": "/",
    "question_mark": "?",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "plus": "+",
    "escape": "Esc",
    "enter": "Enter",
    "space": "Space",
    "tab": "Tab",
    "delete": "Delete",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}


def key_names(keys: str) -> str:
    shown = []
    for name in keys.split(","):
        name = name.strip()
        if name.startswith("ctrl+"):
            shown.append("Ctrl+" + NAMES.get(name[5:], name[5:].upper()))
        else:
            shown.append(NAMES.get(name, name))
    return " / ".join(f"`{name}`" for name in shown)


def rows() -> list[tuple[str, str, str, str]]:
    """(where, key, does, id) for every key, grouped by where it applies."""
    seen: set[tuple[str, str, str]] = set()
    out: list[tuple[str, str, str, str]] = []
    for scope in SCOPES.values():
        keys: list[Key] = [key for key in KEYS if key.scope == scope.name]
        for key in keys:
            entry = (scope.title, key.keys, key.what)
            if entry in seen:
                continue
            seen.add(entry)
            out.append((scope.title, key_names(key.keys), key.what, key.id if key.remap else ""))
    return out


def table() -> str:
    lines = ["| where | key | does | id |", "|---|---|---|---|"]
    for where, keys, does, key_id in rows():
        cell = does.replace("|", "\\|")
        lines.append(f"| {where} | {keys} | {cell} | {f'`{key_id}`' if key_id else ''} |")
    return "\n".join(lines)


def render(readme: str) -> str:
    """``readme`` with the table between the markers replaced."""
    head, found, rest = readme.partition(START)
    if not found or END not in rest:
        raise SystemExit(f"README.md lacks {START} … {END}")
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{table()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if README.md is stale")
    args = parser.parse_args()
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if args.check:
        if current != wanted:
            print("README.md's key table is out of date: run scripts/keytable.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
