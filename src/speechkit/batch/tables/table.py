"""What every table reader gives: :class:`Table` (an opened table) and :class:`Row` (one row, a
mapping of column → value), plus the cell rules all formats share.

Row numbers are what a person looking at the table would call the row: for CSV and XLSX the
spreadsheet row (the header is row 1, the first data row is row 2); for YAML and JSON the item's
position in the list (the first item is row 1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ...errors import TableError

Scalar = str | int | float | bool | dt.date | None
RESERVED_COLUMNS = ("row", "row_number")  # the outline's names for the whole row and its number


@dataclass
class Row:
    number: int
    values: dict[str, Any]  # column → value; empty cells are "" (text) or None
    line: int | None = None  # source line, where the format has one that differs from the row
    problem: str | None = None  # a defect found while reading (too many fields…); the row is bad
    problem_column: str | None = None




@dataclass
class Table:
    """An opened table. ``columns`` is the header (CSV/XLSX) or, for YAML/JSON, filled by a first pass."""

    file: str
    format: str
    columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    sheet: str | None = None
    header_row: int = 1
    data: bytes | None = field(default=None, repr=False)  # the workbook converted from .xls/.et/.ods
    reader: Callable[[Table], Iterator[Row]] | None = field(default=None, repr=False, compare=False)

    def rows(self) -> Iterator[Row]:
        """A fresh pass over the data rows, skipping rows with no value at all."""
        if self.reader is None:
            raise TypeError("a Table from open_table() knows its format's reader")
        return self.reader(self)

    @property
    def has_header(self) -> bool:
        return self.format in ("csv", "xlsx")

    def error(self, message: str, **where) -> TableError:
        return TableError(message, file=self.file, **where)


def open_text(table: Table):
    return open(table.file, encoding=table.encoding, newline="")


def clean(value: Any) -> Any:
    """Normalise one cell: trimmed text, whole numbers as int, midnight datetimes as dates."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def check_columns(table: Table, names: list[Any]) -> list[str]:
    columns: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(names, start=1):
        name = "" if raw is None else str(clean(raw))
        if name in RESERVED_COLUMNS:
            raise table.error(f"列名「{name}」是保留名（提纲用它指代整行或行号）；请改名", row=table.header_row)
        if name and name in seen:
            raise table.error(f"列名「{name}」出现两次（第 {seen[name]} 列和第 {i} 列）；请改名", row=table.header_row)
        if name:
            seen[name] = i
        columns.append(name)
    return columns


def _cell(value: Any) -> tuple[Any, str | None]:
    """A YAML/JSON value as a cell: scalars, or a list of scalars (for loops in the outline)."""
    if isinstance(value, list):
        items = [clean(v) for v in value]
        if any(isinstance(v, list | dict) for v in items):
            return None, "单元格不能是嵌套的列表或映射"
        return items, None
    if isinstance(value, dict):
        return None, "单元格不能是映射；请填一个值，或一组值（列表）"
    return clean(value), None


_TYPE_NAMES = {bool: "布尔值", int: "整数", float: "小数", str: "文本", list: "列表", dict: "映射",
               dt.datetime: "日期时间", dt.date: "日期", dt.time: "时间", type(None): "空值"}


def type_name(value: Any) -> str:
    """What a person calls a value's type: 整数, 日期…, not Python's ``int``, ``date``."""
    for kind, name in _TYPE_NAMES.items():  # bool before int, datetime before date: the subclass first
        if isinstance(value, kind):
            return name
    return type(value).__name__


def mapping_row(table: Table, number: int, item: Any, line: int | None = None,
                 duplicate: str | None = None) -> Row:
    if not isinstance(item, dict):
        return Row(number, {}, line=line, problem=f"每行应为「列名: 值」的映射，这里是{type_name(item)}")
    row = Row(number, {}, line=line)
    duplicate = duplicate or getattr(item, "duplicate", None)
    if duplicate is not None:
        row.problem, row.problem_column = "本行中该列出现了两次；请删去一处", str(duplicate)
        return row
    for key, value in item.items():
        if not isinstance(key, str):
            row.problem, row.problem_column = f"列名须为文本，这里是{type_name(key)}；请给列名加引号", str(key)
            return row
        key = key.strip()
        if key in RESERVED_COLUMNS:
            row.problem = "该列名是保留名（提纲用它指代整行或行号）；请改名"
            row.problem_column = key
            return row
        cell, problem = _cell(value)
        if problem:
            row.problem, row.problem_column = problem, key
            return row
        row.values[key] = cell
    return row
