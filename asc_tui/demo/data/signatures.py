"""Diagnostic signatures of a build: which code causes its disk writes, hangs and slow
launches, with Apple-style weights and trend insights. Signature IDs are 66 hex digits
that encode the build and the signature's position, so logs need no global index."""

from __future__ import annotations

import functools
import hmac
import math
import uuid
from dataclasses import dataclass, field
from typing import Any

from .builds import BuildRecord, app_spec, build_by_id, builds_of
from .catalog import AppSpec
from .landmarks import EMPTY_METRICS_BUILD_ID
from .seeding import hex_digest, rng
from .symbol_catalog import APP, BLAME_SITES, BlameSite

DIAGNOSTIC_TYPES: tuple[str, ...] = ("DISK_WRITES", "HANGS", "LAUNCHES")
_PER_TYPE = {"DISK_WRITES": (3, 5), "HANGS": (4, 7), "LAUNCHES": (2, 3)}


@dataclass(frozen=True)
class SignatureRecord:
    id: str
    build_id: str
    index: int
    diagnostic_type: str
    site: BlameSite
    binary: str
    """The blame frame's binary, resolved (the app's executable for ``APP``)."""
    symbol: str
    """The blame frame's symbol, with the app's nouns filled in."""
    offset: int
    weight: float
    insight: dict[str, Any] | None = field(default=None, hash=False, compare=False)
    """DiagnosticInsight (not part of the hash: the ID identifies a signature)."""

    @property
    def signature(self) -> str:
        return f"{self.binary}: {self.symbol} + {self.offset}"


def fill(app: AppSpec, text: str) -> str:
    return text.replace("{A}", app.nouns[0]).replace("{B}", app.nouns[1])


def binary_name(app: AppSpec, binary: str) -> str:
    return app.binary if binary == APP else binary


def signature_id(build_id: str, index: int) -> str:
    return f"{uuid.UUID(build_id).hex}{index:02x}{hex_digest('signature', build_id, index)}"


def parse_signature_id(value: str) -> tuple[BuildRecord, int] | None:
    """The build and position a signature ID stands for, or None if it is not one of ours."""
    if len(value) != 66 or any(c not in "0123456789abcdef" for c in value):
        return None
    build_id = str(uuid.UUID(value[:32]))
    index = int(value[32:34], 16)
    if not hmac.compare_digest(value, signature_id(build_id, index)):
        return None
    build = build_by_id(build_id)
    return (build, index) if build is not None else None


def blame_offset(app: AppSpec, version_index: int, site: BlameSite) -> int:
    """Offset of the blame frame into its symbol: moves between app versions for app code;
    system code is the same in every version (kernel traps sit 8 bytes in)."""
    binary, symbol = site.blame
    if binary == "libsystem_kernel.dylib":
        return 8
    if binary != APP:
        return 4 * rng("offset", binary, symbol).randint(2, 90)
    return 4 * rng("offset", app.app_id, version_index, symbol).randint(2, 300)


def _weights(r: Any, count: int) -> list[float]:
    """Shares of one diagnostic type, heaviest first, two decimals, summing to ≤ 1."""
    raw = sorted((r.expovariate(1.0) ** 1.7 + 0.02 for _ in range(count)), reverse=True)
    total = r.uniform(0.82, 0.98)
    weights = [max(0.01, math.floor(w / sum(raw) * total * 100) / 100) for w in raw]
    excess = sum(weights) - 1.0
    if excess > 0:
        weights[0] = round(weights[0] - excess, 2)
    return weights


def _insight(app: AppSpec, build: BuildRecord, weight: float, key: str) -> dict[str, Any] | None:
    r = rng("signature-insight", build.id, key)
    if build.version_index < 1 or r.random() < 0.3:
        return None
    first = max(0, build.version_index - 3)
    values = [round(weight * r.uniform(0.55, 1.35), 2) for _ in range(first, build.version_index)]
    refs = [{"version": app.versions[first + n], "value": value} for n, value in enumerate(values)]
    average = sum(values) / len(values)
    direction = "UP" if weight > average + 0.02 else "DOWN" if weight < average - 0.02 else None
    return {
        "insightType": "TREND",
        "direction": direction or "UNDEFINED",
        "referenceVersions": refs,
    }


@functools.lru_cache(maxsize=1024)
def signatures_for(build: BuildRecord) -> tuple[SignatureRecord, ...]:
    """The build's signatures, heaviest first (none for the build still processing)."""
    app = app_spec(build.app_id)
    if app is None or build.id == EMPTY_METRICS_BUILD_ID:
        return ()
    # The same code shows up in every build of a version; weights vary from build to build.
    chooser = rng("signature-sites", app.app_id, build.version_index)
    weigher = rng("signature-weights", build.id)
    found: list[tuple[str, BlameSite, float]] = []
    for kind in DIAGNOSTIC_TYPES:
        sites = [
            s
            for s in BLAME_SITES
            if s.diagnostic_type == kind and (not s.apps or app.binary in s.apps)
        ]
        picked = chooser.sample(sites, min(len(sites), chooser.randint(*_PER_TYPE[kind])))
        weights = _weights(weigher, len(picked))
        found.extend((kind, s, w) for s, w in zip(picked, weights, strict=True))
    found.sort(key=lambda item: (-item[2], item[1].blame[1]))
    records: list[SignatureRecord] = []
    for index, (kind, site, weight) in enumerate(found):
        offset = blame_offset(app, build.version_index, site)
        records.append(
            SignatureRecord(
                id=signature_id(build.id, index),
                build_id=build.id,
                index=index,
                diagnostic_type=kind,
                site=site,
                binary=binary_name(app, site.blame[0]),
                symbol=fill(app, site.blame[1]),
                offset=offset,
                weight=weight,
                insight=_insight(app, build, weight, site.blame[1]),
            )
        )
    return tuple(records)


def signature_by_id(value: str) -> SignatureRecord | None:
    parsed = parse_signature_id(value)
    if parsed is None:
        return None
    build, index = parsed
    records = signatures_for(build)
    return records[index] if index < len(records) else None


def huge_log_signature(app_id: str) -> SignatureRecord | None:
    """The heaviest HANGS signature of the app's newest build (whose log is huge)."""
    builds = builds_of(app_id)
    if not builds:
        return None
    return next((s for s in signatures_for(builds[-1]) if s.diagnostic_type == "HANGS"), None)
