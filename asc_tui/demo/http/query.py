"""Query-parameter checks shared by the routes: only the parameters an endpoint accepts,
comma-separated lists, enum values — each mistake answered like Apple (400)."""

from __future__ import annotations

from collections.abc import Collection

from starlette.requests import Request

from .error_responses import illegal_parameter, invalid_parameter

Filter = tuple[str, ...] | None


class Query:
    def __init__(
        self,
        request: Request,
        allowed: Collection[str],
        *,
        prefixes: tuple[str, ...] = ("fields[",),
    ) -> None:
        self.params = request.query_params
        for name in self.params:
            if name not in allowed and not name.startswith(prefixes):
                raise illegal_parameter(name)

    def get(self, name: str) -> str | None:
        return self.params.get(name)

    def csv(self, name: str) -> Filter:
        """A comma-separated list, or None when the parameter is absent."""
        raw = self.params.get(name)
        if raw is None:
            return None
        values = tuple(v.strip() for v in raw.split(",") if v.strip())
        if not values:
            raise invalid_parameter(name, f"The parameter '{name}' requires a value")
        return values

    def enum(self, name: str, valid: Collection[str]) -> Filter:
        """A comma-separated list of values from ``valid`` (sorted), or None."""
        values = self.csv(name)
        if values is None:
            return None
        for value in values:
            if value not in valid:
                raise invalid_parameter(
                    name,
                    f"'{value}' is not a valid value for the parameter '{name}'. "
                    f"Expected one of: {', '.join(valid)}",
                )
        return tuple(sorted(set(values)))

    def choice(self, name: str, valid: Collection[str]) -> str | None:
        """A single value from ``valid``, or None when absent (e.g. ``sort``)."""
        raw = self.params.get(name)
        if raw is None:
            return None
        if raw not in valid:
            raise invalid_parameter(
                name,
                f"'{raw}' is not a valid value for the parameter '{name}'. "
                f"Expected one of: {', '.join(valid)}",
            )
        return raw

    def fields(self, resource_type: str) -> frozenset[str] | None:
        values = self.csv(f"fields[{resource_type}]")
        return None if values is None else frozenset(values)
