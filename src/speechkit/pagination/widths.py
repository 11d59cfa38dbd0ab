"""Character advances and script classes, as LibreOffice 7.4 lays out speechkit's .docx.

Advances are in em (multiply by the font size). Han characters and full-width marks are 1 em. The
Latin advances are those of Noto Serif CJK SC Regular, the face LibreOffice uses for every Latin run
(``w:ascii="Times New Roman"`` is resolved by fontconfig to it: no Times-metric font is installed,
and the title's bold East Asian face does not make its Latin runs bold). fontTools is not installed
here, so the table was measured once from LibreOffice's PDF output: for each character, two
paragraphs of it repeated 5 and 15 times between Han characters, the difference of the line widths
from ``pdftotext -bbox`` over 10, plus the 0.25 pt of character spacing (see docs/pagination.md).
"""

from __future__ import annotations

import unicodedata

# Measured at 16 pt and 22 pt (both gave the same em values to 0.001).
LATIN_EM: dict[str, float] = {
    "0": 0.557, "1": 0.471, "2": 0.558, "3": 0.557, "4": 0.555, "5": 0.558, "6": 0.558, "7": 0.549,
    "8": 0.558, "9": 0.562,
    "a": 0.557, "b": 0.638, "c": 0.538, "d": 0.629, "e": 0.546, "f": 0.369, "g": 0.566, "h": 0.663,
    "i": 0.332, "j": 0.311, "k": 0.607, "l": 0.334, "m": 0.974, "n": 0.661, "o": 0.596, "p": 0.638,
    "q": 0.607, "r": 0.462, "s": 0.473, "t": 0.367, "u": 0.653, "v": 0.548, "w": 0.838, "x": 0.564,
    "y": 0.552, "z": 0.498,
    "A": 0.719, "B": 0.669, "C": 0.691, "D": 0.769, "E": 0.652, "F": 0.629, "G": 0.741, "H": 0.853,
    "I": 0.405, "J": 0.402, "K": 0.731, "L": 0.625, "M": 0.975, "N": 0.796, "O": 0.767, "P": 0.641,
    "Q": 0.767, "R": 0.715, "S": 0.567, "T": 0.659, "U": 0.797, "V": 0.714, "W": 1.053, "X": 0.700,
    "Y": 0.687, "Z": 0.605,
    "!": 0.308, '"': 0.376, "#": 0.574, "$": 0.550, "%": 0.923, "&": 0.779, "'": 0.196, "(": 0.364,
    ")": 0.364, "*": 0.478, "+": 0.580, ",": 0.327, "-": 0.346, ".": 0.327, "/": 0.352, ":": 0.327,
    ";": 0.327, "<": 0.580, "=": 0.580, ">": 0.580, "?": 0.432, "@": 0.912, "[": 0.344, "\\": 0.352,
    "]": 0.344, "^": 0.580, "_": 0.563, "`": 0.435, "{": 0.374, "|": 0.316, "}": 0.374, "~": 0.580,
    " ": 0.224, "·": 0.327,
}
DEFAULT_LATIN_EM = 0.56
# General Punctuation after Latin text takes the Latin font: Noto Serif CJK's “ ” ‘ ’ … are full
# width there too, its — is not (measured alone in a paragraph, and in "a“a“a").
WEAK_IN_LATIN_EM = {"—": 0.839, "–": 0.5}  # a Latin character not measured: about a digit

ASIAN, LATIN, WEAK = "asian", "latin", "weak"


def script(ch: str) -> str:
    """LibreOffice's script class of a character (i18npool's block table, simplified).

    Basic Latin and Latin-1 are Latin; CJK blocks, CJK symbols and full-width forms are Asian;
    General Punctuation (“ ” — …) and other symbols are weak: they take the script of the
    character before them (or after, at the start of a paragraph).
    """
    code = ord(ch)
    if code < 0x250 or 0x1E00 <= code < 0x1F00:
        return LATIN
    if 0x2000 <= code < 0x2C00:
        return WEAK
    if (0x2E80 <= code < 0xA000) or (0xAC00 <= code < 0xD7B0) or (0xF900 <= code < 0xFB00) or (
        0xFE30 <= code < 0xFE50) or (0xFF00 <= code < 0xFFF0) or code >= 0x20000:
        return ASIAN
    return LATIN if unicodedata.category(ch).startswith("L") else WEAK


def advance_em(ch: str, resolved: str) -> float:
    """Advance of ``ch`` in em, once its script is resolved (a weak character shown in the Asian font
    is full width: “ ” — … are 1 em in Noto CJK)."""
    if resolved == ASIAN:
        if ord(ch) < 0x250:  # Latin text taking an Asian font never happens: Latin is never weak
            return LATIN_EM.get(ch, DEFAULT_LATIN_EM)
        return 1.0
    if ord(ch) >= 0x2000:  # a weak mark after Latin text, in the Latin font (Noto Serif CJK's own)
        return WEAK_IN_LATIN_EM.get(ch, 1.0)
    return LATIN_EM.get(ch, DEFAULT_LATIN_EM)


def resolve_scripts(text: str) -> list[str]:
    """Script of each character after weak ones take their neighbour's."""
    raw = [script(ch) for ch in text]
    first = next((s for s in raw if s != WEAK), ASIAN)
    out, current = [], first
    for s in raw:
        if s != WEAK:
            current = s
        out.append(current)
    return out
