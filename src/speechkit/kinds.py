"""The document kinds: their outline models and structure rules.

A kind is a dataclass (the outline's fields; names are the public YAML format) with two hooks:
``check(source)`` applies structure rules that types cannot express, and ``document_info()`` gives
the title, author, date and layout the writer puts into the package. Templates live in
``templates/<kind>/``; a kind with a template but no model here (a user's own) takes its outline
as free-form data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from .blocks import SENTENCE_END, cn_numeral, numbering, split_lead
from .outline import Count, Paragraphs, Source


def cn_count(n: int) -> str:
    """Numbers as counted things: 2 → 两 (两点意见), otherwise like cn_numeral."""
    return "两" if n == 2 else cn_numeral(n)


def _check_paragraphs(source: Source, path: tuple, paragraphs: Paragraphs | tuple) -> None:
    for i, text in enumerate(paragraphs):
        _check_plain(source, (*path, i), text)


def _check_plain(source: Source, path: tuple, text: str) -> None:
    # A body paragraph that opens with 一、 or （一） would be read back as a heading.
    found = numbering(text)
    if found:
        raise source.error(f"starts with {found[1]}, which marks a heading level; put it in points", path)


def _check_lead(source: Source, path: tuple, lead: str) -> None:
    ends = [i for i, ch in enumerate(lead) if ch in SENTENCE_END]
    if not ends or ends[-1] != len(lead) - 1:
        raise source.error(f"a lead sentence ends with 。, ！ or ？: {lead[-12:]!r}", path)
    if len(ends) > 1:
        raise source.error("a lead sentence is one sentence; move the rest into body", path)


def _check_heading(source: Source, path: tuple, heading: str) -> None:
    if split_lead("一、" + heading):
        raise source.error("a heading is one sentence; move the rest into intro", path)
    _check_plain(source, path, heading)


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

    def check(self, source: Source) -> None:
        want = self.options.points
        if want and len(self.points) != want:
            raise source.error(f"expected {want} points, found {len(self.points)} "
                               "(set options.points to change the shape)", ("points",))
        for i, point in enumerate(self.points):
            path = ("points", i)
            _check_heading(source, (*path, "heading"), point.heading)
            _check_paragraphs(source, (*path, "intro"), point.intro)
            want = self.options.subpoints
            if want and len(point.subpoints) != want:
                raise source.error(f"expected {want} sub-points, found {len(point.subpoints)}",
                                   (*path, "subpoints"))
            for j, sub in enumerate(point.subpoints):
                _check_lead(source, (*path, "subpoints", j, "lead"), sub.lead)
                _check_plain(source, (*path, "subpoints", j, "body"), sub.body)
        _check_paragraphs(source, ("opening",), self.opening)
        _check_paragraphs(source, ("closing",), self.closing)
        if self.transition:
            _check_plain(source, ("transition",), self.transition)
        if self.subtitle and not self.subtitle.startswith("——"):
            self.subtitle = "——" + self.subtitle.lstrip("—-－ ")

    def context(self) -> dict:
        transition = self.transition or f"下面，我讲{cn_count(len(self.points))}点意见："
        return {**vars(self), "transition": transition}

    def document_info(self) -> dict:
        return {"title": self.title, "author": self.speaker, "date": self.date.isoformat(), "layout": "speech"}


MODELS: dict[str, type] = {"speech": Speech}
