"""Where the last session ended: kept per server and key, nothing written for a session
that stayed at Apps, a damaged file read as "start at Apps"."""

from __future__ import annotations

from pathlib import Path

from asc_tui.store.last_place import FILE_NAME, Place, load_place, save_place


def test_places_per_namespace_and_nothing_written_at_apps(tmp_path: Path) -> None:
    save_place("a k1", None, tmp_path)
    assert not (tmp_path / FILE_NAME).exists()
    save_place("a k1", Place("1", "b", "metrics"), tmp_path)
    save_place("a k2", Place("2"), tmp_path)
    assert load_place("a k1", tmp_path) == Place("1", "b", "metrics")
    assert load_place("a k2", tmp_path) == Place("2")
    save_place("a k1", None, tmp_path)
    assert load_place("a k1", tmp_path) is None
    assert load_place("a k2", tmp_path) == Place("2")


def test_a_damaged_or_foreign_file_means_start_at_apps(tmp_path: Path) -> None:
    path = tmp_path / FILE_NAME
    for text in ("{", '{"version": 99, "places": {"a": {"app_id": "1"}}}', "[]"):
        path.write_text(text)
        assert load_place("a", tmp_path) is None
    path.write_text('{"version": 1, "places": {"a": {"app_id": "1", "pane": "evil"}}}')
    assert load_place("a", tmp_path) == Place("1", None, None)
