"""The layers below ui/ never import Textual (ARCHITECTURE.md: imports point downward only)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "asc_tui"
NON_UI = [p for p in PACKAGE.rglob("*.py") if "ui" not in p.relative_to(PACKAGE).parts]


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_layers_under_test_exist() -> None:
    dirs = {p.relative_to(PACKAGE).parts[0] for p in NON_UI}
    assert {
        "api",
        "demo",
        "logs",
        "analytics",
        "metrics",
        "auth",
        "store",
        "files",
        "errors.py",
    } <= dirs


def test_no_module_outside_ui_imports_textual_or_rich() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in {"textual", "rich"}
        )
        for path in NON_UI
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_importing_the_lower_layers_loads_no_textual() -> None:
    modules = sorted(
        "asc_tui."
        + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).removesuffix(".__init__")
        for p in NON_UI
        if p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    assert "asc_tui.api.client" in modules and "asc_tui.cli" in modules


def test_the_first_screen_imports_no_network_stack() -> None:
    """The app and its first screen import without httpx or PyJWT: those load in a worker
    after the first frame (see benchmarks/startup.py)."""
    code = (
        "import sys\n"
        "import asc_tui.ui.app, asc_tui.ui.screens.apps\n"
        "print(sorted(m for m in ('httpx', 'jwt') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
