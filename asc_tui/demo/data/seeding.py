"""Deterministic randomness and identifiers: everything the demo serves is derived from
string keys through SHA-256, so two servers (or two runs) produce identical data."""

from __future__ import annotations

import hashlib
import random
import uuid

DEMO_SEED = "asc-tui demo v1"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://asc-tui.invalid/demo")


def _digest(parts: tuple[object, ...]) -> bytes:
    text = "\x1f".join([DEMO_SEED, *(str(p) for p in parts)])
    return hashlib.sha256(text.encode()).digest()


def rng(*parts: object) -> random.Random:
    """A ``random.Random`` seeded from ``parts`` (and nothing else)."""
    return random.Random(int.from_bytes(_digest(parts)[:8], "big"))


def stable_uuid(*parts: object) -> str:
    """A UUID (version 5) that depends only on ``parts``; lower case like Apple's build IDs."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def hex_digest(*parts: object, length: int = 32) -> str:
    """``length`` hex digits (≤ 64) that depend only on ``parts``."""
    return _digest(parts).hex()[:length]
