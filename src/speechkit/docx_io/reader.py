"""A .docx draft → blocks, read with lxml under size limits (a draft from outside may be hostile)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .. import gbt9704 as gb
from ..blocks import Block, Document, body_block
from ..errors import DocumentError
from ._common import NO_BODY, NO_DOCUMENT, NOT_ZIP, W_NS, broken_part, broken_xml, in_view, piece_text, zip_bomb

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
        raise DocumentError(NOT_ZIP, file=path) from None
    with zf:
        try:
            info = zf.getinfo(part)
        except KeyError:
            return None
        if info.file_size > MAX_PART_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
            raise DocumentError(zip_bomb(part, info.file_size), file=path)
        try:
            return zf.read(part)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise DocumentError(broken_part(part), file=path) from None


def iter_paragraphs(path: str, data: bytes, view: str = "accepted") -> Iterator[tuple[int, str | None, list[str]]]:
    """(paragraph number, style id, run texts) for every paragraph of the main story, tables included,
    as the text reads in ``view`` (tracked changes accepted, or the original before them)."""
    from lxml import etree

    xml = _open_part(path, data, "word/document.xml")
    if xml is None:
        raise DocumentError(NO_DOCUMENT, file=path)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(broken_xml("word/document.xml", exc), file=path) from None
    w = f"{{{W_NS}}}"
    body = root.find(f"{w}body")
    if body is None:
        raise DocumentError(NO_BODY, file=path)
    for number, p in enumerate(body.iter(f"{w}p"), start=1):
        style_el = p.find(f"{w}pPr/{w}pStyle")
        style = style_el.get(f"{w}val") if style_el is not None else None
        runs = []
        for r in p.iter(f"{w}r"):
            if not in_view(r, view):
                continue
            runs.append("".join(text for child in r if (text := piece_text(child, view)) is not None))
        yield number, style, runs


def count_revisions(path: str, data: bytes) -> tuple[int, int]:
    """(tracked changes, comments) a package already holds."""
    xml = _open_part(path, data, "word/document.xml") or b""
    changes = sum(xml.count(tag) for tag in (b"<w:ins ", b"<w:del ", b"<w:moveFrom ", b"<w:moveTo "))
    return changes, xml.count(b"<w:commentRangeStart ")


def read_docx(path: str | Path, data: bytes | None = None, view: str = "accepted") -> Document:
    """A .docx draft → blocks, one per non-empty paragraph, ``line`` = paragraph number; with tracked
    changes, as the text reads with them accepted (or, ``view="original"``, as it was before them)."""
    path = str(path)
    if data is None:
        data = Path(path).read_bytes()
    blocks: list[Block] = []
    for number, style, runs in iter_paragraphs(path, data, view):
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
        raise DocumentError(NOT_ZIP) from None
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


