"""One table row → one .docx: render the outline's templated strings with the row, type and check
the outline, fill the kind's template, write the package atomically.

A bad row (an empty or missing value the outline uses, an invalid date, a control character) becomes
a failed :class:`RowOutcome` naming its column; an error no column explains is raised as a fatal
:class:`~speechkit.batch.plan.RowFailure`, since every row would fail alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import docx_io
from ..blocks import Document
from ..errors import OutlineError, OutputError, SpeechkitError, format_path
from ..files import write_atomic
from ..outline import Source
from ..render import templating
from ..render.build import build, parse_outline
from .names import sanitise
from .options import BatchOptions
from .plan import (
    ROW_NUMBER_VARIABLE,
    ROW_VARIABLE,
    EmptyCell,
    MissingCellError,
    OutlinePlan,
    RowFailure,
    empty_cell,
    missing_cell,
)
from .tables import Row, is_empty

WRITTEN, FAILED, SKIPPED = "written", "failed", "skipped"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


@dataclass
class RowOutcome:
    row: int
    status: str
    line: int | None = None  # the row's line in a YAML or JSON table
    file: str = ""
    column: str = ""
    message: str = ""
    info: Document | None = None  # title, author, date of a written document (for the combined file)
    body: str | None = None  # its body XML, when a combined file is being made


class RowBuilder:
    """Everything constant for a run, prepared once per process; :meth:`run` builds one row."""

    def __init__(self, options: BatchOptions, outline_text: str, outline_label: str,
                 first_column: str | None = None) -> None:
        self.options = options
        self.templates = [Path(t) for t in options.templates]
        self.plan = OutlinePlan(outline_text, outline_label, options.name)
        self.env = templating.environment(self.templates)
        templating.load_template(self.env, f"{self.plan.kind}/template.j2")  # syntax errors now, not per row
        self.first_column = first_column
        self.out_dir = Path(options.out_dir)
        self.scratch: str | None = None  # a worker's own folder for temporary files
        self.want_body = bool(options.combined)

    def context(self, row: Row) -> dict:
        context: dict[str, Any] = {}
        for column, value in row.values.items():
            context[column] = empty_cell(column) if is_empty(value) else value
        for column in self.plan.columns:
            if column not in context:
                context[column] = missing_cell(column)
        if self.options.name is None and self.first_column and self.first_column not in context:
            context[self.first_column] = missing_cell(self.first_column)
        context[ROW_VARIABLE] = dict(context)
        context[ROW_NUMBER_VARIABLE] = row.number
        return context

    def check_values(self, row: Row) -> None:
        if row.problem:
            raise RowFailure(row.problem, row.problem_column or "")
        values = row.values
        texts = [v for v in map(values.get, self.plan.columns) if isinstance(v, str)]
        if len(texts) == len(self.plan.columns) and not _CONTROL.search("".join(texts)):
            return  # all plain text and clean: one search instead of one per column (runs twice a row)
        for column in self.plan.columns:
            value = values.get(column)
            for item in value if isinstance(value, list) else (value,):
                if isinstance(item, str):
                    bad = _CONTROL.search(item)
                    if bad:
                        raise RowFailure(f"值中含控制字符 U+{ord(bad.group()):04X}；请删除", column)

    def file_name(self, context: dict) -> str:
        if self.plan.name is not None:
            raw = self.plan.name.render(context)
        else:
            column = self.first_column or ""
            value = context.get(column)
            if isinstance(value, EmptyCell):
                state = "本行没有该列" if value._undefined_exception is MissingCellError else "值为空"
                raise RowFailure(f"{state}（文件名取自第一列；也可用 --name 指定）", column)
            raw = str(value)
        try:
            return sanitise(raw)
        except ValueError as exc:
            column = self.plan.name.blame("", context) if self.plan.name is not None else self.first_column or ""
            raise RowFailure(str(exc), column) from None

    def name_of(self, row: Row) -> str:
        """The file name of a row (the first pass over the table); raises RowFailure."""
        self.check_values(row)
        return self.file_name(self.context(row))

    def make(self, row: Row) -> tuple[Path, Document]:
        self.check_values(row)
        context = self.context(row)
        path = self.out_dir / self.file_name(context)
        data = self.plan.fill(context)
        source = self.plan.source
        try:
            outline = parse_outline(Source(data, source.file, source.lines), self.templates)
        except OutlineError as exc:
            text = self.plan.attributable(exc.path)
            if text is None:
                raise RowFailure(str(exc), fatal=True, error=exc) from None
            message = f"{format_path(exc.path)}: {exc.message}" if exc.path else exc.message
            raise RowFailure(message, text.blame(exc.message, context)) from None
        try:
            document = build(outline, self.templates, env=self.env)
        except SpeechkitError as exc:
            raise RowFailure(str(exc), fatal=True, error=exc) from None
        return path, document

    def run(self, row: Row) -> RowOutcome:
        """Build and write one row; failures become the outcome, fatal ones are raised."""
        outcome = self._run(row)
        outcome.line = row.line
        return outcome

    def _run(self, row: Row) -> RowOutcome:
        try:
            path, document = self.make(row)
            data = docx_io.docx_bytes(document)
        except RowFailure as exc:
            if exc.fatal:
                raise
            return RowOutcome(row.number, FAILED, column=exc.column, message=exc.message)
        except SpeechkitError as exc:  # the writer refused the text (a control character the checks missed)
            return RowOutcome(row.number, FAILED, message=str(exc))
        try:
            write_atomic(path, data, force=self.options.force, scratch=self.scratch)
        except OutputError as exc:
            return RowOutcome(row.number, FAILED, file=str(path), message=exc.message)
        except OSError as exc:
            return RowOutcome(row.number, FAILED, file=str(path), message=f"无法写入：{exc.strerror or exc}")
        outcome = RowOutcome(row.number, WRITTEN, file=str(path))
        if self.want_body:
            outcome.info = Document([], title=document.title, author=document.author, layout=document.layout,
                                    date=document.date, meta=document.meta)
            outcome.body = docx_io.body_xml(document)
        return outcome
