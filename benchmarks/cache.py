"""The response cache from the command line: ``asc-tui builds APP --json`` listing 5,000
builds (in this process, output to the null device) against a bare httpx loop following
``links.next`` over the same live server with the same JWT, same run: with an empty cache
(every page fetched and kept), and from a warm cache (no request). Counts the requests
each makes at the server. Prints medians, ratios and the goals.

The server answers at once (zero latency) with 25 pages of 200 builds made from the demo
server's first page of builds (same documents, new IDs); ``--builds`` changes the count.

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
from asc_tui.auth.private_key import load_private_key
from asc_tui.cli import main as cli
from asc_tui.demo import BIG_APP_ID, DemoServer
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


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--builds", type=int, default=5000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="asc-bench-cache-")
    server = DemoServer()
    counter = CountingApp(ManyBuilds(demo_builds_page(), args.builds))
    server.app = counter
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
        command = ["builds", BIG_APP_ID, "--json"]

        def run_cli() -> None:
            with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
                assert cli(command) == 0

        def run_loop() -> None:
            asyncio.run(baseline(server.base_url, auth, BIG_APP_ID))

        times: dict[str, list[float]] = {"loop": [], "cold": [], "warm": []}
        requests: dict[str, int] = {}
        for _ in range(args.rounds):
            for name, run in (("loop", run_loop), ("cold", run_cli), ("warm", run_cli)):
                if name == "cold":
                    shutil.rmtree(os.environ["XDG_CACHE_HOME"], ignore_errors=True)
                before = counter.count
                times[name].append(timed(run))
                requests[name] = counter.count - before
    shutil.rmtree(folder, ignore_errors=True)
    loop, cold, warm = (statistics.median(times[k]) for k in ("loop", "cold", "warm"))
    print(f"{args.rounds} rounds, median seconds, listing {args.builds:,} builds:")
    print(f"  bare httpx loop                  {loop:6.3f}   {requests['loop']} requests")
    verdict = "meets" if cold / loop <= GOAL_COLD else "misses"
    print(
        f"  asc-tui builds, empty cache      {cold:6.3f}   {requests['cold']} requests   "
        f"ratio {cold / loop:.2f} ({verdict} the goal ≤ {GOAL_COLD})"
    )
    verdict = "meets" if warm / loop <= GOAL_WARM else "misses"
    print(
        f"  asc-tui builds, warm cache       {warm:6.3f}   {requests['warm']} requests   "
        f"ratio {warm / loop:.2f} ({verdict} the goal ≤ {GOAL_WARM})"
    )


if __name__ == "__main__":
    main()
