"""Holidays where the lead is: one cadence for leads in many countries."""

from __future__ import annotations

from datetime import date

import pendulum
import pytest

from cadence import (
    Cadence,
    ContactWindow,
    Every,
    Holidays,
    InvalidValueError,
    Lead,
    Prefer,
    SpeedToLead,
    Touch,
    audit,
    loads,
    plan,
)

CADENCE = Cadence(
    rhythm=SpeedToLead() + Every("1 day"),
    channels=Prefer(("email",)),
    limits=(Holidays.where_lead_is(extra=["2026-07-20"]), ContactWindow(days=range(7))),
)


def days_planned(region: str | None, zone: str, start: tuple[int, int, int]) -> list[date]:
    lead = Lead(zone, pendulum.datetime(*start, 19, tz=zone), region=region)
    return [touch.at.date() for touch in plan(CADENCE, lead, now=lead.created_at, max_touches=4)]


def test_each_lead_skips_the_holidays_of_its_own_region():
    # 14 July is France's national day, not a US holiday; 1 July is Canada Day.
    assert date(2026, 7, 14) not in days_planned("FR", "Europe/Paris", (2026, 7, 12))
    assert date(2026, 7, 14) in days_planned("US-FL", "America/New_York", (2026, 7, 12))
    assert date(2026, 7, 1) not in days_planned("CA-ON", "America/Toronto", (2026, 6, 29))
    assert date(2026, 7, 1) in days_planned("FR", "Europe/Paris", (2026, 6, 29))


def test_a_states_own_holidays_count():
    # Cesar Chavez Day, 31 March, is a California state holiday.
    assert date(2026, 3, 31) not in days_planned("US-CA", "America/Los_Angeles", (2026, 3, 29))
    assert date(2026, 3, 31) in days_planned("US-NY", "America/New_York", (2026, 3, 29))


def test_extra_dates_hold_for_every_lead_and_a_lead_without_a_region_gets_only_them():
    assert date(2026, 7, 20) not in days_planned(None, "UTC", (2026, 7, 18))
    assert date(2026, 7, 14) in days_planned(None, "UTC", (2026, 7, 12))


def test_a_subdivision_the_package_does_not_know_falls_back_to_its_country():
    assert date(2026, 12, 25) not in days_planned("GB-LND", "Europe/London", (2026, 12, 23))


def test_a_country_the_package_does_not_know_is_refused_naming_the_lead():
    lead = Lead("UTC", pendulum.datetime(2026, 7, 1, 9), region="ZZ")
    with pytest.raises(InvalidValueError, match=r"^Holidays\.lead_region: .*'ZZ'"):
        plan(CADENCE, lead, now=lead.created_at)


def test_lead_region_and_a_fixed_region_exclude_each_other():
    with pytest.raises(InvalidValueError, match=r"^Holidays\.lead_region"):
        Holidays(region="US", lead_region=True)
    with pytest.raises(InvalidValueError, match=r"^Holidays\.dates: expected at least one date"):
        Holidays()


def test_audit_names_the_holidays_where_the_lead_is():
    lead = Lead("Europe/Paris", pendulum.datetime(2026, 7, 1, tz="Europe/Paris"), region="FR")
    touch = Touch(
        at=pendulum.datetime(2026, 7, 14, 10, tz="Europe/Paris"), channel="email", outcome="sent"
    )
    (violation,) = audit(CADENCE, lead, [touch])
    assert "public holidays where the lead is" in violation.message


def test_holidays_where_the_lead_is_round_trip_through_a_file():
    text = 'version = 1\n[rhythm]\ntype = "every"\ngaps = ["P1D"]\n[[limits]]\ntype = "holidays"\nlead_region = true\n'
    loaded = loads(text, format="toml")
    assert loaded.limits == (Holidays.where_lead_is(),)
    assert Cadence.from_dict(loaded.to_dict()) == loaded
    assert repr(Holidays.where_lead_is()) == "Holidays(lead_region=True)"
