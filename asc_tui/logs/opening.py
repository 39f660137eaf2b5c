"""A big logs document opened from its first part, for a saved file (``files``) and for a
body fetched from the API (``open_logs_body``) alike.

A document of FIRST_PART_FROM bytes or more is not parsed whole before it is shown: its
first FIRST_PART characters are closed into a document of their own
(``deepjson.prefix``) and parsed at once, its last frames marked as not read whole yet;
the whole is read by ``OpenedLogs.rest`` (in a thread), straight into frames, never held
as JSON objects too (``frame_hook``).
"""

from __future__ import annotations

import codecs
import json
import zlib
from collections.abc import Callable
from typing import Any, NamedTuple

from .. import deepjson
from ..api import jsonio
from ..api.diagnostic_logs import DiagnosticLogsDocument, frame_hook, unread_frames_hook
from ..errors import ResponseFormatError

FIRST_PART_FROM = 2 * 1024 * 1024
"""Documents this large (bytes) are shown from their first part while the rest is read."""
FIRST_PART = 128 * 1024
"""Characters of a big document parsed before it is shown: the first screens of its frames."""
FIRST_PART_READ = 2 * FIRST_PART
"""Bytes read for the first part: room for the frame that ends it."""
TAIL = 64
"""Bytes at the end looked at first: a document cut off is not opened from its first part."""

ReadRest = Callable[[], tuple[Any, DiagnosticLogsDocument]]
"""Reads a big document whole: its JSON (or what stands for it, for saving) and document."""


class OpenedLogs(NamedTuple):
    """A logs document as opened: read whole (``rest`` None), or — a big one — from its
    first part only (``raw`` None; ``document`` holds what that part holds, its last
    frames without their callees), the whole read by ``rest()``: call it in a thread."""

    raw: Any
    document: DiagnosticLogsDocument
    rest: ReadRest | None = None


def first_part(head: bytes, tail: bytes) -> DiagnosticLogsDocument | None:
    """The document of the first FIRST_PART characters of a big document whose first
    FIRST_PART_READ bytes are ``head`` and last bytes ``tail``; None when it does not end
    as a JSON object does (cut off), or its first part does not read as a logs document's:
    reading it whole then says what is wrong."""
    if not tail.rstrip(b" \t\n\r").endswith(b"}"):
        return None
    try:
        decoder = codecs.getincrementaldecoder(json.detect_encoding(head))("surrogatepass")
        text = decoder.decode(head)  # (a character cut at the end waits: it is left out)
    except UnicodeDecodeError:
        return None
    return _first_part(text)


_UNFINISHED = " asc-tui: not read yet"
"""The key added to the objects the first part ends (no logs document has it)."""


def _first_part(text: str) -> DiagnosticLogsDocument | None:
    first = deepjson.prefix(text, FIRST_PART, unfinished=f'"{_UNFINISHED}": true')
    if first is None:
        return None
    try:
        raw = jsonio.loads(first, object_hook=unread_frames_hook(_UNFINISHED))
    except ResponseFormatError:
        return None
    if not is_logs_json(raw):
        return None
    return DiagnosticLogsDocument.from_json(raw)


def is_logs_json(raw: Any) -> bool:
    return isinstance(raw, dict) and isinstance(raw.get("productData"), list)


def read_frames(content: str | bytes, source: str) -> Any:
    """A logs document's JSON with each frame's object read straight into its ``Frame``
    (``frame_hook``); ResponseFormatError (whose message starts with ``source``) for one
    that is not JSON."""
    return jsonio.loads(content, source=source, object_hook=frame_hook())


class ReceivedLogs:
    """A logs document's body as the server sent it, standing for its JSON: saving writes
    it as it came. It is read again only to be saved, so it is kept packed (zlib's fastest
    level: a log's JSON to about a fourteenth, 25 MB in about 70 ms): what a log read
    whole costs is its frames, not its text too."""

    __slots__ = ("_packed",)

    def __init__(self, body: bytes) -> None:
        self._packed = zlib.compress(body, 1)

    def text(self) -> str:
        return jsonio.text_of(zlib.decompress(self._packed))


def open_logs_body(body: bytes) -> OpenedLogs:
    """A logs document fetched from the API: a big one from its first part (see
    ``OpenedLogs``), a small one read whole. ResponseFormatError for one that is not JSON
    (a big one whose first part reads: from ``rest()``). Give it the only reference to
    ``body``: reading it whole lets the body go once its text is decoded."""
    if len(body) >= FIRST_PART_FROM:
        first = first_part(body[:FIRST_PART_READ], body[-TAIL:])
        if first is not None:
            return OpenedLogs(None, first, _ReadBody(body))
    return OpenedLogs(*_ReadBody(body)())


class _ReadBody:
    """``OpenedLogs.rest`` of a fetched body: its JSON read straight into frames; the body
    is let go (packed: ``ReceivedLogs``) as soon as its text is decoded, so that reading it
    holds the text and the frames, not the body as well."""

    __slots__ = ("_body", "_received")

    def __init__(self, body: bytes) -> None:
        self._body: bytes | None = body
        self._received: ReceivedLogs | None = None

    def __call__(self) -> tuple[ReceivedLogs, DiagnosticLogsDocument]:
        body, self._body = self._body, None
        if body is not None:
            self._received = ReceivedLogs(body)
            text = jsonio.text_of(body, source=SOURCE)
            del body
        else:  # read again
            assert self._received is not None
            text = self._received.text()
        raw = read_frames(text, SOURCE)
        del text
        return self._received, DiagnosticLogsDocument.from_json(raw)


SOURCE = "The server's answer"
