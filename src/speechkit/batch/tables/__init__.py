"""Batch tables: CSV, XLSX (and .xls/.et/.ods through LibreOffice), YAML or JSON → a stream of rows,
each a mapping of column → value.

Rows are read lazily, one at a time, so a ten-thousand-row table costs no more memory than a
short one, and :meth:`Table.rows` can be called again for a second pass (the batch run reads the
table once to check file names, then once to build). One module per format, each with
``prepare(table)`` (check the file, read the header) and ``rows(table)``; text formats are first
given their encoding by :mod:`.text`. The modules are named ``csv_table`` and so on, not ``csv``:
inside them ``import csv`` is the standard library's, and a reader never has to wonder which.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ...errors import TableError
from ...soffice import LEGACY_TABLES, convert_legacy
from .table import Row, Scalar, Table, is_empty
from .text import detect_encoding

__all__ = ["FORMATS", "Row", "Scalar", "Table", "is_empty", "open_table", "table_format"]

# A run reads one format: only its module is imported.
_READERS = {"csv": "csv_table", "xlsx": "xlsx_table", "yaml": "yaml_table", "json": "json_table"}
FORMATS = tuple(_READERS)
_SUFFIX_FORMAT = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def table_format(path: str, explicit: str | None = None) -> str:
    if explicit:
        if explicit not in _READERS:
            raise TableError(f"未知的表格格式「{explicit}」（可用：{'、'.join(FORMATS)}）", file=path)
        return explicit
    suffix = Path(path).suffix.lower()
    if suffix in LEGACY_TABLES:
        return "xlsx"  # read once LibreOffice has converted it
    if suffix not in _SUFFIX_FORMAT:
        raise TableError("无法从文件名判断表格格式；请使用 .csv、.xlsx、.yaml 或 .json 文件", file=path)
    return _SUFFIX_FORMAT[suffix]


def open_table(path: str | Path, *, sheet: str | None = None, fmt: str | None = None) -> Table:
    """Open and check a table: readable, in a known encoding, with a usable header."""
    path = str(path)
    fmt = table_format(path, fmt)
    p = Path(path)
    if not p.exists():
        raise TableError("文件不存在；请检查路径", file=path)
    if p.is_dir():
        raise TableError("是文件夹，不是表格文件", file=path)
    if sheet and fmt != "xlsx":
        raise TableError("--sheet 只适用于 .xlsx 表格", file=path)
    reader = importlib.import_module(f".{_READERS[fmt]}", __name__)
    table = Table(path, fmt, sheet=sheet, reader=reader.rows)
    if p.suffix.lower() in LEGACY_TABLES:  # .xls, .et, .ods: LibreOffice converts it to .xlsx, held in memory
        table.data = convert_legacy(path, p.read_bytes(), TableError)
    if reader.TEXT:
        table.encoding = detect_encoding(path)
    reader.prepare(table)
    return table
