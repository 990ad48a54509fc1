"""What a lead asked for: a channel, hours, a vacation; and occasions on their dates."""

from __future__ import annotations

from datetime import date

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    Hours,
    Lead,
    Period,
    PreferredChannel,
    Touch,
    Yearly,
    audit,
    plan,
    presets,
)
from tests import strategies as ds

ARRIVED = pendulum.datetime(2026, 3, 2, 15, tz="UTC")  # Monday 09:00 in Chicago


def lead(**preferences) -> Lead:
    return Lead(timezone="America/Chicago", created_at=ARRIVED, **preferences)


def test_rounds_go_to_the_preferred_channel():
    rules = attrs.evolve(presets.persistent(), channels=PreferredChannel())
    timeline = plan(rules, lead(preferred_channel="email"), now=ARRIVED, until="3 weeks")
    assert {touch.channel for touch in timeline} == {Channel.EMAIL}


def test_without_a_preference_the_fallback_rule_picks():
    rules = attrs.evolve(presets.persistent(), channels=PreferredChannel())
    timeline = plan(rules, lead(), now=ARRIVED, until="3 weeks")
    first_of_rounds = [
        touch.channel
        for touch in timeline
        if "double tap" not in touch.reason and "after voicemail" not in touch.reason
    ]
    assert first_of_rounds[:3] == [Channel.CALL, Channel.SMS, Channel.EMAIL]


def test_a_preferred_channel_opted_out_of_falls_back():
    rules = attrs.evolve(presets.persistent(), channels=PreferredChannel())
    from cadence import Milestone

    timeline = plan(
        rules, lead(preferred_channel="sms"), [Milestone.opted_out(ARRIVED, "sms")], now=ARRIVED
    )
    assert Channel.SMS not in {touch.channel for touch in timeline}


@given(ds.zone_names, st.integers(0, 6), st.integers(6, 20))
def test_best_times_replace_the_cadences_hours_for_this_lead_only(name, day, hour):
    best = Hours(days=[day], start=f"{hour:02d}:00", end=f"{hour + 2:02d}:00")
    someone = Lead(timezone=name, created_at=ARRIVED, best_times=best)
    timeline = plan(presets.persistent(), someone, now=ARRIVED, until="6 weeks")
    assert len(timeline) > 0
    for touch in timeline:
        assert touch.at.weekday() == day
        assert hour <= touch.at.hour < hour + 2


def test_a_vacation_the_lead_told_about_is_respected():
    away = lead(blackouts=[Period("2026-03-03", "2026-03-20")])
    timeline = plan(
        presets.persistent(),
        away,
        [Touch(at=ARRIVED.add(minutes=1), channel="call", outcome="no_answer")],
        now=ARRIVED.add(minutes=2),
    )
    after_first_round = [touch for touch in timeline if touch.round > 1]
    assert after_first_round[0].at.format("ddd YYYY-MM-DD HH:mm") == "Mon 2026-03-23 09:00"
    assert "blackout 2026-03-03 to 2026-03-20" in after_first_round[0].reason
    assert audit(
        presets.persistent(),
        away,
        [Touch(at=pendulum.datetime(2026, 3, 10, 16, tz="UTC"), channel="sms", outcome="sent")],
    )


def test_a_birthday_call_each_year():
    rules = Cadence(rhythm=Yearly("birthday", at="10:00"), channels=PreferredChannel())
    someone = lead(dates={"birthday": date(1980, 5, 17)}, preferred_channel="call")
    timeline = plan(rules, someone, now=ARRIVED, until=ARRIVED.add(years=3))
    assert [touch.at.format("YYYY-MM-DD HH:mm") for touch in timeline] == [
        "2026-05-17 10:00",
        "2027-05-17 10:00",
        "2028-05-17 10:00",
    ]
    assert timeline[0].reason == "yearly: birthday"


def test_a_leap_day_birthday_falls_on_the_28th_in_other_years():
    rules = Cadence(rhythm=Yearly("birthday", at="12:00"), channels=PreferredChannel())
    arrived = pendulum.datetime(2026, 1, 5, tz="UTC")
    someone = Lead(timezone="Europe/Paris", created_at=arrived, dates={"birthday": "2000-02-29"})
    timeline = plan(rules, someone, now=arrived, until=arrived.add(years=3))
    assert [touch.at.format("YYYY-MM-DD") for touch in timeline] == [
        "2026-02-28",
        "2027-02-28",
        "2028-02-29",
    ]


def test_an_occasion_whose_day_passed_is_not_made_late():
    rules = Cadence(rhythm=Yearly("03-01", at="10:00"))
    timeline = plan(rules, lead(), now=ARRIVED, until="1 week")
    assert len(timeline) == 0


@pytest.mark.parametrize(
    ("on", "arrived", "now", "first"),
    [
        # Later on the day the lead arrived, and later on a day long after.
        ("03-01", "2026-03-01T08:00", "2026-03-01T08:00", "2026-03-01 10:00"),
        ("03-01", "2026-02-01T08:00", "2026-03-01T08:00", "2026-03-01 10:00"),
        # The day passed while nothing was planned: next year's, not one made late now.
        ("03-01", "2026-02-01T08:00", "2026-03-10T08:00", "2027-03-01 10:00"),
        # An anniversary is a year after the arrival, not the arrival day itself.
        ("anniversary", "2026-03-01T08:00", "2026-03-01T08:00", "2027-03-01 10:00"),
        ("anniversary", "2026-03-01T08:00", "2026-11-24T08:00", "2027-03-01 10:00"),
    ],
)
def test_the_first_occasion_is_the_next_one_whose_day_has_not_passed(on, arrived, now, first):
    someone = Lead(
        timezone="America/Chicago", created_at=pendulum.parse(arrived, tz="America/Chicago")
    )
    at = pendulum.parse(now, tz="America/Chicago")
    rules = Cadence(rhythm=Yearly(on, at="10:00"))
    timeline = plan(rules, someone, now=at, until=at.add(years=2), max_touches=1)
    assert timeline[0].at.format("YYYY-MM-DD HH:mm") == first


def test_a_lead_without_the_date_has_no_occasion_rounds():
    timeline = plan(Cadence(rhythm=Yearly("birthday")), lead(), now=ARRIVED)
    assert len(timeline) == 0
    assert str(timeline.stop) == "the rhythm has no more rounds"


def test_post_sale_check_in_referral_and_next_season():
    customer = Lead(
        timezone="America/Denver", created_at=pendulum.datetime(2026, 4, 10, 17, tz="UTC")
    )
    timeline = plan(
        presets.post_sale(season="04-01"),
        customer,
        now=customer.created_at,
        until=customer.created_at.add(months=13),
    )
    rounds = {touch.round: touch for touch in reversed(timeline)}
    assert [rounds[n].at.format("ddd YYYY-MM-DD HH:mm") for n in (1, 2, 3)] == [
        "Fri 2026-04-24 10:00",
        "Mon 2026-05-11 09:00",
        "Thu 2027-03-18 10:00",
    ]
    assert rounds[3].reason == "yearly: 2 weeks before 04-01"
    assert str(timeline.stop) == "stopped: 3 rounds were done"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"on": "13-01"}, "Yearly.on: expected a real month and day, got '13-01'"),
        ({"on": "not a name"}, "Yearly.on: expected a month and day"),
    ],
)
def test_bad_occasions_are_refused(value, message):
    with pytest.raises(ValueError, match=message):
        Yearly(**value)


def test_bad_lead_preferences_are_refused():
    with pytest.raises(ValueError, match=r"Lead.dates: .*'1980-13-40'"):
        lead(dates={"birthday": "1980-13-40"})
    with pytest.raises(ValueError, match=r"Period.end: expected a moment after start"):
        lead(blackouts=[("2026-03-20", "2026-03-03")])
    with pytest.raises(ValueError, match=r"Period.end: expected a moment after start"):
        Period("2026-03-20T10:00", "2026-03-20T10:00")  # an empty period is a mistake
    with pytest.raises(TypeError, match=r"Lead.best_times: expected hours such as Hours"):
        lead(best_times="09:00-17:00")
