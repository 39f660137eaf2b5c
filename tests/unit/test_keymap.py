"""The key map as data: one meaning per key, every declared key bound where it says and
to an action that exists, the README's table drawn from it, users' keymaps checked."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path
from typing import Any, TypeVar

from textual.binding import Binding
from textual.dom import DOMNode

import asc_tui.ui
from asc_tui.ui import AscApp
from asc_tui.ui.keymap import KEYS, bindings, rank, user_keymap
from asc_tui.ui.keys import OPEN, PRIMARY, SCOPES

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]


def ui_classes() -> list[type[DOMNode]]:
    """Every screen, widget and the app in asc_tui.ui that declares its own BINDINGS."""
    found: dict[str, type[DOMNode]] = {}
    for info in pkgutil.walk_packages(asc_tui.ui.__path__, "asc_tui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            own = cls.__module__.startswith("asc_tui.ui") and "BINDINGS" in vars(cls)
            if own and issubclass(cls, DOMNode):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def test_one_meaning_per_key_outside_dialogs() -> None:
    meanings: dict[str, set[str]] = {}
    for key in KEYS:
        if SCOPES[key.scope].modal:
            continue  # y is "yes" in a question, Esc closes a dialog
        for name in key.keys.split(","):
            meanings.setdefault(name, set()).add(key.id)
    clashes = {name: ids for name, ids in meanings.items() if len(ids) > 1}
    assert clashes == {}
    # the clashes users met: m, e, s, c and / meant different things on different screens
    assert meanings["m"] == {"mark"} and meanings["M"] == {"app_metrics"}
    assert meanings["e"] == {"export"} and meanings["slash"] == {"filter"}
    assert meanings["s"] == {"sort"} and meanings["c"] == {"compare"}


def test_every_declared_key_is_bound_where_it_says_to_an_action_that_exists() -> None:
    bound: set[tuple[str, str, str]] = set()
    for cls in ui_classes():
        own = vars(cls)["BINDINGS"]
        for item in own:
            assert isinstance(item, Binding), f"{cls.__name__}: keys come from the key map"
            if not item.tooltip:
                continue
            name = item.action.split("(", 1)[0]
            owner: type[DOMNode] = AscApp if name.startswith("app.") else cls
            name = name.removeprefix("app.")
            assert callable(getattr(owner, f"action_{name}", None)), (cls.__name__, name)
            bound.add((item.key, item.action, item.description))
    declared = {(key.keys, key.action, key.description) for key in KEYS if key.id != "palette"}
    # every key in help and the README is bound somewhere: none is documented only
    assert declared <= bound, declared - bound


def test_every_scope_is_used_and_bindings_carry_ids_for_remapping() -> None:
    used = {key.scope for key in KEYS}
    assert used == set(SCOPES)
    export = [b for b in bindings("tsv") if isinstance(b, Binding) and b.action == "export"]
    assert [b.id for b in export] == ["export"]
    escape = [b for b in bindings("browser") if isinstance(b, Binding) and b.key == "escape"]
    assert [b.id for b in escape] == [None]  # Esc cannot be moved away


def test_a_users_keymap_is_checked() -> None:
    keymap, problems = user_keymap({"export": "x", "refresh": ["r", "f5"], "back": "b", "nope": 1})
    assert keymap == {"export": "x", "refresh": "r,f5"}
    assert problems == ["unknown key id 'back'", "unknown key id 'nope'"]
    keymap, problems = user_keymap({"export": 3, "sort": []})
    assert keymap == {} and len(problems) == 2 and "'export'" in problems[0]


def test_the_readme_key_table_is_generated_from_the_key_map() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "keytable.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- keys:start -->", 1)[1].split("<!-- keys:end -->", 1)[0]
    for key in KEYS:
        assert key.what.replace("|", "\\|") in table, key.id


def test_enter_ranks_first_wherever_it_opens_something() -> None:
    for scope in ("table", "metrics_table", "calltree"):
        opens = [b for b in bindings(scope) if isinstance(b, Binding) and "enter" in b.key]
        assert opens and all(rank(b) == OPEN for b in opens), scope
    export = next(b for b in bindings("metrics") if isinstance(b, Binding) and b.key == "e")
    assert rank(export) == PRIMARY


def test_no_key_is_declared_to_open_rows_of_a_table_that_opens_none() -> None:
    """A table whose rows have nothing behind them (``opens = False``) never acts on Enter,
    so no Enter of its own may be declared: help, the palette and the README would list a
    key that does nothing."""
    import asc_tui.ui.widgets as widgets
    from asc_tui.ui.widgets.item_table import ItemTable

    for info in pkgutil.iter_modules(widgets.__path__, "asc_tui.ui.widgets."):
        importlib.import_module(info.name)
    tables: list[type[ItemTable[Any]]] = [ItemTable, *_subclasses(ItemTable)]
    closed = [table for table in tables if not table.opens]
    assert closed, "no table that opens nothing: the test checks nothing"
    for table in closed:
        own = table.__dict__.get("BINDINGS", [])
        enter = [b for b in own if isinstance(b, Binding) and "enter" in b.key.split(",")]
        assert not enter, table.__name__


def _subclasses(cls: type[T]) -> list[type[T]]:
    found: list[type[T]] = []
    for sub in cls.__subclasses__():
        found.extend([sub, *_subclasses(sub)])
    return found


def test_the_readme_names_the_key_that_adds_a_profile_in_the_switcher() -> None:
    import re

    add = next(key for key in KEYS if key.scope == "profiles" and key.id == "new")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = re.findall(r"`([^`]+)` adds another", readme)
    assert named and add.keys == "plus" and set(named) == {"+"}
