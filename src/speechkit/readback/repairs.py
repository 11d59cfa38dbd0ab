"""Paragraphs a web copy split or merged, put back the way they were written, each repair noted."""

from __future__ import annotations

import re

from ..blocks import SENTENCE_END
from ..frame import SPACES, date_line
from .model import Draft, Marker, Para, heading_like, marker, sentence_starts

# A paragraph ending in anything else was cut mid-sentence (a web copy's hard line break).
_COMPLETE_END = set(SENTENCE_END) | set("：；…—”’）」』》!?;:).．\"'")
_CUT_END = set("，,、（(“‘")  # nothing complete ends like this, not even a heading


def repaired(paras: list[Para], draft: Draft) -> list[Para]:
    """Merged paragraphs split, cut ones joined, then split again: a join can bring a run-on marker
    (…紧迫感（一）…) into one paragraph."""
    return split_merged(join_split(split_merged(paras, draft), draft), draft)


def split_merged(body: list[Para], draft: Draft) -> list[Para]:
    """Split paragraphs that hold the start of the next numbered one (two paragraphs a copy merged).

    Only the marker that comes next in sequence, after a sentence end, counts: （三） inside the
    paragraph of （二）, or 二、 at the end of point one. A heading may also swallow its （一）.
    """
    out: list[Para] = []
    queue = list(reversed(body))
    n1 = n2 = 0
    while queue:
        p = queue.pop()
        m = marker(p.text) if p.kind == "para" else None
        if m and m.level == 1:
            n1, n2 = m.number, 0
        elif m and m.level == 2:
            n2 = m.number
        cut = _merged_cut(p.text, m, n1, n2) if p.kind == "para" else None
        if cut is None:
            out.append(p)
            continue
        head, tail = p.text[:cut].rstrip(SPACES), p.text[cut:].lstrip(SPACES)
        draft.note(p.line, f"两段连在一起；已在「{tail[:4]}…」之前分开")
        out.append(Para(head, p.line, p.kind))
        queue.append(Para(tail, p.line))
    return out


def _merged_cut(text: str, m: Marker | None, n1: int, n2: int) -> int | None:
    start = len(m.text) if m else 0
    if m and m.level == 1:
        first_sub = re.search(r"[（(]\s*一\s*[)）]", text[start:])
        heading = text[start:][: first_sub.start()] if first_sub else ""
        if heading and not any(ch in SENTENCE_END for ch in heading):
            return start + len(heading)
    for pos in sentence_starts(text):
        if pos <= start:
            continue
        inner = marker(text[pos:])
        if inner is None:
            continue
        if inner.level == 1 and inner.number == n1 + 1 and "、" in inner.text:
            return pos
        if inner.level == 2 and n1 >= 1 and inner.number == n2 + 1:
            return pos
    return None


def join_split(body: list[Para], draft: Draft) -> list[Para]:
    """Join a paragraph cut mid-sentence (no closing punctuation) with the plain paragraph after it."""
    out: list[Para] = []
    for p in body:
        prev = out[-1] if out else None
        if (prev and prev.kind == "para" and p.kind == "para" and _breaks_off(prev) and marker(p.text) is None
                and not _bare_date(p.text)):
            out[-1] = Para(prev.text + p.text, prev.line, prev.kind)
            draft.note(p.line, f"第 {prev.line} 行的段落在句中断开；已接上")
        else:
            out.append(p)
    return out


def _bare_date(text: str) -> bool:
    found = date_line(text)
    return bool(found and not found[2])


def _breaks_off(p: Para) -> bool:
    # A heading legitimately ends without punctuation, but not with a comma.
    last = p.text[-1]
    return last in _CUT_END or (last not in _COMPLETE_END and not heading_like(p))
