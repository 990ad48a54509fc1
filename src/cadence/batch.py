"""Planning many leads at once: a stream of timelines, optionally across processes."""

from __future__ import annotations

import collections
import itertools
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import datetime
from typing import Any, Literal, NamedTuple, overload

from cadence._time import check_aware
from cadence.cadence import Cadence
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.events import Event
from cadence.lead import Lead
from cadence.planner import plan
from cadence.span import SpanLike
from cadence.timeline import Timeline

__all__ = ["BatchError", "plan_many"]

DEFAULT_CHUNK_SIZE = 64
"""How many leads :func:`plan_many` sends to a worker process at a time."""


class BatchError(CadenceError):
    """Planning one lead of a batch failed.

    Attributes:
        index: The position of the lead in the input, from 0.
        lead: The lead, or None when the input item was not a ``(lead, history)`` pair.
        error: The exception that planning raised (also the ``__cause__`` when raised).
    """

    def __init__(self, index: int, lead: Lead | None, error: Exception) -> None:
        super().__init__(f"lead #{index} ({lead!r}): {type(error).__name__}: {error}")
        self.index = index
        self.lead = lead
        self.error = error

    def __reduce__(self) -> tuple[Any, ...]:
        return type(self), (self.index, self.lead, self.error), self.__dict__


class _Job(NamedTuple):
    """What every lead of a batch is planned with; sent to worker processes."""

    cadence: Cadence
    now: datetime
    until: datetime | SpanLike | None
    max_touches: int | None


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
    little ahead of the output. Cadences, leads, events and timelines are picklable values,
    which is all this needs. Each timeline comes back pickled, and unpickling it in this
    process costs about a fifth of planning it: workers pay off on machines with several
    cores to spare.

    A lead whose planning fails does not end the batch silently. By default the stream
    yields every timeline before it, then raises :class:`BatchError` naming the lead's
    position (its ``error`` is the original exception). With ``return_exceptions=True``
    the :class:`BatchError` is yielded in the lead's place and the stream goes on, so a
    batch job can log the bad records and plan the rest.

    Args:
        cadence: The rules, the same for every lead.
        leads_and_histories: ``(lead, history)`` pairs, any iterable (a generator reading
            rows from a database is fine).
        now: The present, as an aware datetime.
        until: The horizon, as for :func:`~cadence.plan`.
        max_touches: The touch limit per lead, as for :func:`~cadence.plan`.
        workers: Plan in this many worker processes; None (the default) plans in this
            process, one lead at a time as the stream is read.
        chunk_size: Leads per task sent to a worker process.
        return_exceptions: Yield a :class:`BatchError` for a failing lead instead of
            raising it.

    Returns:
        An iterator of timelines (and errors, with ``return_exceptions``), one per input
        pair, in input order.

    Raises:
        InvalidTypeError: at once, for a cadence that is not a :class:`~cadence.Cadence`, an
            input that is not iterable, or a bad ``workers`` or ``chunk_size``.
        InvalidValueError: at once, for a naive ``now``, or ``workers`` or ``chunk_size``
            below 1.
        BatchError: while iterating, for the first lead that fails (unless
            ``return_exceptions``).
    """
    if not isinstance(cadence, Cadence):
        raise InvalidTypeError(f"cadence: expected a Cadence, got {cadence!r}")
    check_aware(now, "now")
    if workers is not None:
        _check_count(workers, "workers")
    _check_count(chunk_size, "chunk_size")
    if not isinstance(leads_and_histories, Iterable):
        raise InvalidTypeError(
            f"leads_and_histories: expected an iterable of (lead, history) pairs, "
            f"got {leads_and_histories!r}"
        )
    job = _Job(cadence, now, until, max_touches)
    pairs = iter(leads_and_histories)
    results = (
        _planned_here(job, pairs)
        if workers is None
        else _planned_in_processes(job, pairs, workers, chunk_size)
    )
    return results if return_exceptions else _raising(results)


def _check_count(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"{what}: expected a whole number, got {value!r}")
    if value < 1:
        raise InvalidValueError(f"{what}: expected 1 or more, got {value}")


def _raising(results: Iterator[Timeline | BatchError]) -> Iterator[Timeline]:
    for result in results:
        if isinstance(result, BatchError):
            raise result from result.error
        yield result


def _plan_one(job: _Job, index: int, pair: Any) -> Timeline | BatchError:
    lead = None
    try:
        lead, history = pair
        return plan(
            job.cadence, lead, history, now=job.now, until=job.until, max_touches=job.max_touches
        )
    except Exception as error:  # noqa: BLE001 - reported with the lead's position
        return BatchError(index, lead if isinstance(lead, Lead) else None, error)


def _plan_chunk(job: _Job, start: int, chunk: list[Any]) -> list[Timeline | BatchError]:
    return [_plan_one(job, start + offset, pair) for offset, pair in enumerate(chunk)]


def _planned_here(job: _Job, pairs: Iterator[Any]) -> Iterator[Timeline | BatchError]:
    for index, pair in enumerate(pairs):
        yield _plan_one(job, index, pair)


def _sendable(pair: Any) -> Any:
    """The pair with its history as a tuple: a generator cannot go to another process."""
    try:
        lead, history = pair
        return lead, tuple(history)
    except (TypeError, ValueError):
        return pair  # planning it reports the problem


def _planned_in_processes(
    job: _Job, pairs: Iterator[Any], workers: int, chunk_size: int
) -> Iterator[Timeline | BatchError]:
    pool = ProcessPoolExecutor(max_workers=workers)
    pending: collections.deque[Future[list[Timeline | BatchError]]] = collections.deque()
    try:
        start = 0
        while chunk := [_sendable(pair) for pair in itertools.islice(pairs, chunk_size)]:
            pending.append(pool.submit(_plan_chunk, job, start, chunk))
            start += len(chunk)
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
