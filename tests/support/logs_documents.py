"""Diagnostic logs documents for tests of big saved logs, and small first parts for them."""

from __future__ import annotations

import random
from typing import Any

import pytest

from asc_tui.logs import opening


def small_first_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Logs files and bodies from 20 kB on are opened from their first 4 kB, read from
    their first 8 kB (see ``asc_tui.logs.opening``)."""
    monkeypatch.setattr(opening, "FIRST_PART_FROM", 20_000)
    monkeypatch.setattr(opening, "FIRST_PART", 4_000)
    monkeypatch.setattr(opening, "FIRST_PART_READ", 8_000)


def log_document(frames: int, *, callees_first: bool, seed: int = 3) -> dict[str, Any]:
    """Two threads, each a chain that branches; ``callees_first``: every frame's
    ``subFrames`` comes before its other fields in the text, as some writers order keys."""
    rng = random.Random(seed)
    made = 0

    def frame(parent: dict[str, Any] | None) -> dict[str, Any]:
        nonlocal made
        made += 1
        fields = {
            "symbolName": f"-[Worker step{made}:] {{{made}}} ✓ ÿ",  # (bytes cut in two)
            "binaryName": "App" if made % 3 else "UIKitCore",
            "address": f"0x{made:x}",
            "sampleCount": rng.randint(1, 9),
            "isBlameFrame": made == frames - 5,
        }
        node: dict[str, Any] = (
            {"subFrames": [], **fields} if callees_first else {**fields, "subFrames": []}
        )
        if parent is not None:
            parent["subFrames"].append(node)
        return node

    stacks = []
    for _thread in range(2):
        root = tip = frame(None)
        while made < frames // 2 * (_thread + 1):
            tip = frame(tip if rng.random() < 0.7 else root)
            if rng.random() < 0.3:
                frame(tip)
        stacks.append({"callStackRootFrames": [root]})
    return {
        "version": "1.0",
        "productData": [
            {
                "signatureId": "sig",
                "diagnosticLogs": [
                    {
                        "callStackTree": [{"callStackPerThread": True, "callStacks": stacks}],
                        "diagnosticMetaData": {"bundleId": "com.example.App"},
                    }
                ],
            }
        ],
    }
