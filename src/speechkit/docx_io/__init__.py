"""The only package that knows WordprocessingML: blocks → .docx, and .docx → blocks.

The writer does not go through python-docx. It emits the package itself: every part that does not
depend on the document (styles, settings, fonts, footers, relationships) is serialised once per
process, so a document costs only its own paragraphs. That is what makes a thousand-notice batch
fast, and it keeps the output byte-for-byte deterministic (fixed zip timestamps and entry order).
The reader uses lxml directly, with size limits, because a draft from outside may be hostile.

    writer.py   blocks → package; the combined file of a batch run
    reader.py   package → blocks; the preview copy LibreOffice renders
    facts.py    what an existing .docx says about its page (check-format)
    edit.py     text edits inside runs (lint --fix) and review comments (lint --annotate)
"""

from .edit import ParagraphComment, ParagraphEdit, add_paragraph_comments, apply_paragraph_edits, paragraph_texts
from .facts import (
    FooterFacts,
    LayoutFacts,
    ParagraphFacts,
    ParagraphFormat,
    RunFacts,
    RunFormat,
    SectionFacts,
    StyleFacts,
    layout_facts,
)
from .reader import MAX_PART_BYTES, MAX_RATIO, created_date, iter_paragraphs, libreoffice_compat, read_docx
from .writer import CombinedWriter, body_xml, docx_bytes, kept_with_signature

__all__ = [
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "CombinedWriter",
    "FooterFacts",
    "LayoutFacts",
    "ParagraphComment",
    "ParagraphEdit",
    "ParagraphFacts",
    "ParagraphFormat",
    "RunFacts",
    "RunFormat",
    "SectionFacts",
    "StyleFacts",
    "add_paragraph_comments",
    "apply_paragraph_edits",
    "body_xml",
    "created_date",
    "docx_bytes",
    "iter_paragraphs",
    "kept_with_signature",
    "layout_facts",
    "libreoffice_compat",
    "paragraph_texts",
    "read_docx",
]
