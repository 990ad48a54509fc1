"""Worker processes for a batch: each with two pipes of its own, driven by the calling thread.

:func:`cadence.plan_many` sends its chunks here. A pool of :mod:`concurrent.futures` hands
every task and result between the calling thread and two threads of its own (one pickles and
feeds the workers, one receives and completes the futures); in the calling process, those
hand-offs cost about as much as reading the results. Here the calling thread writes a chunk
to a worker's pipe and reads the answer from the worker's other pipe when the stream reaches
it, and nothing else runs in the calling process: for a batch of 768 new leads of the
persistent preset, its time per timeline went from 19-20 µs to 13-15 µs.

In each worker, a thread reads the chunks as they arrive, so a chunk written while the
worker writes an answer back never waits for it (two full pipes would wait on each other).
A worker that dies is seen as the end of its answer pipe.

**How workers start**: from a fork server where the platform has one (Linux, macOS), else
by spawning (Windows), whatever :func:`multiprocessing.set_start_method` says. Forking the
calling process itself copies its page tables and shares its pages until the workers end,
so a process with a large heap pays for both on every batch (about 1.6 ms per worker per
100 MB held, measured), and forking a process that runs threads (a web server's) can
deadlock the child: Python 3.12 warns about it, and 3.14 makes the fork server the default
on Linux. The fork server is a small process that Python starts once, on the first batch,
and that forks each worker. With it, a batch of 768 new leads of the persistent preset
costs the calling process 8.7-8.9 µs per timeline, against 12.5-13.0 µs when the calling
process forks the workers itself. A worker started that way imports the cadence's rules
by module name. One that cannot do so (a rule of your own defined in a notebook) says so,
and the calling process plans its chunks itself: :attr:`WorkerProcesses.job_error`, and
:func:`cadence.plan_many` warns.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import pickle
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # ForkServerContext does not exist on Windows
    from multiprocessing.context import DefaultContext, ForkServerContext

__all__ = ["WorkerDiedError", "WorkerProcesses"]

_Job = TypeVar("_Job")
# Seconds a worker is given to stop by itself before it is terminated.
_STOP_WAIT = 5.0
_STOP = b""
# How a worker that could not read the job answers every chunk: this, then why.
_NO_JOB = b"cadence: no job: "


class WorkerDiedError(Exception):
    """A worker process ended before it answered (killed, out of memory, or exited)."""


def _context() -> DefaultContext | ForkServerContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context()  # Windows: spawning
    from multiprocessing import forkserver  # noqa: PLC0415 - not on Windows

    context = multiprocessing.get_context("forkserver")
    # The server imports these modules once, and every worker it forks has them: importing
    # cadence in each worker added about 0.2 s to every batch. Added to the server's list
    # (Python's own default is ["__main__"]), never in place of it.
    server = getattr(forkserver, "_forkserver", None)
    preload = list(getattr(server, "_preload_modules", None) or ["__main__"])
    if "cadence" not in preload:
        context.set_forkserver_preload([*preload, "cadence"])
    return context


def _serve(
    chunks: Connection, answers: Connection, answer: Callable[[Any, bytes], bytes], job: bytes
) -> None:
    """A worker's life: answer every chunk, in order, until the empty message or a closed pipe."""
    inbox: queue.SimpleQueue[bytes] = queue.SimpleQueue()

    def read() -> None:
        while True:
            try:
                data = chunks.recv_bytes()
            except (EOFError, OSError):  # the calling process closed the pipe, or died
                data = _STOP
            inbox.put(data)
            if data == _STOP:
                return

    threading.Thread(target=read, daemon=True).start()
    loaded: Any = None
    unreadable = b""
    try:
        loaded = pickle.loads(job)  # noqa: S301 - pickled by the calling process
    except Exception as error:  # noqa: BLE001 - said with every answer instead
        unreadable = _NO_JOB + f"{type(error).__name__}: {error}".encode()
    while (data := inbox.get()) != _STOP:
        try:
            answers.send_bytes(unreadable or answer(loaded, data))
        except OSError:  # the calling process no longer reads: the batch has ended
            return


class WorkerProcesses(Generic[_Job]):
    """``count`` worker processes, each answering the chunks sent to it in order.

    ``answer(job, chunk)`` runs in the workers (a function at module level, so that any
    start method can send it): it must not raise, and the bytes it returns are the answer.
    ``job`` is the job pickled (the caller pickles it once, and refuses one that cannot be):
    it goes to each worker once; a worker that cannot read it answers every chunk with
    empty bytes, and :attr:`job_error` says why. A chunk is never empty (the empty message
    stops a worker). :meth:`close` stops them all.
    """

    def __init__(self, count: int, answer: Callable[[_Job, bytes], bytes], job: bytes) -> None:
        context = _context()
        self.job_error: str | None = None
        """Why a worker could not read the job, once one said so (None until then)."""
        self._job_error_taken = False
        self._processes: list[BaseProcess] = []
        self._chunks: list[Connection] = []
        self._answers: list[Connection] = []
        # How many chunks each worker has been sent and has not answered yet.
        self._waiting: list[int] = []
        try:
            for _ in range(count):
                chunks_read, chunks_write = context.Pipe(duplex=False)
                answers_read, answers_write = context.Pipe(duplex=False)
                process = context.Process(
                    target=_serve, args=(chunks_read, answers_write, answer, job), daemon=True
                )
                try:
                    process.start()
                except BaseException:
                    chunks_write.close()
                    answers_read.close()
                    raise
                finally:
                    # The worker's ends are closed here before the next worker starts, so the
                    # answer pipe's writing end is in this worker alone: its death ends it.
                    chunks_read.close()
                    answers_write.close()
                self._processes.append(process)
                self._chunks.append(chunks_write)
                self._answers.append(answers_read)
                self._waiting.append(0)
        except BaseException:
            self.close()
            raise

    def send(self, worker: int, chunk: bytes) -> None:
        """Send ``chunk`` to the worker numbered ``worker`` (from 0).

        Raises:
            WorkerDiedError: the worker is no longer there to read it.
        """
        try:
            self._chunks[worker].send_bytes(chunk)
        except OSError as error:
            raise self._died(worker) from error
        self._waiting[worker] += 1

    def receive(self, worker: int) -> bytes:
        """The answer to the oldest chunk the worker numbered ``worker`` has not answered yet.

        Empty bytes when the worker could not read the job (:attr:`job_error`).

        Raises:
            WorkerDiedError: the worker died before it answered.
        """
        try:
            answer = self._answers[worker].recv_bytes()
        except (EOFError, OSError) as error:
            raise self._died(worker) from error
        self._waiting[worker] -= 1
        if answer.startswith(_NO_JOB):
            if self.job_error is None:
                self.job_error = answer[len(_NO_JOB) :].decode(errors="replace")
            return b""
        return answer

    def take_job_error(self) -> str | None:
        """:attr:`job_error` the first time it is asked for once set; None before and after."""
        if self.job_error is None or self._job_error_taken:
            return None
        self._job_error_taken = True
        return self.job_error

    def _died(self, worker: int) -> WorkerDiedError:
        process = self._processes[worker]
        process.join(_STOP_WAIT)
        return WorkerDiedError(f"a worker process ended abruptly (exit code {process.exitcode})")

    def close(self) -> None:
        """Stop every worker: one that still has chunks to answer is terminated at once.

        Nobody will read those answers; an idle worker is asked to stop and given a few
        seconds.
        """
        for worker, process in enumerate(self._processes):
            if self._waiting[worker]:
                process.terminate()
            else:
                with contextlib.suppress(OSError):  # it has ended already
                    self._chunks[worker].send_bytes(_STOP)
        for process in self._processes:
            process.join(_STOP_WAIT)
            if process.exitcode is None:
                process.terminate()
                process.join()
        for connection in (*self._chunks, *self._answers):
            connection.close()
