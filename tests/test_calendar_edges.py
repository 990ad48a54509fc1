"""The ends of the calendar: a "forever" period, and planning and auditing near year 1 and 9999.

Issue 12, item 5: these raised a raw ``OverflowError``. The horizon is capped at the end of
the calendar, and an instant too close to an end to be shown in every zone is refused by name.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cadence import (
    Blackout,
    Cadence,
    Every,
    InvalidValueError,
    Lead,
    MaxDuration,
    Period,
    SpeedToLead,
    Touch,
    audit,
    plan,
    presets,
)

LATEST = datetime(9999, 12, 30, tzinfo=UTC)  # the end of the calendar the library plans in

NEW_YORK = "America/New_York"
ZONES = (NEW_YORK, "Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo")


def test_a_period_to_the_last_day_of_the_calendar_is_accepted() -> None:
    forever = Period("2026-01-01", "9999-12-31")
    assert forever.describe() == "2026-01-01 to 9999-12-31"
    assert repr(forever) == "Period('2026-01-01', '9999-12-31')"
    assert eval(repr(forever)) == forever  # noqa: S307 - a repr reads like code
    assert datetime(9999, 12, 31, 23, 59) in forever


@pytest.mark.parametrize("zone", ZONES)
def test_a_blackout_forever_ends_the_plan_at_the_horizon(zone: str) -> None:
    now = datetime(2026, 3, 2, 15, tzinfo=UTC)
    lead = Lead(timezone=zone, created_at=now, blackouts=[("2026-01-01", "9999-12-31")])
    assert "planning horizon" in str(plan(presets.persistent(), lead, now=now).stop)
    rules = Cadence(rhythm=SpeedToLead(), limits=[Blackout([("2026-01-01", "9999-12-31")])])
    assert len(plan(rules, lead, now=now, until=LATEST)) == 0


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    "now",
    [datetime(9999, 12, 1, tzinfo=UTC), datetime(9999, 12, 29, 23, tzinfo=UTC), LATEST],
)
def test_planning_near_the_end_of_the_calendar_stops_at_its_end(zone: str, now: datetime) -> None:
    lead = Lead(timezone=zone, created_at=now)
    timeline = plan(presets.persistent(), lead, now=now)
    assert "planning horizon" in str(timeline.stop) or "rounds were done" in str(timeline.stop)
    assert all(touch.at <= LATEST for touch in timeline)
    for until in ("36600 days", datetime(9999, 12, 30, tzinfo=UTC)):
        rules = Cadence(rhythm=SpeedToLead() + Every("36600 days"), stop=MaxDuration("36600 days"))
        assert len(plan(rules, lead, now=now, until=until)) <= 1
    assert isinstance(
        audit(presets.persistent(), lead, [Touch(at=now, channel="call", outcome="no_answer")]),
        list,
    )


@pytest.mark.parametrize("zone", ZONES)
def test_planning_from_early_in_year_one_works_in_every_zone(zone: str) -> None:
    now = datetime(1, 1, 3, tzinfo=UTC)
    lead = Lead(timezone=zone, created_at=now)
    assert len(plan(presets.persistent(), lead, now=now)) == 36
    assert isinstance(
        audit(presets.persistent(), lead, [Touch(at=now, channel="call", outcome="no_answer")]),
        list,
    )


@pytest.mark.parametrize(
    "instant",
    [datetime(1, 1, 1, 5, tzinfo=UTC), datetime(9999, 12, 31, 20, tzinfo=UTC)],
)
def test_an_instant_too_close_to_an_end_of_the_calendar_is_refused_by_name(
    instant: datetime,
) -> None:
    with pytest.raises(InvalidValueError, match=r"^now: expected an instant from 0001-01-02"):
        plan(presets.persistent(), Lead(timezone=NEW_YORK, created_at=LATEST), now=instant)
    with pytest.raises(InvalidValueError, match=r"^Lead.created_at: expected an instant from"):
        Lead(timezone=NEW_YORK, created_at=instant)
