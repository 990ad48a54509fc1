"""Enrollment and the lead's lifecycle: a cadence started afresh, opt-ins, resumed snoozes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pendulum
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    Lead,
    MaxRounds,
    Milestone,
    MilestoneKind,
    Outcome,
    Prefer,
    Touch,
    audit,
    plan,
    presets,
)
from cadence._time import to_utc
from tests import strategies as ds

DENVER = "America/Denver"
ARRIVED = pendulum.datetime(2026, 1, 12, 16, tz="UTC")
PURCHASE = pendulum.datetime(2026, 4, 10, 17, tz="UTC")


def test_a_customer_moved_to_post_sale_at_the_purchase_gets_the_day_14_check_in() -> None:
    customer = Lead(timezone=DENVER, created_at=ARRIVED)
    sales_calls = [
        Touch(at=ARRIVED.add(days=day), channel="call", outcome="no_answer")
        for day in (0, 1, 4, 8, 11, 15)
    ]
    history = [
        *sales_calls,
        Milestone(at=PURCHASE, kind="purchased"),
        Milestone.enrolled(PURCHASE),
    ]
    now = PURCHASE.add(minutes=5)
    without = plan(presets.post_sale(), customer, [*sales_calls], now=now)
    assert without[0].reason != "follow-up on day 14"  # the sales calls count as rounds
    timeline = plan(presets.post_sale(), customer, history, now=now)
    first = timeline[0]
    assert first.reason == "follow-up on day 14"
    assert first.at.format("YYYY-MM-DD HH:mm") == "2026-04-24 10:00"
    assert first.key == "e1.r1.t1"
    assert first.round == 1


def _neutral(touch: Touch) -> Touch:
    """The touch as limits see it: its instant and channel, voicemails and bounces kept."""
    if touch.outcome in {Outcome.VOICEMAIL_LEFT, Outcome.BOUNCED}:
        return touch
    neutral = Outcome.NO_ANSWER if touch.channel is Channel.CALL else Outcome.SENT
    return attrs.evolve(touch, outcome=neutral)


_ENDING = {
    MilestoneKind.PURCHASED,
    MilestoneKind.LOST,
    MilestoneKind.REPLIED,
    MilestoneKind.MEETING_BOOKED,
}


@given(ds.rich_situations(), st.floats(0.1, 0.9))
def test_after_an_enrollment_the_earlier_history_counts_only_through_limits_and_opt_outs(
    situation, fraction
) -> None:
    rules, lead, history, now = situation
    start = to_utc(lead.created_at)
    enrolled_at = start + (now - start) * fraction
    before = [event for event in history if to_utc(event.at) < enrolled_at]
    after = [event for event in history if to_utc(event.at) >= enrolled_at]
    # The same touches, as limits count them, without the outcomes and milestones that
    # only rounds, counts and stop rules read.
    seen_by_limits = [
        _neutral(event) if isinstance(event, Touch) else event
        for event in before
        if not (isinstance(event, Milestone) and event.kind in _ENDING)
    ]
    enrollment = Milestone.enrolled(enrolled_at)
    try:
        real = plan(rules, lead, [*before, enrollment, *after], now=now, max_touches=30)
    except ValueError:
        return  # limits that never agree raise either way
    same = plan(rules, lead, [*seen_by_limits, enrollment, *after], now=now, max_touches=30)
    assert real == same
    assert [touch.reason for touch in real] == [touch.reason for touch in same]


_IN_FORCE = {
    MilestoneKind.OPTED_OUT,
    MilestoneKind.OPTED_IN,
    MilestoneKind.SNOOZED,
    MilestoneKind.RESUMED,
    MilestoneKind.ENROLLED,  # counted: a touch's key names its enrollment
}


@given(ds.rich_situations())
def test_without_limits_an_enrollment_now_starts_the_cadence_from_scratch(situation) -> None:
    rules, lead, history, now = situation
    rules = attrs.evolve(rules, limits=())
    # What stays in force across an enrollment: opt-outs, snoozes, and bounced channels.
    kept = [
        event
        for event in history
        if (isinstance(event, Milestone) and event.kind in _IN_FORCE)
        or (isinstance(event, Touch) and event.outcome is Outcome.BOUNCED)
    ]
    enrollment = Milestone.enrolled(now)
    real = plan(rules, lead, [*history, enrollment], now=now, max_touches=30)
    fresh = plan(rules, lead, [*kept, enrollment], now=now, max_touches=30)
    assert real == fresh
    assert [touch.reason for touch in real] == [touch.reason for touch in fresh]
    enrollments = sum(
        isinstance(event, Milestone) and event.kind is MilestoneKind.ENROLLED for event in history
    )
    assert all(touch.key.startswith(f"e{enrollments + 1}.") for touch in real)


def _reachable_after(events: list[Milestone], channel: Channel) -> bool:
    """A model of opt-outs: the latest word on the channel, and on all contact, wins."""
    everything = channel_word = True
    for event in sorted(events, key=lambda event: event.at):
        if event.channel is None:
            everything = event.kind is MilestoneKind.OPTED_IN
        elif event.channel is channel:
            channel_word = event.kind is MilestoneKind.OPTED_IN
    return everything and channel_word


lifecycle_events = st.lists(
    st.tuples(
        st.sampled_from([MilestoneKind.OPTED_OUT, MilestoneKind.OPTED_IN]),
        st.sampled_from([None, Channel.CALL, Channel.SMS, Channel.EMAIL]),
        st.integers(1, 60 * 24 * 20),
    ),
    max_size=6,
    unique_by=lambda item: item[2],
)


@given(lifecycle_events, st.sampled_from([Channel.CALL, Channel.SMS, Channel.EMAIL]))
def test_no_touch_on_a_channel_the_lead_opted_out_of_and_not_back_into(events, channel) -> None:
    lead = Lead(timezone=DENVER, created_at=ARRIVED)
    milestones = [
        Milestone(at=ARRIVED + timedelta(minutes=minutes), kind=kind, channel=on)
        for kind, on, minutes in events
    ]
    now = ARRIVED + timedelta(days=21)
    rules = Cadence(rhythm=presets.persistent().rhythm, channels=Prefer((channel,)))
    timeline = plan(rules, lead, milestones, now=now, until="20 days")
    if _reachable_after(milestones, channel):
        assert timeline, "the lead opted back in: the cadence goes on"
        assert {touch.channel for touch in timeline} == {channel}
    else:
        assert len(timeline) == 0


@given(lifecycle_events, st.lists(st.integers(0, 60 * 24 * 20), min_size=1, max_size=8))
def test_audit_judges_each_touch_by_the_opt_outs_in_force_at_its_time(events, minutes) -> None:
    lead = Lead(timezone="UTC", created_at=ARRIVED)
    milestones = [
        Milestone(at=ARRIVED + timedelta(minutes=at), kind=kind, channel=on)
        for kind, on, at in events
    ]
    # Touches on odd minutes, milestones on whole ones: none at the same instant.
    touches = [
        Touch(at=ARRIVED + timedelta(minutes=at, seconds=30), channel="sms", outcome="sent")
        for at in sorted(set(minutes))
    ]
    rules = Cadence(rhythm=presets.persistent().rhythm, stop=MaxRounds(100_000))
    found = {violation.touch for violation in audit(rules, lead, [*milestones, *touches])}
    for touch in touches:
        so_far = [event for event in milestones if event.at < touch.at]
        assert (touch in found) == (not _reachable_after(so_far, Channel.SMS))


def test_a_resumed_snooze_ends_at_once() -> None:
    lead = Lead(timezone="UTC", created_at=ARRIVED)
    snooze = Milestone.snoozed(ARRIVED, ARRIVED.add(weeks=3))
    now = ARRIVED.add(days=2)
    assert plan(presets.persistent(), lead, [snooze], now=now)[0].at >= ARRIVED.add(weeks=3)
    resumed = plan(presets.persistent(), lead, [snooze, Milestone.resumed(now)], now=now)
    assert resumed[0].at < ARRIVED.add(days=3)


def test_a_lost_lead_is_reopened_by_enrolling_it_again() -> None:
    lead = Lead(timezone="UTC", created_at=ARRIVED)
    lost = [
        Touch(at=ARRIVED.add(minutes=1), channel="call", outcome="no_answer"),
        Milestone(at=ARRIVED.add(days=1), kind="lost"),
    ]
    later = ARRIVED.add(days=60)
    assert str(plan(presets.persistent(), lead, lost, now=later).stop) == (
        "stopped: the lead bought or was lost"
    )
    reopened = plan(presets.persistent(), lead, [*lost, Milestone.enrolled(later)], now=later)
    assert reopened[0].reason == "speed to lead: first touch within 5 minutes of arrival"
    assert reopened[0].key == "e1.r1.t1"


def test_audit_judges_each_touch_by_the_enrollment_in_force_at_its_time() -> None:
    lead = Lead(timezone="UTC", created_at=datetime(2026, 3, 2, 10, tzinfo=UTC))
    rules = Cadence(rhythm=presets.persistent().rhythm, stop=MaxRounds(1))
    first = Touch(at=datetime(2026, 3, 2, 10, 1, tzinfo=UTC), channel="call", outcome="no_answer")
    second = Touch(at=datetime(2026, 3, 3, 10, 1, tzinfo=UTC), channel="call", outcome="no_answer")
    assert [violation.touch for violation in audit(rules, lead, [first, second])] == [second]
    enrolled = Milestone.enrolled(datetime(2026, 3, 3, 10, tzinfo=UTC))
    assert audit(rules, lead, [first, enrolled, second]) == []
