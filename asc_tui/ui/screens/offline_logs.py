"""A saved logs file opened from disk (`asc-tui logs open FILE`): the same viewer, no
network, no credentials. `r` reads the file again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from ...api.diagnostic_logs import DiagnosticLogsDocument
from ...api.models import App, Build, DiagnosticSignature
from ...logs.files import OpenedLogs, open_logs_file
from ...safe_text import visible
from .logs import LogsScreen
from .region import DataRegion


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
        self._reading = False
        """A thread is reading the rest of the file (also after Esc stopped its load: the
        thread reads on to its end)."""

    def breadcrumb(self) -> list[str]:
        return [str(self.path)]

    def loading_label(self, region: DataRegion) -> str:
        if not self.partial:
            return ""
        then = " (then searches)" if self.call_tree.search_text.strip() else ""
        return f"Reading the rest of {self.path.name}…{then}"

    def action_back(self) -> None:
        if not self._reading:
            super().action_back()
        elif not self.back_clears():  # (stopping would only drop what the thread reads)
            self.notify(
                f"Still reading {visible(self.path.name)}: the whole log is shown once read.",
                markup=False,
            )

    def action_refresh(self) -> None:
        if self._reading:  # (a second read would hold the file twice: it is not started)
            self.notify(
                f"Still reading {visible(self.path.name)}: press r again once it is read.",
                severity="warning",
                markup=False,
            )
            return
        super().action_refresh()

    def _read_rest(
        self, rest: Callable[[], tuple[Any, DiagnosticLogsDocument]]
    ) -> tuple[Any, DiagnosticLogsDocument]:
        try:
            return rest()
        finally:
            self._reading = False

    async def fetch_logs(self, refresh: bool) -> int:
        opened, self._initial = self._initial, None
        if opened is None or refresh:
            opened = await asyncio.to_thread(open_logs_file, self.path)
        if opened.rest is not None:
            self.show_document(None, opened.document, partial=True)
            self.logs_region.progress(len(opened.document.logs))  # (no spinner: rows are up)
            rest, opened = opened.rest, OpenedLogs(None, opened.document)  # (the text: once)
            self._reading = True  # (until the thread ends: shielded, it always runs)
            read = asyncio.ensure_future(asyncio.to_thread(self._read_rest, rest))
            read.add_done_callback(lambda done: done.cancelled() or done.exception())
            raw, document = await asyncio.shield(read)
            # what the first part did not hold (metadata after the stacks): the save's name
            self.app_model, self.build, self.signature = offline_models(self.path, document)
        else:
            raw, document = opened.raw, opened.document
        self.show_document(raw, document)
        return len(document.logs)
