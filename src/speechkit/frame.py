"""The 公文 frame (GB/T 9704 §7): which line of a draft is which part, and what the line says.

One recogniser for the two pipelines that meet the frame: lint (which part each block is, so that a
rule about the 成文日期 or the 抄送 checks only that line) and read-back (which outline field a line
fills). A .docx written by speechkit says what each paragraph is (its style gives the block kind,
:data:`KIND_PARTS`); a .txt, a .md or a .docx from elsewhere does not, so the part is recognised from
the text, as a reader of the page would:

* the head, before the first body paragraph: 发文机关标志 (…文件), 文号, title lines, a bracketed
  speech date line, a salutation (同志们：), the 主送 line (ends with a colon, or lists bodies);
* anywhere: 附件说明 (附件：… and the numbered entries under it), an 附件 page label, a date
  line, the 附注 right after a date line, 主题词, 抄送, the 印发 line.

Two strictnesses, on purpose. :func:`parts` (lint) recognises a part however it was typed (抄 送,
国发（2024）5号, 附 件：), because those slips are what lint reports. The ``*_fields`` readers
(read-back) take a line only in a form they can turn into an outline field (a 文号 → code, year and
serial; a 抄送 line → its organs) and leave any other line to the body, where a note or ``unplaced``
shows it. Where the two agree they share one test (:func:`is_organ_mark`, :func:`colon_line`).

Dates are recognised and parsed here for now; they belong with the other Chinese text facts in
``speechkit.zh`` once that exists.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence

from .zh import DATE, find_date

# Block kinds (a speechkit .docx's styles) → part names; ``subtitle`` counts as title, ``center``/``plain`` as body.
KIND_PARTS = {
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
PARTS = ("para", *dict.fromkeys(KIND_PARTS.values()), "subject_words")
HEAD_SCAN = 8  # the head (title, 文号, 主送) is found within the first few blocks
SENTENCE_MARKS = frozenset("。！？；!?;")
SPACES = " \t\u3000"

# ---------------------------------------------------------------------------------------------
# Dates.

_DATE_LINE = re.compile(rf"(?P<open>[(（])?[ \u3000]*{DATE}[ \u3000]*(?(open)[)）])")


def date_line(text: str) -> tuple[dt.date | None, str, str] | None:
    """A line that holds a date and maybe a name (a speaker, an organ): (date, style, the rest) or None."""
    found = find_date(text)
    if not found:
        return None
    start, end, date, style = found
    before, after = text[:start].rstrip(SPACES), text[end:].lstrip(SPACES)
    if before.endswith(("（", "(")) and after.startswith(("）", ")")):
        before, after = before[:-1], after[1:]
    if before.strip(SPACES) and after.strip(SPACES):
        return None  # a date inside a sentence, not a date line
    return date, style, (before + after).strip(SPACES)


# ---------------------------------------------------------------------------------------------
# Parts however typed: lint's classification of every block.

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


def is_organ_mark(text: str) -> bool:
    """The 发文机关标志 (…文件), when it heads the draft."""
    return bool(_ORGAN_MARK.fullmatch(text))


def colon_line(text: str, stops: frozenset[str] | str = SENTENCE_MARKS) -> bool:
    """A 主送 or salutation line: not long, no sentence in it (no character of ``stops``), ends with a colon."""
    return text.endswith(("：", ":")) and len(text) <= 120 and not any(ch in stops for ch in text)


def parts(texts: Sequence[str], kinds: Sequence[str], title_like: Callable[[str], bool]) -> list[str]:
    """The part (one of :data:`PARTS`) of each block, from its kind when it has one, else from its text.

    ``title_like`` says whether a plain line of the head could be a title line (lint's own test, which
    knows its malformed level markers).
    """
    out = ["para"] * len(texts)
    body = _head(texts, kinds, out, title_like)
    previous = "title" if body else "para"
    for i in range(body, len(texts)):
        kind = kinds[i]
        if kind != "para" and kind in KIND_PARTS:
            out[i] = previous = KIND_PARTS[kind]
            continue
        if kind != "para":
            previous = "para"
            continue
        out[i] = previous = body_part(texts[i], previous)
    return out


def _head(texts: Sequence[str], kinds: Sequence[str], out: list[str], title_like: Callable[[str], bool]) -> int:
    """Fill in the head's parts; returns the index of the first block after it."""
    for i in range(min(len(texts), HEAD_SCAN)):
        kind, text = kinds[i], texts[i]
        if kind != "para":
            out[i] = KIND_PARTS.get(kind, "para")
            if out[i] == "para":
                return i
            if out[i] in ("addressee", "salutation"):
                return i + 1
            continue
        part = _head_part(text, i, out[i - 1] if i else None, title_like)
        if part is None:
            return i
        out[i] = part
        if part in ("addressee", "salutation"):
            return i + 1
    return min(len(texts), HEAD_SCAN)


def _head_part(text: str, i: int, previous: str | None, title_like: Callable[[str], bool]) -> str | None:
    """The head part of plain line ``i``; None when the head is over."""
    part = body_part(text, "para")
    if part == "dateline":  # a speech's date line sits in its head
        return part
    if part != "para":  # a 成文日期, 附件说明, 抄送…: the head is over
        return None
    if i == 0 and is_organ_mark(text):
        return "organ"
    if _DOC_NUMBER.fullmatch(text) and len(text) <= 50:
        return "docnumber"
    if colon_line(text):
        return "salutation" if _SALUTATION.fullmatch(text) and len(text) <= 40 else "addressee"
    if previous in ("title", "docnumber") and _ADDRESSEE_LIST.fullmatch(text):
        return "addressee"
    return "title" if title_like(text) else None


def body_part(text: str, previous: str) -> str:
    """The part of a plain line after the head, given the part of the line before it."""
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


# ---------------------------------------------------------------------------------------------
# Fields as read-back takes them: only forms that become an outline field (see the module's doc).

# Read-back also finds the 文号 line with this exact form, so a 文号 in other brackets (江城管发（2026）19号)
# is not one for it and is read as a title line; lint's _DOC_NUMBER knows it, to report the brackets.
_DOC_NUMBER_FIELDS = re.compile(r"(\S.*?)\s*[〔［\[]\s*(\d{4})\s*[〕］\]]\s*第?\s*(\d+)\s*号")
_IMPRINT_FIELDS = re.compile(r"(.*日)\s*印发")
_CC_FIELDS = re.compile(r"抄送[：:]\s*(.+?)。?")
_ATTACHMENT_NOTE_FIELDS = re.compile(r"(附件[：:]\s*)(.+)")
_ENTRY_NUMBER = re.compile(r"\d+\s*[.．、]\s*")
# Any digits and any white space after 附件, where lint allows two digits and typed spaces: the
# difference never showed in a draft, and each pipeline keeps the reading it was tested with.
_ATTACHMENT_LABEL_LINE = re.compile(r"附件\s*\d*")


def doc_number_fields(text: str) -> tuple[str, int, int] | None:
    """(机关代字, year, serial) of a 文号 line written 代字〔2026〕12号 (also with [ ] or ［ ］)."""
    m = _DOC_NUMBER_FIELDS.fullmatch(text)
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None


def imprint_fields(text: str) -> tuple[dt.date | None, str] | None:
    """(印发日期, what else the line says: the organ) of a ……日印发 line."""
    m = _IMPRINT_FIELDS.fullmatch(text)
    dated = date_line(m.group(1)) if m else None
    return (dated[0], dated[2]) if dated else None


def cc_fields(text: str) -> list[str] | None:
    """The organs of a 抄送：甲，乙。 line."""
    m = _CC_FIELDS.fullmatch(text)
    if not m:
        return None
    return [organ.strip(SPACES) for organ in re.split(r"[，,]", m.group(1)) if organ.strip(SPACES)]


def attachment_note_fields(text: str) -> tuple[str, str] | None:
    """(the 附件： label as typed, the first entry) of a 附件说明's first line."""
    m = _ATTACHMENT_NOTE_FIELDS.fullmatch(text)
    return (m.group(1), m.group(2)) if m else None


def entry_number(text: str) -> str | None:
    """The number an 附件说明 entry starts with, as typed (``1.``, ``2、``, with the space after it)."""
    m = _ENTRY_NUMBER.match(text)
    return m.group() if m else None


def is_attachment_label(text: str) -> bool:
    """An 附件 page's label line (附件, 附件2), as read-back takes it."""
    return bool(_ATTACHMENT_LABEL_LINE.fullmatch(text))


def note_fields(text: str) -> str | None:
    """The text of a 附注 line （此件公开发布）, without its brackets.

    Only the bracketed form, the one templates print: lint also knows an unbracketed 此件… line.
    """
    return text[1:-1] if text[:1] in "（(" and text[-1:] in "）)" else None


def short_line(text: str) -> bool:
    """A line that can be a 署名 or an 印发机关: short, no sentence or list in it."""
    return len(text) <= 40 and not any(ch in text for ch in "。！？；，")
