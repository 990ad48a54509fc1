"""Calling laws by jurisdiction: the table as data, ``Compliance()`` in planning and audit,
its file format, and the docs page generated from the data."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import attrs
import holidays as holidays_package
import jsonschema
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    Cadence,
    Channel,
    Compliance,
    ContactWindow,
    DoubleTap,
    Every,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    MissingExtraError,
    Prefer,
    Span,
    SpeedToLead,
    Touch,
    UnsatisfiableError,
    audit,
    compliance,
    json_schema,
    loads,
    plan,
)
from cadence._time import to_utc
from cadence.compliance import (
    JURISDICTIONS,
    CallingHours,
    DaysWithout,
    Jurisdiction,
    TouchCap,
    jurisdictions_for,
)
from tests import strategies as ds

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "compliance.md"
PLAN_MAX = 30

# A zone for each listed region, where its leads live.
REGIONS = {
    "US": "America/Chicago",
    "US-FL": "America/New_York",
    "US-OK": "America/Chicago",
    "US-MD": "America/New_York",
    "US-WA": "America/Los_Angeles",
    "US-LA": "America/Chicago",
    "US-TX": "America/Chicago",
    "US-DC": "America/New_York",
    "US-CT": "America/New_York",
    "CA-ON": "America/Toronto",
    "CA-BC": "America/Vancouver",
}


# -- the table ------------------------------------------------------------------------------


def test_the_docs_page_shows_the_table_the_data_makes():
    text = PAGE.read_text(encoding="utf-8")
    found = re.search(
        r"<!-- generated: cadence.compliance.table\(\) -->\n(.*?)<!-- end of generated table -->",
        text,
        re.DOTALL,
    )
    assert found is not None, "the generated table's markers are missing from the page"
    assert found[1] == compliance.table()


def test_every_listed_jurisdiction_is_in_the_table_with_its_rules():
    regions = [law.region for law in JURISDICTIONS]
    assert regions == [
        "US", "US-FL", "US-OK", "US-MD", "US-WA", "US-LA", "US-TX", "US-DC", "US-CT", "CA",
    ]  # fmt: skip
    secondary = {law.region for law in JURISDICTIONS if law.secondary}
    assert secondary == {"US-MD", "US-TX", "US-CT"}
    for law in JURISDICTIONS:
        assert law.checked == compliance.CHECKED
        assert law.rules_of(CallingHours), law
        for rule in law.rules:
            assert Channel.EMAIL not in rule.channels
    caps = {law.region: law.rules_of(TouchCap) for law in JURISDICTIONS}
    for region in ("US-FL", "US-OK", "US-MD"):
        (cap,) = caps[region]
        assert (cap.max, cap.per, cap.channels) == (3, Span(hours=24), compliance.CALLS_AND_TEXTS)
    (days,) = next(law for law in JURISDICTIONS if law.region == "US-LA").rules_of(DaysWithout)
    assert days.holidays
    assert [day.name for day in days.weekdays] == ["SUN"]


def test_a_us_lead_without_a_state_gets_every_us_law_and_a_province_the_federal_one():
    assert [law.region for law in jurisdictions_for("US")] == [
        law.region for law in JURISDICTIONS if law.region.startswith("US")
    ]
    assert [law.region for law in jurisdictions_for("US-FL")] == ["US", "US-FL"]
    assert [law.region for law in jurisdictions_for("ca-on")] == ["CA"]
    assert jurisdictions_for("FR") == ()
    assert jurisdictions_for(None) == ()


def test_law_rules_refuse_email_and_empty_values():
    with pytest.raises(InvalidValueError, match="does not cover email"):
        CallingHours(ds_hours(), channels=("call", "email"))
    with pytest.raises(InvalidValueError, match="Hours"):
        CallingHours(())
    with pytest.raises(InvalidValueError, match="at least 1"):
        TouchCap(0, "24 hours")
    with pytest.raises(InvalidValueError, match="subdivision of US"):
        Jurisdiction(
            "US-ZZ", "a law", "§ 1", "nowhere", None, date(2026, 1, 1), (TouchCap(1, "1 day"),)
        )
    with pytest.raises(InvalidValueError, match="rules"):
        Jurisdiction("US", "a law", "§ 1", "nowhere", None, date(2026, 1, 1), ())


def ds_hours():
    from cadence import Hours

    return Hours(days=range(7), start="08:00", end="20:00")


# -- Lead.region and Compliance's own arguments ----------------------------------------------


@pytest.mark.parametrize(
    ("given_", "normal"),
    [("US", "US"), ("us-fl", "US-FL"), (" CA_ON ", "CA-ON"), ("GB-LND", "GB-LND")],
)
def test_a_region_is_kept_in_normal_form(given_, normal):
    lead = Lead("America/New_York", datetime(2026, 1, 1, tzinfo=UTC), region=given_)
    assert lead.region == normal
    assert Lead.from_dict(lead.to_dict()) == lead


@pytest.mark.parametrize("bad", ["USA", "U", "US-", "US-ZZ", "CA-XX", "US FL", "", "12"])
def test_a_bad_region_is_refused_naming_the_field(bad):
    with pytest.raises(InvalidValueError, match=r"^Lead\.region: expected"):
        Lead("America/New_York", datetime(2026, 1, 1, tzinfo=UTC), region=bad)


def test_a_region_that_is_not_text_is_refused():
    with pytest.raises(InvalidTypeError, match=r"^Lead\.region"):
        Lead("America/New_York", datetime(2026, 1, 1, tzinfo=UTC), region=1)
    with pytest.raises(InvalidValueError, match=r"^Compliance\.default_region"):
        Compliance(default_region="US-XX")


# -- planning: no touch outside a region's hours, days or caps --------------------------------

CADENCE = Cadence(
    rhythm=SpeedToLead() + Every("1 day"),
    channels=Prefer(("call", "sms")),
    reactions=(DoubleTap(),),
    limits=(Compliance(),),
)


def _state_holidays(region: str, year: int) -> set[date]:
    country, _, part = region.partition("-")
    return set(holidays_package.country_holidays(country, subdiv=part or None, years=year))


def broken_laws(touches: list[Touch], index: int, lead: Lead) -> set[str]:
    """The laws touch ``index`` of a time-ordered list breaks, computed from the data alone.

    Hours and days on the clock of every zone the lead may be in; a law's date of effect
    on the lead's own calendar.
    """
    touch = touches[index]
    at = to_utc(touch.at)
    today = at.astimezone(lead.zone).date()
    found = set()
    for law in jurisdictions_for(lead.region):
        if law.effective is not None and today < law.effective:
            continue
        for rule in law.rules:
            if touch.channel not in rule.channels:
                continue
            if isinstance(rule, TouchCap):
                assert rule.per.days == 0  # the table's caps are in hours
                since = at - rule.per.exact
                count = sum(
                    1
                    for other in touches[: index + 1]
                    if other.channel in rule.channels and since < to_utc(other.at) <= at
                )
                if count > rule.max:
                    found.add(law.law)
                continue
            for zone in lead.zones:
                local = at.astimezone(zone)
                if isinstance(rule, CallingHours):
                    hours = rule.on(local.weekday())
                    if hours is None or local.replace(tzinfo=None) not in hours:
                        found.add(law.law)
                elif local.weekday() in rule.weekdays or (
                    rule.holidays and local.date() in _state_holidays(law.region, local.year)
                ):
                    found.add(law.law)
    return found


# Zones across which a region's leads may be uncertain.
NEIGHBOURS = {
    "US-FL": "America/Chicago",
    "US-TX": "America/Denver",
    "US": "America/Los_Angeles",
    "CA-BC": "America/Edmonton",
    "US-OK": "America/Denver",
}


@st.composite
def regional_situations(draw):
    region = draw(st.sampled_from(sorted(REGIONS)))
    name = REGIONS[region]
    now = draw(ds.instants_near_dst(name))
    possible = None
    if region in NEIGHBOURS and draw(st.booleans()):
        possible = (name, NEIGHBOURS[region])
    lead = Lead(
        name,
        now - timedelta(hours=draw(st.integers(0, 72))),
        region=region,
        possible_timezones=possible,
    )
    history = [
        event
        for event in draw(ds.histories(lead, now, milestone_weight=0))
        if event.channel is not Channel.EMAIL
    ]
    return lead, history, now


@given(regional_situations())
def test_no_planned_touch_breaks_the_laws_of_the_leads_region(situation):
    lead, history, now = situation
    timeline = plan(CADENCE, lead, history, now=now, max_touches=PLAN_MAX)
    done = sorted(
        [*history, *(touch.done() for touch in timeline)], key=lambda touch: to_utc(touch.at)
    )
    planned = {to_utc(touch.at) for touch in timeline}
    assert planned or timeline.stop is not None
    for index, touch in enumerate(done):
        if to_utc(touch.at) in planned:
            assert broken_laws(done, index, lead) == set(), (touch, lead)


@st.composite
def planted(draw):
    region = draw(st.sampled_from(sorted(REGIONS)))
    name = REGIONS[region]
    day = date(2026, 1, 5) + timedelta(days=draw(st.integers(0, 360)))
    clock = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    at = pendulum.instance(datetime.combine(day, clock), tz=name)
    lead = Lead(name, at - timedelta(days=1), region=region)
    channel = draw(st.sampled_from([Channel.CALL, Channel.SMS]))
    outcome = "no_answer" if channel is Channel.CALL else "sent"
    return lead, Touch(at=at, channel=channel, outcome=outcome)


@given(planted())
def test_audit_flags_a_touch_planted_outside_the_regions_rules_and_names_the_law(drawn):
    lead, touch = drawn
    broken = broken_laws([touch], 0, lead)
    violations = audit(CADENCE, lead, [touch])
    if not broken:
        assert violations == []
        return
    (violation,) = violations
    assert isinstance(violation.rule, Compliance)
    assert any(f"under the {law} (" in violation.message for law in broken), violation.message


def test_the_issues_sentence_for_a_late_call_in_florida():
    lead = Lead("America/New_York", datetime(2026, 3, 1, tzinfo=UTC), region="US-FL")
    late = Touch(
        at=pendulum.datetime(2026, 3, 5, 20, 15, tz="America/New_York"),
        channel="call",
        outcome="no_answer",
    )
    (violation,) = audit(CADENCE, lead, [late])
    assert (
        "a call at 20:15 in Florida, after 20:00 under the Florida Telephone Solicitation Act"
        in violation.message
    )


def test_a_combination_holding_the_laws_names_the_law_too():
    lead = Lead("America/New_York", datetime(2026, 3, 1, tzinfo=UTC), region="US-FL")
    late = Touch(
        at=pendulum.datetime(2026, 3, 5, 20, 15, tz="America/New_York"),
        channel="call",
        outcome="no_answer",
    )
    window = ContactWindow(days=range(7), start="08:00", end="22:00")
    for combined in (window & Compliance(), Compliance() | (Compliance() & window)):
        rules = attrs.evolve(CADENCE, limits=(combined,))
        (violation,) = audit(rules, lead, [late])
        assert "under the Florida Telephone Solicitation Act" in violation.message


def test_a_touch_before_a_law_took_effect_is_judged_without_it():
    lead = Lead("America/New_York", datetime(2023, 1, 1, tzinfo=UTC), region="US-MD")

    def call(year: int, month: int, day: int) -> Touch:
        at = pendulum.datetime(year, month, day, 20, 30, tz="America/New_York")
        return Touch(at=at, channel="call", outcome="no_answer")

    assert audit(CADENCE, lead, [call(2023, 12, 14)]) == []
    (violation,) = audit(CADENCE, lead, [call(2023, 12, 14), call(2024, 1, 10)])
    assert "Maryland Stop the Spam Calls Act" in violation.message


def test_a_us_lead_without_a_state_gets_the_strictest_rules():
    lead = Lead(
        "America/Chicago", pendulum.datetime(2026, 3, 6, 20, 30, tz="America/Chicago"), region="US"
    )
    timeline = plan(CADENCE, lead, now=lead.created_at, max_touches=6)
    for touch in timeline:
        local = touch.at.in_timezone("America/Chicago")
        assert local.weekday() != 6  # no Sundays (Louisiana)
        assert (
            time(9) <= local.time() < time(20)
        )  # Texas and Connecticut open at 9, most close at 20
    sunday = Touch(
        at=pendulum.datetime(2026, 3, 8, 14, tz="America/Chicago"),
        channel="call",
        outcome="no_answer",
    )
    (violation,) = audit(CADENCE, lead, [sunday])
    assert "state unknown" in violation.message
    assert "Louisiana" in violation.message


def test_a_louisiana_state_holiday_has_no_calls():
    lead = Lead(
        "America/Chicago",
        pendulum.datetime(2026, 12, 24, 19, 50, tz="America/Chicago"),
        region="US-LA",
    )
    timeline = plan(CADENCE, lead, now=lead.created_at, max_touches=6)
    days = {touch.at.in_timezone("America/Chicago").date() for touch in timeline}
    assert date(2026, 12, 25) not in days
    christmas = Touch(
        at=pendulum.datetime(2026, 12, 25, 12, tz="America/Chicago"),
        channel="call",
        outcome="no_answer",
    )
    (violation,) = audit(CADENCE, lead, [christmas])
    assert "a state holiday" in violation.message


def test_a_lead_without_a_region_is_judged_by_the_default_region_or_by_no_law():
    lead = Lead("America/New_York", datetime(2026, 3, 1, tzinfo=UTC))
    late = Touch(
        at=pendulum.datetime(2026, 3, 5, 20, 15, tz="America/New_York"),
        channel="call",
        outcome="no_answer",
    )
    assert audit(CADENCE, lead, [late]) == []
    strict = attrs.evolve(CADENCE, limits=(Compliance(default_region="us"),))
    (violation,) = audit(strict, lead, [late])
    assert "state unknown" in violation.message


def test_email_is_never_judged_by_a_calling_law():
    lead = Lead("America/New_York", datetime(2026, 3, 1, tzinfo=UTC), region="US-FL")
    email = Touch(
        at=pendulum.datetime(2026, 3, 5, 23, 15, tz="America/New_York"),
        channel="email",
        outcome="sent",
    )
    assert audit(CADENCE, lead, [email]) == []


@pytest.mark.usefixtures("without_holidays")
def test_state_holidays_without_the_extra_name_it():
    lead = Lead(
        "America/Chicago", pendulum.datetime(2026, 12, 24, 12, tz="America/Chicago"), region="US-LA"
    )
    with pytest.raises(MissingExtraError, match=r'pip install "cadence-rules\[holidays\]"'):
        plan(CADENCE, lead, now=lead.created_at, max_touches=3)


# -- configuration ---------------------------------------------------------------------------


def test_compliance_round_trips_through_toml_and_the_schema():
    text = """
version = 1

[rhythm]
type = "every"
gaps = ["P1D"]

[[limits]]
type = "compliance"

[[limits]]
type = "compliance"
default_region = "US-FL"
"""
    loaded = loads(text, format="toml")
    assert loaded.limits == (Compliance(), Compliance(default_region="US-FL"))
    assert Cadence.from_dict(loaded.to_dict()) == loaded
    jsonschema.validate(json.loads(json.dumps(loaded.to_dict())), json_schema())
    rebuilt = eval(repr(Compliance(default_region="US")), {"Compliance": Compliance})  # noqa: S307
    assert rebuilt == Compliance("US")


def test_a_bad_default_region_in_a_file_names_its_path():
    from cadence import ConfigError

    with pytest.raises(ConfigError, match=r"limits\[0\]\.default_region"):
        loads(
            'version = 1\n[rhythm]\ntype = "every"\ngaps = ["P1D"]\n[[limits]]\ntype = "compliance"\ndefault_region = "US-XX"\n',
            format="toml",
        )


# -- possible zones --------------------------------------------------------------------------


def test_compliance_hours_hold_in_every_possible_zone():
    lead = Lead(
        "America/Boise",
        pendulum.datetime(2026, 3, 4, 19, 30, tz="America/Boise"),
        region="US-FL",
        possible_timezones=("America/Boise", "America/New_York"),
    )
    timeline = plan(CADENCE, lead, now=lead.created_at, max_touches=8)
    assert len(timeline) == 8
    for touch in timeline:
        for zone in ("America/Boise", "America/New_York"):
            assert time(8) <= touch.at.in_timezone(zone).time() < time(20), (touch, zone)


def test_zones_whose_hours_never_overlap_are_named():
    lead = Lead(
        "Pacific/Kiritimati",
        datetime(2026, 3, 2, tzinfo=UTC),
        possible_timezones=("Pacific/Kiritimati", "Pacific/Pago_Pago"),
    )
    cadence = Cadence(
        rhythm=Every("1 day"), limits=(ContactWindow(days=["mon"], start="09:00", end="10:00"),)
    )
    with pytest.raises(UnsatisfiableError, match="Pacific/Kiritimati, Pacific/Pago_Pago"):
        plan(cadence, lead, now=lead.created_at, max_touches=3)
