"""Notice (通知): 部署类 (缘由 → 现将有关事项通知如下： → 一、… → 特此通知。) and 印发类 (现将《…》印发给你们).

A draft without items or an issue sentence is an error that says so, not an outline of guesses.
"""

from __future__ import annotations

import re
from typing import Any

from .gongwen import Frame, guess_by_title, read_frame, title_or_placeholder
from .model import Draft, Para, finish, leftovers, level_of, simplified
from .plan import read_plan_body
from .points import plain_run, walk_points
from .repairs import repaired

NOTICE_ORDER = ("kind", "organ", "organ_mark", "doc_number", "title", "addressee", "preamble", "transition", "items",
                "request", "issued", "as_attachment", "closing", "attachments", "signature", "date", "note", "cc",
                "imprint", "unplaced")
DEFAULT_TRANSITION = "现将有关事项通知如下："
DEFAULT_REQUEST = "请结合实际认真贯彻执行。"
_NOTICE_TRANSITION = re.compile(r"(?:^|(?<=[。！？，]))[现現][将將就][^。！？，]{0,20}通知如下[：:]$")
_ISSUE = re.compile(r"现将《(.+)》印发给你们，(.+)")


def guess_notice(draft: Draft) -> tuple[int, str]:
    return guess_by_title(draft, "通知", "notice")


def read_notice(draft: Draft) -> dict[str, Any]:
    frame = read_frame(draft)
    data: dict[str, Any] = {"kind": "notice", **frame.fields}
    body = frame.body
    issue = next((k for k, p in enumerate(body) if _ISSUE.fullmatch(p.text)), None)
    if issue is not None and (m := _ISSUE.fullmatch(body[issue].text)):
        _issued(draft, frame, data, body, issue, m)
    else:
        _deployed(draft, frame, data, body)
    if not data.get("title"):
        if issue is None:
            data["title"] = title_or_placeholder(frame, draft, "【待补：通知标题】")
        else:
            data.pop("title", None)
    return finish(draft, data, NOTICE_ORDER)


def _deployed(draft: Draft, frame: Frame, data: dict[str, Any], body: list[Para]) -> None:
    body = repaired(body, draft)
    first = next((k for k, p in enumerate(body) if level_of(p) == 1), None)
    if first is None:
        raise draft.error("无法按 notice 读取：既没有「一、」等事项，也没有「现将《……》印发给你们」一句；"
                          "可试用 --kind speech")
    preamble = plain_run(body[:first], draft, "preamble")
    if preamble and not preamble[-1].endswith(("：", ":")):
        draft.note(body[first - 1].line, "事项之前没有「现将有关事项通知如下：」；transition 留空")
        data["transition"] = ""
    elif preamble and (m := _NOTICE_TRANSITION.search(preamble[-1])):
        # 现将有关事项通知如下： ends the 缘由, after a sentence or a comma; the template puts it back there.
        tail = m.group()
        preamble[-1] = preamble[-1][: m.start()]
        if not preamble[-1]:
            preamble.pop()
        if tail != DEFAULT_TRANSITION:
            data["transition"] = tail
    else:
        data["transition"] = ""
    data["preamble"] = preamble
    last = max(k for k, p in enumerate(body) if level_of(p) in (1, 2))
    close = next((k for k in range(last + 1, len(body)) if simplified(body[k].text).startswith("特此通知")), None)
    if close is None:
        draft.note(body[-1].line, "事项之后没有「特此通知。」；closing 留空")
        close = len(body)
    _, items = walk_points(body[first:close], draft, ("items", "body", "subitems"))
    data["items"] = [{k: v for k, v in item.items() if v != []} for item in items]  # subitems are optional
    closing = plain_run(body[close:], draft, "closing")
    if closing != ["特此通知。"]:
        data["closing"] = closing
    _attachments(draft, frame, data)
    leftovers(frame.after_signature, draft, "成文日期")


def _issued(draft: Draft, frame: Frame, data: dict[str, Any], body: list[Para], issue: int,
            m: re.Match[str]) -> None:
    plan_title, request = m.group(1), m.group(2)
    data["preamble"] = plain_run(body[:issue], draft, "preamble")
    if request != DEFAULT_REQUEST:
        data["request"] = request
    closing = plain_run(body[issue + 1:], draft, "closing")
    if closing:
        data["closing"] = closing
    after = frame.after_signature
    page = next(((t, c) for t, c in frame.pages if t.text == plan_title), None)
    if after and after[0].text == plan_title:
        plan_paras = after[1:]
    elif page:
        plan_paras = page[1]
        frame.pages.remove(page)
        if plan_title in frame.attachment_titles:
            frame.attachment_titles.remove(plan_title)
        data["as_attachment"] = True
    else:
        raise draft.error(f"无法按 notice 读取：稿中没有所印发的《{plan_title}》的正文")
    data["issued"] = read_plan_body(draft, plan_paras, plan_title)
    if data.get("title") == f"关于印发《{plan_title}》的通知":
        data.pop("title")
    _attachments(draft, frame, data)


def _attachments(draft: Draft, frame: Frame, data: dict[str, Any]) -> None:
    pages = {t.text: c for t, c in frame.pages}
    attachments = []
    for title in frame.attachment_titles:
        entry: dict[str, Any] = {"title": title}
        if title in pages:
            entry["content"] = [p.text for p in pages.pop(title)]
        attachments.append(entry)
    for page_title, content in frame.pages:
        if page_title.text in pages:
            draft.unplace(page_title, "附件说明未列出的附件页（此为其标题）")
            leftovers(content, draft, f"附件页「{page_title.text}」的标题")
    if attachments:
        data["attachments"] = attachments
