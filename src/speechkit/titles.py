"""Line breaks for long titles (GB/T 9704 §7.3.1): break between whole words, lines balanced.

A 2号 title holds 20 characters a line. Word would fill the first line and leave a stub such as
「改造提升」 alone on the second; the standard asks for a 梯形 or 菱形 shape instead. Breaks go
where the title already has a space, otherwise on a jieba word boundary, with line widths as even
as possible and the upper line no longer than the lower one when the choice is otherwise equal.
"""

from __future__ import annotations

import bisect
import marshal
import math
from functools import lru_cache
from pathlib import Path

from .errors import SpeechkitError
from .files import cache_dir, write_atomic
from .jiebadict import installation

TITLE_LINE_CHARS = 20  # 442.25 pt of type area / (22 pt − 0.25 pt spacing)
_SPACES = " \u3000"
_NO_LINE_START = "，。、；：？！）》」』”’…—"
_NO_LINE_END = "（《「『“‘"


def text_width(text: str) -> float:
    """Width in 三号 character cells as Word and LibreOffice set it: ASCII counts half, plus autospace."""
    # Word and LibreOffice put about a quarter character of space between Han and Latin or digits
    # (autoSpaceDE/DN), so 「2026年」 is wider than its characters; without it a title counted as exactly
    # 20 characters wraps and leaves one character alone on the next line.
    width = sum(0.5 if ord(ch) < 0x80 else 1.0 for ch in text)
    return width + 0.25 * sum((ord(a) < 0x80) != (ord(b) < 0x80) for a, b in zip(text, text[1:], strict=False))


def _word_boundaries(text: str) -> set[int]:
    ends = _KNOWN.get(text)
    if ends is None:
        # The same lazily loaded jieba as lint: only the dictionary entries for these characters are read.
        from .segment import Segmenter

        ends = tuple(end for _, end in Segmenter().spans(text))
        _KNOWN.add(text, ends)
    return set(ends)


class _KnownTitles:
    """jieba's word ends for titles seen before, kept in the cache folder.

    The same title comes back all the time (every row of a batch, every re-render of a draft being
    edited), and loading jieba for it is about 35 ms, a seventh of a one-document run. Entries are
    jieba's own output, tied to the installed jieba (:func:`.jiebadict.installation`); another one,
    or a damaged file, and jieba is asked again.
    """

    LIMIT = 512  # titles kept, the oldest dropped first

    def __init__(self) -> None:
        self.titles: dict[str, tuple[int, ...]] | None = None
        self.key: tuple | None = None

    def _load(self) -> dict[str, tuple[int, ...]]:
        if self.titles is None:
            self.titles = {}
            self.key = installation()
            try:
                key, titles = marshal.loads(_cache_file().read_bytes())
                if key == self.key and isinstance(titles, dict):
                    self.titles = titles
            except (OSError, EOFError, ValueError, TypeError):
                pass
        return self.titles

    def get(self, text: str) -> tuple[int, ...] | None:
        return self._load().get(text)

    def add(self, text: str, ends: tuple[int, ...]) -> None:
        titles = self._load()
        titles[text] = ends
        while len(titles) > self.LIMIT:
            del titles[next(iter(titles))]
        if self.key is None:
            return
        try:
            _cache_file().parent.mkdir(parents=True, exist_ok=True)
            write_atomic(_cache_file(), marshal.dumps((self.key, titles)), force=True)
        except (OSError, SpeechkitError):
            pass  # a cache: without it the next run asks jieba again


def _cache_file() -> Path:
    return cache_dir() / "title-words.bin"


_KNOWN = _KnownTitles()


MAX_BALANCED_CHARS = 400  # longer text (no outline title is: see outline.MAX_TITLE_CHARS) is split evenly


@lru_cache(maxsize=256)
def break_title(text: str, line_chars: int = TITLE_LINE_CHARS) -> tuple[str, ...]:
    """The title's lines; a break at a space keeps the space at the end of the upper line."""
    total = text_width(text)
    if total <= line_chars:
        return (text,)
    lines = math.ceil(total / line_chars)
    cuts: tuple[int, ...] = ()
    if len(text) <= MAX_BALANCED_CHARS:
        cuts = _balanced_cuts(text, line_chars, lines)
    if not cuts:  # no acceptable word break (or too long to weigh): fall back to an even split by characters
        per = math.ceil(len(text) / lines)
        cuts = tuple(range(per, len(text), per))
    bounds = (0, *cuts, len(text))
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:], strict=False))


def _balanced_cuts(text: str, line_chars: int, lines: int) -> tuple[int, ...]:
    """Where to break ``text`` into ``lines`` lines, or () when no word breaks will do.

    Cheapest way to set text[start:] in ``left`` lines: squared distance from even widths, a small
    premium on an upper line longer than the next (倒梯形 reads worse than 梯形). Filled in bottom-up,
    one line count at a time, so that neither the time nor the stack grows with the lines' product."""
    target = text_width(text) / lines
    spaced = {i + 1 for i, ch in enumerate(text) if ch in _SPACES}
    allowed = spaced or _word_boundaries(text)
    ends = sorted(
        i for i in allowed
        if 0 < i < len(text) and text[i] not in _NO_LINE_START and text[i - 1] not in _NO_LINE_END
    )
    starts = [0, *ends]

    def width(a: int, b: int) -> float:
        return text_width(text[a:b].rstrip(_SPACES))

    # best[start] for the current number of lines: (cost, cuts)
    best: dict[int, tuple[float, tuple[int, ...]]] = {}
    for start in starts:
        last = width(start, len(text))
        best[start] = ((last - target) ** 2 if last <= line_chars else math.inf), ()
    for _ in range(lines - 1):
        more: dict[int, tuple[float, tuple[int, ...]]] = {}
        for start in starts:
            result: tuple[float, tuple[int, ...]] = (math.inf, ())
            for end in ends[bisect.bisect_right(ends, start):]:
                first = width(start, end)
                if first > line_chars:
                    break
                rest_cost, rest = best[end]
                if math.isinf(rest_cost):
                    continue
                next_end = rest[0] if rest else len(text)
                premium = 0.25 if first > width(end, next_end) else 0.0
                cost = (first - target) ** 2 + premium + rest_cost
                if cost < result[0]:
                    result = (cost, (end, *rest))
            more[start] = result
        best = more
    cost, cuts = best[0]
    return () if math.isinf(cost) else cuts
