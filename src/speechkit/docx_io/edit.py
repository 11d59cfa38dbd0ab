"""Editing an existing draft: lint --fix (text edits inside runs) and lint --annotate (review comments)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..errors import DocumentError
from ._common import _WQ, NO_BODY, NO_DOCUMENT, NOT_DOCX, NOT_ZIP, in_view, piece_text, revision_of, zip_bomb
from .facts import _parse_part
from .reader import MAX_RATIO, iter_paragraphs
from .writer import _write_entry

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


@dataclass(frozen=True)
class RevisionComment:
    """A review comment anchored on tracked changes: the w:del / w:ins with these ids (one fix's)."""

    ids: tuple[str, ...]
    text: str


@dataclass
class _Piece:
    run: Any  # the w:r element (lxml ships no type hints)
    node: Any  # its w:t, w:tab, w:br or w:cr child
    start: int  # offset in the paragraph text
    text: str
    own: bool  # False for a run of a paragraph nested in this one

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_text(self) -> bool:
        return self.node.tag == f"{_WQ}t"


def _owning_paragraph(el):
    parent = el.getparent()
    while parent is not None and parent.tag != f"{_WQ}p":
        parent = parent.getparent()
    return parent


def _pieces(p, author: str | None = None) -> list[_Piece]:
    """The paragraph's text pieces as lint reads it (changes accepted). A piece is ``own`` (editable)
    when it belongs to this paragraph and to no tracked change, or to an insertion by ``author``:
    a later round of tracked fixes may edit the text an earlier round inserted."""
    pieces: list[_Piece] = []
    pos = 0
    for r in p.iter(f"{_WQ}r"):
        if not in_view(r, "accepted"):  # offsets are those of the text as lint reads it
            continue
        revision = revision_of(r)
        own = _owning_paragraph(r) is p and (
            revision is None or (author is not None and revision == "ins" and _inserted_by(r, author)))
        for child in r:
            text = piece_text(child)
            if text is not None:
                pieces.append(_Piece(r, child, pos, text, own))
                pos += len(text)
    return pieces


def _inserted_by(run, author: str) -> bool:
    parent = run.getparent()
    return parent is not None and parent.tag == f"{_WQ}ins" and parent.get(f"{_WQ}author") == author


def _body_paragraphs(root, path: str) -> list:
    """The body's w:p elements; index + 1 is the paragraph number of iter_paragraphs."""
    body = root.find(f"{_WQ}body")
    if body is None:
        raise DocumentError(NO_BODY, file=path)
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


def _edit_paragraph(p, edit: ParagraphEdit, author: str | None = None) -> bool:
    """Make one edit in place; False (and nothing changed) where it cannot be made exactly."""
    from lxml import etree

    pieces = _pieces(p, author)
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
        raise DocumentError(NOT_ZIP, file=path) from None
    with zf:
        for info in zf.infolist():
            if info.file_size > MAX_RATIO * max(info.compress_size, 1) + 1_000_000:
                raise DocumentError(zip_bomb(info.filename, info.file_size), file=path)


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
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise DocumentError(f"{NOT_DOCX}（压缩包已损坏，无法改写）", file=path) from None
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
        raise DocumentError(NO_DOCUMENT, file=path)
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
    if not any(piece_text(child) for child in children[:index]):
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
    path: str = "<document>", on_revisions: Iterable[RevisionComment] = (),
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
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
        raise DocumentError(f"{NOT_DOCX}，无法加批注（文件结构已损坏）", file=path) from None
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
    for rc in on_revisions:
        _comment_on_revisions(document, rc, author, initials)
    _renumber_revisions(document.element.body)
    out = io.BytesIO()
    document.save(out)
    return _restamp(out.getvalue()), unanchored


def _comment_on_revisions(document, rc: RevisionComment, author: str, initials: str) -> None:
    """A comment whose range encloses a fix's revisions. python-docx puts the range marks beside runs,
    which here sit inside the w:del / w:ins; the marks and the reference run are moved outside them, so
    that accepting or rejecting the change leaves the comment whole."""
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    body = document.element.body
    wanted = set(rc.ids)
    wrappers = [el for el in body.iter(f"{_WQ}ins", f"{_WQ}del") if el.get(f"{_WQ}id") in wanted]
    runs = [r for w in wrappers for r in w.iter(f"{_WQ}r")]
    if not runs:
        return
    first, last = wrappers[0], wrappers[-1]
    paragraph = Paragraph(_owning_paragraph(first), document._body)
    comment = document.add_comment([Run(runs[0], paragraph), Run(runs[-1], paragraph)], rc.text,
                                   author=author, initials=initials)
    comment._comment_elm.date = None
    cid = str(comment.comment_id)
    start = next(el for el in body.iter(f"{_WQ}commentRangeStart") if el.get(f"{_WQ}id") == cid)
    end = next(el for el in body.iter(f"{_WQ}commentRangeEnd") if el.get(f"{_WQ}id") == cid)
    reference = next(el for el in body.iter(f"{_WQ}commentReference") if el.get(f"{_WQ}id") == cid).getparent()
    first.addprevious(start)
    last.addnext(end)
    end.addnext(reference)


def _renumber_revisions(body) -> None:
    """python-docx numbers new comments from 0; Word wants one id space for comments and revisions, so
    the revisions take the ids after the comments' (in document order: the output stays deterministic)."""
    taken = [int(v) for el in body.iter(f"{_WQ}commentRangeStart", f"{_WQ}commentReference")
             if (v := el.get(f"{_WQ}id", "")).isdigit()]
    revisions = list(body.iter(f"{_WQ}ins", f"{_WQ}del"))
    if not taken or not revisions:
        return
    for number, el in enumerate(revisions, start=max(taken) + 1):
        el.set(f"{_WQ}id", str(number))


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
