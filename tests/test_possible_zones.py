"""Safe hours when the zone is uncertain: every local-time limit holds in every zone a lead may
be in, while the lead's own zone keeps the calendar and the display."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import attrs
import pendulum
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from cadence import (
    Blackout,
    Cadence,
    Channel,
    ContactWindow,
    Every,
    Holidays,
    Hours,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    Prefer,
    QuietHours,
    SpeedToLead,
    State,
    Touch,
    UnsatisfiableError,
    audit,
    plan,
)
from cadence._time import to_utc
from cadence.candidate import Candidate
from cadence.rules import Limit
from tests import strategies as ds

PLAN_MAX = 25
NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)


# -- the lead's zones, validated ---------------------------------------------------------


def test_the_leads_zone_must_be_one_of_its_possible_zones():
    with pytest.raises(InvalidValueError, match=r"^Lead\.timezone: expected one of the possible"):
        Lead("America/Denver", NOW, possible_timezones=("America/Boise", "America/Los_Angeles"))


def test_possible_zones_may_not_be_empty_or_bad():
    with pytest.raises(
        InvalidValueError, match=r"^Lead\.possible_timezones: expected at least one"
    ):
        Lead("America/Boise", NOW, possible_timezones=())
    with pytest.raises(InvalidValueError, match=r"^Lead\.possible_timezones: .*'Mars/Base'"):
        Lead("America/Boise", NOW, possible_timezones=("America/Boise", "Mars/Base"))
    with pytest.raises(InvalidTypeError, match=r"^Lead\.possible_timezones"):
        Lead("America/Boise", NOW, possible_timezones="America/Boise")
    with pytest.raises(InvalidValueError, match=r"^Lead\.possible_timezones: .*localtime"):
        Lead("America/Boise", NOW, possible_timezones=("America/Boise", "localtime"))


def test_possible_zones_keep_their_order_without_repeats_and_the_state_sees_them():
    lead = Lead(
        "America/Los_Angeles",
        NOW,
        possible_timezones=["America/Boise", "America/Los_Angeles", "America/Boise"],
    )
    assert lead.possible_timezones == ("America/Boise", "America/Los_Angeles")
    state = State(lead, NOW)
    assert [zone.key for zone in state.zones] == ["America/Los_Angeles", "America/Boise"]
    assert state.zone.key == "America/Los_Angeles"
    assert [zone.key for zone in State(Lead("UTC", NOW), NOW).zones] == ["UTC"]
    assert Lead.from_dict(lead.to_dict()) == lead


# -- planning: inside the windows of every zone --------------------------------------------

ZONES = (*ds.DST_ZONES, *ds.ODD_ZONES, "America/Boise", "America/Los_Angeles", "Asia/Tokyo")


@st.composite
def uncertain_leads(draw):
    zones = draw(st.lists(st.sampled_from(ZONES), min_size=2, max_size=3, unique=True))
    own = draw(st.sampled_from(zones))
    now = draw(ds.instants_near_dst(own))
    best = draw(st.none() | ds.contact_windows().map(lambda window: window.hours))
    lead = Lead(
        own,
        now - timedelta(hours=draw(st.integers(0, 48))),
        possible_timezones=zones,
        best_times=best,
    )
    return lead, now


def local_limits(around: date) -> st.SearchStrategy[list[Limit]]:
    blackouts = st.integers(-3, 20).map(
        lambda offset: Blackout(
            [(around + timedelta(days=offset), around + timedelta(days=offset + 2))]
        )
    )
    holidays = st.sets(st.integers(-3, 20), min_size=1, max_size=4).map(
        lambda offsets: Holidays([around + timedelta(days=offset) for offset in offsets])
    )
    one = st.one_of(ds.contact_windows(), ds.quiet_hours, blackouts, holidays)
    return st.lists(one, min_size=1, max_size=3)


def allowed_everywhere(limit: Limit, instant: datetime, lead: Lead) -> bool:
    for zone in lead.zones:
        local = instant.astimezone(zone)
        wall = local.replace(tzinfo=None)
        if isinstance(limit, ContactWindow) and wall not in limit.hours:
            return False
        if isinstance(limit, QuietHours) and limit.quiet(local.time()):
            return False
        if isinstance(limit, Blackout) and any(wall in period for period in limit.periods):
            return False
        if isinstance(limit, Holidays) and limit.holiday(local.date()):
            return False
    return True


@given(uncertain_leads(), st.data())
def test_every_planned_touch_is_inside_the_limits_of_every_possible_zone(drawn, data):
    lead, now = drawn
    limits = data.draw(local_limits(now.astimezone(lead.zone).date()))
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 day"), channels=Prefer(("call",)), limits=limits
    )
    try:
        timeline = plan(rules, lead, now=now, max_touches=PLAN_MAX)
    except UnsatisfiableError:
        reject()
    effective = list(rules.for_lead(lead).limits)
    for touch in timeline:
        at = to_utc(touch.at)
        assert touch.at.tzinfo.key == lead.timezone  # shown on the lead's own clock
        for limit in effective:
            if isinstance(limit, ContactWindow | QuietHours | Blackout | Holidays):
                assert allowed_everywhere(limit, at, lead), (limit, touch, lead.zones)


@given(uncertain_leads())
def test_a_lead_with_one_possible_zone_plans_as_a_lead_without_them(drawn):
    lead, now = drawn
    certain = attrs.evolve(lead, possible_timezones=None)
    alone = attrs.evolve(lead, possible_timezones=(lead.timezone,))
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 day"),
        limits=(ContactWindow(start="09:00", end="17:00"), QuietHours.tcpa()),
    )
    try:
        expected = plan(rules, certain, now=now, max_touches=10)
    except UnsatisfiableError:
        reject()
    assert plan(rules, alone, now=now, max_touches=10) == expected


def test_day_arithmetic_follows_the_leads_own_zone():
    lead = Lead(
        "America/Los_Angeles",
        pendulum.datetime(2026, 3, 2, 9, tz="America/Los_Angeles"),
        possible_timezones=("America/Los_Angeles", "America/New_York"),
    )
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 day"),
        channels=Prefer(("email",)),
        limits=(ContactWindow(days=range(7), start="09:00", end="17:00"),),
    )
    timeline = plan(rules, lead, now=lead.created_at, max_touches=3)
    # 09:00 in Los Angeles is 12:00 in New York: inside both windows; a day later, the same.
    assert [touch.at.format("MM-DD HH:mm") for touch in timeline] == [
        "03-02 09:01",
        "03-03 09:01",
        "03-04 09:01",
    ]


def test_a_morning_touch_waits_for_the_latest_zone_to_open():
    lead = Lead(
        "America/New_York",
        pendulum.datetime(2026, 3, 2, 9, tz="America/New_York"),
        possible_timezones=("America/New_York", "America/Los_Angeles"),
    )
    rules = Cadence(rhythm=SpeedToLead(), channels=Prefer(("call",)), limits=(QuietHours.tcpa(),))
    (touch,) = plan(rules, lead, now=lead.created_at)
    assert touch.at.format("HH:mm zz") == "11:00 EST"  # 08:00 in Los Angeles


def test_zones_that_never_agree_are_named_with_the_limit():
    lead = Lead(
        "Pacific/Kiritimati",
        NOW,
        possible_timezones=("Pacific/Kiritimati", "Pacific/Pago_Pago"),
    )
    window = ContactWindow(days=["mon"], start="09:00", end="10:00")
    state = State(lead, NOW)
    with pytest.raises(
        UnsatisfiableError, match=r"contact window Mon 09:00-10:00 never .*Pacific/Pago_Pago"
    ):
        window(Candidate(NOW, Channel.CALL), state)
    rules = Cadence(rhythm=Every("1 day"), limits=(window,))
    with pytest.raises(
        UnsatisfiableError,
        match=r"every time zone the lead may be in \(Pacific/Kiritimati, Pacific/Pago_Pago\)",
    ):
        plan(rules, lead, now=NOW)


def test_best_times_hold_in_every_possible_zone():
    lead = Lead(
        "America/Chicago",
        pendulum.datetime(2026, 3, 2, 8, tz="America/Chicago"),
        possible_timezones=("America/Chicago", "America/Denver"),
        best_times=Hours(days=range(7), start="10:00", end="12:00"),
    )
    rules = Cadence(rhythm=SpeedToLead() + Every("1 day"), channels=Prefer(("sms",)))
    for touch in plan(rules, lead, now=lead.created_at, max_touches=4):
        assert time(11) <= touch.at.time() < time(12)  # 10:00-11:00 in Denver


# -- audit ----------------------------------------------------------------------------------


def test_audit_flags_a_touch_outside_the_window_of_another_possible_zone():
    lead = Lead(
        "America/New_York",
        pendulum.datetime(2026, 3, 1, tz="America/New_York"),
        possible_timezones=("America/New_York", "America/Los_Angeles"),
    )
    rules = Cadence(rhythm=Every("1 day"), limits=(QuietHours.tcpa(),))
    early = Touch(
        at=pendulum.datetime(2026, 3, 3, 9, tz="America/New_York"),
        channel="call",
        outcome="no_answer",
    )
    (violation,) = audit(rules, lead, [early])
    assert "quiet hours 21:00-08:00" in violation.message
    assert "11:00 EST" in violation.message  # 08:00 in Los Angeles
    fine = Touch(
        at=pendulum.datetime(2026, 3, 3, 11, tz="America/New_York"),
        channel="call",
        outcome="no_answer",
    )
    assert audit(rules, lead, [fine]) == []


@attrs.frozen
class _SeesZones(Limit):
    """A limit of one's own that reads the lead's zones from the state: afternoons only."""

    def __call__(self, candidate, state):
        def afternoon(at: datetime, where) -> datetime:
            local = at.astimezone(where)
            if local.hour >= 12:
                return at
            noon = local.replace(hour=12, minute=0, second=0, microsecond=0)
            return noon.astimezone(UTC)

        instant = state.in_every_zone(afternoon, candidate.at, what=self.describe())
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def describe(self):
        return "afternoons everywhere"


def test_a_limit_of_ones_own_sees_the_zones_through_the_state():
    lead = Lead(
        "America/New_York",
        pendulum.datetime(2026, 3, 2, 10, tz="America/New_York"),
        possible_timezones=("America/New_York", "America/Los_Angeles"),
    )
    rules = Cadence(rhythm=SpeedToLead(), channels=Prefer(("email",)), limits=(_SeesZones(),))
    (touch,) = plan(rules, lead, now=lead.created_at)
    assert touch.at.in_timezone("America/Los_Angeles").hour >= 12
    assert touch.at.format("HH:mm") == "15:00"
