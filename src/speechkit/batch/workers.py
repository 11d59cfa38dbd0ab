"""Rows built in worker processes (``-j N``): what each worker starts from, how the parent tells
them to skip the rest, and how rows are dealt out in chunks. The pipes and processes themselves
are :mod:`speechkit.batch.parallel`'s."""

from __future__ import annotations

import mmap
import shutil
import tempfile
from collections.abc import Callable, Iterator
from itertools import islice
from typing import Any, Protocol

from .options import BatchOptions
from .plan import RowFailure
from .rows import FAILED, SKIPPED, RowBuilder, RowOutcome
from .tables import Row


class StopFlag:
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


class RowWorker:
    """The state one worker process builds rows with, handed to it through the pool's set-up.

    A forked worker inherits this object as the parent left it, with the parent's prepared
    :class:`RowBuilder` (templates compiled, and whatever the probe row loaded). A spawned one
    (Windows, macOS) gets it pickled without the builder, which does not pickle, and prepares its
    own from the options in :meth:`start`. ``start`` and the worker itself go to the process in one
    pickle, so both are the same object there too.
    """

    def __init__(self, options: BatchOptions, text: str, label: str, builder: RowBuilder, stop: StopFlag,
                 scratch: list[str]) -> None:
        self.options, self.text, self.label = options, text, label
        self.first_column = builder.first_column
        self.builder: RowBuilder | None = builder
        self.stop, self.scratch = stop, scratch

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["builder"] = None
        return state

    def start(self, index: int) -> None:
        if self.builder is None:
            self.builder = RowBuilder(self.options, self.text, self.label, self.first_column)
        self.builder.scratch = self.scratch[index]  # this process's copy: the parent's keeps None

    def __call__(self, rows: list[Row]) -> list[RowOutcome]:
        builder = self.builder
        assert builder is not None, "start() prepares the builder"
        outcomes = []
        for row in rows:
            if self.stop.is_set():
                outcomes.append(RowOutcome(row.number, SKIPPED, row.line, message="未生成：运行已停止"))
                continue
            try:
                outcomes.append(builder.run(row))
            except RowFailure as exc:  # fatal in the probe; here another row already succeeded
                outcomes.append(RowOutcome(row.number, FAILED, row.line, column=exc.column, message=exc.message))
        return outcomes


def chunks(rows: Iterator[Row], left: int, jobs: int) -> Iterator[list[Row]]:
    """Chunks that shrink as the table runs out (16 rows at most, 1 at the end): few messages while
    there is plenty to do, and the workers finish together rather than one waiting on the other's
    last big chunk."""
    while True:
        chunk = list(islice(rows, max(1, min(16, left // (jobs * 4)))))
        if not chunk:
            return
        left -= len(chunk)
        yield chunk


class Interruptions(Protocol):
    """The run's Ctrl-C state (``speechkit.batch.run``): asked before each chunk; ``event`` is set on a press."""

    requested: bool
    event: StopFlag | None


def build_in_workers(options: BatchOptions, builder: RowBuilder, text: str, label: str, rows: Iterator[Row],
                     left: int, interrupts: Interruptions, record: Callable[[RowOutcome], None]) -> str | None:
    """Build the ``left`` rows still in ``rows`` in ``options.jobs`` processes, recording each
    outcome in table order. Returns why the run stopped early (a worker died), or None."""
    import multiprocessing

    from .parallel import WorkerDied, run_chunks

    stop = StopFlag(multiprocessing.get_context())
    interrupts.event = stop

    def record_chunk(outcomes: list[RowOutcome]) -> None:
        for outcome in outcomes:
            record(outcome)

    def lost(chunk: list[Row], delivered: bool) -> None:
        for row in chunk:
            if delivered:
                record(RowOutcome(row.number, FAILED, row.line, message="生成本行的工作进程意外退出；"
                                  "本行文件可能已写入，也可能未写入，请核对"))
            else:
                record(RowOutcome(row.number, SKIPPED, row.line, message="未生成：有工作进程意外退出"))

    # Each worker makes its temporary files in a folder of its own: two processes creating files in
    # one folder contend for its lock (on ext4, a third more system time and a slower run); the move
    # into place is then the only step they share. Removed at the end, with whatever a killed
    # worker left in it.
    scratch = [tempfile.mkdtemp(prefix=".speechkit-", dir=options.out_dir) for _ in range(options.jobs)]
    worker = RowWorker(options, text, label, builder, stop, scratch)
    try:
        run_chunks(chunks(rows, left, options.jobs), worker, record_chunk, jobs=options.jobs, setup=worker.start,
                   stop=lambda: interrupts.requested, lost=lost, halt=stop.set)
    except WorkerDied:
        return "有工作进程意外退出（可能是内存不足）；可减小 -j 后重试"
    finally:
        for folder in scratch:
            shutil.rmtree(folder, ignore_errors=True)
    return None
