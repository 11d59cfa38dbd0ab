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
from tests.conftest import EXAMPLES

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


# The comments that head examples/legacy-speech.yaml as `speechkit outline` writes it.
LEGACY_HEADER = (
    "# 由 `speechkit outline` 从 legacy-speech.txt 读出的提纲（kind: speech，"
    "推断依据：标题区有「讲话」、称呼「同志们：」、有过渡句、有「一、」级要点）。\n"
    "# 请核对以下各处（行号为原稿的行号）：\n"
    "#   第 11 行：第 10 行的段落在句中断开；已接上\n"
    "#   第 31 行：序号「(一)」按「（一）」读取\n"
    "#   第 43 行：两段连在一起；已在「（三）要…」之前分开\n"
)


def legacy_outline() -> str:
    """What `speechkit outline` writes for examples/legacy-speech.txt: LEGACY_HEADER, then the outline of
    examples/legacy-speech.yaml byte for byte (its own comment lines aside, which are regenerated with it)."""
    lines = (EXAMPLES / "legacy-speech.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    body = "".join(lines[next(k for k, line in enumerate(lines) if not line.startswith("#")):])
    return LEGACY_HEADER + body


def messages(result: Extraction) -> str:
    return "\n".join(f"{n.line}: {n.message}" for n in result.notes)
