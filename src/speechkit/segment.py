"""jieba word boundaries, loaded only when a candidate needs confirming.

A term found by the multi-pattern search counts only where both of its ends fall on jieba token
boundaries, so 方程式 does not trip 程式 and 电网路径 does not trip 网路. Loading jieba costs most of
a second, so nothing here touches it until the first question is asked; a clean draft never pays.

The dictionary itself arrives lazily too (jiebadict.py): after the first run on a machine, only
the entries starting with the characters of the runs being cut are read.

jieba cuts a text into *runs* of ``[一-鿕a-zA-Z0-9+#&._%-]`` and segments each run on its own, so
segmenting only the run around a candidate gives exactly the tokens that segmenting the whole text
would. :class:`LocalBoundaries` relies on that; :class:`WholeTextBoundaries` segments everything and
exists so tests and the benchmark can check that the two agree.
"""

from __future__ import annotations

import bisect
import logging
import re
import threading
from pathlib import Path
from typing import Any

# jieba.re_han_default, copied so that finding runs does not import jieba; checked on load.
RUN_PATTERN = "([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)"
_RUN_CHARS = frozenset("+#&._%-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
HMM = True  # jieba's default for cut/lcut
_TOKENIZERS: dict[tuple, object] = {}
_LOCK = threading.Lock()


def _import_jieba():
    """``import jieba`` without pkg_resources.

    jieba locates its data files through pkg_resources when it can (83 ms to import, and a deprecation
    warning on current setuptools) and opens them by path otherwise; the path is all we need.
    """
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes ``import pkg_resources`` fail inside jieba._compat
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


_RUN = re.compile(RUN_PATTERN[1:-1])
# Up to the last character that is not part of a run (the text before a run's start).
_BEFORE_RUN = re.compile("[\\s\\S]*[^" + RUN_PATTERN[2:-3] + "]")


def run_bounds(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the run of jieba-segmented characters holding ``text[pos]`` (a run character):
    regular expressions rather than a loop over characters, as every finding asks once or twice."""
    run = _RUN.match(text, pos)
    if run is None:
        raise ValueError(f"text[{pos}] is not a run character")
    end = run.end()
    window = 64
    while True:
        lo = max(0, pos - window)
        m = _BEFORE_RUN.match(text, lo, pos)
        if m:
            return m.end(), end
        if lo == 0:
            return 0, end
        window *= 4


def is_run_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fd5" or ch in _RUN_CHARS


class Segmenter:
    """A private jieba tokenizer with speechkit's user dictionary and the user's extra words."""

    def __init__(self, userdict: Path | None = None, words: dict[str, int] | None = None) -> None:
        self.userdict = userdict
        self.words = dict(words or {})
        self._tokenizer: Any = None  # a jieba.Tokenizer, loaded on first use

    @property
    def loaded(self) -> bool:
        return self._tokenizer is not None

    def tokenizer(self):
        if self._tokenizer is None:
            with _LOCK:
                if self._tokenizer is None:
                    # One tokenizer per vocabulary per process: a second lint() call costs nothing.
                    key = (str(self.userdict), tuple(sorted(self.words.items())))
                    if key not in _TOKENIZERS:
                        _TOKENIZERS[key] = self._load()
                    self._tokenizer = _TOKENIZERS[key]
        return self._tokenizer

    def _load(self):
        jieba = _import_jieba()

        from .jiebadict import LazyTokenizer

        jieba.setLogLevel(logging.WARNING)  # jieba announces its dictionary on stderr otherwise
        if jieba.re_han_default.pattern != RUN_PATTERN:
            raise RuntimeError("this jieba cuts runs differently; update segment.RUN_PATTERN")
        tokenizer = LazyTokenizer(jieba)
        if self.userdict is not None:
            for word, freq, tag in read_userdict(self.userdict):
                tokenizer.add_word(word, freq, tag)
        for word, freq in self.words.items():
            if not tokenizer.knows(word):
                tokenizer.add_word(word, freq)
        return tokenizer

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every jieba token of ``text``."""
        out, pos = [], 0
        for token in self.tokenizer().cut(text, HMM):
            out.append((pos, pos + len(token)))
            pos += len(token)
        return out


def read_userdict(path: Path) -> list[tuple[str, int, str | None]]:
    """``word freq [tag]`` per line; ``#`` starts a comment. Frequencies are explicit (cheaper, predictable)."""
    from .errors import RuleError

    entries = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) not in (2, 3) or not parts[1].isdigit():
            raise RuleError(f"每行应写作「词语 词频 [词性]」（词频为整数），实际是「{raw.strip()}」", file=str(path),
                            line=number)
        entries.append((parts[0], int(parts[1]), parts[2] if len(parts) == 3 else None))
    return entries


class Boundaries:
    """Answers: does a jieba token start at this position of the document text?"""

    def __init__(self, text: str, segmenter: Segmenter) -> None:
        self.text = text
        self.segmenter = segmenter

    def token_span(self, pos: int) -> tuple[int, int]:
        raise NotImplementedError

    def at(self, pos: int) -> bool:
        if pos <= 0 or pos >= len(self.text):
            return True
        if not (is_run_char(self.text[pos - 1]) and is_run_char(self.text[pos])):
            return True
        return self.token_span(pos)[0] == pos


class LocalBoundaries(Boundaries):
    """Segments only the run around a position, once per distinct run text."""

    def __init__(self, text: str, segmenter: Segmenter, cache: dict | None = None) -> None:
        super().__init__(text, segmenter)
        self.cache = {} if cache is None else cache
        self.runs_segmented = 0

    def token_span(self, pos: int) -> tuple[int, int]:
        text = self.text
        if not is_run_char(text[pos]):
            return pos, pos + 1
        start, end = run_bounds(text, pos)
        run = text[start:end]
        spans = self.cache.get(run)
        if spans is None:
            spans = self.segmenter.spans(run)
            self.cache[run] = spans
            self.runs_segmented += 1
        offset = pos - start
        i = bisect.bisect_right(spans, (offset, len(run) + 1)) - 1
        a, b = spans[i]
        return start + a, start + b


class WholeTextBoundaries(Boundaries):
    """Segments the whole text up front: the reference the local method must agree with."""

    def __init__(self, text: str, segmenter: Segmenter) -> None:
        super().__init__(text, segmenter)
        self._starts: list[int] = []
        self._ends: list[int] = []
        for a, b in segmenter.spans(text):
            self._starts.append(a)
            self._ends.append(b)

    def token_span(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, pos) - 1
        return self._starts[i], self._ends[i]

