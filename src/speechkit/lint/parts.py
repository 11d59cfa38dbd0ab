"""Which part of a document each block is: 标题, 主送, 正文, 附件说明, 成文日期, 附注, 抄送, 印发…

Rules about the 公文 frame (GB/T 9704 §7) apply to one part only: 成文日期 rules to the date line,
the 抄送 rule to the 抄送 line, level markers to body paragraphs. A .docx written by speechkit
says what each paragraph is (its style gives the block kind); a .txt, a .md or a .docx from
elsewhere does not, so the part is recognised from the text, as a reader of the page would:

* the head, before the first body paragraph: 发文机关标志 (…文件), 文号, title lines, a bracketed
  speech date line, a salutation (同志们：), the 主送 line (ends with a colon, or lists bodies);
* anywhere: 附件说明 (附件：… and the numbered entries under it), an 附件 page label, a date
  line, the 附注 right after a date line, 主题词, 抄送, the 印发 line.

Everything else is a body paragraph (``para``). The result is computed once per draft.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .draft import Draft

# Block kinds of the reader → part names; ``subtitle`` counts as title, ``center``/``plain`` as body.
KIND_ROLES = {
    "title": "title",
    "subtitle": "title",
    "dateline": "dateline",
    "byline": "byline",
    "salutation": "salutation",
    "organ": "organ",
    "docnumber": "docnumber",
    "addressee": "addressee",
    "attachment": "attachment",
    "signature": "signature",
    "date": "date",
    "note": "note",
    "attachment_label": "attachment_label",
    "cc": "cc",
    "imprint": "imprint",
    "imprint_date": "imprint_date",
}
ROLES = ("para", *dict.fromkeys(KIND_ROLES.values()), "subject_words")

_ARABIC_DATE = r"\d{2,4}[ \u3000]*年[ \u3000]*\d{1,2}[ \u3000]*月[ \u3000]*\d{1,2}[ \u3000]*日"
_DOTTED_DATE = r"\d{4}[ \u3000]*[.\-/．][ \u3000]*\d{1,2}[ \u3000]*[.\-/．][ \u3000]*\d{1,2}日?"
_CHINESE_DATE = r"[〇○OＯ零0０一二三四五六七八九]{2,4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
DATE = f"(?:{_ARABIC_DATE}|{_DOTTED_DATE}|{_CHINESE_DATE})"
_DATE_LINE = re.compile(rf"(?P<open>[(（])?[ \u3000]*{DATE}[ \u3000]*(?(open)[)）])")
_IMPRINT = re.compile(rf".*?{DATE}[ \u3000]*印[ \u3000]*发")
_CC = re.compile(r"抄[ \u3000]*送(?:[ \u3000]*[：:]|[ \u3000]+\S)")
_ATTACHMENT_NOTE = re.compile(r"附[ \u3000]*件[ \u3000]*[：:]")
_ATTACHMENT_ENTRY = re.compile(r"\d{1,2}[ \u3000]*[.．、]")
_ATTACHMENT_LABEL = re.compile(r"附件[ \u3000]*\d{0,2}")
_NOTE = re.compile(r"[(（].*[)）]|(?:此件|本件)\S*")
_SUBJECT_WORDS = re.compile(r"主[ \u3000]*题[ \u3000]*词(?:[ \u3000]*[：:]|[ \u3000]+\S)")
_ORGAN_MARK = re.compile(r".{2,40}文件")
_DOC_NUMBER = re.compile(r"\S.{0,30}?[〔\[［【(（﹝]\s*\d{2,4}\s*[〕\]］】)）﹞]\s*第?\s*\d+\s*号.*")
_SALUTATION = re.compile(r".{0,30}?(?:同志们|同志|各位|尊敬的|朋友们|来宾|代表|委员|女士们|先生们).{0,30}[：:]")
# A 主送 line that lacks its colon: bodies separated by ，/、, ending with a body's name.
_ADDRESSEE_LIST = re.compile(
    r"[^。！？；：:]{2,80}[，、][^。！？；：:]{0,80}"
    r"(?:政府|部门|单位|机关|机构|局|委|办|厅|院|会|处|室|所|站|中心|公司|学校|街道|乡镇|党委|党组|分局|支队|大队)"
)
_SENTENCE_MARKS = frozenset("。！？；!?;")
_HEAD_SCAN = 8  # the head (title, 文号, 主送) is found within the first few blocks


def roles(draft: Draft) -> list[str]:
    """The part of each linted block (``draft.texts[i]``), cached on the draft."""
    cached = draft.cache.get("roles")
    if cached is None:
        cached = draft.cache["roles"] = _roles(draft)
    return cached


def _kind(draft: Draft, i: int) -> str:
    return draft.document.blocks[draft.indices[i]].kind


def _roles(draft: Draft) -> list[str]:
    texts = draft.texts
    out = ["para"] * len(texts)
    body = _head(draft, out)
    previous = "title" if body else "para"
    for i in range(body, len(texts)):
        kind = _kind(draft, i)
        if kind != "para" and kind in KIND_ROLES:
            out[i] = previous = KIND_ROLES[kind]
            continue
        if kind != "para":
            previous = "para"
            continue
        role = _body_role(texts[i], previous)
        out[i] = previous = role
    return out


def _head(draft: Draft, out: list[str]) -> int:
    """Fill in the head's parts; returns the index of the first block after it."""
    texts = draft.texts
    for i in range(min(len(texts), _HEAD_SCAN)):
        kind = _kind(draft, i)
        text = texts[i]
        if kind != "para":
            out[i] = KIND_ROLES.get(kind, "para")
            if out[i] == "para":
                return i
            if out[i] in ("addressee", "salutation"):
                return i + 1
            continue
        part = _body_role(text, "para")
        if part == "dateline":  # a speech's date line sits in its head
            out[i] = part
        elif part != "para":  # a 成文日期, 附件说明, 抄送…: the head is over
            return i
        elif i == 0 and _ORGAN_MARK.fullmatch(text):
            out[i] = "organ"
        elif _DOC_NUMBER.fullmatch(text) and len(text) <= 50:
            out[i] = "docnumber"
        elif text.endswith(("：", ":")) and len(text) <= 120 and not _SENTENCE_MARKS.intersection(text):
            out[i] = "salutation" if _SALUTATION.fullmatch(text) and len(text) <= 40 else "addressee"
            return i + 1
        elif i > 0 and out[i - 1] in ("title", "docnumber") and _ADDRESSEE_LIST.fullmatch(text):
            out[i] = "addressee"
            return i + 1
        elif title_like(text):
            out[i] = "title"
        else:
            return i
    return min(len(texts), _HEAD_SCAN)


def title_like(text: str) -> bool:
    from .zones import zone_pattern

    return len(text) <= 60 and not _SENTENCE_MARKS.intersection(text) and not zone_pattern("marker").match(text)


def _body_role(text: str, previous: str) -> str:
    head = text[:6]
    if "抄" in head and _CC.match(text):
        return "cc"
    if "附" in head:
        if _ATTACHMENT_NOTE.match(text):
            return "attachment"
        if _ATTACHMENT_LABEL.fullmatch(text):
            return "attachment_label"
    if previous == "attachment" and _ATTACHMENT_ENTRY.match(text) and len(text) <= 80 and "。" not in text[:-1]:
        return "attachment"
    if "主" in head and _SUBJECT_WORDS.match(text):
        return "subject_words"
    if len(text) <= 24 and _DATE_LINE.fullmatch(text):
        return "dateline" if text[:1] in "(（" else "date"
    if previous == "date" and len(text) <= 80 and _NOTE.fullmatch(text):
        return "note"
    if text.endswith("发") and _IMPRINT.fullmatch(text):
        return "imprint_date"
    return "para"


def looks_like_speech(draft: Draft, title: re.Pattern[str], salutation: re.Pattern[str]) -> bool:
    """A speech: the reader saw speech parts, or the head has a speech title or a salutation."""
    parts = roles(draft)
    for i in range(min(len(parts), _HEAD_SCAN + 2)):
        kind = _kind(draft, i)
        if kind in ("salutation", "byline", "dateline") or parts[i] == "dateline":
            return True
        text = draft.texts[i]
        if parts[i] == "title" and title.search(text):
            return True
        if parts[i] == "salutation" and salutation.search(text):
            return True
    return False
