"""The model against LibreOffice on ~15 random outlines (skips without soffice/pdftotext)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from tests.layout.conftest import missing_tools

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "pagination_agreement.py"


@pytest.mark.layout
def test_start_pages_agree_with_libreoffice(tmp_path):
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    spec = importlib.util.spec_from_file_location("pagination_agreement", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules["pagination_agreement"] = bench
    spec.loader.exec_module(bench)
    outcomes = bench.run(16, 15, tmp_path)
    matched = [o for o in outcomes if o.actual is not None]
    assert len(matched) > 0.95 * len(outcomes)
    agree = [o for o in matched if o.actual[0] == o.predicted[0]]
    assert len(agree) >= 0.97 * len(matched)
    furniture = [o for o in matched if o.style in ("SKSignature", "SKDate", "table")]
    assert all(o.actual[0] == o.predicted[0] for o in furniture)
