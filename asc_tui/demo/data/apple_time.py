"""Timestamps the way App Store Connect writes them: ISO 8601 in Cupertino local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def _nth_sunday(year: int, month: int, n: int) -> datetime:
    first = datetime(year, month, 1, tzinfo=UTC)
    offset = (6 - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (n - 1))


def pacific_offset(moment: datetime) -> timedelta:
    """UTC offset of US Pacific time at ``moment`` (DST: 2nd Sunday of March to 1st of Nov)."""
    utc = moment.astimezone(UTC)
    dst_start = _nth_sunday(utc.year, 3, 2) + timedelta(hours=10)  # 02:00 PST
    dst_end = _nth_sunday(utc.year, 11, 1) + timedelta(hours=9)  # 02:00 PDT
    return timedelta(hours=-7) if dst_start <= utc < dst_end else timedelta(hours=-8)


def apple_timestamp(moment: datetime) -> str:
    """e.g. ``2022-09-07T10:42:15-07:00``."""
    offset = pacific_offset(moment)
    local = moment.astimezone(UTC).replace(tzinfo=None) + offset
    hours = int(offset.total_seconds()) // 3600
    return f"{local:%Y-%m-%dT%H:%M:%S}{'-' if hours < 0 else '+'}{abs(hours):02d}:00"
