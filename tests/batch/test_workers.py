"""Worker processes (-j N): same results as one process, in order, and a dead worker loses nothing silently."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from speechkit.batch import BatchOptions, run_batch
from speechkit.batch import rows as batch
from speechkit.batch.parallel import WorkerDied, run_chunks

from .test_batch import HEADER, OUTLINE, report_rows

PARENT = os.getpid()


def rows_csv(count: int, bad: tuple[int, ...] = ()) -> str:
    lines = []
    for i in range(1, count + 1):
        day = "2026-02-30" if i in bad else "2026-11-30"  # an impossible date fails that row only
        lines.append(f"第{i:02d}区,区长　王明,2026-03-16,{i},{i * 100},{day}\n")
    return HEADER + "".join(lines)


def report(path: Path) -> list[tuple[str, str, str, str]]:
    return [(r["row"], r["status"], Path(r["file"]).name, r["error"]) for r in report_rows(path)]


def options(tmp_path: Path, table: Path, out: str, jobs: int) -> BatchOptions:
    return BatchOptions(outline=str(tmp_path / "o.yaml"), table=str(table), out_dir=str(tmp_path / out), jobs=jobs)


@pytest.fixture
def setup(tmp_path, write):
    write("o.yaml", OUTLINE)
    return write("t.csv", rows_csv(40, bad=(7, 23)))


def test_workers_give_the_same_files_and_report_as_one_process(tmp_path, setup):
    one = run_batch(options(tmp_path, setup, "one", 1))
    two = run_batch(options(tmp_path, setup, "two", 2))
    assert (one.written, one.failed, two.written, two.failed) == (38, 2, 38, 2)
    names = sorted(p.name for p in (tmp_path / "one").glob("*.docx"))
    assert len(names) == 38
    assert names == sorted(p.name for p in (tmp_path / "two").glob("*.docx"))
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert report(tmp_path / "one" / "batch-report.csv") == report(tmp_path / "two" / "batch-report.csv")
    assert [r[0] for r in report(tmp_path / "two" / "batch-report.csv")] == [str(i) for i in range(2, 42)]
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == sorted([*names, "batch-report.csv"])


@pytest.mark.slow
def test_spawned_workers_as_on_windows_and_macos_give_the_same_files(tmp_path, setup, monkeypatch):
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: spawn)
    one = run_batch(options(tmp_path, setup, "one", 1))
    two = run_batch(options(tmp_path, setup, "two", 2))
    assert (one.written, two.written, two.failed, two.exit_code) == (38, 38, 2, 1)
    for path in (tmp_path / "one").glob("*.docx"):
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()
    assert report(tmp_path / "one" / "batch-report.csv") == report(tmp_path / "two" / "batch-report.csv")


def test_a_few_rows_are_built_without_starting_workers(tmp_path, write, monkeypatch):
    write("o.yaml", OUTLINE)
    table = write("t.csv", rows_csv(6))

    def no_workers(*args, **kwargs):
        raise AssertionError("workers started for 5 rows")

    monkeypatch.setattr("speechkit.batch.parallel.run_chunks", no_workers)
    result = run_batch(options(tmp_path, table, "out", 2))
    assert (result.written, result.exit_code) == (6, 0)


def test_a_dead_worker_is_reported_and_the_rest_is_recorded_in_order(tmp_path, setup, monkeypatch):
    real_run = batch.RowBuilder.run

    def run(self, row):
        if row.number == 21 and os.getpid() != PARENT:
            os._exit(9)  # as the kernel's out-of-memory killer would end it: no cleanup, no message
        return real_run(self, row)

    monkeypatch.setattr(batch.RowBuilder, "run", run)
    result = run_batch(options(tmp_path, setup, "out", 2))
    assert result.aborted and result.exit_code == 1
    rows = report(tmp_path / "out" / "batch-report.csv")
    numbers = [int(r[0]) for r in rows]
    assert numbers == sorted(numbers) and numbers[0] == 2
    lost = {r[0]: r for r in rows if "生成本行的工作进程意外退出" in r[3]}
    assert "21" in lost and all(r[1] == "failed" for r in lost.values())
    written = {r[2] for r in rows if r[1] == "written"}
    assert written == {p.name for p in (tmp_path / "out").glob("*.docx")} - {
        f"第{int(n) - 1:02d}区.docx" for n in lost}  # a lost row may or may not have its file
    assert result.written == len(written)
    assert result.total - result.written - result.failed == sum(r[1] == "skipped" for r in rows) + (
        40 - len(rows))
    assert not list((tmp_path / "out").glob(".*"))  # no temporary files or workers' folders


def test_a_bug_in_a_worker_is_raised_and_leaves_no_report(tmp_path, setup, monkeypatch):
    def run(self, row):
        raise ZeroDivisionError("a bug")

    real_run = batch.RowBuilder.run
    monkeypatch.setattr(batch.RowBuilder, "run",
                        lambda self, row: real_run(self, row) if os.getpid() == PARENT else run(self, row))
    with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug"):
        run_batch(options(tmp_path, setup, "out", 2))
    assert not (tmp_path / "out" / "batch-report.csv").exists()
    assert not list((tmp_path / "out").glob(".*"))


# ---------------------------------------------------------------------------------------------
# run_chunks on its own


def _slow_first(chunk: list[int]) -> list[int]:
    if chunk[0] == 0:
        time.sleep(0.3)  # chunk 0 finishes long after the others: results must still come in order
    return [n * n for n in chunk]


def test_results_are_recorded_in_chunk_order():
    got: list[list[int]] = []
    chunks = iter([[0, 1], [2, 3], [4, 5], [6, 7], [8]])
    run_chunks(chunks, _slow_first, got.append, jobs=2, setup=lambda index: None)
    assert got == [[0, 1], [4, 9], [16, 25], [36, 49], [64]]


def _first(chunk: list[int]) -> int:
    return chunk[0]


@pytest.mark.parametrize("attempt", range(3))
def test_every_chunk_is_recorded_however_fast_results_come_back(attempt):
    got: list[int] = []
    run_chunks(iter([[i] for i in range(3000)]), _first, got.append, jobs=2, setup=lambda index: None)
    assert got == list(range(3000))


def test_stop_ends_feeding_but_records_what_was_sent():
    got: list[list[int]] = []
    chunks = iter([[i] for i in range(100)])
    run_chunks(chunks, _slow_first, got.append, jobs=2, setup=lambda index: None, stop=lambda: len(got) >= 1)
    assert 1 <= len(got) < 100
    assert got == [[n * n] for n in range(len(got))]
    assert next(chunks) == [len(got)]  # nothing was taken from the iterator that was not recorded


def _die_on_three(chunk: list[int]) -> list[int]:
    if 3 in chunk:
        os._exit(1)
    time.sleep(0.01)
    return chunk


def test_a_dead_worker_hands_its_chunks_to_lost():
    got, lost, halted = [], [], []
    with pytest.raises(WorkerDied):
        run_chunks(iter([[i] for i in range(12)]), _die_on_three, got.append, jobs=2, setup=lambda index: None,
                   lost=lambda chunk, delivered: lost.append(chunk), halt=lambda: halted.append(True))
    assert halted
    assert [3] in lost
    assert sorted(x for chunk in got + lost for x in chunk) == list(range(len(got) + len(lost)))


def _die_soon_after_three(chunk: list[int]) -> list[int]:
    if 3 in chunk:  # answer, then die before the next chunk arrives (or while it does)
        import threading

        threading.Timer(0.02, os._exit, (1,)).start()
    time.sleep(0.005)
    return chunk


@pytest.mark.parametrize("attempt", range(5))
def test_a_worker_that_dies_between_chunks_is_a_dead_worker_not_an_error(attempt):
    events = []
    with pytest.raises(WorkerDied):
        run_chunks(iter([[i] for i in range(400)]), _die_soon_after_three, lambda r: events.append(("ok", r)),
                   jobs=2, setup=lambda index: None, lost=lambda chunk, delivered: events.append(("lost", chunk)))
    numbers = [x for _, chunk in events for x in chunk]
    assert numbers == list(range(len(numbers)))  # every chunk taken is accounted for once, in order
    assert ("ok", [3]) in events


def _echo(chunk: str) -> str:
    return chunk


def test_big_chunks_and_big_results_both_ways_do_not_deadlock():
    # Both directions over the pipes' buffers at once: the parent sending while a worker answers.
    import faulthandler

    big = "公" * 400_000
    got: list[str] = []
    faulthandler.dump_traceback_later(120, exit=True)  # a deadlock ends the run with a traceback, not a hang
    try:
        run_chunks(iter([big] * 12), _echo, got.append, jobs=2, setup=lambda index: None)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert got == [big] * 12


def _sized(chunk: int) -> str:
    return "公" * (300_000 if chunk % 3 == 0 else 10)  # a big result goes by the worker's thread


@pytest.mark.parametrize("attempt", range(3))
def test_small_results_sent_at_once_never_cut_into_a_big_one(attempt):
    import faulthandler

    got: list[str] = []
    faulthandler.dump_traceback_later(60, exit=True)  # a garbled pipe hangs the parent: fail, not hang
    try:
        run_chunks(iter(range(90)), _sized, got.append, jobs=2, setup=lambda index: None)
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert got == [_sized(i) for i in range(90)]
