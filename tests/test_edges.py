"""Where each boundary lies: an instant exactly at a rule's edge, pinned by one example."""

from __future__ import annotations

import attrs
import pendulum
import pytest

from cadence import (
    AfterVoicemail,
    Cadence,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    FrequencyCap,
    Holidays,
    Lead,
    MaxDuration,
    Prefer,
    QuietHours,
    SpeedToLead,
    Touch,
    Weekly,
    audit,
    plan,
)

# Monday 2 March 2026, 09:00 in Chicago.
ARRIVED = pendulum.datetime(2026, 3, 2, 9, tz="America/Chicago")
LEAD = Lead(timezone="America/Chicago", created_at=ARRIVED)


def shown(timeline) -> list[str]:
    return [touch.at.format("ddd HH:mm") for touch in timeline]


def test_the_horizon_includes_a_touch_exactly_at_it():
    rules = Cadence(rhythm=SpeedToLead())
    assert shown(plan(rules, LEAD, now=ARRIVED, until=ARRIVED.add(minutes=1))) == ["Mon 09:01"]
    assert shown(plan(rules, LEAD, now=ARRIVED, until=ARRIVED.add(seconds=59))) == []


def test_a_horizon_at_now_plans_nothing_and_one_before_it_is_refused():
    timeline = plan(Cadence(rhythm=SpeedToLead()), LEAD, now=ARRIVED, until=ARRIVED)
    assert len(timeline) == 0
    assert str(timeline.stop).startswith("the planning horizon")
    with pytest.raises(ValueError, match=r"until: expected an instant at or after now"):
        plan(Cadence(rhythm=SpeedToLead()), LEAD, now=ARRIVED, until=ARRIVED.subtract(seconds=1))


def test_max_duration_ends_before_a_touch_exactly_at_its_end():
    # Day 1 counts from the first touch, Monday 09:01: Tuesday 09:01 is the very end.
    rules = Cadence(rhythm=SpeedToLead() + DayOffsets(1), stop=MaxDuration("1 day and 1 minute"))
    timeline = plan(rules, LEAD, now=ARRIVED)
    assert shown(timeline) == ["Mon 09:01"]
    assert timeline.stop.rule == MaxDuration("1 day and 1 minute")
    longer = attrs.evolve(rules, stop=MaxDuration("1 day and 2 minutes"))
    assert shown(plan(longer, LEAD, now=ARRIVED)) == ["Mon 09:01", "Tue 09:01"]


def test_a_reaction_moved_to_exactly_its_expiry_still_happens():
    rules = Cadence(
        rhythm=SpeedToLead() + DayOffsets(1),
        reactions=[DoubleTap(gap="0 minutes", expires="15 minutes")],
        limits=[QuietHours("09:01", "09:15")],
    )
    first = Touch(at=ARRIVED, channel="call", outcome="no_answer")
    timeline = plan(rules, LEAD, [first], now=ARRIVED.add(seconds=30), max_touches=1)
    assert shown(timeline) == ["Mon 09:15"]
    assert timeline[0].reason.startswith("double tap")


def test_a_weekly_round_at_the_arrival_time_is_that_day():
    rules = Cadence(rhythm=Weekly(days=["mon"], at="09:00"))
    timeline = plan(rules, LEAD, now=ARRIVED, max_touches=1)
    assert [touch.at.format("YYYY-MM-DD") for touch in timeline] == ["2026-03-02"]


def test_holidays_name_three_dates_and_count_the_rest():
    three = Holidays(["2026-12-24", "2026-12-25", "2026-12-31"])
    assert three.describe() == "holidays 2026-12-24, 2026-12-25, 2026-12-31"
    four = Holidays(["2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"])
    assert four.describe() == "holidays 2026-12-24, 2026-12-25, 2026-12-31 and 1 more"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: DayOffsets(1, 1), r"DayOffsets.days: expected"),
        (lambda: ContactWindow(start="09:00", end="09:00"), r"ContactWindow.end: expected"),
    ],
)
def test_empty_or_repeated_edges_are_refused(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_a_reaction_done_the_moment_the_next_round_is_due_belongs_to_its_round():
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 minute"),
        channels=Prefer(["call"]),
        reactions=[AfterVoicemail(channels=["sms"], gap="1 minute")],
    )
    before = plan(rules, LEAD, now=ARRIVED, max_touches=3)
    # The SMS after the voicemail is due at 09:02, when the second round is due too.
    assert [(touch.round, touch.channel.value) for touch in before] == [
        (1, "call"),
        (1, "sms"),
        (2, "call"),
    ]
    done = [touch.done() for touch in before[:2]]
    after = plan(rules, LEAD, done, now=before[1].at.add(seconds=30), max_touches=1)
    assert after[0] == before[2]


def test_two_touches_at_one_instant_both_count_against_a_cap():
    rules = Cadence(rhythm=SpeedToLead(), limits=[FrequencyCap(1, "1 day")])
    twice = [Touch(at=ARRIVED, channel=channel, outcome="sent") for channel in ("sms", "email")]
    (violation,) = audit(rules, LEAD, twice)
    assert violation.touch.channel.value == "sms"  # replayed after the email, by channel


def test_two_days_in_a_row_are_listed_and_three_make_a_range():
    def window(*days: str) -> str:
        return ContactWindow(days=days, start="10:00", end="14:00").describe()

    assert window("sat", "sun") == "contact window Sat, Sun 10:00-14:00"
    assert window("mon", "tue", "wed") == "contact window Mon-Wed 10:00-14:00"
    assert window("mon", "wed", "thu") == "contact window Mon, Wed, Thu 10:00-14:00"
