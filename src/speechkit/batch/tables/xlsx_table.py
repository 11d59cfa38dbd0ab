"""XLSX workbooks (openpyxl in read-only mode streams the sheet): the first row with anything in it
names the columns."""

from __future__ import annotations

from collections.abc import Generator, Iterator

from .table import Row, Table, check_columns, clean, is_empty

TEXT = False


def _open_sheet(table: Table):
    import io
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        source = io.BytesIO(table.data) if table.data is not None else table.file
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise table.error(f"不是可读取的 .xlsx 工作簿（{type(exc).__name__}: {exc}）；"
                          "请用 Excel 或 WPS 另存为 .xlsx") from None
    if table.sheet:
        if table.sheet not in workbook.sheetnames:
            workbook.close()
            raise table.error(f"没有名为「{table.sheet}」的工作表（现有：{'、'.join(workbook.sheetnames)}）")
        sheet = workbook[table.sheet]
    else:
        sheet = workbook.worksheets[0]
    return workbook, sheet


def _cells(table: Table) -> Generator[tuple[int, list], None, None]:
    workbook, sheet = _open_sheet(table)
    try:
        # openpyxl fills gaps with empty rows, so the count is the sheet's own row number.
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [clean(v) for v in values]
    finally:
        workbook.close()


def prepare(table: Table) -> None:
    """Find and check the header."""
    # The header is the first row with anything in it (a sheet may start lower down).
    rows = _cells(table)
    try:
        first = next((r for r in rows if not all(is_empty(v) for v in r[1])), None)
    finally:
        rows.close()
    if first is None:
        raise table.error("工作表为空；第一行须写明各列名称")
    table.header_row = first[0]
    table.columns = check_columns(table, first[1])


def rows(table: Table) -> Iterator[Row]:
    for number, cells in _cells(table):
        if number <= table.header_row or all(is_empty(v) for v in cells):
            continue
        # openpyxl pads every row to the widest, so a column without a header is simply one the
        # outline cannot name; its values are ignored like any other unused column.
        yield Row(number, {name: value for name, value in zip(table.columns, cells, strict=False) if name})
