"""动员讲话稿 (kind: speech): not a 公文, so no 版头, 主送, 署名 or 版记."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..outline import Count, Paragraphs, Source
from .common import check_heading, check_lead, check_paragraphs, check_plain, cn_count


@dataclass
class Subpoint:
    lead: str
    body: str = ""


@dataclass
class Point:
    heading: str
    subpoints: list[Subpoint]
    intro: Paragraphs = Paragraphs()


@dataclass
class SpeechOptions:
    points: Count = Count(3)  # "any" lifts the rule
    subpoints: Count = Count(4)
    date_first: bool = True  # 新华社 order: date line above the speaker; false puts the speaker first
    date_style: Literal["arabic", "chinese"] = "arabic"  # 2026年3月5日 or 二〇二六年三月五日


@dataclass
class Speech:
    kind: Literal["speech"]
    title: str
    speaker: str
    date: dt.date
    opening: Paragraphs
    points: list[Point]
    closing: Paragraphs
    subtitle: str | None = None
    occasion: str | None = None  # the meeting, for the document properties and the starter text
    salutation: str = "同志们："
    transition: str | None = None
    options: SpeechOptions = field(default_factory=SpeechOptions)
    # Paragraphs `speechkit outline` could not place (read-back notes say where each came from). The
    # template does not print them: they wait for a person to move them into the right field.
    unplaced: Paragraphs = Paragraphs()

    def check(self, source: Source) -> None:
        want = self.options.points
        if want and len(self.points) != want:
            raise source.error(f"应有 {want} 点意见，实有 {len(self.points)} 点（如需改变结构，请设置 options.points）",
                               ("points",))
        for i, point in enumerate(self.points):
            path = ("points", i)
            check_heading(source, (*path, "heading"), point.heading)
            check_paragraphs(source, (*path, "intro"), point.intro)
            want = self.options.subpoints
            if want and len(point.subpoints) != want:
                raise source.error(f"应有 {want} 个小点，实有 {len(point.subpoints)} 个（如需改变结构，请设置 "
                                   "options.subpoints）", (*path, "subpoints"))
            for j, sub in enumerate(point.subpoints):
                check_lead(source, (*path, "subpoints", j, "lead"), sub.lead)
                check_plain(source, (*path, "subpoints", j, "body"), sub.body)
        check_paragraphs(source, ("opening",), self.opening)
        check_paragraphs(source, ("closing",), self.closing)
        if self.transition:
            check_plain(source, ("transition",), self.transition)
        if self.subtitle and not self.subtitle.startswith("——"):
            self.subtitle = "——" + self.subtitle.lstrip("—-－ ")

    def context(self) -> dict:
        # A speech read back without points must not announce 零点意见.
        transition = self.transition or (f"下面，我讲{cn_count(len(self.points))}点意见：" if self.points else "")
        return {**vars(self), "transition": transition}

    def document_info(self) -> dict:
        return {"title": self.title, "author": self.speaker, "date": self.date.isoformat(), "layout": "speech"}
