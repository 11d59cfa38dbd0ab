"""Blocks → a .docx package. Constant parts are serialised once per process; a document costs only its paragraphs."""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from collections.abc import Iterator
from functools import lru_cache
from typing import IO

from .. import gbt9704 as gb
from ..blocks import Block, Document
from ..errors import MarkupError
from ..titles import break_title, text_width
from ._common import _ILLEGAL_XML, _W, _XML_HEAD, _ZIP_TIME, _esc

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
    bad = _ILLEGAL_XML.search(text)
    if bad:
        shown = _ILLEGAL_XML.sub("", text[:20])
        raise MarkupError(f"文字「{shown}」中有控制字符 U+{ord(bad.group()):04X}，.docx 中不能有；请删去")
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
        raise MarkupError(f"发文机关标志「{text}」过长，字宽缩至 {gb.ORGAN_MIN_SCALE}% 仍排不下一行；请改用机关简称")
    return f'<w:r><w:rPr><w:w w:val="{scale}"/></w:rPr><w:t xml:space="preserve">{_esc(text)}</w:t></w:r>'


_ATTACHMENT_LEAD = re.compile(r"(附件：)?(\d+\.)?")


def _attachment_indent(text: str) -> str:
    """附件说明 (§7.3.4): ``附件：1.名称`` starts 2 characters in, a following ``2.名称`` starts under
    the ``1.``, and a name that wraps continues under its own first character (a hanging indent)."""
    lead = _ATTACHMENT_LEAD.match(text)  # matches every text: both groups are optional
    label, number = lead.groups() if lead else (None, None)
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
        yield _block_paragraph(blocks, i, extra, sealed)


def _block_paragraph(blocks: list[Block], i: int, extra: str, sealed: bool) -> str:
    """The w:p of one block other than a page break or the 版记; ``extra`` goes into its w:pPr."""
    block = blocks[i]
    if block.kind == "para":
        if block.level and not block.lead:
            return _paragraph(gb.LEVEL_STYLE[block.level], _run(block.text), extra)
        if block.lead:
            runs = _run(block.lead, gb.LEAD_STYLE.get(block.level)) + _run(block.body)
            return _paragraph("Normal", runs, extra)
        return _paragraph("Normal", _run(block.text), extra)
    if block.kind == "blank":
        return _paragraph("Normal", "", extra)
    if block.kind == "title":
        return _paragraph(gb.BLOCK_STYLE["title"], _title_runs(block.text), extra)
    if block.kind == "organ":
        return _paragraph(gb.BLOCK_STYLE["organ"], _organ_runs(block.text), extra)
    if block.kind == "attachment":
        return _paragraph(gb.BLOCK_STYLE["attachment"], _run(block.text), extra + _attachment_indent(block.text))
    if block.kind in ("signature", "date"):
        signature = block.text if block.kind == "signature" else _neighbour(blocks, i, -1, "signature")
        date = block.text if block.kind == "date" else _neighbour(blocks, i, 1, "date")
        indents = _signature_indents(signature or "", date or "", sealed)
        chars = indents[0] if block.kind == "signature" else indents[1]
        return _paragraph(gb.BLOCK_STYLE[block.kind], _run(block.text), extra + _right_indent(chars))
    return _paragraph(gb.BLOCK_STYLE[block.kind], _run(block.text), extra)


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
        self._stream: IO[bytes] | None = None
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
        if self._stream is None or self._zip is None:
            return
        self._stream.write((_section_xml(restart=True) + "</w:body></w:document>").encode())
        self._stream.close()
        self._zip.close()
        self._stream = None

    def abandon(self) -> None:
        """Stop without finishing the main part (the caller deletes the file); releases the zip."""
        if self._stream is None or self._zip is None:
            return
        self._stream.close()
        self._zip.close()
        self._stream = None


