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
    revisions.py  fixes as tracked changes (lint --fix --track-changes)
"""

from __future__ import annotations

import importlib

# Name → submodule. Loaded on first use: rendering needs only the writer, lint only reader and edit.
_EXPORTS = {
    "CombinedWriter": "writer", "body_xml": "writer", "docx_bytes": "writer", "kept_with_signature": "writer",
    "MAX_PART_BYTES": "reader", "MAX_RATIO": "reader", "created_date": "reader", "iter_paragraphs": "reader",
    "libreoffice_compat": "reader", "read_docx": "reader",
    "FooterFacts": "facts", "LayoutFacts": "facts", "ParagraphFacts": "facts", "ParagraphFormat": "facts",
    "RunFacts": "facts", "RunFormat": "facts", "SectionFacts": "facts", "StyleFacts": "facts",
    "layout_facts": "facts",
    "ParagraphComment": "edit", "ParagraphEdit": "edit", "RevisionComment": "edit", "add_paragraph_comments": "edit",
    "Revised": "revisions", "apply_paragraph_revisions": "revisions", "revision_date": "revisions",
    "count_revisions": "reader",
    "apply_paragraph_edits": "edit", "paragraph_texts": "edit",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
