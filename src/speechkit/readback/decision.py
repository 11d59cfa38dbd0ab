"""Decision (表彰决定): 事迹 → 决定事项 (授予……称号) → 希望与号召, the 名单 as its 附件.

A draft without a 授予 sentence or a 名单 is an error that says so, not an outline of guesses.
"""

from __future__ import annotations

import re
from typing import Any

from ..kinds.decision import list_title_from
from .gongwen import guess_by_title, read_frame, title_or_placeholder
from .model import Draft, Para, finish, leftovers, marker, simplified
from .points import plain_run
from .repairs import join_split

DECISION_ORDER = ("kind", "organ", "organ_mark", "doc_number", "title", "addressee", "background", "resolution",
                  "awards", "call", "closing", "list_title", "signature", "date", "note", "cc", "imprint", "unplaced")
_GRANT = re.compile(r"授予(.+?)“(.+?)”(?:荣誉)?称号")
_PADDED_NAME = re.compile(r"(\S)[ \u3000]+(\S)[ \u3000]+(\S.*)")
_NAME = re.compile(r"(\S{2,4})[ \u3000]+(\S.*)")
_GROUP = re.compile(r"(.+?)\s*（\d+[个名人]）")


def guess_decision(draft: Draft) -> tuple[int, str]:
    return guess_by_title(draft, "决定", "decision")


def read_decision(draft: Draft) -> dict[str, Any]:
    frame = read_frame(draft)
    data: dict[str, Any] = {"kind": "decision", **frame.fields}
    data["title"] = title_or_placeholder(frame, draft, "【待补：决定标题】")
    body = join_split(frame.body, draft)
    grant = next((k for k, p in enumerate(body) if _GRANT.search(p.text)), None)
    if grant is None:
        raise draft.error("无法按 decision 读取：找不到决定事项（……授予……“……”称号）；可试用 --kind speech")
    data["background"] = plain_run(body[:grant], draft, "background")
    data["resolution"] = body[grant].text
    rest = body[grant + 1:]
    if rest and simplified(rest[-1].text).startswith("特此决定"):
        data["closing"] = rest[-1].text
        rest = rest[:-1]
    data["call"] = plain_run(rest, draft, "call")
    if not frame.pages:
        raise draft.error("无法按 decision 读取：找不到名单页（附件）")
    (list_title, entries), *others = frame.pages
    for title, content in others:
        leftovers([title, *content], draft, "名单")
    leftovers(frame.after_signature, draft, "成文日期")
    if list_title.text != list_title_from(data["title"]):
        data["list_title"] = list_title.text
    data["awards"] = _awards(draft, entries, [h for _, h in _GRANT.findall(body[grant].text)])
    return finish(draft, data, DECISION_ORDER)


def _groups(entries: list[Para]) -> list[tuple[str | None, list[Para]]]:
    """The 名单 page by its 一、先进集体（8个） headings: (the group's name, its lines); None before any heading."""
    groups: list[tuple[str | None, list[Para]]] = []
    for p in entries:
        m = marker(p.text)
        if m and m.level == 1:
            g = _GROUP.fullmatch(m.rest)
            groups.append((g.group(1) if g else m.rest, []))
        elif groups or not m:
            if not groups:
                groups.append((None, []))
            groups[-1][1].append(p)
    return groups


def _awards(draft: Draft, entries: list[Para], honors: list[str]) -> list[dict[str, Any]]:
    awards = []
    for k, (group, lines) in enumerate(_groups(entries)):
        if not lines:
            continue
        people = [person for p in lines if (person := _PADDED_NAME.fullmatch(p.text) or _NAME.fullmatch(p.text))]
        award: dict[str, Any] = {"honor": honors[k] if k < len(honors) else (group or "")}
        if k >= len(honors):
            draft.note(lines[0].line, f"决定事项中没有名单第 {k + 1} 组的称号；已改用该组的标题")
        if len(people) == len(lines):
            award["people"] = [_person(person) for person in people]
            default = "先进个人"
        else:
            award["units"] = [p.text for p in lines]
            default = "先进集体"
        if group and group != default:
            award["group"] = group
        awards.append(award)
    if not awards:
        raise draft.error("无法按 decision 读取：名单页上没有列出任何人或单位")
    return awards


def _person(m: re.Match[str]) -> dict[str, str]:
    """A 名单 line: 王建华　单位, or a two-character name padded to three cells, 刘　敏　单位."""
    if m.re is _PADDED_NAME:
        return {"name": m.group(1) + m.group(2), "unit": m.group(3)}
    return {"name": m.group(1), "unit": m.group(2)}
