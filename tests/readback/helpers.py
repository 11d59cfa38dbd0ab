"""Shared steps for the read-back tests: outline data → rendered document → read back."""

from __future__ import annotations

from speechkit.blocks import Document
from speechkit.docx_io import docx_bytes
from speechkit.drafts import read_document
from speechkit.outline import load_yaml
from speechkit.readback import Extraction, extract_outline
from speechkit.readback.dump import dump_yaml
from speechkit.render.build import Outline, build, parse_outline
from speechkit.render.plaintext import to_markdown, to_text

WAYS = ("blocks", "txt", "md", "docx")


def parse(data: dict, label: str = "generated.yaml") -> Outline:
    """Outline data through the real loader and checks, as `speechkit render` reads it."""
    return parse_outline(load_yaml(dump_yaml(data), label))


def rendered(data: dict, way: str) -> Document:
    """Render outline data and read the result back the way a draft on disk would be read."""
    document = build(parse(data))
    if way == "blocks":
        return document
    if way == "txt":
        return read_document("draft.txt", to_text(document).encode("utf-8"))
    if way == "md":
        return read_document("draft.md", to_markdown(document).encode("utf-8"))
    if way == "docx":
        return read_document("draft.docx", docx_bytes(document))
    raise ValueError(way)


def read_text_draft(text: str, kind: str | None = None, name: str = "draft.txt") -> Extraction:
    """Read a text draft back, and insist that the outline renders."""
    result = extract_outline(read_document(name, text.encode("utf-8")), kind, file=name)
    build(parse(result.data))
    return result


def messages(result: Extraction) -> str:
    return "\n".join(f"{n.line}: {n.message}" for n in result.notes)
