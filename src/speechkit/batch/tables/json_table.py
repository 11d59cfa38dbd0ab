"""JSON tables: an array of objects, one per row, decoded one item at a time from a growing buffer."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ...errors import TableError
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
# json's messages (the C decoder's and the pure-Python one's), by how they start; each follows "第 N 个字符处".
_JSON_MESSAGES = (
    ("Expecting value", "应为一个值"),
    ("Expecting ',' delimiter", "缺少逗号（,）"),
    ("Expecting ':' delimiter", "缺少冒号（:）"),
    ("Expecting property name enclosed in double quotes", "应为用英文双引号括起的列名"),
    ("Unterminated string starting at", "开始的文本缺少结尾的英文双引号"),
    ("Invalid control character", "的文本中有控制字符（如未转义的换行）"),
    ("Invalid \\uXXXX escape", "的 \\uXXXX 转义无效"),
    ("Invalid \\escape", "的 \\ 转义无效"),
    ("Illegal trailing comma before end of object", "多了一个逗号（映射的最后一项之后不能有逗号）"),
    ("Illegal trailing comma before end of array", "多了一个逗号（列表的最后一项之后不能有逗号）"),
)


def _json_message(message: str) -> str:
    return next((chinese for english, chinese in _JSON_MESSAGES if message.startswith(english)),
                f"出错（{message}）")


class _JsonStream:
    """Items of a top-level JSON array, decoded one at a time from a growing buffer."""

    def __init__(self, table: Table, fh) -> None:
        self.table, self.fh = table, fh
        self.buffer, self.pos, self.eof = "", 0, False
        self.consumed_lines = 1
        self.start_column = 0  # buffer[0]'s place in its line, counted from 0

    def _fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(_CHUNK // 4)
        if not chunk:
            self.eof = True
            return False
        self.consumed_lines += self.buffer.count("\n", 0, self.pos)
        newline = self.buffer.rfind("\n", 0, self.pos)
        self.start_column = self.pos - newline - 1 if newline >= 0 else self.start_column + self.pos
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

    def _column(self, pos: int) -> int:
        """The character ``buffer[pos]`` is in its line, counted from 1."""
        newline = self.buffer.rfind("\n", 0, pos)
        return pos - newline if newline >= 0 else self.start_column + pos + 1

    def error(self, pos: int, message: str) -> TableError:
        return self.table.error(f"JSON 格式错误：第 {self._column(pos)} 个字符处{message}", line=self._line_at(pos))

    def expect(self, char: str, what: str) -> None:
        self._skip_ws()
        if self.buffer[self.pos : self.pos + 1] != char:
            raise self.error(self.pos, what)
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
                raise self.error(exc.pos, _json_message(exc.msg)) from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end >= len(self.buffer) and self._fill():
                continue
            self.pos = end
            return item, line

    def _line_at(self, pos: int) -> int:
        return self.consumed_lines + self.buffer.count("\n", 0, pos)


_LIST = "应为 [（表格是由映射组成的列表：[{…}, …]）"


def prepare(table: Table) -> None:
    """Check that the file is a non-empty array."""
    with open_text(table) as fh:
        stream = _JsonStream(table, fh)
        stream.expect("[", _LIST)
        if stream.peek() == "]":
            raise table.error("表格没有数据行")


def rows(table: Table) -> Iterator[Row]:
    with open_text(table) as fh:
        stream = _JsonStream(table, fh)
        stream.expect("[", _LIST)
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
                    raise stream.error(stream.pos, "多出了内容（列表结尾的 ] 之后不应再有内容）")
                return
            stream.expect(",", "应为逗号（,）或 ]（两行之间用逗号隔开，列表以 ] 结束）")
