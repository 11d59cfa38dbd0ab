"""The small pieces of code that rule data names: fixes (``transform:``) and extra conditions (``check:``).

A pattern rule's fix is a fixed text or a template (``replace: '〔\\g<year>〕'``) where it can be; a
transform where the replacement has to be computed (a Chinese-numeral date written in digits,
zeros stripped, half-width marks made full-width). A check is a condition a regular expression
cannot state (a calendar date that does not exist, two numerals that are neighbours). Both are
looked up by name when a rule file is loaded, so a misspelt name is a located error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from ..blocks import cn_numeral_value

FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）",
                            "~": "～", ".": "。"})
_SPACES = " \t\u3000"
_YEAR_DIGITS = {**{ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")},
                "○": "0", "O": "0", "Ｏ": "0", "零": "0", "0": "0", "０": "0"}
_CN_DATE = re.compile(r"(?P<y>[〇○OＯ零0０一二三四五六七八九]{2,4})年(?:(?P<m>[一二三四五六七八九十]{1,2})月"
                      r"(?:(?P<d>[一二三四五六七八九十]{1,3})日)?)?")
_DIGITS_DATE = re.compile(r"(?P<y>\d{4})\s*[.\-/．]\s*(?P<m>\d{1,2})\s*[.\-/．]\s*(?P<d>\d{1,2})日?")


def full_width(text: str, match: re.Match) -> str:
    """``, `` → ``，``: half-width marks made full-width, the spaces around them dropped. A repeated ``!!`` or
    ``??`` becomes one mark, not ``！！``, which P402 would flag in turn: a fix leaves nothing to fix."""
    return collapse(text.strip(_SPACES).translate(FULL_WIDTH), match)


def half_width(text: str, match: re.Match) -> str:
    """``２０２４`` → ``2024``: full-width ASCII forms (digits, the decimal point) made half-width."""
    return "".join(chr(ord(ch) - 0xFEE0) if "！" <= ch <= "～" else ch for ch in text)


def strip_zeros(text: str, match: re.Match) -> str:
    """``2024年03月05日`` → ``2024年3月5日``; ``012`` → ``12``."""
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def delete(text: str, match: re.Match) -> str:
    return ""


def collapse(text: str, match: re.Match) -> str:
    """``？？？？`` → ``？``; ``？！！`` → ``？！``."""
    return re.sub(r"(.)\1+", r"\1", text)


def chinese_date(text: str, match: re.Match) -> str:
    """``二〇二四年三月五日`` → ``2024年3月5日`` (also with ○, O or 零 for 〇)."""

    def convert(m: re.Match) -> str:
        out = "".join(_YEAR_DIGITS[ch] for ch in m.group("y")) + "年"
        if m.group("m"):
            out += f"{cn_numeral_value(m.group('m'))}月"
        if m.group("d"):
            out += f"{cn_numeral_value(m.group('d'))}日"
        return out

    return _CN_DATE.sub(convert, text)


def digits_date(text: str, match: re.Match) -> str:
    """``2024.3.5`` / ``2024-03-05`` / ``2024/3/5`` → ``2024年3月5日``."""
    return _DIGITS_DATE.sub(lambda m: f"{m.group('y')}年{int(m.group('m'))}月{int(m.group('d'))}日", text)


def full_year(text: str, match: re.Match) -> str:
    """``24`` → ``2024``, ``98`` → ``1998`` (a guess: only offered for review)."""
    return re.sub(r"(?<!\d)(\d\d)(?!\d)", lambda m: ("20" if int(m.group(1)) <= 50 else "19") + m.group(1), text)


def full_stop(text: str, match: re.Match) -> str:
    """The last character of a line that must end with ``。``: a wrong mark is replaced, else ``。`` is added."""
    return "。" if text in "，；、：,;:." else text + "。"


def colon(text: str, match: re.Match) -> str:
    """Likewise for a line that must end with ``：``."""
    return "：" if text in "，；、。,;." else text + "："


TRANSFORMS: dict[str, Callable[[str, re.Match], str]] = {
    "full-width": full_width,
    "half-width": half_width,
    "strip-zeros": strip_zeros,
    "delete": delete,
    "collapse": collapse,
    "chinese-date": chinese_date,
    "digits-date": digits_date,
    "full-year": full_year,
    "full-stop": full_stop,
    "colon": colon,
}


# ---------------------------------------------------------------------------------------------
# Checks: True means the match is a finding.


def invalid_date(match: re.Match) -> bool:
    """A year–month–day (groups y, m, d) that is not a calendar date: 2024年2月30日, 2024年13月1日."""
    try:
        dt.date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return True
    return False


def adjacent_numerals(match: re.Match) -> bool:
    """Groups a and b are neighbouring numerals (三、四 but not 三、五): an approximate number."""
    return cn_numeral_value(match.group("b")) == cn_numeral_value(match.group("a")) + 1


def chinese_numeral(match: re.Match) -> bool:
    """The match holds a Chinese numeral (not only zeros and Latin O): a year written in Chinese numerals."""
    return any(ch in "〇一二三四五六七八九" for ch in match.group(0))


def not_number_range(match: re.Match) -> bool:
    """Not a dash between a number (or 年/月/日) and a number: that is a range, for another rule."""
    text, start, end = match.string, match.start(), match.end()
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return not ((before.isdigit() or before in "年月日号时") and after.isdigit())


CHECKS: dict[str, Callable[[re.Match], bool]] = {
    "invalid-date": invalid_date,
    "adjacent-numerals": adjacent_numerals,
    "chinese-numeral": chinese_numeral,
    "not-number-range": not_number_range,
}


def restore_script(original: str, simplified: str, replacement: str) -> str:
    """A replacement computed from the simplified text, written back in the original's script.

    Rules match the simplified text; where the original is traditional (same length, position for
    position), each character the replacement copies from the span is given back its original form:
    ``（此件公开发布）`` for ``此件公開發布`` becomes ``（此件公開發布）``, and nothing outside the fix's purpose
    changes script.
    """
    if original == simplified:
        return replacement
    out, k = [], 0
    for ch in replacement:
        j = simplified.find(ch, k)
        if j < 0:
            out.append(ch)
        else:
            out.append(original[j])
            k = j + 1
    return "".join(out)
