"""A signature's logs of 100,000 frames fetched from the API: the demo server over real
loopback HTTP serves the same log as ``benchmarks.log_viewer`` (the demo's own routes for
everything else), and the real viewer (headless Textual, through the Store, the client and
the response cache) opens it — from the network with an empty cache, then from the warm
cache. Measured from the response received (the body in hand) to the first paint, and to
the whole log shown, each against ``json.loads`` of that body just before, in the same
run; and the peak memory against the body's size. Prints ratios and the goals.

    .venv/bin/python -m benchmarks.log_viewer_api [--frames 100000] [--depth 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from asc_tui.api import jsonio  # noqa: E402
from asc_tui.api.builds import Build  # noqa: E402
from asc_tui.api.client import AscClient  # noqa: E402
from asc_tui.api.diagnostic_logs import DiagnosticLogsDocument  # noqa: E402
from asc_tui.api.jwt_auth import JwtAuth  # noqa: E402
from asc_tui.api.models import App  # noqa: E402
from asc_tui.api.signatures import DiagnosticSignature  # noqa: E402
from asc_tui.auth.private_key import load_private_key  # noqa: E402
from asc_tui.demo import DemoServer  # noqa: E402
from asc_tui.logs.opening import open_logs_body  # noqa: E402
from asc_tui.store import Store  # noqa: E402
from asc_tui.store.cache_transport import CachingTransport  # noqa: E402
from asc_tui.store.response_cache import ResponseCache  # noqa: E402

from .log_viewer import flat_twin, generate, opening_peaks, stdlib_loads  # noqa: E402

SIGNATURE_ID = "bench-100k"
LOGS_PATH = f"/v1/diagnosticSignatures/{SIGNATURE_ID}/logs"
GOAL = 0.5


class BigLogs:
    """ASGI: ``LOGS_PATH`` answered with ``body``, everything else by ``other``."""

    def __init__(self, body: bytes, other: Any) -> None:
        self.body = body
        self.other = other

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != LOGS_PATH:
            await self.other(scope, receive, send)
            return
        headers = [(b"content-type", b"application/vnd.apple.diagnostic-logs+json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.body})


def baseline_of(body: bytes) -> tuple[str, bytes]:
    """What ``json.loads`` is timed on: the body, or — where this Python's ``json`` cannot
    read it at all (3.12 stops at about 1,500 levels) — the same frames laid out flat."""
    try:
        stdlib_loads(body)
        return "json.loads of the body", body
    except RecursionError:
        return "json.loads of the same frames flat", flat_twin(jsonio.loads(body))


async def open_once(
    server: DemoServer, folder: Path, body: bytes, baseline: bytes, *, cached: bool
) -> dict[str, float]:
    """One open of the logs in the viewer, through the response cache in ``folder`` (and
    the network unless ``cached``): json.loads of the baseline and the body parsed whole
    (as it was before the first paint until now) just before, then response received →
    first paint and → whole log shown."""
    from textual.screen import Screen

    from asc_tui.ui.app import AscApp
    from asc_tui.ui.screens.logs import LogsScreen

    key = server.key
    auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
    network = None if cached else httpx.AsyncHTTPTransport()  # (None: the cache only)
    transport = CachingTransport(network, ResponseCache(folder), "bench")  # (closed with it)
    client = AscClient(server.base_url, auth, transport=transport)
    received: list[float] = []
    fetch_body = client.signature_logs_body

    async def timed_body(signature_id: str) -> bytes:
        body = await fetch_body(signature_id)
        received.append(time.perf_counter())
        return body

    client.signature_logs_body = timed_body  # type: ignore[method-assign]
    out: dict[str, float] = {}
    app = AscApp(Store(client, cache=transport), first_screen=Screen)
    signature = DiagnosticSignature(SIGNATURE_ID, "HANGS", "bench", weight=0.5)
    screen = LogsScreen(App("1", "Bench"), Build("b", "953"), signature)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        gc.collect()
        started = time.perf_counter()
        stdlib_loads(baseline)
        out["json.loads"] = time.perf_counter() - started
        gc.collect()
        started = time.perf_counter()  # what came before the first paint until now
        DiagnosticLogsDocument.from_json(jsonio.loads(body))
        out["parsed whole (before)"] = time.perf_counter() - started
        gc.collect()
        await app.push_screen(screen)

        async def until(done: Callable[[], object]) -> None:
            while not done():
                if screen.logs_region.state.error is not None:
                    raise RuntimeError(f"the logs did not load: {screen.logs_region.state.error}")
                await asyncio.sleep(0.001)

        await until(lambda: received and screen.call_tree._cache)
        out["first paint"] = time.perf_counter() - received[0]
        await until(lambda: (shown := screen.call_tree.call_tree) and not shown.partial)
        out["whole log shown"] = time.perf_counter() - received[0]
        out["cache hits"] = transport.saved
        await pilot.pause()
    return out


def memory(body: bytes) -> tuple[int, int]:
    """Peak bytes from the body in hand (a copy made first, as the client's) to the first
    screen, and to the whole log indexed and searchable."""
    return opening_peaks(lambda: open_logs_body(bytes(memoryview(body))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100_000)
    parser.add_argument("--depth", type=int, default=2_000, help="the deep chain per thread")
    parser.add_argument("--rounds", type=int, default=3, help="opens of each kind (median)")
    args = parser.parse_args()
    document = generate(args.frames, args.depth)
    document["productData"][0]["signatureId"] = SIGNATURE_ID
    body = jsonio.dumps(document).encode()
    del document
    size = len(body)
    label, baseline = baseline_of(body)
    print(f"log: {args.frames:,} frames, {size / 1e6:.1f} MB body, over loopback HTTP")
    server = DemoServer()
    server.app = BigLogs(body, server.app)
    rounds: dict[str, list[dict[str, float]]] = {"network": [], "cache": []}
    load = os.getloadavg()[0]
    with server, tempfile.TemporaryDirectory() as tmp:
        for number in range(args.rounds):
            folder = Path(tmp) / f"round-{number}"
            network = asyncio.run(open_once(server, folder, body, baseline, cached=False))
            assert network["cache hits"] == 0
            rounds["network"].append(network)
            warm = asyncio.run(open_once(server, folder, body, baseline, cached=True))
            assert warm["cache hits"] == 1
            rounds["cache"].append(warm)
    load = max(load, os.getloadavg()[0])
    mem_first, mem_whole = memory(body)

    print(
        f"Python {sys.version.split()[0]}; load average up to {load:.1f} on {os.cpu_count()} CPUs"
    )
    print(f"baseline: {label}; {args.rounds} rounds, medians; each against json.loads just before")
    print(
        "(parsed whole: jsonio.loads and the document from the body, which came before the "
        "first paint until now: its least)"
    )
    print(f"{'open of the logs':40} {'seconds':>8} {'json.loads':>10} {'ratio':>7}")
    verdicts = []
    for kind, runs in rounds.items():
        base = statistics.median(r["json.loads"] for r in runs)
        for step in ("parsed whole (before)", "first paint", "whole log shown"):
            ratios = sorted(r[step] / r["json.loads"] for r in runs)
            ratio = statistics.median(ratios)
            seconds = statistics.median(r[step] for r in runs)
            name = f"{kind}: {step}" if "before" in step else f"{kind}: received → {step}"
            print(f"{name:40} {seconds:8.3f} {base:10.3f} {ratio:6.2f}x")
            if step == "first paint":
                verdicts.append(
                    f"{kind}: response received → first paint / json.loads: {ratio:.2f}x "
                    f"({ratios[0]:.2f} to {ratios[-1]:.2f}x; target ≤ {GOAL}x): "
                    f"{'met' if ratio <= GOAL else 'MISSED'}"
                )
    print()
    print("\n".join(verdicts))
    for name, value in (("first paint", mem_first), ("whole log indexed + search", mem_whole)):
        target = "met" if value <= 3 * size else "MISSED"
        print(
            f"memory from the body in hand to {name}, the body's copy included: "
            f"{value / 1e6:.1f} MB, {value / size:.1f}x the body (target ≤ 3x): {target}"
        )


if __name__ == "__main__":
    main()
