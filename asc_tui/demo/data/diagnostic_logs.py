"""``diagnosticLogs`` documents for ``/v1/diagnosticSignatures/{id}/logs``: one to five
logs per signature, each with metadata and a call-stack tree (see call_stacks)."""

from __future__ import annotations

import functools
import random
from typing import Any

from .builds import BuildRecord, app_spec, build_by_id
from .call_stacks import BinaryImages, FrameTree
from .catalog import OS_VERSIONS, AppSpec, devices_for
from .landmarks import HUGE_LOG_SIGNATURE_ID
from .seeding import rng
from .signatures import SignatureRecord
from .symbol_catalog import (
    APP,
    APP_FILLER,
    IDLE_WORKER,
    LAUNCH_ENTRY,
    LOG_INSIGHTS,
    MAIN_QUEUE_ENTRY,
    MAIN_THREAD_PREFIX,
    RECURSIVE_APP_FRAMES,
    RUNLOOP_THREAD,
    SOURCE0_ENTRY,
    SYSTEM_FILLER,
    SYSTEM_LEAVES,
    WORKER_PREFIX,
    Sym,
)

DOCUMENT_VERSION = "1.0.0"
HUGE_LOG_MIN_FRAMES = 10_400
_EVENTS = {"DISK_WRITES": "disk writes", "HANGS": "hang", "LAUNCHES": "launch"}


def _filler(r: random.Random, count: int) -> list[Sym]:
    return [
        (APP, r.choice(APP_FILLER)) if r.random() < 0.45 else r.choice(SYSTEM_FILLER)
        for _ in range(count)
    ]


def _branch(r: random.Random) -> list[Sym]:
    return [*_filler(r, r.randint(0, 4)), r.choice(SYSTEM_LEAVES)]


def _main_path(sig: SignatureRecord, r: random.Random, huge: bool) -> list[Sym]:
    """Frames from the thread's entry point down to the frame calling the blame frame."""
    site = sig.site
    if sig.diagnostic_type == "DISK_WRITES":
        head = list(WORKER_PREFIX)
    elif sig.diagnostic_type == "LAUNCHES":
        head = [*MAIN_THREAD_PREFIX[:4], *LAUNCH_ENTRY]
    else:
        entry = MAIN_QUEUE_ENTRY if r.random() < 0.5 else SOURCE0_ENTRY
        head = [*MAIN_THREAD_PREFIX, *entry]
    depth = r.randint(30, 60)
    fixed = len(head) + len(site.callers) + 1 + len(site.tail)
    middle = _filler(r, max(2, depth - fixed))
    if huge:
        middle.extend((APP, RECURSIVE_APP_FRAMES[i % 2]) for i in range(160))
    return [*head, *middle, *site.callers]


def _grow(tree: FrameTree, r: random.Random, spine: list[int], chance: float, samples: int) -> None:
    """Side branches: other code the sampler caught under some frames of ``spine``."""
    for node in spine[3:]:
        if r.random() < chance:
            tree.chain(node, _branch(r), samples=r.randint(1, max(1, samples // 25)))


def _other_threads(tree: FrameTree, r: random.Random, count: int, samples: int) -> list[int]:
    roots: list[int] = []
    for _ in range(count):
        kind = r.random()
        first = len(tree)
        if kind < 0.4:
            tree.chain(None, IDLE_WORKER, samples=samples)
        elif kind < 0.6:
            tree.chain(None, RUNLOOP_THREAD, samples=samples)
        else:
            busy = r.randint(1, max(1, samples // 3))
            tree.chain(None, [*WORKER_PREFIX, *_branch(r)], samples=busy)
            tree.chain(first + len(WORKER_PREFIX) - 1, _branch(r), samples=r.randint(1, busy))
        roots.append(first)
    return roots


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def _os_version(build: BuildRecord, r: random.Random) -> str:
    """An OS the build can run on, e.g. ``iPhone OS 17.5.1 (21F90)``."""
    minimum = _version_tuple(build.min_os)
    usable = [v for v in OS_VERSIONS if _version_tuple(v.split()[2]) >= minimum]
    return r.choice(usable or OS_VERSIONS)


def _call_stack_tree(
    app: AppSpec,
    build: BuildRecord,
    sig: SignatureRecord,
    r: random.Random,
    os_version: str,
    huge: bool,
) -> tuple[list[dict[str, Any]], int]:
    """(callStackTree, samples of the blamed path)."""
    tree = FrameTree(app, BinaryImages(app, build.id, os_version), r)
    samples = r.randint(40, 700)
    spine: list[int] = []
    node: int | None = None
    for sym in _main_path(sig, r, huge):
        node = tree.add(node, sym)
        spine.append(node)
    insight = LOG_INSIGHTS[sig.site.insight][0] if sig.site.insight else None
    node = tree.add(
        node, sig.site.blame, file=sig.site.file, offset=sig.offset, blame=True, insight=insight
    )
    spine.append(node)
    for sym in sig.site.tail:
        node = tree.add(node, sym)
        spine.append(node)
    tree.own[node] = samples
    _grow(tree, r, spine, 0.5 if huge else 0.15, samples)
    per_thread = sig.diagnostic_type != "DISK_WRITES"
    if per_thread:
        others = _other_threads(tree, r, r.randint(3, 8), samples)
        stacks = [[spine[0]], *([root] for root in others)]
    else:
        other = tree.chain(None, [*MAIN_THREAD_PREFIX, *MAIN_QUEUE_ENTRY, *_branch(r)])
        stacks = [[spine[0], tree.roots[-1]]]
        tree.own[other] += r.randint(1, max(1, samples // 10))
    if huge:
        stacks.extend([root] for root in _other_threads(tree, r, 40, samples))
        while len(tree) < HUGE_LOG_MIN_FRAMES:
            tree.chain(r.randrange(len(tree)), _branch(r) + _branch(r), samples=r.randint(1, 9))
    tree.finish()
    call_stacks = [{"callStackRootFrames": tree.root_frames(roots)} for roots in stacks]
    return [{"callStackPerThread": per_thread, "callStacks": call_stacks}], samples


def _metadata(
    app: AppSpec,
    build: BuildRecord,
    sig: SignatureRecord,
    r: random.Random,
    os_version: str,
    samples: int,
) -> dict[str, str]:
    device = r.choice([d for d in devices_for(app) if not d.identifier.startswith("all_")])
    meta = {
        "bundleId": app.bundle_id,
        "event": _EVENTS[sig.diagnostic_type],
        "osVersion": os_version,
        "appVersion": build.marketing_version,
        "buildVersion": str(build.number),
        "deviceType": device.identifier,
        "platformArchitecture": "arm64e" if r.random() < 0.7 else "arm64",
    }
    seconds = samples / 100.0
    if sig.diagnostic_type == "DISK_WRITES":
        written = f"{r.uniform(1024.0, 8192.0):.2f} MB"
        meta["writesCaused"] = written
        meta["eventDetail"] = f"Total of {written} of disk writes"
    elif sig.diagnostic_type == "HANGS":
        meta["eventDetail"] = f"Main thread unresponsive for {seconds:.2f} s"
    else:
        meta["eventDetail"] = f"Launch took {seconds + 1.5:.2f} s"
    return meta


def _log(sig: SignatureRecord, number: int, huge: bool) -> dict[str, Any]:
    build = build_by_id(sig.build_id)
    app = app_spec(build.app_id) if build else None
    if build is None or app is None:
        raise LookupError(sig.build_id)
    r = rng("log", sig.id, number)
    os_version = _os_version(build, r)
    tree, samples = _call_stack_tree(app, build, sig, r, os_version, huge)
    metadata = _metadata(app, build, sig, r, os_version, samples)
    return {"callStackTree": tree, "diagnosticMetaData": metadata}


@functools.lru_cache(maxsize=32)
def signature_logs(sig: SignatureRecord) -> dict[str, Any]:
    """All logs of a signature (cached, read-only; the route applies ``limit``)."""
    count = rng("log-count", sig.id).randint(1, 5)
    huge = sig.id == HUGE_LOG_SIGNATURE_ID
    if huge:
        count = 3
    insights = []
    if sig.site.insight:
        category, text, url = LOG_INSIGHTS[sig.site.insight]
        insights.append({"insightsURL": url, "insightsCategory": category, "insightsString": text})
    return {
        "productData": [
            {
                "signatureId": sig.id,
                "diagnosticInsights": insights,
                "diagnosticLogs": [_log(sig, n, huge and n == 0) for n in range(count)],
            }
        ],
        "version": DOCUMENT_VERSION,
    }


def limited(document: dict[str, Any], limit: int) -> dict[str, Any]:
    """A shallow copy of a logs document keeping at most ``limit`` logs per signature."""
    return {
        **document,
        "productData": [
            {**product, "diagnosticLogs": product["diagnosticLogs"][:limit]}
            for product in document["productData"]
        ],
    }
