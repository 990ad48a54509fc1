"""plan_many: a stream of timelines equal to plan(), in input order, in or across processes."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import sys
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence import (
    BatchError,
    Cadence,
    Candidate,
    Channel,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    Outcome,
    State,
    Timeline,
    Touch,
    plan,
    plan_many,
    presets,
)
from cadence.rules import Limit
from cadence.worker_processes import WorkerDiedError
from tests.office_rules import Unregistered

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
PERSISTENT = presets.persistent()
ZONES = ("America/Chicago", "Europe/Paris", "Australia/Lord_Howe", "Asia/Kolkata")


def make_pair(number: int) -> tuple[Lead, list[Touch]]:
    """A lead that arrived ``number`` hours before now, with up to three unanswered calls."""
    created = NOW - timedelta(hours=number % 97, minutes=number % 7)
    lead = Lead(timezone=ZONES[number % len(ZONES)], created_at=created)
    history = [
        Touch(at=created + timedelta(minutes=2 + call), channel=Channel.CALL, outcome="no_answer")
        for call in range(min(number % 4, number % 97))
    ]
    return lead, history


def bad_pair() -> tuple[Lead, list[Touch]]:
    """A lead whose history holds an event after now: planning it raises."""
    lead = Lead(timezone="Europe/Paris", created_at=NOW - timedelta(days=1))
    return lead, [Touch(at=NOW + timedelta(hours=1), channel="sms", outcome=Outcome.SENT)]


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=8))
@settings(deadline=None)
def test_each_result_is_the_plan_of_its_lead_in_input_order(numbers: list[int]) -> None:
    pairs = [make_pair(number) for number in numbers]
    results = list(plan_many(PERSISTENT, pairs, now=NOW, max_touches=6))
    assert results == [
        plan(PERSISTENT, lead, history, now=NOW, max_touches=6) for lead, history in pairs
    ]


@pytest.mark.parametrize(("workers", "chunk_size"), [(2, 3), (1, 1)])
def test_worker_processes_give_the_same_stream_as_planning_here(
    workers: int, chunk_size: int
) -> None:
    pairs = [make_pair(number) for number in range(40)]
    here = list(plan_many(PERSISTENT, pairs, now=NOW, until="30 days"))
    there = list(
        plan_many(
            PERSISTENT, pairs, now=NOW, until="30 days", workers=workers, chunk_size=chunk_size
        )
    )
    assert len(here) == 40
    assert there == here
    assert all(isinstance(timeline, Timeline) for timeline in there)


def counted(
    pairs: Iterator[tuple[Lead, list[Touch]]], seen: list[int]
) -> Iterator[tuple[Lead, list[Touch]]]:
    for pair in pairs:
        seen.append(1)
        yield pair


@pytest.mark.parametrize("workers", [None, 2])
def test_the_stream_is_lazy_and_reads_the_input_only_a_little_ahead(workers: int | None) -> None:
    seen: list[int] = []
    endless = counted((make_pair(number) for number in itertools.count()), seen)
    stream = plan_many(PERSISTENT, endless, now=NOW, max_touches=2, workers=workers, chunk_size=4)
    assert seen == []  # nothing is read before the first result is asked for
    first = list(itertools.islice(stream, 5))
    assert first == [
        plan(PERSISTENT, *make_pair(number), now=NOW, max_touches=2) for number in range(5)
    ]
    # Here: one lead per result. In processes: at most two chunks per worker in flight,
    # besides the chunk whose results are being handed out.
    assert len(seen) == 5 if workers is None else len(seen) <= 4 * (2 * 2 + 1)


def test_chunks_and_answers_larger_than_a_pipe_holds_pass_both_ways() -> None:
    # Each chunk's histories and each chunk's timelines are hundreds of kilobytes, more than
    # a pipe holds: a chunk is sent while its worker is still writing the answer before.
    lead = Lead(timezone="Europe/Paris", created_at=NOW - timedelta(days=400))
    history = [
        Touch(at=lead.created_at + timedelta(hours=5 * n), channel=Channel.EMAIL, outcome="sent")
        for n in range(1_500)
    ]
    pairs = [(attrs.evolve(lead, id=f"lead-{n}"), history) for n in range(12)]
    rules = presets.persistent(rounds=1_000)
    here = list(plan_many(rules, pairs, now=NOW, until="720 days"))
    there = list(plan_many(rules, pairs, now=NOW, until="720 days", workers=2, chunk_size=3))
    assert there == here
    assert sum(map(len, here)) > 3_000


def test_a_stream_closed_early_leaves_no_worker_process_behind() -> None:
    pairs = (make_pair(number) for number in itertools.count())
    stream = plan_many(PERSISTENT, pairs, now=NOW, workers=2, chunk_size=8)
    assert next(stream) == plan(PERSISTENT, *make_pair(0), now=NOW)
    stream.close()  # as a consumer's loop that breaks: the chunks in flight are not needed
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [None, 2])
def test_a_failing_lead_raises_with_its_position_after_the_leads_before_it(
    workers: int | None,
) -> None:
    pairs = [make_pair(number) for number in range(5)] + [bad_pair(), make_pair(9)]
    stream = plan_many(PERSISTENT, pairs, now=NOW, workers=workers, chunk_size=2)
    before = list(itertools.islice(stream, 5))
    assert before == [plan(PERSISTENT, *make_pair(number), now=NOW) for number in range(5)]
    with pytest.raises(BatchError, match=r"lead #5 ") as caught:
        next(stream)
    assert caught.value.index == 5
    assert caught.value.lead == pairs[5][0]
    assert isinstance(caught.value.error, InvalidValueError)
    assert caught.value.__cause__ is caught.value.error


@pytest.mark.parametrize("workers", [None, 2])
def test_return_exceptions_yields_the_error_in_place_and_goes_on(workers: int | None) -> None:
    pairs = [make_pair(1), bad_pair(), "not a pair", make_pair(2)]
    results = list(
        plan_many(PERSISTENT, pairs, now=NOW, workers=workers, chunk_size=3, return_exceptions=True)
    )
    assert results[0] == plan(PERSISTENT, *make_pair(1), now=NOW)
    assert results[3] == plan(PERSISTENT, *make_pair(2), now=NOW)
    first, second = results[1], results[2]
    assert isinstance(first, BatchError)
    assert (first.index, first.lead) == (1, pairs[1][0])
    assert isinstance(second, BatchError)
    assert (second.index, second.lead) == (2, None)
    assert str(second) == "lead #2: expected a (lead, history) pair, got 'not a pair'"


def test_a_batch_error_survives_pickling() -> None:
    error = BatchError(3, bad_pair()[0], InvalidValueError("event after now"))
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.index, copy.lead, type(copy.error), str(copy.error), str(copy)) == (
        3,
        error.lead,
        InvalidValueError,
        "event after now",
        str(error),
    )


def test_bad_arguments_fail_at_the_call_not_later() -> None:
    pairs = [make_pair(1)]
    with pytest.raises(InvalidValueError, match="now"):
        plan_many(PERSISTENT, pairs, now=datetime(2026, 3, 10))
    with pytest.raises(InvalidTypeError, match="cadence"):
        plan_many("persistent", pairs, now=NOW)  # type: ignore[call-overload]
    with pytest.raises(InvalidValueError, match="workers"):
        plan_many(PERSISTENT, pairs, now=NOW, workers=0)
    with pytest.raises(InvalidTypeError, match="chunk_size"):
        plan_many(PERSISTENT, pairs, now=NOW, chunk_size=2.5)  # type: ignore[call-overload]
    with pytest.raises(InvalidTypeError, match="leads_and_histories"):
        plan_many(PERSISTENT, 42, now=NOW)  # type: ignore[call-overload]


def test_an_empty_batch_is_an_empty_stream() -> None:
    assert list(plan_many(PERSISTENT, [], now=NOW)) == []
    assert list(plan_many(PERSISTENT, iter(()), now=NOW, workers=2)) == []


@pytest.mark.parametrize("pair", [(make_pair(1)[0],), (*make_pair(1), "extra"), make_pair(1)[0]])
def test_a_malformed_pair_is_named_as_such(pair: object) -> None:
    (error,) = plan_many(PERSISTENT, [pair], now=NOW, return_exceptions=True)  # type: ignore[list-item]
    assert isinstance(error, BatchError)
    assert str(error).startswith("lead #0: expected a (lead, history) pair, got ")
    assert isinstance(error.error, InvalidTypeError)


def failing_after(count: int) -> Iterator[tuple[Lead, list[Touch]]]:
    """``count`` pairs, then the error of a database connection that went away."""
    for number in range(count):
        yield make_pair(number)
    message = "the connection to the database was lost"
    raise ConnectionError(message)


def collect(stream: Iterator[object]) -> tuple[list[object], BatchError | None]:
    """What a stream yields, and the error that ends it, if one does."""
    items: list[object] = []
    try:
        items.extend(stream)
    except BatchError as error:
        return items, error
    return items, None


def ends_with_error(
    stream: Iterator[object], *, return_exceptions: bool
) -> tuple[list[object], BatchError]:
    """The items before the error that ends a stream, and the error, however it comes."""
    items, raised = collect(stream)
    if return_exceptions:
        assert raised is None
        *items, last = items
        assert isinstance(last, BatchError)
        return items, last
    assert raised is not None
    assert raised.__cause__ is raised.error
    return items, raised


@pytest.mark.parametrize("workers", [None, 2])
@pytest.mark.parametrize("return_exceptions", [False, True])
def test_an_input_that_fails_ends_the_stream_after_every_timeline_before_it(
    workers: int | None, *, return_exceptions: bool
) -> None:
    stream = plan_many(
        PERSISTENT,
        failing_after(30),
        now=NOW,
        max_touches=2,
        workers=workers,
        chunk_size=4,
        return_exceptions=return_exceptions,
    )
    timelines, error = ends_with_error(stream, return_exceptions=return_exceptions)
    assert timelines == [
        plan(PERSISTENT, *make_pair(number), now=NOW, max_touches=2) for number in range(30)
    ]
    assert (error.stage, error.index, error.lead) == ("input", 30, None)
    assert isinstance(error.error, ConnectionError)
    assert str(error) == (
        "could not read lead #30 from the input: ConnectionError: the connection to the "
        "database was lost; every lead before it was planned"
    )


@pytest.mark.parametrize("return_exceptions", [False, True])
def test_a_cadence_that_cannot_go_to_worker_processes_is_refused_at_the_call(
    *, return_exceptions: bool
) -> None:
    class Nearby(Unregistered):
        """A rule defined inside a function: no other process can find its class."""

    local = Cadence(rhythm=PERSISTENT.rhythm, limits=[Nearby()])
    pairs = [make_pair(number) for number in range(3)]
    with pytest.raises(BatchError) as caught:
        plan_many(local, pairs, now=NOW, workers=2, return_exceptions=return_exceptions)
    error = caught.value
    assert (error.stage, error.index, error.lead) == ("send", None, None)
    message = str(error)
    assert message.startswith("cannot send the cadence to worker processes (")
    assert "Nearby" in message
    assert message.endswith(
        "): define the rule at module level, or plan in this process (workers=None)"
    )
    # In this process, the same cadence plans every lead.
    assert len(list(plan_many(local, pairs, now=NOW))) == 3


@attrs.frozen
class DiesInAWorker(Limit):
    """Kills the worker process that plans a lead in ``zone``; harmless in the main process."""

    zone: str

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        if state.lead.timezone == self.zone and multiprocessing.parent_process() is not None:
            os._exit(1)
        return candidate

    def describe(self) -> str:
        return "allows everything, in the main process"


@pytest.mark.parametrize("return_exceptions", [False, True])
def test_a_worker_that_dies_ends_the_stream_after_every_timeline_before_it(
    *, return_exceptions: bool
) -> None:
    deadly = Cadence(rhythm=PERSISTENT.rhythm, limits=[DiesInAWorker("Pacific/Chatham")])
    pairs = [make_pair(number) for number in range(6)]
    pairs += [(Lead(timezone="Pacific/Chatham", created_at=NOW), [])]
    pairs += [make_pair(number) for number in range(7, 10)]
    stream = plan_many(
        deadly,
        pairs,
        now=NOW,
        max_touches=2,
        workers=1,
        chunk_size=2,
        return_exceptions=return_exceptions,
    )
    timelines, error = ends_with_error(stream, return_exceptions=return_exceptions)
    here = list(plan_many(deadly, pairs, now=NOW, max_touches=2))
    assert timelines == here[: len(timelines)]
    assert error.stage == "worker"
    assert isinstance(error.error, WorkerDiedError)
    assert str(error.error) == "a worker process ended abruptly (exit code 1)"
    assert error.index == len(timelines)
    assert error.last is not None
    assert error.index <= 6 <= error.last
    assert error.lead is None
    assert str(error).startswith(
        f"a worker process died while planning leads #{error.index} to #{error.last}; "
        f"no lead from #{error.index} on was planned"
    )


def test_a_cadence_the_workers_cannot_read_is_planned_here_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As a notebook's rules are: this process finds the class by its module's name, worker
    # processes started from the fork server (or spawned) cannot import that module.
    only_here = types.ModuleType("cadence_tests_only_here")
    only_here.Unregistered = Unregistered  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, only_here.__name__, only_here)
    monkeypatch.setattr(Unregistered, "__module__", only_here.__name__)
    rules = Cadence(rhythm=PERSISTENT.rhythm, limits=[Unregistered()])
    pairs = [make_pair(number) for number in range(9)]
    with pytest.warns(RuntimeWarning) as caught:
        there = list(plan_many(rules, pairs, now=NOW, workers=2, chunk_size=2))
    assert there == list(plan_many(rules, pairs, now=NOW))
    assert len(caught) == 1  # once for the batch, not once per chunk
    message = str(caught[0].message)
    assert message.startswith(
        "plan_many: the worker processes could not read the cadence (ModuleNotFoundError: "
    )
    assert "cadence_tests_only_here" in message
    assert message.endswith(
        "so its leads are planned in this process: define your own rules in a module they "
        "can import (not in a notebook), or plan with workers=None"
    )


@pytest.mark.parametrize("workers", [None, 2])
def test_a_history_that_fails_or_cannot_be_sent_fails_its_lead_alone(workers: int | None) -> None:
    def broken() -> Iterator[Touch]:
        yield from make_pair(3)[1]
        message = "the history table is locked"
        raise TimeoutError(message)

    lead = make_pair(3)[0]
    pairs: list[tuple[Lead, object]] = [
        make_pair(1),
        (lead, broken()),
        (lead, [lambda: "not an event"]),
        make_pair(2),
    ]
    results = list(
        plan_many(
            PERSISTENT,
            pairs,  # type: ignore[arg-type]
            now=NOW,
            workers=workers,
            chunk_size=4,
            return_exceptions=True,
        )
    )
    assert results[0] == plan(PERSISTENT, *make_pair(1), now=NOW)
    assert results[3] == plan(PERSISTENT, *make_pair(2), now=NOW)
    locked, wrong = results[1], results[2]
    assert isinstance(locked, BatchError)
    assert (locked.stage, locked.index, locked.lead) == ("plan", 1, lead)
    assert isinstance(locked.error, TimeoutError)
    assert isinstance(wrong, BatchError)
    assert (wrong.stage, wrong.index, wrong.lead) == ("plan", 2, lead)
    assert isinstance(wrong.error, InvalidTypeError)
    assert str(wrong.error).startswith("history[0]: ")
