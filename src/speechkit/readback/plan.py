"""Plan (实施方案): 前言, then 指导思想 / 工作目标 / 主要任务 / 实施步骤 / 保障措施, signed and dated.

Less forgiving than the speech reader: a draft without a plan's tasks or dated steps is an error that
says so, not an outline of guesses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..frame import SPACES
from .gongwen import read_frame, title_of, title_or_placeholder
from .model import Draft, Para, finish, lead_body, leftovers, level_of, marker, simplified
from .points import plain_run
from .repairs import repaired

PLAN_ORDER = ("kind", "title", "preamble", "guiding", "goals", "tasks", "steps", "safeguards", "headings", "organ",
              "date", "unplaced")
PLAN_HEADINGS = {"guiding": "指导思想", "goals": "工作目标", "tasks": "主要任务", "steps": "实施步骤",
                 "safeguards": "保障措施"}
# Checked in this order: 保障措施 before 任务 (保障措施 is no task list), 步骤 before 目标.
_SECTION_WORDS = (("safeguards", r"保障|工作要求|组织实施"), ("steps", r"步骤|进度|时间安排|阶段"),
                  ("goals", r"目标"), ("guiding", r"指导思想|总体要求|总体思路|基本原则"),
                  ("tasks", r"任务|重点|内容|举措|措施"))
_DUTY = re.compile(r"（(?:牵头单位[：:]([^；;）]+))?[；;]?(?:责任单位[：:]([^）]+))?）")
_PERIOD = re.compile(r"（(\d{4})年(\d{1,2})月(\d{1,2})日\s*[—–\-－~～至到]+\s*(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日）")
_PLAN_WORDS = re.compile(r"方案|计划|规划|工作要点")


def guess_plan(draft: Draft) -> tuple[int, str]:
    title = title_of(draft)
    score, reasons = 0, []
    m = _PLAN_WORDS.search(title)
    if m and not title.endswith(("通知", "决定")):
        score += 5
        reasons.append(f"标题中有「{m.group()}」")
    numbered = (marker(p.text) if p.kind == "para" else None for p in draft.paras)
    headings = {simplified(mk.rest) for mk in numbered if mk and mk.level == 1}
    if any(re.search("实施步骤|主要任务|保障措施|指导思想", h) for h in headings):
        score += 2
        reasons.append("有方案的章节标题")
    return score, "、".join(reasons) or "没有方案的特征"


def read_plan(draft: Draft) -> dict[str, Any]:
    frame = read_frame(draft, gongwen=False)
    title = title_or_placeholder(frame, draft, "【待补：方案标题】")
    data = {"kind": "plan", **read_plan_body(draft, frame.body, title)}
    organ, date = frame.fields.get("signature"), frame.fields.get("date")
    if organ and date:
        data["organ"], data["date"] = organ, date
    elif organ or date:
        draft.note(None, "方案落款应同时有署名和日期；只找到其中一项，已放入 unplaced")
        draft.unplaced.append(Para(organ or (date.isoformat() if date else ""), None))
    leftovers(frame.after_signature, draft, "成文日期")
    for page_title, content in frame.pages:
        leftovers([page_title, *content], draft, "方案正文（附件页）")
    return finish(draft, data, PLAN_ORDER)


def read_plan_body(draft: Draft, body: list[Para], title: str) -> dict[str, Any]:
    """The plan's fields from its 主体 (also the body of a plan issued by a notice)."""
    body = repaired(body, draft)
    first = next((k for k, p in enumerate(body) if level_of(p) == 1), len(body))
    data: dict[str, Any] = {"title": title, "preamble": plain_run(body[:first], draft, "preamble")}
    headings: dict[str, str] = {}
    k = first
    while k < len(body):
        head = body[k]
        nxt = next((j for j in range(k + 1, len(body)) if level_of(body[j]) == 1), len(body))
        m = marker(head.text)
        heading = m.rest if m else head.text
        section = next((name for name, words in _SECTION_WORDS if re.search(words, simplified(heading))), None)
        if section is None or section in data:
            draft.unplace(head, f"「{heading}」不是方案应有的部分（或重复出现）；此为其标题")
            leftovers(body[k + 1:nxt], draft, f"「{heading}」的标题")
        else:
            if heading != PLAN_HEADINGS[section]:
                headings[section] = heading
            data[section] = _plan_section(section, body[k + 1:nxt], draft)
        k = nxt
    for required, what in (("tasks", "主要任务（以（一）编号的各项任务）"),
                           ("steps", "实施步骤（以（一）编号、写明起止日期的各步骤）")):
        if not data.get(required):
            raise draft.error(f"无法按 plan 读取：找不到{what}；可试用 --kind speech")
    if headings:
        data["headings"] = headings
    return {key: value for key, value in data.items() if value != []}


def _plan_section(section: str, paras: list[Para], draft: Draft) -> Any:
    if section in ("guiding", "goals"):
        return plain_run(paras, draft, section)
    items: list[dict[str, Any]] = []
    for p in paras:
        m = marker(p.text)
        where = f"{section}[{len(items) - 1}]"
        if m and m.level == 2:
            if not m.exact:
                draft.note(p.line, f"序号「{m.text.strip()}」按「{m.canonical}」读取")
            item = _step(m.rest, p, draft) if section == "steps" else _task(m.rest, section, draft, p)
            if item:
                items.append(item)
        elif not items:
            draft.unplace(p, f"{section} 中第一个（一）之前的段落")
        elif section == "tasks" and m and m.level == 3:
            items[-1].setdefault("items", []).append(m.rest)
        elif m:
            draft.unplace(p, f"{where} 中的编号段落「{m.text.strip()}」")
        else:
            items[-1]["body"] = items[-1].get("body", "") + p.text
            draft.note(p.line, f"段落已并入 {where}.body：每项只有一段")
    return items


def _task(text: str, section: str, draft: Draft, p: Para) -> dict[str, Any]:
    duty = _DUTY.search(text) if section == "tasks" else None
    if duty and duty.end() == len(text) and (duty.group(1) or duty.group(2)):
        text = text[: duty.start()]
    else:
        duty = None
    fields, added = lead_body(text)
    item: dict[str, Any] = {**fields}
    if added:
        draft.note(p.line, "该项没有句末标点；已在首句末加「。」")
    if duty and duty.group(1):
        item["lead_unit"] = duty.group(1).strip(SPACES)
    if duty and duty.group(2):
        item["units"] = duty.group(2).strip(SPACES)
    return item


def _step(text: str, p: Para, draft: Draft) -> dict[str, Any] | None:
    m = _PERIOD.search(text)
    if not m:
        draft.unplace(p, "该步骤没有写明起止日期，如（2026年3月1日—3月15日）")
        return None
    y1, mo1, d1, y2, mo2, d2 = m.groups()
    try:
        start = dt.date(int(y1), int(mo1), int(d1))
        end = dt.date(int(y2 or y1), int(mo2), int(d2))
    except ValueError:
        draft.unplace(p, "该步骤的起止日期中有不存在的日期")
        return None
    if end < start:
        draft.unplace(p, "该步骤的结束日期早于开始日期")
        return None
    step: dict[str, Any] = {"name": text[: m.start()], "start": start, "end": end}
    body = text[m.end():].removeprefix("。")
    if body:
        step["body"] = body
    return step
