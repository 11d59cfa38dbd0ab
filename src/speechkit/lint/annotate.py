"""``lint DRAFT.docx --annotate REVIEWED.docx``: every finding as a Word review comment.

The comment (author ``speechkit``) says ``CODE message`` and is anchored on exactly the offending
text: runs are split at the finding's span by :func:`docx_io.add_paragraph_comments`, keeping their
formatting. The draft itself is never written; the copy is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .. import docx_io
from ..blocks import Document
from ..drafts import read_bytes
from ..errors import OutputError
from ..files import check_writable, write_atomic
from .apply import block_offsets, is_docx, paragraph_span
from .findings import Finding
from .report import collapse, render
from .run import LintOptions, configured_rules, note_revisions, tracking

if TYPE_CHECKING:
    from .fix import Applied

AUTHOR = "speechkit"
INITIALS = "SK"


def comment_text(finding: Finding) -> str:
    return f"{finding.code} {finding.message}"


def comments_for(document: Document, paragraphs: Sequence[str],
                 findings: Sequence[Finding]) -> list[docx_io.ParagraphComment]:
    """One comment per finding, on its span in the paragraph text (the whole paragraph when a finding
    has no span of its own, such as a remark on the document's shape)."""
    offsets = block_offsets(document, paragraphs)
    out = []
    for f in findings:
        where = offsets.get(f.block) if f.block is not None else None
        if where is not None and f.end <= len(where):
            number = document.blocks[f.index].line
            start, end = paragraph_span(where, f.start, f.end)
        else:
            number = f.line
            start, end = 0, len(paragraphs[number - 1]) if 1 <= number <= len(paragraphs) else 0
        out.append(docx_io.ParagraphComment(number, start, end, comment_text(f)))
    return out


def annotate_bytes(path: str, data: bytes, findings: Sequence[Finding], document: Document, *,
                   author: str = AUTHOR, fixed: Sequence[Applied] = ()) -> tuple[bytes, list[docx_io.ParagraphComment]]:
    """(annotated copy, comments that could not be anchored). ``fixed``: fixes written as revisions, each
    of which gets its comment anchored on its revisions."""
    paragraphs = docx_io.paragraph_texts(path, data)
    comments = comments_for(document, paragraphs, collapse(findings))  # one comment per reported finding
    on_revisions = [docx_io.RevisionComment(a.revisions, comment_text(a.finding)) for a in fixed if a.revisions]
    return docx_io.add_paragraph_comments(data, comments, author=author, initials=INITIALS, path=path,
                                          on_revisions=on_revisions)


def check_options(paths: Sequence[str], target: str, force: bool) -> None:
    if len(paths) != 1:
        raise OutputError(f"--annotate 只能用于一份 .docx 草稿，现有 {len(paths)} 份")
    if Path(target).suffix.lower() != ".docx":
        raise OutputError("--annotate 写出的是 .docx 文件；请给以 .docx 结尾的文件名", file=target)
    if paths[0] != "-" and Path(target).resolve() == Path(paths[0]).resolve():
        raise OutputError("--annotate 另存带批注的副本，不覆盖草稿本身；请换一个文件名", file=target)
    check_writable(Path(target), force)


def run_annotate(options: LintOptions, *, out: TextIO, err: TextIO) -> int:
    """Lint one .docx draft, write the commented copy, report as ``lint`` does. Returns 0 or 1."""
    from ..drafts import read_document
    from . import lint_document

    target, force = options.annotate, options.force
    assert target is not None, "run_annotate is reached only with --annotate"
    check_options(options.paths, target, force)
    path = options.paths[0]
    ruleset = configured_rules(options)
    data = read_bytes(path)
    if not is_docx(path, data):
        raise OutputError("--annotate 只用于 .docx 草稿（Word 批注须写在 Word 文件中）", file=path)
    note_revisions(path, options.view, err, data)
    fixed: list[Applied] = []
    if options.track_changes:  # fixes as revisions, each with its comment; what is left, comments only
        from .fix import fix_bytes

        result = fix_bytes(path, data, ruleset, unsafe=options.unsafe_fixes, track=tracking(options, path, data))
        data, fixed = result.after, result.applied
    document = read_document(path, data, view=options.view)
    findings = lint_document(document, ruleset, path)
    annotated, unanchored = annotate_bytes(path, data, findings, document, author=options.author, fixed=fixed)
    write_atomic(target, annotated, force=force)
    out.write(render(findings, [path], options.fmt))
    placed = len(collapse(findings)) + len([a for a in fixed if a.revisions]) - len(unanchored)
    note = f"（{len(unanchored)} 条无法在原文中定位，未加入）" if unanchored else ""
    revised = f"，{len(fixed)} 处修改写成修订" if options.track_changes else ""
    err.write(f"已写入 {target}：批注 {placed} 条{revised}{note}\n")
    return 1 if findings else 0
