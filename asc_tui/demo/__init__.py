"""The embedded demo App Store Connect: a fake API server with realistic, seeded data.

No Textual here: the server runs in-process for tests (``create_app`` +
``httpx.ASGITransport``) or on a loopback port (``DemoServer``) for ``asc-tui --demo``.
"""

from __future__ import annotations

from .data.landmarks import (
    ANALYTICS_REQUEST_ID,
    BIG_APP_ID,
    BIG_SEGMENT_INSTANCE_ID,
    BRACKETS_APP_ID,
    EMPTY_METRICS_BUILD_ID,
    HUGE_LOG_BUILD_ID,
    HUGE_LOG_SIGNATURE_ID,
    NO_ANALYTICS_APP_ID,
    STOPPED_REQUEST_ID,
)
from .http.faults import FaultPlan
from .http.server import DemoServer, create_app
from .keys import DemoKey, generate_demo_key

__all__ = [
    "ANALYTICS_REQUEST_ID",
    "BIG_APP_ID",
    "BIG_SEGMENT_INSTANCE_ID",
    "BRACKETS_APP_ID",
    "EMPTY_METRICS_BUILD_ID",
    "HUGE_LOG_BUILD_ID",
    "HUGE_LOG_SIGNATURE_ID",
    "NO_ANALYTICS_APP_ID",
    "STOPPED_REQUEST_ID",
    "DemoKey",
    "DemoServer",
    "FaultPlan",
    "create_app",
    "generate_demo_key",
]
