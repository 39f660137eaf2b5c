"""IDs of the demo data's special cases, for tests, docs and anyone exploring the demo.

Each is checked against the generated data by tests/demo/test_demo_server.py.
"""

from __future__ import annotations

BIG_APP_ID = "1583111882"
""""Trailhead: Hike & Run": 528 builds over 32 marketing versions (1.0 … 4.5)."""

BRACKETS_APP_ID = "1640258831"
""""Lumen [Beta] Notes": a name that Rich markup would mangle if not escaped."""

EMPTY_METRICS_BUILD_ID = "e97f80f1-9f21-537b-b0b3-191e88aed860"
"""Newest build of "Lumen [Beta] Notes" (1.1, build 66; processingState PROCESSING).
Its perfPowerMetrics is the "not enough data" document, with empty ``productData``;
it has no diagnostic signatures either."""

HUGE_LOG_BUILD_ID = "e9003b5a-cc99-5abb-9eff-69e5bd5e76f9"
"""Newest build of "Trailhead: Hike & Run" (4.5, build 953)."""

HUGE_LOG_SIGNATURE_ID = "e9003b5acc995abb9eff69e5bd5e76f902c39a264dbf89d52e315163e89584bb04"
"""The heaviest HANGS signature of HUGE_LOG_BUILD_ID; its first log has over 10,000 frames."""

ANALYTICS_REQUEST_ID = "cf51b28c-6951-51c3-a2bf-dbe94872874a"
"""The ONGOING analytics report request of "Trailhead: Hike & Run": 14 reports in all five
categories, each with DAILY, WEEKLY and MONTHLY instances over the last 35 days."""

STOPPED_REQUEST_ID = "a9edb598-8e03-548c-937b-a7dc901667a6"
"""The ONGOING request of "Lumen [Beta] Notes" that Apple stopped for inactivity
(``stoppedDueToInactivity``): its newest instances are from 2026-10-12."""

NO_ANALYTICS_APP_ID = "1498807344"
""""Tidepool Weather": no analytics report request yet (create one there)."""

BIG_SEGMENT_INSTANCE_ID = "66f178ef-f07a-596d-9ffe-9e8e578a3055"
"""The MONTHLY "App Sessions Detailed" instance of ANALYTICS_REQUEST_ID processed on
2026-11-01: one segment of 210,025 rows (about 2.6 MB gzip, generated as it streams)."""

GATE_PASS_BASE_BUILD_ID = "09a6ad90-34ac-5560-819e-537da253355e"
"""Build 924 of "Trailhead: Hike & Run" 4.4. ``asc-tui check --app BIG_APP_ID --build
GATE_PASS_HEAD_BUILD_ID --base GATE_PASS_BASE_BUILD_ID --rules examples/asc-perf.toml``
passes: same version, same signatures, metrics within a few percent, no Apple regression."""

GATE_PASS_HEAD_BUILD_ID = "ff65b3d4-b4a8-5aa1-9acd-e1e310354152"
"""Build 925, the newest of "Trailhead: Hike & Run" 4.4. Checking HUGE_LOG_BUILD_ID (4.5)
against it (the default base: the newest build of the version before) fails
examples/asc-perf.toml: launch time p90 +21%, a new hang signature, Apple's regressions."""
