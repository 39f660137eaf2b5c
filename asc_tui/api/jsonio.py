"""JSON from the API and in saved logs: any depth on every supported Python, and a message
that says what is wrong with a document that cannot be read.

Reading and writing go through :mod:`asc_tui.deepjson`: the standard ``json`` module for
most documents, and no depth limit for call stacks thousands of frames deep.

A document whose reader needs only some of it (a page of 200 builds is 250 kB, most of it
links no one reads) can be read with a *shape*: a ``TypedDict`` naming the members kept,
whose values are then what ``json`` would have made of them. msgspec reads it in C and
skips the rest without building it (4 to 7 times faster than ``json.loads``); a document
that does not fit the shape, or that msgspec refuses (``NaN``, a lone surrogate), is read
whole by ``json`` as before, so the result differs only in what is left out. Importing
msgspec costs as much as reading about ten such pages with ``json``, so a process reads
its first :data:`SHAPED_AFTER_BYTES` of shaped documents with ``json``: a short list never
pays for the import, a long one soon makes up for it.
"""

from __future__ import annotations

import functools
import json
import sys
from typing import TYPE_CHECKING, Any

from .. import deepjson
from ..errors import ResponseFormatError
from .gcpause import paused_gc

if TYPE_CHECKING:
    import msgspec

SHAPED_AFTER_BYTES = 2 * 1024 * 1024
"""Shaped documents read with ``json`` before msgspec is imported (see the module's notes)."""
_read_whole = 0
"""Bytes of shaped documents read with ``json`` so far (threads may miss a count: harmless)."""


def _shaped_now(size: int) -> bool:
    """Whether to read a shaped document of ``size`` bytes with msgspec."""
    global _read_whole
    if _read_whole >= SHAPED_AFTER_BYTES or "msgspec" in sys.modules:
        return True
    _read_whole += size
    return False


def loads(
    content: bytes | str,
    *,
    source: str = "The server's answer",
    shape: type | None = None,
    object_hook: deepjson.ObjectHook | None = None,
) -> Any:
    """Parse a JSON document of any depth. ResponseFormatError, whose message starts with
    ``source``, says what is wrong with one that is cut off or not JSON. With ``shape``, a
    large document keeps only what the shape names (see the module's notes)."""
    if shape is not None and _shaped_now(len(content)):
        shaped = loads_shaped(content, shape)
        if shaped is not None:
            return shaped
    with paused_gc():  # a big log is a million objects: see gcpause
        try:
            return deepjson.loads(content, object_hook=object_hook)
        except json.JSONDecodeError as error:
            raise ResponseFormatError(f"{source} {problem(error)}.") from None
        except UnicodeDecodeError as error:
            raise _not_text(error, source) from None


def text_of(content: bytes, *, source: str = "The server's answer") -> str:
    """A JSON document's text, decoded as ``json.loads`` decodes bytes (UTF-8, -16 or -32,
    a UTF-8 byte order mark dropped); ResponseFormatError for bytes that are not text."""
    try:
        return content.decode(json.detect_encoding(content), "surrogatepass")
    except UnicodeDecodeError as error:
        raise _not_text(error, source) from None


def _not_text(error: UnicodeDecodeError, source: str) -> ResponseFormatError:
    return ResponseFormatError(
        f"{source} is not valid JSON: it is not UTF-8 text "
        f"(byte 0x{error.object[error.start]:02x} at offset {error.start:,})."
    )


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


def loads_shaped(content: bytes | str, shape: type) -> Any | None:
    """``content`` read into ``shape`` (a ``TypedDict``); None when it does not fit."""
    import msgspec

    with paused_gc():
        try:
            return _decoder(shape).decode(content)
        except (msgspec.ValidationError, msgspec.DecodeError):
            return None


@functools.cache
def _decoder(shape: type) -> msgspec.json.Decoder[Any]:
    import msgspec

    return msgspec.json.Decoder(shape)
