"""Worker processes: numbered chunks go out on one pipe per worker, results come back in order.

Deliberately lean: no futures and no threads in the parent. ``ProcessPoolExecutor`` cost the
parent about 0.6 ms of CPU per chunk (a future, a queue-feeder thread and a management thread
handing the GIL around), and on a two-core machine every millisecond the parent spends is taken
from a worker.

A worker holds at most two chunks, and the parent keeps at most ``4 × jobs`` between "sent" and
"recorded", so a slow chunk holds back at most that many finished ones and memory stays bounded.
Results are handed to ``record`` in chunk order whatever order they arrive in. A worker that dies
(killed, out of memory) shows up as end-of-file on its pipe: its unfinished chunks are handed to
``lost`` and the run stops feeding.

Deadlock: the parent may be blocked sending a big chunk to a worker while that worker is sending
a big result back; if both waited for the other to read, neither would. So a worker hands a big
result to a thread of its own that sends it, and its main thread goes back to reading (see
:class:`_Outbox`).
"""

from __future__ import annotations

import multiprocessing
import queue
import signal
import threading
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any, cast

IN_FLIGHT_PER_WORKER = 2  # one being built, one waiting: a worker never idles on the parent
# Chunks sent and not yet recorded, per worker. Results are recorded in order, so a worker that is
# this far ahead of the oldest unfinished chunk waits; at 2 (no slack) a worker stalled for a whole
# chunk whenever the other one was briefly slow (10-20 ms, several times a run).
WINDOW_PER_WORKER = 4


def _serve(conn: Connection, index: int, setup: Callable[..., None], args: tuple, work: Callable[[Any], Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    outbox = _Outbox(conn)
    try:
        setup(index, *args)
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):  # the parent is gone
                return
            if message is None:
                return
            number, chunk = message
            try:
                outbox.send((number, work(chunk)))
            except Exception:  # a bug: the parent raises it with this traceback
                outbox.send((number, _Raised(traceback.format_exc())))
                return
    finally:
        outbox.close()


class _Outbox:
    """A worker's way back to the parent: a small result is sent at once, a big one by a thread.

    A small result cannot block: the parent keeps at most IN_FLIGHT_PER_WORKER chunks at a worker,
    so at most that many results are ever unread in the pipe, and that many small ones fit in any
    platform's pipe buffer (8 KiB at the least). A big one (long cells, ``--combined``) could fill
    it while the parent is itself blocked sending this worker a big chunk, so a thread sends it and
    the worker goes back to reading. Not a thread for everything: handing the interpreter lock to
    it and back cost about a millisecond per chunk, on the critical path. Once anything is with
    the thread, everything goes through it until it is done, so messages never interleave.
    """

    # Bytes. Two of them with their headers stay under 8 KiB (the pipe buffer multiprocessing asks
    # Windows for; Linux and macOS give 16-64 KiB). A chunk of 16 written rows is 2-3 KiB, mostly
    # the files' paths, so the usual chunk never goes by the thread.
    SMALL = 3584

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.queue: queue.SimpleQueue = queue.SimpleQueue()
        self.lock = threading.Lock()
        self.pending = 0  # results given to the thread and not yet sent
        self.thread: threading.Thread | None = None

    def send(self, item: Any) -> None:
        data = ForkingPickler.dumps(item)
        with self.lock:
            direct = self.pending == 0 and len(data) <= self.SMALL
            if not direct:
                self.pending += 1
        if direct:
            try:
                self.conn.send_bytes(data)
            except OSError:  # the parent is gone or stopped listening: nothing left to tell it
                pass
            return
        if self.thread is None:
            self.thread = threading.Thread(target=self._send_queued, daemon=True)
            self.thread.start()
        self.queue.put(data)

    def _send_queued(self) -> None:
        while (data := self.queue.get()) is not None:
            try:
                self.conn.send_bytes(data)
            except OSError:
                pass
            with self.lock:
                self.pending -= 1

    def close(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()


class WorkerDied(Exception):
    """A worker process ended without finishing its chunks."""


class _Raised:
    def __init__(self, text: str) -> None:
        self.text = text


def _bury(conn: Connection, held: dict[Connection, list[int]], sent: dict[int, Any], done: dict[int, Any],
          halt: Callable[[], None]) -> None:
    """A worker died: the others skip what they hold, its own chunks are lost."""
    halt()
    for number in held.pop(conn, []):
        done[number] = _Lost(sent[number], delivered=True)


class _Lost:
    def __init__(self, chunk: Any, delivered: bool) -> None:
        self.chunk, self.delivered = chunk, delivered  # delivered: the worker may have done part of it


def run_chunks(chunks: Iterator[Any], work: Callable[[Any], Any], record: Callable[[Any], None], *, jobs: int,
               setup: Callable[..., None], setup_args: tuple = (), stop: Callable[[], bool] = lambda: False,
               lost: Callable[[Any, bool], None] | None = None, halt: Callable[[], None] = lambda: None) -> None:
    """Run ``work(chunk)`` in ``jobs`` processes; ``record(result)`` in the parent, in chunk order.

    ``setup(index, *setup_args)`` runs once in each worker first (with fork it finds the parent's
    state already there); ``index`` tells the workers apart, 0 to ``jobs - 1``.

    ``stop()`` is asked before each chunk is sent: once true, chunks already sent are still
    recorded, no more are sent. ``halt()`` must make the workers skip the rest of their chunks; it
    is called when a worker dies (whose chunks go to ``lost(chunk, delivered)``, ``delivered`` false
    for one it never received; :class:`WorkerDied` is raised after recording what the others
    finished) and when the parent fails, before waiting for them.
    """
    context = multiprocessing.get_context()
    workers: dict[Connection, multiprocessing.process.BaseProcess] = {}
    held: dict[Connection, list[int]] = {}
    try:
        # Workers start with Ctrl-C ignored (the disposition survives fork and exec), not only once
        # _serve runs: a spawned worker spends a third of a second importing before that.
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main_thread else None
        try:
            for index in range(jobs):
                here, there = context.Pipe()
                process = context.Process(target=_serve, args=(there, index, setup, setup_args, work), daemon=True)
                process.start()
                there.close()  # so that the worker's death reads as end-of-file here
                workers[here] = process
                held[here] = []
        finally:
            if main_thread:
                signal.signal(signal.SIGINT, previous)
        _loop(chunks, record, stop, lost, halt, held)
    except BaseException:
        halt()
        raise
    finally:
        for conn in workers:
            try:
                conn.send(None)
            except OSError:
                pass
            conn.close()
        for worker in workers.values():
            worker.join()


def _loop(chunks: Iterator[Any], record: Callable[[Any], None], stop: Callable[[], bool],
          lost: Callable[[Any, bool], None] | None, halt: Callable[[], None],
          held: dict[Connection, list[int]]) -> None:
    feed = _Feed(chunks, record, lost, halt, held)
    while True:
        feed.send_more(stop)
        feed.record_ready()
        if feed.next_record == feed.next_number:  # everything sent is recorded
            if feed.exhausted or feed.dead or stop():
                break
            continue  # the window was full before these were recorded: send more
        if not feed.receive():  # nothing more will come (never expected: what is sent is recorded or held)
            break
    if feed.dead:
        raise WorkerDied


class _Feed:
    """The parent's side of :func:`run_chunks`: chunks numbered as they are sent, results kept
    until their turn to be recorded."""

    def __init__(self, chunks: Iterator[Any], record: Callable[[Any], None], lost: Callable[[Any, bool], None] | None,
                 halt: Callable[[], None], held: dict[Connection, list[int]]) -> None:
        self.chunks, self.record, self.lost, self.halt, self.held = chunks, record, lost, halt, held
        self.sent: dict[int, Any] = {}  # number → chunk, until recorded (what ``lost`` gets)
        self.done: dict[int, Any] = {}  # number → result arrived ahead of its turn
        self.next_number = self.next_record = 0
        self.exhausted = self.dead = False
        self.window = WINDOW_PER_WORKER * len(held)

    def send_more(self, stop: Callable[[], bool]) -> None:
        """Send chunks to the least busy workers until each holds IN_FLIGHT_PER_WORKER or the window is full."""
        held = self.held
        while not (self.exhausted or self.dead or stop()) and self.next_number - self.next_record < self.window:
            conn = min((c for c in held if len(held[c]) < IN_FLIGHT_PER_WORKER), key=lambda c: len(held[c]),
                       default=None)
            if conn is None:
                return
            chunk = next(self.chunks, None)
            if chunk is None:
                self.exhausted = True
                return
            number = self.next_number
            self.sent[number] = chunk
            self.next_number += 1
            try:
                conn.send((number, chunk))
            except OSError:  # the worker is gone
                self.done[number] = _Lost(chunk, delivered=False)
                self.dead = True
                _bury(conn, held, self.sent, self.done, self.halt)
                return
            held[conn].append(number)

    def record_ready(self) -> None:
        while self.next_record in self.done:
            result = self.done.pop(self.next_record)
            self.sent.pop(self.next_record)
            if isinstance(result, _Lost):
                if self.lost is not None:
                    self.lost(result.chunk, result.delivered)
            else:
                self.record(result)
            self.next_record += 1

    def receive(self) -> bool:
        """Wait for results from the workers that hold chunks; False when none does."""
        busy = [c for c in self.held if self.held[c]]
        if not busy:
            return False
        for conn in cast("list[Connection]", wait(busy)):  # it returns what it was given
            try:
                number, result = conn.recv()
            except (EOFError, OSError):
                self.dead = True
                _bury(conn, self.held, self.sent, self.done, self.halt)
                continue
            if isinstance(result, _Raised):
                raise RuntimeError(f"a worker process failed:\n{result.text}")
            self.held[conn].remove(number)
            self.done[number] = result
        return True
