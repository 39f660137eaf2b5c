"""A saved logs file opened from disk (`asc-tui logs open FILE`): the same viewer, no
network, no credentials. `r` reads the file again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from ...api.builds import Build
from ...api.diagnostic_logs import DiagnosticLogsDocument
from ...api.models import App
from ...api.signatures import DiagnosticSignature
from ...logs.files import open_logs_file
from ...logs.opening import OpenedLogs
from ...safe_text import visible
from .logs import LogsScreen


def offline_models(
    path: Path, document: DiagnosticLogsDocument
) -> tuple[App, Build, DiagnosticSignature]:
    """Stand-ins for the app, build and signature a saved file does not name."""
    log = document.logs[0] if document.logs else None
    meta = log.metadata if log is not None else {}
    signature_id = next((p.signature_id for p in document.products if p.signature_id), "")
    app = App(id="", name=meta.get("bundleId") or path.name, bundle_id=meta.get("bundleId", ""))
    build = Build(
        id="",
        version=meta.get("buildVersion", ""),
        marketing_version=meta.get("appVersion") or None,
    )
    signature = DiagnosticSignature(
        id=signature_id or path.stem,
        diagnostic_type="",
        signature=f"{path.name} (saved file, offline)",
        weight=-1.0,
    )
    return app, build, signature


class OfflineLogsScreen(LogsScreen):
    """``raw`` and ``document`` as ``open_logs_file`` gives them: with ``rest``, the first
    part of a big file, shown at once while ``rest`` reads the whole in a thread."""

    is_root: ClassVar[bool] = True

    def __init__(
        self,
        path: Path,
        raw: Any,
        document: DiagnosticLogsDocument,
        rest: Callable[[], tuple[Any, DiagnosticLogsDocument]] | None = None,
    ) -> None:
        super().__init__(*offline_models(path, document))
        self.path = path
        self._initial: OpenedLogs | None = OpenedLogs(raw, document, rest)

    def breadcrumb(self) -> list[str]:
        return [str(self.path)]

    def reading_what(self) -> str:
        return visible(self.path.name)

    async def fetch_logs(self, refresh: bool) -> int:
        opened, self._initial = self._initial, None
        if opened is None or refresh:
            opened = await asyncio.to_thread(open_logs_file, self.path)
        raw, document = await self.whole_of(opened)
        if opened.rest is not None:  # the metadata after the stacks names the saved copy
            self.app_model, self.build, self.signature = offline_models(self.path, document)
        self.show_document(raw, document)
        return len(document.logs)
