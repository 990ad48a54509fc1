"""Values pickle compactly (for plan_many's workers) and read back equal, instants exactly."""

from __future__ import annotations

import copyreg
import io
import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    Every,
    Hours,
    Lead,
    Milestone,
    Outcome,
    Period,
    Prefer,
    SpeedToLead,
    Touch,
    plan,
    plan_many,
)
from cadence.timeline import PlannedTouch, Skipped, StopReason
from tests.config_strategies import leads, milestones, touches
from tests.strategies import transitions

values = st.one_of(leads, touches(), milestones())


def _attrs_pickle(value: object) -> bytes:
    """``value`` pickled the way attrs does it: its class, then a dict of its fields."""

    class _AttrsWay(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            if obj is value:
                return copyreg.__newobj__, (type(obj),), obj.__getstate__()
            return NotImplemented

    out = io.BytesIO()
    _AttrsWay(out, protocol=5).dump(value)
    return out.getvalue()


@given(values)
def test_a_value_pickles_as_its_field_values_and_reads_back_equal(value):
    data = pickle.dumps(value, protocol=5)
    copy = pickle.loads(data)
    assert copy == value
    assert hash(copy) == hash(value)
    assert type(copy) is type(value)
    # The compact form: the field values in order, not a table by field name.
    assert b"created_at" not in data
    assert b"outcome" not in data
    # Pickles written the attrs way, by earlier versions, still load.
    assert pickle.loads(_attrs_pickle(value)) == value


def test_a_process_that_never_pickled_one_reads_them_back():
    # A worker process unpickles leads before it has pickled any: the fields' names are
    # not known there yet.
    chicago = datetime(2026, 3, 6, 15, 58, tzinfo=UTC)
    lead = Lead(
        timezone="America/Chicago",
        created_at=chicago,
        channels=("call", "email", Channel("direct_mail")),
        preferred_channel="email",
        best_times=Hours(days=("mon", "tue"), start=time(10), end=time(12)),
        blackouts=(Period(datetime(2026, 4, 1, 9), datetime(2026, 4, 2, 9)),),
        dates=(("birthday", date(1990, 5, 17)),),
        id="lead-7",
        region="US-IL",
        possible_timezones=("America/Chicago", "America/New_York"),
        owner="rep-2",
    )
    sent = [
        lead,
        Lead(timezone="Pacific/Chatham", created_at=chicago),
        Touch(at=chicago, channel="call", outcome=Outcome.VOICEMAIL_LEFT),
        Milestone.opted_out(chicago, Channel.SMS),
        Milestone.snoozed(chicago, chicago + timedelta(days=3)),
        Milestone.enrolled(chicago),
    ]
    echo = "import pickle, sys; pickle.dump(pickle.load(sys.stdin.buffer), sys.stdout.buffer)"
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", echo],
        input=pickle.dumps(sent, protocol=5),
        capture_output=True,
        check=True,
    )
    assert pickle.loads(done.stdout) == sent


# Zones whose clocks go back: by an hour (New York, and Nuuk in most of the years drawn),
# by half an hour (Lord Howe), by an hour at 03:45 (Chatham).
_GOING_BACK = ("America/New_York", "Australia/Lord_Howe", "Pacific/Chatham", "America/Nuuk")


@st.composite
def _repeated_instants(draw: st.DrawFn) -> pendulum.DateTime:
    """A pendulum instant within two hours of one of a zone's offset changes, often repeated."""
    name = draw(st.sampled_from(_GOING_BACK))
    year = draw(st.integers(2020, 2030))
    changes = transitions(name, year)
    anchor = draw(st.sampled_from(changes)) if changes else datetime(year, 6, 1, tzinfo=UTC)
    utc = anchor + timedelta(minutes=draw(st.integers(-120, 120)))
    return pendulum.instance(utc).in_timezone(pendulum.timezone(name))


def _holding(at: pendulum.DateTime) -> list[object]:
    """Every value with an instant field, holding ``at``."""
    return [
        Lead(timezone=at.tzinfo.name, created_at=at),
        Touch(at=at, channel="call", outcome=Outcome.NO_ANSWER),
        Milestone.opted_out(at),
        Milestone.snoozed(at - timedelta(days=1), at),
        PlannedTouch(at, Channel.CALL, True, 1, "first call", None, "e0.r1.t1"),
        StopReason("stopped: a purchase", at=at),
        Skipped("a round that expired", None, at),
    ]


def _instants(value: object) -> list[datetime]:
    return [
        field
        for field in (getattr(value, name, None) for name in ("at", "created_at", "until"))
        if isinstance(field, datetime)
    ]


@given(_repeated_instants())
def test_an_instant_of_a_repeated_hour_reads_back_as_the_same_instant(at):
    # pendulum pickles a wall time and zone without fold: 01:30 EST came back 01:30 EDT,
    # equal (one zone compares by wall time) and an hour earlier.
    for value in _holding(at):
        copy = pickle.loads(pickle.dumps(value, protocol=5))
        assert copy == value
        for before, after in zip(_instants(value), _instants(copy), strict=True):
            assert after.timestamp() == before.timestamp()
            assert after.utcoffset() == before.utcoffset()
            assert after.fold == before.fold


def test_a_batch_plans_a_history_of_the_repeated_hour_as_planning_here_does():
    # 01:30 EST on the day New York's clocks go back, the second 01:30 of the night.
    tz = pendulum.timezone("America/New_York")
    second = pendulum.instance(datetime(2026, 11, 1, 6, 30, tzinfo=UTC)).in_timezone(tz)
    assert second.fold == 1
    lead = Lead(timezone="America/New_York", created_at=second - timedelta(minutes=1))
    history = [Touch(at=second, channel="call", outcome=Outcome.NO_ANSWER)]
    rules = Cadence(
        rhythm=SpeedToLead() + Every("3 hours"),
        channels=Prefer(("call",)),
        reactions=(),
        limits=(),
    )
    now = second + timedelta(minutes=50)
    here = plan(rules, lead, history, now=now, max_touches=2)
    (there,) = plan_many(rules, [(lead, history)], now=now, max_touches=2, workers=1)
    assert [touch.at_utc for touch in there] == [touch.at_utc for touch in here]
    assert here[0].at_utc == datetime(2026, 11, 1, 9, 30, tzinfo=UTC)
