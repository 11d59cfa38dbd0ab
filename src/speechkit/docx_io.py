"""The only module that knows WordprocessingML: blocks → .docx, and .docx → blocks.

The writer does not go through python-docx. It emits the package itself: every part that does not
depend on the document (styles, settings, fonts, footers, relationships) is serialised once per
process, so a document costs only its own paragraphs. That is what makes a thousand-notice batch
fast, and it keeps the output byte-for-byte deterministic (fixed zip timestamps and entry order).
The reader uses lxml directly, with size limits, because a draft from outside may be hostile.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import gbt9704 as gb
from .blocks import Block, Document, body_block
from .errors import DocumentError, MarkupError
from .titles import break_title, text_width

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

# Characters XML 1.0 cannot carry at all; outline validation reports them with their YAML path,
# this is the last line of defence.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# ---------------------------------------------------------------------------------------------
# Constant parts, built once per process from the layout profile.


def _rfonts(east_asia: str, latin: str | None = None) -> str:
    latin = latin or gb.FONT["latin"]
    return (
        f'<w:rFonts w:ascii="{_esc(latin)}" w:hAnsi="{_esc(latin)}" '
        f'w:eastAsia="{_esc(east_asia)}" w:cs="{_esc(latin)}" w:hint="eastAsia"/>'
    )


def _style_rpr(spec: dict) -> str:
    parts = []
    if "font" in spec:
        latin = gb.FONT[spec["latin"]] if "latin" in spec else None
        parts.append(_rfonts(gb.FONT[spec["font"]], latin))
    if spec.get("bold"):
        parts.append("<w:b/><w:bCs/>")
    if "color" in spec:
        parts.append(f'<w:color w:val="{spec["color"]}"/>')
    if "char_spacing" in spec:
        parts.append(f'<w:spacing w:val="{spec["char_spacing"]}"/>')
    if "size" in spec:
        size = gb.SIZE[spec["size"]]
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _indent_xml(chars: int) -> str:
    return f'<w:ind w:firstLineChars="{chars * 100}" w:firstLine="{chars * gb.CHAR_WIDTH}"/>'


def _border_xml(side: str, spec: dict) -> str:
    return (f'<w:{side} w:val="{spec["val"]}" w:sz="{spec["sz"]}" w:space="{spec.get("space", 0)}" '
            f'w:color="{spec["color"]}"/>')


def _style_ppr(spec: dict) -> str:
    # Children in the schema's order: pBdr, tabs, spacing, ind, jc, outlineLvl.
    parts = []
    if "border_bottom" in spec:
        parts.append(f'<w:pBdr>{_border_xml("bottom", spec["border_bottom"])}</w:pBdr>')
    if "tabs" in spec:
        tabs = "".join(f'<w:tab w:val="{val}" w:pos="{pos}"/>' for val, pos in spec["tabs"])
        parts.append(f"<w:tabs>{tabs}</w:tabs>")
    if "before" in spec or "line" in spec:
        line = spec.get("line", gb.LINE_PITCH)
        parts.append(f'<w:spacing w:before="{spec.get("before", 0)}" w:after="0" w:line="{line}" '
                     'w:lineRule="exact"/>')
    if "ind" in spec:
        parts.append("<w:ind " + " ".join(f'w:{k}="{v}"' for k, v in spec["ind"].items()) + "/>")
    if "indent" in spec:
        parts.append(_indent_xml(spec["indent"]))
    if "align" in spec:
        parts.append(f'<w:jc w:val="{spec["align"]}"/>')
    if "outline" in spec:
        parts.append(f'<w:outlineLvl w:val="{spec["outline"]}"/>')
    return f"<w:pPr>{''.join(parts)}</w:pPr>" if parts else ""


@lru_cache(maxsize=1)
def _styles_xml() -> bytes:
    size = gb.SIZE["三号"]
    out = [
        _XML_HEAD,
        f"<w:styles {_W}>",
        "<w:docDefaults><w:rPrDefault><w:rPr>",
        _rfonts(gb.FONT["fangsong"]),
        f'<w:spacing w:val="{gb.CHAR_SPACING}"/><w:kern w:val="0"/>',
        f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>',
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>",
        # Closing punctuation must not hang into the right margin: the type area is the limit (§5.2.1).
        '<w:widowControl w:val="0"/><w:overflowPunct w:val="0"/><w:snapToGrid w:val="0"/>',
        f'<w:spacing w:before="0" w:after="0" w:line="{gb.LINE_PITCH}" w:lineRule="exact"/>',
        '<w:jc w:val="both"/>',
        "</w:pPr></w:pPrDefault></w:docDefaults>",
    ]
    for style_id, spec in gb.PARAGRAPH_STYLES.items():
        default = ' w:default="1"' if style_id == "Normal" else ""
        parent = None if style_id == "Normal" else spec.get("based_on", "Normal")
        based = f'<w:basedOn w:val="{parent}"/>' if parent else ""
        out.append(
            f'<w:style w:type="paragraph"{default} w:styleId="{style_id}"><w:name w:val="{_esc(spec["name"])}"/>'
            f"{based}<w:qFormat/>{_style_ppr(spec)}{_style_rpr(spec)}</w:style>"
        )
    for style_id, spec in gb.CHARACTER_STYLES.items():
        out.append(
            f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val="{_esc(spec["name"])}"/>'
            f"<w:qFormat/>{_style_rpr(spec)}</w:style>"
        )
    out.append(
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
        '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr></w:style>"
    )
    out.append("</w:styles>")
    return "".join(out).encode("utf-8")


@lru_cache(maxsize=1)
def _settings_xml() -> bytes:
    return (
        f"{_XML_HEAD}<w:settings {_W}>"
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"
        "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>"
        '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>'
        '</w:compat><w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
    ).encode()


@lru_cache(maxsize=1)
def _font_table_xml() -> bytes:
    fonts = []
    for name in dict.fromkeys(gb.FONT.values()):
        alt = f'<w:altName w:val="{_esc(gb.FONT_ALT[name])}"/>' if name in gb.FONT_ALT else ""
        charset = "00" if name == gb.FONT["latin"] else "86"
        family = "roman" if name == gb.FONT["latin"] else "modern"
        fonts.append(
            f'<w:font w:name="{_esc(name)}">{alt}<w:charset w:val="{charset}"/>'
            f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
        )
    return f"{_XML_HEAD}<w:fonts {_W}>{''.join(fonts)}</w:fonts>".encode()


def _footer_xml(align: str, indent_attr: str) -> bytes:
    # "— N —" with a real PAGE field; the cached "1" keeps Word from offering to repair the file.
    rpr = ""
    ppr = (
        f'<w:pPr><w:pStyle w:val="SKFooter"/><w:spacing w:line="240" w:lineRule="auto"/>'
        f'<w:ind {indent_attr}="{gb.SIZE["四号"] * 10}" w:firstLine="0" w:firstLineChars="0"/>'
        f'<w:jc w:val="{align}"/></w:pPr>'
    )
    return (
        f"{_XML_HEAD}<w:ftr {_W}><w:p>{ppr}"
        f'<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>1</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>'
        "</w:p></w:ftr>"
    ).encode()


_CONTENT_TYPES = (
    f"{_XML_HEAD}"
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/footer1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/word/footer2.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
).encode()

_PACKAGE_RELS = (
    f"{_XML_HEAD}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
    'core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
).encode()

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DOCUMENT_RELS = (
    f"{_XML_HEAD}"
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}styles" Target="styles.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}settings" Target="settings.xml"/>'
    f'<Relationship Id="rId3" Type="{_REL}fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rId4" Type="{_REL}footer" Target="footer1.xml"/>'
    f'<Relationship Id="rId5" Type="{_REL}footer" Target="footer2.xml"/>'
    "</Relationships>"
).encode()


@lru_cache(maxsize=1)
def _constant_parts() -> tuple[tuple[str, bytes], ...]:
    return (
        ("[Content_Types].xml", _CONTENT_TYPES),
        ("_rels/.rels", _PACKAGE_RELS),
        ("word/_rels/document.xml.rels", _DOCUMENT_RELS),
        ("word/styles.xml", _styles_xml()),
        ("word/settings.xml", _settings_xml()),
        ("word/fontTable.xml", _font_table_xml()),
        ("word/footer1.xml", _footer_xml("right", "w:right")),
        ("word/footer2.xml", _footer_xml("left", "w:left")),
    )


def _section_xml(restart: bool = False) -> str:
    start = ' w:start="1"' if restart else ""
    return (
        '<w:sectPr><w:footerReference w:type="default" r:id="rId4"/>'
        '<w:footerReference w:type="even" r:id="rId5"/>'
        f'<w:pgSz w:w="{gb.PAGE_WIDTH}" w:h="{gb.PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{gb.MARGIN_TOP}" w:right="{gb.MARGIN_RIGHT}" w:bottom="{gb.MARGIN_BOTTOM}" '
        f'w:left="{gb.MARGIN_LEFT}" w:header="{gb.HEADER_DISTANCE}" w:footer="{gb.FOOTER_DISTANCE}" w:gutter="0"/>'
        f'<w:pgNumType w:fmt="decimal"{start}/><w:cols w:space="425"/>'
        f'<w:docGrid w:type="lines" w:linePitch="{gb.LINE_PITCH}"/></w:sectPr>'
    )


# ---------------------------------------------------------------------------------------------
# Per-document parts.



def _run(text: str, style: str | None = None) -> str:
    if _ILLEGAL_XML.search(text):
        raise MarkupError(f"control character {_ILLEGAL_XML.search(text).group()!r} in text {text[:20]!r}")
    rpr = f'<w:rPr><w:rStyle w:val="{style}"/></w:rPr>' if style else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


def _title_runs(text: str) -> str:
    # A space where a title breaks stays in the text (read-back must give the title unchanged) but is
    # hidden, so it does not push the centred upper line half a character to the left.
    lines = []
    for line in break_title(text):
        shown = line.rstrip(" \u3000")
        hidden = line[len(shown):]
        vanish = f'<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{hidden}</w:t></w:r>' if hidden else ""
        lines.append(_run(shown) + vanish)
    return "<w:r><w:br/></w:r>".join(lines)


def _paragraph(style: str, runs: str, extra_ppr: str = "") -> str:
    pstyle = "" if style == "Normal" else f'<w:pStyle w:val="{style}"/>'
    ppr = f"<w:pPr>{pstyle}{extra_ppr}</w:pPr>" if (pstyle or extra_ppr) else ""
    return f"<w:p>{ppr}{runs}</w:p>"


def _right_indent(chars: float) -> str:
    return f'<w:ind w:right="{round(chars * gb.CHAR_WIDTH)}"/>'


def _signature_indents(signature: str, date: str, sealed: bool) -> tuple[float, float]:
    """Right indents (in characters) of the 署名 and 成文日期 lines, per §7.3.5."""
    n, m = text_width(signature), text_width(date)
    if sealed:
        return gb.SEALED_DATE_RIGHT_INDENT + (m - n) / 2, gb.SEALED_DATE_RIGHT_INDENT
    if m <= n:
        return gb.UNSEALED_SIGNATURE_RIGHT_INDENT, n - m
    return m - n + 4, gb.UNSEALED_SIGNATURE_RIGHT_INDENT


# ---------------------------------------------------------------------------------------------
# 公文 parts (GB/T 9704 §7.2–7.4) beyond what the styles already carry.


def _advance(text: str, size: int, spacing: int) -> int:
    """Width in twips of ``text`` at ``size`` twips per em, each character adjusted by ``spacing``."""
    total = 0.0
    for ch in text:
        if ord(ch) >= 0x80:
            em = gb.ADVANCE_EM["cjk"]
        elif ch.isdigit():
            em = gb.ADVANCE_EM["digit"]
        else:
            em = gb.ADVANCE_EM.get(ch, gb.ADVANCE_EM["other"])
        total += em * size + spacing
    return round(total)


def _organ_runs(text: str) -> str:
    """The 发文机关标志 on one line: narrowed (w:w) when too long at 小初, as is done by hand."""
    size = gb.SIZE["小初"] * 10  # half-points → twips
    natural = _advance(text, size, gb.CHAR_SPACING)
    if natural <= gb.TYPE_AREA_WIDTH:
        return _run(text)
    scale = gb.TYPE_AREA_WIDTH * 100 // natural
    if scale < gb.ORGAN_MIN_SCALE:
        raise MarkupError(f"the 发文机关标志 {text!r} is too long for one line even at {gb.ORGAN_MIN_SCALE}% width; "
                          "use the organ's short name")
    return f'<w:r><w:rPr><w:w w:val="{scale}"/></w:rPr><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


_ATTACHMENT_LEAD = re.compile(r"(附件：)?(\d+\.)?")


def _attachment_indent(text: str) -> str:
    """附件说明 (§7.3.4): ``附件：1.名称`` starts 2 characters in, a following ``2.名称`` starts under
    the ``1.``, and a name that wraps continues under its own first character (a hanging indent)."""
    label, number = _ATTACHMENT_LEAD.match(text).groups()
    pitch = gb.CHAR_WIDTH
    colon = _advance("附件：", pitch, gb.CHAR_SPACING)
    start = gb.ATTACHMENT_INDENT if label else gb.ATTACHMENT_INDENT + colon
    name = start + (colon if label else 0) + _advance(number or "", pitch, gb.CHAR_SPACING)
    return f'<w:ind w:left="{name}" w:hanging="{name - start}"/>'


IMPRINT_KINDS = ("cc", "imprint", "imprint_date")


def _imprint_table(blocks: list[Block]) -> str:
    """版记 (§7.4): a one-column table pinned to the bottom of the type area (the last rule on its
    bottom edge), 抄送 above 印发机关 + 印发日期, thick rules outside and thin rules between."""
    rows: list[str] = []
    imprint = [b for b in blocks if b.kind in ("imprint", "imprint_date")]
    for block in blocks:
        if block.kind == "cc":
            rows.append(_paragraph(gb.BLOCK_STYLE["cc"], _run(block.text)))
    if imprint:
        organ = next((b.text for b in imprint if b.kind == "imprint"), "")
        date = next((b.text for b in imprint if b.kind == "imprint_date"), "")
        runs = _run(organ) if organ else ""
        if date:
            runs += "<w:r><w:tab/></w:r>" + _run(date)
        rows.append(_paragraph(gb.BLOCK_STYLE["imprint"], runs))
    width = gb.TYPE_AREA_WIDTH
    cells = "".join(
        f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f"{row}</w:tc></w:tr>"
        for row in rows
    )
    return f"<w:tbl>{_IMPRINT_TBLPR}<w:tblGrid><w:gridCol w:w=\"{width}\"/></w:tblGrid>{cells}</w:tbl>{_IMPRINT_ANCHOR}"


def _imprint_rule(side: str, size: int) -> str:
    return f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="{gb.IMPRINT_RULE_COLOR}"/>'


# Word anchors a floating table to the paragraph after it, and a body may not end with a table:
# an empty one-twip-high paragraph follows, too small to be what carries the 版记 to another page.
_IMPRINT_ANCHOR = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
                   '<w:ind w:firstLine="0" w:firstLineChars="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')
_IMPRINT_TBLPR = (
    "<w:tblPr>"
    # Horizontally anchored to the page at the left margin rather than centred in the margins: the
    # same place in Word, and LibreOffice keeps a table it can tell is floating as a frame (a
    # margin-wide one it would flow inline, losing the bottom anchoring).
    '<w:tblpPr w:leftFromText="0" w:rightFromText="0" w:topFromText="0" w:bottomFromText="0" '
    f'w:vertAnchor="margin" w:horzAnchor="page" w:tblpX="{gb.MARGIN_LEFT}" w:tblpYSpec="bottom"/>'
    '<w:tblOverlap w:val="never"/>'
    f'<w:tblW w:w="{gb.TYPE_AREA_WIDTH}" w:type="dxa"/>'
    "<w:tblBorders>"
    + _imprint_rule("top", gb.IMPRINT_RULE_THICK)
    + '<w:left w:val="nil"/>'
    + _imprint_rule("bottom", gb.IMPRINT_RULE_THICK)
    + '<w:right w:val="nil"/>'
    + _imprint_rule("insideH", gb.IMPRINT_RULE_THIN)
    + '<w:insideV w:val="nil"/>'
    "</w:tblBorders>"
    '<w:tblLayout w:type="fixed"/>'
    '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
    '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
    '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
    'w:noHBand="1" w:noVBand="1"/>'
    "</w:tblPr>"
)


def kept_with_signature(blocks: list[Block]) -> set[int]:
    """Blocks that must share a page with the 署名: the last body paragraph and what follows it.

    GB/T 9704 §7.3.5.5 rules out a page carrying only the 署名 and date (此页无正文); keeping the
    last body paragraph with them makes Word and LibreOffice carry some body text over instead.
    """
    keep: set[int] = set()
    for s, block in enumerate(blocks):
        if block.kind != "signature":
            continue
        j = s - 1
        while j >= 0 and blocks[j].kind in ("blank", "attachment"):
            j -= 1
        if j >= 0 and blocks[j].kind == "para":
            keep.update(range(j, s + 1))
    return keep


def _body_xml(blocks: list[Block], sealed: bool) -> Iterator[str]:
    page_break_next = False
    imprint: list[Block] = []
    keep_next = kept_with_signature(blocks)
    for i, block in enumerate(blocks):
        if block.kind in IMPRINT_KINDS:
            imprint.append(block)
            if i + 1 == len(blocks) or blocks[i + 1].kind not in IMPRINT_KINDS:
                yield _imprint_table(imprint)
                imprint = []
            continue
        if block.kind == "pagebreak":
            page_break_next = True
            continue
        extra = ("<w:keepNext/>" if i in keep_next else "") + ("<w:pageBreakBefore/>" if page_break_next else "")
        page_break_next = False
        if block.kind == "para":
            if block.level and not block.lead:
                yield _paragraph(gb.LEVEL_STYLE[block.level], _run(block.text), extra)
            elif block.lead:
                runs = _run(block.lead, gb.LEAD_STYLE.get(block.level)) + _run(block.body)
                yield _paragraph("Normal", runs, extra)
            else:
                yield _paragraph("Normal", _run(block.text), extra)
        elif block.kind == "blank":
            yield _paragraph("Normal", "", extra)
        elif block.kind == "title":
            yield _paragraph(gb.BLOCK_STYLE["title"], _title_runs(block.text), extra)
        elif block.kind == "organ":
            yield _paragraph(gb.BLOCK_STYLE["organ"], _organ_runs(block.text), extra)
        elif block.kind == "attachment":
            yield _paragraph(gb.BLOCK_STYLE["attachment"], _run(block.text), extra + _attachment_indent(block.text))
        elif block.kind in ("signature", "date"):
            signature = block.text if block.kind == "signature" else _neighbour(blocks, i, -1, "signature")
            date = block.text if block.kind == "date" else _neighbour(blocks, i, 1, "date")
            indents = _signature_indents(signature or "", date or "", sealed)
            chars = indents[0] if block.kind == "signature" else indents[1]
            yield _paragraph(gb.BLOCK_STYLE[block.kind], _run(block.text), extra + _right_indent(chars))
        else:
            yield _paragraph(gb.BLOCK_STYLE[block.kind], _run(block.text), extra)


def _neighbour(blocks: list[Block], i: int, step: int, kind: str) -> str | None:
    j = i + step
    if 0 <= j < len(blocks) and blocks[j].kind == kind:
        return blocks[j].text
    return None


def _core_xml(document: Document) -> bytes:
    stamp = _timestamp(document.date)
    return (
        f"{_XML_HEAD}"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_esc(document.title)}</dc:title><dc:creator>{_esc(document.author)}</dc:creator>"
        f"<cp:lastModifiedBy>{_esc(document.author)}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _timestamp(iso_date: str) -> str:
    # The document's own date, not the clock: the same outline must give the same bytes.
    try:
        day = _dt.date.fromisoformat(iso_date)
    except ValueError:
        day = _dt.date(2000, 1, 1)
    return f"{day.isoformat()}T00:00:00Z"


_APP_XML = (
    f"{_XML_HEAD}"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>speechkit</Application></Properties>"
).encode()


def docx_bytes(documents: Document | list[Document]) -> bytes:
    """A complete .docx package in memory; several documents make one combined package (see CombinedWriter)."""
    docs = [documents] if isinstance(documents, Document) else list(documents)
    if not docs:
        raise ValueError("docx_bytes needs at least one document")
    if len(docs) > 1:
        buffer = io.BytesIO()
        writer = CombinedWriter(buffer)
        for document in docs:
            writer.add(document)
        writer.close()
        return buffer.getvalue()
    # The constant parts are compressed once per process; the zip is reopened for appending after them.
    (document,) = docs
    buffer = io.BytesIO(_constant_prefix())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as zf:
        _write_entry(zf, "docProps/core.xml", _core_xml(document))
        _write_entry(zf, "docProps/app.xml", _APP_XML)
        main = f"{_XML_HEAD}<w:document {_W}><w:body>{body_xml(document)}{_section_xml(restart=True)}"
        _write_entry(zf, "word/document.xml", (main + "</w:body></w:document>").encode())
    return buffer.getvalue()


def _write_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=6)


# ---------------------------------------------------------------------------------------------
# Batch output: one combined package streamed to disk, holding only the current document in memory.


@lru_cache(maxsize=1)
def _constant_prefix() -> bytes:
    """The constant parts as the start of a zip file, compressed once per process."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _constant_parts():
            _write_entry(zf, name, data)
    return buffer.getvalue()


def body_xml(document: Document) -> str:
    """A document's paragraphs as they stand inside ``<w:body>`` (what a combined file adds per document)."""
    return "".join(_body_xml(document.blocks, sealed=document.meta.get("sealed", True)))


class CombinedWriter:
    """Documents streamed one by one into a single package on ``fileobj`` (seekable, binary).

    Each document after the first starts a new section whose page numbering restarts at 1. Only
    the current document is ever in memory; the main part is compressed as it is written. The
    document properties are the first document's, as in ``docx_bytes(list)``.
    """

    def __init__(self, fileobj) -> None:
        self._fileobj = fileobj
        self._zip: zipfile.ZipFile | None = None
        self._stream = None
        self.count = 0

    def add(self, document: Document, body: str | None = None) -> None:
        """Append a document; ``body`` is its :func:`body_xml` when already made (by a worker)."""
        if body is None:
            body = body_xml(document)
        if self._stream is None:
            self._zip = zipfile.ZipFile(self._fileobj, "w", zipfile.ZIP_DEFLATED)
            for name, data in _constant_parts():
                _write_entry(self._zip, name, data)
            _write_entry(self._zip, "docProps/core.xml", _core_xml(document))
            _write_entry(self._zip, "docProps/app.xml", _APP_XML)
            info = zipfile.ZipInfo("word/document.xml", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            self._stream = self._zip.open(info, "w")
            self._stream.write(f"{_XML_HEAD}<w:document {_W}><w:body>".encode())
        else:
            self._stream.write(f"<w:p><w:pPr>{_section_xml(restart=True)}</w:pPr></w:p>".encode())
        self._stream.write(body.encode("utf-8"))
        self.count += 1

    def close(self) -> None:
        """Finish the package (nothing is written when no document was added)."""
        if self._stream is None:
            return
        self._stream.write((_section_xml(restart=True) + "</w:body></w:document>").encode())
        self._stream.close()
        self._zip.close()
        self._stream = None

    def abandon(self) -> None:
        """Stop without finishing the main part (the caller deletes the file); releases the zip."""
        if self._stream is None:
            return
        self._stream.close()
        self._zip.close()
        self._stream = None


# ---------------------------------------------------------------------------------------------
# Reading.

MAX_PART_BYTES = 64 * 1024 * 1024  # uncompressed document.xml; a real draft is far smaller
MAX_RATIO = 200  # compression ratio beyond which a part is treated as a zip bomb

_STYLE_KIND = {style: kind for kind, style in gb.BLOCK_STYLE.items() if style != "Normal"}
_STYLE_KIND["SKImprint"] = "imprint"


def _open_part(path: str, data: bytes, part: str) -> bytes | None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError("not a .docx file (not a zip package)", file=path) from None
    with zf:
        try:
            info = zf.getinfo(part)
        except KeyError:
            return None
        if info.file_size > MAX_PART_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
            raise DocumentError(f"{part} unpacks to {info.file_size} bytes: refused as a zip bomb", file=path)
        try:
            return zf.read(part)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise DocumentError(f"corrupt .docx ({exc})", file=path) from None


def iter_paragraphs(path: str, data: bytes) -> Iterator[tuple[int, str | None, list[str]]]:
    """(paragraph number, style id, run texts) for every paragraph of the main story, tables included."""
    from lxml import etree

    xml = _open_part(path, data, "word/document.xml")
    if xml is None:
        raise DocumentError("not a .docx file (no word/document.xml)", file=path)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"corrupt .docx: word/document.xml: {exc}", file=path) from None
    w = f"{{{W_NS}}}"
    body = root.find(f"{w}body")
    if body is None:
        raise DocumentError("corrupt .docx: no document body", file=path)
    for number, p in enumerate(body.iter(f"{w}p"), start=1):
        style_el = p.find(f"{w}pPr/{w}pStyle")
        style = style_el.get(f"{w}val") if style_el is not None else None
        runs = []
        for r in p.iter(f"{w}r"):
            pieces = []
            for child in r:
                if child.tag == f"{w}t":
                    pieces.append(child.text or "")
                elif child.tag == f"{w}tab":
                    pieces.append("\t")
                elif child.tag in (f"{w}br", f"{w}cr") and child.get(f"{w}type") in (None, "textWrapping"):
                    pieces.append("\n")
            runs.append("".join(pieces))
        yield number, style, runs


def read_docx(path: str | Path, data: bytes | None = None) -> Document:
    """A .docx draft → blocks, one per non-empty paragraph, ``line`` = paragraph number."""
    path = str(path)
    if data is None:
        data = Path(path).read_bytes()
    blocks: list[Block] = []
    for number, style, runs in iter_paragraphs(path, data):
        raw = "".join(runs)
        text = raw.strip()
        if not text:
            continue
        col = len(raw) - len(raw.lstrip())  # positions stay exact for lint fixes after indentation
        kind = _STYLE_KIND.get(style or "")
        if kind == "title":  # line breaks in a title are layout (titles.py), not content
            text = text.replace("\n", "")
        if kind == "imprint" and "\t" in text:  # 印发机关<tab>印发日期: one line, two parts
            organ, _, date = text.partition("\t")
            if organ.strip():
                blocks.append(Block("imprint", organ.strip(), line=number))
            blocks.append(Block("imprint_date", date.strip(), line=number))
            continue
        blocks.append(Block(kind, text, line=number, col=col) if kind else body_block(text, number, col))
    title = next((b.text for b in blocks if b.kind == "title"), "")
    return Document(blocks, title=title)


def created_date(data: bytes, path: str = "<document>") -> str | None:
    """The ``dcterms:created`` date (YYYY-MM-DD) of a package, or None; the PDF export stamps it."""
    from lxml import etree

    xml = _open_part(path, data, "docProps/core.xml")
    if xml is None:
        return None
    try:
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None
    found = root.find("{http://purl.org/dc/terms/}created")
    text = (found.text or "").strip() if found is not None else ""
    return text[:10] if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text) else None


_OVERFLOW_PUNCT = re.compile(rb"<(\w+):overflowPunct\b([^>]*?)/>")
_ON_OFF = re.compile(rb"""(\w+):val\s*=\s*["']([^"']*)["']""")
_PPR_DEFAULT = re.compile(rb"<(\w+):pPrDefault\b.*?</\1:pPrDefault>", re.S)
_NO_SNAP = re.compile(rb"""<\w+:snapToGrid\s+\w+:val\s*=\s*["'](?:0|false|off)["']""")
_LINE_GRID = re.compile(rb"""(<\w+:docGrid\b[^>]*?\w+:type\s*=\s*["'])lines(["'])""")


def _flip_overflow_punct(match: re.Match) -> bytes:
    prefix, attrs = match.group(1), match.group(2)
    val = _ON_OFF.search(attrs)
    on = val is None or val.group(2).lower() not in (b"0", b"false", b"off")
    return b"<" + prefix + b":overflowPunct " + prefix + (b':val="0"/>' if on else b':val="1"/>')


def libreoffice_compat(data: bytes) -> bytes:
    """A copy of a package adjusted for LibreOffice's reading of it, for rendering only.

    Two differences from Word, measured with LibreOffice 7.4 (docs/layout.md):

    * ``w:overflowPunct`` is imported inverted: an explicit "keep punctuation inside the margins"
      (val 0) becomes hanging punctuation, and val 1 stops it. The explicit values are flipped; an
      absent element means "may hang" in both programs and is left alone.
    * A ``w:docGrid w:type="lines"`` becomes a text grid that caps the body at lines × pitch
      (22 × 579 tw, 0.9 pt short of the 225 mm type area), so a 版头 a fraction of a point off the
      grid loses the page's 22nd line. Word keeps the full type area and, when paragraphs do not
      snap to the grid, ignores the grid in layout. So when the document defaults say
      ``snapToGrid 0`` the grid is dropped for LibreOffice.
    """
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError("not a .docx file (not a zip package)") from None
    names = [info.filename for info in source.infolist()]
    no_snap = False
    if "word/styles.xml" in names:
        defaults = _PPR_DEFAULT.search(source.read("word/styles.xml"))
        no_snap = bool(defaults and _NO_SNAP.search(defaults.group(0)))
    changed = {}
    for info in source.infolist():
        if not (info.filename.startswith("word/") and info.filename.endswith(".xml")):
            continue
        part = original = source.read(info)
        if b"overflowPunct" in part:
            part = _OVERFLOW_PUNCT.sub(_flip_overflow_punct, part)
        if no_snap and b"docGrid" in part:
            part = _LINE_GRID.sub(rb"\1default\2", part)
        if part != original:
            changed[info.filename] = part
    if not changed:
        return data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, changed.get(info.filename) or source.read(info))
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Layout facts, for check-format: what an existing .docx says about its page, as plain values.
# Nothing is resolved here (style inheritance, theme fonts): checkformat.py does that.

_WQ = f"{{{W_NS}}}"
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
        raise DocumentError(f"corrupt .docx: {part}: {exc}", file=path) from None


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
        raise DocumentError("not a .docx file (no word/document.xml)", file=path)
    body = document.find(f"{_WQ}body")
    if body is None:
        raise DocumentError("corrupt .docx: no document body", file=path)
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


# ---------------------------------------------------------------------------------------------
# Editing an existing draft: ``lint --fix`` (text edits inside runs) and ``lint --annotate`` (review
# comments). Offsets are those of iter_paragraphs: paragraphs are numbered over every w:p of the body
# in document order (tables and text boxes included), and a paragraph's text is its runs' w:t, w:tab
# (\t) and w:br / w:cr (\n) in order. A run that belongs to a paragraph nested inside this one (a text
# box) counts in its text, as iter_paragraphs counts it, but is never edited from the outer paragraph.


@dataclass(frozen=True)
class ParagraphEdit:
    """Replace characters ``start``–``end`` of paragraph ``paragraph``'s text with ``text``. With
    ``expect``, the edit is made only if the span holds exactly that text now."""

    paragraph: int
    start: int
    end: int
    text: str
    expect: str | None = None


@dataclass(frozen=True)
class ParagraphComment:
    """A review comment anchored on characters ``start``–``end`` of paragraph ``paragraph``'s text."""

    paragraph: int
    start: int
    end: int
    text: str


@dataclass
class _Piece:
    run: object  # the w:r element
    node: object  # its w:t, w:tab, w:br or w:cr child
    start: int  # offset in the paragraph text
    text: str
    own: bool  # False for a run of a paragraph nested in this one

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_text(self) -> bool:
        return self.node.tag == f"{_WQ}t"


def _piece_text(child) -> str | None:
    """What a run child contributes to the paragraph text, exactly as iter_paragraphs reads it."""
    if child.tag == f"{_WQ}t":
        return child.text or ""
    if child.tag == f"{_WQ}tab":
        return "\t"
    if child.tag in (f"{_WQ}br", f"{_WQ}cr") and child.get(f"{_WQ}type") in (None, "textWrapping"):
        return "\n"
    return None


def _owning_paragraph(el):
    parent = el.getparent()
    while parent is not None and parent.tag != f"{_WQ}p":
        parent = parent.getparent()
    return parent


def _pieces(p) -> list[_Piece]:
    pieces: list[_Piece] = []
    pos = 0
    for r in p.iter(f"{_WQ}r"):
        own = _owning_paragraph(r) is p
        for child in r:
            text = _piece_text(child)
            if text is not None:
                pieces.append(_Piece(r, child, pos, text, own))
                pos += len(text)
    return pieces


def _body_paragraphs(root, path: str) -> list:
    """The body's w:p elements; index + 1 is the paragraph number of iter_paragraphs."""
    body = root.find(f"{_WQ}body")
    if body is None:
        raise DocumentError("corrupt .docx: no document body", file=path)
    return list(body.iter(f"{_WQ}p"))


def _set_text(node, text: str) -> None:
    node.text = text
    space = "{http://www.w3.org/XML/1998/namespace}space"
    if text != text.strip():
        node.set(space, "preserve")


def _drop_if_empty(pieces: list[_Piece]) -> None:
    """Remove w:t elements an edit emptied, then runs left with nothing but their properties."""
    runs = []
    for pc in pieces:
        if pc.is_text and not pc.node.text and pc.node.getparent() is not None:
            pc.node.getparent().remove(pc.node)
        if pc.run not in runs:
            runs.append(pc.run)
    for r in runs:
        parent = r.getparent()
        if parent is not None and all(child.tag == f"{_WQ}rPr" for child in r):
            parent.remove(r)


def _edit_paragraph(p, edit: ParagraphEdit) -> bool:
    """Make one edit in place; False (and nothing changed) where it cannot be made exactly."""
    from lxml import etree

    pieces = _pieces(p)
    text = "".join(pc.text for pc in pieces)
    s, e = edit.start, edit.end
    if not 0 <= s <= e <= len(text) or (edit.expect is not None and text[s:e] != edit.expect):
        return False
    if s == e:  # an insertion takes the formatting of the character before it (or after, at the start)
        host = next((pc for pc in pieces if pc.is_text and pc.start < s <= pc.end), None)
        host = host or next((pc for pc in pieces if pc.is_text and pc.start == s), None)
        if host is None or not host.own:
            return False
        k = s - host.start
        _set_text(host.node, host.text[:k] + edit.text + host.text[k:])
        return True
    hit = [pc for pc in pieces if pc.start < e and s < pc.end]
    if not all(pc.own for pc in hit):
        return False
    first = hit[0]
    if first.is_text:
        _set_text(first.node, first.text[: s - first.start] + edit.text + first.text[e - first.start :])
    else:  # the span starts on a tab or a break: the replacement takes its place, in the same run
        if edit.text:
            node = etree.Element(f"{_WQ}t")
            _set_text(node, edit.text)
            first.node.addprevious(node)
        first.node.getparent().remove(first.node)
    for pc in hit[1:]:  # later pieces lose the part of the span they hold; their formatting stays
        if pc.is_text:
            pc.node.text = pc.text[e - pc.start :]
        else:
            pc.node.getparent().remove(pc.node)
    _drop_if_empty(hit)
    return True


def _check_package(path: str, data: bytes) -> None:
    """Refuse a package with a part that unpacks suspiciously large (the reader's zip-bomb rule, for every part)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DocumentError("not a .docx file (not a zip package)", file=path) from None
    with zf:
        for info in zf.infolist():
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
                raise DocumentError(f"{info.filename} unpacks to {info.file_size} bytes: refused as a zip bomb",
                                    file=path)


def _replace_part(path: str, data: bytes, part: str, content: bytes) -> bytes:
    """The package with one part replaced; every other entry is copied as it was, in the same order."""
    import shutil

    _check_package(path, data)
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
            for info in zin.infolist():
                clone = zipfile.ZipInfo(info.filename, info.date_time)
                clone.compress_type = info.compress_type
                clone.external_attr = info.external_attr
                clone.create_system = info.create_system
                if info.filename == part:
                    zout.writestr(clone, content)
                    continue
                clone.file_size = info.file_size
                with zin.open(info) as src, zout.open(clone, "w", force_zip64=info.file_size > 2**31) as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
        raise DocumentError(f"corrupt .docx ({exc})", file=path) from None
    return out.getvalue()


def apply_paragraph_edits(
    data: bytes, edits: Iterable[ParagraphEdit], path: str = "<document>"
) -> tuple[bytes, list[ParagraphEdit]]:
    """Make text edits in a .docx, keeping run formatting: (new package, edits that could not be made).

    A span inside one run changes that run's text; a span across runs puts the replacement in the
    first affected run and trims the others, so untouched text keeps its formatting. Only
    word/document.xml is rewritten. Edits must not overlap; within a paragraph they are made from
    the end backwards, so each one's offsets refer to the text as it was read. An edit is skipped
    (and returned) when its span is out of range, does not hold ``expect``, or reaches into a
    nested paragraph (a text box). With nothing to change the input comes back as it was.
    """
    from lxml import etree

    by_paragraph: dict[int, list[ParagraphEdit]] = {}
    for edit in edits:
        by_paragraph.setdefault(edit.paragraph, []).append(edit)
    if not by_paragraph:
        return data, []
    root = _parse_part(path, data, "word/document.xml")
    if root is None:
        raise DocumentError("not a .docx file (no word/document.xml)", file=path)
    paragraphs = _body_paragraphs(root, path)
    skipped: list[ParagraphEdit] = []
    changed = False
    for number in sorted(by_paragraph):
        todo = sorted(by_paragraph[number], key=lambda ed: (ed.start, ed.end), reverse=True)
        if not 1 <= number <= len(paragraphs):
            skipped.extend(todo)
            continue
        for edit in todo:
            if _edit_paragraph(paragraphs[number - 1], edit):
                changed = True
            else:
                skipped.append(edit)
    if not changed:
        return data, skipped
    tree = root.getroottree()
    xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone)
    return _replace_part(path, data, "word/document.xml", xml), skipped


def paragraph_texts(path: str, data: bytes) -> list[str]:
    """Every paragraph's text, as iter_paragraphs reads it; index + 1 is the paragraph number."""
    return ["".join(runs) for _, _, runs in iter_paragraphs(path, data)]


def _split_run_at(p, cut: int) -> None:
    """Make ``cut`` (an offset in the paragraph text) a run boundary, splitting a w:t if needed."""
    from copy import deepcopy

    from lxml import etree

    pieces = _pieces(p)
    pc = next((pc for pc in pieces if pc.end > cut and pc.text), None)
    if pc is None or not pc.own:
        return
    node = pc.node
    if pc.start < cut:  # inside a w:t: its tail becomes a w:t of its own
        tail = etree.Element(f"{_WQ}t")
        _set_text(tail, pc.text[cut - pc.start :])
        _set_text(node, pc.text[: cut - pc.start])
        node.addnext(tail)
        node = tail
    r = pc.run
    children = list(r)
    index = children.index(node)
    if not any(_piece_text(child) for child in children[:index]):
        return  # the run already starts here
    clone = deepcopy(r)
    for child in list(clone)[:index]:
        if child.tag != f"{_WQ}rPr":
            clone.remove(child)
    for child in children[index:]:
        r.remove(child)
    r.addnext(clone)


def _anchor_runs(p, start: int, end: int):
    """(first run, last run) covering exactly characters start–end, or None if that is not possible."""
    pieces = [pc for pc in _pieces(p) if pc.text and pc.start < end and start < pc.end]
    if not pieces or not all(pc.own for pc in pieces):
        return None
    if pieces[0].start != start or pieces[-1].end != end:
        return None
    return pieces[0].run, pieces[-1].run


def add_paragraph_comments(
    data: bytes, comments: Iterable[ParagraphComment], *, author: str, initials: str = "",
    path: str = "<document>",
) -> tuple[bytes, list[ParagraphComment]]:
    """A copy of the package with review comments: (new package, comments that could not be anchored).

    Runs are split at each comment's span, keeping their formatting, so the comment's range covers
    exactly the characters named; an empty span anchors on the character before it (after it at the
    start of a paragraph); a span that reaches into a text box anchors on the paragraph's own text.
    python-docx (1.2) writes the comments part. The output is deterministic:
    comments carry no date and the zip entries a fixed timestamp.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run
    from lxml import etree

    _check_package(path, data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise DocumentError(f"cannot open for comments: {exc}", file=path) from None
    paragraphs = _body_paragraphs(document.element, path)
    comments = list(comments)
    spans: dict[int, list[tuple[int, int]]] = {}
    for c in comments:
        if 1 <= c.paragraph <= len(paragraphs):
            spans.setdefault(c.paragraph, []).append(_anchor_span(paragraphs[c.paragraph - 1], c.start, c.end))
    for number, pairs in spans.items():
        p = paragraphs[number - 1]
        for cut in sorted({x for pair in pairs for x in pair}, reverse=True):
            _split_run_at(p, cut)
    unanchored = []
    for c in comments:
        runs = None
        if 1 <= c.paragraph <= len(paragraphs):
            p = paragraphs[c.paragraph - 1]
            runs = _anchor_runs(p, *_anchor_span(p, c.start, c.end)) or _own_text_runs(p)
        if runs is None:
            unanchored.append(c)
            continue
        paragraph = Paragraph(p, document._body)
        comment = document.add_comment([Run(runs[0], paragraph), Run(runs[1], paragraph)], c.text,
                                       author=author, initials=initials)
        comment._comment_elm.date = None  # no clock in the output
    out = io.BytesIO()
    document.save(out)
    return _restamp(out.getvalue()), unanchored


def _own_text_runs(p):
    """(first, last) run holding this paragraph's own text: the fallback anchor for a span that
    reaches into a text box."""
    own = [pc.run for pc in _pieces(p) if pc.own and pc.text]
    return (own[0], own[-1]) if own else None


def _anchor_span(p, start: int, end: int) -> tuple[int, int]:
    if start < end:
        return start, end
    length = sum(len(pc.text) for pc in _pieces(p))
    if start > 0:
        return start - 1, start
    return (0, 1) if length else (0, 0)


def _restamp(data: bytes) -> bytes:
    """The same package with every zip entry at the fixed timestamp (python-docx stamps the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            _write_entry(zout, info.filename, zin.read(info))
    return out.getvalue()
