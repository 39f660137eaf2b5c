"""Analytics records of the demo: report requests → reports → instances → segments.

The seeded records are derived from ``analytics_catalog`` and identical on every server;
:class:`AnalyticsState` is one server's mutable view of them (requests created and
deleted through the API). A new request has its reports at once but no instances: Apple
delivers the first ones 24 to 48 hours later.
"""

from __future__ import annotations

import functools
import itertools
import math
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from .analytics_catalog import (
    BIG_SEGMENT_DATE,
    BIG_SEGMENT_REPORT,
    BIG_SEGMENT_ROWS,
    GRANULARITIES,
    REPORT_KINDS,
    REQUEST_SEEDS,
    RETENTION_DAYS,
    ROWS_PER_SEGMENT,
    TODAY,
    ReportKind,
    RequestSeed,
)
from .catalog import BIG_APP
from .seeding import rng, stable_uuid


@dataclass(frozen=True)
class RequestRecord:
    id: str
    app_id: str
    access_type: str
    stopped: bool
    seed: RequestSeed | None
    """None for a request created on this server (it has no instances yet)."""


@dataclass(frozen=True)
class ReportRecord:
    id: str
    request_id: str
    app_id: str
    kind: ReportKind


@dataclass(frozen=True)
class InstanceRecord:
    id: str
    report: ReportRecord
    granularity: str
    processing_date: date
    days: tuple[date, ...]
    """The days whose data the instance holds (one row block per day)."""
    rows_per_day: int
    segment_count: int

    @property
    def rows(self) -> int:
        return self.rows_per_day * len(self.days)


@dataclass(frozen=True)
class SegmentRecord:
    id: str
    instance: InstanceRecord
    number: int
    first_row: int
    rows: int


def covered_days(granularity: str, processing: date) -> tuple[date, ...]:
    """DAILY: the day before; WEEKLY: the Monday-to-Sunday week before; MONTHLY: the
    month before the processing date."""
    if granularity == "DAILY":
        return (processing - timedelta(days=1),)
    if granularity == "WEEKLY":
        end = processing - timedelta(days=processing.weekday() + 1)
        return tuple(end - timedelta(days=n) for n in range(6, -1, -1))
    end = processing.replace(day=1) - timedelta(days=1)
    return tuple(end.replace(day=n) for n in range(1, end.day + 1))


def processing_dates(seed: RequestSeed) -> dict[str, list[date]]:
    """Processing dates per granularity, newest first, within the 35 days kept."""
    if seed.access_type == "ONE_TIME_SNAPSHOT":
        once = seed.requested + timedelta(days=2)
        return {g: [once] for g in GRANULARITIES}
    first = max(seed.requested + timedelta(days=2), TODAY - timedelta(days=RETENTION_DAYS))
    last = min(seed.stopped_on or TODAY, TODAY) - timedelta(days=1)
    days = [last - timedelta(days=n) for n in range((last - first).days + 1)]
    return {
        "DAILY": days,
        "WEEKLY": [d for d in days if d.weekday() == 0],
        "MONTHLY": [d for d in days if d.day == 1],
    }


def request_record(seed: RequestSeed) -> RequestRecord:
    request_id = stable_uuid("analytics-request", seed.app_id, seed.access_type, seed.requested)
    return RequestRecord(
        request_id, seed.app_id, seed.access_type, seed.stopped_on is not None, seed
    )


def report_records(request: RequestRecord) -> list[ReportRecord]:
    return [
        ReportRecord(
            stable_uuid("analytics-report", request.id, kind.name), request.id, request.app_id, kind
        )
        for kind in REPORT_KINDS
    ]


def _is_big(report: ReportRecord, seed: RequestSeed, granularity: str, when: date) -> bool:
    return (
        report.app_id == BIG_APP.app_id
        and seed.access_type == "ONGOING"
        and report.kind.name == BIG_SEGMENT_REPORT
        and granularity == "MONTHLY"
        and when == BIG_SEGMENT_DATE
    )


def instance_records(report: ReportRecord, seed: RequestSeed) -> list[InstanceRecord]:
    """Newest first; DAILY, then WEEKLY, then MONTHLY for equal dates."""
    instances: list[InstanceRecord] = []
    for granularity, dates in processing_dates(seed).items():
        for when in dates:
            instance_id = stable_uuid("analytics-instance", report.id, granularity, when)
            days = covered_days(granularity, when)
            if _is_big(report, seed, granularity, when):
                per_day, segments = math.ceil(BIG_SEGMENT_ROWS / len(days)), 1
            else:
                wobble = rng("analytics-rows", instance_id).uniform(0.8, 1.2)
                per_day = round(report.kind.rows_per_day * wobble)
                per_day = max(1, min(per_day, report.kind.combinations))
                segments = math.ceil(per_day * len(days) / ROWS_PER_SEGMENT)
            instances.append(
                InstanceRecord(instance_id, report, granularity, when, days, per_day, segments)
            )
    order = {g: n for n, g in enumerate(GRANULARITIES)}
    instances.sort(key=lambda i: (-i.processing_date.toordinal(), order[i.granularity]))
    return instances


def segment_records(instance: InstanceRecord) -> list[SegmentRecord]:
    size = math.ceil(instance.rows / instance.segment_count)
    return [
        SegmentRecord(
            stable_uuid("analytics-segment", instance.id, n),
            instance,
            n,
            n * size,
            min(size, instance.rows - n * size),
        )
        for n in range(instance.segment_count)
    ]


@dataclass(frozen=True)
class Seeded:
    requests: dict[str, RequestRecord]
    reports: dict[str, ReportRecord]
    instances: dict[str, InstanceRecord]
    instances_by_report: dict[str, list[InstanceRecord]]
    segments: dict[str, SegmentRecord]


@functools.cache
def seeded() -> Seeded:
    """Every seeded record, indexed by ID (about 1,100 instances; no rows generated)."""
    data = Seeded({}, {}, {}, {}, {})
    for seed in REQUEST_SEEDS:
        request = request_record(seed)
        data.requests[request.id] = request
        for report in report_records(request):
            data.reports[report.id] = report
            instances = instance_records(report, seed)
            data.instances_by_report[report.id] = instances
            for instance in instances:
                data.instances[instance.id] = instance
                data.segments.update((s.id, s) for s in segment_records(instance))
    return data


class AnalyticsState:
    """One server's report requests: the seeded ones, minus deletions, plus creations."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[str, RequestRecord] = dict(seeded().requests)
        self._reports: dict[str, ReportRecord] = {}
        self._numbers = itertools.count(1)

    def requests_of(self, app_id: str) -> list[RequestRecord]:
        with self._lock:
            return [r for r in self._requests.values() if r.app_id == app_id]

    def request(self, request_id: str) -> RequestRecord | None:
        with self._lock:
            return self._requests.get(request_id)

    def active_request(self, app_id: str, access_type: str) -> RequestRecord | None:
        """The request that a new one of ``access_type`` would duplicate (not stopped)."""
        for request in self.requests_of(app_id):
            if request.access_type == access_type and not request.stopped:
                return request
        return None

    def create(self, app_id: str, access_type: str) -> RequestRecord | None:
        """A new request, or None when an active one of that access type exists."""
        with self._lock:
            for existing in self._requests.values():
                if (existing.app_id, existing.access_type) == (app_id, access_type) and (
                    not existing.stopped
                ):
                    return None
            number = next(self._numbers)
            request_id = stable_uuid("analytics-request", app_id, access_type, "new", number)
            request = RequestRecord(request_id, app_id, access_type, False, None)
            self._requests[request_id] = request
            self._reports.update((r.id, r) for r in report_records(request))
            return request

    def delete(self, request_id: str) -> bool:
        with self._lock:
            return self._requests.pop(request_id, None) is not None

    def reports_of(self, request: RequestRecord) -> list[ReportRecord]:
        if request.seed is not None:
            return [r for r in seeded().reports.values() if r.request_id == request.id]
        with self._lock:
            return [r for r in self._reports.values() if r.request_id == request.id]

    def report(self, report_id: str) -> ReportRecord | None:
        with self._lock:
            report = seeded().reports.get(report_id) or self._reports.get(report_id)
            alive = report is not None and report.request_id in self._requests
        return report if alive else None

    def instances_of(self, report: ReportRecord) -> list[InstanceRecord]:
        return list(seeded().instances_by_report.get(report.id, ()))

    def instance(self, instance_id: str) -> InstanceRecord | None:
        instance = seeded().instances.get(instance_id)
        if instance is None or self.report(instance.report.id) is None:
            return None
        return instance

    def segments_of(self, instance: InstanceRecord) -> list[SegmentRecord]:
        return segment_records(instance)

    def segment(self, segment_id: str) -> SegmentRecord | None:
        segment = seeded().segments.get(segment_id)
        if segment is None or self.instance(segment.instance.id) is None:
            return None
        return segment


def all_seeded_instances() -> Iterator[InstanceRecord]:
    return iter(seeded().instances.values())
