"""Plans as data: a timeline and its parts round-trip through plain, JSON-safe data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    ConfigError,
    Holidays,
    InvalidTypeError,
    Lead,
    Milestone,
    PlannedTouch,
    Skipped,
    Step,
    Steps,
    StopReason,
    Timeline,
    Touch,
    plan,
    presets,
)
from cadence.rules import ContactWindow, Limit, Snooze
from tests import strategies as ds

PLAN_MAX = 30
LABELS = st.none() | st.sampled_from(["intro email", "breakup email", "=cmd|' /C calc'!A0"])
CHANNELS = [Channel.CALL, Channel.SMS, Channel.EMAIL, Channel.LINKEDIN, Channel("direct_mail")]


@st.composite
def sequences(draw: st.DrawFn, around: datetime) -> Steps:
    """Steps with labels, templates and fallbacks, in calendar or business days."""
    days = sorted(draw(st.lists(st.integers(0, 20), min_size=1, max_size=5)))
    steps = []
    for day in days:
        channel = draw(st.none() | st.sampled_from(CHANNELS))
        others = [other for other in CHANNELS if other is not channel]
        fallback = draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
        steps.append(
            Step(
                day,
                channel,
                at=draw(st.none() | ds.clocks),
                label=draw(LABELS),
                template=draw(st.none() | st.sampled_from(["tpl-1", "breakup_v2"])),
                fallback=fallback if channel is not None else (),
            )
        )
    if draw(st.booleans()):
        return Steps(*steps)
    start = around.date()
    holidays = Holidays([start + timedelta(days=day) for day in (1, 4, 9)])
    return Steps(*steps, days="business", holidays=draw(st.none() | st.just(holidays)))


@st.composite
def step_situations(draw: st.DrawFn) -> tuple[Cadence, Lead, list[Any], datetime]:
    lead, now = draw(ds.leads_and_nows())
    channels = draw(st.frozensets(st.sampled_from(CHANNELS), min_size=1))
    lead = attrs.evolve(lead, channels=channels)
    limits = draw(st.lists(ds.contact_windows(), max_size=1))
    cadence = Cadence(rhythm=draw(sequences(lead.created_at)), limits=limits)
    return cadence, lead, draw(ds.histories(lead, now)), now


@st.composite
def timelines(draw: st.DrawFn) -> Timeline:
    """Timelines the planner makes: of any rules, and of sequences with skipped steps."""
    rules, lead, history, now = draw(st.one_of(ds.rich_situations(), step_situations()))
    try:
        return plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    except ValueError:  # limits that never agree: no timeline
        return plan(presets.persistent(), lead, history, now=now, max_touches=PLAN_MAX)


def _same_clock(left: datetime | None, right: datetime | None) -> None:
    """The same instant, on the same clock: offset and zone, not only the instant."""
    if left is None or right is None:
        assert left is right
        return
    assert left == right
    assert left.utcoffset() == right.utcoffset()
    assert getattr(left.tzinfo, "key", None) == getattr(right.tzinfo, "key", None)


def _same(read: Timeline, written: Timeline) -> None:
    assert read == written
    for back, touch in zip(read, written, strict=True):
        _same_clock(back.at, touch.at)
        # The rules are no part of a touch's equality: compare them too.
        assert back.rule == touch.rule
        assert back.moved_by == touch.moved_by
        assert back.step == touch.step
    for back, skipped in zip(read.skipped, written.skipped, strict=True):
        _same_clock(back.at, skipped.at)
        assert back.rule == skipped.rule
    _same_clock(read.stop.at, written.stop.at)
    assert read.stop.rule == written.stop.rule


@given(timelines())
def test_a_timeline_round_trips_through_json(timeline: Timeline) -> None:
    data = timeline.to_dict()
    text = json.dumps(data)
    _same(Timeline.from_dict(json.loads(text)), timeline)
    _same(Timeline.from_dict(data), timeline)


@given(timelines())
def test_each_part_of_a_timeline_round_trips_alone(timeline: Timeline) -> None:
    for touch in timeline:
        back = PlannedTouch.from_dict(json.loads(json.dumps(touch.to_dict())))
        assert back == touch
        assert (back.rule, back.moved_by) == (touch.rule, touch.moved_by)
        _same_clock(back.at, touch.at)
    for skipped in timeline.skipped:
        assert Skipped.from_dict(skipped.to_dict()) == skipped
    assert StopReason.from_dict(timeline.stop.to_dict()) == timeline.stop


NOW = pendulum.datetime(2026, 3, 6, 16, 0, tz="UTC")
CHICAGO = Lead(timezone="America/Chicago", created_at=NOW, id="lead-1")


def test_the_planners_own_limits_are_written_with_their_tags() -> None:
    snoozed = [Milestone(at=NOW, kind="snoozed", until=NOW.add(days=3))]
    timeline = plan(presets.persistent(), CHICAGO, snoozed, now=NOW, max_touches=1)
    data = timeline.to_dict()
    assert data["touches"][0]["moved_by"][0] == {"type": "snooze"}
    assert Timeline.from_dict(data)[0].moved_by[0] == Snooze()
    # A cadence file still cannot name it.
    with pytest.raises(ConfigError, match='unknown limit type "snooze"'):
        Cadence.from_dict({**presets.persistent().to_dict(), "limits": [{"type": "snooze"}]})


def test_a_touch_on_the_leads_best_times_keeps_the_window_that_moved_it() -> None:
    lead = attrs.evolve(CHICAGO, best_times=ContactWindow(start="11:00", end="12:00").hours)
    timeline = plan(presets.persistent(), lead, now=NOW, max_touches=2)
    back = Timeline.from_dict(timeline.to_dict())
    assert back[0].moved_by == timeline[0].moved_by
    assert ContactWindow(start="11:00", end="12:00") in back[0].moved_by


def test_the_written_form_of_a_step_touch() -> None:
    rules = Cadence(
        rhythm=Steps(Step(0, "email", label="intro", template="tpl-1"), Step(3, "direct_mail"))
    )
    lead = attrs.evolve(CHICAGO, channels=("email",))
    timeline = plan(rules, lead, now=NOW)
    data = timeline.to_dict()
    touch = data["touches"][0]
    assert touch["at"] == "2026-03-06T10:01:00-06:00"
    assert touch["timezone"] == "America/Chicago"
    assert touch["key"] == "e0.r1.t1"
    assert touch["step"] == {
        "day": 0,
        "channel": "email",
        "label": "intro",
        "template": "tpl-1",
        "fallback": [],
    }
    assert touch["rule"]["type"] == "steps"
    assert data["skipped"][0]["step"]["channel"] == "direct_mail"
    assert data["version"] == 1
    assert Timeline.from_dict(data).skipped == timeline.skipped


class Unregistered(Limit):
    """A limit of one's own that has no type tag."""

    def __call__(self, candidate, state):
        later = datetime(2026, 3, 9, 15, 0, tzinfo=UTC)
        return candidate if candidate.at >= later else candidate.moved_to(later)

    def describe(self) -> str:
        return "not before Monday"


def test_a_rule_without_a_type_tag_is_named_with_where_it_is() -> None:
    rules = attrs.evolve(presets.persistent(), limits=(Unregistered(),))
    timeline = plan(rules, CHICAGO, now=NOW, max_touches=1)
    with pytest.raises(InvalidTypeError) as raised:
        timeline.to_dict()
    message = str(raised.value)
    assert message.startswith("touches[0].moved_by[0]: cannot write the rule ")
    assert "Unregistered" in message
    assert "cadence.config.register(Unregistered, tag=...)" in message


def test_something_that_is_no_rule_cannot_be_written_as_one() -> None:
    touch = PlannedTouch(NOW, Channel.CALL, False, 1, "why", "not a rule", "e0.r1.t1")
    with pytest.raises(InvalidTypeError, match="rule: expected a rule, got 'not a rule'"):
        touch.to_dict()


def test_an_instant_without_a_zone_name_keeps_its_offset() -> None:
    fixed = datetime(2026, 3, 6, 10, 0, tzinfo=UTC).astimezone(pendulum.FixedTimezone(-5 * 3600))
    stop = StopReason("the horizon", at=pendulum.instance(fixed))
    data = stop.to_dict()
    assert data == {"reason": "the horizon", "at": "2026-03-06T05:00:00-05:00"}
    back = StopReason.from_dict(data)
    assert back == stop
    assert back.at is not None
    assert back.at.utcoffset() == timedelta(hours=-5)


def test_bad_plan_data_names_every_problem_with_its_path() -> None:
    timeline = plan(presets.persistent(), CHICAGO, now=NOW, max_touches=2)
    data = timeline.to_dict()
    data["version"] = 2
    data["touches"][0]["at"] = "tomorrow"
    data["touches"][1]["timezone"] = "Mars/Olympus"
    data["touches"][1]["rule"] = {"type": "double_tapp"}
    del data["touches"][1]["round"]
    data["stop"]["colour"] = "red"
    with pytest.raises(ConfigError) as raised:
        Timeline.from_dict(data)
    paths = [path for path, _ in raised.value.errors]
    assert paths == [
        "version",
        "touches[0].at",
        "touches[1].round",
        "touches[1].rule.type",
        "touches[1].timezone",
        "stop.colour",
    ]
    messages = dict(raised.value.errors)
    assert 'did you mean "double_tap"' in messages["touches[1].rule.type"]
    assert "Mars/Olympus" in messages["touches[1].timezone"]
    with pytest.raises(ConfigError, match="expected a timeline: a table"):
        Timeline.from_dict([])  # type: ignore[arg-type]


def test_a_touch_done_from_data_is_the_same_event() -> None:
    timeline = plan(presets.persistent(), CHICAGO, now=NOW, max_touches=1)
    back = PlannedTouch.from_dict(timeline[0].to_dict())
    assert back.done() == timeline[0].done()
    assert isinstance(back.done(), Touch)
