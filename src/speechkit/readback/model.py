"""What every reader works on: the draft's paragraphs, their level markers, and the notes about them.

Nothing is dropped. A paragraph lands in a field, is joined to the paragraph it belongs to, or is
kept under ``unplaced``; every repair, join, guess and leftover is a :class:`Note` naming the draft
line. Text keeps its script: keywords are matched on a :func:`simplified` copy, never written back.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..blocks import SENTENCE_END, cn_numeral, cn_numeral_value, numbering, split_lead
from ..errors import OutlineError

# Required fields the draft did not give still need a value for the outline to render; these are
# loud on purpose (and always reported), so nobody prints them by accident.
PLACEHOLDER_TITLE = "【待补：标题】"
PLACEHOLDER_SPEAKER = "【待补：讲话人】"
PLACEHOLDER_DATE = dt.date(2000, 1, 1)

@dataclass(frozen=True)
class Note:
    """Something the reader repaired, guessed or could not place, at a draft line."""

    line: int | None
    message: str


@dataclass
class Para:
    text: str
    line: int | None
    kind: str = "para"  # the part a .docx written by speechkit carries in its style; "para" otherwise


@dataclass
class Draft:
    """The draft being read: its paragraphs (readers repair them in place), the notes, what fits nowhere."""

    paras: list[Para]
    notes: list[Note] = field(default_factory=list)
    unplaced: list[Para] = field(default_factory=list)
    file: str | None = None  # for errors: a kind that cannot read the draft says which file

    def error(self, message: str, line: int | None = None) -> OutlineError:
        return OutlineError(message, file=self.file, line=line)

    def note(self, line: int | None, message: str) -> None:
        self.notes.append(Note(line, message))

    def unplace(self, para: Para, why: str) -> None:
        self.unplaced.append(para)
        self.note(para.line, f"{why}；已放入 unplaced")


def leftovers(paras: list[Para], draft: Draft, where: str) -> None:
    for p in paras:
        draft.unplace(p, f"{where}之后的段落")


def finish(draft: Draft, data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """A kind's outline data in its writing order, with what fits nowhere under ``unplaced``."""
    if draft.unplaced:
        data["unplaced"] = [p.text for p in draft.unplaced]
    return {key: data[key] for key in order if key in data and data[key] is not None}


# ---------------------------------------------------------------------------------------------
# Level markers.


@dataclass(frozen=True)
class Marker:
    level: int
    number: int
    text: str  # the marker as written, with any space after it
    rest: str  # the paragraph after the marker
    exact: bool  # written the way GB/T 9704 writes it (一、 （一） 1. （1）)

    @property
    def canonical(self) -> str:
        n = cn_numeral(self.number)
        return {1: f"{n}、", 2: f"（{n}）", 3: f"{self.number}.", 4: f"（{self.number}）"}[self.level]


_CN = "一二三四五六七八九十"
# Tolerant versions of blocks.LEVEL_PATTERNS: half-width brackets, 一. 一． 1、 and stray spaces,
# which web copies and hand-typed drafts are full of (lint-norms §4, malformed starts).
_MARKERS = (
    (1, re.compile(rf"([{_CN}]+)\s*[、.．，,]\s*")),
    (2, re.compile(rf"[（(]\s*([{_CN}]+)\s*[)）]\s*[、.．，,]?\s*")),
    (3, re.compile(r"([1-9]\d*)\s*(?:[.．](?!\d)|、)\s*")),
    (4, re.compile(r"[（(]\s*([1-9]\d*)\s*[)）]\s*[、.．，,]?\s*")),
)


def marker(text: str) -> Marker | None:
    """The level marker a paragraph starts with, however it was typed."""
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m:
            strict = numbering(text)
            exact = strict is not None and strict[0] == level and strict[1] == m.group(0)
            return Marker(level, cn_numeral_value(m.group(1)), m.group(0), text[m.end():], exact)
    return None


def level_of(p: Para) -> int:
    if p.kind != "para":
        return 0
    m = marker(p.text)
    return m.level if m else 0


def heading_like(p: Para) -> bool:
    """A numbered line with no sentence in it: a heading, which legitimately ends without 。."""
    m = marker(p.text) if p.kind == "para" else None
    return m is not None and not any(ch in SENTENCE_END for ch in m.rest)


def title_like(text: str) -> bool:
    return (len(text) <= 80 and not any(ch in text for ch in "。！？；") and not text.endswith(("：", ":"))
            and marker(text) is None)


# ---------------------------------------------------------------------------------------------
# Text.


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=8192)
def simplified(text: str) -> str:
    """A simplified-script copy for keyword matching only; the outline keeps the draft's script."""
    if text.isascii():
        return text
    return _t2s().convert(text)


def sentence_starts(text: str) -> list[int]:
    """Offsets just after each sentence end (closing quotes stay with their sentence), end excluded."""
    return [m.end() for m in re.finditer(r"[。！？]+[”’」』]*", text) if m.end() < len(text)]


def lead_body(text: str) -> tuple[dict[str, str], bool]:
    """A numbered paragraph's ``lead`` (up to its first sentence end) and ``body``; True when a 。 was added."""
    lead = split_lead(text) or text
    added = not lead or lead[-1] not in SENTENCE_END
    if added:
        lead += "。"
    body = text[len(lead):] if text.startswith(lead) else ""
    return ({"lead": lead, "body": body} if body else {"lead": lead}), added
