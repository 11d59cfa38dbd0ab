"""The 公文 frame read back: 版头, 主送, 附件说明, 署名, 成文日期, 附注, 附件 pages, 版记.

Plans (实施方案), notices (通知) and decisions (表彰决定) share it. It is read once, from both ends of
the draft, with the recognisers of :mod:`speechkit.frame`; each kind then reads its 主体. Scalar frame
fields a web copy often lacks (文号, 主送, 成文日期) get loud placeholders and a note.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import frame as recognise
from ..kinds.gongwen import check_code, check_year
from .model import PLACEHOLDER_DATE, Draft, Para, marker, simplified, title_like

PLACEHOLDER_ORGAN = "【待补：发文机关】"
PLACEHOLDER_ADDRESSEE = "【待补：主送机关】"
PLACEHOLDER_CODE = "待补"  # a 机关代字 the model accepts; prints as 待补〔2026〕1号
# Read-back takes a 主送 that lists bodies with ； (甲；乙：), which lint's head scan reads as text.
_ADDRESSEE_STOPS = "。！？"


@dataclass
class Frame:
    fields: dict[str, Any]  # organ, organ_mark, doc_number, title, addressee, signature, date, note, cc, imprint
    body: list[Para]  # the 主体: after the 主送, before the 附件说明 and 署名
    attachment_titles: list[str] = field(default_factory=list)  # from the 附件说明
    after_signature: list[Para] = field(default_factory=list)  # before any 附件 page (an issued plan)
    pages: list[tuple[Para, list[Para]]] = field(default_factory=list)  # each 附件 page: title, content
    signed: bool = False  # a 署名 or 成文日期 was found


def title_of(draft: Draft) -> str:
    """The draft's title block for guessing its kind: past any 文件 mark and 文号, lines a copy broke joined."""
    parts: list[str] = []
    for p in draft.paras[:6]:
        if not parts and (p.kind in ("organ", "docnumber") or recognise.is_organ_mark(p.text)
                          or recognise.doc_number_fields(p.text)):
            continue
        if p.kind == "title" or (p.kind == "para" and title_like(p.text)):
            parts.append(p.text)
        else:
            break
    return simplified("".join(parts[:3]))


def guess_by_title(draft: Draft, ending: str, kind: str) -> tuple[int, str]:
    """A notice or a decision says so at the end of its title (……的通知, ……的决定)."""
    return (5, f"标题以「{ending}」结尾") if title_of(draft).endswith(ending) else (0, f"标题不以「{ending}」结尾")


def title_or_placeholder(frame: Frame, draft: Draft, placeholder: str) -> str:
    if frame.fields.get("title"):
        return frame.fields["title"]
    draft.note(draft.paras[0].line, f"没有标题行；已写入占位符{placeholder}")
    return placeholder


def read_frame(draft: Draft, *, gongwen: bool = True) -> Frame:
    """The frame around the 主体. ``gongwen`` False (a plan on its own): no 版头, 主送 or placeholders."""
    reading = _Reading(draft, gongwen, end=len(draft.paras))
    reading.record()
    reading.head()
    reading.signing()
    attachment_titles = reading.attachment_note()
    pages = reading.pages()
    frame = Frame({}, draft.paras[reading.i:reading.body_end], attachment_titles, reading.after, pages,
                  signed=bool(reading.date or reading.signature))
    frame.fields = reading.fields()
    return frame


@dataclass
class _Reading:
    """The frame's lines as they are found; ``i`` and ``end`` close in on the 主体 from both ends."""

    draft: Draft
    gongwen: bool
    end: int
    i: int = 0
    body_end: int = 0
    label: int = 0  # the first 附件 page label, or ``end``
    imprint_organ: str | None = None
    imprint_date: dt.date | None = None
    cc: list[str] | None = None
    organ_mark: str | None = None
    doc_number: Para | None = None
    title: str | None = None
    addressee: str | None = None
    date: dt.date | None = None
    signature: str | None = None
    note: str | None = None
    after: list[Para] = field(default_factory=list)

    @property
    def paras(self) -> list[Para]:
        return self.draft.paras

    def record(self) -> None:
        """版记, from the bottom: 印发机关和印发日期, then 抄送."""
        paras = self.paras
        imprint = recognise.imprint_fields(paras[self.end - 1].text) if self.end else None
        if imprint:
            self.imprint_date, rest = imprint
            self.end -= 1
            if rest:
                self.imprint_organ = rest
            elif self.end and paras[self.end - 1].kind in ("imprint", "para") \
                    and recognise.short_line(paras[self.end - 1].text) \
                    and recognise.cc_fields(paras[self.end - 1].text) is None:
                self.imprint_organ = paras[self.end - 1].text
                self.end -= 1
        if self.end and (cc := recognise.cc_fields(paras[self.end - 1].text)) is not None:
            self.cc = cc
            self.end -= 1

    def head(self) -> None:
        """版头 and 主送, from the top: 发文机关标志, 文号, title lines, 主送."""
        paras, end = self.paras, self.end
        if self.gongwen and self.i < end and (paras[0].kind == "organ" or (
                paras[0].kind == "para" and recognise.is_organ_mark(paras[0].text))):
            self.organ_mark = paras[0].text
            self.i += 1
        title_parts: list[Para] = []
        while self.i < end:
            p = paras[self.i]
            if self.gongwen and self.doc_number is None and (p.kind == "docnumber"
                                                             or recognise.doc_number_fields(p.text)):
                self.doc_number = p
            elif p.kind == "title" or (p.kind == "para" and title_like(p.text)
                                       and not recognise.doc_number_fields(p.text)
                                       and (not title_parts or len(title_parts[-1].text) >= 10)):
                title_parts.append(p)
            else:
                break
            self.i += 1
        for part in title_parts[1:]:
            self.draft.note(part.line, f"标题延续到第 {part.line} 行；已合并")
        self.title = "".join(p.text for p in title_parts) or None
        line = paras[self.i] if self.i < end else None
        if self.gongwen and line and line.kind in ("addressee", "para") \
                and recognise.colon_line(line.text, _ADDRESSEE_STOPS):
            self.addressee = line.text.rstrip("：:")
            self.i += 1

    def signing(self) -> None:
        """成文日期 (the last date line before the 附件 pages), the 署名 above it, the 附注 below it."""
        paras, i, end = self.paras, self.i, self.end
        dates = [k for k in range(i, end) if _date_only(paras[k])]
        self.label = next((k for k in range(dates[0] if dates else end, end) if _label(paras[k])), end)
        label = self.body_end = self.label
        dates = [k for k in dates if k < label]
        if not dates or (not self.gongwen and dates[-1] < label - 1):  # a plan's date closes it
            return
        d = dates[-1]
        self.date = _date_only(paras[d])
        self.body_end = d
        above = paras[d - 1]
        if d - 1 >= i and (above.kind == "signature" or recognise.short_line(above.text)) \
                and marker(above.text) is None:
            self.signature = above.text
            self.body_end = d - 1
        k = d + 1
        note = recognise.note_fields(paras[k].text) if k < label and paras[k].kind in ("note", "para") else None
        if note is not None:
            self.note = note
            k += 1
        self.after = paras[k:label]

    def attachment_note(self) -> list[str]:
        """附件说明 just above the 署名: 附件：1.…, then 2.… lines."""
        paras, i = self.paras, self.i
        found = next(((k, head) for k in range(self.body_end - 1, i - 1, -1)
                      if (head := recognise.attachment_note_fields(paras[k].text))), None)
        if found is None or not all(recognise.entry_number(p.text) for p in paras[found[0] + 1:self.body_end]):
            return []
        start, head = found
        titles = _attachment_names(self.draft, head, paras[start:self.body_end])
        self.body_end = start
        return titles

    def pages(self) -> list[tuple[Para, list[Para]]]:
        """Each 附件 page from its label: (its title, its content)."""
        paras, end = self.paras, self.end
        pages: list[tuple[Para, list[Para]]] = []
        k = self.label
        while k < end:
            nxt = next((j for j in range(k + 1, end) if _label(paras[j])), end)
            if k + 1 < nxt:
                pages.append((paras[k + 1], paras[k + 2:nxt]))
            else:
                self.draft.unplace(paras[k], "附件标识后面没有附件页")
            k = nxt
        return pages

    def fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        if self.gongwen:
            self._organ(fields)
            fields["doc_number"] = _doc_number(self.draft, self.doc_number)
        fields["title"] = self.title
        if self.gongwen and self.addressee:
            fields["addressee"] = self.addressee
        elif self.gongwen:
            fields["addressee"] = PLACEHOLDER_ADDRESSEE
            self.draft.note(self.paras[self.i].line if self.i < len(self.paras) else None,
                            f"标题之后没有主送机关行（以「：」结尾）；已写入{PLACEHOLDER_ADDRESSEE}")
        if self.signature and (not self.gongwen or self.signature != fields.get("organ")):
            fields["signature"] = self.signature
        if self.date:
            fields["date"] = self.date
        elif self.gongwen:
            fields["date"] = PLACEHOLDER_DATE
            self.draft.note(None, f"没有成文日期行；已写入占位日期 {PLACEHOLDER_DATE.isoformat()}，请改为实际日期")
        if self.note:
            fields["note"] = self.note
        if self.cc:
            fields["cc"] = self.cc
        imprint = self._imprint(fields.get("organ"))
        if imprint and self.gongwen:
            fields["imprint"] = imprint
        return fields

    def _organ(self, fields: dict[str, Any]) -> None:
        """发文机关: from the 文件 mark, else the 署名, else the 印发机关; organ_mark when it is not organ + 文件."""
        mark = self.organ_mark
        organ = (mark[:-2] if mark and mark.endswith("文件") else None) or self.signature or self.imprint_organ
        if organ:
            fields["organ"] = organ
        else:
            fields["organ"] = PLACEHOLDER_ORGAN
            self.draft.note(self.paras[0].line,
                            f"找不到发文机关（发文机关标志、署名或印发机关）；已写入{PLACEHOLDER_ORGAN}")
        if mark and mark != f"{fields['organ']}文件":
            fields["organ_mark"] = mark

    def _imprint(self, organ: str | None) -> dict[str, Any]:
        imprint: dict[str, Any] = {}
        if self.imprint_organ and self.imprint_organ != organ:
            imprint["organ"] = self.imprint_organ
        if self.imprint_date and self.date and self.imprint_date < self.date:
            self.draft.note(None, f"印发日期 {self.imprint_date.isoformat()} 早于成文日期；未采用")
        elif self.imprint_date and self.imprint_date != self.date:
            imprint["date"] = self.imprint_date
        return imprint


def _date_only(p: Para) -> dt.date | None:
    if p.kind not in ("date", "para") or p.text[:1] in "（(":
        return None
    found = recognise.date_line(p.text)
    return found[0] if found and not found[2] else None


def _label(p: Para) -> bool:
    return p.kind == "attachment_label" or (p.kind == "para" and recognise.is_attachment_label(p.text))


def _attachment_names(draft: Draft, head: tuple[str, str], lines: list[Para]) -> list[str]:
    """The attachment names in a 附件说明 (附件：1.…, then 2.… lines), with the usual slips repaired.

    A function of its own so that nothing read down here can overwrite a field of the 版头 (the
    title once came out as an attachment name through a reused local).
    """
    names: list[str] = []
    label, first = head
    if ":" in label:
        draft.note(lines[0].line, "附件说明用了半角冒号（附件:）；已按「附件：」读取")
    for para, text in [(lines[0], first), *((p, p.text) for p in lines[1:])]:
        number = recognise.entry_number(text)
        name = text[len(number):] if number else text
        written = number.strip(recognise.SPACES) if number else ""
        if written.endswith("、"):
            draft.note(para.line, f"附件序号「{written}」按「{written[:-1].strip(recognise.SPACES)}.」读取")
        bare = name.rstrip("。；，、.;,")
        if bare != name:  # a common slip the outline model refuses (GB/T 9704 §7.3.4)
            draft.note(para.line, f"附件名称末尾有「{name[len(bare):]}」；已删去")
        names.append(bare)
    return names


def _doc_number(draft: Draft, p: Para | None) -> dict[str, Any]:
    if p is None:
        draft.note(None, f"没有可用的发文字号；已写入占位字号 {PLACEHOLDER_CODE}〔年份〕1号")
        return {"code": PLACEHOLDER_CODE, "serial": 1}
    found = recognise.doc_number_fields(p.text)
    if found:
        code, year, serial = found
        try:
            check_code(code)
            check_year(year)
        except ValueError as exc:
            draft.unplace(p, f"发文字号不可用（{exc}）")
        else:
            if serial >= 1:
                return {"code": code, "year": year, "serial": serial}
    else:
        draft.unplace(p, "发文字号不是「代字〔2026〕12号」的格式")
    draft.note(p.line, f"没有可用的发文字号；已写入占位字号 {PLACEHOLDER_CODE}〔年份〕1号")
    return {"code": PLACEHOLDER_CODE, "serial": 1}
