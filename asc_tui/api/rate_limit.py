"""The API budget the server reports with each answer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The API budget from the ``X-Rate-Limit`` header: the hourly limit and what is left."""

    limit: int | None
    remaining: int | None

    @classmethod
    def from_header(cls, value: str | None) -> RateLimit | None:
        """Parse ``user-hour-lim:3600;user-hour-rem:3121;``."""
        if not value:
            return None
        fields: dict[str, int] = {}
        for part in value.split(";"):
            key, sep, number = part.partition(":")
            if sep and number.strip().isdigit():
                fields[key.strip()] = int(number.strip())
        if not fields:
            return None
        return cls(limit=fields.get("user-hour-lim"), remaining=fields.get("user-hour-rem"))
