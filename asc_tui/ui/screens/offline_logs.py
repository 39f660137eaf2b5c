"""A saved logs file opened from disk (`asc-tui logs open FILE`): the same viewer, no
network, no credentials. `r` reads the file again."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, ClassVar

from ...api.diagnostic_logs import DiagnosticLogsDocument
from ...api.models import App, Build, DiagnosticSignature
from ...logs.files import load_logs_file
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
    is_root: ClassVar[bool] = True

    def __init__(self, path: Path, raw: Any, document: DiagnosticLogsDocument) -> None:
        super().__init__(*offline_models(path, document))
        self.path = path
        self._initial: tuple[Any, DiagnosticLogsDocument] | None = (raw, document)

    def breadcrumb(self) -> list[str]:
        return [str(self.path)]

    async def fetch_logs(self, refresh: bool) -> int:
        if self._initial is not None and not refresh:
            raw, document = self._initial
        else:
            raw, document = await asyncio.to_thread(load_logs_file, self.path)
        self._initial = None
        self.show_document(raw, document)
        return len(document.logs)
