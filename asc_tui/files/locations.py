"""Where asc-tui keeps its files: the platform's config and cache folders (platformdirs).

``XDG_CONFIG_HOME`` / ``XDG_CACHE_HOME`` are honoured on every platform when set (so tests
and people who prefer XDG on macOS get what they asked for); otherwise the platform's own
folders are used. Nothing here creates a folder: writers do that when they write.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "asc-tui"
CONFIG_FILE_NAME = "config.json"
RESPONSE_CACHE_FILE_NAME = "responses.sqlite3"
"""The response cache's SQLite file, in :func:`cache_dir` (``store/response_cache.py``)."""


def _xdg(variable: str) -> Path | None:
    value = os.environ.get(variable, "").strip()
    return Path(value) / APP_NAME if value and Path(value).is_absolute() else None


def config_dir() -> Path:
    """Settings (profiles, default profile, base URLs). Never secrets."""
    from platformdirs import user_config_path

    return _xdg("XDG_CONFIG_HOME") or user_config_path(APP_NAME, appauthor=False)


def config_file() -> Path:
    return config_dir() / CONFIG_FILE_NAME


def cache_dir() -> Path:
    """Cached API responses. Never secrets or tokens."""
    from platformdirs import user_cache_path

    return _xdg("XDG_CACHE_HOME") or user_cache_path(APP_NAME, appauthor=False)


def data_dir() -> Path:
    """Files asc-tui writes for the user when there is no Downloads folder."""
    from platformdirs import user_data_path

    return _xdg("XDG_DATA_HOME") or user_data_path(APP_NAME, appauthor=False)


EXPORT_DIR_ENV = "ASC_TUI_EXPORT_DIR"


def saves_dir() -> Path:
    """Where exports and saved logs go: ``$ASC_TUI_EXPORT_DIR``, else the platform's
    Downloads folder when it exists, else asc-tui's data folder — never, silently, the
    current folder."""
    from platformdirs import user_downloads_path

    chosen = os.environ.get(EXPORT_DIR_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else data_dir() / "exports"


def downloads_dir() -> Path:
    """Where the TUI saves analytics reports: an ``asc-tui`` folder in the platform's
    Downloads folder, else ``downloads`` in asc-tui's data folder."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads / APP_NAME if downloads.is_dir() else data_dir() / "downloads"


def state_dir() -> Path:
    """What a session leaves for the next (where it was): ``$XDG_STATE_HOME/asc-tui`` or
    the platform's state folder. Never secrets."""
    from platformdirs import user_state_path

    return _xdg("XDG_STATE_HOME") or user_state_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """Crash reports (tracebacks without local variables; never secrets): the platform's
    log folder (``$XDG_STATE_HOME/asc-tui/log`` or ``~/.local/state/asc-tui/log`` on
    Linux, ``~/Library/Logs/asc-tui`` on macOS)."""
    from platformdirs import user_log_path

    state = _xdg("XDG_STATE_HOME")
    return state / "log" if state else user_log_path(APP_NAME, appauthor=False)
