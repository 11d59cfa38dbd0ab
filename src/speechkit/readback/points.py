"""Numbered points (一、 with its intro and （一） sub-points) and the plain paragraphs around them.

Shared by the speech (points, intro, subpoints) and the notice (items, body, subitems): the names
are the outline's keys, and the notes use them so that a path in a note is a path in the outline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..blocks import SENTENCE_END, cn_numeral, split_lead
from ..frame import SPACES
from .model import Draft, Marker, Para, lead_body, marker

# After these a heading-style sub-point simply continues; after anything else it needs a 。.
_CONTINUING_END = set("：:，,、；;（(“‘—…")


def plain_run(paras: list[Para], draft: Draft, where: str) -> list[str]:
    """Paragraphs for a plain field; a numbered item (1. （1）) joins the paragraph before it."""
    out: list[str] = []
    for p in paras:
        m = marker(p.text) if p.kind == "para" else None
        if m is None:
            out.append(p.text)
        elif out and m.level > 2:
            out[-1] += p.text
            draft.note(p.line, f"{where} 中的编号项「{m.text.strip()}」已并入上一段")
        else:
            draft.unplace(p, f"{where} 中的编号段落「{m.text.strip()}」")
    return out


@dataclass
class SubParagraph:
    text: str
    line: int | None

    def add(self, p: Para, draft: Draft, where: str) -> None:
        if self.text and not any(ch in SENTENCE_END for ch in self.text) and self.text[-1] not in _CONTINUING_END:
            self.text += "。"
            draft.note(self.line, f"{where}：小标题末尾没有「。」；已补上，作为首句")
        self.text += p.text
        draft.note(p.line, f"段落已并入 {where}：每个小点只有一段（首句 + 正文）")

    def fields(self, draft: Draft, where: str) -> dict[str, str]:
        fields, added = lead_body(self.text)
        if added:
            draft.note(self.line, f"{where}：该小点没有句末标点；已在首句末加「。」")
        return fields


def walk_points(body: list[Para], draft: Draft, names: tuple[str, str, str] = ("points", "intro", "subpoints")
                ) -> tuple[list[str], list[dict[str, Any]]]:
    """Opening paragraphs, then each 一、 point with its intro and （一） sub-points.

    ``names`` are the outline's keys for the points, their intro and their sub-points.
    """
    walk = _Walk(draft, *names)
    queue = list(reversed(body))
    while queue:
        walk.take(queue.pop(), queue)
    walk.close_point()
    return plain_run(walk.opening, draft, "opening"), walk.points


@dataclass
class _Walk:
    draft: Draft
    points_key: str
    intro_key: str
    subs_key: str
    opening: list[Para] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    intro: list[Para] = field(default_factory=list)  # the current point's
    subs: list[SubParagraph] = field(default_factory=list)  # the current point's
    skipped: bool = False  # the current point's sub-points are 1. items written straight under it

    def where(self, k: int) -> str:
        return f"{self.points_key}[{len(self.points) - 1}].{self.subs_key}[{k}]"

    def take(self, p: Para, queue: list[Para]) -> None:
        """Place one paragraph; text split off it goes back on ``queue``."""
        m = marker(p.text) if p.kind == "para" else None
        # 1. items straight under a heading skip the （一） level (lint G4 warns, it happens in practice).
        # The model has no 1. list under a point, and an intro paragraph may not open with 1. (it would
        # read back as a heading), so they become the sub-points: same text, numbered （一） on render.
        skip = bool(m and m.level == 3 and self.points and not self.intro and (self.skipped or not self.subs))
        if m and not m.exact and (m.level <= 2 or skip):
            self.draft.note(p.line, f"序号「{m.text.strip()}」按「{m.canonical}」读取")
        if skip and m:
            self.skipped_level(p, m)
        elif m and m.level == 1:
            self.heading(p, m, queue)
        elif m and m.level == 2:
            self.subpoint(p, m)
        elif self.subs:
            self.continuation(p, m)
        elif self.points:
            self.intro.append(p)
        else:
            self.opening.append(p)

    def close_point(self) -> None:
        if not self.points:
            return
        k = len(self.points) - 1
        point = self.points[-1]
        paragraphs = plain_run(self.intro, self.draft, f"{self.points_key}[{k}].{self.intro_key}")
        if paragraphs:
            point[self.intro_key] = paragraphs
        point[self.subs_key] = [s.fields(self.draft, self.where(j)) for j, s in enumerate(self.subs)]

    def skipped_level(self, p: Para, m: Marker) -> None:
        self.draft.note(p.line, f"「{m.canonical}」直接位于标题之下（跳过了（一）级）；按 {self.where(len(self.subs))} "
                                f"读取，生成时编为（{cn_numeral(len(self.subs) + 1)}）")
        self.skipped = True
        self.subs.append(SubParagraph(m.rest, p.line))

    def heading(self, p: Para, m: Marker, queue: list[Para]) -> None:
        self.close_point()
        self.intro, self.subs, self.skipped = [], [], False
        n = len(self.points)
        if m.number != n + 1:
            self.draft.note(p.line, f"「{m.text.strip()}」实为第 {n + 1} 项（{self.points_key}[{n}]）；"
                                    "生成时将重新编号")
        heading, rest = m.rest, ""
        if marker(heading):
            heading, rest = "", heading
            self.draft.note(p.line, "标题行以另一个序号开头；标题留空")
        elif lead := split_lead(heading):
            heading, rest = lead, heading[len(lead):].lstrip(SPACES)
            self.draft.note(p.line, "标题与正文连在一起；首句之后的文字作为 "
                                    f"{self.points_key}[{n}].{self.intro_key} 的开头")
        self.points.append({"heading": heading})
        if rest:
            queue.append(Para(rest, p.line))

    def subpoint(self, p: Para, m: Marker) -> None:
        if not self.points:
            self.draft.unplace(p, f"「{m.text.strip()}」出现在第一个「一、」级标题之前")
            return
        if m.number != len(self.subs) + 1:
            where = self.where(len(self.subs))
            self.draft.note(p.line, f"「{m.text.strip()}」实为第 {len(self.subs) + 1} 项（{where}）；生成时将重新编号")
        self.subs.append(SubParagraph(m.rest, p.line))
        self.skipped = False  # 1. items after a real （一） are its own, as usual

    def continuation(self, p: Para, m: Marker | None) -> None:
        where = self.where(len(self.subs) - 1)
        sub = self.subs[-1]
        if m and split_lead(sub.text) == "" and sub.text and sub.text[-1] in SENTENCE_END:
            # A numbered item would open the body, where it would read as a heading.
            self.draft.unplace(p, f"编号项「{m.text.strip()}」紧跟在 {where} 的首句之后")
        else:
            sub.add(p, self.draft, where)
