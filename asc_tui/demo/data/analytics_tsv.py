"""The files behind analytics segments: gzip-compressed, tab-separated text with a header
row, generated deterministically and streamed (the 210,000-row segment is never held in
memory as rows). Each segment is a complete TSV file with its own header row."""

from __future__ import annotations

import functools
import hashlib
import zlib
from collections.abc import Iterator

from .analytics_catalog import APP_SCALE, APP_VERSIONS, Dimension, Metric, ReportKind
from .analytics_records import InstanceRecord, SegmentRecord
from .builds import app_spec
from .seeding import rng

LINES_PER_CHUNK = 2000
PRICES = (2.99, 4.99, 29.99)


def header_line(kind: ReportKind) -> str:
    return "\t".join(kind.columns) + "\n"


def _dimension_values(dimension: Dimension, app_id: str) -> tuple[str, ...]:
    if dimension.values == APP_VERSIONS:
        app = app_spec(app_id)
        return app.versions[-4:] if app is not None else ("1.0", "1.1", "1.2", "1.3")
    return dimension.values


def _metric_values(metrics: tuple[Metric, ...], scale: int, draw: Iterator[float]) -> str:
    values: list[str] = []
    previous = 0.0
    for metric in metrics:
        u = next(draw)
        if metric.kind == "share":
            value = float(
                max(1, round(previous * (metric.low + (metric.high - metric.low) * u) / 100))
            )
            values.append(str(int(value)))
        elif metric.kind == "money":
            price = PRICES[int(u * len(PRICES)) % len(PRICES)]
            value = previous * price * metric.low / 100
            values.append(f"{value:.2f}")
        else:
            value = float((metric.low + int((metric.high - metric.low) * u**3)) * scale)
            values.append(str(int(value)))
        previous = value
    return "\t".join(values)


def day_lines(instance: InstanceRecord, day_index: int) -> list[str]:
    """The rows of one covered day: a deterministic sample of dimension combinations."""
    report = instance.report
    kind = report.kind
    app = app_spec(report.app_id)
    dims = [_dimension_values(d, report.app_id) for d in kind.dimensions]
    radices = [len(v) for v in dims]
    total = 1
    for radix in radices:
        total *= radix
    random = rng("analytics-day", instance.id, day_index)
    picks = sorted(random.sample(range(total), min(instance.rows_per_day, total)))
    day = instance.days[day_index].isoformat()
    prefix = f"{day}\t{app.name if app else 'App'}\t{report.app_id}\t"
    scale = APP_SCALE.get(report.app_id, 1)
    draw = iter(random.random, -1.0)
    lines: list[str] = []
    for pick in picks:
        parts: list[str] = []
        for values, radix in zip(reversed(dims), reversed(radices), strict=True):
            pick, rest = divmod(pick, radix)
            parts.append(values[rest])
        parts.reverse()
        lines.append(f"{prefix}{chr(9).join(parts)}\t{_metric_values(kind.metrics, scale, draw)}\n")
    return lines


def segment_text(segment: SegmentRecord) -> Iterator[str]:
    """The segment's TSV text in chunks: the header, then its share of the rows."""
    instance = segment.instance
    yield header_line(instance.report.kind)
    per_day = instance.rows_per_day
    start, stop = segment.first_row, segment.first_row + segment.rows
    batch: list[str] = []
    for day_index in range(start // per_day, (stop - 1) // per_day + 1 if stop > start else 0):
        lines = day_lines(instance, day_index)
        first = day_index * per_day
        batch.extend(lines[max(0, start - first) : stop - first])
        if len(batch) >= LINES_PER_CHUNK:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def gzip_chunks(segment: SegmentRecord) -> Iterator[bytes]:
    """The gzip file of a segment, compressed on the fly (mtime 0: always the same bytes)."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)
    for text in segment_text(segment):
        data = compressor.compress(text.encode())
        if data:
            yield data
    yield compressor.flush()


@functools.lru_cache(maxsize=64)
def small_file(segment: SegmentRecord) -> bytes:
    return b"".join(gzip_chunks(segment))


def file_chunks(segment: SegmentRecord, *, truncated: bool = False) -> Iterator[bytes]:
    """The stored file: cached whole when small, streamed when large. ``truncated``: the
    first two thirds of it, as a damaged upload would leave it."""
    if truncated:
        whole = b"".join(file_chunks(segment))
        yield whole[: len(whole) * 2 // 3]
    elif segment.rows <= 50_000:
        yield small_file(segment)
    else:
        yield from gzip_chunks(segment)


@functools.lru_cache(maxsize=4096)
def file_digest(segment: SegmentRecord, *, truncated: bool = False) -> tuple[int, str]:
    """(size in bytes, MD5 hex) of the stored file."""
    md5 = hashlib.md5(usedforsecurity=False)
    size = 0
    for chunk in file_chunks(segment, truncated=truncated):
        md5.update(chunk)
        size += len(chunk)
    return size, md5.hexdigest()
