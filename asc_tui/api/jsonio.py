"""JSON from the API and in saved logs: any depth on every supported Python, and a message
that says what is wrong with a document that cannot be read.

Reading and writing go through :mod:`asc_tui.deepjson`: the standard ``json`` module for
most documents, and no depth limit for call stacks thousands of frames deep.
"""

from __future__ import annotations

import json
from typing import Any

from .. import deepjson
from ..errors import ResponseFormatError
from .gcpause import paused_gc


def loads(content: bytes | str, *, source: str = "The server's answer") -> Any:
    """Parse a JSON document of any depth. ResponseFormatError, whose message starts with
    ``source``, says what is wrong with one that is cut off or not JSON."""
    with paused_gc():  # a big log is a million objects: see gcpause
        try:
            return deepjson.loads(content)
        except json.JSONDecodeError as error:
            raise ResponseFormatError(f"{source} {problem(error)}.") from None
        except UnicodeDecodeError as error:
            raise ResponseFormatError(
                f"{source} is not valid JSON: it is not UTF-8 text "
                f"(byte 0x{error.object[error.start]:02x} at offset {error.start:,})."
            ) from None


def problem(error: json.JSONDecodeError) -> str:
    """What is wrong with a document, as the end of a sentence that names it."""
    text = error.doc
    if not text.strip():
        return "is empty"
    if error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string"):
        return (
            f"is cut off: it ends after {len(text):,} characters, "
            "in the middle of an object, array or string"
        )
    return (
        f"is not valid JSON: {error.msg.lower()} at line {error.lineno:,}, column {error.colno:,}"
    )


def dumps(value: Any, *, ensure_ascii: bool = True) -> str:
    """``json.dumps(value)`` for a value of any depth."""
    return deepjson.dumps(value, ensure_ascii=ensure_ascii)
