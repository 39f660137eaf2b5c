"""Diagnostic logs beyond parsing: the collapsible call tree and frame classification.

No Textual here; the log viewer in ``asc_tui.ui`` renders what this package computes.
"""

from __future__ import annotations

from .calltree import CallTree, Row
from .classify import app_binary_names, is_app_binary, is_system_binary
from .frame_forest import ThreadInfo, labelled_stacks

__all__ = [
    "CallTree",
    "Row",
    "ThreadInfo",
    "app_binary_names",
    "is_app_binary",
    "is_system_binary",
    "labelled_stacks",
]
