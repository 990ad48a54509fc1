"""Issue 12's reproductions, as scenarios: wrong plans that adversarial testing found."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pendulum
import pytest

from cadence import (
    BuyOrDie,
    Cadence,
    Channel,
    ContactWindow,
    DayOffsets,
    Every,
    Holidays,
    Lead,
    MaxRounds,
    Milestone,
    MinGap,
    Prefer,
    QuietHours,
    Rotate,
    SpeedToLead,
    Touch,
    UnsatisfiableError,
    Yearly,
    audit,
    plan,
)


def shown(touch) -> str:
    return touch.at.format("ddd YYYY-MM-DD HH:mm Z")


# -- 1. a Yearly round pushed past its date ------------------------------------------------

CHRISTMAS = Cadence(
    rhythm=SpeedToLead() + Yearly("12-25", at="10:00"),
    channels=Rotate(("call", "sms", "email")),
    limits=[ContactWindow(), Holidays(dates=["2026-12-25", "2027-12-25"])],
    stop=MaxRounds(2),
)
DECEMBER_LEAD = Lead(timezone="America/New_York", created_at=datetime(2026, 12, 1, 15, tzinfo=UTC))


def test_a_yearly_round_moved_past_its_holiday_is_the_second_and_last_round():
    timeline = plan(CHRISTMAS, DECEMBER_LEAD, [], now=DECEMBER_LEAD.created_at)
    # Christmas is a holiday and the 26th and 27th a weekend: the greeting moves to Monday.
    assert [(shown(touch), touch.channel, touch.round) for touch in timeline] == [
        ("Tue 2026-12-01 10:01 -05:00", Channel.CALL, 1),
        ("Mon 2026-12-28 09:00 -05:00", Channel.SMS, 2),
    ]
    assert str(timeline.stop) == "stopped: 2 rounds were done"


def test_carrying_out_the_christmas_cadence_ends_it_after_two_rounds():
    expected = plan(CHRISTMAS, DECEMBER_LEAD, [], now=DECEMBER_LEAD.created_at)
    history = []
    while expected:
        first, rest = expected[0], expected[1:]
        history.append(first.done())
        expected = plan(CHRISTMAS, DECEMBER_LEAD, history, now=first.at)
        assert tuple(expected) == rest
        assert [touch.reason for touch in expected] == [touch.reason for touch in rest]
    assert len(history) == 2
    assert str(expected.stop) == "stopped: 2 rounds were done"


def test_a_replan_between_the_holiday_and_the_moved_round_keeps_the_round():
    first_call = plan(CHRISTMAS, DECEMBER_LEAD, [], now=DECEMBER_LEAD.created_at)[0]
    before = plan(CHRISTMAS, DECEMBER_LEAD, [first_call.done()], now=first_call.at)
    # Nothing new happened by Boxing Day: the plan is what it was.
    boxing_day = pendulum.datetime(2026, 12, 26, 12, tz="America/New_York")
    after = plan(CHRISTMAS, DECEMBER_LEAD, [first_call.done()], now=boxing_day)
    assert tuple(after) == tuple(before)
    assert [shown(touch) for touch in after] == ["Mon 2026-12-28 09:00 -05:00"]


def test_audit_reports_a_third_round_of_a_two_round_cadence():
    at = pendulum.datetime
    history = [
        Touch(
            at=at(2026, 12, 1, 10, 1, tz="America/New_York"), channel="call", outcome="no_answer"
        ),
        Touch(at=at(2026, 12, 28, 9, tz="America/New_York"), channel="sms", outcome="sent"),
        Touch(at=at(2027, 12, 27, 9, tz="America/New_York"), channel="email", outcome="sent"),
    ]
    violations = audit(CHRISTMAS, DECEMBER_LEAD, history)
    assert [(violation.touch, violation.rule) for violation in violations] == [
        (history[2], MaxRounds(2))
    ]


# -- 2. DayOffsets across a DST gap that crosses midnight ---------------------------------

# Greenland springs forward on Saturday 28 March 2026 at 23:00, straight to Sunday 00:00.
FRIDAY_NIGHT = pendulum.datetime(2026, 3, 27, 23, 30, tz="America/Nuuk")


@pytest.mark.parametrize("name", ["America/Nuuk", "America/Scoresbysund"])
def test_a_follow_up_at_ten_the_next_day_is_on_saturday_across_greenlands_gap(name):
    lead = Lead(timezone=name, created_at=FRIDAY_NIGHT.in_timezone(name))
    rules = Cadence(rhythm=DayOffsets(1, at="10:00"), channels=Prefer(["email"]), stop=BuyOrDie())
    (touch,) = plan(rules, lead, [], now=lead.created_at)
    assert touch.at.format("ddd YYYY-MM-DD HH:mm") == "Sat 2026-03-28 10:00"
    assert touch.at.utcoffset() == timedelta(hours=-2)
    assert touch.at == pendulum.datetime(2026, 3, 28, 12, tz="UTC")


def test_a_follow_up_keeping_the_clock_moves_out_of_the_gap_to_sunday_midnight():
    # Without "at", a day later is Saturday 23:30, which does not exist: the first instant
    # after the gap is Sunday 00:00, on the new offset.
    lead = Lead(timezone="America/Nuuk", created_at=FRIDAY_NIGHT)
    rules = Cadence(rhythm=DayOffsets(1, 2), channels=Prefer(["email"]), stop=BuyOrDie())
    first, second = plan(rules, lead, [], now=lead.created_at)
    assert first.at.format("ddd YYYY-MM-DD HH:mm") == "Sun 2026-03-29 00:00"
    assert first.at.utcoffset() == timedelta(hours=-1)
    assert first.at == pendulum.datetime(2026, 3, 29, 1, tz="UTC")
    # The next round keeps that clock.
    assert second.at.format("ddd YYYY-MM-DD HH:mm Z") == "Mon 2026-03-30 00:00 -01:00"


# -- 3. a | (b & c) where b & c never agree ------------------------------------------------

WEDNESDAY_MORNINGS = ContactWindow(days=["wed"], start="10:00", end="12:00")
NEVER = ContactWindow(days=["mon"], start="08:00", end="09:00") & QuietHours(
    start="07:00", end="21:00"
)
EITHER = Cadence(
    rhythm=Every("1 day"),
    channels=Prefer(["call"]),
    limits=[WEDNESDAY_MORNINGS | NEVER],
    stop=MaxRounds(3),
)
CHICAGO = Lead(
    timezone="America/Chicago", created_at=pendulum.datetime(2026, 3, 2, 9, tz="America/Chicago")
)


def test_a_member_that_never_allows_leaves_the_other_member_to_decide():
    timeline = plan(EITHER, CHICAGO, [], now=CHICAGO.created_at)
    assert [shown(touch) for touch in timeline] == [
        "Wed 2026-03-04 10:00 -06:00",
        "Wed 2026-03-11 10:00 -05:00",
        "Wed 2026-03-18 10:00 -05:00",
    ]


def test_audit_reports_a_touch_outside_both_members():
    tuesday = Touch(
        at=pendulum.datetime(2026, 3, 3, 10, 30, tz="America/Chicago"),
        channel="call",
        outcome="no_answer",
    )
    (violation,) = audit(EITHER, CHICAGO, [tuesday])
    assert violation.rule == WEDNESDAY_MORNINGS | NEVER
    assert "the earliest allowed was Wed 2026-03-04 10:00" in violation.message


def test_audit_of_a_touch_inside_the_window_is_clean():
    wednesday = Touch(
        at=pendulum.datetime(2026, 3, 4, 10, 30, tz="America/Chicago"),
        channel="call",
        outcome="no_answer",
    )
    assert audit(EITHER, CHICAGO, [wednesday]) == []


def test_audit_reports_a_touch_against_limits_that_never_agree():
    # The same veto at the top level: every touch breaks it, and audit says so.
    rules = Cadence(rhythm=Every("1 day"), channels=Prefer(["call"]), limits=[NEVER])
    saturday = Touch(
        at=pendulum.datetime(2026, 3, 7, 10, tz="America/Chicago"),
        channel="call",
        outcome="no_answer",
    )
    (violation,) = audit(rules, CHICAGO, [saturday])
    assert violation.rule == NEVER


# -- 4. a long push by a limit that ends is the horizon's answer ---------------------------

DAILY = Cadence(rhythm=Every("1 day"), channels=Prefer(["call"]), stop=MaxRounds(3))
NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
UTC_LEAD = Lead(timezone="UTC", created_at=NOW)


def ends_at_the_horizon(timeline) -> bool:
    return len(timeline) == 0 and str(timeline.stop).startswith("the planning horizon")


@pytest.mark.parametrize("years", [9, 11, 30])
def test_a_snooze_of_years_ends_the_plan_at_the_horizon(years):
    snooze = Milestone.snoozed(NOW, NOW.add(years=years))
    assert ends_at_the_horizon(plan(DAILY, UTC_LEAD, [snooze], now=NOW))


@pytest.mark.parametrize("years", [9, 11, 30])
def test_a_blackout_of_years_ends_the_plan_at_the_horizon(years):
    lead = Lead(timezone="UTC", created_at=NOW, blackouts=[("2026-03-01", f"{2026 + years}-03-01")])
    assert ends_at_the_horizon(plan(DAILY, lead, [], now=NOW))


def test_a_gap_of_four_thousand_days_ends_the_plan_at_the_horizon():
    rules = Cadence(
        rhythm=Every("1 day"),
        channels=Prefer(["call"]),
        limits=[MinGap("4000 days")],
        stop=MaxRounds(3),
    )
    done = Touch(at=NOW, channel="call", outcome="no_answer")
    assert ends_at_the_horizon(plan(rules, UTC_LEAD, [done], now=NOW))


def test_a_window_wholly_inside_quiet_hours_is_still_unsatisfiable():
    rules = Cadence(
        rhythm=Every("1 day"),
        limits=[ContactWindow(start="09:00", end="17:00"), QuietHours(start="08:00", end="18:00")],
    )
    with pytest.raises(UnsatisfiableError):
        plan(rules, UTC_LEAD, [], now=NOW)
