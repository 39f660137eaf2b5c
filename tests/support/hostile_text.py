"""Text a hostile server or file could send: terminal control sequences inside names,
symbols and error messages. Shared by the tests of the one sanitising boundary."""

from __future__ import annotations

import json
import re
from typing import Any

OSC_TITLE = "\x1b]0;PWNED-TITLE\x07"
OSC_CLIPBOARD = "\x1b]52;c;UFdORUQtQ0xJUEJPQVJE\x07"  # base64 of PWNED-CLIPBOARD
CLEAR_SCREEN = "\x1b[2J\x1b[H"
C1_CSI = "\x9b31m"
BIDI = "\u202egnp.exe"
EVIL_NAME = f"Evil{OSC_TITLE}{OSC_CLIPBOARD}{CLEAR_SCREEN}{C1_CSI}{BIDI}\r\nApp\x00end\x7f"
"""An app name using every trick at once: title, clipboard, clear screen, C1, bidi,
a line break, NUL and DEL."""

UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Anything a terminal might act on (everything but tab and printable text)."""


def unsafe_chars(text: str, *, allow_newline: bool = False) -> list[str]:
    found = UNSAFE.findall(text)
    return [c for c in found if not (allow_newline and c == "\n")]


def apps_document(names: list[str]) -> bytes:
    """A JSON:API page of apps with these names (ids 1, 2, …)."""
    data = [
        {
            "type": "apps",
            "id": str(n),
            "attributes": {"name": name, "bundleId": f"com.example.app{n}", "sku": f"SKU{n}"},
        }
        for n, name in enumerate(names, start=1)
    ]
    return json.dumps({"data": data, "links": {"self": "http://x/v1/apps"}}).encode()


def error_document(status: int, title: str, detail: str) -> bytes:
    error = {"status": str(status), "code": "NOT_FOUND", "title": title, "detail": detail}
    return json.dumps({"errors": [error]}).encode()


def logs_document(symbol: str, binary: str, detail: str) -> dict[str, Any]:
    """A diagnostic logs document: one log whose root frame is ``symbol`` in ``binary``,
    with one child frame, and ``detail`` as the event detail and the insight."""
    child = {
        "sampleCount": 7,
        "isBlameFrame": True,
        "symbolName": "AfterTheEvilFrame",
        "binaryName": "Plain",
        "address": "0x10",
        "offsetIntoBinaryTextSegment": "16",
    }
    root = {
        "sampleCount": 7,
        "isBlameFrame": False,
        "symbolName": symbol,
        "binaryName": binary,
        "address": "0x1f6a339c8",
        "offsetIntoBinaryTextSegment": "7289288",
        "subFrames": [child],
    }
    log = {
        "diagnosticMetaData": {
            "event": "hang",
            "osVersion": f"iOS{CLEAR_SCREEN}26",
            "appVersion": "4.5",
            "buildVersion": "953",
            "deviceType": "iPhone15,3",
            "eventDetail": detail,
        },
        "callStackTree": [
            {"callStackPerThread": True, "callStacks": [{"callStackRootFrames": [root]}]}
        ],
    }
    insight = {"insightsCategory": f"IO{OSC_TITLE}", "insightsString": detail, "insightsURL": ""}
    product = {"signatureId": "sig", "diagnosticInsights": [insight], "diagnosticLogs": [log]}
    return {"version": "1.0.0", "productData": [product]}
