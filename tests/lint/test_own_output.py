"""What speechkit writes must pass speechkit's own linter: every example, as .docx and as text."""

from __future__ import annotations

import pytest

from speechkit import build, docx_bytes, lint, load_outline, read_docx, to_text
from speechkit.drafts import read_document
from tests.conftest import EXAMPLES

OUTLINES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: p.stem)
def test_rendered_examples_are_lint_clean(outline, tmp_path):
    document = build(load_outline(str(outline)))
    docx = tmp_path / f"{outline.stem}.docx"
    docx.write_bytes(docx_bytes(document))
    text = tmp_path / f"{outline.stem}.txt"
    text.write_text(to_text(document), encoding="utf-8")
    for path in (docx, text):
        findings = lint(read_docx(path) if path.suffix == ".docx" else read_document(path))
        assert not findings, [f"{f.code} {f.message}" for f in findings]
