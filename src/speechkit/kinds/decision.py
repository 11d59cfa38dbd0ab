"""表彰决定 (kind: decision): 事迹 → 决定授予……称号 → 希望与号召, with the 名单 as its 附件."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..outline import Paragraphs, Source
from .common import check_body, check_plain
from .gongwen import Gongwen

_QUOTES = "“”\"「」『』‘’'"
_SPACES = re.compile(r"[\s\u3000]+")
UNIT_ONLY = "只写单位名称"


@dataclass
class Person:
    name: str
    unit: str  # 单位及职务: 清河区应急管理局执法大队大队长

    @property
    def padded_name(self) -> str:
        """Two-character names take a full-width space in the middle so the 名单 columns line up."""
        return f"{self.name[0]}\u3000{self.name[1]}" if len(self.name) == 2 else self.name


@dataclass
class Award:
    """One class of award: the 称号 and who receives it (units, or people with their units)."""

    honor: str  # 称号 without quotes: 2025年度全市安全生产工作先进集体
    units: list[str] = field(default_factory=list)  # 先进集体
    people: list[Person] = field(default_factory=list)  # 先进个人
    group: str | None = None  # heading in the 名单; defaults to 先进集体 / 先进个人

    @property
    def count(self) -> str:
        return f"{len(self.units)}个" if self.units else f"{len(self.people)}名"


def grant_sentence(awards: list[Award], organ: str, purpose: str | None = None) -> str:
    """决定事项 from the awards: 为……，某局决定，授予甲等12个单位“……”称号，授予乙等20名同志“……”称号。"""
    grants = []
    for award in awards:
        if award.units:
            who = award.units[0] if len(award.units) == 1 else f"{award.units[0]}等{len(award.units)}个单位"
        else:
            first = award.people[0].name
            who = f"{first}同志" if len(award.people) == 1 else f"{first}等{len(award.people)}名同志"
        grants.append(f"授予{who}“{award.honor}”称号")
    lead = f"{purpose.rstrip('，,')}，" if purpose else "经研究，"
    return f"{lead}{organ}决定，{'，'.join(grants)}。"


def list_title_from(title: str) -> str | None:
    """关于表彰……的决定 → ……名单"""
    m = re.fullmatch(r"关于表彰(.+)的决定", title)
    return f"{m.group(1)}名单" if m else None


@dataclass(kw_only=True)
class Decision(Gongwen):
    kind: Literal["decision"]
    background: Paragraphs  # 事迹与背景
    awards: list[Award]
    call: Paragraphs  # 希望与号召
    purpose: str | None = None  # 为表彰先进、树立典型…… (opens the 决定事项 sentence)
    resolution: str | None = None  # 决定事项 in full; built from purpose, organ and awards when absent
    closing: str | None = None  # 特此决定。 (optional)
    list_title: str | None = None  # the 名单's title; from the title when absent

    def check(self, source: Source) -> None:
        self.check_frame(source)
        check_body(source, ("background",), self.background)
        check_body(source, ("call",), self.call)
        if self.resolution:
            check_body(source, ("resolution",), self.resolution)
            if self.purpose:
                raise source.error("purpose 用于生成决定事项的开头；已写出 resolution 时，请删去 purpose",
                                   ("purpose",))
        if self.purpose:
            check_body(source, ("purpose",), self.purpose)
        if not self.awards:
            raise source.error("表彰决定至少要有一项表彰（awards）", ("awards",))
        groups: dict[str, int] = {}
        for i, award in enumerate(self.awards):
            path = ("awards", i)
            award.honor = award.honor.strip(_QUOTES)
            if bool(award.units) == bool(award.people):
                raise source.error("units（先进集体）和 people（先进个人）须填写其中一项，且只填一项", path)
            _check_members(source, path, award)
            award.group = award.group or ("先进集体" if award.units else "先进个人")
            if award.group in groups:
                first = groups[award.group] + 1  # people count from 1; the YAML path awards[i] from 0
                raise source.error(f"第 {first} 项和第 {i + 1} 项表彰在名单中都归入「{award.group}」；请分别设置 group",
                                   (*path, "group"))
            groups[award.group] = i
        if not self.list_title and not list_title_from(self.title):
            raise source.error("标题不是「关于表彰……的决定」的形式，无法据此生成名单标题；请设置 list_title",
                               ("title",))

    def context(self) -> dict:
        return {
            **self.frame_context(),
            "resolution": self.resolution or grant_sentence(self.awards, self.organ, self.purpose),
            "list_title": self.list_title or list_title_from(self.title),
        }


def _check_members(source: Source, path: tuple, award: Award) -> None:
    """Each unit or person once, with a plain unit name: the 名单 prints them as given."""
    seen: set[str] = set()
    for j, unit in enumerate(award.units):
        check_plain(source, (*path, "units", j), unit, UNIT_ONLY)
        if unit in seen:
            raise source.error(f"「{unit}」重复列出；请删去其中一个", (*path, "units", j))
        seen.add(unit)
    for j, person in enumerate(award.people):
        person.name = _SPACES.sub("", person.name)
        if not person.name:
            raise source.error("姓名为空；请填写", (*path, "people", j, "name"))
        check_plain(source, (*path, "people", j, "unit"), person.unit, UNIT_ONLY)
        key = f"{person.name}/{person.unit}"
        if key in seen:
            raise source.error(f"「{person.name}」重复列出；请删去其中一个", (*path, "people", j))
        seen.add(key)
