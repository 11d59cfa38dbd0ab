"""READ, second half: a draft's blocks → outline data for its kind → outline YAML that render accepts.

``drafts.read_document`` gives one block per paragraph. Here they become :class:`~.model.Para`
(soft line breaks and control characters dealt with), the kind is chosen (given, or guessed by the
readers of :data:`~.readers.READERS`), its reader places every paragraph, and ``speechkit outline``
writes the result only once render has accepted it.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..blocks import Document
from ..errors import DocumentError, OutlineError, SpeechkitError, format_path
from ..frame import SPACES
from .model import Draft, Note, Para
from .readers import READERS, guess_kind
from .result import Extraction, source_label

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def paragraphs(document: Document, notes: list[Note]) -> list[Para]:
    """Blocks → paragraphs to place: empty parts dropped, soft line breaks and control characters handled."""
    out: list[Para] = []
    for block in document.blocks:
        if block.kind in ("blank", "pagebreak") or not block.text.strip():
            continue
        text = block.text
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
            notes.append(Note(block.line, "已删除控制字符"))
        pieces = [piece.strip(SPACES) for piece in text.split("\n")]
        pieces = [piece for piece in pieces if piece]
        if len(pieces) > 1:
            notes.append(Note(block.line, "段落内有换行；已按多个段落读取"))
        for piece in pieces:
            if piece.startswith("@"):  # reserved for block markup in outlines
                piece = "＠" + piece[1:]
                notes.append(Note(block.line, "段首的 @ 已改为全角 ＠"))
            out.append(Para(piece, block.line, block.kind if len(pieces) == 1 else "para"))
    return out

def extract_outline(document: Document, kind: str | None = None, *, file: str | None = None) -> Extraction:
    """A draft's Document → outline data for ``kind`` (guessed when None), with notes."""
    notes: list[Note] = []
    paras = paragraphs(document, notes)
    if not paras:
        raise DocumentError("文稿为空，没有可读出提纲的文字", file=file)
    draft = Draft(paras, notes, file=file)
    reason = None
    if kind is None:
        kind, reason = guess_kind(draft)
    elif kind not in READERS:
        raise OutlineError(f"无法按「{kind}」读取文稿（可读取的 kind：{'、'.join(sorted(READERS))}）", file=file)
    originals = list(paras)  # readers repair draft.paras in place
    data = READERS[kind].read(draft)
    # In draft order (notes without a line, about the whole draft, last), whatever order the reader found them.
    notes = sorted(draft.notes, key=lambda n: (n.line is None, n.line or 0))
    return Extraction(kind, data, notes, reason, originals)


def extract_file(path: str | Path, kind: str | None = None) -> Extraction:
    """Read a .docx/.txt/.md draft (``-`` for stdin) into an outline."""
    from ..drafts import read_document

    return extract_outline(read_document(path), kind, file=source_label(path))


def outline_file(draft: str, out: str, *, kind: str | None = None, force: bool = False) -> tuple[Extraction, bytes]:
    """The ``speechkit outline`` job: read, check that render accepts the result, then write atomically.

    Returns the read-back result and the bytes written (to ``out``, or for the caller to print when ``out`` is -).
    """
    from ..files import check_writable, write_atomic
    from ..outline import load_yaml
    from ..render.build import build, parse_outline

    if out != "-":
        check_writable(Path(out), force)  # fail before the work, not after
    result = extract_file(draft, kind)
    text = result.to_yaml(draft)
    generated = "<generated outline>"  # not ``out``: nothing is written when this check fails
    try:
        build(parse_outline(load_yaml(text, generated)))
    except SpeechkitError as exc:  # a reader bug, not the user's: never write an outline render refuses
        raise _unrenderable(exc, result, generated, source_label(draft)) from exc
    data = text.encode("utf-8")
    if out != "-":
        write_atomic(out, data, force=force)
    return result, data


def _unrenderable(exc: SpeechkitError, result: Extraction, generated: str, draft: str | None) -> OutlineError:
    """The error for an outline render refuses, located at the draft line behind the bad field.

    Its YAML line would name a file that was never written, so the field is given by its path and the
    place by the draft paragraph that holds the field's text (no line when none does).
    """
    path = exc.path
    where = f"{format_path(path)}: " if path else ""
    if exc.file and exc.file != generated:  # a template's own error keeps its place in the template
        where = f"{exc.file}{':' + str(exc.line) if exc.line else ''}: {where}"
    return OutlineError(f"从文稿读出的提纲无法生成文档（{where}{exc.message}）；这是 speechkit 的问题，请报告",
                        file=draft, line=result.line_of(path) if path else None)
