"""The embedded demo App Store Connect: a fake API server with realistic, seeded data.

No Textual here: the server runs in-process for tests (``create_app`` +
``httpx.ASGITransport``) or on a loopback port (``DemoServer``) for ``asc-tui --demo``.
"""

from __future__ import annotations

from .faults import FaultPlan
from .keys import DemoKey, generate_demo_key
from .landmarks import (
    BIG_APP_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
)
from .server import DemoServer, create_app

__all__ = [
    "BIG_APP_ID",
    "BRACKETS_APP_ID",
    "EMPTY_METRICS_BUILD_ID",
    "HUGE_LOG_BUILD_ID",
    "HUGE_LOG_SIGNATURE_ID",
    "DemoKey",
    "DemoServer",
    "FaultPlan",
    "create_app",
    "generate_demo_key",
]
