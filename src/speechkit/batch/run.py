"""BATCH: one outline and one table → one document per row, an optional combined file, a report.

The outline is an ordinary outline of any kind whose string values may use the row's columns as
Jinja variables (``addressee: "{{ 部门 }}："``). The run has three steps, and nothing is written
until the first two have passed:

1. *Check once.* Every templated string of the outline and the ``--name`` pattern is compiled;
   the kind's template is loaded; every column they use must be in the table. The table is read
   once to make every file name: two rows giving the same name, or a name that already exists
   without ``--force``, stop the run here.
2. *Probe.* Rows are built in this process until one succeeds. An error that no column explains
   (the outline breaks a structure rule, the kind's template fails) would hit every row, so it
   stops the run with nothing written.
3. *Build.* Each row: render the outline's templated strings with the row, type and check the
   outline, fill the kind's template, write the package atomically. With ``jobs > 1`` worker
   processes do this, each preparing the constant parts once. A bad row (an empty or missing
   value the outline uses, an invalid date, a control character) is reported with its row number
   and column and does not stop the others.

Rows are streamed from the table and results streamed to the report and the combined file, so
memory does not grow with the table. Ctrl-C stops at the next row: files already written are
complete, the combined file is dropped, the report says where the run stopped.
"""

from __future__ import annotations

import csv
import json
import mmap
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from .. import docx_io
from ..blocks import Document
from ..errors import OutlineError, OutputError, SpeechkitError, TableError, TemplateError, format_path
from ..files import write_atomic
from ..outline import Source, load_yaml
from ..render import templating
from ..render.build import build, parse_outline, read_text
from .names import clash_key, sanitise
from .tables import Row, Table, is_empty, open_table

ROW_VARIABLE = "row"  # the whole row, for column names that are not identifiers: {{ row["人数（人）"] }}
ROW_NUMBER_VARIABLE = "row_number"
REPORT_NAME = "batch-report.csv"
MAX_LISTED_FAILURES = 20
MIN_ROWS_PER_WORKER = 4  # below this, starting worker processes costs more than it saves
_JINJA_MARK = re.compile(r"\{\{|\{%|\{#")
_JINJA_NAMES = frozenset({"self", "loop", "caller", "varargs", "kwargs", "super"})  # Jinja's own, not columns
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")

WRITTEN, FAILED, SKIPPED = "written", "failed", "skipped"


@dataclass(frozen=True)
class BatchOptions:
    """What a run needs; picklable, so worker processes prepare themselves from it."""

    outline: str
    table: str
    out_dir: str
    name: str | None = None  # Jinja pattern; default: the first column
    combined: str | None = None
    report: str | None = None  # default: <out_dir>/batch-report.csv
    jobs: int = 1
    force: bool = False
    sheet: str | None = None
    templates: tuple[str, ...] = ()

    @property
    def report_path(self) -> Path:
        return Path(self.report) if self.report else Path(self.out_dir) / REPORT_NAME


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


@dataclass
class BatchResult:
    total: int = 0
    written: int = 0
    failed: int = 0
    skipped: int = 0
    interrupted: bool = False
    aborted: str | None = None  # why the run stopped early (a worker process died)
    report: str | None = None
    combined: str | None = None
    failures: list[TableError] = field(default_factory=list)  # the first MAX_LISTED_FAILURES

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 0 if self.written == self.total and not self.aborted else 1

    def summary(self) -> str:
        text = f"{self.written} written, {self.failed} failed"
        if self.skipped or self.interrupted or self.aborted:
            text += f", {self.total - self.written - self.failed} not built"
        if self.interrupted:
            text = "interrupted: " + text
        return text


class _RowFailure(Exception):
    """A row could not be built. ``fatal``: no column explains it, so every row would fail alike."""

    def __init__(self, message: str, column: str = "", *, fatal: bool = False, error: SpeechkitError | None = None):
        super().__init__(message)
        self.message, self.column, self.fatal, self.error = message, column, fatal, error


# ---------------------------------------------------------------------------------------------
# Table values inside Jinja: an empty cell may be tested ({% if 备注 %}) or given a default, but
# printing it is an error naming the column, never a silent gap in an official document.


class _CellError(jinja2.UndefinedError):
    """Raised when an empty cell is used; the message is the column name."""


class _MissingCellError(_CellError):
    pass


class _EmptyCell(jinja2.StrictUndefined):
    __slots__ = ()

    def __bool__(self) -> bool:
        return False


def _empty(column: str) -> _EmptyCell:
    return _EmptyCell(hint=column, name=column, exc=_CellError)


def _missing(column: str) -> _EmptyCell:
    return _EmptyCell(hint=column, name=column, exc=_MissingCellError)


def string_environment() -> SandboxedEnvironment:
    """The sandbox the outline's strings and the name pattern render in."""
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters.update(templating.FILTERS)
    return env


def _columns_used(ast: nodes.Template, env: SandboxedEnvironment) -> set[str]:
    names = meta.find_undeclared_variables(ast) - set(env.globals) - {ROW_VARIABLE, ROW_NUMBER_VARIABLE}
    for node in ast.find_all((nodes.Getitem, nodes.Getattr)):
        if isinstance(node.node, nodes.Name) and node.node.name == ROW_VARIABLE:
            if isinstance(node, nodes.Getattr):
                names.add(node.attr)
            elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                names.add(node.arg.value)
    return names


def _plain_parts(ast: nodes.Template, env: SandboxedEnvironment) -> tuple[tuple[bool, str], ...] | None:
    """Most strings only print columns between literal text (``{{ 部门 }}：``, ``{{ 序号 }}-{{ 部门 }}``).
    Those render as a join of ``str(value)``, exactly what Jinja prints, at a tenth of the cost of
    Jinja's render (which builds a new context per call); this runs for every string of every row."""
    if len(ast.body) != 1 or not isinstance(ast.body[0], nodes.Output):
        return None
    parts = []
    for node in ast.body[0].nodes:
        if isinstance(node, nodes.TemplateData):
            parts.append((False, node.data))
        elif isinstance(node, nodes.Name) and node.name not in env.globals and node.name not in _JINJA_NAMES:
            parts.append((True, node.name))
        else:
            return None
    return tuple(parts)


@dataclass
class _Text:
    """A templated string of the outline (or the name pattern)."""

    template: jinja2.Template
    path: tuple
    columns: frozenset[str]
    file: str | None = None  # where the string is, for errors that are the outline's own
    line: int | None = None
    parts: tuple[tuple[bool, str], ...] | None = None  # (is a variable, text or name), see _plain_parts

    def render(self, context: dict) -> str:
        try:
            if self.parts is not None:
                return "".join([str(context[part]) if variable else part for variable, part in self.parts])
            return self.template.render(context)
        except _CellError as exc:
            state = "missing (the row has no such field)" if isinstance(exc, _MissingCellError) else "empty"
            raise _RowFailure(f"{self._where()}the value is {state}", exc.message) from None
        except (jinja2.TemplateError, ValueError, TypeError, KeyError, AttributeError, ArithmeticError) as exc:
            message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
            if not self.columns:  # no table value involved: every row would fail alike
                error = TemplateError(message, file=self.file, line=self.line, path=self.path if self.file else ())
                raise _RowFailure(str(error), fatal=True, error=error) from None
            raise _RowFailure(f"{self._where()}{message}", self.blame(message, context)) from None

    def _where(self) -> str:
        return f"{format_path(self.path)}: " if self.path else ""

    def blame(self, message: str, context: dict) -> str:
        """The column an error is most likely about: the only one used, or the one whose value it quotes."""
        if len(self.columns) == 1:
            return next(iter(self.columns))
        quoted = [c for c in sorted(self.columns) if str(context.get(c, "")) and str(context.get(c, "")) in message]
        return "、".join(quoted or sorted(self.columns))


@dataclass
class _List:
    items: list


@dataclass
class _Map:
    items: dict


# ---------------------------------------------------------------------------------------------
# The outline with its templated strings compiled once.


class OutlinePlan:
    def __init__(self, text: str, label: str, name_pattern: str | None = None) -> None:
        self.source = load_yaml(text, label)
        self.env = string_environment()
        self.texts: dict[tuple, _Text] = {}
        self.tree = self._compile(self.source.data, ())
        data = self.source.data
        if not isinstance(data, dict):
            raise self.source.error("an outline is a mapping of fields (kind: …, title: …)", ())
        kind = data.get("kind")
        if ("kind",) in self.texts:
            raise self.source.error("the kind cannot come from the table", ("kind",))
        if not isinstance(kind, str) or not kind:
            raise self.source.error("missing required field 'kind'", ())
        self.kind = kind
        self.name: _Text | None = None
        if name_pattern is not None:
            self.name = self._compile_text(name_pattern, (), label="--name")
        self.uses: dict[str, tuple] = {}  # column → first outline path using it
        for path, text in self.texts.items():
            for column in sorted(text.columns):
                self.uses.setdefault(column, path)
        self.columns = frozenset(self.uses) | (self.name.columns if self.name else frozenset())

    def _compile(self, value: Any, path: tuple) -> Any:
        if isinstance(value, str):
            if not _JINJA_MARK.search(value):
                return value
            text = self._compile_text(value, path)
            self.texts[path] = text
            return text
        if isinstance(value, list):
            items = [self._compile(v, (*path, i)) for i, v in enumerate(value)]
            return _List(items) if any(isinstance(v, _Text | _List | _Map) for v in items) else value
        if isinstance(value, dict):
            items = {k: self._compile(v, (*path, k)) for k, v in value.items()}
            return _Map(items) if any(isinstance(v, _Text | _List | _Map) for v in items.values()) else value
        return value

    def _compile_text(self, value: str, path: tuple, label: str | None = None) -> _Text:
        try:
            ast = self.env.parse(value)
            template = self.env.from_string(ast)
        except jinja2.TemplateSyntaxError as exc:
            if label:
                raise TemplateError(f"{label}: template syntax error: {exc.message}") from None
            raise TemplateError(f"template syntax error: {exc.message}", file=self.source.file,
                                line=self.source.line_of(path), path=path) from None
        parts = _plain_parts(ast, self.env)
        if label:
            return _Text(template, (label,), frozenset(_columns_used(ast, self.env)), parts=parts)
        return _Text(template, path, frozenset(_columns_used(ast, self.env)), self.source.file,
                     self.source.line_of(path), parts)

    def fill(self, context: dict) -> Any:
        return _fill(self.tree, context)

    def missing_columns_error(self, missing: set[str], table: Table, available: list[str]) -> TemplateError:
        def first_use(column: str) -> tuple[int, str]:
            path = self.uses.get(column)
            return (self.source.line_of(path) or 0) if path is not None else 1 << 30, column

        column = min(missing, key=first_use)
        have = "、".join(c for c in available if c) or "none"
        others = f" (and {len(missing) - 1} more: {'、'.join(sorted(missing - {column}))})" if len(missing) > 1 else ""
        if column in self.uses:
            path = self.uses[column]
            return TemplateError(f"uses column {column!r}{others}, which {table.file} does not have (columns: {have})",
                                 file=self.source.file, line=self.source.line_of(path), path=path)
        return TemplateError(f"--name uses column {column!r}{others}, which {table.file} does not have "
                             f"(columns: {have})")

    def attributable(self, path: tuple) -> _Text | None:
        """The templated string an outline error at ``path`` comes from, if any."""
        for end in range(len(path), 0, -1):
            text = self.texts.get(path[:end])
            if text is not None:
                return text
        return None


def _fill(node: Any, context: dict) -> Any:
    kind = type(node)
    if kind is _Text:
        return node.render(context)
    if kind is _Map:
        return {k: _fill(v, context) for k, v in node.items.items()}
    if kind is _List:
        return [_fill(v, context) for v in node.items]
    return node


# ---------------------------------------------------------------------------------------------
# One row → one package.


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
            context[column] = _empty(column) if is_empty(value) else value
        for column in self.plan.columns:
            if column not in context:
                context[column] = _missing(column)
        if self.options.name is None and self.first_column and self.first_column not in context:
            context[self.first_column] = _missing(self.first_column)
        context[ROW_VARIABLE] = dict(context)
        context[ROW_NUMBER_VARIABLE] = row.number
        return context

    def check_values(self, row: Row) -> None:
        if row.problem:
            raise _RowFailure(row.problem, row.problem_column or "")
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
                        raise _RowFailure(f"control character U+{ord(bad.group()):04X} in the value", column)

    def file_name(self, context: dict) -> str:
        if self.plan.name is not None:
            raw = self.plan.name.render(context)
        else:
            column = self.first_column or ""
            value = context.get(column)
            if isinstance(value, _EmptyCell):
                state = "missing" if value._undefined_exception is _MissingCellError else "empty"
                raise _RowFailure(f"the value is {state} (the first column names the file; or use --name)", column)
            raw = str(value)
        try:
            return sanitise(raw)
        except ValueError as exc:
            column = self.plan.name.blame("", context) if self.plan.name is not None else self.first_column or ""
            raise _RowFailure(f"file name: {exc}", column) from None

    def name_of(self, row: Row) -> str:
        """The file name of a row (the first pass over the table); raises _RowFailure."""
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
                raise _RowFailure(str(exc), fatal=True, error=exc) from None
            message = f"{format_path(exc.path)}: {exc.message}" if exc.path else exc.message
            raise _RowFailure(message, text.blame(exc.message, context)) from None
        try:
            document = build(outline, self.templates, env=self.env)
        except SpeechkitError as exc:
            raise _RowFailure(str(exc), fatal=True, error=exc) from None
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
        except _RowFailure as exc:
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
            return RowOutcome(row.number, FAILED, file=str(path), message=f"cannot write: {exc.strerror or exc}")
        outcome = RowOutcome(row.number, WRITTEN, file=str(path))
        if self.want_body:
            outcome.info = Document([], title=document.title, author=document.author, layout=document.layout,
                                    date=document.date, meta=document.meta)
            outcome.body = docx_io.body_xml(document)
        return outcome


# ---------------------------------------------------------------------------------------------
# Worker processes.

_WORKER: RowBuilder | None = None
_STOP = None


def _init_worker(index: int, options: BatchOptions, text: str, label: str, first_column: str | None, stop,
                 scratch: list[str]) -> None:
    global _WORKER, _STOP
    if _WORKER is None or _WORKER.options != options:
        _WORKER = RowBuilder(options, text, label, first_column)
    # else: forked from the parent, which had prepared everything (and loaded what the probe needed)
    _WORKER.scratch = scratch[index]
    _STOP = stop


class _StopFlag:
    """The workers' "skip the rest" signal: a byte of shared memory the parent sets and each worker
    reads before each row.

    Not a multiprocessing Event: a worker killed while holding the Event's lock would leave the
    parent waiting on it forever, and under spawn its semaphore outlives an os._exit. Forked
    workers share an anonymous mapping (a RawValue would import ctypes first: 5 ms of a -j run's
    start); spawned ones need a RawArray, which pickles.
    """

    def __init__(self, context) -> None:
        if context.get_start_method() == "fork":
            self._byte = memoryview(mmap.mmap(-1, 1))
        else:
            self._byte = context.RawArray("b", 1)

    def set(self) -> None:
        self._byte[0] = 1

    def is_set(self) -> bool:
        return bool(self._byte[0])


def _run_chunk(rows: list[Row]) -> list[RowOutcome]:
    outcomes = []
    for row in rows:
        if _STOP.is_set():
            outcomes.append(RowOutcome(row.number, SKIPPED, row.line, message="not built: the run was stopped"))
            continue
        try:
            outcomes.append(_WORKER.run(row))
        except _RowFailure as exc:  # fatal in the probe; here another row already succeeded
            outcomes.append(RowOutcome(row.number, FAILED, row.line, column=exc.column, message=exc.message))
    return outcomes


# ---------------------------------------------------------------------------------------------
# Output files written through a temporary file beside them.


class _AtomicFile:
    def __init__(self, path: Path, force: bool, mode: str = "wb", **kwargs) -> None:
        self.path, self.force = Path(path), force
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            self.fh = os.fdopen(fd, mode, **kwargs)
        except BaseException:
            os.close(fd)
            Path(self.tmp).unlink(missing_ok=True)
            raise

    def commit(self) -> None:
        self.fh.close()
        if not self.force and self.path.exists():
            self.discard()
            raise OutputError("exists; use --force to overwrite", file=str(self.path))
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(self.tmp, 0o666 & ~mask)  # mkstemp makes 0600; like the documents, follow the umask
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.fh.close()
        Path(self.tmp).unlink(missing_ok=True)


class _Report:
    FIELDS = ("row", "status", "file", "column", "error")

    def __init__(self, path: Path, force: bool, options: BatchOptions) -> None:
        self.json = path.suffix.lower() == ".json"
        if self.json:
            self.out = _AtomicFile(path, force, "w", encoding="utf-8", newline="\n")
            head = {"outline": options.outline, "table": options.table, "output": options.out_dir}
            self.out.fh.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
            self.first = True
        else:
            # UTF-8 with a BOM: Excel on Chinese Windows opens it as UTF-8 only with one.
            self.out = _AtomicFile(path, force, "w", encoding="utf-8-sig", newline="")
            self.writer = csv.writer(self.out.fh)
            self.writer.writerow(self.FIELDS)

    def add(self, outcome: RowOutcome) -> None:
        if self.json:
            item = {"row": outcome.row, "status": outcome.status}
            item.update({k: getattr(outcome, k) for k in ("file", "column") if getattr(outcome, k)})
            if outcome.message:
                item["error"] = outcome.message
            self.out.fh.write(("\n  " if self.first else ",\n  ") + json.dumps(item, ensure_ascii=False))
            self.first = False
        else:
            self.writer.writerow((outcome.row, outcome.status, outcome.file, outcome.column, outcome.message))

    def commit(self, result: BatchResult) -> None:
        if self.json:
            summary = {"rows": result.total, "written": result.written, "failed": result.failed,
                       "not_built": result.total - result.written - result.failed,
                       "interrupted": result.interrupted, "combined": result.combined}
            if result.aborted:
                summary["aborted"] = result.aborted
            self.out.fh.write("\n], " + json.dumps({"summary": summary}, ensure_ascii=False)[1:] + "\n")
        self.out.commit()

    def discard(self) -> None:
        self.out.discard()


# ---------------------------------------------------------------------------------------------
# Ctrl-C: the first press asks the run to stop after the current row; a second one is immediate.


class _Interrupts:
    def __init__(self) -> None:
        self.requested = False
        self.event = None
        self._previous = None

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum, frame) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        if self.event is not None:
            self.event.set()

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


# ---------------------------------------------------------------------------------------------
# The run.

Progress = Callable[[int, int], None]


def _check_options(options: BatchOptions) -> None:
    if options.jobs < 1:
        raise OutputError(f"-j must be at least 1, got {options.jobs}")
    out = Path(options.out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("is a file; -o names the folder for the documents", file=str(out))
    report = options.report_path
    if report.suffix.lower() not in (".csv", ".json"):
        raise OutputError("the report is .csv or .json", file=str(report))
    if options.combined and Path(options.combined).suffix.lower() != ".docx":
        raise OutputError("the combined file must be a .docx", file=options.combined)
    for extra in (options.combined, str(report)):
        if not extra:
            continue
        path = Path(extra)
        if path.exists() and not options.force:
            raise OutputError("exists; use --force to overwrite", file=extra)
        if not path.parent.exists() and path.parent.resolve() != out.resolve():
            raise OutputError(f"folder {path.parent} does not exist", file=extra)


def _first_column(table: Table) -> str | None:
    if table.has_header:
        return next((c for c in table.columns if c), None)
    for row in table.rows():
        if row.values:
            return next(iter(row.values))
    return None


def _digest(path: str) -> int:
    """A 64-bit fingerprint of where a file lands: a dict of these stays small for 10,000 rows, and
    two different names share one with odds of about 1 in 10^11 for that many (a false clash error)."""
    key = clash_key(path)
    if sys.hash_info.width >= 64:
        return hash(key)
    return hash(key) << 32 | hash((key, 1)) & 0xFFFFFFFF  # a 32-bit build: two hashes make 64 bits


@dataclass
class _Scan:
    total: int = 0
    keys: dict[str, None] = field(default_factory=dict)
    existing: list[str] = field(default_factory=list)
    existing_count: int = 0


def _scan(table: Table, builder: RowBuilder, options: BatchOptions, interrupts: _Interrupts) -> _Scan:
    """The first pass: count rows, make every file name, refuse clashes and (without --force) existing files."""
    scan = _Scan()
    seen: dict[int, str] = {}
    for extra, label in ((options.combined, "--combined"), (str(options.report_path), "the report")):
        if extra:
            seen[_digest(str(Path(extra).resolve()))] = label
    out_dir = options.out_dir  # strings, not Paths: this loop runs once per row before any work starts
    resolved = str(Path(out_dir).resolve())
    check_existing = not options.force and os.path.isdir(out_dir)  # a new folder holds nothing yet
    for row in table.rows():
        if interrupts.requested:
            raise KeyboardInterrupt
        scan.total += 1
        if not table.has_header:
            scan.keys.update(dict.fromkeys(row.values))
        try:
            name = builder.name_of(row)
        except _RowFailure:
            continue  # reported when the row is built
        path = os.path.join(out_dir, name)
        digest = _digest(os.path.join(resolved, name))
        if digest in seen:
            other = seen[digest]
            first = f"row {other}" if isinstance(other, int) else other
            raise OutputError(f"{first} and row {row.number} would both write {path}; make --name tell them apart",
                              file=table.file)
        seen[digest] = row.number
        if check_existing and os.path.lexists(path):
            scan.existing_count += 1
            if len(scan.existing) < 3:
                scan.existing.append(str(path))
    return scan


def run_batch(options: BatchOptions, progress: Progress | None = None) -> BatchResult:
    """Run a batch. Raises a SpeechkitError (nothing written) when nothing can run."""
    _check_options(options)
    text, label = read_text(options.outline)
    builder = RowBuilder(options, text, label)
    table = open_table(options.table, sheet=options.sheet)
    if table.has_header:
        missing = builder.plan.columns - set(table.columns)
        if missing:
            raise builder.plan.missing_columns_error(missing, table, table.columns)
    builder.first_column = _first_column(table)
    if options.name is None and builder.first_column is None:
        raise TableError("the table has no columns to name the files by", file=table.file)
    with _Interrupts() as interrupts:
        scan = _scan(table, builder, options, interrupts)
        if scan.total == 0:
            raise TableError("the table has no rows", file=table.file)
        if not table.has_header:
            missing = builder.plan.columns - set(scan.keys)
            if missing:
                raise builder.plan.missing_columns_error(missing, table, list(scan.keys))
        if scan.existing:
            more = f" (and {scan.existing_count - 1} more)" if scan.existing_count > 1 else ""
            raise OutputError(f"exists{more}; use --force to overwrite", file=scan.existing[0])
        out_dir = Path(options.out_dir)
        created = not out_dir.exists()
        out_dir.mkdir(parents=True, exist_ok=True)
        try:
            return _run(options, table, builder, text, label, scan.total, interrupts, progress)
        except SpeechkitError:
            if created and not any(out_dir.iterdir()):
                out_dir.rmdir()  # nothing could run: leave no trace
            raise


def _run(options: BatchOptions, table: Table, builder: RowBuilder, text: str, label: str, total: int,
         interrupts: _Interrupts, progress: Progress | None) -> BatchResult:
    result = BatchResult(total=total, report=str(options.report_path))
    report = _Report(options.report_path, options.force, options)
    combined_file = _AtomicFile(Path(options.combined), options.force) if options.combined else None
    combined = docx_io.CombinedWriter(combined_file.fh) if combined_file else None
    done = False
    try:
        rows = table.rows()

        def record(outcome: RowOutcome) -> None:
            report.add(outcome)
            if outcome.status == WRITTEN:
                result.written += 1
                if combined is not None:
                    try:
                        combined.add(outcome.info, outcome.body)
                    except (RuntimeError, OSError) as exc:  # zip size limit, disk full
                        raise OutputError(f"cannot write the combined file: {exc}", file=options.combined) from None
            elif outcome.status == FAILED:
                result.failed += 1
                if len(result.failures) < MAX_LISTED_FAILURES:
                    result.failures.append(TableError(outcome.message, file=table.file, line=outcome.line,
                                                      row=outcome.row, column=outcome.column or None))
            else:
                result.skipped += 1
            if progress:
                progress(result.written + result.failed + result.skipped, total)

        # The probe: until one row succeeds, an error no column explains stops everything.
        for row in rows:
            outcome = builder.run(row)  # a fatal _RowFailure propagates
            record(outcome)
            if outcome.status == WRITTEN or interrupts.requested:
                break
        if not interrupts.requested:
            left = total - (result.written + result.failed + result.skipped)
            if options.jobs == 1 or left < MIN_ROWS_PER_WORKER * options.jobs:
                for row in rows:
                    if interrupts.requested:
                        break
                    try:
                        record(builder.run(row))
                    except _RowFailure as exc:
                        record(RowOutcome(row.number, FAILED, row.line, column=exc.column, message=exc.message))
            else:
                _run_parallel(options, builder, text, label, rows, left, interrupts, record, result)
        result.interrupted = interrupts.requested and result.written + result.failed < total
        if combined is not None:
            if result.interrupted or result.aborted or combined.count == 0:
                combined.abandon()
                combined_file.discard()  # a partial combined file would pass for a complete one
            else:
                combined.close()
                combined_file.commit()
                result.combined = options.combined
        report.commit(result)
        done = True
        return result
    except _RowFailure as exc:
        raise exc.error.located(file=table.file) if exc.error else TableError(exc.message, file=table.file) from None
    finally:
        if not done:
            report.discard()
            if combined_file is not None:
                try:
                    combined.abandon()
                finally:
                    combined_file.discard()


def _chunks(rows: Iterator[Row], left: int, jobs: int) -> Iterator[list[Row]]:
    """Chunks that shrink as the table runs out (16 rows at most, 1 at the end): few messages while
    there is plenty to do, and the workers finish together rather than one waiting on the other's
    last big chunk."""
    while True:
        chunk = list(islice(rows, max(1, min(16, left // (jobs * 4)))))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


def _run_parallel(options: BatchOptions, builder: RowBuilder, text: str, label: str, rows: Iterator[Row],
                  left: int, interrupts: _Interrupts, record: Callable[[RowOutcome], None],
                  result: BatchResult) -> None:
    import multiprocessing

    from .parallel import WorkerDied, run_chunks

    stop = _StopFlag(multiprocessing.get_context())
    interrupts.event = stop

    def record_chunk(outcomes: list[RowOutcome]) -> None:
        for outcome in outcomes:
            record(outcome)

    def lost(chunk: list[Row], delivered: bool) -> None:
        for row in chunk:
            if delivered:
                record(RowOutcome(row.number, FAILED, row.line, message="the worker process building this row "
                                  "stopped unexpectedly; its file may or may not have been written"))
            else:
                record(RowOutcome(row.number, SKIPPED, row.line, message="not built: a worker process stopped"))

    # Each worker makes its temporary files in a folder of its own: two processes creating files in
    # one folder contend for its lock (on ext4, a third more system time and a slower run); the move
    # into place is then the only step they share. Removed at the end, with whatever a killed
    # worker left in it.
    scratch = [tempfile.mkdtemp(prefix=".speechkit-", dir=options.out_dir) for _ in range(options.jobs)]
    global _WORKER
    _WORKER = builder  # inherited as is by forked workers; others prepare their own
    try:
        run_chunks(_chunks(rows, left, options.jobs), _run_chunk, record_chunk, jobs=options.jobs, setup=_init_worker,
                   setup_args=(options, text, label, builder.first_column, stop, scratch),
                   stop=lambda: interrupts.requested, lost=lost, halt=stop.set)
    except WorkerDied:
        result.aborted = "a worker process stopped unexpectedly (out of memory?)"
    finally:
        _WORKER = None
        for folder in scratch:
            shutil.rmtree(folder, ignore_errors=True)
