"""The transport to the network: httpx's own, whose connections acknowledge what they
receive at once.

A client that sends a request on a connection after reading an answer looks interactive
to Linux, which then holds back its acknowledgements for up to 40 ms hoping to send them
with the next request. A large answer (a page of 200 builds is 250 kB) arrives in
windows: while the first pages of a connection come, the server waits for those held-back
acknowledgements before it sends more, and a page took 45 ms instead of 1 ms over
loopback, a few times per listing (measured by ``benchmarks/cache.py``). Asking for quick
acknowledgements (``TCP_QUICKACK``) before each read of a connection ends the wait; the
kernel turns the option off again by itself, hence before each read. Where the option does
not exist (macOS, Windows) the transport is httpx's, unchanged.
"""

from __future__ import annotations

import socket
import ssl
from typing import Any

import httpcore
import httpx

QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)


class QuickAckStream(httpcore.AsyncNetworkStream):
    """A connection that asks for quick acknowledgements before each read."""

    def __init__(self, stream: httpcore.AsyncNetworkStream, option: int) -> None:
        self._stream = stream
        self._option = option
        self.socket: socket.socket | None = stream.get_extra_info("socket")
        """The connection's socket while reads ask for quick acknowledgements (None once
        it refused the option)."""

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self.socket is not None:
            try:
                self.socket.setsockopt(socket.IPPROTO_TCP, self._option, 1)
            except OSError:  # not a TCP socket after all, or already closed: read as is
                self.socket = None
        return await self._stream.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        tls = await self._stream.start_tls(ssl_context, server_hostname, timeout)
        return QuickAckStream(tls, self._option)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class QuickAckBackend(httpcore.AsyncNetworkBackend):
    """``inner``'s TCP connections as :class:`QuickAckStream`; the rest as ``inner`` has it."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend, option: int) -> None:
        self.inner = inner
        self._option = option

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self.inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return QuickAckStream(stream, self._option)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.AsyncNetworkStream:
        return await self.inner.connect_unix_socket(path, timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def network_transport(*, retries: int = 1) -> httpx.AsyncHTTPTransport:
    """httpx's transport (``retries`` connection attempts more), its TCP connections
    asking for quick acknowledgements where the system has them (see the module's notes)."""
    transport = httpx.AsyncHTTPTransport(retries=retries)
    pool = getattr(transport, "_pool", None)  # httpx keeps its httpcore pool there
    backend = getattr(pool, "_network_backend", None)
    if QUICKACK is not None and isinstance(backend, httpcore.AsyncNetworkBackend):
        pool._network_backend = QuickAckBackend(backend, QUICKACK)  # type: ignore[union-attr]
    return transport
