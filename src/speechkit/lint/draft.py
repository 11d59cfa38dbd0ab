"""A draft prepared for the rules: one simplified-script text, with the way back to every block.

The blocks' texts are converted to simplified script (same length, so offsets carry over) and
joined with ``\\n``, which no term contains and jieba always splits on. Rules search that one
string; :meth:`Draft.finding` turns an offset in it back into a block, a line and a column of the
original file, and reports the original (possibly traditional) text as the match.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..blocks import Document
from ..segment import Boundaries, LocalBoundaries, Segmenter, WholeTextBoundaries
from .findings import Finding, Fix
from .simplify import to_simplified, to_traditional

SENTENCE_ENDS = frozenset("。！？；!?;\n")


@dataclass
class Draft:
    path: str
    document: Document
    indices: list[int]  # position in document.blocks of each block we lint
    originals: list[str]  # block texts as read
    texts: list[str]  # simplified, with suppression comments blanked out
    joined: str
    starts: list[int]  # offset of each block's text in ``joined``
    boundaries: Boundaries
    cache: dict = field(default_factory=dict)  # per-draft memo for engines (book-title spans…)

    @classmethod
    def build(
        cls,
        path: str,
        document: Document,
        segmenter: Segmenter,
        *,
        skip: frozenset[int] = frozenset(),
        blank: dict[int, list[tuple[int, int]]] | None = None,
        whole_text: bool = False,
        cache: dict | None = None,
    ) -> Draft:
        indices, originals, texts, starts = [], [], [], []
        pos = 0
        for index, block in enumerate(document.blocks):
            if not block.text or index in skip:
                continue
            text = block.text
            for a, b in (blank or {}).get(index, ()):
                text = text[:a] + " " * (b - a) + text[b:]
            indices.append(index)
            originals.append(block.text)
            texts.append(to_simplified(text))
            starts.append(pos)
            pos += len(text) + 1
        joined = "\n".join(texts)
        boundaries = (
            WholeTextBoundaries(joined, segmenter) if whole_text else LocalBoundaries(joined, segmenter, cache)
        )
        return cls(path, document, indices, originals, texts, joined, starts, boundaries)

    # ------------------------------------------------------------------------------------------
    # Positions.

    def locate(self, pos: int) -> tuple[int, int]:
        """(i, offset): the ``i``-th linted block, and the offset of ``pos`` in its text."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return i, pos - self.starts[i]

    def original(self, start: int, end: int) -> str:
        """The text as read (traditional script stays traditional) for a span of ``joined``."""
        i, offset = self.locate(start)
        return self.originals[i][offset : offset + end - start]

    def line_of(self, pos: int) -> int:
        i, _ = self.locate(pos)
        line = self.document.blocks[self.indices[i]].line
        return line if line is not None else self.indices[i] + 1

    def block_range(self, i: int) -> tuple[int, int]:
        return self.starts[i], self.starts[i] + len(self.texts[i])

    def sentence(self, pos: int, end: int | None = None) -> tuple[int, int]:
        """The sentence around ``pos`` (to ``end``), without its final mark: bounded by 。！？； or the block."""
        text = self.joined
        a = pos
        while a > 0 and text[a - 1] not in SENTENCE_ENDS:
            a -= 1
        b = pos if end is None else end
        while b < len(text) and text[b] not in SENTENCE_ENDS:
            b += 1
        return a, b

    def book_titles(self, i: int) -> list[tuple[int, int]]:
        """Spans (in ``joined``) of the 《…》 titles in block ``i``, outermost ones, marks included."""
        key = ("titles", i)
        spans = self.cache.get(key)
        if spans is None:
            spans, depth, opened = [], 0, 0
            start = self.starts[i]
            text = self.texts[i]
            for k, ch in enumerate(text if "《" in text else ""):
                if ch == "《":
                    if depth == 0:
                        opened = k
                    depth += 1
                elif ch == "》" and depth:
                    depth -= 1
                    if depth == 0:
                        spans.append((start + opened, start + k + 1))
            if depth:  # an unclosed title runs to the end of the paragraph
                spans.append((start + opened, start + len(text)))
            self.cache[key] = spans
        return spans

    def in_book_title(self, start: int, end: int) -> bool:
        i, _ = self.locate(start)
        return any(a < start and end < b for a, b in self.book_titles(i))

    # ------------------------------------------------------------------------------------------
    # Findings.

    def traditional(self) -> bool:
        """Whether the draft is written in traditional script (as the script rules judge it)."""
        from .engines.script import analyse

        analysis = analyse(self)
        return analysis is not None and analysis.traditional_document

    def finding(
        self,
        rule,
        start: int,
        end: int,
        message: str,
        replacement: str | None = None,
        safe: bool = False,
        as_is: bool = False,
    ) -> Finding:
        """``as_is``: the replacement is already written for the original text (its script kept), so it is
        not converted back to traditional script."""
        i, offset = self.locate(start)
        length = end - start
        block = self.document.blocks[self.indices[i]]
        original = self.originals[i][offset : offset + length]
        fix = None
        if replacement is not None:
            # Written back in traditional script only in a traditional draft: in a simplified one, Z101 would
            # flag the traditional fix in turn, and --fix would need a second round for what lint reported.
            if not as_is and original != self.texts[i][offset : offset + length] and self.traditional():
                replacement = to_traditional(replacement)
            fix = Fix(replacement, safe)
        line = self.line_of(start)
        column = block.col + offset + 1
        return Finding(
            path=self.path,
            line=line,
            column=column,
            end_line=line,
            end_column=column + length,
            code=rule.code,
            name=rule.name,
            severity=rule.severity,
            message=message,
            match=original,
            fix=fix,
            block=self.indices[i],
            start=offset,
            end=offset + length,
        )
