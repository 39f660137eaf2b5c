"""Lists that stopped part way, as every listing command prints them: the rows that loaded
are written (complete JSON or CSV), then what stopped the list is reported on stderr and
sets the exit code (``exit_codes.report_error``)."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Mapping, Sequence
from typing import TypeVar, cast

from ..errors import IncompleteListError
from .exit_codes import EXIT_OK

T = TypeVar("T")


async def partial(listing: Awaitable[list[T]]) -> tuple[list[T], IncompleteListError | None]:
    """The list, or the part that loaded before it stopped and why."""
    try:
        return await listing, None
    except IncompleteListError as error:
        return cast("list[T]", error.items), error


def write_partial(
    rows: Sequence[Mapping[str, object]], stopped: IncompleteListError | None, fmt: str
) -> int:
    """Write the rows that loaded; a list that stopped part way is then reported."""
    from .output import write_rows

    write_rows(rows, fmt, sys.stdout)
    if stopped is not None:
        sys.stdout.flush()
        raise stopped
    return EXIT_OK
