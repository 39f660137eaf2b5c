"""Every key of the browser, declared once, as data (see ``keys.py``), and what is drawn
from it.

Screens and widgets take their ``BINDINGS`` from :func:`bindings`; the footer ranks its
hints with :func:`rank`; `?` help, the command palette and the README's key table
(``scripts/keytable.py``) are drawn from :data:`KEYS`; a user's ``"keys"`` in
``config.json`` is checked by :func:`user_keymap`.

One meaning per key: a key bound in several non-modal scopes has the same ``id`` in all
of them (a test checks it), so `e` exports wherever it works and `/` filters everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.binding import Binding, BindingType

from .keys import GENERIC, SCOPES, Key
from .keys_browsing import BROWSING_KEYS
from .keys_dialogs import DIALOG_KEYS
from .keys_viewers import VIEWER_KEYS

KEYS: tuple[Key, ...] = (*BROWSING_KEYS, *VIEWER_KEYS, *DIALOG_KEYS)


def bindings(scope: str) -> list[BindingType]:
    """The ``BINDINGS`` of ``scope``, with ids so a user keymap can move them."""
    if scope not in SCOPES:
        raise KeyError(scope)
    return [
        Binding(
            key.keys,
            key.action,
            key.description,
            show=key.show,
            priority=key.priority,
            tooltip=key.explanation,
            id=key.id if key.remap else None,
        )
        for key in KEYS
        if key.scope == scope and key.id != "palette"
    ]


def _lowest(pairs: Iterable[tuple[object, int]]) -> dict[object, int]:
    lowest: dict[object, int] = {}
    for key, value in pairs:
        lowest[key] = min(value, lowest.get(key, value))
    return lowest


_RANKS = _lowest(((key.action, key.description), key.rank) for key in KEYS)
_RANK_BY_ACTION = _lowest((key.action, key.rank) for key in KEYS)


def rank(binding: Binding) -> int:
    """How much the footer wants to keep ``binding`` (lower first): by its action and
    footer word, which every key-map binding has (ids are left off keys that cannot
    move); the lowest where several scopes share both."""
    found = _RANKS.get((binding.action, binding.description))
    if found is None:
        found = _RANK_BY_ACTION.get(binding.action, GENERIC + 1)
    return found


_NEEDS = {(key.action, key.description, key.explanation): key.needs for key in KEYS if key.needs}


def needs(binding: Binding) -> str:
    """When ``binding`` acts, as the key map says ("needs a selected app"; "" if it does
    not say)."""
    return _NEEDS.get((binding.action, binding.description, binding.tooltip), "")


OPENS_INPUT: frozenset[str] = frozenset(key.action for key in KEYS if key.opens_input)
"""Actions that open a text field: the app routes the keys after them into it."""


def remappable_ids() -> frozenset[str]:
    return frozenset(key.id for key in KEYS if key.remap)


def user_keymap(raw: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """A ``config.json`` ``"keys"`` object as a Textual keymap, and what was wrong with it.

    Values are key names (``"x"``, ``"ctrl+e"``) or lists of them; unknown ids, keys
    that are not strings, and ids that cannot be moved are reported, not applied."""
    keymap: dict[str, str] = {}
    problems: list[str] = []
    known = remappable_ids()
    for key_id, value in raw.items():
        if key_id not in known:
            problems.append(f"unknown key id {key_id!r}")
            continue
        names: Iterable[object] = value if isinstance(value, list) else [value]
        names = list(names)
        if not names or not all(isinstance(name, str) and name.strip() for name in names):
            problems.append(f"{key_id!r}: give a key name or a list of key names")
            continue
        keymap[key_id] = ",".join(str(name).strip() for name in names)
    return keymap, problems
