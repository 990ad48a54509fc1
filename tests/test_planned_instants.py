"""A planned touch the planner made builds its pendulum instant on first read: the same one.

The planner and a batch's trip back from a worker make each touch from its UTC instant and
the lead's zone (``PlannedTouch._planned``), and ``at`` is built only when read. Built late
or early, a touch must be the same value: the same ``at`` as ``to_local`` gives (zone,
offset to the second, fold), equal and hashed as one made with that ``at``, and the same
after every round trip.
"""

from __future__ import annotations

import copy
import pickle
import weakref
from datetime import UTC, datetime, timedelta

import attrs
import pendulum
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from cadence import (
    Channel,
    Outcome,
    PlannedTouch,
    SpeedToLead,
    Step,
    UnsatisfiableError,
    plan,
)
from cadence._time import to_local, zone
from cadence.rules import ContactWindow
from tests import strategies as ds
from tests.test_properties import any_situation

EDGE_ZONES = ("Australia/Lord_Howe", "Pacific/Chatham", "America/Nuuk", "Pacific/Apia")


@st.composite
def zones_and_instants(draw: st.DrawFn) -> tuple[str, datetime]:
    """A zone (the odd ones often) and a UTC instant near one of its offset changes, or in
    the 19th century, when most zones kept local mean time, an offset with seconds."""
    name = draw(st.sampled_from(EDGE_ZONES) | ds.zone_names)
    if draw(st.booleans()):
        instant = draw(ds.instants_near_dst(name))
    else:
        instant = datetime(1850, 1, 1, tzinfo=UTC) + timedelta(
            seconds=draw(st.integers(0, 50 * 365 * 86_400))
        )
    return name, instant.replace(microsecond=draw(st.integers(0, 999_999)))


@st.composite
def touch_fields(draw: st.DrawFn) -> tuple[object, ...]:
    """Every field of a planned touch but its instant, in their order, as the planner makes
    them (the assumed outcome of a call or a message)."""
    channel = draw(st.sampled_from([Channel.CALL, Channel.SMS, Channel.EMAIL, Channel("mail")]))
    assumed = (
        draw(st.sampled_from([Outcome.NO_ANSWER, Outcome.VOICEMAIL_LEFT]))
        if channel is Channel.CALL
        else Outcome.SENT
    )
    return (
        channel,
        draw(st.booleans()) and channel is Channel.CALL,
        draw(st.integers(1, 500)),
        draw(st.sampled_from(["round 1: speed to lead", "day 3; limited by contact hours"])),
        draw(st.sampled_from([None, SpeedToLead()])),
        draw(st.sampled_from(["e0.r1.t1", "e2.r13.t3"])),
        draw(st.sampled_from([(), (ContactWindow(),)])),
        assumed,
        draw(st.sampled_from([None, Step(3, Channel.EMAIL, label="intro", template="tpl-1")])),
        draw(st.sampled_from([None, "rep-7"])),
    )


def _planned(utc: datetime, name: str, fields: tuple, *, from_local: bool = False) -> PlannedTouch:
    """The touch as the planner makes it: shown in the zone, or from its local time there
    (what the specialised loop passes when its window check computed that already)."""
    where = zone(name)
    return PlannedTouch._planned(utc, utc.astimezone(where) if from_local else where, fields)


def _made(utc: datetime, name: str, fields: tuple) -> PlannedTouch:
    """The same touch made with its ``at``, as a user makes one."""
    return PlannedTouch(to_local(utc, zone(name)), *fields)


def _exactly(at: datetime) -> tuple[object, ...]:
    """Everything an instant says, with what equality leaves out: type, zone, fold, offset."""
    return (type(at), at.isoformat(), at.tzinfo, at.fold, at.utcoffset(), at.timestamp())


@given(zones_and_instants(), touch_fields(), st.booleans())
def test_the_lazy_at_is_what_to_local_gives(where_when, fields, from_local) -> None:
    name, utc = where_when
    touch = _planned(utc, name, fields, from_local=from_local)
    assert touch.at_utc is utc
    at = touch.at
    assert isinstance(at, pendulum.DateTime)
    assert _exactly(at) == _exactly(to_local(utc, zone(name)))
    assert touch.at is at  # built once, then kept
    assert touch.at_utc is utc


@given(zones_and_instants(), touch_fields(), st.booleans())
def test_a_lazy_touch_is_the_value_made_with_its_at(where_when, fields, from_local) -> None:
    name, utc = where_when
    made = _made(utc, name, fields)
    # Each check on a fresh touch, so that none of them finds ``at`` already built.
    assert _planned(utc, name, fields, from_local=from_local) == made
    assert made == _planned(utc, name, fields, from_local=from_local)
    assert hash(_planned(utc, name, fields, from_local=from_local)) == hash(made)
    assert repr(_planned(utc, name, fields, from_local=from_local)) == repr(made)
    assert _planned(utc, name, fields, from_local=from_local).to_dict() == made.to_dict()
    assert _planned(utc, name, fields, from_local=from_local).done() == made.done()
    assert _planned(utc, name, fields, from_local=from_local).action == made.action
    assert attrs.asdict(_planned(utc, name, fields, from_local=from_local)) == attrs.asdict(made)
    assert _planned(utc, name, fields, from_local=from_local).at_utc == made.at_utc
    assert type(made.at_utc) is datetime
    assert made.at_utc.tzinfo is UTC


@given(zones_and_instants(), touch_fields())
def test_a_lazy_touch_round_trips(where_when, fields) -> None:
    name, utc = where_when
    made = _made(utc, name, fields)
    trips = [
        lambda touch: PlannedTouch.from_dict(touch.to_dict()),
        copy.copy,
        copy.deepcopy,
        attrs.evolve,
    ]
    for trip in trips:
        for touch in (_planned(utc, name, fields), made):
            back = trip(touch)
            assert back == made
            assert _exactly(back.at) == _exactly(made.at)
            assert back.at_utc == utc
            assert (back.rule, back.moved_by) == (made.rule, made.moved_by)
    changed = attrs.evolve(_planned(utc, name, fields), rep="rep-9")
    assert changed == attrs.evolve(made, rep="rep-9")
    # Pickle goes through pendulum's own pickling, which drops the fold of a repeated wall
    # time (as it always did): the touch comes back equal, the same wall time in its zone.
    for touch in (_planned(utc, name, fields), made):
        back = pickle.loads(pickle.dumps(touch))
        assert back == made
        assert back.at.isoformat() == made.at.isoformat() or made.at.fold
        assert (back.at.tzinfo, back.rule, back.moved_by) == (
            made.at.tzinfo,
            made.rule,
            made.moved_by,
        )


def test_a_lazy_touch_is_frozen_and_has_no_other_attributes() -> None:
    fields = (Channel.CALL, False, 1, "why", None, "e0.r1.t1", (), Outcome.NO_ANSWER, None, None)
    touch = _planned(datetime(2026, 4, 5, 14, 40, tzinfo=UTC), "Australia/Lord_Howe", fields)
    assert type(touch) is PlannedTouch
    assert weakref.ref(touch)() is touch
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        touch.at = touch.at  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        touch.channel = Channel.SMS  # type: ignore[misc]
    with pytest.raises(AttributeError, match="'PlannedTouch' object has no attribute 'when'"):
        touch.when  # type: ignore[attr-defined]  # noqa: B018 - the attribute is the test


@given(any_situation)
def test_the_planners_touches_are_shown_in_the_leads_zone(situation) -> None:
    rules, lead, history, now = situation
    try:
        timeline = plan(rules, lead, history, now=now, max_touches=20)
    except UnsatisfiableError:
        reject()
    for touch in timeline:
        utc = touch.at_utc
        assert type(utc) is datetime
        assert utc.tzinfo is UTC
        assert _exactly(touch.at) == _exactly(to_local(utc, lead.zone))
