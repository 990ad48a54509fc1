"""Leads from phone numbers: zones and regions from the number, with the phone extra."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pendulum
import pytest
from phonenumbers import geocoder
from phonenumbers import parse as parse_number

from cadence import (
    Cadence,
    Compliance,
    Every,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    MissingExtraError,
    Prefer,
    SpeedToLead,
    phone,
    plan,
)
from cadence.area_codes import AREA_CODES
from cadence.region import SUBDIVISIONS

NOW = datetime(2026, 3, 2, 14, tzinfo=UTC)
# Idaho's exchanges on both sides of the line between Mountain and Pacific time.
ACROSS_A_ZONE_LINE = "+1 208 200 5678"


def test_a_miami_number_makes_a_new_york_lead_in_florida():
    lead = phone.lead("+1 305 555 0100", created_at=NOW, id="L-1")
    assert lead == Lead("America/New_York", NOW, region="US-FL", id="L-1")
    assert phone.timezones("+1 305 555 0100") == ("America/New_York",)
    assert phone.region("+13055550100") == "US-FL"


def test_a_number_across_a_zone_line_gives_both_zones():
    assert phone.timezones(ACROSS_A_ZONE_LINE) == ("America/Boise", "America/Los_Angeles")
    lead = phone.lead(ACROSS_A_ZONE_LINE, created_at=NOW)
    assert lead.timezone == "America/Boise"
    assert lead.possible_timezones == ("America/Boise", "America/Los_Angeles")
    assert lead.region == "US-ID"
    chosen = phone.lead(ACROSS_A_ZONE_LINE, created_at=NOW, timezone="America/Los_Angeles")
    assert chosen.timezone == "America/Los_Angeles"
    assert chosen.possible_timezones == ("America/Boise", "America/Los_Angeles")


def test_a_timezone_the_number_does_not_allow_is_refused():
    with pytest.raises(
        InvalidValueError,
        match=r"^Lead\.timezone: expected one of the possible time zones America/New_York",
    ):
        phone.lead("+1 305 555 0100", created_at=NOW, timezone="America/Chicago")


def test_what_the_crm_knows_wins_over_the_number():
    lead = phone.lead(
        "+1 800 555 0100",
        created_at=NOW,
        timezone="America/Chicago",
        region="US-TX",
        possible_timezones=None,
    )
    assert lead == Lead("America/Chicago", NOW, region="US-TX")


def test_regions_of_other_numbers():
    assert phone.region("+1 800 555 0100") == "US"  # toll-free: the state is unknown
    assert phone.region("+1 876 555 0100") == "JM"
    assert phone.region("+44 20 7946 0000") == "GB"
    assert phone.region("+1 405 555 0100") == "US-OK"
    assert phone.region("+1 647 555 0100") == "CA-ON"
    assert phone.region("(305) 555-0100", default_region="US") == "US-FL"
    assert phone.lead("+1 647 555 0100", created_at=NOW, region="CA-QC").region == "CA-QC"


def test_a_toll_free_number_may_be_in_many_zones():
    zones = phone.timezones("+1 800 555 0100")
    assert {"America/New_York", "America/Los_Angeles", "Pacific/Honolulu"} <= set(zones)


@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("hello", InvalidValueError, r"^number: expected a phone number in international form"),
        ("+1 305", InvalidValueError, r"^number: .*as many digits"),
        ("305 555 0100", InvalidValueError, r"^number: expected a phone number"),
        (3055550100, InvalidTypeError, r"^number: expected a phone number"),
        (
            "+800 1234 5678",
            InvalidValueError,
            r"^number: expected a number whose time zone is known",
        ),
    ],
)
def test_bad_numbers_are_refused_naming_the_argument(bad, error, message):
    with pytest.raises(error, match=message):
        phone.lead(bad, created_at=NOW)


def test_without_the_extra_the_error_names_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "phonenumbers", None)
    with pytest.raises(MissingExtraError, match=r'pip install "cadence-rules\[phone\]"'):
        phone.lead("+1 305 555 0100", created_at=NOW)


def _state_of(description: str) -> str:
    names = {
        name.removeprefix("the "): f"{country}-{code}"
        for country, codes in SUBDIVISIONS.items()
        for code, name in codes.items()
    }
    names |= {
        "Washington State": "US-WA",
        "Washington D.C.": "US-DC",
        "British Colombia": "CA-BC",
        "Nova Scotia/Prince Edward Island": "CA",
        "Northwest Territories/Nunavut/Yukon": "CA",
    }
    if description in names:
        return names[description]
    _, _, code = description.rpartition(", ")
    return f"US-{code}" if code in SUBDIVISIONS["US"] else f"CA-{code}"


def test_the_area_code_table_agrees_with_libphonenumber():
    assert len(AREA_CODES) > 400
    for code, region in AREA_CODES.items():
        number = parse_number(f"+1{code}2345678")
        description = geocoder.description_for_number(number, "en")
        assert _state_of(description) == region, (code, description)


def test_a_lead_from_a_number_plans_within_its_states_law_in_both_zones():
    lead = phone.lead(
        ACROSS_A_ZONE_LINE, created_at=pendulum.datetime(2026, 3, 2, 6, tz="America/Boise")
    )
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 day"),
        channels=Prefer(("call",)),
        limits=(Compliance(),),
    )
    for touch in plan(rules, lead, now=lead.created_at, max_touches=5):
        assert touch.at.in_timezone("America/Los_Angeles").hour >= 8
        assert touch.at.in_timezone("America/Boise").hour < 21
