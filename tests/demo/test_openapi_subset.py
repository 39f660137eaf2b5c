"""The schema subset the tests validate against is Apple's spec, verbatim."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FULL_SPEC = ROOT.parent / "shared/asc-openapi/openapi.oas.json"
sys.path.insert(0, str(ROOT / "scripts"))

from openapi_subset import ROOTS, subset  # noqa: E402


def test_subset_holds_every_root_and_all_it_references() -> None:
    from openapi_subset import refs

    stored = json.loads((ROOT / "tests/data/asc-openapi-subset.json").read_text())
    schemas = stored["components"]["schemas"]
    assert set(ROOTS) <= set(schemas)
    assert refs(schemas) <= set(schemas)
    assert stored["info"]["version"] == "4.4.1"


@pytest.mark.skipif(not FULL_SPEC.is_file(), reason="Apple's full spec is not beside the repo")
def test_subset_matches_apples_spec() -> None:
    stored = json.loads((ROOT / "tests/data/asc-openapi-subset.json").read_text())
    fresh = subset(json.loads(FULL_SPEC.read_text()), ROOTS)
    assert stored == fresh
