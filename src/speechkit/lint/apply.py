"""Making chosen fixes in a draft's own bytes, and writing a fixed draft back in place.

Generic over fix objects, never over rules: a finding says where (its block and the character
span in that block's text), what the span holds (``match``) and what should stand there
(``fix.replacement``). The fixes are spliced into the file's own text:

* .txt / .md: into the decoded lines, so the encoding (UTF-8, UTF-8 with BOM, UTF-16, GB18030)
  and every line ending come back as they were;
* .docx: through :func:`docx_io.apply_paragraph_edits`, inside the runs, keeping their formatting.

A fix is made only where the file still holds ``match`` at the mapped span; nothing outside a
finding's span is touched. Which fixes to make, and the rounds, are :mod:`.fix`'s.
"""

from __future__ import annotations

import difflib
import os
import stat
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import docx_io
from ..blocks import Document
from ..errors import DocumentError, OutputError
from .findings import Finding


def _pieces_that_change(old: str, new: str) -> list[tuple[int, int, str]]:
    """An edit of ``old`` into ``new`` as (start, end, text) edits of the characters that change, so
    characters the fix keeps stay in their own runs: 国土资源部 → 自然资源部 replaces 国土 only, and
    [2024] → 〔2024〕 the two brackets, leaving 2024 in whatever formatting it has."""
    if old == "":
        return [(0, 0, new)]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


# ---------------------------------------------------------------------------------------------
# Making them: text files.


def _encode(text: str, encoding: str, original: bytes) -> bytes:
    if encoding == "utf-16":
        if original.startswith(b"\xfe\xff"):
            return b"\xfe\xff" + text.encode("utf-16-be")
        return b"\xff\xfe" + text.encode("utf-16-le")
    return text.encode(encoding)


def apply_text(path: str, data: bytes, document: Document, chosen: Sequence[Finding]) -> tuple[bytes, list]:
    from ..drafts import decode_text

    text, encoding = decode_text(data, path)
    if _encode(text, encoding, data) != data:
        raise DocumentError(f"此 {encoding} 文本无法原样写回，因此不作修改", file=path)
    lines = text.splitlines(keepends=True)
    per_line: dict[int, list[tuple[int, int, str, Finding]]] = {}
    for f in chosen:
        block = document.blocks[f.index]
        if block.line is None or not 1 <= block.line <= len(lines):
            continue
        body = lines[block.line - 1]
        if body[block.col : block.col + len(block.text)] != block.text or block.text[f.start : f.end] != f.match:
            continue
        per_line.setdefault(block.line - 1, []).append((block.col + f.start, block.col + f.end,
                                                        f.replacement, f))
    done = []
    for index, edits in per_line.items():
        line = lines[index]
        made = set()
        for start, end, replacement, f in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            if (start, end, replacement) not in made:  # two rules asking for the same edit: make it once
                line = line[:start] + replacement + line[end:]
                made.add((start, end, replacement))
            done.append(f)
        lines[index] = line
    return _encode("".join(lines), encoding, data), done


# ---------------------------------------------------------------------------------------------
# Making them: .docx, through the paragraphs of docx_io.iter_paragraphs.


def block_offsets(document: Document, paragraphs: Sequence[str]) -> dict[int, list[int]]:
    """For each block read from a .docx, the offset in its paragraph's text of each of its characters.

    read_docx strips a paragraph, drops the line breaks of a title and splits an imprint line at its
    tab: it only ever leaves out white space. So each block is matched against its paragraph left to
    right, skipping white space the block does not have; blocks sharing a paragraph are matched one
    after the other. A block that cannot be matched is left out (its findings are not fixed).
    """
    out: dict[int, list[int]] = {}
    resume: dict[int, int] = {}
    for index, block in enumerate(document.blocks):
        number = block.line
        if not block.text or number is None or not 1 <= number <= len(paragraphs):
            continue
        matched = _match_skipping_space(block.text, paragraphs[number - 1], resume.get(number, 0))
        if matched is not None:
            out[index] = matched
            resume[number] = matched[-1] + 1
    return out


def _match_skipping_space(text: str, raw: str, j: int) -> list[int] | None:
    offsets = []
    for ch in text:
        while j < len(raw) and raw[j] != ch and raw[j].isspace():
            j += 1
        if j == len(raw) or raw[j] != ch:
            return None
        offsets.append(j)
        j += 1
    return offsets


def paragraph_span(offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """A block span [start, end) as a span of its paragraph's text."""
    if start < len(offsets):
        a = offsets[start]
    else:
        a = offsets[-1] + 1 if offsets else 0
    b = offsets[end - 1] + 1 if end > start else a
    return a, b


@dataclass
class TrackChanges:
    """``--track-changes``: fixes are written as revisions by ``author`` dated ``date``; ``ids`` records
    the revisions each fix became, for comments anchored on them (``--annotate``)."""

    author: str
    date: str
    ids: dict[Finding, tuple[str, ...]] = field(default_factory=dict)


def apply_docx(path: str, data: bytes, document: Document, chosen: Sequence[Finding],
               track: TrackChanges | None = None) -> tuple[bytes, list]:
    paragraphs = docx_io.paragraph_texts(path, data)
    offsets = block_offsets(document, paragraphs)
    edits: dict[docx_io.ParagraphEdit, list[Finding]] = {}
    for f in chosen:
        where = offsets.get(f.index)
        block = document.blocks[f.index]
        if where is None or block.text[f.start : f.end] != f.match or f.end > len(where):
            continue
        a, b = paragraph_span(where, f.start, f.end)
        if b - a != f.end - f.start:
            continue  # the span crosses white space the reader left out (a title's line break)
        for i1, i2, new_text in _pieces_that_change(f.match, f.replacement):
            edit = docx_io.ParagraphEdit(block.line, a + i1, a + i2, new_text, expect=f.match[i1:i2])
            edits.setdefault(edit, []).append(f)
    if track is None:
        new, skipped = docx_io.apply_paragraph_edits(data, list(edits), path)
    else:
        new, skipped, made = docx_io.apply_paragraph_revisions(data, list(edits), author=track.author,
                                                                date=track.date, path=path)
        for edit, ids in made.items():
            for f in edits[edit]:
                track.ids[f] = track.ids.get(f, ()) + ids
    left = {f for edit in skipped for f in edits[edit]}
    return new, list(dict.fromkeys(f for found in edits.values() for f in found if f not in left))


# ---------------------------------------------------------------------------------------------
# Either kind.


def is_docx(path: str, data: bytes) -> bool:
    """The reader's own rule: a .docx suffix, or a zip package under any name but .txt / .md."""
    suffix = Path(path).suffix.lower()
    return suffix == ".docx" or (suffix not in (".txt", ".md") and data[:4] == b"PK\x03\x04")


def apply_fixes(path: str, data: bytes, document: Document, chosen: Sequence[Finding]) -> tuple[bytes, list[Finding]]:
    """One round: make the ``chosen`` fixes (non-overlapping, found in ``document`` read from ``data``).
    Returns the new file content and the findings whose fix was made."""
    return (apply_docx if is_docx(path, data) else apply_text)(path, data, document, chosen)



def write_in_place(path: str, data: bytes, before: bytes) -> None:
    """Replace a draft atomically, keeping its permissions; a symlink keeps pointing at the new text.

    (files.write_atomic is for new outputs: it gives the umask's mode, and it would replace a link.)
    The file must still hold what was read, so an edit made meanwhile in an editor is not lost.
    """
    target = Path(path).resolve()
    try:
        if target.read_bytes() != before:
            raise OutputError("修改期间文件已被改动，未写入；请重新运行", file=path)
        mode = stat.S_IMODE(target.stat().st_mode)
        if not os.access(target, os.W_OK):
            raise OutputError("文件只读，未修改", file=path)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"无法写入：{exc.strerror}", file=path) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
