"""Line breaking of one paragraph, as LibreOffice does it for Chinese text.

A paragraph becomes a row of glyphs, each with its advance (font advance × size + character
spacing, × w:w). Between Asian and Latin text LibreOffice inserts a kerning portion (autospace,
``ParaIsCharacterDistance``, on by default for imported .docx). Lines are filled greedily; where the
line would end inside a Latin word or number, or where the next line would start with a mark that
may not begin a line (，。、）” …) or this line end with one that may not end it (（“《), the break
moves back (kinsoku). Punctuation never hangs into the margin (speechkit's w:overflowPunct 0, read
by LibreOffice after soffice.py's adjustment). Justification only spreads a line: it never changes
which characters are on it, and compression is off (w:characterSpacingControl doNotCompress).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .docx_model import Para
from .widths import ASIAN, LATIN, advance_em, resolve_scripts

# LibreOffice's zh-CN forbidden characters (i18npool/source/localedata/data/zh_CN.xml), plus the
# ASCII closers, which its ICU line rules keep off a line start too.
NOT_AT_START = set(
    "!%),.:;?]}¢°·'\"†‡›℃∶、。〃〆〕〗〞﹚﹜！＂％＇），．：；？］｝～"
    "’”〉》」』】…‥—–～·ˇˉ‖々ー"
)
NOT_AT_END = set("$(£¥·'\"〈《「『【〔〖〝﹙﹛＄（．［｛￡￥‘“([{")
# Autospace between Asian and Latin text: a fifth of the font size (LibreOffice's kerning portion,
# sw/source/core/text/itrform2.cxx, nLstHeight / 5), only where neither side is punctuation
# (measured: none next to ，。、：《》（）;
# "2.全面…" lines hold one character more without it). Measured in LibreOffice's PDF output:
# 3.45 pt per change at 16 pt, which is 3.2 pt plus the 0.25 pt of character spacing the last character before
# every script change loses (a
# change next to （ or ） adds just that 0.25 pt). docs/pagination.md.
AUTOSPACE_EM = 0.2


@dataclass
class Glyph:
    ch: str
    width: float  # twips, spacing included
    script: str
    size: float
    spacing: float = 0.0


def glyphs(para: Para) -> list[Glyph]:
    text = "".join(r.text for r in para.runs)
    scripts = resolve_scripts(text)
    out: list[Glyph] = []
    i = 0
    for run in para.runs:
        for ch in run.text:
            s = scripts[i]
            i += 1
            if ch == "\t":
                out.append(Glyph(ch, 0.0, s, run.size))
                continue
            width = (advance_em(ch, s) * run.size + run.spacing) * run.scale
            out.append(Glyph(ch, width, s, run.size, run.spacing * run.scale))
    return out


def _word_char(g: Glyph) -> bool:
    return g.script == LATIN and (g.ch.isalnum() or g.ch in "%.,:-_/'@&#+=") and g.ch != " "


def can_break(left: Glyph, right: Glyph) -> bool:
    """May a line end after ``left`` when ``right`` follows?"""
    if right.ch == " ":
        return False  # spaces stay at the end of the line they follow
    if left.ch == " ":
        return True
    if right.ch in NOT_AT_START or left.ch in NOT_AT_END:
        return False
    if left.ch == right.ch and left.ch in "—…":
        return False
    if _word_char(left) and _word_char(right):
        return False  # inside a Latin word or a number
    return True


def autospace(left: Glyph, right: Glyph) -> float:
    """Extra width between two glyphs where the script changes."""
    if {left.script, right.script} != {ASIAN, LATIN}:
        return 0.0
    extra = -left.spacing  # the character before a portion change keeps no character spacing
    if left.ch not in " \t" and right.ch not in " \t" and not any(
            unicodedata.category(g.ch).startswith("P") for g in (left, right)):
        extra += AUTOSPACE_EM * max(left.size, right.size)
    return extra


@dataclass
class Layout:
    lines: list[str]

    @property
    def count(self) -> int:
        return len(self.lines)


def _segments(items: list[Glyph]) -> list[list[Glyph]]:
    """The paragraph cut at hard line breaks."""
    out: list[list[Glyph]] = [[]]
    for g in items:
        if g.ch == "\n":
            out.append([])
        else:
            out[-1].append(g)
    return out


def _tab_width(x: float, para: Para, avail: float) -> float:
    # Tabs in speechkit's output are right-aligned stops at the line end (版记): the rest of the line
    # goes to the right edge. A default stop elsewhere: the next multiple of 420 twips.
    if para.style == "SKImprint":
        return 0.0
    return 420 - (x % 420) if x % 420 else 420


def break_lines(para: Para, width: float) -> Layout:
    """The lines of ``para`` in a column ``width`` twips wide."""
    lines: list[str] = []
    first = True
    for segment in _segments(glyphs(para)):
        start = 0
        if not segment:
            lines.append("")
            first = False
            continue
        while start < len(segment):
            indent = para.left + (para.first if first else 0.0)
            avail = width - indent - para.right
            end = _fit(segment, start, avail, para)
            lines.append("".join(g.ch for g in segment[start:end]))
            start = end
            first = False
    return Layout(lines)


def _fit(segment: list[Glyph], start: int, avail: float, para: Para) -> int:
    """End (exclusive) of the line starting at ``start``."""
    x = 0.0
    i = start
    while i < len(segment):
        g = segment[i]
        w = _tab_width(x, para, avail) if g.ch == "\t" else g.width
        if i > start:
            w += autospace(segment[i - 1], g)
        # The line's last glyph is measured without the (negative) character spacing: lines that
        # fit only by those 5 twips wrap in LibreOffice (docs/pagination.md).
        if g.ch != " " and x + w - g.spacing > avail + 0.01 and i > start:
            break
        x += w
        i += 1
    if i >= len(segment):
        return i
    # Back up to an allowed break; a line with none breaks where it is full.
    j = i
    while j > start + 1 and not can_break(segment[j - 1], segment[j]):
        j -= 1
    return j if j > start + 1 or can_break(segment[start], segment[start + 1]) else i


def line_count(para: Para, width: float) -> int:
    return break_lines(para, width).count
