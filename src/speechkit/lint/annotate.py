"""``lint DRAFT.docx --annotate REVIEWED.docx``: every finding as a Word review comment.

The comment (author ``speechkit``) says ``CODE message`` and is anchored on exactly the offending
text: runs are split at the finding's span by :func:`docx_io.add_paragraph_comments`, keeping their
formatting. The draft itself is never written; the copy is written whole or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from .. import docx_io
from ..blocks import Document
from ..drafts import read_bytes
from ..errors import OutputError
from ..files import check_writable, write_atomic
from .apply import block_offsets, is_docx, paragraph_span
from .findings import Finding
from .report import collapse, render
from .run import LintOptions, configured_rules

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
            number = document.blocks[f.block].line
            start, end = paragraph_span(where, f.start, f.end)
        else:
            number = f.line
            start, end = 0, len(paragraphs[number - 1]) if 1 <= number <= len(paragraphs) else 0
        out.append(docx_io.ParagraphComment(number, start, end, comment_text(f)))
    return out


def annotate_bytes(path: str, data: bytes, findings: Sequence[Finding],
                   document: Document) -> tuple[bytes, list[docx_io.ParagraphComment]]:
    """(annotated copy, comments that could not be anchored)."""
    paragraphs = docx_io.paragraph_texts(path, data)
    comments = comments_for(document, paragraphs, collapse(findings))  # one comment per reported finding
    return docx_io.add_paragraph_comments(data, comments, author=AUTHOR, initials=INITIALS, path=path)


def check_options(paths: Sequence[str], target: str, force: bool) -> None:
    if len(paths) != 1:
        raise OutputError(f"--annotate takes one .docx draft, got {len(paths)}")
    if Path(target).suffix.lower() != ".docx":
        raise OutputError("--annotate writes a .docx; give it a name ending in .docx", file=target)
    if paths[0] != "-" and Path(target).resolve() == Path(paths[0]).resolve():
        raise OutputError("--annotate writes a copy; it never overwrites the draft itself", file=target)
    check_writable(Path(target), force)


def run_annotate(options: LintOptions, *, out: TextIO, err: TextIO) -> int:
    """Lint one .docx draft, write the commented copy, report as ``lint`` does. Returns 0 or 1."""
    from ..drafts import read_document
    from . import lint_document

    target, force = options.annotate, options.force
    check_options(options.paths, target, force)
    path = options.paths[0]
    ruleset = configured_rules(options)
    data = read_bytes(path)
    if not is_docx(path, data):
        raise OutputError("--annotate works on .docx drafts only (Word comments need a Word file)", file=path)
    document = read_document(path, data)
    findings = lint_document(document, ruleset, path)
    annotated, unanchored = annotate_bytes(path, data, findings, document)
    write_atomic(target, annotated, force=force)
    out.write(render(findings, [path], options.fmt))
    placed = len(collapse(findings)) - len(unanchored)
    note = f" ({len(unanchored)} could not be anchored and were left out)" if unanchored else ""
    err.write(f"wrote {target} with {placed} comment{'s' if placed != 1 else ''}{note}\n")
    return 1 if findings else 0
