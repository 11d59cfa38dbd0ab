"""Layout facts for check-format: what an existing .docx says about its page, as plain values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError
from ._common import _WQ, NO_BODY, NO_DOCUMENT, R_NS, broken_xml
from .reader import _open_part

# ---------------------------------------------------------------------------------------------
# Layout facts, for check-format: what an existing .docx says about its page, as plain values.
# Nothing is resolved here (style inheritance, theme fonts): checkformat.py does that.

_RQ = f"{{{R_NS}}}"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_UNITS = {"mm": 56.6929, "cm": 566.929, "in": 1440.0, "pt": 20.0, "pc": 240.0, "pi": 240.0}


@dataclass(frozen=True)
class RunFormat:
    """Character properties as written at one level; None means "not said here" (inherited)."""

    east_asia: str | None = None
    east_asia_theme: str | None = None  # minorEastAsia / majorEastAsia
    ascii: str | None = None
    size: float | None = None  # pt
    spacing: float | None = None  # pt of character spacing (w:spacing on a run)


@dataclass(frozen=True)
class ParagraphFormat:
    line: int | None = None  # twips for exact/atLeast, 240ths of a line for auto
    line_rule: str | None = None  # exact, atLeast, auto
    align: str | None = None  # w:jc
    snap_to_grid: bool | None = None


@dataclass(frozen=True)
class StyleFacts:
    style_id: str
    name: str
    kind: str  # paragraph, character, table, numbering
    based_on: str | None
    default: bool
    paragraph: ParagraphFormat
    run: RunFormat


@dataclass(frozen=True)
class RunFacts:
    text: str
    style: str | None
    format: RunFormat


@dataclass(frozen=True)
class ParagraphFacts:
    number: int  # as in iter_paragraphs: the line number lint and check-format report
    style: str | None
    format: ParagraphFormat
    runs: tuple[RunFacts, ...]
    in_table: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class SectionFacts:
    paragraph: int  # the paragraph that ends the section
    page_width: int | None  # twips
    page_height: int | None
    margin_top: int | None
    margin_bottom: int | None
    margin_left: int | None
    margin_right: int | None
    footer_distance: int | None
    grid_type: str | None
    grid_line_pitch: int | None
    grid_char_space: int | None
    footers: tuple[tuple[str, str], ...]  # (default/even/first, part name)
    title_page: bool = False


@dataclass(frozen=True)
class FooterFacts:
    part: str
    text: str
    has_page_field: bool
    align: str | None  # w:jc of the paragraph holding the text or the field


@dataclass(frozen=True)
class LayoutFacts:
    sections: tuple[SectionFacts, ...]
    default_run: RunFormat
    default_paragraph: ParagraphFormat
    styles: dict[str, StyleFacts]
    paragraphs: tuple[ParagraphFacts, ...]
    footers: dict[str, FooterFacts]
    even_and_odd: bool
    theme_fonts: dict[str, str] = field(default_factory=dict)  # minor/major → East Asian typeface


def _parse_part(path: str, data: bytes, part: str):
    from lxml import etree

    xml = _open_part(path, data, part)
    if xml is None:
        return None
    try:
        return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        raise DocumentError(broken_xml(part, exc), file=path) from None


def _on(el) -> bool | None:
    if el is None:
        return None
    return (el.get(f"{_WQ}val") or "true").lower() not in ("0", "false", "off")


def _twips(value: str | None) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(r"\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt|pc|pi)?\s*", value)
    if not m:
        return None
    return round(float(m.group(1)) * (_UNITS[m.group(2)] if m.group(2) else 1))


def _run_format(rpr) -> RunFormat:
    if rpr is None:
        return RunFormat()
    fonts = rpr.find(f"{_WQ}rFonts")
    size = rpr.find(f"{_WQ}sz")
    spacing = rpr.find(f"{_WQ}spacing")
    half_points = _twips(size.get(f"{_WQ}val")) if size is not None else None
    twentieths = _twips(spacing.get(f"{_WQ}val")) if spacing is not None else None
    return RunFormat(
        east_asia=fonts.get(f"{_WQ}eastAsia") if fonts is not None else None,
        east_asia_theme=fonts.get(f"{_WQ}eastAsiaTheme") if fonts is not None else None,
        ascii=fonts.get(f"{_WQ}ascii") if fonts is not None else None,
        size=half_points / 2 if half_points is not None else None,
        spacing=twentieths / 20 if twentieths is not None else None,
    )


def _paragraph_format(ppr) -> ParagraphFormat:
    if ppr is None:
        return ParagraphFormat()
    spacing = ppr.find(f"{_WQ}spacing")
    jc = ppr.find(f"{_WQ}jc")
    line = _twips(spacing.get(f"{_WQ}line")) if spacing is not None else None
    rule = spacing.get(f"{_WQ}lineRule") if spacing is not None else None
    return ParagraphFormat(
        line=line,
        line_rule=(rule or "auto") if line is not None else None,
        align=jc.get(f"{_WQ}val") if jc is not None else None,
        snap_to_grid=_on(ppr.find(f"{_WQ}snapToGrid")),
    )


def _relationships(path: str, data: bytes) -> dict[str, str]:
    root = _parse_part(path, data, "word/_rels/document.xml.rels")
    if root is None:
        return {}
    out = {}
    for rel in root:
        target = rel.get("Target") or ""
        out[rel.get("Id") or ""] = target.lstrip("/") if target.startswith("/") else f"word/{target}"
    return out


def _section(sect, paragraph: int, rels: dict[str, str]) -> SectionFacts:
    size = sect.find(f"{_WQ}pgSz")
    mar = sect.find(f"{_WQ}pgMar")
    grid = sect.find(f"{_WQ}docGrid")

    def get(el, name):
        return _twips(el.get(f"{_WQ}{name}")) if el is not None else None

    footers = tuple(
        (ref.get(f"{_WQ}type") or "default", rels.get(ref.get(f"{_RQ}id") or "", ""))
        for ref in sect.findall(f"{_WQ}footerReference")
    )
    return SectionFacts(
        paragraph=paragraph,
        page_width=get(size, "w"),
        page_height=get(size, "h"),
        margin_top=get(mar, "top"),
        margin_bottom=get(mar, "bottom"),
        margin_left=get(mar, "left"),
        margin_right=get(mar, "right"),
        footer_distance=get(mar, "footer"),
        grid_type=grid.get(f"{_WQ}type") if grid is not None else None,
        grid_line_pitch=get(grid, "linePitch"),
        grid_char_space=get(grid, "charSpace"),
        footers=footers,
        title_page=bool(_on(sect.find(f"{_WQ}titlePg"))),
    )


def _footer(path: str, data: bytes, part: str) -> FooterFacts | None:
    root = _parse_part(path, data, part)
    if root is None:
        return None
    text = "".join(t.text or "" for t in root.iter(f"{_WQ}t"))
    align, has_field = None, False
    for p in root.iter(f"{_WQ}p"):
        instr = " ".join(
            [i.text or "" for i in p.iter(f"{_WQ}instrText")]
            + [f.get(f"{_WQ}instr") or "" for f in p.iter(f"{_WQ}fldSimple")]
        )
        field_here = re.search(r"(?<![A-Z])PAGE(?![A-Z])", instr.upper()) is not None
        has_field = has_field or field_here
        if align is None and (field_here or "".join(t.text or "" for t in p.iter(f"{_WQ}t")).strip()):
            jc = p.find(f"{_WQ}pPr/{_WQ}jc")
            align = jc.get(f"{_WQ}val") if jc is not None else "left"
    return FooterFacts(part, text, has_field, align)


def _theme_fonts(path: str, data: bytes) -> dict[str, str]:
    root = _parse_part(path, data, "word/theme/theme1.xml")
    out: dict[str, str] = {}
    if root is None:
        return out
    for kind in ("minor", "major"):
        scheme = root.find(f".//{{{_A_NS}}}{kind}Font")
        if scheme is None:
            continue
        hans = [f.get("typeface") for f in scheme.findall(f"{{{_A_NS}}}font") if f.get("script") == "Hans"]
        ea = scheme.find(f"{{{_A_NS}}}ea")
        face = (hans[0] if hans else None) or (ea.get("typeface") if ea is not None else None)
        if face:
            out[kind] = face
    return out


def layout_facts(path: str | Path, data: bytes | None = None) -> LayoutFacts:
    """Page setup, styles, paragraphs (with their runs' formatting) and footers of a .docx, as written."""
    path = str(path)
    if data is None:
        data = Path(path).read_bytes()
    document = _parse_part(path, data, "word/document.xml")
    if document is None:
        raise DocumentError(NO_DOCUMENT, file=path)
    body = document.find(f"{_WQ}body")
    if body is None:
        raise DocumentError(NO_BODY, file=path)
    rels = _relationships(path, data)

    paragraphs, sections = [], []
    for number, p in enumerate(body.iter(f"{_WQ}p"), start=1):
        ppr = p.find(f"{_WQ}pPr")
        style = p.find(f"{_WQ}pPr/{_WQ}pStyle")
        runs = []
        for r in p.iter(f"{_WQ}r"):
            rstyle = r.find(f"{_WQ}rPr/{_WQ}rStyle")
            text = "".join(t.text or "" for t in r.iter(f"{_WQ}t"))
            runs.append(RunFacts(text, rstyle.get(f"{_WQ}val") if rstyle is not None else None,
                                 _run_format(r.find(f"{_WQ}rPr"))))
        in_table = any(a.tag == f"{_WQ}tbl" for a in p.iterancestors())
        paragraphs.append(ParagraphFacts(number, style.get(f"{_WQ}val") if style is not None else None,
                                         _paragraph_format(ppr), tuple(runs), in_table))
        sect = ppr.find(f"{_WQ}sectPr") if ppr is not None else None
        if sect is not None:
            sections.append(_section(sect, number, rels))
    last = body.find(f"{_WQ}sectPr")
    if last is not None:
        sections.append(_section(last, len(paragraphs), rels))

    styles_root = _parse_part(path, data, "word/styles.xml")
    styles: dict[str, StyleFacts] = {}
    default_run, default_paragraph = RunFormat(), ParagraphFormat()
    if styles_root is not None:
        default_run = _run_format(styles_root.find(f"{_WQ}docDefaults/{_WQ}rPrDefault/{_WQ}rPr"))
        default_paragraph = _paragraph_format(styles_root.find(f"{_WQ}docDefaults/{_WQ}pPrDefault/{_WQ}pPr"))
        for st in styles_root.findall(f"{_WQ}style"):
            style_id = st.get(f"{_WQ}styleId") or ""
            name = st.find(f"{_WQ}name")
            based = st.find(f"{_WQ}basedOn")
            styles[style_id] = StyleFacts(
                style_id=style_id,
                name=name.get(f"{_WQ}val") if name is not None else style_id,
                kind=st.get(f"{_WQ}type") or "paragraph",
                based_on=based.get(f"{_WQ}val") if based is not None else None,
                default=(st.get(f"{_WQ}default") or "").lower() in ("1", "true", "on"),
                paragraph=_paragraph_format(st.find(f"{_WQ}pPr")),
                run=_run_format(st.find(f"{_WQ}rPr")),
            )

    settings = _parse_part(path, data, "word/settings.xml")
    even_and_odd = bool(settings is not None and _on(settings.find(f"{_WQ}evenAndOddHeaders")))
    parts = dict.fromkeys(part for section in sections for _, part in section.footers if part)
    footers = {part: facts for part in parts if (facts := _footer(path, data, part)) is not None}
    return LayoutFacts(tuple(sections), default_run, default_paragraph, styles, tuple(paragraphs), footers,
                       even_and_odd, _theme_fonts(path, data))


