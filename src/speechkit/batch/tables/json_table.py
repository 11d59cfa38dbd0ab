"""JSON tables: an array of objects, one per row, decoded one item at a time from a growing buffer."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .table import Row, Table, is_empty, mapping_row, open_text

TEXT = True
_CHUNK = 1024 * 1024  # the buffer grows by a quarter of this at a time


class _Object(dict):
    """A JSON object; ``duplicate`` names a key given twice (json would silently keep the last)."""

    duplicate: str | None = None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    out = _Object()
    for key, value in pairs:
        if key in out and out.duplicate is None:
            out.duplicate = key
        out[key] = value
    return out


_DECODER = json.JSONDecoder(object_pairs_hook=_no_duplicates)
_WS = re.compile(r"[ \t\r\n]*")
_MAX_ITEM = 16 * 1024 * 1024


class _JsonStream:
    """Items of a top-level JSON array, decoded one at a time from a growing buffer."""

    def __init__(self, table: Table, fh) -> None:
        self.table, self.fh = table, fh
        self.buffer, self.pos, self.eof = "", 0, False
        self.consumed_lines = 1

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(_CHUNK // 4)
        if not chunk:
            self.eof = True
            return False
        self.consumed_lines += self.buffer.count("\n", 0, self.pos)
        self.buffer = self.buffer[self.pos :] + chunk
        self.pos = 0
        return True

    def _skip_ws(self) -> None:
        while True:
            space = _WS.match(self.buffer, self.pos)  # matches always (it may match nothing)
            self.pos = space.end() if space else self.pos
            if self.pos < len(self.buffer) or not self._fill():
                return

    def _line(self) -> int:
        return self.consumed_lines + self.buffer.count("\n", 0, self.pos)

    def expect(self, char: str, what: str) -> None:
        self._skip_ws()
        if self.buffer[self.pos : self.pos + 1] != char:
            raise self.table.error(f"JSON: expected {what}", line=self._line())
        self.pos += 1

    def peek(self) -> str:
        self._skip_ws()
        return self.buffer[self.pos : self.pos + 1]

    def value(self) -> tuple[Any, int]:
        self._skip_ws()
        line = self._line()
        while True:
            try:
                item, end = _DECODER.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError as exc:
                # The item may just run past the buffer: read on (within reason) before judging.
                if len(self.buffer) - self.pos < _MAX_ITEM and self._fill():
                    continue
                raise self.table.error(f"JSON error: {exc.msg}", line=self._line_at(exc.pos)) from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end >= len(self.buffer) and self._fill():
                continue
            self.pos = end
            return item, line

    def _line_at(self, pos: int) -> int:
        return self.consumed_lines + self.buffer.count("\n", 0, pos)


def prepare(table: Table) -> None:
    """Check that the file is a non-empty array."""
    with open_text(table) as fh:
        stream = _JsonStream(table, fh)
        stream.expect("[", "a list of mappings ([{…}, …])")
        if stream.peek() == "]":
            raise table.error("the table has no rows")


def rows(table: Table) -> Iterator[Row]:
    with open_text(table) as fh:
        stream = _JsonStream(table, fh)
        stream.expect("[", "a list of mappings ([{…}, …])")
        if stream.peek() == "]":
            return
        number = 0
        while True:
            item, line = stream.value()
            number += 1
            row = mapping_row(table, number, item, line=line)
            if row.problem or not all(is_empty(v) for v in row.values.values()):
                yield row  # a row with no value at all is skipped, as in a spreadsheet
            nxt = stream.peek()
            if nxt == "]":
                stream.pos += 1
                if stream.peek():
                    raise table.error("JSON: text after the closing ]", line=stream._line())
                return
            stream.expect(",", ", or ] after a row")
