"""Fixes written as tracked changes (修订): the old text in ``w:del``, the new in ``w:ins``.

A reviewer in Word or WPS accepts or rejects each change. Offsets are those of the accepted text
(edit.py's paragraph text), so a draft that already holds tracked changes is edited as it reads with
them accepted; a fix that would touch a run inside an existing change is skipped, because a revision
inside another one is what makes Word offer to repair a file.

What Word needs from the markup (ECMA-376 Part 1, §17.13.5): ``w:ins`` / ``w:del`` hold whole runs;
a deleted run holds ``w:delText`` where an ordinary run holds ``w:t``; ``w:id`` is unique among all
annotations of the part (comments included); ``w:author`` is required and ``w:date`` is
``xsd:dateTime``. Each new run copies the ``w:rPr`` of the text it replaces, so the fix keeps the
formatting. No ``w:rsid*`` attribute is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy
from typing import Any, NamedTuple

from ..errors import DocumentError
from ._common import _WQ, NO_DOCUMENT
from .edit import (
    ParagraphEdit,
    _body_paragraphs,
    _edit_paragraph,
    _inserted_by,
    _pieces,
    _replace_part,
    _set_text,
    _split_run_at,
)
from .facts import _parse_part
from .reader import _open_part

_CAN_HOLD_REVISION = frozenset({f"{_WQ}p", f"{_WQ}hyperlink", f"{_WQ}smartTag", f"{_WQ}fldSimple"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}Z)?")


def revision_date(data: bytes, path: str, given: str | None = None) -> str:
    """The ``w:date`` of new revisions: ``given`` (``--date``, a date or a UTC timestamp), else the
    draft's own last-modified (or created) date from docProps/core.xml, else a fixed date, so that
    the same draft gives the same bytes."""
    if given is not None:
        if not _DATE.fullmatch(given):
            raise DocumentError(f"修订日期（--date）应写作 2026-03-16 或 2026-03-16T09:30:00Z，实际是「{given}」",
                                file=path)
        return given if "T" in given else f"{given}T00:00:00Z"
    core = _open_part(path, data, "docProps/core.xml") or b""
    for tag in (b"dcterms:modified", b"dcterms:created"):
        m = re.search(rb"<" + tag + rb"[^>]*>(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})", core)
        if m:
            return m.group(1).decode() + "Z"
    return "2000-01-01T00:00:00Z"


def _max_id(root) -> int:
    found = -1
    for el in root.iter():
        value = el.get(f"{_WQ}id")
        if value is not None and value.lstrip("-").isdigit():
            found = max(found, int(value))
    return found


class _Ids:
    """Annotation ids above every id the part (and its comments part) already uses; ``taken`` lists
    the ones given out since it was last emptied (the revisions of one edit)."""

    def __init__(self, first: int) -> None:
        self.next = first
        self.taken: list[str] = []

    def take(self) -> str:
        value, self.next = self.next, self.next + 1
        self.taken.append(str(value))
        return str(value)


class Revised(NamedTuple):
    data: bytes  # the package with the revisions
    skipped: list[ParagraphEdit]  # edits that could not be written
    ids: dict[ParagraphEdit, tuple[str, ...]]  # the w:id of each written edit's w:del / w:ins


def _enclosing_revision_id(p, edit: ParagraphEdit, author: str) -> tuple[str, ...]:
    """The insertion by ``author`` an edit made inside one lies in (its revision is that insertion)."""
    pieces = _pieces(p, author)
    for pc in pieces:
        if pc.start <= edit.start <= pc.end and pc.run.getparent() is not None and _inserted_by(pc.run, author):
            return (pc.run.getparent().get(f"{_WQ}id"),)
    return ()


def _wrapper(tag: str, ids: _Ids, author: str, date: str):
    from lxml import etree

    el = etree.Element(f"{_WQ}{tag}")
    el.set(f"{_WQ}id", ids.take())
    el.set(f"{_WQ}author", author)
    el.set(f"{_WQ}date", date)
    return el


def _new_run(model, text: str):
    """A run with ``model``'s formatting holding ``text``."""
    from lxml import etree

    run = etree.Element(f"{_WQ}r")
    rpr = model.find(f"{_WQ}rPr") if model is not None else None
    if rpr is not None:
        run.append(deepcopy(rpr))
    t = etree.SubElement(run, f"{_WQ}t")
    _set_text(t, text)
    return run


def _delete_run(run, ids: _Ids, author: str, date: str):
    """Wrap ``run`` in a w:del, its w:t turned into w:delText; returns the w:del."""
    for child in run:
        if child.tag == f"{_WQ}t":
            child.tag = f"{_WQ}delText"
    wrapper = _wrapper("del", ids, author, date)
    run.addprevious(wrapper)
    wrapper.append(run)
    return wrapper


def _insert_at_edge(p, at_start: bool, text: str, ids: _Ids, author: str, date: str) -> bool:
    """An insertion at the start or end of a paragraph whose text there is gone (deleted by an edit
    written just before): the new run goes before the first, or after the last, of its own runs."""
    content = [el for el in p if el.tag in (f"{_WQ}r", f"{_WQ}ins", f"{_WQ}del")]
    if not content:
        return False
    anchor = content[0] if at_start else content[-1]
    model = anchor if anchor.tag == f"{_WQ}r" else anchor.find(f"{_WQ}r")
    inserted = _wrapper("ins", ids, author, date)
    inserted.append(_new_run(model, text))
    if at_start:
        anchor.addprevious(inserted)
    else:
        anchor.addnext(inserted)
    return True


def _revise_paragraph(p, edit: ParagraphEdit, ids: _Ids, author: str, date: str) -> bool:
    """Write one edit as revisions; False (and nothing changed) where it cannot be written exactly."""
    pieces = _pieces(p)
    text = "".join(pc.text for pc in pieces)
    s, e = edit.start, edit.end
    if not 0 <= s <= e <= len(text) or (edit.expect is not None and text[s:e] != edit.expect):
        return False
    hit = [pc for pc in pieces if pc.start < e and s < pc.end]
    if s == e:  # an insertion: after the character before it (before the first, at the start)
        hit = [pc for pc in pieces if pc.start < s <= pc.end][:1] or [pc for pc in pieces if pc.start == s][:1]
    mine = [pc for pc in pieces if not pc.own and pc.run.getparent() is not None and _inserted_by(pc.run, author)]
    if hit and all(pc in mine for pc in hit):
        return _edit_paragraph(p, edit, author)  # text this run inserted: edit the insertion itself
    if not hit and s == e and s in (0, len(text)):
        return _insert_at_edge(p, s == 0, edit.text, ids, author, date)
    if not hit or not all(pc.own and pc.is_text for pc in hit):
        return False  # inside a text box, an existing change, or across a tab or break
    if any(pc.run.getparent() is None or pc.run.getparent().tag not in _CAN_HOLD_REVISION for pc in hit):
        return False
    if s == e:
        _insert_inside(p, hit[0].run, s, edit.text, ids, author, date)
    else:
        _replace_inside(p, hit[0].run, s, e, edit.text, ids, author, date)
    return True


def _insert_inside(p, model, s: int, text: str, ids: _Ids, author: str, date: str) -> None:
    """A w:ins at offset s of the paragraph, formatted like ``model``, the run it falls in."""
    _split_run_at(p, s)
    after = next((pc.run for pc in _pieces(p) if pc.end == s and pc.text), None)
    inserted = _wrapper("ins", ids, author, date)
    inserted.append(_new_run(model, text))
    if after is not None:
        after.addnext(inserted)
    else:
        model.addprevious(inserted)


def _replace_inside(p, model, s: int, e: int, text: str, ids: _Ids, author: str, date: str) -> None:
    """Text s:e of the paragraph as w:del, followed by ``text`` as a w:ins formatted like ``model``."""
    _split_run_at(p, e)
    _split_run_at(p, s)
    runs: list[Any] = []
    for pc in _pieces(p):
        if pc.start < e and s < pc.end and pc.run not in runs:
            runs.append(pc.run)
    last = None
    for run in runs:  # runs in different parents (a hyperlink) each get their own w:del
        last = _delete_run(run, ids, author, date)
    if text and last is not None:
        inserted = _wrapper("ins", ids, author, date)
        inserted.append(_new_run(model, text))
        last.addnext(inserted)


def apply_paragraph_revisions(
    data: bytes, edits: Iterable[ParagraphEdit], *, author: str, date: str, path: str = "<document>",
) -> Revised:
    """The package with each edit written as a tracked change, the edits not written, and the ids of
    the revisions each written edit became (for comments anchored on them).

    Within a paragraph edits are written from the end backwards, so every offset refers to the text
    as it was read. Only word/document.xml is rewritten; with nothing to change the input comes
    back as it was.
    """
    from lxml import etree

    by_paragraph: dict[int, list[ParagraphEdit]] = {}
    for edit in edits:
        by_paragraph.setdefault(edit.paragraph, []).append(edit)
    if not by_paragraph:
        return Revised(data, [], {})
    root = _parse_part(path, data, "word/document.xml")
    if root is None:
        raise DocumentError(NO_DOCUMENT, file=path)
    comments = _parse_part(path, data, "word/comments.xml")
    ids = _Ids(max(_max_id(root), _max_id(comments) if comments is not None else -1) + 1)
    paragraphs = _body_paragraphs(root, path)
    skipped: list[ParagraphEdit] = []
    made: dict[ParagraphEdit, tuple[str, ...]] = {}
    for number in sorted(by_paragraph):
        todo = sorted(by_paragraph[number], key=lambda ed: (ed.start, ed.end), reverse=True)
        if not 1 <= number <= len(paragraphs):
            skipped.extend(todo)
            continue
        for edit in todo:
            ids.taken = []
            p = paragraphs[number - 1]
            if _revise_paragraph(p, edit, ids, author, date):
                made[edit] = tuple(ids.taken) or _enclosing_revision_id(p, edit, author)
            else:
                skipped.append(edit)
    if not made:
        return Revised(data, skipped, {})
    tree = root.getroottree()
    xml = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=tree.docinfo.standalone)
    return Revised(_replace_part(path, data, "word/document.xml", xml), skipped, made)
