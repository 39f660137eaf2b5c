"""JSON that may nest deeply: call stacks thousands of frames deep exceed the default
recursion limit of the standard ``json`` module, which would raise RecursionError."""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from ..errors import ResponseFormatError
from .gcpause import paused_gc

DEEP_LIMIT = 60_000
"""Recursion limit while (de)serialising: about 20,000 nested frames (3 levels each)."""

_lock = threading.Lock()
T = TypeVar("T")


def _deep(fn: Callable[[], T]) -> T:
    with _lock:
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(max(old, DEEP_LIMIT))
        try:
            return fn()
        finally:
            sys.setrecursionlimit(old)


def loads(content: bytes | str) -> Any:
    """Parse JSON of any reasonable depth; raise ResponseFormatError for bad or absurd input."""
    with paused_gc():  # a big log is a million objects: see gcpause
        return _loads(content)


def _loads(content: bytes | str) -> Any:
    try:
        return json.loads(content)
    except RecursionError:
        pass
    except (ValueError, UnicodeDecodeError):
        raise ResponseFormatError(
            f"The server's answer was cut off or is not valid JSON ({len(content)} bytes received)."
        ) from None
    try:
        return _deep(lambda: json.loads(content))
    except RecursionError:
        raise ResponseFormatError(
            "The document nests more deeply than asc-tui can read "
            f"(over {DEEP_LIMIT // 3:,} levels)."
        ) from None


def dumps(value: Any, **kwargs: Any) -> str:
    """``json.dumps`` that copes with deeply nested call stacks."""
    try:
        return json.dumps(value, **kwargs)
    except RecursionError:
        return _deep(lambda: json.dumps(value, **kwargs))
