"""Render every kind's example once per session, through LibreOffice, and measure its pages.

Layout tests need LibreOffice (soffice) and poppler-utils (pdftotext, pdftoppm); without them they
skip with the reason, and the core suite still passes.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from speechkit import docx_io
from speechkit.blocks import Document
from speechkit.render.build import build, load_outline
from speechkit.soffice import docx_to_pdfs, find_soffice
from tests.conftest import EXAMPLES
from tests.layout.pdf_boxes import Page, read_pages


def missing_tools() -> str | None:
    try:
        soffice = find_soffice()
    except Exception as exc:  # a bad SPEECHKIT_SOFFICE
        return str(exc)
    if soffice is None:
        return "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
    for tool in ("pdftotext", "pdftoppm", "pdffonts"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed: apt-get install poppler-utils"
    return None


def example_kinds() -> list[str]:
    """Example outlines, found when the tests are collected: examples/<kind>.yaml, and variants of a
    kind named <kind>-<variant>.yaml (notice-issue.yaml: a notice that issues a plan)."""
    names = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        kind = data.get("kind") if isinstance(data, dict) else None
        if isinstance(kind, str) and (path.stem == kind or path.stem.startswith(f"{kind}-")):
            names.append(path.stem)
    return names


KINDS = example_kinds()


@dataclass(repr=False)
class Rendered:
    kind: str
    document: Document
    docx: bytes
    pdf_path: Path
    pages: list[Page]

    def __repr__(self) -> str:
        return f"<{self.kind}: {len(self.pages)} pages>"

    @property
    def gongwen(self) -> bool:
        return self.document.layout == "gongwen"


@pytest.fixture(scope="session")
def layout_tools() -> None:
    reason = missing_tools()
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="session")
def examples_rendered(layout_tools, tmp_path_factory) -> dict[str, Rendered]:
    """Every example through LibreOffice, in one run (starting LibreOffice costs more than a page)."""
    outlines = {name: load_outline(str(EXAMPLES / f"{name}.yaml")) for name in KINDS}
    documents = {name: build(outline) for name, outline in outlines.items()}
    packages = {name: docx_io.docx_bytes(document) for name, document in documents.items()}
    pdfs = docx_to_pdfs(list(packages.values()))
    folder = tmp_path_factory.mktemp("layout")
    out = {}
    for (name, docx), pdf in zip(packages.items(), pdfs, strict=True):
        pdf_path = folder / f"{name}.pdf"
        pdf_path.write_bytes(pdf)
        out[name] = Rendered(outlines[name].kind, documents[name], docx, pdf_path, read_pages(pdf_path))
    return out


@pytest.fixture(params=KINDS)
def rendered(request, examples_rendered) -> Rendered:
    return examples_rendered[request.param]
