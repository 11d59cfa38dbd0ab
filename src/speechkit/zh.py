"""Facts about Chinese text, written once: what a Han character is, the full-width marks, numerals, dates.

Every pipeline reads Chinese text (the writer measures it, lint checks it, read-back parses it), and two
parts that disagree about one character disagree about one draft; so these facts live here only.
"""

from __future__ import annotations

import datetime as dt
import re

# Ideographs: the unified block, extension A, the compatibility ideographs and the supplementary
# planes' extensions B-F (which t2s also converts, and which names of places and people use).
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"  # for a regex [...] class

OPENING = frozenset("“‘（《〈【〔「『")
CLOSING = frozenset("”’）》〉】〕」』")
CJK_MARKS = frozenset("，。、；：？！…—～·") | OPENING | CLOSING
SENTENCE_END = "。！？"


def is_han(ch: str) -> bool:
    """An ideograph (one character)."""
    return ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
            or "\U00020000" <= ch <= "\U0002fa1f")


def is_cjk(ch: str) -> bool:
    """Chinese text: an ideograph or a full-width mark."""
    return is_han(ch) or ch in CJK_MARKS


# Characters no value of an outline or a table may hold: the C0 and C1 controls but tab, newline and
# carriage return, and every character str.splitlines() ends a line at (NEL U+0085, U+2028, U+2029,
# \x0b, \x0c, \x1c-\x1e). One of them inside a title could open a block of markup of its own.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")

# Dates as drafts write them: 2026年3月16日, 2026.3.16, 二〇二六年三月十六日. Spaces (ASCII or
# ideographic) may stand between the parts in text pasted from a PDF.
_GAP = "[ \u3000]*"
ARABIC_DATE = rf"\d{{2,4}}{_GAP}年{_GAP}\d{{1,2}}{_GAP}月{_GAP}\d{{1,2}}{_GAP}日"
DOTTED_DATE = rf"\d{{4}}{_GAP}[.\-/．]{_GAP}\d{{1,2}}{_GAP}[.\-/．]{_GAP}\d{{1,2}}日?"
CHINESE_DATE = r"[〇○OＯ零0０一二三四五六七八九]{2,4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日"
DATE = f"(?:{ARABIC_DATE}|{DOTTED_DATE}|{CHINESE_DATE})"  # slips included: lint reports them

# The dates read-back turns into values: a four-digit year, in the styles an outline can print.
_DATE_VALUES = (
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), "arabic"),
    (re.compile(r"([〇○零０一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日"),
     "chinese"),
    (re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})"), "arabic"),
)
_YEAR_DIGITS = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0", "０": "0"}


def find_date(text: str) -> tuple[int, int, dt.date | None, str] | None:
    """(start, end, date or None when impossible, style) of the first date written in ``text``."""
    for pattern, style in _DATE_VALUES:
        m = pattern.search(text)
        if not m:
            continue
        year, month, day = m.groups()
        if style == "chinese":
            year = "".join(_YEAR_DIGITS[ch] for ch in year)
            month, day = cn_numeral_value(month), cn_numeral_value(day)
        try:
            found = dt.date(int(year), int(month), int(day))
        except ValueError:
            found = None
        return m.start(), m.end(), found, style
    return None

# What opens a speech's salutation line (同志们：, 各位代表：, 尊敬的…：).
SALUTATION_WORDS = ("同志们", "同志", "各位", "尊敬的", "朋友们", "来宾", "代表", "委员", "女士们", "先生们")

_CN_DIGITS = "零一二三四五六七八九"


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        # A template's ``| cn_numeral`` shows this to the template's author (render names the template line).
        shown = f"文字「{n}」" if isinstance(n, str) else f"「{n!r}」"
        raise ValueError(f"cn_numeral 只接受不小于 0 的整数，实际是{shown}")
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for unit_value, unit in ((10**8, "亿"), (10**4, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, unit_value)
        if digit >= 10:
            out += cn_numeral(digit) + unit
            zero = False
        elif digit:
            out += ("零" if zero and out else "") + _CN_DIGITS[digit] + unit
            zero = False
        else:
            zero = zero or bool(out)
    return out


def cn_numeral_value(text: str) -> int:
    """Inverse of :func:`cn_numeral` for the small numbers used in headings: 十二 → 12."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS.index(ch)
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(text)
    return total + current
