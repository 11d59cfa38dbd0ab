"""CSV (and tab-separated) tables: the first row names the columns."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from .table import Row, Table, check_columns, open_text

TEXT = True  # read as text, in the encoding found for the whole file


def _dialect(table: Table, first_line: str) -> str:
    if Path(table.file).suffix.lower() == ".tsv":
        return "\t"
    return "\t" if "\t" in first_line and "," not in first_line else ","


def _reader(table: Table, fh):
    first = fh.readline()
    fh.seek(0)  # the codec skips a BOM again after the seek
    return csv.reader(fh, delimiter=_dialect(table, first), strict=False)


_CSV_MESSAGES = (
    (re.compile(r"field larger than field limit \((\d+)\)"), "单元格过长（超过 {0} 个字符）；请缩短"),
    (re.compile(r"line contains NUL"), "含空字符（NUL）；请用 Excel 或 WPS 重新另存为 CSV"),  # Python 3.10
)


def _csv_message(exc: csv.Error) -> str:
    """The csv module's message in Chinese (its usual ones; any other as it stands)."""
    text = str(exc)
    for pattern, message in _CSV_MESSAGES:
        if m := pattern.fullmatch(text):
            return "CSV 格式错误：" + message.format(*m.groups())
    return f"CSV 格式错误：{text}"


def prepare(table: Table) -> None:
    """Read and check the header."""
    with open_text(table) as fh:
        reader = _reader(table, fh)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise table.error(_csv_message(exc), row=1) from None
    if not header or not any(cell.strip() for cell in header):
        raise table.error("表格为空；第一行须写明各列名称", row=1)
    table.columns = check_columns(table, header)


def rows(table: Table) -> Iterator[Row]:
    width = len(table.columns)
    with open_text(table) as fh:
        reader = _reader(table, fh)
        number = 0
        while True:
            number += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Row(number, {}, problem=_csv_message(exc))
                continue
            if number == 1:
                continue  # the header
            if not any(cell.strip() for cell in record):
                continue
            values = {name: cell.strip() for name, cell in zip(table.columns, record, strict=False) if name}
            row = Row(number, values)
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                row.problem = f"本行有 {len(record)} 个字段，表头只有 {width} 个（值中是否有未加引号的逗号？）"
            yield row
