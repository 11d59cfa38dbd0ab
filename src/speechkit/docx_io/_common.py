"""What every part of the OOXML layer shares: namespaces, the XML header, escaping."""

from __future__ import annotations

import re

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_W = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_WQ = f"{{{W_NS}}}"  # the namespace as lxml spells a qualified tag

# Characters XML 1.0 cannot carry at all; outline validation reports them with their YAML path,
# this is the last line of defence.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# What a package that cannot be read is told as (every reader of the layer says it the same way).
NOT_DOCX = "不是有效的 .docx 文件"
NOT_ZIP = f"{NOT_DOCX}（不是 zip 压缩包）"
NO_DOCUMENT = f"{NOT_DOCX}（缺少 word/document.xml）"
NO_BODY = f"{NOT_DOCX}（word/document.xml 中没有正文 w:body）"


def broken_part(part: str) -> str:
    """A part of the package that does not unpack (bad CRC, truncated stream…)."""
    return f"{NOT_DOCX}（压缩包已损坏，其中的 {part} 无法解压）"


def broken_xml(part: str, exc: Exception) -> str:
    """A part whose XML does not parse; lxml's own words are for ``--debug``, the line is for the user."""
    line = getattr(exc, "lineno", None)
    at = f" 第 {line} 行" if line else ""
    return f"{NOT_DOCX}（其中的 XML 已损坏：{part}{at}）"


def zip_bomb(part: str, size: int) -> str:
    return f"{part} 解压后有 {size} 字节，疑为压缩炸弹，拒绝读取"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")



# Tracked changes (修订). A draft is read as it stands with every change accepted ("accepted") or as
# it was before them ("original"). A run inside a deletion belongs only to the original, a run inside
# an insertion only to the accepted text; a deleted run holds its characters in w:delText.
VIEWS = ("accepted", "original")
_DELETED = frozenset({f"{_WQ}del", f"{_WQ}moveFrom"})
_INSERTED = frozenset({f"{_WQ}ins", f"{_WQ}moveTo"})


def revision_of(run) -> str | None:
    """``"del"``, ``"ins"`` or None: the tracked change a run sits in (the nearest one outward)."""
    parent = run.getparent()
    while parent is not None and parent.tag != f"{_WQ}p":
        if parent.tag in _DELETED:
            return "del"
        if parent.tag in _INSERTED:
            return "ins"
        parent = parent.getparent()
    return None


def in_view(run, view: str) -> bool:
    revision = revision_of(run)
    return revision is None or (revision == "ins") == (view == "accepted")


def piece_text(child, view: str = "accepted") -> str | None:
    """What a run child contributes to the paragraph text in ``view``."""
    tag = child.tag
    if tag == f"{_WQ}t" or (tag == f"{_WQ}delText" and view == "original"):
        return child.text or ""
    if tag == f"{_WQ}tab":
        return "\t"
    if tag in (f"{_WQ}br", f"{_WQ}cr") and child.get(f"{_WQ}type") in (None, "textWrapping"):
        return "\n"
    return None
