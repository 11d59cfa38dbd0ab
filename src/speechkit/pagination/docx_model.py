"""A .docx read into what pagination needs: paragraphs (runs with sizes, spacing, fonts; indents,
spacing, alignment, keep and break properties) and tables (rows of cells of paragraphs), with the
style hierarchy (document defaults → paragraph style chain → direct formatting) resolved.

Lengths are twips. Only what changes line counts or page breaks is read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Run:
    text: str  # "\n" stands for a line break, "\t" for a tab
    size: float  # twips per em
    spacing: float = 0.0  # character spacing, twips per character
    scale: float = 1.0  # w:w
    bold: bool = False


@dataclass
class Para:
    runs: list[Run]
    style: str = "Normal"
    align: str = "both"
    left: float = 0.0
    right: float = 0.0
    first: float = 0.0  # first-line indent; negative for a hanging indent
    before: float = 0.0
    after: float = 0.0
    line: float = 240.0
    line_rule: str = "auto"
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    widow_control: bool = False
    border_bottom: float = 0.0  # space + width of a bottom border, twips
    size: float = 320.0  # the paragraph mark's font size, twips per em
    section_break: bool = False  # a w:sectPr in the paragraph: the next block starts a new page
    page_breaks: int = 0  # w:br w:type="page" inside (split points are not modelled, only counted)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[list[Para]]]  # rows → cells → paragraphs
    widths: list[float]  # column widths
    floating_bottom: bool = False  # tblpPr with tblpYSpec="bottom": pinned to the bottom of the page
    border_top: float = 0.0
    border_bottom: float = 0.0
    border_inside: float = 0.0
    cell_margin: float = 108.0  # left + right, each


@dataclass
class Page:
    width: float
    height: float
    top: float
    bottom: float
    left: float
    right: float

    @property
    def body_height(self) -> float:
        return self.height - self.top - self.bottom

    @property
    def body_width(self) -> float:
        return self.width - self.left - self.right


@dataclass
class DocxModel:
    blocks: list[Para | Table]
    page: Page
    char_unit: float = 320.0  # what w:firstLineChars="100" means, twips
    kinsoku: bool = True
    autospace: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def _val(el: etree._Element | None, name: str = "val", default: str | None = None) -> str | None:
    if el is None:
        return default
    return el.get(f"{W}{name}", default)


def _on(el: etree._Element | None) -> bool | None:
    """A toggle element: absent → None, present → its w:val (default true)."""
    if el is None:
        return None
    return _val(el, default="1") not in ("0", "false", "off")


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_para = "Normal"
        self.ppr_default: etree._Element | None = None
        self.rpr_default: etree._Element | None = None
        if root is None:
            return
        for style in root.iter(f"{W}style"):
            sid = style.get(f"{W}styleId") or ""
            self.by_id[sid] = style
            if style.get(f"{W}type") == "paragraph" and _on(style) is not None and style.get(f"{W}default") == "1":
                self.default_para = sid
        self.ppr_default = root.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr")
        self.rpr_default = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")

    def chain(self, sid: str | None) -> list[etree._Element]:
        """The style and those it is based on, root first."""
        out: list[etree._Element] = []
        seen = set()
        while sid and sid in self.by_id and sid not in seen:
            seen.add(sid)
            style = self.by_id[sid]
            out.append(style)
            sid = _val(style.find(f"{W}basedOn"))
        return out[::-1]

    def layers(self, sid: str | None, tag: str) -> list[etree._Element]:
        default = self.ppr_default if tag == "pPr" else self.rpr_default
        found = [default] if default is not None else []
        for style in self.chain(sid):
            el = style.find(f"{W}{tag}")
            if el is not None:
                found.append(el)
        return found


def _read_part(source: zipfile.ZipFile, name: str) -> etree._Element | None:
    try:
        return etree.fromstring(source.read(name))
    except KeyError:
        return None


def open_package(docx: str | Path | bytes | Any) -> tuple[etree._Element, etree._Element | None]:
    """document.xml and styles.xml roots from a path, bytes, or a python-docx Document."""
    if hasattr(docx, "part") and hasattr(docx, "element"):  # python-docx Document
        body = docx.element
        styles = docx.part.styles.element if hasattr(docx.part, "styles") else None
        return body, styles
    data = docx if isinstance(docx, bytes) else Path(docx).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        document = _read_part(source, "word/document.xml")
        if document is None:
            raise ValueError("not a .docx: word/document.xml is missing")
        return document, _read_part(source, "word/styles.xml")
