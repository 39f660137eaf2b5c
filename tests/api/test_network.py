"""The network transport: quick acknowledgements asked for before every read of a TCP
connection, and everything else passed through as httpx and httpcore have it."""

from __future__ import annotations

import asyncio
import importlib.abc
import socket
import ssl
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest

from asc_tui.api.client import AscClient
from asc_tui.api.jwt_auth import JwtAuth
from asc_tui.api.network import QUICKACK, QuickAckBackend, QuickAckStream, network_transport
from asc_tui.auth.private_key import load_private_key
from asc_tui.demo import BIG_APP_ID, DemoServer

OPTION = 12  # TCP_QUICKACK's number on Linux; the fakes below take any


class RecordingSocket:
    def __init__(self, log: list[str], fails: bool = False) -> None:
        self.log = log
        self.fails = fails

    def setsockopt(self, level: int, option: int, value: int) -> None:
        self.log.append(f"setsockopt {level} {option} {value}")
        if self.fails:
            raise OSError("not a TCP socket")


class FakeStream(httpcore.AsyncNetworkStream):
    def __init__(self, log: list[str], chunks: list[bytes], sock: Any) -> None:
        self.log = log
        self.chunks = chunks
        self.sock = sock

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.log.append(f"read {max_bytes}")
        return self.chunks.pop(0)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.append(f"write {buffer!r}")

    async def aclose(self) -> None:
        self.log.append("close")

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.log.append(f"tls {server_hostname}")
        return FakeStream(self.log, self.chunks, self.sock)

    def get_extra_info(self, info: str) -> Any:
        return self.sock if info == "socket" else f"info {info}"


async def test_every_read_asks_for_quick_acks_first_and_passes_the_data_through() -> None:
    log: list[str] = []
    stream = QuickAckStream(FakeStream(log, [b"one", b"two"], RecordingSocket(log)), OPTION)
    assert await stream.read(10) == b"one"
    await stream.write(b"GET")
    assert await stream.read(20) == b"two"
    await stream.aclose()
    quick = f"setsockopt {socket.IPPROTO_TCP} {OPTION} 1"
    assert log == [quick, "read 10", "write b'GET'", quick, "read 20", "close"]
    assert stream.get_extra_info("server_addr") == "info server_addr"


async def test_a_tls_connection_asks_for_quick_acks_too() -> None:
    log: list[str] = []
    plain = QuickAckStream(FakeStream(log, [b"secret"], RecordingSocket(log)), OPTION)
    tls = await plain.start_tls(ssl.create_default_context(), "api.example")
    assert isinstance(tls, QuickAckStream)
    assert await tls.read(5) == b"secret"
    assert log == ["tls api.example", f"setsockopt {socket.IPPROTO_TCP} {OPTION} 1", "read 5"]


async def test_a_socket_that_refuses_the_option_is_read_as_is_and_not_asked_again() -> None:
    log: list[str] = []
    sock = RecordingSocket(log, fails=True)
    stream = QuickAckStream(FakeStream(log, [b"a", b"b"], sock), OPTION)
    assert [await stream.read(1), await stream.read(1)] == [b"a", b"b"]
    assert stream.socket is None
    assert log == [f"setsockopt {socket.IPPROTO_TCP} {OPTION} 1", "read 1", "read 1"]


async def test_a_stream_without_a_socket_is_read_as_is() -> None:
    log: list[str] = []
    stream = QuickAckStream(FakeStream(log, [b"x"], None), OPTION)
    assert await stream.read(1) == b"x"
    assert log == ["read 1"]


@pytest.mark.skipif(QUICKACK is None, reason="the system has no TCP_QUICKACK")
async def test_the_clients_transport_asks_for_quick_acks_over_real_loopback() -> None:
    transport = network_transport()
    backend = transport._pool._network_backend  # where httpx keeps it (checked here)
    assert isinstance(backend, QuickAckBackend)
    streams: list[QuickAckStream] = []
    connect = backend.connect_tcp

    async def connect_tcp(*args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        stream = await connect(*args, **kwargs)
        assert isinstance(stream, QuickAckStream)
        streams.append(stream)
        return stream

    backend.connect_tcp = connect_tcp  # type: ignore[method-assign]
    with DemoServer() as server:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        async with AscClient(server.base_url, auth, transport=transport) as client:
            builds = await client.builds(BIG_APP_ID)
    assert len(builds) >= 500  # several pages of 250 kB, read over one connection
    assert len(streams) == 1
    assert streams[0].socket is not None  # the kernel took the option at every read


def test_a_client_made_without_a_transport_uses_the_network_transport() -> None:
    client = AscClient("https://api.example")
    pool = client._http._transport._pool  # type: ignore[attr-defined]
    wanted = QuickAckBackend if QUICKACK is not None else httpcore.AsyncNetworkBackend
    assert isinstance(pool._network_backend, wanted)


class LookupRecorder(importlib.abc.MetaPathFinder):
    """Records every module the import system looks for (finds none itself)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        self.names.append(name)


async def test_a_listing_looks_for_no_module_once_the_first_has_run() -> None:
    with DemoServer() as server:
        key = server.key
        auth = JwtAuth(key.issuer_id, key.key_id, load_private_key(key.private_key_pem))
        async with AscClient(server.base_url, auth) as client:
            assert len(await client.builds(BIG_APP_ID)) >= 500
        recorder = LookupRecorder()
        sys.meta_path.insert(0, recorder)
        try:
            async with AscClient(server.base_url, auth) as client:
                assert len(await client.builds(BIG_APP_ID)) >= 500
        finally:
            sys.meta_path.remove(recorder)
    assert recorder.names == []  # e.g. no import that fails, and is retried, per request


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for localhost and its key, as PEM files in ``folder``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.mark.skipif(QUICKACK is None, reason="the system has no TCP_QUICKACK")
async def test_a_tls_connection_over_real_loopback_asks_for_quick_acks(tmp_path: Path) -> None:
    cert_file, key_file = self_signed(tmp_path)
    body = bytes(range(256)) * 1200  # 300 kB: several reads

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
        await writer.drain()
        writer.close()

    served = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    served.load_cert_chain(cert_file, key_file)
    server = await asyncio.start_server(answer, "127.0.0.1", 0, ssl=served)
    port = server.sockets[0].getsockname()[1]
    transport = network_transport()
    context = transport._pool._ssl_context
    assert context is not None
    context.load_verify_locations(cert_file)  # trust it, for this test
    asked: list[tuple[int, int, int]] = []
    made: list[httpcore.AsyncNetworkStream] = []
    backend = transport._pool._network_backend
    connect = backend.connect_tcp

    async def connect_tcp(*args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
        stream = await connect(*args, **kwargs)
        start_tls = stream.start_tls

        async def start_recorded_tls(*args: Any, **kwargs: Any) -> httpcore.AsyncNetworkStream:
            tls = await start_tls(*args, **kwargs)
            if isinstance(tls, QuickAckStream) and tls.socket is not None:
                tls.socket = ForwardingSocket(tls.socket, asked)  # type: ignore[assignment]
            made.append(tls)
            return tls

        stream.start_tls = start_recorded_tls  # type: ignore[method-assign]
        return stream

    backend.connect_tcp = connect_tcp  # type: ignore[method-assign]
    try:
        async with httpx.AsyncClient(transport=transport) as http:
            response = await http.get(f"https://localhost:{port}/")
    finally:
        server.close()
        await server.wait_closed()
    assert response.content == body
    assert len(made) == 1 and isinstance(made[0], QuickAckStream)
    assert made[0].socket is not None  # the kernel took the option at every read
    assert len(asked) > 1 and set(asked) == {(socket.IPPROTO_TCP, QUICKACK, 1)}


class ForwardingSocket:
    """A socket's setsockopt, recorded and then done."""

    def __init__(self, sock: Any, log: list[tuple[int, int, int]]) -> None:
        self.sock = sock
        self.log = log

    def setsockopt(self, level: int, option: int, value: int) -> None:
        self.log.append((level, option, value))
        self.sock.setsockopt(level, option, value)
