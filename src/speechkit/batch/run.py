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

import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import docx_io
from ..errors import OutputError, SpeechkitError, TableError
from ..files import AtomicFile
from ..render.build import read_text
from .names import clash_key
from .options import REPORT_NAME, BatchOptions
from .plan import RowFailure
from .report import Report
from .rows import FAILED, WRITTEN, RowBuilder, RowOutcome
from .tables import Row, Table, open_table

if TYPE_CHECKING:
    from .workers import StopFlag

__all__ = ["REPORT_NAME", "BatchOptions", "BatchResult", "run_batch"]

MAX_LISTED_FAILURES = 20
MIN_ROWS_PER_WORKER = 4  # below this, starting worker processes costs more than it saves


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
        text = f"已生成 {self.written} 份，失败 {self.failed} 行"
        if self.skipped or self.interrupted or self.aborted:
            text += f"，未处理 {self.total - self.written - self.failed} 行"
        if self.interrupted:
            text = "已中断：" + text
        return text



# ---------------------------------------------------------------------------------------------
# Ctrl-C: the first press asks the run to stop after the current row; a second one is immediate.


class _Interrupts:
    def __init__(self) -> None:
        self.requested = False
        self.event: StopFlag | None = None  # the workers' flag, while there are workers
        self._previous: Any = None

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
        raise OutputError(f"-j 须至少为 1（现为 {options.jobs}）")
    out = Path(options.out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError("是文件；-o 应指定存放文档的文件夹", file=str(out))
    report = options.report_path
    if report.suffix.lower() not in (".csv", ".json"):
        raise OutputError("报告文件须为 .csv 或 .json；请改用其中一种后缀", file=str(report))
    if options.combined and Path(options.combined).suffix.lower() != ".docx":
        raise OutputError("合并文件（--combined）须为 .docx", file=options.combined)
    for extra in (options.combined, str(report)):
        if not extra:
            continue
        path = Path(extra)
        if path.exists() and not options.force:
            raise OutputError("已存在；如需覆盖，请加 --force", file=extra)
        if not path.parent.exists() and path.parent.resolve() != out.resolve():
            raise OutputError(f"文件夹 {path.parent} 不存在；请先创建", file=extra)


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
    seen: dict[int, int | str] = {}  # digest → the row, or the option, that writes there
    for extra, label in ((options.combined, "合并文件（--combined）"), (str(options.report_path), "报告文件")):
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
        except RowFailure:
            continue  # reported when the row is built
        path = os.path.join(out_dir, name)
        digest = _digest(os.path.join(resolved, name))
        if digest in seen:
            other = seen[digest]
            first = (f"表格第 {other} 行与第 {row.number} 行" if isinstance(other, int)
                     else f"{other}与表格第 {row.number} 行")
            raise OutputError(f"{first}将写入同一文件 {path}；请修改 --name，使各行的文件名不同", file=table.file)
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
        raise TableError("表格没有可用来命名文件的列；请用 --name 指定文件名", file=table.file)
    with _Interrupts() as interrupts:
        scan = _scan(table, builder, options, interrupts)
        if scan.total == 0:
            raise TableError("表格没有数据行", file=table.file)
        if not table.has_header:
            missing = builder.plan.columns - set(scan.keys)
            if missing:
                raise builder.plan.missing_columns_error(missing, table, list(scan.keys))
        if scan.existing:
            more = f"（另有 {scan.existing_count - 1} 个文件也已存在）" if scan.existing_count > 1 else ""
            raise OutputError(f"已存在{more}；如需覆盖，请加 --force", file=scan.existing[0])
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
    report = Report(options.report_path, options.force, options)
    combined = _Combined(options.combined, options.force) if options.combined else None
    done = False
    try:
        rows = table.rows()
        record = _Recorder(result, report, combined, table.file, progress)
        _probe(rows, builder, interrupts, record)
        if not interrupts.requested:
            result.aborted = _build_rest(options, builder, text, label, rows, total - record.count, interrupts,
                                         record)
        result.interrupted = interrupts.requested and result.written + result.failed < total
        if combined is not None and combined.finish(keep=not (result.interrupted or result.aborted)):
            result.combined = options.combined
        report.commit(result)
        done = True
        return result
    except RowFailure as exc:
        raise exc.error.located(file=table.file) if exc.error else TableError(exc.message, file=table.file) from None
    finally:
        if not done:
            report.discard()
            if combined is not None:
                combined.abandon()


def _probe(rows: Iterator[Row], builder: RowBuilder, interrupts: _Interrupts, record: _Recorder) -> None:
    """Rows built here until one succeeds: an error no column explains (a fatal RowFailure) stops everything."""
    for row in rows:
        outcome = builder.run(row)
        record(outcome)
        if outcome.status == WRITTEN or interrupts.requested:
            return


def _build_rest(options: BatchOptions, builder: RowBuilder, text: str, label: str, rows: Iterator[Row], left: int,
                interrupts: _Interrupts, record: _Recorder) -> str | None:
    """The rows after the probe, here or in worker processes; why the run stopped early, if it did."""
    if options.jobs > 1 and left >= MIN_ROWS_PER_WORKER * options.jobs:
        from .workers import build_in_workers

        return build_in_workers(options, builder, text, label, rows, left, interrupts, record)
    for row in rows:
        if interrupts.requested:
            break
        try:
            record(builder.run(row))
        except RowFailure as exc:
            record(RowOutcome(row.number, FAILED, row.line, column=exc.column, message=exc.message))
    return None


class _Combined:
    """``--combined``: every written document appended to one .docx, which appears only if complete."""

    def __init__(self, path: str, force: bool) -> None:
        self.path = path
        self.file = AtomicFile(Path(path), force)
        self.writer = docx_io.CombinedWriter(self.file.fh)

    def add(self, outcome: RowOutcome) -> None:
        try:
            self.writer.add(outcome.info, outcome.body)
        except (RuntimeError, OSError) as exc:  # zip size limit, disk full
            raise OutputError(f"无法写入合并文件：{exc}", file=self.path) from None

    def finish(self, keep: bool) -> bool:
        """Commit the file, or (not ``keep``, or nothing in it) drop it: a partial combined file
        would pass for a complete one. Whether it was kept."""
        if not keep or self.writer.count == 0:
            self.writer.abandon()
            self.file.discard()
            return False
        self.writer.close()
        self.file.commit()
        return True

    def abandon(self) -> None:
        try:
            self.writer.abandon()
        finally:
            self.file.discard()


class _Recorder:
    """Where each row's outcome goes, in table order: the report, the counts, the combined file, the progress bar."""

    def __init__(self, result: BatchResult, report: Report, combined: _Combined | None, table_file: str,
                 progress: Progress | None) -> None:
        self.result, self.report, self.combined = result, report, combined
        self.table_file, self.progress = table_file, progress
        self.count = 0

    def __call__(self, outcome: RowOutcome) -> None:
        result = self.result
        self.report.add(outcome)
        self.count += 1
        if outcome.status == WRITTEN:
            result.written += 1
            if self.combined is not None:
                self.combined.add(outcome)
        elif outcome.status == FAILED:
            result.failed += 1
            if len(result.failures) < MAX_LISTED_FAILURES:
                result.failures.append(TableError(outcome.message, file=self.table_file, line=outcome.line,
                                                  row=outcome.row, column=outcome.column or None))
        else:
            result.skipped += 1
        if self.progress:
            self.progress(self.count, result.total)
