"""Stretches of a paragraph that punctuation and number rules must leave to others.

A half-width ``:`` in ``https://…``, the ``(`` of ``(一)`` at the start of a paragraph (a level
marker, reported by the S rules) or the ``[`` of ``国发[2024]5号`` (a 文号, reported by N301) is
not a P finding. A rule names the zones it skips (``skip: [url, marker, docnumber]``); a finding
whose span touches one is dropped. Zones are computed per paragraph, only for paragraphs that
have a candidate, and cached on the draft.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .draft import Draft

# An address is ASCII, and stops before a date run into it (…/index.html2024年3月5日): Chinese text and
# 2024年 or 03月 after the address are the draft's own.
_URL_TAIL = r"(?:(?!(?:19|20)\d\d年|\d{1,2}月\d)[!#-&(-;=?-~])*"
# Compiled on first use (zone_pattern): most drafts never need a zone, and a class spanning the
# ideographs takes milliseconds to compile.
ZONES: dict[str, str] = {
    # Web and mail addresses, file paths with a drive or scheme.
    "url": (
        rf"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[A-Za-z0-9]{_URL_TAIL}"
        r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
        r"|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|gov|edu)(?:\.cn)?(?:/" + _URL_TAIL + ")?"
    ),
    # A level marker at the start of a paragraph, well-formed or not (§4 of lint-norms.md), with what follows it
    # up to the text: (一)、 / 1、 / 一. / （1） …
    "marker": (
        r"^(?:[(（][ \u3000]*(?:[一二三四五六七八九十百]+|\d{1,3})[ \u3000]*[)）]|[①-⑳]"
        r"|(?:[一二三四五六七八九十百]+|\d{1,3})(?=[、.．，,：:]))[、.．，,：:]*[ \u3000]*"
    ),
    # The target of a Markdown link or image: [《条例》](https://…), ![图](a.png).
    "link": r"\]\((?:[^()\s]|\([^()\s]*\))*\)",
    # A 文号 from its brackets to 号, with any bracket: 国发[2024]5号, 国发〔2024〕第05号.
    "docnumber": r"(?<=[\u4e00-\u9fff×Ｘ])[〔\[［【(（﹝〖]\s*\d{2,4}\s*[〕\]］】)）﹞〗]\s*第?\s*\d+\s*号",
}


@cache
def zone_pattern(zone: str) -> re.Pattern[str]:
    return re.compile(ZONES[zone])


def spans(draft: Draft, i: int, zone: str) -> list[tuple[int, int]]:
    """Spans of ``zone`` in linted block ``i``, as offsets into ``draft.joined``."""
    key = ("zone", zone, i)
    found = draft.cache.get(key)
    if found is None:
        start = draft.starts[i]
        found = [(start + a, start + b) for a, b in (m.span() for m in zone_pattern(zone).finditer(draft.texts[i]))]
        draft.cache[key] = found
    return found


def touches(draft: Draft, i: int, start: int, end: int, zones) -> bool:
    """Whether the span [start, end) of block ``i`` overlaps one of ``zones``."""
    for zone in zones:
        for a, b in spans(draft, i, zone):
            if a < max(end, start + 1) and start < b:
                return True
    return False
