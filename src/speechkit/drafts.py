"""READ: a draft on disk (.docx, .txt, .md, or stdin) → Document, with source positions.

.doc, .wps, .rtf and .odt drafts are first converted to .docx by LibreOffice (:mod:`.soffice`), in a
temporary folder; positions are then those of the converted paragraphs, which keep their order.

Shared by lint, extraction and check-format. Text files may be UTF-8 (with or without BOM),
UTF-16 with BOM, or GB18030 as saved by Notepad or WPS on Chinese Windows; anything else is
refused with a clear error rather than decoded into mojibake.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from . import docx_io, soffice
from .blocks import Block, Document, body_block
from .errors import DocumentError
from .files import MAX_TEXT_BYTES, os_reason, read_stdin

_TOO_BIG = f"大于 {MAX_TEXT_BYTES // 2**20} MB，不能作为文本文稿读取；请检查是否选错了文件"
_MD_PREFIX = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+)")
_PLAUSIBLE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2010-\u2027\u00b7\x20-\x7e\t\r\n\f]")
_PLAUSIBLE_SHARE = 0.95
_HAN = re.compile("[\u4e00-\u9fff]")
_GB2312_SHARE = 0.8


def decode_text(data: bytes, label: str) -> tuple[str, str]:
    """(text, encoding name). Raises DocumentError for binary data or an unknown encoding."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", label), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", label), "utf-16"
    if b"\x00" in data[:8192]:
        raise DocumentError("是二进制文件，不是文本文件", file=label)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        at = exc.start
    # Where UTF-8 first failed is the most useful place to name if GB18030 does not fit either.
    unknown = DocumentError(f"无法识别文本编码：从第 {at + 1} 字节起不是 UTF-8，也不是 GB18030；"
                            "请另存为 UTF-8 或 GB18030 编码", file=label, line=data[:at].count(b"\n") + 1)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise unknown from None
    if not reads_as_chinese(text[:20000]):
        raise unknown
    return text, "gb18030"


def reads_as_chinese(text: str) -> bool:
    """Whether text decoded as GB18030 is Chinese text, not byte soup GB18030 happened to accept:
    nearly every character is one Chinese text uses, and nearly every Han character is in GB2312.
    Real drafts and tables sit near 100 % on both (a rare character in a name here and there);
    Shift-JIS read as GB18030 gives Han characters too, but mostly rare ones outside GB2312."""
    if not text:
        return True
    if len(_PLAUSIBLE.findall(text)) < _PLAUSIBLE_SHARE * len(text):
        return False
    han = _HAN.findall(text)
    # Common characters: in GB2312 (simplified) or, for a draft in traditional script, in Big5.
    common = sum(1 for ch in han if _common_han(ch))
    return common >= _GB2312_SHARE * len(han)


def _common_han(ch: str) -> bool:
    for encoding in ("gb2312", "big5"):
        try:
            ch.encode(encoding)
            return True
        except UnicodeEncodeError:
            pass
    return False


def _decode(data: bytes, encoding: str, label: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # ``data`` still holds the BOM for UTF-16 (the codec reads it), not for UTF-8 (cut off above).
        at = exc.start + (3 if encoding == "utf-8" else 0)
        raise DocumentError(f"不是有效的 {encoding.upper()} 文本（第 {at + 1} 字节）；请另存为 UTF-8 编码",
                            file=label) from None


def text_blocks(text: str, *, markdown: bool = False) -> list[Block]:
    """One block per non-empty line; ``col`` says where the text starts after indentation."""
    blocks: list[Block] = []
    fenced = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if markdown and raw.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        stripped = raw.lstrip(" \t\u3000\f")
        col = len(raw) - len(stripped)
        if markdown:
            if re.fullmatch(r"\s*(?:-{3,}|\*{3,}|_{3,})\s*", stripped):
                blocks.append(Block("pagebreak", line=number))
                continue
            m = _MD_PREFIX.match(stripped)
            if m:
                col += m.end()
                stripped = stripped[m.end():]
        stripped = stripped.rstrip()
        if stripped:
            blocks.append(body_block(stripped, number, col))
    return blocks


def read_bytes(path: str) -> bytes:
    """A draft's bytes (``-``: stdin), with a located error instead of an OSError."""
    if path == "-":  # read in chunks, up to the limit a text draft has: ``cat /dev/zero`` must not fill memory
        return read_stdin(DocumentError, path, too_big=_TOO_BIG)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise DocumentError("文件不存在；请检查路径", file=path) from None
    except IsADirectoryError:
        raise DocumentError("是文件夹，不是文件", file=path) from None
    except OSError as exc:
        raise DocumentError(f"无法读取：{os_reason(exc)}", file=path) from None


def read_document(path: str | Path, data: bytes | None = None, view: str = "accepted") -> Document:
    """Read a draft; ``-`` reads stdin (as text). ``view``: a .docx with tracked changes is read with them
    accepted, or as it was before them (``original``)."""
    path = str(path)
    if data is None:
        data = read_bytes(path)
    suffix = Path(path).suffix.lower()
    if soffice.is_legacy(path):
        return docx_io.read_docx(path, soffice.convert_legacy(path, _legacy_draft(path, data), DocumentError), view)
    if suffix == ".docx" or (suffix not in (".txt", ".md") and data[:4] == b"PK\x03\x04"):
        return docx_io.read_docx(path, data, view)
    if len(data) > MAX_TEXT_BYTES:
        raise DocumentError(_TOO_BIG, file=path)
    text, encoding = decode_text(data, path)
    document = Document(text_blocks(text, markdown=suffix in (".md", ".markdown")))
    document.meta["encoding"] = encoding
    document.title = document.blocks[0].text if document.blocks else ""
    return document


def read_documents(paths: Sequence[str], view: str = "accepted") -> list[Document]:
    """Several drafts; the .doc/.wps/.rtf/.odt among them are converted in one LibreOffice run."""
    legacy = [path for path in paths if path != "-" and soffice.is_legacy(path)]
    converted = dict(zip(legacy, soffice.convert_legacy_all(
        [(path, _legacy_draft(path, read_bytes(path))) for path in legacy], DocumentError), strict=True))
    return [docx_io.read_docx(path, converted[path], view) if path in converted else read_document(path, view=view)
            for path in paths]


def _legacy_draft(path: str, data: bytes) -> bytes:
    suffix = Path(path).suffix.lower()
    if suffix not in soffice.LEGACY_DRAFTS:
        raise DocumentError(f"{suffix} 是表格，不是文稿（文稿可用 {'、'.join(soffice.LEGACY_DRAFTS)}）", file=path)
    return data


DRAFT_SUFFIXES = (".docx", ".txt", ".md", *soffice.LEGACY_DRAFTS)
DRAFT_GLOBS = tuple(f"*{suffix}" for suffix in DRAFT_SUFFIXES)


def draft_paths(paths: Sequence[str], globs: Sequence[str] = ()) -> tuple[str, ...]:
    """The given paths, each folder replaced by the drafts under it (sorted, at any depth) whose name
    matches one of ``globs`` (default: every suffix a draft can have). Hidden folders and Word's
    ``~$`` lock files are passed over."""
    import fnmatch
    import os

    patterns = [g.lower() for g in (globs or DRAFT_GLOBS)]
    out: list[str] = []
    for path in paths:
        if path == "-" or not Path(path).is_dir():
            out.append(path)
            continue
        found: list[str] = []
        for folder, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            found.extend(os.path.join(folder, name) for name in sorted(names) if not name.startswith(("~$", "."))
                         and any(fnmatch.fnmatch(name.lower(), p) for p in patterns))
        if not found:
            raise DocumentError(f"文件夹中没有与 {'、'.join(patterns)} 相符的文稿", file=path)
        out.extend(found)
    return tuple(out)
