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


def check_columns(table: Table, names: list[Any], *, where: str) -> list[str]:
    columns: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(names, start=1):
        name = "" if raw is None else str(clean(raw))
        if name in RESERVED_COLUMNS:
            raise table.error(f"column name {name!r} is reserved (the outline uses it for the whole row); rename it",
                              row=table.header_row)
        if name and name in seen:
            raise table.error(f"column {name!r} appears twice ({where} {seen[name]} and {i})",
                              row=table.header_row)
        if name:
            seen[name] = i
        columns.append(name)
    return columns


def _cell(value: Any) -> tuple[Any, str | None]:
    """A YAML/JSON value as a cell: scalars, or a list of scalars (for loops in the outline)."""
    if isinstance(value, list):
        items = [clean(v) for v in value]
        if any(isinstance(v, list | dict) for v in items):
            return None, "a list of lists or mappings cannot be a table cell"
        return items, None
    if isinstance(value, dict):
        return None, "a mapping cannot be a table cell (one value, or a list of values)"
    return clean(value), None


def mapping_row(table: Table, number: int, item: Any, line: int | None = None,
                 duplicate: str | None = None) -> Row:
    if not isinstance(item, dict):
        return Row(number, {}, line=line, problem=f"expected a mapping of column: value, found {type(item).__name__}")
    row = Row(number, {}, line=line)
    duplicate = duplicate or getattr(item, "duplicate", None)
    if duplicate is not None:
        row.problem, row.problem_column = "the column is given twice in this row", str(duplicate)
        return row
    for key, value in item.items():
        if not isinstance(key, str):
            row.problem, row.problem_column = f"column names must be text, found {key!r}", str(key)
            return row
        key = key.strip()
        if key in RESERVED_COLUMNS:
            row.problem = "this column name is reserved (the outline uses it for the whole row)"
            row.problem_column = key
            return row
        cell, problem = _cell(value)
        if problem:
            row.problem, row.problem_column = problem, key
            return row
        row.values[key] = cell
    return row
