"""Batch tables: CSV, XLSX, YAML or JSON → a stream of rows, each a mapping of column → value.

Rows are read lazily, one at a time, so a ten-thousand-row table costs no more memory than a
short one, and :meth:`Table.rows` can be called again for a second pass (the batch run reads the
table once to check file names, then once to build).

Text tables (CSV, YAML, JSON) may be UTF-8 with or without a BOM, UTF-16 with a BOM, or GB18030 as
Excel and WPS save them on Chinese Windows. The whole file is checked before the first row is
handed out, so a table is never half read and then found to be in another encoding; text that
only decodes as GB18030 by accident (Shift-JIS, for instance) is refused rather than turned into
plausible-looking nonsense.

Row numbers are what a person looking at the table would call the row: for CSV and XLSX the
spreadsheet row (the header is row 1, the first data row is row 2); for YAML and JSON the item's
position in the list (the first item is row 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..drafts import decode_text
from ..errors import DocumentError, TableError

FORMATS = ("csv", "xlsx", "yaml", "json")
_SUFFIX_FORMAT = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx",
                  ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
_SAMPLE = 256 * 1024
_CHUNK = 1024 * 1024
# Share of Han characters that must lie in GB2312 for a file to count as GB18030 text. Real
# Chinese tables sit near 100 % (a rare character in a name here and there); Shift-JIS or other
# double-byte text decoded as GB18030 lands far below.
_GB2312_SHARE = 0.8
_HAN = re.compile("[\u4e00-\u9fff]")

Scalar = str | int | float | bool | dt.date | None


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

    def rows(self) -> Iterator[Row]:
        """A fresh pass over the data rows, skipping rows with no value at all."""
        if self.format == "csv":
            return _csv_rows(self)
        if self.format == "xlsx":
            return _xlsx_rows(self)
        if self.format == "yaml":
            return _yaml_rows(self)
        return _json_rows(self)

    @property
    def has_header(self) -> bool:
        return self.format in ("csv", "xlsx")

    def error(self, message: str, **where) -> TableError:
        return TableError(message, file=self.file, **where)


def table_format(path: str, explicit: str | None = None) -> str:
    if explicit:
        return explicit
    suffix = Path(path).suffix.lower()
    if suffix == ".xls":
        raise TableError("old binary .xls is not supported; save the sheet as .xlsx or CSV", file=path)
    if suffix not in _SUFFIX_FORMAT:
        raise TableError("cannot tell the table format from the name (use .csv, .xlsx, .yaml or .json)", file=path)
    return _SUFFIX_FORMAT[suffix]


def open_table(path: str | Path, *, sheet: str | None = None, fmt: str | None = None) -> Table:
    """Open and check a table: readable, in a known encoding, with a usable header."""
    path = str(path)
    fmt = table_format(path, fmt)
    p = Path(path)
    if not p.exists():
        raise TableError("no such file", file=path)
    if p.is_dir():
        raise TableError("is a folder, not a table", file=path)
    if sheet and fmt != "xlsx":
        raise TableError("--sheet applies to .xlsx tables only", file=path)
    table = Table(path, fmt, sheet=sheet)
    if fmt == "xlsx":
        table.columns = _xlsx_header(table)
    else:
        table.encoding = detect_encoding(path)
        if fmt == "csv":
            table.columns = _csv_header(table)
        elif fmt == "yaml":
            _yaml_check_top(table)
        else:
            _json_check_top(table)
    return table


# ---------------------------------------------------------------------------------------------
# Encodings.


def detect_encoding(path: str) -> str:
    """The encoding of a text table, after checking that every byte of it decodes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SAMPLE)
    except OSError as exc:
        raise TableError(f"cannot read: {exc.strerror}", file=path) from None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # a BOM says it all (and a newline byte could split a UTF-16 unit)
    else:
        if len(head) == _SAMPLE and b"\n" in head:
            head = head[: head.rindex(b"\n") + 1]  # never cut a character in two
        try:
            _, encoding = decode_text(head, path)
        except DocumentError as exc:
            raise TableError(exc.message, file=path) from None
    if encoding == "utf-8":
        bad = _first_invalid(path, "utf-8")
        if bad is None:
            return "utf-8"
        if not head.isascii():
            raise _encoding_error(path, "utf-8", bad)
        # An ASCII start says nothing; judge by the text around the first non-UTF-8 byte.
        encoding = _judge_around(path, bad[0])
    bad = _first_invalid(path, encoding)
    if bad is not None:
        raise _encoding_error(path, encoding, bad)
    if encoding == "gb18030":
        _check_gb_text(path)
    return encoding


def _first_invalid(path: str, encoding: str) -> tuple[int, int] | None:
    """(byte offset, line) of the first undecodable byte, or None when the whole file decodes."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset, lines = 0, 1
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(_CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                start = max(0, min(exc.start, len(chunk)))
                return offset + start, lines + chunk[:start].count(b"\n")
            if not chunk:
                return None
            offset += len(chunk)
            lines += chunk.count(b"\n")


def _judge_around(path: str, offset: int) -> str:
    with open(path, "rb") as fh:
        fh.seek(max(0, offset - _SAMPLE // 2))
        data = fh.read(_SAMPLE)
    start = data.find(b"\n") + 1 if offset > _SAMPLE // 2 else 0
    end = data.rfind(b"\n") + 1 or len(data)
    try:
        _, encoding = decode_text(data[start:end], path)
    except DocumentError as exc:
        raise TableError(exc.message, file=path, line=exc.line) from None
    return encoding


def _encoding_error(path: str, encoding: str, bad: tuple[int, int]) -> TableError:
    name = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "gb18030": "GB18030"}.get(encoding, encoding)
    return TableError(f"not valid {name} text at byte {bad[0]}; save the table as UTF-8 or GB18030 "
                      "(mixed encodings cannot be read)", file=path, line=bad[1])


def _check_gb_text(path: str) -> None:
    han = in_gb2312 = 0
    with open(path, encoding="gb18030") as fh:
        while chunk := fh.read(_CHUNK):
            for ch in _HAN.findall(chunk):
                han += 1
                try:
                    ch.encode("gb2312")
                    in_gb2312 += 1
                except UnicodeEncodeError:
                    pass
    if han and in_gb2312 < _GB2312_SHARE * han:
        raise TableError("unknown text encoding (not UTF-8, and as GB18030 it reads as nonsense); "
                         "save the table as UTF-8", file=path)


def _open_text(table: Table):
    return open(table.file, encoding=table.encoding, newline="")


# ---------------------------------------------------------------------------------------------
# Values.

_RESERVED_COLUMNS = ("row", "row_number")


def _clean(value: Any) -> Any:
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


def _check_columns(table: Table, names: list[Any], *, where: str) -> list[str]:
    columns: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(names, start=1):
        name = "" if raw is None else str(_clean(raw))
        if name in _RESERVED_COLUMNS:
            raise table.error(f"column name {name!r} is reserved (the outline uses it for the whole row); rename it",
                              row=table.header_row)
        if name and name in seen:
            raise table.error(f"column {name!r} appears twice ({where} {seen[name]} and {i})",
                              row=table.header_row)
        if name:
            seen[name] = i
        columns.append(name)
    return columns


# ---------------------------------------------------------------------------------------------
# CSV.


def _dialect(table: Table, first_line: str) -> str:
    if Path(table.file).suffix.lower() == ".tsv":
        return "\t"
    return "\t" if "\t" in first_line and "," not in first_line else ","


def _csv_reader(table: Table, fh):
    first = fh.readline()
    fh.seek(0)  # the codec skips a BOM again after the seek
    return csv.reader(fh, delimiter=_dialect(table, first), strict=False)


def _csv_header(table: Table) -> list[str]:
    with _open_text(table) as fh:
        reader = _csv_reader(table, fh)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise table.error(f"CSV error: {exc}", row=1) from None
    if not header or not any(cell.strip() for cell in header):
        raise table.error("the table is empty (the first row must name the columns)", row=1)
    columns = _check_columns(table, header, where="fields")
    return columns


def _csv_rows(table: Table) -> Iterator[Row]:
    width = len(table.columns)
    with _open_text(table) as fh:
        reader = _csv_reader(table, fh)
        number = 0
        while True:
            number += 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Row(number, {}, problem=f"CSV error: {exc}")
                continue
            if number == 1:
                continue  # the header
            if not any(cell.strip() for cell in record):
                continue
            values = {name: cell.strip() for name, cell in zip(table.columns, record, strict=False) if name}
            row = Row(number, values)
            if len(record) > width and any(cell.strip() for cell in record[width:]):
                row.problem = (f"has {len(record)} fields, the header has {width} "
                               "(an unquoted comma in a value?)")
            yield row


# ---------------------------------------------------------------------------------------------
# XLSX (openpyxl in read-only mode streams the sheet).


def _open_sheet(table: Table):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(table.file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise table.error(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})") from None
    if table.sheet:
        if table.sheet not in workbook.sheetnames:
            workbook.close()
            raise table.error(f"no sheet {table.sheet!r} (sheets: {', '.join(workbook.sheetnames)})")
        sheet = workbook[table.sheet]
    else:
        sheet = workbook.worksheets[0]
    return workbook, sheet


def _xlsx_iter(table: Table) -> Iterator[tuple[int, list]]:
    workbook, sheet = _open_sheet(table)
    try:
        # openpyxl fills gaps with empty rows, so the count is the sheet's own row number.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_clean(v) for v in values]
    finally:
        workbook.close()


def _xlsx_header(table: Table) -> list[str]:
    # The header is the first row with anything in it (a sheet may start lower down).
    rows = _xlsx_iter(table)
    try:
        first = next((r for r in rows if not all(is_empty(v) for v in r[1])), None)
    finally:
        rows.close()
    if first is None:
        raise table.error("the sheet is empty (its first row must name the columns)")
    table.header_row = first[0]
    return _check_columns(table, first[1], where="columns")


def _xlsx_rows(table: Table) -> Iterator[Row]:
    for number, cells in _xlsx_iter(table):
        if number <= table.header_row or all(is_empty(v) for v in cells):
            continue
        # openpyxl pads every row to the widest, so a column without a header is simply one the
        # outline cannot name; its values are ignored like any other unused column.
        yield Row(number, {name: value for name, value in zip(table.columns, cells, strict=False) if name})


# ---------------------------------------------------------------------------------------------
# YAML and JSON: a list of mappings.


def _cell(value: Any) -> tuple[Any, str | None]:
    """A YAML/JSON value as a cell: scalars, or a list of scalars (for loops in the outline)."""
    if isinstance(value, list):
        items = [_clean(v) for v in value]
        if any(isinstance(v, list | dict) for v in items):
            return None, "a list of lists or mappings cannot be a table cell"
        return items, None
    if isinstance(value, dict):
        return None, "a mapping cannot be a table cell (one value, or a list of values)"
    return _clean(value), None


def _mapping_row(table: Table, number: int, item: Any, line: int | None = None,
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
        if key in _RESERVED_COLUMNS:
            row.problem = "this column name is reserved (the outline uses it for the whole row)"
            row.problem_column = key
            return row
        cell, problem = _cell(value)
        if problem:
            row.problem, row.problem_column = problem, key
            return row
        row.values[key] = cell
    return row


def _yaml_loader(table: Table, fh) -> yaml.SafeLoader:
    loader = yaml.SafeLoader(fh)
    try:
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            raise table.error("the table is empty (expected a list of mappings)")
        loader.get_event()  # document start
        if not loader.check_event(yaml.SequenceStartEvent):
            event = loader.peek_event()
            raise table.error("expected a list of mappings (- 部门: …)", line=event.start_mark.line + 1)
        loader.get_event()
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(table, exc) from None
    return loader


def _yaml_error(table: Table, exc: yaml.MarkedYAMLError) -> TableError:
    mark = exc.problem_mark or exc.context_mark
    return table.error(f"YAML syntax error: {exc.problem or exc.context}", line=mark.line + 1 if mark else None)


def _yaml_check_top(table: Table) -> None:
    with _open_text(table) as fh:
        loader = _yaml_loader(table, fh)
        try:
            if loader.check_event(yaml.SequenceEndEvent):
                raise table.error("the table has no rows")
        finally:
            loader.dispose()


def _yaml_rows(table: Table) -> Iterator[Row]:
    with _open_text(table) as fh:
        loader = _yaml_loader(table, fh)
        number = 0
        try:
            while True:
                try:
                    if loader.check_event(yaml.SequenceEndEvent):
                        return
                    node = loader.compose_node(None, None)
                    number += 1
                    item = loader.construct_document(node)
                except yaml.MarkedYAMLError as exc:
                    # A syntax error ends the list: nothing after it can be trusted.
                    raise _yaml_error(table, exc) from None
                except yaml.YAMLError as exc:
                    raise table.error(f"YAML error: {exc}") from None
                row = _mapping_row(table, number, item, line=node.start_mark.line + 1,
                                   duplicate=_yaml_duplicate(node))
                if row.problem or not all(is_empty(v) for v in row.values.values()):
                    yield row  # a row with no value at all is skipped, as in a spreadsheet
        finally:
            loader.dispose()


class _Object(dict):
    """A JSON object; ``duplicate`` names a key given twice (json would silently keep the last)."""

    duplicate: str | None = None


def _yaml_duplicate(node: yaml.Node) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    seen = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                return key.value
            seen.add(key.value)
    return None


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
            self.pos = _WS.match(self.buffer, self.pos).end()
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


def _json_check_top(table: Table) -> None:
    with _open_text(table) as fh:
        stream = _JsonStream(table, fh)
        stream.expect("[", "a list of mappings ([{…}, …])")
        if stream.peek() == "]":
            raise table.error("the table has no rows")


def _json_rows(table: Table) -> Iterator[Row]:
    with _open_text(table) as fh:
        stream = _JsonStream(table, fh)
        stream.expect("[", "a list of mappings ([{…}, …])")
        if stream.peek() == "]":
            return
        number = 0
        while True:
            item, line = stream.value()
            number += 1
            row = _mapping_row(table, number, item, line=line)
            if row.problem or not all(is_empty(v) for v in row.values.values()):
                yield row  # a row with no value at all is skipped, as in a spreadsheet
            nxt = stream.peek()
            if nxt == "]":
                stream.pos += 1
                if stream.peek():
                    raise table.error("JSON: text after the closing ]", line=stream._line())
                return
            stream.expect(",", ", or ] after a row")
