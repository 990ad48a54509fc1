"""Readable scenarios: the persistent practice walked through a lead's first two weeks."""

from __future__ import annotations

import pendulum
import pytest

from cadence import (
    Cadence,
    Channel,
    ContactWindow,
    DayOffsets,
    Lead,
    MaxDuration,
    Milestone,
    MilestoneKind,
    Outcome,
    Prefer,
    Rotate,
    Touch,
    UnsatisfiableError,
    next_touch,
    plan,
    presets,
)

CHICAGO = Lead(
    timezone="America/Chicago", created_at=pendulum.datetime(2026, 3, 6, 15, 58, tz="UTC")
)
FIRST_CALL = Touch(
    at=pendulum.datetime(2026, 3, 6, 16, 0, tz="UTC"),
    channel=Channel.CALL,
    outcome=Outcome.NO_ANSWER,
)
NOW = pendulum.datetime(2026, 3, 6, 16, 0, 30, tz="UTC")


def rows(timeline, days=None):
    """(local time, channel, action) for each touch, optionally within ``days`` of the first."""
    shown = []
    for touch in timeline:
        if days is not None and touch.at > NOW.add(days=days):
            break
        shown.append((touch.at.format("ddd MM-DD HH:mm zz"), touch.channel.value, touch.action))
    return shown


def test_the_first_two_weeks_of_the_persistent_practice():
    timeline = plan(presets.persistent(), CHICAGO, [FIRST_CALL], now=NOW)
    assert rows(timeline, days=14) == [
        # The first call was not answered: dial again at once and leave the week's voicemail,
        # then text and email that mention it.
        ("Fri 03-06 10:01 CST", "call", "call, leave a voicemail"),
        ("Fri 03-06 10:02 CST", "sms", "send an SMS"),
        ("Fri 03-06 10:03 CST", "email", "send an email"),
        # A day later is Saturday: the contact window moves the follow-up to Monday 09:00,
        # after the clocks changed on Sunday.
        ("Mon 03-09 09:00 CDT", "call", "call, hang up at voicemail"),
        ("Mon 03-09 09:01 CDT", "call", "call, hang up at voicemail"),
        # Then twice a week; a voicemail again once a week has passed since the last one.
        ("Thu 03-12 09:00 CDT", "call", "call, hang up at voicemail"),
        ("Thu 03-12 09:01 CDT", "call", "call, hang up at voicemail"),
        ("Mon 03-16 09:00 CDT", "call", "call, hang up at voicemail"),
        ("Mon 03-16 09:01 CDT", "call", "call, leave a voicemail"),
        ("Mon 03-16 09:02 CDT", "sms", "send an SMS"),
        ("Mon 03-16 09:03 CDT", "email", "send an email"),
        ("Thu 03-19 09:00 CDT", "call", "call, hang up at voicemail"),
        ("Thu 03-19 09:01 CDT", "call", "call, hang up at voicemail"),
    ]
    assert timeline[3].reason == "follow-up on day 1; limited by contact window Mon-Fri 09:00-18:00"
    assert timeline[4].reason.endswith("limited by at most 1 voicemail per 1 week")
    assert [touch.round for touch in timeline[:6]] == [1, 1, 1, 2, 2, 3]
    assert max(touch.round for touch in timeline) == 12
    assert str(timeline.stop) == "stopped: 12 rounds were done"


def test_a_new_lead_is_called_within_five_minutes():
    touch = next_touch(presets.persistent(), CHICAGO, now=CHICAGO.created_at.add(seconds=20))
    assert touch is not None
    assert touch.at == CHICAGO.created_at.add(minutes=1).start_of("minute")
    assert (touch.channel, touch.voicemail) == (Channel.CALL, False)
    assert touch.reason == "speed to lead: first touch within 5 minutes of arrival"


def test_a_lead_arriving_on_saturday_night_is_called_on_monday_morning():
    lead = Lead(
        timezone="America/Chicago", created_at=pendulum.datetime(2026, 3, 15, 3, 30, tz="UTC")
    )
    touch = next_touch(presets.persistent(), lead, now=lead.created_at)
    assert touch is not None
    assert touch.at.format("ddd HH:mm") == "Mon 09:00"


def test_a_double_tap_whose_moment_passed_is_not_made_hours_later():
    three_hours_later = FIRST_CALL.at.add(hours=3)
    timeline = plan(presets.persistent(), CHICAGO, [FIRST_CALL], now=three_hours_later)
    assert "double tap" not in timeline[0].reason
    assert timeline[0].at.format("ddd HH:mm") == "Mon 09:00"


def test_an_answered_call_is_not_double_tapped():
    answered = Touch(at=FIRST_CALL.at, channel=Channel.CALL, outcome=Outcome.CONNECTED)
    timeline = plan(presets.persistent(), CHICAGO, [answered], now=NOW)
    assert timeline[0].at.format("ddd HH:mm") == "Mon 09:00"


def test_a_purchase_ends_the_cadence():
    bought = Milestone(at=NOW, kind=MilestoneKind.PURCHASED)
    timeline = plan(presets.persistent(), CHICAGO, [FIRST_CALL, bought], now=NOW)
    assert list(timeline) == []
    assert str(timeline.stop) == "stopped: the lead bought or was lost"


def test_a_stop_rule_that_begins_to_hold_is_reported_before_the_rhythms_end():
    # Both hold once the week is over: the plan says why it ends at the time of planning.
    short = Cadence(rhythm=DayOffsets(1), channels=Rotate(("email",)), stop=MaxDuration("7 days"))
    done = [touch.done() for touch in plan(short, CHICAGO, now=CHICAGO.created_at)]
    week = CHICAGO.created_at.in_timezone(CHICAGO.timezone).add(days=7)  # on the lead's clock
    before = plan(short, CHICAGO, done, now=week.subtract(minutes=1))
    after = plan(short, CHICAGO, done, now=week)
    assert list(before) == list(after) == []
    assert str(before.stop) == "the rhythm has no more rounds"
    assert str(after.stop) == "stopped: 1 week passed since the lead arrived"


def test_an_sms_opt_out_leaves_calls_and_email():
    timeline = plan(
        presets.persistent(), CHICAGO, [FIRST_CALL, Milestone.opted_out(NOW, "sms")], now=NOW
    )
    assert rows(timeline)[:2] == [
        ("Fri 03-06 10:01 CST", "call", "call, leave a voicemail"),
        ("Fri 03-06 10:02 CST", "email", "send an email"),
    ]
    assert Channel.SMS not in {touch.channel for touch in timeline}


def test_a_lead_without_a_phone_gets_texts_instead_of_calls():
    lead = Lead(timezone="Europe/Paris", created_at=CHICAGO.created_at, channels=["sms", "email"])
    timeline = plan(presets.persistent(), lead, now=lead.created_at)
    assert {touch.channel for touch in timeline} == {Channel.SMS}
    assert not any(touch.voicemail for touch in timeline)


def test_call_me_in_three_weeks():
    until = pendulum.datetime(2026, 3, 27, 15, tz="America/Chicago")
    snooze = Milestone.snoozed(NOW, until)
    timeline = plan(presets.persistent(), CHICAGO, [FIRST_CALL, snooze], now=NOW)
    assert timeline[0].at == until
    assert "limited by the lead's snooze" in timeline[0].reason


def test_a_bounced_email_is_not_sent_again():
    bounced = Touch(at=NOW, channel="email", outcome="bounced")
    timeline = plan(presets.persistent(), CHICAGO, [FIRST_CALL, bounced], now=NOW)
    assert Channel.EMAIL not in {touch.channel for touch in timeline}


def test_limits_that_can_never_agree_are_refused_instead_of_looping():
    rules = Cadence(
        rhythm=presets.persistent().rhythm,
        channels=Prefer(["call"]),
        limits=[
            ContactWindow(days=["mon"], start="09:00", end="10:00"),
            ContactWindow(days=["tue"]),
        ],
    )
    with pytest.raises(UnsatisfiableError, match="never agree"):
        plan(rules, CHICAGO, now=NOW)
