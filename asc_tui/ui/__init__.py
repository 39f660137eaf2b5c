"""Everything Textual: the app, its screens, widgets, stylesheet and command palette."""

from __future__ import annotations

from .app import AscApp

__all__ = ["AscApp"]
