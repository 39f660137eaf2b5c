"""The one place the UI and the CLI get data from: what has been loaded, and from where."""

from .store import Store

__all__ = ["Store"]
