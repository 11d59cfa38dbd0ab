"""A speech's title block: 标题, 副标题, 日期, 讲话人, then the 称呼 (salutation) line.

The lines between the title and the body are sorted in draft order: a subtitle, the first date
line (with the speaker beside it, or on the same line), bylines and unmarked lines that may be the
speaker or the title's second line. What none of these is stays under ``unplaced``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..frame import SPACES, date_line
from .model import PLACEHOLDER_DATE, PLACEHOLDER_SPEAKER, PLACEHOLDER_TITLE, Draft, Para, marker, simplified, title_like

_SUBTITLE = re.compile(r"(?:[—－-]{1,2}\s*\S.*|在.{2,60}上的\S{2,6})")
_OCCASION = re.compile(r"[—－-]*\s*在(.+)上的\S{2,6}")
_SALUTATION_WORDS = re.compile(r"同志们|同志|各位|尊敬的|朋友们|女士们|先生们|代表|委员|来宾|领导|老师|同学们")
_SALUTATION_HEAD = re.compile(r"([^。！？；：:]{1,40}[：:])(.+)")
_TRANSITION = re.compile(
    r"[^。！？]{0,40}(?:讲|强调|谈|提|说)(?!了)[^。！？]{0,12}?(?:[一二三四五六七八九十两几]|以下)(?:点|个方面|个问题|条)"
    r"(?:意见|看法|要求|想法|认识|体会|建议)?(?:，?(?:供大家参考|和大家交流|与大家共勉|请大家抓好落实))?[。：:！]?")
_HEAD_KINDS = ("title", "subtitle", "dateline", "byline")


def is_salutation(text: str) -> bool:
    s = simplified(text)
    return (len(text) <= 40 and text.endswith(("：", ":")) and not any(ch in text for ch in "。！？；")
            and marker(text) is None and bool(_SALUTATION_WORDS.search(s)) and not is_transition(text))


def is_transition(text: str) -> bool:
    return bool(_TRANSITION.fullmatch(simplified(text).strip()))


def _head_line_like(text: str) -> bool:
    return len(text) <= 60 and title_like(text) and not is_salutation(text)


def _bracketed(text: str) -> bool:
    return text[:1] in "（(" and text[-1:] in "）)"


@dataclass
class _TitleBlock:
    """The lines of the title block as they are sorted; positions are indices into ``lines``."""

    draft: Draft
    title_parts: list[Para]
    lines: list[Para]
    subtitle: Para | None = None
    date: dt.date | None = None
    style: str = "arabic"
    date_para: Para | None = None
    date_pos: int | None = None
    candidates: list[tuple[int, Para]] = field(default_factory=list)  # the speaker, or the title's second line
    speaker: Para | None = None
    speaker_pos: int | None = None

    def sort(self) -> None:
        for pos, p in enumerate(self.lines):
            self._place(pos, p)
        chosen = self._speaker()
        if chosen:
            self.speaker_pos, self.speaker = chosen
        self._title_or_unplaced(chosen)

    def _place(self, pos: int, p: Para) -> None:
        if p.kind == "title" and pos == len(self.title_parts) - 1:
            self.title_parts.append(p)
        elif p.kind == "subtitle" or (p.kind == "para" and _SUBTITLE.fullmatch(p.text)):
            if self.subtitle is None:
                self.subtitle = p
            else:
                self.draft.unplace(p, "第二个副标题")
        elif (dated := date_line(p.text) if p.kind in ("dateline", "para", "byline") else None) is not None:
            self._date(pos, p, dated)
        elif p.kind != "byline" and _bracketed(p.text):
            self.draft.unplace(p, "标题区中的括注")
        else:
            self.candidates.append((pos, p))

    def _date(self, pos: int, p: Para, dated: tuple[dt.date | None, str, str]) -> None:
        found, style, rest = dated
        if self.date_para is not None:
            self.draft.unplace(p, "第二个日期行")
        elif found is None:
            self.draft.unplace(p, "日期行中的日期不存在")
        else:
            self.date, self.style, self.date_para, self.date_pos = found, style, p, pos
            if rest:  # 讲话人 and date on one line
                self.draft.note(p.line, "讲话人与日期在同一行；已分别读取")
                self.candidates.append((pos, Para(rest, p.line, "byline")))

    def _speaker(self) -> tuple[int, Para] | None:
        """The marked byline, else the line beside the date, else the last candidate."""
        chosen = next((c for c in self.candidates if c[1].kind == "byline"), None)
        if chosen is None and self.date_pos is not None:
            chosen = next((c for c in self.candidates if abs(c[0] - self.date_pos) == 1), None)
        if chosen is None and self.candidates:
            chosen = self.candidates[-1]
        return chosen

    def _title_or_unplaced(self, chosen: tuple[int, Para] | None) -> None:
        """Lines straight after the title (before any subtitle or date) continue it; other lines fit nowhere."""
        fixed = (self.subtitle, self.date_para)
        first_fixed = min((pos for pos, p in enumerate(self.lines) if any(p is f for f in fixed)),
                          default=len(self.lines))
        for pos, p in self.candidates:
            if (pos, p) == chosen:
                continue
            if self.title_parts and pos < first_fixed and pos == len(self.title_parts) - 1 and p.kind == "para":
                self.title_parts.append(p)
                self.draft.note(p.line, f"标题延续到第 {p.line} 行；已合并")
            else:
                self.draft.unplace(p, "标题区中无法识别的行")

    def fields(self) -> dict[str, Any]:
        """title, subtitle, speaker, date and occasion, with loud placeholders for the missing."""
        head: dict[str, Any] = {}
        first = self.title_parts[0].line if self.title_parts else None
        if self.title_parts:
            head["title"] = "".join(p.text for p in self.title_parts)
        else:
            head["title"] = PLACEHOLDER_TITLE
            self.draft.note(self.draft.paras[0].line, f"没有标题行；已写入占位符{PLACEHOLDER_TITLE}")
        if self.subtitle is not None:
            head["subtitle"] = self.subtitle.text
        if self.speaker is not None:
            head["speaker"] = self.speaker.text
        else:
            head["speaker"] = PLACEHOLDER_SPEAKER
            self.draft.note(first, f"没有讲话人行；已写入占位符{PLACEHOLDER_SPEAKER}")
        if self.date is not None:
            head["date"] = self.date
        else:
            head["date"] = PLACEHOLDER_DATE
            self.draft.note(first, f"没有日期行；已写入占位日期 {PLACEHOLDER_DATE.isoformat()}，请改为实际日期")
        if self.subtitle is not None and (m := _OCCASION.fullmatch(self.subtitle.text)):
            head["occasion"] = m.group(1)
        return head

    def options(self) -> dict[str, Any]:
        """What the order and style of the lines imply for rendering."""
        options: dict[str, Any] = {}
        if self.speaker_pos is not None and self.date_pos is not None and self.speaker_pos < self.date_pos:
            options["date_first"] = False
        if self.date is not None and self.style == "chinese":
            options["date_style"] = "chinese"
        return options


def speech_head(draft: Draft) -> tuple[dict[str, Any], dict[str, Any], list[Para]]:
    """Title, subtitle, date, speaker and salutation: (those fields, options they imply, body paragraphs)."""
    paras = draft.paras
    i = 0
    title_parts: list[Para] = []
    if paras[0].kind == "title" or (paras[0].kind == "para" and title_like(paras[0].text)):
        title_parts.append(paras[0])
        i = 1
    lines: list[Para] = []
    while i < len(paras) and (paras[i].kind in _HEAD_KINDS
                              or (paras[i].kind == "para" and _head_line_like(paras[i].text))):
        lines.append(paras[i])
        i += 1
    block = _TitleBlock(draft, title_parts, lines)
    block.sort()
    head = block.fields()
    i = _salutation(draft, i, head)
    return head, block.options(), paras[i:]


def _salutation(draft: Draft, i: int, head: dict[str, Any]) -> int:
    """The salutation at ``draft.paras[i]`` into ``head``; returns where the body starts."""
    paras = draft.paras
    if i < len(paras):
        p = paras[i]
        if p.kind == "salutation" or (p.kind == "para" and is_salutation(p.text)):
            head["salutation"] = p.text
            i += 1
        else:
            m = _SALUTATION_HEAD.fullmatch(p.text) if p.kind == "para" else None
            if m and is_salutation(m.group(1)) and m.group(2).strip(SPACES):
                head["salutation"] = m.group(1)
                paras[i] = Para(m.group(2).strip(SPACES), p.line)
                draft.note(p.line, "称呼与第一段连在一起；已在冒号后拆开")
    if "salutation" not in head:
        draft.note(paras[i].line if i < len(paras) else None, "没有称呼行；生成时将补上「同志们：」")
    return i
