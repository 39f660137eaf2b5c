"""Listing every build of the demo's largest app: asc-tui's client against a bare httpx
loop over the same live demo server, same JWT, same page size. Prints the ratio.

    .venv/bin/python -m benchmarks.pagination [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

import httpx

from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import DemoServer


async def ours(base_url: str, auth: JwtAuth, app_id: str) -> int:
    async with AscClient(base_url, auth) as client:
        return len(await client.builds(app_id))


async def baseline(
    base_url: str,
    auth: JwtAuth,
    app_id: str,
    transport: httpx.AsyncBaseTransport | None = None,
) -> int:
    count = 0
    async with httpx.AsyncClient(auth=auth, transport=transport) as http:
        url: str | None = f"{base_url}/v1/builds"
        params: dict[str, str] | None = {
            "filter[app]": app_id,
            "sort": "-uploadedDate",
            "include": "preReleaseVersion",
            "limit": "200",
        }
        while url:
            doc = (await http.get(url, params=params)).json()
            count += len(doc["data"])
            url, params = doc["links"].get("next"), None
    return count


async def biggest_app(base_url: str, auth: JwtAuth) -> str:
    async with AscClient(base_url, auth) as client:
        apps = await client.apps()
        sizes = {a.id: len(await client.builds(a.id)) for a in apps}
    return max(sizes, key=lambda k: sizes[k])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with DemoServer() as server:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        app_id = asyncio.run(biggest_app(server.base_url, auth))
        timings: dict[str, list[float]] = {"asc-tui client": [], "bare httpx loop": []}
        counts = set()
        for _ in range(args.rounds):
            for name, fn in (("asc-tui client", ours), ("bare httpx loop", baseline)):
                start = time.perf_counter()
                counts.add(asyncio.run(fn(server.base_url, auth, app_id)))
                timings[name].append(time.perf_counter() - start)
    assert len(counts) == 1, f"the two walks disagree: {counts}"
    medians = {name: statistics.median(t) for name, t in timings.items()}
    print(f"builds listed: {counts.pop()} (app {app_id}), {args.rounds} rounds, median:")
    for name, value in medians.items():
        print(f"  {name:16} {value * 1000:8.1f} ms")
    ratio = medians["asc-tui client"] / medians["bare httpx loop"]
    print(f"ratio asc-tui/baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
