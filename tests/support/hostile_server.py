"""A small hostile stand-in for App Store Connect on loopback, for the fault tests.

Each test routes request paths to a behaviour: a JSON answer, a body trickled and then
held, silence, a connection reset part way, a gzip bomb… Nothing depends on timing:
a behaviour that should keep the client waiting blocks on ``server.release`` (set when the
server stops), and ``server.reached`` records which behaviours have started, so a test can
wait for "the client is now stuck in the body" instead of sleeping.
"""

from __future__ import annotations

import json
import os
import socket
import struct
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

Behaviour = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        for prefix, behaviour in self.server.routes:
            if self.path.split("?", 1)[0].startswith(prefix):
                behaviour(self)
                return
        self.json({"errors": [{"status": "404", "code": "NOT_FOUND", "title": "No route"}]}, 404)

    do_POST = do_GET

    # -- behaviours ------------------------------------------------------------------

    def reached(self, name: str) -> None:
        with self.server.cond:
            self.server.reached.append(name)
            self.server.cond.notify_all()

    def json(self, doc: Any, status: int = 200, headers: dict[str, str] | None = None) -> None:
        self.body(json.dumps(doc).encode(), status, headers)

    def body(
        self,
        data: bytes,
        status: int = 200,
        headers: dict[str, str] | None = None,
        content_type: str = "application/json",
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()

    def hold(self, name: str = "hold") -> None:
        """Say so, then wait until the server stops (a mute or stuck server)."""
        self.reached(name)
        self.server.release.wait()
        self.close_connection = True

    def trickle_then_hold(self, first: bytes, declared: int) -> None:
        """Headers promising ``declared`` bytes, ``first`` of them, then nothing more."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(declared))
        self.end_headers()
        self.wfile.write(first)
        self.wfile.flush()
        self.hold("trickle")

    def reset(self) -> None:
        """Drop the connection with a TCP reset, before any answer."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.routes: list[tuple[str, Behaviour]] = []
        self.requests: list[str] = []
        self.reached: list[str] = []
        self.cond = threading.Condition()
        self.release = threading.Event()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def route(self, prefix: str, behaviour: Behaviour) -> None:
        self.routes.append((prefix, behaviour))

    def wait_reached(self, name: str, timeout: float = 30.0) -> None:
        with self.cond:
            if not self.cond.wait_for(lambda: name in self.reached, timeout):
                raise AssertionError(f"the client never reached {name!r}")

    def __enter__(self) -> Server:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.shutdown()
        self.server_close()


def app_resource(number: int) -> dict[str, Any]:
    return {
        "type": "apps",
        "id": f"app{number}",
        "attributes": {"name": f"App {number}", "bundleId": f"com.example.app{number}"},
    }


def apps_page(numbers: range, next_url: str | None) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "data": [app_resource(n) for n in numbers],
        "links": {"self": "x"},
    }
    if next_url is not None:
        doc["links"]["next"] = next_url
    return doc


INSTANCE_ID = "inst-1"


def serve_instance(
    server: Server,
    files: list[bytes],
    *,
    declared: list[int | None] | None = None,
    hold: int | None = None,
    trickle: int | None = None,
) -> None:
    """An analytics report instance whose segments are ``files`` (gzip bytes), with MD5
    checksums and ``sizeInBytes`` (``declared`` overrides; None leaves it out). Segment
    ``hold`` sends half of its body, reaches "segment-held" and then holds; segment
    ``trickle`` sends its body a byte every 20 ms."""
    import hashlib

    sizes = declared if declared is not None else [len(f) for f in files]

    def instance(h: Handler) -> None:
        if h.path.split("?", 1)[0].endswith("/segments"):
            data = []
            for n, body in enumerate(files):
                attrs: dict[str, Any] = {
                    "url": f"{server.url}/files/{n}.gz",
                    "checksum": hashlib.md5(body, usedforsecurity=False).hexdigest(),
                }
                if sizes[n] is not None:
                    attrs["sizeInBytes"] = sizes[n]
                data.append(
                    {"type": "analyticsReportSegments", "id": f"seg{n}", "attributes": attrs}
                )
            h.json({"data": data, "links": {"self": "x"}})
            return
        h.json(
            {
                "data": {
                    "type": "analyticsReportInstances",
                    "id": INSTANCE_ID,
                    "attributes": {"granularity": "DAILY", "processingDate": "2026-11-01"},
                }
            }
        )

    def segment(h: Handler) -> None:
        n = int(h.path.rsplit("/", 1)[-1].split(".")[0])
        body = files[n]
        if n == trickle:
            h.send_response(200)
            h.send_header("Content-Type", "application/octet-stream")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.reached("trickle")
            for byte in body:  # a byte every 20 ms, until the client gives up
                try:
                    h.wfile.write(bytes([byte]))
                    h.wfile.flush()
                except OSError:
                    return
                if server.release.wait(0.02):
                    return
            return
        if n != hold:
            h.body(body, content_type="application/octet-stream")
            return
        h.send_response(200)
        h.send_header("Content-Type", "application/octet-stream")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: len(body) // 2])
        h.wfile.flush()
        h.hold("segment-held")

    server.route(f"/v1/analyticsReportInstances/{INSTANCE_ID}", instance)
    server.route("/files/", segment)


def serve_analytics_browse(server: Server, files: list[bytes], *, hold: int | None) -> None:
    """One app with one report request, one report ("Held Report") and one instance whose
    segments are ``files`` (see serve_instance): what the app browses to download."""

    def listing(resources: list[dict[str, Any]]) -> Behaviour:
        return lambda h: h.json({"data": resources, "links": {"self": "x"}})

    request: dict[str, Any] = {"type": "analyticsReportRequests", "id": "req1"}
    request["attributes"] = {"accessType": "ONGOING", "stoppedDueToInactivity": False}
    report: dict[str, Any] = {"type": "analyticsReports", "id": "rep1"}
    report["attributes"] = {"name": "Held Report", "category": "APP_USAGE"}
    instance: dict[str, Any] = {"type": "analyticsReportInstances", "id": INSTANCE_ID}
    instance["attributes"] = {"granularity": "DAILY", "processingDate": "2026-11-01"}
    server.route("/v1/apps/app0/analyticsReportRequests", listing([request]))
    server.route("/v1/analyticsReportRequests/req1/reports", listing([report]))
    server.route("/v1/analyticsReports/rep1/instances", listing([instance]))
    server.route("/v1/apps", lambda h: h.json(apps_page(range(1), None)))
    serve_instance(server, files, hold=hold)


def cli_env(server: Server, folder: Path) -> dict[str, str]:
    """The environment for a real ``asc-tui`` command against ``server``: the ``ASC_*``
    variables, with a throwaway P-256 key written in ``folder``."""
    from tests.support.keys import p256_pem

    key = folder / "AuthKey_2X9R4HXF34.p8"
    key.write_text(p256_pem())
    return {
        **os.environ,
        "ASC_ISSUER_ID": "57246542-96fe-1a63-e053-0824d011072a",
        "ASC_KEY_ID": "2X9R4HXF34",
        "ASC_PRIVATE_KEY_PATH": str(key),
        "ASC_BASE_URL": server.url,
    }


def flaky_apps(server: Server, retry_after: str) -> None:
    """``/v1/apps`` answers 503 with ``Retry-After`` once, then two apps."""
    answers = [503]

    def flaky(h: Handler) -> None:
        if answers:
            answers.pop()
            h.json({"errors": []}, 503, headers={"Retry-After": retry_after})
        else:
            h.json(apps_page(range(2), None))

    server.route("/v1/apps", flaky)
