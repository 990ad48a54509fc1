"""Planning many leads at once: a stream of timelines, optionally across processes."""

from __future__ import annotations

import collections
import pickle
import sys
import warnings
from collections.abc import Generator, Iterable, Iterator
from datetime import datetime
from typing import Any, Final, Literal, NamedTuple, overload

from cadence._time import check_aware
from cadence.batch_arguments import brief, check_count, check_pairs, check_sendable, check_until
from cadence.batch_columns import from_columns, to_columns
from cadence.batch_error import BatchError
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.cadence import Cadence
from cadence.errors import InvalidTypeError
from cadence.events import Event
from cadence.lead import Lead
from cadence.planner import plan
from cadence.span import SpanLike
from cadence.timeline import Timeline
from cadence.worker_processes import WorkerDiedError, WorkerProcesses

__all__ = ["DEFAULT_CHUNK_SIZE", "MAX_CHUNK_SIZE", "MAX_WORKERS", "BatchError", "plan_many"]

DEFAULT_CHUNK_SIZE: Final = 128
"""How many leads :func:`plan_many` sends to a worker process at a time (64 until 2026-12-03:
a chunk costs the calling process about the same whatever its size)."""

MAX_CHUNK_SIZE: Final = MAX_WHOLE_NUMBER
"""The largest ``chunk_size`` :func:`plan_many` takes."""

MAX_WORKERS: Final = 61 if sys.platform == "win32" else 1024
"""The most worker processes :func:`plan_many` starts (Windows allows no more than 61)."""


class _Job(NamedTuple):
    """What every lead of a batch is planned with; sent to worker processes."""

    cadence: Cadence
    now: datetime
    until: datetime | SpanLike | None
    max_touches: int | None


class _Unread(NamedTuple):
    """A pair whose history raised while it was read, to be reported in its place."""

    lead: Lead | None
    error: Exception


@overload
def plan_many(
    cadence: Cadence,
    leads_and_histories: Iterable[tuple[Lead, Iterable[Event]]],
    *,
    now: datetime,
    until: datetime | SpanLike | None = ...,
    max_touches: int | None = ...,
    workers: int | None = ...,
    chunk_size: int = ...,
    return_exceptions: Literal[False] = ...,
) -> Iterator[Timeline]: ...


@overload
def plan_many(
    cadence: Cadence,
    leads_and_histories: Iterable[tuple[Lead, Iterable[Event]]],
    *,
    now: datetime,
    until: datetime | SpanLike | None = ...,
    max_touches: int | None = ...,
    workers: int | None = ...,
    chunk_size: int = ...,
    return_exceptions: Literal[True],
) -> Iterator[Timeline | BatchError]: ...


def plan_many(  # noqa: PLR0913 - all but two are keyword-only
    cadence: Cadence,
    leads_and_histories: Iterable[tuple[Lead, Iterable[Event]]],
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    max_touches: int | None = None,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    return_exceptions: bool = False,
) -> Iterator[Timeline] | Iterator[Timeline | BatchError]:
    """Plan every lead of a batch with one cadence: a stream of timelines, in input order.

    The result is an iterator: timelines come out while the input is still being read, so a
    nightly replan of millions of leads runs in flat memory. Each timeline equals
    ``plan(cadence, lead, history, now=now, until=until, max_touches=max_touches)``.

    With ``workers``, the leads are planned in that many worker processes, sent in chunks of
    ``chunk_size``; at most two chunks per worker are in flight, so the input is read only a
    little ahead of the output. The workers are forked by a small server process that Python
    starts on the first batch (spawned on Windows; see :mod:`cadence.worker_processes`), not
    by this process. Cadences, leads, events and timelines are picklable values, which is
    all this needs; a rule of your own must be a class the workers can import by its
    module's name (defined at module level, not in a notebook). A cadence the workers cannot
    read is planned in this process, with a :class:`RuntimeWarning` that says why. A chunk
    that cannot be sent to a worker process, or whose results cannot come back (a history
    holding something that is not an event), is planned in this process instead, so the
    stream is the same as without workers. Each chunk of timelines comes back in a compact
    column form (:mod:`cadence.batch_columns`), and each timeline is rebuilt in this process
    when the stream reaches it, for about a sixteenth of what planning it costs: workers pay
    off on machines with several cores to spare.
    Timelines of a chunk that hold an equal touch (the same instant, zone and fields) share
    that touch, a frozen value, as one object.

    Nothing ends the batch silently. Every timeline before a failure is delivered, in input
    order, and then a :class:`BatchError` says what went wrong and where (its ``stage``):

    - a lead whose planning fails (``"plan"``, with the lead's position and the original
      exception as ``error``): raised by default; with ``return_exceptions=True`` it is
      yielded in the lead's place and the stream goes on, so a batch job can log the bad
      records and plan the rest;
    - the input raising while it is read (``"input"``), or a worker process dying
      (``"worker"``, with the positions of the leads it may have been planning): the stream
      cannot go on, so the error is raised, or with ``return_exceptions=True`` yielded as
      the stream's last item.

    Args:
        cadence: The rules, the same for every lead.
        leads_and_histories: ``(lead, history)`` pairs, any iterable (a generator reading
            rows from a database is fine).
        now: The present, as an aware datetime.
        until: The horizon, as for :func:`~cadence.plan`.
        max_touches: The touch limit per lead, as for :func:`~cadence.plan`.
        workers: Plan in this many worker processes, from 1 to :data:`MAX_WORKERS`; None
            (the default) plans in this process, one lead at a time as the stream is read.
        chunk_size: Leads per task sent to a worker process, from 1 to
            :data:`MAX_CHUNK_SIZE`. One chunk goes to one worker: a smaller size spreads a
            small batch over every worker, for a little more of this process's time.
        return_exceptions: Yield a :class:`BatchError` for a failing lead instead of
            raising it.

    Returns:
        An iterator of timelines (and errors, with ``return_exceptions``), one per input
        pair, in input order, up to an error that ends the batch.

    Raises:
        InvalidTypeError: at once, for a cadence that is not a :class:`~cadence.Cadence`, an
            input that is not an iterable of pairs, or an argument of the wrong type.
        InvalidValueError: at once, for a naive ``now``, an ``until`` that is no horizon,
            a negative ``max_touches``, or ``workers`` or ``chunk_size`` out of range.
        BatchError: at once, with ``workers``, for a cadence that cannot be sent to worker
            processes (``"send"``); while iterating, for the first lead that fails (unless
            ``return_exceptions``) or a failure that ends the batch.
    """
    if not isinstance(cadence, Cadence):
        raise InvalidTypeError(f"cadence: expected a Cadence, got {cadence!r}")
    check_aware(now, "now")
    check_until(until, now)
    if max_touches is not None:
        check_count(max_touches, "max_touches", 0, None)
    if workers is not None:
        check_count(workers, "workers", 1, MAX_WORKERS)
    check_count(chunk_size, "chunk_size", 1, MAX_CHUNK_SIZE)
    if not isinstance(return_exceptions, bool):
        raise InvalidTypeError(
            f"return_exceptions: expected True or False, got {return_exceptions!r}"
        )
    pairs = check_pairs(leads_and_histories)
    job = _Job(cadence, now, until, max_touches)
    results = (
        _planned_here(job, pairs)
        if workers is None
        else _planned_in_processes(job, check_sendable(job), pairs, workers, chunk_size)
    )
    return results if return_exceptions else _raising(results)


def _raising(results: Generator[Timeline | BatchError]) -> Iterator[Timeline]:
    try:
        for result in results:
            if isinstance(result, BatchError):
                raise result from result.error
            yield result
    finally:
        results.close()  # stop the worker processes now, not when the stream is collected


def _is_pair(item: object) -> bool:
    return isinstance(item, tuple | list) and len(item) == 2


def _plan_one(job: _Job, index: int, item: Any) -> Timeline | BatchError:
    if isinstance(item, _Unread):
        return BatchError(index, item.lead, item.error)
    if not _is_pair(item):
        error = InvalidTypeError(f"expected a (lead, history) pair, got {brief(item)}")
        return BatchError(index, None, error)
    lead, history = item
    try:
        return plan(
            job.cadence, lead, history, now=job.now, until=job.until, max_touches=job.max_touches
        )
    except Exception as error:  # noqa: BLE001 - reported with the lead's position
        return BatchError(index, lead if isinstance(lead, Lead) else None, error)


def _plan_chunk(job: _Job, start: int, chunk: list[Any]) -> list[Timeline | BatchError]:
    return [_plan_one(job, start + offset, item) for offset, item in enumerate(chunk)]


def _answer(job: _Job, data: bytes) -> bytes:
    # A chunk's results in column form, pickled (in a worker process); empty for a chunk that
    # cannot be read there or whose results cannot come back: the caller plans it.
    try:
        start, chunk = pickle.loads(data)  # noqa: S301 - sent by the calling process
        return pickle.dumps(to_columns(_plan_chunk(job, start, chunk)), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - planned in the calling process instead
        return b""


def _planned_here(job: _Job, pairs: Iterator[Any]) -> Generator[Timeline | BatchError]:
    index = 0
    while True:
        try:
            item = next(pairs)
        except StopIteration:
            return
        except Exception as error:  # noqa: BLE001 - the input's own failure, reported as such
            yield BatchError(index, None, error, "input")
            return
        yield _plan_one(job, index, item)
        index += 1


def _sendable(item: Any) -> Any:
    """The pair with its history as a tuple: a generator cannot go to another process."""
    if type(item) is tuple and len(item) == 2 and type(item[1]) is tuple:
        return item  # the usual pair, sent as it is
    if not _is_pair(item) or not isinstance(item[1], Iterable):
        return item  # planning it reports the problem
    lead, history = item
    try:
        return lead, tuple(history)
    except Exception as error:  # noqa: BLE001 - planning here would fail the same way
        return _Unread(lead if isinstance(lead, Lead) else None, error)


class _Sent(NamedTuple):
    """A chunk of the input on its way to a worker process."""

    start: int
    chunk: list[Any]
    worker: int | None  # None: it could not go, and is planned here
    died: WorkerDiedError | None = None

    @property
    def last(self) -> int:
        return self.start + len(self.chunk) - 1


def _read_chunk(pairs: Iterator[Any], start: int, size: int) -> tuple[list[Any], BatchError | None]:
    """Up to ``size`` items of the input, and the error that reading the next one raised."""
    chunk: list[Any] = []
    while len(chunk) < size:
        try:
            item = next(pairs)
        except StopIteration:
            break
        except Exception as error:  # noqa: BLE001 - the input's own failure, reported as such
            return chunk, BatchError(start + len(chunk), None, error, "input")
        chunk.append(_sendable(item))
    return chunk, None


def _send(workers: WorkerProcesses[_Job], worker: int, start: int, chunk: list[Any]) -> _Sent:
    try:
        data = pickle.dumps((start, chunk), pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - it cannot go there: plan it here
        return _Sent(start, chunk, None)
    try:
        workers.send(worker, data)
    except WorkerDiedError as error:
        return _Sent(start, chunk, worker, error)
    return _Sent(start, chunk, worker)


def _results(
    sent: _Sent, workers: WorkerProcesses[_Job], job: _Job
) -> Iterable[Timeline | BatchError] | WorkerDiedError:
    """The chunk's results, or the error of a worker process that died before they came back.

    Each timeline is rebuilt from the chunk's columns when the stream reaches it.
    """
    if sent.died is not None:
        return sent.died
    if sent.worker is not None:
        try:
            answer = workers.receive(sent.worker)
        except WorkerDiedError as error:
            return error
        if answer:
            try:
                return from_columns(pickle.loads(answer))  # noqa: S301 - our worker's answer
            except Exception:  # noqa: BLE001, S110 - it could not come back: plan it here
                pass
        elif (why := workers.take_job_error()) is not None:
            warnings.warn(_NO_JOB.format(why=why), RuntimeWarning, stacklevel=4)
    return _plan_chunk(job, sent.start, sent.chunk)


_NO_JOB = (
    "plan_many: the worker processes could not read the cadence ({why}), so its leads are "
    "planned in this process: define your own rules in a module they can import (not in a "
    "notebook), or plan with workers=None"
)


def _delivered(
    sent: _Sent, pending: collections.deque[_Sent], workers: WorkerProcesses[_Job], job: _Job
) -> Generator[Timeline | BatchError, None, bool]:
    """Yield the chunk's results; False when a worker died and the stream ends with its error."""
    results = _results(sent, workers, job)
    if isinstance(results, WorkerDiedError):
        # Every chunk still in flight is lost with the stream.
        last = max((later.last for later in pending if later.worker is not None), default=0)
        yield BatchError(sent.start, None, results, "worker", max(last, sent.last))
        return False
    yield from results
    return True


def _planned_in_processes(
    job: _Job, pickled: bytes, pairs: Iterator[Any], count: int, chunk_size: int
) -> Generator[Timeline | BatchError]:
    workers: WorkerProcesses[_Job] = WorkerProcesses(count, _answer, pickled)
    pending: collections.deque[_Sent] = collections.deque()
    try:
        start = turn = 0
        while True:
            chunk, unread = _read_chunk(pairs, start, chunk_size)
            if chunk:  # the chunks go to the workers in turn
                pending.append(_send(workers, turn % count, start, chunk))
                start += len(chunk)
                turn += 1
            if unread is not None or len(chunk) < chunk_size:
                break
            if len(pending) >= 2 * count and not (
                yield from _delivered(pending.popleft(), pending, workers, job)
            ):
                return
        while pending:
            if not (yield from _delivered(pending.popleft(), pending, workers, job)):
                return
        if unread is not None:
            yield unread
    finally:
        workers.close()
