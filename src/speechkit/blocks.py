"""The block model: the one shape shared by templates, the writer, the reader, lint and extraction.

A document is a list of blocks, one per paragraph. Template output is *block markup*: one block per
line, ``@kind text`` for a document part (title, byline, signature…), a plain line for a body
paragraph. Blank lines are ignored, so templates may be laid out freely. Body levels are never
declared: they are recognised from the numbering the text already carries (一、 （一） 1. （1）),
exactly as a reader of the printed page would. See docs/markup.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .errors import MarkupError
from .zh import SENTENCE_END as SENTENCE_END
from .zh import cn_numeral as cn_numeral
from .zh import cn_numeral_value

# Document parts a template may mark. Everything else is a body paragraph (kind "para").
PART_KINDS = (
    "title",  # 标题
    "subtitle",  # 副标题（——在……上的讲话）
    "dateline",  # 讲话日期行（（2026年3月5日））
    "byline",  # 讲话人
    "salutation",  # 称呼（同志们：）
    "organ",  # 发文机关标志（红色）
    "docnumber",  # 发文字号，下接红色分隔线
    "addressee",  # 主送机关
    "attachment",  # 附件说明（附件：……）
    "signature",  # 发文机关署名
    "date",  # 成文日期
    "note",  # 附注（（此件公开发布））
    "attachment_label",  # 附件页的“附件1”
    "center",  # 居中的普通行（名单分组标题等）
    "plain",  # 顶格、无缩进的行（名单条目等）
    "cc",  # 版记：抄送
    "imprint",  # 版记：印发机关
    "imprint_date",  # 版记：印发日期
    "blank",  # 空一行
    "pagebreak",  # 另起一页
)
KINDS = ("para", *PART_KINDS)
EMPTY_KINDS = ("blank", "pagebreak")


LEVEL_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(r"^([一二三四五六七八九十百]+)、")),
    (2, re.compile(r"^（([一二三四五六七八九十百]+)）")),
    (3, re.compile(r"^([1-9]\d*)\.(?!\d)")),
    (4, re.compile(r"^（([1-9]\d*)）")),
)


@dataclass(frozen=True)
class Block:
    kind: str
    text: str = ""
    level: int = 0  # 1–4 for a numbered body paragraph, 0 otherwise
    lead: str = ""  # run-in heading: the leading sentence, a prefix of ``text``
    line: int | None = None  # where it came from: markup line or draft paragraph number
    col: int = 0  # offset of ``text`` within that source line (indentation and Markdown marks stripped)

    @property
    def body(self) -> str:
        """The text after the run-in lead (all of it when there is no lead)."""
        return self.text[len(self.lead) :]


@dataclass
class Document:
    blocks: list[Block]
    title: str = ""
    author: str = ""
    layout: str = "speech"  # "speech" or "gongwen": which page furniture the writer adds
    date: str = ""  # ISO date, used for the fixed timestamps in the document properties
    meta: dict = field(default_factory=dict)


def numbering(text: str) -> tuple[int, str, int] | None:
    """Recognise a level marker at the start of a paragraph: (level, marker, number) or None."""
    for level, pattern in LEVEL_PATTERNS:
        m = pattern.match(text)
        if m:
            return level, m.group(0), cn_numeral_value(m.group(1))
    return None


def split_lead(text: str) -> str:
    """The run-in lead of a numbered paragraph: up to the first sentence end, if body text follows."""
    for i, ch in enumerate(text):
        if ch in SENTENCE_END:
            return text[: i + 1] if text[i + 1 :].strip() else ""
    return ""


def body_block(text: str, line: int | None = None, col: int = 0) -> Block:
    """A body paragraph with its level and run-in lead recognised from the text."""
    found = numbering(text)
    if not found:
        return Block("para", text, line=line, col=col)
    return Block("para", text, level=found[0], lead=split_lead(text), line=line, col=col)


def parse_markup(source: str, *, origin: str | None = None) -> list[Block]:
    """Block markup → blocks. ``origin`` names the template for error messages."""
    blocks: list[Block] = []
    # Lines end at \n only: str.splitlines() would also end one at U+0085, U+2028 or \x1c inside a value.
    for number, raw in enumerate(source.split("\n"), start=1):
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("@"):
            blocks.append(body_block(line, number))
            continue
        kind, _, text = line[1:].partition(" ")
        text = text.strip()
        if kind == "para":
            blocks.append(body_block(text, number))
        elif kind in EMPTY_KINDS:
            if text:
                raise MarkupError(f"@{kind} 后面不能有文字，却有「{text}」", file=origin, line=number)
            blocks.append(Block(kind, line=number))
        elif kind in PART_KINDS:
            if not text:
                raise MarkupError(f"@{kind} 后面须有文字", file=origin, line=number)
            blocks.append(Block(kind, text, line=number))
        else:
            raise MarkupError(f"未知的块类型 @{kind}（可用：{'、'.join(KINDS)}）", file=origin, line=number)
    return blocks


def print_markup(blocks: list[Block]) -> str:
    """Blocks → block markup; ``parse_markup(print_markup(b))`` gives the same blocks."""
    lines = []
    for block in blocks:
        if block.kind == "para":
            lines.append(f"@para {block.text}" if block.text.startswith("@") else block.text)
        elif block.kind in EMPTY_KINDS:
            lines.append(f"@{block.kind}")
        else:
            lines.append(f"@{block.kind} {block.text}")
    return "\n".join(lines) + "\n"


def without_lines(blocks: list[Block]) -> list[Block]:
    """Blocks with source positions dropped, for comparing documents by content."""
    return [replace(b, line=None, col=0) for b in blocks]
