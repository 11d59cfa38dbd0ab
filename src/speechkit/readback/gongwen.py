"""Best-effort read-back for the 公文 kinds: plan (实施方案), notice (通知) and decision (表彰决定).

They share the 公文 frame (版头, 主送, 署名, 成文日期, 附注, 附件, 版记), read here once from either end
of the draft; each kind then reads its 主体. The machinery (paragraphs, markers, repairs, notes,
``unplaced``) is the speech reader's, in :mod:`speechkit.readback.extract`.

Less forgiving than the speech reader: a draft that lacks what a kind cannot do without (a plan's
dated steps, a decision's 名单, a notice's items) is an error that says so, not an outline of guesses.
Scalar frame fields a web copy often lacks (文号, 主送, 成文日期) get loud placeholders and a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..blocks import SENTENCE_END, split_lead
from ..kinds.decision import list_title_from
from ..kinds.gongwen import check_code, check_year
from .extract import (
    PLACEHOLDER_DATE,
    SPACES,
    Draft,
    Para,
    date_line,
    join_split,
    level_of,
    marker,
    plain_run,
    register,
    simplified,
    split_merged,
    title_like,
    walk_points,
)

PLACEHOLDER_ORGAN = "【待补：发文机关】"
PLACEHOLDER_ADDRESSEE = "【待补：主送机关】"
PLACEHOLDER_CODE = "待补"  # a 机关代字 the model accepts; prints as 待补〔2026〕1号

_DOC_NUMBER = re.compile(r"(\S.*?)\s*[〔［\[]\s*(\d{4})\s*[〕］\]]\s*第?\s*(\d+)\s*号")
_ORGAN_MARK = re.compile(r".{2,40}文件")
_IMPRINT = re.compile(r"(.*日)\s*印发")
_CC = re.compile(r"抄送[：:]\s*(.+?)。?")
_ATTACHMENT_NOTE = re.compile(r"附件[：:]\s*(.+)")
_ATTACHMENT_LABEL = re.compile(r"附件\s*\d*")
_LIST_NUMBER = re.compile(r"\d+\s*[.．、]\s*")


def _short_line(text: str) -> bool:
    return len(text) <= 40 and not any(ch in text for ch in "。！？；，")


def _date_only(p: Para) -> dt.date | None:
    if p.kind not in ("date", "para") or p.text[:1] in "（(":
        return None
    found = date_line(p.text)
    return found[0] if found and not found[2] else None


def _title_of(draft: Draft) -> str:
    """The draft's title block for guessing its kind: past any 文件 mark and 文号, lines a copy broke joined."""
    parts: list[str] = []
    for p in draft.paras[:6]:
        if not parts and (p.kind in ("organ", "docnumber") or _ORGAN_MARK.fullmatch(p.text)
                          or _DOC_NUMBER.fullmatch(p.text)):
            continue
        if p.kind == "title" or (p.kind == "para" and title_like(p.text)):
            parts.append(p.text)
        else:
            break
    return simplified("".join(parts[:3]))


# ---------------------------------------------------------------------------------------------
# The 公文 frame.


@dataclass
class Frame:
    fields: dict[str, Any]  # organ, organ_mark, doc_number, title, addressee, signature, date, note, cc, imprint
    body: list[Para]  # the 主体: after the 主送, before the 附件说明 and 署名
    attachment_titles: list[str] = field(default_factory=list)  # from the 附件说明
    after_signature: list[Para] = field(default_factory=list)  # before any 附件 page (an issued plan)
    pages: list[tuple[Para, list[Para]]] = field(default_factory=list)  # each 附件 page: title, content
    signed: bool = False  # a 署名 or 成文日期 was found


def read_frame(draft: Draft, *, gongwen: bool = True) -> Frame:
    """The frame around the 主体. ``gongwen`` False (a plan on its own): no 版头, 主送 or placeholders."""
    paras = draft.paras
    end = len(paras)
    fields: dict[str, Any] = {}

    # 版记, from the bottom: 印发机关和印发日期, then 抄送.
    imprint_organ = imprint_date = None
    if end and (m := _IMPRINT.fullmatch(paras[end - 1].text)) and (dated := date_line(m.group(1))):
        imprint_date, rest = dated[0], dated[2]
        end -= 1
        if rest:
            imprint_organ = rest
        elif end and paras[end - 1].kind in ("imprint", "para") and _short_line(paras[end - 1].text) \
                and not _CC.fullmatch(paras[end - 1].text):
            imprint_organ = paras[end - 1].text
            end -= 1
    cc = None
    if end and (m := _CC.fullmatch(paras[end - 1].text)):
        cc = [organ.strip(SPACES) for organ in re.split(r"[，,]", m.group(1)) if organ.strip(SPACES)]
        end -= 1

    # 版头 and 主送, from the top.
    i = 0
    organ_mark = doc_number = title = addressee = None
    if gongwen and i < end and (paras[i].kind == "organ" or (paras[i].kind == "para" and _ORGAN_MARK.fullmatch(
            paras[i].text))):
        organ_mark = paras[i].text
        i += 1
    title_parts: list[Para] = []
    while i < end:
        p = paras[i]
        if gongwen and doc_number is None and (p.kind == "docnumber" or _DOC_NUMBER.fullmatch(p.text)):
            doc_number = p
        elif p.kind == "title" or (p.kind == "para" and title_like(p.text) and not _DOC_NUMBER.fullmatch(p.text)
                                   and (not title_parts or len(title_parts[-1].text) >= 10)):
            title_parts.append(p)
        else:
            break
        i += 1
    for part in title_parts[1:]:
        draft.note(part.line, f"title continues on line {part.line}; joined")
    title = "".join(p.text for p in title_parts) or None
    if gongwen and i < end and paras[i].kind in ("addressee", "para") and paras[i].text.endswith(("：", ":")) \
            and len(paras[i].text) <= 120 and not any(ch in paras[i].text for ch in "。！？"):
        addressee = paras[i].text.rstrip("：:")
        i += 1

    # 附件 pages: from the first 附件 label after the 成文日期.
    dates = [k for k in range(i, end) if _date_only(paras[k])]
    label = next((k for k in range(dates[0] if dates else end, end)
                  if paras[k].kind == "attachment_label" or (paras[k].kind == "para"
                                                             and _ATTACHMENT_LABEL.fullmatch(paras[k].text))), end)
    dates = [k for k in dates if k < label]
    date = signature = note = None
    body_end = label
    after: list[Para] = []
    if dates:
        d = dates[-1] if gongwen else dates[-1] if dates[-1] >= label - 1 else None
        if d is not None:
            date = _date_only(paras[d])
            body_end = d
            if d - 1 >= i and (paras[d - 1].kind == "signature" or _short_line(paras[d - 1].text)) \
                    and marker(paras[d - 1].text) is None:
                signature = paras[d - 1].text
                body_end = d - 1
            k = d + 1
            if k < label and paras[k].kind in ("note", "para") and paras[k].text[:1] in "（(" \
                    and paras[k].text[-1:] in "）)":
                note = paras[k].text[1:-1]
                k += 1
            after = paras[k:label]
    # 附件说明 just above the 署名: 附件：1.…, then 2.… lines.
    attachment_titles: list[str] = []
    start = next((k for k in range(body_end - 1, i - 1, -1) if _ATTACHMENT_NOTE.fullmatch(paras[k].text)), None)
    if start is not None and all(_LIST_NUMBER.match(p.text) for p in paras[start + 1:body_end]):
        attachment_titles = _attachment_note(draft, paras[start:body_end])
        body_end = start
    pages: list[tuple[Para, list[Para]]] = []
    k = label
    while k < end:
        nxt = next((j for j in range(k + 1, end) if paras[j].kind == "attachment_label"
                    or (paras[j].kind == "para" and _ATTACHMENT_LABEL.fullmatch(paras[j].text))), end)
        if k + 1 < nxt:
            pages.append((paras[k + 1], paras[k + 2:nxt]))
        else:
            draft.unplace(paras[k], "an attachment label with no page after it")
        k = nxt

    frame = Frame({}, paras[i:body_end], attachment_titles, after, pages, signed=bool(date or signature))
    organ = (organ_mark[:-2] if organ_mark and organ_mark.endswith("文件") else None) or signature or imprint_organ
    if gongwen:
        first_line = paras[0].line
        if organ:
            fields["organ"] = organ
        else:
            fields["organ"] = PLACEHOLDER_ORGAN
            draft.note(first_line, f"no issuing organ (文件 mark, 署名 or 印发机关); wrote {PLACEHOLDER_ORGAN}")
        if organ_mark and organ_mark != f"{fields['organ']}文件":
            fields["organ_mark"] = organ_mark
        fields["doc_number"] = _doc_number(draft, doc_number, date)
    fields["title"] = title
    if gongwen:
        if addressee:
            fields["addressee"] = addressee
        else:
            fields["addressee"] = PLACEHOLDER_ADDRESSEE
            draft.note(paras[i].line if i < len(paras) else None,
                       f"no 主送 line (ending with ：) after the title; wrote {PLACEHOLDER_ADDRESSEE}")
    if signature and (not gongwen or signature != fields.get("organ")):
        fields["signature"] = signature
    if date:
        fields["date"] = date
    elif gongwen:
        fields["date"] = PLACEHOLDER_DATE
        draft.note(None, f"no 成文日期 line; wrote the placeholder date {PLACEHOLDER_DATE.isoformat()}: "
                         "set the real date")
    if note:
        fields["note"] = note
    if cc:
        fields["cc"] = cc
    imprint = {}
    if imprint_organ and imprint_organ != fields.get("organ"):
        imprint["organ"] = imprint_organ
    if imprint_date and date and imprint_date < date:
        draft.note(None, f"the 印发日期 {imprint_date.isoformat()} is before the 成文日期; left out")
    elif imprint_date and imprint_date != date:
        imprint["date"] = imprint_date
    if imprint and gongwen:
        fields["imprint"] = imprint
    frame.fields = fields
    return frame


def _attachment_note(draft: Draft, lines: list[Para]) -> list[str]:
    """The attachment names in a 附件说明 (附件：1.…, then 2.… lines), with the usual slips repaired.

    A function of its own so that nothing read down here can overwrite a field of the 版头 (the
    title once came out as an attachment name through a reused local).
    """
    names: list[str] = []
    head = _ATTACHMENT_NOTE.fullmatch(lines[0].text)
    if ":" in lines[0].text[: head.start(1)]:
        draft.note(lines[0].line, "附件说明 written with the ASCII colon 附件:; read as 附件：")
    for para, text in [(lines[0], head.group(1)), *((p, p.text) for p in lines[1:])]:
        number = _LIST_NUMBER.match(text)
        name = text[number.end():] if number else text
        written = number.group().strip(SPACES) if number else ""
        if written.endswith("、"):
            draft.note(para.line, f"attachment number {written} read as {written[:-1].strip(SPACES)}.")
        bare = name.rstrip("。；，、.;,")
        if bare != name:  # a common slip the outline model refuses (GB/T 9704 §7.3.4)
            draft.note(para.line, f"attachment name ended with {name[len(bare):]}; removed")
        names.append(bare)
    return names


def _doc_number(draft: Draft, p: Para | None, date: dt.date | None) -> dict[str, Any]:
    m = _DOC_NUMBER.fullmatch(p.text) if p else None
    if m:
        code, year, serial = m.group(1), int(m.group(2)), int(m.group(3))
        try:
            check_code(code)
            check_year(year)
        except ValueError as exc:
            draft.unplace(p, f"发文字号 not usable ({exc})")
        else:
            if serial >= 1:
                return {"code": code, "year": year, "serial": serial}
    elif p:
        draft.unplace(p, "发文字号 not in the form 代字〔2026〕12号")
    draft.note(p.line if p else None, f"no usable 发文字号; wrote the placeholder {PLACEHOLDER_CODE}〔year〕1号")
    return {"code": PLACEHOLDER_CODE, "serial": 1}


def _repaired(paras: list[Para], draft: Draft) -> list[Para]:
    return split_merged(join_split(split_merged(paras, draft), draft), draft)


def _leftovers(paras: list[Para], draft: Draft, where: str) -> None:
    for p in paras:
        draft.unplace(p, f"a paragraph after {where}")


def _title_or_placeholder(frame: Frame, draft: Draft, placeholder: str) -> str:
    if frame.fields.get("title"):
        return frame.fields["title"]
    draft.note(draft.paras[0].line, f"no title line; wrote the placeholder {placeholder}")
    return placeholder


def _finish(draft: Draft, data: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    if draft.unplaced:
        data["unplaced"] = [p.text for p in draft.unplaced]
    return {key: data[key] for key in order if key in data and data[key] is not None}


# ---------------------------------------------------------------------------------------------
# Plan: 前言, then 指导思想 / 工作目标 / 主要任务 / 实施步骤 / 保障措施.

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
    title = _title_of(draft)
    score, reasons = 0, []
    m = _PLAN_WORDS.search(title)
    if m and not title.endswith(("通知", "决定")):
        score += 5
        reasons.append(f"the title says {m.group()}")
    headings = {simplified(marker(p.text).rest) for p in draft.paras if level_of(p) == 1}
    if any(re.search("实施步骤|主要任务|保障措施|指导思想", h) for h in headings):
        score += 2
        reasons.append("plan section headings")
    return score, ", ".join(reasons) or "no plan features"


def read_plan(draft: Draft) -> dict[str, Any]:
    frame = read_frame(draft, gongwen=False)
    title = _title_or_placeholder(frame, draft, "【待补：方案标题】")
    data = {"kind": "plan", **read_plan_body(draft, frame.body, title)}
    organ, date = frame.fields.get("signature"), frame.fields.get("date")
    if organ and date:
        data["organ"], data["date"] = organ, date
    elif organ or date:
        draft.note(None, "a plan is signed with both organ and date; only one was found, so neither is kept")
        draft.unplaced.append(Para(organ or date.isoformat(), None))
    _leftovers(frame.after_signature, draft, "the date")
    for title, content in frame.pages:
        _leftovers([title, *content], draft, "the plan (an attachment page)")
    return _finish(draft, data, PLAN_ORDER)


def read_plan_body(draft: Draft, body: list[Para], title: str) -> dict[str, Any]:
    """The plan's fields from its 主体 (also the body of a plan issued by a notice)."""
    body = _repaired(body, draft)
    first = next((k for k, p in enumerate(body) if level_of(p) == 1), len(body))
    data: dict[str, Any] = {"title": title, "preamble": plain_run(body[:first], draft, "preamble")}
    headings: dict[str, str] = {}
    k = first
    while k < len(body):
        head = body[k]
        nxt = next((j for j in range(k + 1, len(body)) if level_of(body[j]) == 1), len(body))
        heading = marker(head.text).rest
        section = next((name for name, words in _SECTION_WORDS if re.search(words, simplified(heading))), None)
        if section is None or section in data:
            draft.unplace(head, f"section {heading!r} is not one a plan has (or comes twice); its heading")
            _leftovers(body[k + 1:nxt], draft, f"section {heading!r}")
        else:
            if heading != PLAN_HEADINGS[section]:
                headings[section] = heading
            data[section] = _plan_section(section, body[k + 1:nxt], draft)
        k = nxt
    for required, what in (("tasks", "主要任务 (（一） tasks)"), ("steps", "实施步骤 (dated （一） steps)")):
        if not data.get(required):
            raise draft.error(f"cannot read the draft as a plan: no {what} found; try --kind speech")
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
                draft.note(p.line, f"marker {m.text.strip()} read as {m.canonical}")
            item = _step(m.rest, p, draft) if section == "steps" else _task(m.rest, section, draft, p)
            if item:
                items.append(item)
        elif not items:
            draft.unplace(p, f"a paragraph before the first （一） of {section}")
        elif section == "tasks" and m and m.level == 3:
            items[-1].setdefault("items", []).append(m.rest)
        elif m:
            draft.unplace(p, f"numbered paragraph {m.text.strip()} in {where}")
        else:
            items[-1]["body"] = items[-1].get("body", "") + p.text
            draft.note(p.line, f"paragraph joined to {where}.body: an item is one paragraph")
    return items


def _lead_body(text: str, draft: Draft, p: Para) -> dict[str, str]:
    lead = split_lead(text) or text
    if not lead or lead[-1] not in SENTENCE_END:
        lead += "。"
        draft.note(p.line, "the item has no sentence end; added 。 to its lead")
    body = text[len(lead):] if text.startswith(lead) else ""
    return {"lead": lead, "body": body} if body else {"lead": lead}


def _task(text: str, section: str, draft: Draft, p: Para) -> dict[str, Any]:
    duty = _DUTY.search(text) if section == "tasks" else None
    if duty and duty.end() == len(text) and (duty.group(1) or duty.group(2)):
        text = text[: duty.start()]
    else:
        duty = None
    item: dict[str, Any] = _lead_body(text, draft, p)
    if duty and duty.group(1):
        item["lead_unit"] = duty.group(1).strip(SPACES)
    if duty and duty.group(2):
        item["units"] = duty.group(2).strip(SPACES)
    return item


def _step(text: str, p: Para, draft: Draft) -> dict[str, Any] | None:
    m = _PERIOD.search(text)
    if not m:
        draft.unplace(p, "a step without a period （2026年3月1日—3月15日）")
        return None
    y1, mo1, d1, y2, mo2, d2 = m.groups()
    try:
        start = dt.date(int(y1), int(mo1), int(d1))
        end = dt.date(int(y2 or y1), int(mo2), int(d2))
    except ValueError:
        draft.unplace(p, "a step whose period names an impossible date")
        return None
    if end < start:
        draft.unplace(p, "a step that ends before it starts")
        return None
    step: dict[str, Any] = {"name": text[: m.start()], "start": start, "end": end}
    body = text[m.end():].removeprefix("。")
    if body:
        step["body"] = body
    return step


# ---------------------------------------------------------------------------------------------
# Notice: 部署类 (缘由 → 现将有关事项通知如下： → 一、… → 特此通知。) and 印发类 (现将《…》印发给你们).

NOTICE_ORDER = ("kind", "organ", "organ_mark", "doc_number", "title", "addressee", "preamble", "transition", "items",
                "request", "issued", "as_attachment", "closing", "attachments", "signature", "date", "note", "cc",
                "imprint", "unplaced")
DEFAULT_TRANSITION = "现将有关事项通知如下："
DEFAULT_REQUEST = "请结合实际认真贯彻执行。"
_NOTICE_TRANSITION = re.compile(r"(?:^|(?<=[。！？，]))[现現][将將就][^。！？，]{0,20}通知如下[：:]$")
_ISSUE = re.compile(r"现将《(.+)》印发给你们，(.+)")


def guess_notice(draft: Draft) -> tuple[int, str]:
    return (5, "the title ends with 通知") if _title_of(draft).endswith("通知") else (0, "no notice title")


def read_notice(draft: Draft) -> dict[str, Any]:
    frame = read_frame(draft)
    data: dict[str, Any] = {"kind": "notice", **frame.fields}
    body = frame.body
    issue = next((k for k, p in enumerate(body) if _ISSUE.fullmatch(p.text)), None)
    if issue is not None:
        _issued(draft, frame, data, body, issue)
    else:
        _deployed(draft, frame, data, body)
    if not data.get("title"):
        if issue is None:
            data["title"] = _title_or_placeholder(frame, draft, "【待补：通知标题】")
        else:
            data.pop("title", None)
    return _finish(draft, data, NOTICE_ORDER)


def _deployed(draft: Draft, frame: Frame, data: dict[str, Any], body: list[Para]) -> None:
    body = _repaired(body, draft)
    first = next((k for k, p in enumerate(body) if level_of(p) == 1), None)
    if first is None:
        raise draft.error("cannot read the draft as a notice: no 一、 items and no 现将《……》印发给你们 sentence; "
                          "try --kind speech")
    preamble = plain_run(body[:first], draft, "preamble")
    if preamble and not preamble[-1].endswith(("：", ":")):
        draft.note(body[first - 1].line, "no 现将有关事项通知如下： before the items; transition left empty")
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
        draft.note(body[-1].line, "no 特此通知。 after the items; closing left empty")
        close = len(body)
    _, items = walk_points(body[first:close], draft, ("items", "body", "subitems"))
    data["items"] = [{k: v for k, v in item.items() if v != []} for item in items]  # subitems are optional
    closing = plain_run(body[close:], draft, "closing")
    if closing != ["特此通知。"]:
        data["closing"] = closing
    _attachments(draft, frame, data)
    _leftovers(frame.after_signature, draft, "the 成文日期")


def _issued(draft: Draft, frame: Frame, data: dict[str, Any], body: list[Para], issue: int) -> None:
    m = _ISSUE.fullmatch(body[issue].text)
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
        raise draft.error(f"cannot read the draft as a notice: the text of the issued 《{plan_title}》 is not in it")
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
    for title, content in frame.pages:
        if title.text in pages:
            draft.unplace(title, "an attachment page the 附件说明 does not list; its title")
            _leftovers(content, draft, f"attachment page {title.text!r}")
    if attachments:
        data["attachments"] = attachments


# ---------------------------------------------------------------------------------------------
# Decision (表彰决定): 事迹 → 决定事项 (授予……称号) → 希望与号召, the 名单 as its 附件.

DECISION_ORDER = ("kind", "organ", "organ_mark", "doc_number", "title", "addressee", "background", "resolution",
                  "awards", "call", "closing", "list_title", "signature", "date", "note", "cc", "imprint", "unplaced")
_GRANT = re.compile(r"授予(.+?)“(.+?)”(?:荣誉)?称号")
_PADDED_NAME = re.compile(r"(\S)[ \u3000]+(\S)[ \u3000]+(\S.*)")
_NAME = re.compile(r"(\S{2,4})[ \u3000]+(\S.*)")
_GROUP = re.compile(r"(.+?)\s*（\d+[个名人]）")


def guess_decision(draft: Draft) -> tuple[int, str]:
    return (5, "the title ends with 决定") if _title_of(draft).endswith("决定") else (0, "no decision title")


def read_decision(draft: Draft) -> dict[str, Any]:
    frame = read_frame(draft)
    data: dict[str, Any] = {"kind": "decision", **frame.fields}
    data["title"] = _title_or_placeholder(frame, draft, "【待补：决定标题】")
    body = join_split(frame.body, draft)
    grant = next((k for k, p in enumerate(body) if _GRANT.search(p.text)), None)
    if grant is None:
        raise draft.error("cannot read the draft as a decision: no 决定事项 (……授予……“……”称号) found; "
                          "try --kind speech")
    data["background"] = plain_run(body[:grant], draft, "background")
    data["resolution"] = body[grant].text
    rest = body[grant + 1:]
    if rest and simplified(rest[-1].text).startswith("特此决定"):
        data["closing"] = rest[-1].text
        rest = rest[:-1]
    data["call"] = plain_run(rest, draft, "call")
    if not frame.pages:
        raise draft.error("cannot read the draft as a decision: no 名单 page (附件) found")
    (list_title, entries), *others = frame.pages
    for title, content in others:
        _leftovers([title, *content], draft, "the 名单")
    _leftovers(frame.after_signature, draft, "the 成文日期")
    if list_title.text != list_title_from(data["title"]):
        data["list_title"] = list_title.text
    data["awards"] = _awards(draft, entries, [h for _, h in _GRANT.findall(body[grant].text)])
    return _finish(draft, data, DECISION_ORDER)


def _awards(draft: Draft, entries: list[Para], honors: list[str]) -> list[dict[str, Any]]:
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
    awards = []
    for k, (group, lines) in enumerate(groups):
        if not lines:
            continue
        people = [_PADDED_NAME.fullmatch(p.text) or _NAME.fullmatch(p.text) for p in lines]
        award: dict[str, Any] = {"honor": honors[k] if k < len(honors) else (group or "")}
        if k >= len(honors):
            draft.note(lines[0].line, f"no 称号 in the 决定事项 for 名单 group {k + 1}; its heading used instead")
        if all(people):
            award["people"] = [{"name": (m.group(1) + m.group(2)) if m.re is _PADDED_NAME else m.group(1),
                                "unit": m.group(3) if m.re is _PADDED_NAME else m.group(2)} for m in people]
            default = "先进个人"
        else:
            award["units"] = [p.text for p in lines]
            default = "先进集体"
        if group and group != default:
            award["group"] = group
        awards.append(award)
    if not awards:
        raise draft.error("cannot read the draft as a decision: the 名单 page lists nobody")
    return awards


register("plan", guess_plan, read_plan)
register("notice", guess_notice, read_notice)
register("decision", guess_decision, read_decision)
