"""Replanning later gives the same plan: the same instants, reasons and rules that moved them.

Issue 12, item 15: a replan at a later ``now`` with nothing new changed the "limited by" text
of unchanged touches, and a touch at a sub-minute time moved to the next whole minute when
the replan came seconds after the previous touch.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from cadence import Cadence, ContactWindow, Every, Holidays, Lead, MinGap, SpeedToLead, plan
from cadence._time import to_utc
from tests import strategies as ds

PLAN_MAX = 30


def _moved_by(timeline: object) -> list[tuple[object, ...]]:
    return [touch.moved_by for touch in timeline]  # type: ignore[attr-defined]


@given(
    ds.cadences,
    ds.leads_and_nows(),
    st.data(),
    st.floats(0, 1, exclude_max=True),
)
def test_a_replan_with_nothing_new_before_the_next_touch_is_the_old_plan(
    rules, lead_and_now, data, fraction
):
    lead, now = lead_and_now
    history = data.draw(ds.histories(lead, now))
    until = now + timedelta(days=90)
    before = plan(rules, lead, history, now=now, until=until, max_touches=PLAN_MAX)
    if not before:
        return
    first = to_utc(before[0].at)
    later = now + (first - now) * fraction
    assume(later < first)
    after = plan(rules, lead, history, now=later, until=until, max_touches=PLAN_MAX)
    assert after.touches == before.touches
    assert [touch.reason for touch in after] == [touch.reason for touch in before]
    assert _moved_by(after) == _moved_by(before)


@given(ds.cadences, ds.leads_and_nows(), st.data(), st.floats(0, 1, exclude_max=True))
def test_a_replan_after_carrying_out_a_touch_keeps_the_rest_until_the_next_one(
    rules, lead_and_now, data, fraction
):
    lead, now = lead_and_now
    history = data.draw(ds.histories(lead, now))
    until = now + timedelta(days=90)
    before = plan(rules, lead, history, now=now, until=until, max_touches=PLAN_MAX)
    if len(before) < 2:
        return
    done, following = to_utc(before[0].at), to_utc(before[1].at)
    later = done + (following - done) * fraction
    assume(later < following)
    after = plan(
        rules, lead, [*history, before[0].done()], now=later, until=until, max_touches=PLAN_MAX
    )
    rest = before.touches[1:]
    assert after.touches[: len(rest)] == rest[: len(after)]
    assert [touch.reason for touch in after][: len(rest)] == [touch.reason for touch in rest][
        : len(after)
    ]


def test_the_limits_named_do_not_depend_on_when_the_plan_is_made() -> None:
    # The follow-up is due on Saturday morning; the gap moves it to Saturday afternoon and
    # the window to Monday. Replanned on Sunday, after the due time, the gap no longer pushes
    # from there: the touch and the limits its reason names must stay the same.
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 day"), limits=(MinGap("30 hours"), ContactWindow())
    )
    lead = Lead(timezone="UTC", created_at=datetime(2026, 3, 6, 9, tzinfo=UTC))  # a Friday
    friday = plan(rules, lead, now=lead.created_at, max_touches=2)
    monday = friday[1]
    assert monday.at.format("ddd HH:mm") == "Mon 09:00"
    assert "at least 30 hours between touches" in monday.reason
    replanned = plan(
        rules, lead, [friday[0].done()], now=datetime(2026, 3, 8, 12, tzinfo=UTC), max_touches=1
    )
    assert replanned[0] == monday
    assert replanned[0].reason == monday.reason
    assert replanned[0].moved_by == monday.moved_by


def test_a_sub_minute_touch_keeps_its_time_when_replanned_after_the_last_one() -> None:
    # Rounds every 90 seconds: the second at 10:02:30. Replanned at 10:02:10, after carrying
    # out the first, it must stay at 10:02:30, not move to the next whole minute after now.
    rules = Cadence(rhythm=SpeedToLead() + Every("90 seconds"))
    lead = Lead(timezone="UTC", created_at=datetime(2026, 3, 3, 10, 0, 30, tzinfo=UTC))
    before = plan(rules, lead, now=lead.created_at, max_touches=4)
    assert [touch.at.format("HH:mm:ss") for touch in before] == [
        "10:01:00",
        "10:02:30",
        "10:04:00",
        "10:05:30",
    ]
    after = plan(
        rules,
        lead,
        [before[0].done()],
        now=datetime(2026, 3, 3, 10, 2, 10, tzinfo=UTC),
        max_touches=3,
    )
    assert after.touches == before.touches[1:]


def test_an_overdue_touch_names_the_same_limits_whenever_the_plan_is_made() -> None:
    # The first call was due on arrival, Wednesday, and never made. Planned on Friday evening
    # it goes to Tuesday 09:00 (Monday is a holiday); planned again on Monday evening, with
    # nothing new, it must say the same: what holds it back at its place, not the way there.
    rules = Cadence(
        rhythm=SpeedToLead() + Every("1 day"),
        limits=(ContactWindow(), Holidays(dates=["2017-01-15", "2017-01-16"])),
    )
    lead = Lead(timezone="Africa/Abidjan", created_at=datetime(2017, 1, 4, 12, tzinfo=UTC))
    friday = plan(rules, lead, now=datetime(2017, 1, 13, 18, tzinfo=UTC), max_touches=1)
    monday = plan(rules, lead, now=datetime(2017, 1, 16, 18, tzinfo=UTC), max_touches=1)
    assert friday[0].at.format("ddd HH:mm") == "Tue 09:00"
    assert monday.touches == friday.touches
    assert monday[0].reason == friday[0].reason
    assert friday[0].reason.endswith("limited by contact window Mon-Fri 09:00-18:00")
