"""通知 (kind: notice) in two variants.

部署类 (``items``): 缘由 → 现将有关事项通知如下： → 一、二、… → 特此通知。
印发类 (``issued`` or ``issued_file``): 现将《……》印发给你们，请……。 then, on a new page, the issued
plan itself (GB/T 9704 practice: the issued document is part of the 主体, not an 附件; set
``as_attachment: true`` for the house style that lists it as 附件).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..outline import Paragraphs, Source, convert, load_yaml, read_text
from .common import NUMBERED, check_body, check_heading, check_lead
from .gongwen import Attachment, Gongwen, check_attachments
from .plan import Plan


@dataclass
class Subitem:
    lead: str  # （一）lead sentence。
    body: str = ""


@dataclass
class Item:
    heading: str  # 一、heading
    body: Paragraphs = Paragraphs()
    subitems: list[Subitem] = field(default_factory=list)


@dataclass(kw_only=True)
class Notice(Gongwen):
    kind: Literal["notice"]
    title: str | None = None  # type: ignore[assignment]  # 印发类: defaults to 关于印发《plan title》的通知
    preamble: Paragraphs = Paragraphs()  # 缘由
    transition: str = "现将有关事项通知如下："
    items: list[Item] = field(default_factory=list)  # 部署类
    issued: Plan | None = None  # 印发类: the plan, inline
    issued_file: str | None = None  # 印发类: or a plan outline file, relative to this one
    request: str = "请结合实际认真贯彻执行。"  # 印发类: what the addressees are asked to do
    as_attachment: bool = False  # 印发类: list the plan as 附件 instead of the 主体
    closing: Paragraphs | None = None  # defaults to 特此通知。 for 部署类, nothing for 印发类
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def variant(self) -> str:
        return "issue" if self.issued or self.issued_file else "deploy"

    def check(self, source: Source) -> None:
        if self.issued and self.issued_file:
            raise source.error("方案请二选一：直接写在 issued 中，或用 issued_file 指向文件，不能同时给出",
                               ("issued_file",))
        if self.issued_file:
            self.issued = _load_plan(source, self.issued_file)
        elif self.issued:
            self.issued.check(source, ("issued",))
        self._check_variant(source)
        self.check_frame(source)
        check_body(source, ("preamble",), self.preamble)
        check_body(source, ("transition",), self.transition)
        for i, item in enumerate(self.items):
            path = ("items", i)
            check_heading(source, (*path, "heading"), item.heading, NUMBERED, "body")
            check_body(source, (*path, "body"), item.body)
            for j, sub in enumerate(item.subitems):
                check_lead(source, (*path, "subitems", j, "lead"), sub.lead)
                check_body(source, (*path, "subitems", j, "body"), sub.body)
        check_body(source, ("closing",), self.closing or ())
        check_attachments(source, self.attachments)
        if self.as_attachment and any(a.title == self.plan.title for a in self.attachments):
            raise source.error("印发的方案已自动列为第一个附件；请从 attachments 中删去同名的附件", ("attachments",))

    def _check_variant(self, source: Source) -> None:
        if self.variant == "issue":
            if self.items:
                raise source.error("印发类通知只印发方案，不写 items；这些事项请写进方案", ("items",))
            if not self.title:
                self.title = f"关于印发《{self.plan.title}》的通知"
            check_body(source, ("request",), self.request)
        else:
            if self.as_attachment:
                raise source.error("as_attachment 只用于印发类通知（有 issued 或 issued_file 的通知）；请删去它",
                                   ("as_attachment",))
            if not self.title:
                raise source.error("缺少必填字段「title」", ())
            if not self.items:
                raise source.error("通知须有 items（部署类），或有 issued / issued_file（印发类）", ())

    @property
    def plan(self) -> Plan:
        """The plan a 印发类 notice issues; only asked for once ``variant`` says there is one."""
        if self.issued is None:
            raise ValueError("部署类通知没有印发的方案")
        return self.issued

    def context(self) -> dict:
        closing = self.closing
        if closing is None:
            closing = Paragraphs(["特此通知。"]) if self.variant == "deploy" else Paragraphs()
        attachments = list(self.attachments)
        if self.as_attachment:
            attachments.insert(0, Attachment(self.plan.title))
        # 现将有关事项通知如下： closes the last 缘由 paragraph unless the writer already ended it with a colon.
        opening = list(self.preamble)
        if not opening:
            opening = [self.transition]
        elif not opening[-1].endswith("："):
            opening[-1] += self.transition
        return {
            **self.frame_context(),
            "opening": opening,
            "variant": self.variant,
            "closing": closing,
            "attachments": attachments,
            "plan": self.issued,
        }


def _load_plan(source: Source, name: str) -> Plan:
    """The plan outline a 印发类 notice names; errors point into that file."""
    base = Path(source.file).parent if source.file not in ("<stdin>", "") else Path.cwd()
    path = base / name
    if not path.is_file():
        raise source.error(f"找不到方案提纲 {path}；请检查 issued_file 的路径", ("issued_file",))
    text, label = read_text(str(path))
    plan_source = load_yaml(text, label)
    plan = convert(Plan, plan_source.data, (), plan_source)
    plan.check(plan_source)
    return plan
