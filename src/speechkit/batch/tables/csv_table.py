"""CSV (and tab-separated) tables: the first row names the columns."""

from __future__ import annotations

import csv
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


def prepare(table: Table) -> None:
    """Read and check the header."""
    with open_text(table) as fh:
        reader = _reader(table, fh)
        try:
            header = next(reader, None)
        except csv.Error as exc:
            raise table.error(f"CSV error: {exc}", row=1) from None
    if not header or not any(cell.strip() for cell in header):
        raise table.error("the table is empty (the first row must name the columns)", row=1)
    table.columns = check_columns(table, header, where="fields")


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
