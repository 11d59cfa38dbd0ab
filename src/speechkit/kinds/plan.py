"""实施方案 (kind: plan): 前言, then 指导思想 / 工作目标 / 主要任务 / 实施步骤 / 保障措施.

A plan is usually issued by a 印发类 notice (kind: notice, ``issued:``), which puts it on a new
page after the notice; rendered on its own it is the bare plan, signed only when organ and date
are given.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from ..outline import Paragraphs, Source
from .common import NUMBERED, RANGE_DASH, check_body, check_heading, check_lead, check_range_marks


def date_range(start: dt.date, end: dt.date) -> str:
    """A period joined by the 一字线: 2026年3月1日—3月15日; the year repeats only when it changes.

    GB/T 15834 takes the 一字线 (—) or the 浪纹线 (～) for ranges; the 破折号 (——) is not a range mark.
    """
    if end < start:
        raise ValueError(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    head = f"{start.year}年{start.month}月{start.day}日"
    tail = f"{end.month}月{end.day}日" if end.year == start.year else f"{end.year}年{end.month}月{end.day}日"
    return f"{head}{RANGE_DASH}{tail}"


def duty_note(lead_unit: str | None, units: str | None) -> str:
    """（牵头单位：……；责任单位：……） after a task, or "" when neither is given."""
    parts = []
    if lead_unit:
        parts.append(f"牵头单位：{lead_unit}")
    if units:
        parts.append(f"责任单位：{units}")
    return f"（{'；'.join(parts)}）" if parts else ""


@dataclass
class Task:
    """A 主要任务 item: （一）lead body（牵头单位：……；责任单位：……）, then optional 1. 2. items."""

    lead: str
    body: str = ""
    lead_unit: str | None = None  # 牵头单位
    units: str | None = None  # 责任单位, several joined with 、
    items: Paragraphs = Paragraphs()  # numbered 1. 2. … under the task

    @property
    def duty(self) -> str:
        return duty_note(self.lead_unit, self.units)


@dataclass
class Step:
    """An 实施步骤 phase: （一）name（2026年3月1日—3月15日）。body"""

    name: str
    start: dt.date
    end: dt.date
    body: str = ""

    @property
    def period(self) -> str:
        return date_range(self.start, self.end)


@dataclass
class Measure:
    """A 保障措施 item: （一）lead body"""

    lead: str
    body: str = ""


@dataclass
class PlanHeadings:
    """The five section headings; rename one (总体要求 for 指导思想…) without touching the template."""

    guiding: str = "指导思想"
    goals: str = "工作目标"
    tasks: str = "主要任务"
    steps: str = "实施步骤"
    safeguards: str = "保障措施"


@dataclass(kw_only=True)
class Plan:
    kind: Literal["plan"] = "plan"  # optional when the plan sits inside a notice's ``issued:``
    title: str
    preamble: Paragraphs  # 为……，根据……，结合……，制定本方案。
    guiding: Paragraphs = Paragraphs()  # 指导思想
    goals: Paragraphs = Paragraphs()  # 工作目标
    tasks: list[Task]  # 主要任务
    steps: list[Step]  # 实施步骤
    safeguards: list[Measure] = field(default_factory=list)  # 保障措施
    headings: PlanHeadings = field(default_factory=PlanHeadings)
    organ: str | None = None  # 署名 when the plan is rendered on its own
    date: dt.date | None = None
    # Paragraphs `speechkit outline` could not place; not printed, they wait for a person to move them.
    unplaced: Paragraphs = Paragraphs()

    def check(self, source: Source, path: tuple = ()) -> None:
        check_range_marks(source, (*path, "title"), self.title)
        for name in ("preamble", "guiding", "goals"):
            check_body(source, (*path, name), getattr(self, name))
        for name in ("guiding", "goals", "tasks", "steps", "safeguards"):
            check_heading(source, (*path, "headings", name), getattr(self.headings, name), NUMBERED, name)
        self._check_tasks(source, path)
        self._check_steps(source, path)
        for i, measure in enumerate(self.safeguards):
            where = (*path, "safeguards", i)
            check_lead(source, (*where, "lead"), measure.lead)
            check_body(source, (*where, "body"), measure.body)
        if bool(self.organ) != bool(self.date):
            raise source.error("署名须同时给出 organ 和 date，或两者都不给",
                               (*path, "organ" if self.organ else "date"))

    def _check_tasks(self, source: Source, path: tuple) -> None:
        if not self.tasks:
            raise source.error("方案至少要有一项主要任务（tasks）", (*path, "tasks"))
        for i, task in enumerate(self.tasks):
            where = (*path, "tasks", i)
            check_lead(source, (*where, "lead"), task.lead)
            check_body(source, (*where, "body"), task.body)
            for name in ("lead_unit", "units"):
                value = getattr(task, name)
                if value and value[-1] in "，、。；：":
                    raise source.error(f"末尾不要加「{value[-1]}」；请删去", (*where, name))
            for j, item in enumerate(task.items):
                check_body(source, (*where, "items", j), item)
                if item[:1].isdigit():  # after the generated "1." it would read as 1.6月……
                    raise source.error("以数字开头，会与自动生成的序号连在一起（如「1.6月……」）；请改写开头",
                                       (*where, "items", j))

    def _check_steps(self, source: Source, path: tuple) -> None:
        if not self.steps:
            raise source.error("方案至少要有一个实施步骤（steps）", (*path, "steps"))
        for i, step in enumerate(self.steps):
            where = (*path, "steps", i)
            if step.end < step.start:
                raise source.error(f"结束日期 {step.end.isoformat()} 早于开始日期 {step.start.isoformat()}；请核对",
                                   (*where, "end"))
            if i and step.start < self.steps[i - 1].start:
                raise source.error("开始日期早于上一个步骤；请按时间顺序排列步骤", (*where, "start"))
            check_heading(source, (*where, "name"), step.name, NUMBERED, "body")
            check_body(source, (*where, "body"), step.body)

    def context(self) -> dict:
        return {**vars(self), "plan": self}

    def document_info(self) -> dict:
        return {"title": self.title, "author": self.organ or "", "date": self.date.isoformat() if self.date else "",
                "layout": "gongwen", "sealed": False}


