"""Text positions on PDF pages, from poppler's ``pdftotext -bbox-layout``.

Words are regrouped into visual lines by their vertical centres: a line that mixes faces (a 楷体
lead sentence followed by 仿宋 body text) gets boxes of different heights from the two fonts, and
pdftotext may put the pieces into different blocks.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

MM = 72 / 25.4  # points per millimetre
_XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def centre(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def centre(self) -> float:
        return sum(w.centre for w in self.words) / len(self.words)

    @property
    def height(self) -> float:
        return max(w.y1 - w.y0 for w in self.words)

    @property
    def text(self) -> str:
        return "".join(w.text for w in self.words)

    def width_in_chars(self) -> float:
        """Characters as the standard counts them: full-width 1, ASCII ½."""
        return sum(0.5 if ord(ch) < 0x80 else 1.0 for ch in self.text)

    def cells(self, char: float) -> int:
        """Character cells from the first word to the last, counting the blank cells pdftotext drops
        between words (an ideographic space in 刘　敏) as ``gap / char``."""
        count = sum(len(w.text) for w in self.words)
        for left, right in zip(self.words, self.words[1:], strict=False):
            count += round((right.x0 - left.x1) / char)
        return count


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line]


def read_pages(pdf: Path) -> list[Page]:
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout
    root = etree.fromstring(xhtml, etree.XMLParser(recover=True))
    pages = []
    for number, page in enumerate(root.iter(f"{_XHTML}page"), start=1):
        words = [
            Word(float(w.get("xMin")), float(w.get("yMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
            for w in page.iter(f"{_XHTML}word")
        ]
        pages.append(Page(number, float(page.get("width")), float(page.get("height")), _group(words)))
    return pages


def _group(words: list[Word], tolerance: float = 6.0) -> list[Line]:
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w.centre, w.x0)):
        if lines and abs(lines[-1].centre - word.centre) <= tolerance:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


@dataclass
class Raster:
    """One page as pixels (P6 from pdftoppm), to see what text boxes cannot: rules and dash strokes."""

    width: int
    height: int
    dpi: int
    pixels: bytes  # RGB

    def mm(self, px: float) -> float:
        return px * 25.4 / self.dpi

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def _row(self, y: int, x0: int, x1: int) -> bytes:
        start = 3 * (y * self.width)
        return self.pixels[start + 3 * x0 : start + 3 * x1]

    def ink_rows(self, x0_mm: float, x1_mm: float, y0_mm: float, y1_mm: float, *, red: bool = False) -> list[int]:
        """Rows (pixels) in the box holding ink: dark, or clearly red when ``red``."""
        x0, x1 = max(self.px(x0_mm), 0), min(self.px(x1_mm), self.width)
        rows = []
        for y in range(max(self.px(y0_mm), 0), min(self.px(y1_mm), self.height)):
            row = self._row(y, x0, x1)
            if red:
                pixels = zip(row[0::3], row[1::3], row[2::3], strict=True)
                inked = any(r > 180 and g < 90 and b < 90 for r, g, b in pixels)
            else:
                inked = min(row[0::3], default=255) < 100  # dark: even the red channel is low
            if inked:
                rows.append(y)
        return rows

    def rules(self, y0_mm: float, y1_mm: float, *, min_length_mm: float) -> list[tuple[float, float]]:
        """Dark horizontal rules in a band: (top, bottom) in mm of each run of rows holding a
        continuous dark stroke at least ``min_length_mm`` long."""
        need = self.px(min_length_mm)
        dark = bytes(1 if v < 100 else 0 for v in range(256))
        hits = []
        for y in range(max(self.px(y0_mm), 0), min(self.px(y1_mm), self.height)):
            mask = self._row(y, 0, self.width)[0::3].translate(dark)
            if max((len(run) for run in mask.split(b"\x00")), default=0) >= need:
                hits.append(y)
        groups: list[list[int]] = []
        for y in hits:
            if groups and y == groups[-1][-1] + 1:
                groups[-1].append(y)
            else:
                groups.append([y])
        return [(self.mm(g[0]), self.mm(g[-1] + 1)) for g in groups]


def rasterise(pdf: Path, page: int, dpi: int = 150) -> Raster:
    data = subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf)],
        check=True, capture_output=True, timeout=60,
    ).stdout
    # P6 header: magic, width, height, maxval, each separated by whitespace.
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos : pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end : end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    if fields[0] != b"P6":
        raise ValueError(f"pdftoppm gave {fields[0]!r}, not P6")
    width, height = int(fields[1]), int(fields[2])
    return Raster(width, height, dpi, data[pos + 1 : pos + 1 + 3 * width * height])


# The type area of GB/T 9704 §5.2.1, in points: left margin 28 mm, top 37 mm, 156 × 225 mm.
LEFT = 28 * MM
TOP = 37 * MM
RIGHT = (28 + 156) * MM
BOTTOM = (37 + 225) * MM
PITCH = 579 / 20  # 28.95 pt, the exact line pitch the writer sets: 22 lines fit in 225 mm
BODY_CHAR = 16 - 0.25  # 三号 with −0.25 pt character spacing


def body_lines(page: Page) -> list[Line]:
    """Lines in the type area (the page number lies below it)."""
    return [line for line in page.lines if line.y0 < BOTTOM]


def footer_lines(page: Page) -> list[Line]:
    return [line for line in page.lines if line.y0 >= BOTTOM]


def slot(line: Line) -> int:
    """Which of the page's line positions (0 = first) a line occupies."""
    return int((line.centre - TOP) // PITCH)


def is_body_size(line: Line) -> bool:
    # 三号 text gives word boxes about 1.3 em high with the fonts the renderer maps to.
    return 18.5 <= line.height <= 23
