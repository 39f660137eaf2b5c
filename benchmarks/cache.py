"""The response cache from the command line: ``asc-tui builds APP --json`` listing 5,000
builds (in this process, output to the null device) against a bare httpx loop following
``links.next`` over the same live server with the same JWT, same run: with an empty cache
(every page fetched and kept), and from a warm cache (no request). Then one build's
metrics, ``asc-tui metrics BUILD --json``, against a bare httpx GET of the same document.
Counts the requests each makes at the server. Prints medians, ratios and the goals, and
the CPU time of the whole process (server thread included) beside each: on a machine
shared with other work, the CPU ratios move less than the wall-clock ones.

asc-tui's connections ask for quick acknowledgements (``asc_tui.api.network``); the bare
loop's do not, and over loopback a few of its pages wait 40 ms each for them. The same
loop on asc-tui's network transport is shown too, for what asc-tui costs beyond that.

The server answers at once (zero latency): ``/v1/builds`` with 25 pages of 200 builds made
from the demo server's first page of builds (same documents, new IDs; ``--builds`` changes
the count), everything else as the demo server does.

    .venv/bin/python -m benchmarks.cache [--rounds N] [--builds N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

import httpx

from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.network import network_transport
from asc_tui.auth.private_key import load_private_key
from asc_tui.cli import main as cli
from asc_tui.demo import BIG_APP_ID, HUGE_LOG_BUILD_ID, DemoServer
from tests.support.counting import CountingApp

from .pagination import baseline


class ManyBuilds:
    """ASGI: ``/v1/builds`` as ``total`` builds in pages of 200, ``cursor`` = page number;
    every page encoded once."""

    def __init__(self, template: dict[str, Any], total: int) -> None:
        self.template = template
        self.total = total
        self.pages: dict[tuple[int, str], bytes] = {}

    def page(self, number: int, origin: str) -> bytes:
        if (number, origin) not in self.pages:
            items = self.template["data"]
            start = number * 200
            data = [
                {**items[i % len(items)], "id": f"{items[i % len(items)]['id']}-{i}"}
                for i in range(start, min(start + 200, self.total))
            ]
            query = "filter%5Bapp%5D=1&sort=-uploadedDate&include=preReleaseVersion&limit=200"
            more = start + 200 < self.total
            links = {"self": f"{origin}/v1/builds?{query}"}
            if more:
                links["next"] = f"{origin}/v1/builds?cursor={number + 1}&{query}"
            doc = {"data": data, "included": self.template["included"], "links": links}
            self.pages[number, origin] = json.dumps(doc).encode()
        return self.pages[number, origin]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        query = parse_qs(scope["query_string"].decode())
        host = dict(scope["headers"])[b"host"].decode()
        body = self.page(int(query.get("cursor", ["0"])[0]), f"http://{host}")
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class Routes:
    """ASGI: the listing of builds from ``builds``, everything else from ``other``."""

    def __init__(self, builds: Any, other: Any) -> None:
        self.builds = builds
        self.other = other

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        listing = scope["type"] == "http" and scope["path"] == "/v1/builds"
        await (self.builds if listing else self.other)(scope, receive, send)


def demo_builds_page() -> dict[str, Any]:
    """The demo server's first page of its largest app's builds, as received."""
    with DemoServer() as demo:
        key = demo.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        params = {"filter[app]": BIG_APP_ID, "include": "preReleaseVersion", "limit": "200"}
        page: dict[str, Any] = httpx.get(
            f"{demo.base_url}/v1/builds", params=params, auth=auth
        ).json()
        return page


GOAL_COLD = 1.1
GOAL_WARM = 0.3
METRICS_JSON = "application/vnd.apple.xcode-metrics+json"


class Timings:
    """Wall-clock and CPU seconds of each named run, and the requests the last one made."""

    def __init__(self, counter: CountingApp) -> None:
        self.counter = counter
        self.wall: dict[str, list[float]] = {}
        self.cpu: dict[str, list[float]] = {}
        self.requests: dict[str, int] = {}

    def run(self, name: str, run: Callable[[], object]) -> None:
        before = self.counter.count
        cpu, start = time.process_time(), time.perf_counter()
        run()
        self.wall.setdefault(name, []).append(time.perf_counter() - start)
        self.cpu.setdefault(name, []).append(time.process_time() - cpu)
        self.requests[name] = self.counter.count - before

    def line(
        self, label: str, name: str, base: str | None = None, goal: float | None = None
    ) -> str:
        wall, cpu = statistics.median(self.wall[name]), statistics.median(self.cpu[name])
        text = f"  {label:33} {wall:6.3f} s (CPU {cpu:5.3f})   {self.requests[name]} requests"
        if base is not None:
            ratio = wall / statistics.median(self.wall[base])
            cpu_ratio = cpu / statistics.median(self.cpu[base])
            text += f"   ratio {ratio:.2f} (CPU {cpu_ratio:.2f})"
            if goal is not None:
                text += f", {'meets' if ratio <= goal else 'misses'} the goal ≤ {goal}"
        return text


async def bare_metrics(base_url: str, auth: JwtAuth, build_id: str) -> object:
    async with httpx.AsyncClient(auth=auth) as http:
        url = f"{base_url}/v1/builds/{build_id}/perfPowerMetrics"
        return (await http.get(url, headers={"Accept": METRICS_JSON})).json()


async def quick_loop(base_url: str, auth: JwtAuth) -> int:
    """The bare loop on asc-tui's network transport (see the module's notes)."""
    return await baseline(base_url, auth, BIG_APP_ID, network_transport())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--builds", type=int, default=5000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="asc-bench-cache-")
    server = DemoServer()
    counter = CountingApp(Routes(ManyBuilds(demo_builds_page(), args.builds), server.app))
    server.app = counter
    load = os.getloadavg()[0]
    timings = Timings(counter)
    with server:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        pem = os.path.join(folder, "AuthKey.p8")
        with open(pem, "w") as f:
            f.write(key.private_key_pem)
        os.environ.update(
            XDG_CACHE_HOME=os.path.join(folder, "cache"),
            XDG_CONFIG_HOME=os.path.join(folder, "config"),
            ASC_BASE_URL=server.base_url,
            ASC_ISSUER_ID=key.issuer_id,
            ASC_KEY_ID=key.key_id,
            ASC_PRIVATE_KEY_PATH=pem,
        )

        def cli_run(*command: str) -> Callable[[], None]:
            def run() -> None:
                with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
                    assert cli([*command, "--json"]) == 0

            return run

        def empty_cache() -> None:
            shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)

        runs: list[tuple[str, Callable[[], object]]] = [
            ("loop", lambda: asyncio.run(baseline(server.base_url, auth, BIG_APP_ID))),
            ("quick loop", lambda: asyncio.run(quick_loop(server.base_url, auth))),
            ("cold", cli_run("builds", BIG_APP_ID)),
            ("warm", cli_run("builds", BIG_APP_ID)),
            ("get", lambda: asyncio.run(bare_metrics(server.base_url, auth, HUGE_LOG_BUILD_ID))),
            ("metrics cold", cli_run("metrics", HUGE_LOG_BUILD_ID)),
            ("metrics warm", cli_run("metrics", HUGE_LOG_BUILD_ID)),
        ]
        for _ in range(args.rounds):
            for name, run in runs:
                if name.endswith("cold"):
                    empty_cache()
                timings.run(name, run)
    shutil.rmtree(folder, ignore_errors=True)
    load = max(load, os.getloadavg()[0])
    print(
        f"{args.rounds} rounds, medians; load average up to {load:.1f} "
        f"on {os.cpu_count()} CPUs. Listing {args.builds:,} builds:"
    )
    print(timings.line("bare httpx loop", "loop"))
    print(timings.line("the loop with quick ACKs", "quick loop", "loop"))
    print(timings.line("asc-tui builds, empty cache", "cold", "loop", GOAL_COLD))
    print(timings.line("asc-tui builds, warm cache", "warm", "loop", GOAL_WARM))
    print(timings.line("asc-tui empty, to quick-ACK loop", "cold", "quick loop"))
    print("One build's metrics:")
    print(timings.line("bare httpx GET", "get"))
    print(timings.line("asc-tui metrics, empty cache", "metrics cold", "get"))
    print(timings.line("asc-tui metrics, warm cache", "metrics warm", "get"))


if __name__ == "__main__":
    main()
