"""``asc-tui check`` on the demo's failing build pair (4.4 → 4.5 of its largest app, the
example rules, Markdown + JUnit + JSON reports written) against a bare httpx script that
only fetches the same documents (every build page, both builds' metrics and signatures)
from the same live demo server with the same JWT. The ratio is what finding the base
build, comparing, evaluating the rules and writing three reports cost on top of the
requests. Both run in this process, so Python's start-up is not counted.

    .venv/bin/python -m benchmarks.check_gate [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.auth.private_key import load_private_key
from asc_tui.cli import main as cli_main
from asc_tui.demo import DemoServer
from asc_tui.demo.data.landmarks import BIG_APP_ID, GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID

RULES = Path(__file__).resolve().parents[1] / "examples" / "asc-perf.toml"
METRICS = "application/vnd.apple.xcode-metrics+json, application/json"


async def baseline(base_url: str, auth: JwtAuth) -> int:
    """The requests check makes, and nothing else: the number of documents fetched."""
    async with httpx.AsyncClient(auth=auth, timeout=60) as http:
        url: str | None = f"{base_url}/v1/builds"
        params: dict[str, str] | None = {
            "filter[app]": BIG_APP_ID,
            "sort": "-uploadedDate",
            "include": "preReleaseVersion",
            "limit": "200",
        }
        fetched = 0
        while url:
            doc = (await http.get(url, params=params)).json()
            url, params, fetched = doc["links"].get("next"), None, fetched + 1
        headers = {"Accept": METRICS}
        responses = await asyncio.gather(
            *(
                http.get(f"{base_url}/v1/builds/{build}/perfPowerMetrics", headers=headers)
                for build in (GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID)
            ),
            *(
                http.get(f"{base_url}/v1/builds/{build}/diagnosticSignatures?limit=200")
                for build in (GATE_PASS_HEAD_BUILD_ID, HUGE_LOG_BUILD_ID)
            ),
        )
        return fetched + len([r.json() for r in responses])


def ours(folder: Path) -> int:
    argv = ["check", "--app", BIG_APP_ID, "--build", HUGE_LOG_BUILD_ID, "--rules", str(RULES)]
    for name in ("perf.md", "perf.xml", "perf.json"):
        argv += ["-o", str(folder / name)]
    with contextlib.redirect_stderr(io.StringIO()):
        return cli_main(argv)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    timings: dict[str, list[float]] = {"asc-tui check": [], "bare httpx fetches": []}
    with DemoServer() as server, tempfile.TemporaryDirectory() as tmp:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        key_file = Path(tmp) / f"AuthKey_{key.key_id}.p8"
        key_file.write_text(key.private_key_pem)
        os.environ.update(
            ASC_BASE_URL=server.base_url,
            ASC_ISSUER_ID=key.issuer_id,
            ASC_KEY_ID=key.key_id,
            ASC_PRIVATE_KEY_PATH=str(key_file),
        )
        for _ in range(args.rounds):
            start = time.perf_counter()
            code = ours(Path(tmp))
            timings["asc-tui check"].append(time.perf_counter() - start)
            assert code == 7, f"the failing pair should fail (exit 7), got {code}"
            start = time.perf_counter()
            documents = asyncio.run(baseline(server.base_url, auth))
            timings["bare httpx fetches"].append(time.perf_counter() - start)
    medians = {name: statistics.median(t) for name, t in timings.items()}
    print(f"check 4.4 (925) -> 4.5 (953), {documents} documents, {args.rounds} rounds, median:")
    for name, value in medians.items():
        print(f"  {name:20} {value * 1000:8.1f} ms")
    ratio = medians["asc-tui check"] / medians["bare httpx fetches"]
    print(f"ratio asc-tui check/baseline: {ratio:.2f}")


if __name__ == "__main__":
    main()
