"""Where the last session ended (app → build → pane), per server and API key ID, so the
next one starts there. A small JSON file in the state folder; identifiers only, never a
secret. A missing, unreadable or foreign file means "start at Apps"."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..files.atomic import write_text_atomically
from ..files.locations import state_dir

FILE_NAME = "last-place.json"
FORMAT_VERSION = 1
PANES = ("metrics", "signatures")


@dataclass(frozen=True)
class Place:
    """Where a session ended: the app and build open, and the focused pane."""

    app_id: str
    build_id: str | None = None
    pane: str | None = None
    """Which pane of the build screen had the focus ("metrics" or "signatures")."""


def _path(folder: Path | None) -> Path:
    return (folder or state_dir()) / FILE_NAME


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        return {}
    places = data.get("places")
    return places if isinstance(places, dict) else {}


def load_place(namespace: str, folder: Path | None = None) -> Place | None:
    item = _read(_path(folder)).get(namespace)
    if not isinstance(item, dict):
        return None
    app_id, build_id, pane = item.get("app_id"), item.get("build_id"), item.get("pane")
    if not isinstance(app_id, str) or not app_id:
        return None
    return Place(
        app_id,
        build_id if isinstance(build_id, str) and build_id else None,
        pane if pane in PANES else None,
    )


def save_place(namespace: str, place: Place | None, folder: Path | None = None) -> None:
    """Remember ``place`` (None: the Apps screen); a file that cannot be written is
    skipped (the next session starts at Apps)."""
    path = _path(folder)
    places = _read(path)
    if place is None:
        if namespace not in places:
            return  # a session that stayed at Apps writes nothing
        del places[namespace]
    else:
        places[namespace] = asdict(place)
    text = json.dumps({"version": FORMAT_VERSION, "places": places}, indent=1) + "\n"
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_text_atomically(path, text)
    except OSError:
        pass
