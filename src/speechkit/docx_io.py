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
from functools import lru_cache
from pathlib import Path

from . import gbt9704 as gb
from .blocks import Block, Document, body_block
from .errors import DocumentError, MarkupError
from .titles import break_title

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
    if "size" in spec:
        size = gb.SIZE[spec["size"]]
        parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return f"<w:rPr>{''.join(parts)}</w:rPr>" if parts else ""


def _indent_xml(chars: int) -> str:
    return f'<w:ind w:firstLineChars="{chars * 100}" w:firstLine="{chars * gb.CHAR_WIDTH}"/>'


def _style_ppr(spec: dict) -> str:
    parts = []
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
        '<w:widowControl w:val="0"/><w:snapToGrid w:val="0"/>',
        f'<w:spacing w:before="0" w:after="0" w:line="{gb.LINE_PITCH}" w:lineRule="exact"/>',
        '<w:jc w:val="both"/>',
        "</w:pPr></w:pPrDefault></w:docDefaults>",
    ]
    for style_id, spec in gb.PARAGRAPH_STYLES.items():
        default = ' w:default="1"' if style_id == "Normal" else ""
        based = "" if style_id == "Normal" else '<w:basedOn w:val="Normal"/>'
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
    ).encode("utf-8")


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
    ).encode("utf-8")


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
).encode("utf-8")

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
).encode("utf-8")

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
).encode("utf-8")


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


def text_width(text: str) -> float:
    """Width in 三号 character cells: ASCII counts half (§5 of the layout reference)."""
    return sum(0.5 if ord(ch) < 0x80 else 1.0 for ch in text)


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


def _body_xml(blocks: list[Block], sealed: bool) -> Iterator[str]:
    page_break_next = False
    for i, block in enumerate(blocks):
        if block.kind == "pagebreak":
            page_break_next = True
            continue
        extra = "<w:pageBreakBefore/>" if page_break_next else ""
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


def document_xml(documents: Iterable[Document]) -> bytes:
    """The main part for one or more documents; each after the first starts a new section whose
    page numbering restarts at 1 (the combined file of a batch run)."""
    parts = [f"{_XML_HEAD}<w:document {_W}><w:body>"]
    previous = False
    for document in documents:
        if previous:
            # The section break lives in the last paragraph of the previous document.
            parts.append(f"<w:p><w:pPr>{_section_xml(restart=True)}</w:pPr></w:p>")
        parts.extend(_body_xml(document.blocks, sealed=document.meta.get("sealed", True)))
        previous = True
    parts.append(_section_xml(restart=True) + "</w:body></w:document>")
    return "".join(parts).encode("utf-8")


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
    ).encode("utf-8")


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
).encode("utf-8")


def docx_bytes(documents: Document | list[Document]) -> bytes:
    """A complete .docx package in memory."""
    docs = [documents] if isinstance(documents, Document) else list(documents)
    if not docs:
        raise ValueError("docx_bytes needs at least one document")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in _constant_parts():
            _write_entry(zf, name, data)
        _write_entry(zf, "docProps/core.xml", _core_xml(docs[0]))
        _write_entry(zf, "docProps/app.xml", _APP_XML)
        _write_entry(zf, "word/document.xml", document_xml(docs))
    return buffer.getvalue()


def _write_entry(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data, compresslevel=6)


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
        text = "".join(runs).strip()
        if not text:
            continue
        kind = _STYLE_KIND.get(style or "")
        if kind == "title":  # line breaks in a title are layout (titles.py), not content
            text = text.replace("\n", "")
        blocks.append(Block(kind, text, line=number) if kind else body_block(text, number))
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
