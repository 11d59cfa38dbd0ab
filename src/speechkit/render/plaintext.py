"""Blocks as plain text and Markdown: the same document, for pasting into an OA system or a wiki."""

from __future__ import annotations

from ..blocks import Block, Document

INDENT = "\u3000\u3000"  # two ideographic spaces: the first-line indent of plain-text Chinese
FLUSH = {"title", "subtitle", "dateline", "byline", "salutation", "organ", "docnumber", "addressee",
         "signature", "date", "attachment_label", "center", "plain", "cc", "imprint", "imprint_date"}


def _text_line(block: Block) -> str:
    if block.kind == "blank":
        return ""
    if block.kind == "pagebreak":
        return "\f"
    return block.text if block.kind in FLUSH else INDENT + block.text


def to_text(document: Document) -> str:
    """Plain text: one line per block, body paragraphs indented with two ideographic spaces, \f for a new page."""
    return "\n".join(_text_line(b) for b in document.blocks) + "\n"


def _md_line(block: Block) -> str | None:
    if block.kind == "title":
        return f"# {block.text}"
    if block.kind == "para" and block.level in (1, 2) and not block.lead:
        return f"{'#' * (block.level + 1)} {block.text}"
    if block.kind == "pagebreak":
        return "---"
    if block.kind == "blank":
        return None
    return block.text


def to_markdown(document: Document) -> str:
    """Markdown: the title as #, standalone 一、 and （一） headings as ## and ###, blocks as paragraphs."""
    lines = [line for line in map(_md_line, document.blocks) if line is not None]
    return "\n\n".join(lines) + "\n"
