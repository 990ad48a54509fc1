"""Time zones and DST at the edges: gaps, folds, odd offsets, calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pendulum
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cadence import (
    Blackout,
    BuyOrDie,
    Cadence,
    Candidate,
    Channel,
    ContactWindow,
    DayOffsets,
    Lead,
    Prefer,
    QuietHours,
    Span,
    State,
    Weekday,
    Weekly,
    plan,
)
from cadence._time import at_wall, resolve, resolve_after, shift, shift_back, to_local, zone
from cadence.hours import next_opening
from tests import strategies as ds

_SECOND = timedelta(seconds=1)
CALLS = Prefer(["call"])
NEVER = BuyOrDie()


@given(st.data())
def test_resolve_keeps_existing_wall_times_and_moves_gaps_to_their_end(data):
    name = data.draw(ds.zone_names)
    where = zone(name)
    instant = data.draw(ds.instants_near_dst(name))
    wall = instant.astimezone(where).replace(tzinfo=None)
    wall += timedelta(minutes=data.draw(st.integers(-120, 120)))
    found = resolve(wall, where)
    shown = found.astimezone(where).replace(tzinfo=None)
    candidates = [
        moment
        for moment in (
            wall.replace(tzinfo=where, fold=0).astimezone(UTC),
            wall.replace(tzinfo=where, fold=1).astimezone(UTC),
        )
        if moment.astimezone(where).replace(tzinfo=None) == wall
    ]
    if candidates:
        # The wall time exists: it is kept, and an ambiguous one takes the earlier instant.
        assert shown == wall
        assert found == min(candidates)
    else:
        # The wall time is skipped by a change: the answer is the first instant after the gap.
        assert shown > wall
        assert (found - _SECOND).astimezone(where).utcoffset() != found.astimezone(
            where
        ).utcoffset()


@given(st.data())
def test_resolve_after_gives_the_first_occurrence_not_before_a_moment(data):
    name = data.draw(ds.zone_names)
    where = zone(name)
    instant = data.draw(ds.instants_near_dst(name))
    wall = instant.astimezone(where).replace(tzinfo=None) + timedelta(
        minutes=data.draw(st.integers(-90, 90))
    )
    occurrences = sorted(
        {
            moment
            for moment in (
                wall.replace(tzinfo=where, fold=0).astimezone(UTC),
                wall.replace(tzinfo=where, fold=1).astimezone(UTC),
            )
            if moment.astimezone(where).replace(tzinfo=None) == wall
        }
        or {resolve(wall, where)}  # a wall time in a gap: the end of the gap
    )
    # Right at, just before and just after each occurrence, and anywhere near.
    near = [moment + step for moment in occurrences for step in (-_SECOND, timedelta(0), _SECOND)]
    not_before = data.draw(
        st.one_of(
            st.sampled_from(near),
            st.integers(-3 * 3600, 3 * 3600).map(lambda s: occurrences[0] + timedelta(seconds=s)),
        )
    )
    later = [moment for moment in occurrences if moment >= not_before]
    assert resolve_after(wall, where, not_before) == (later[0] if later else not_before)


@pytest.mark.parametrize(
    ("name", "wall", "expected_utc", "expected_local"),
    [
        # New York springs forward at 02:00: 02:30 does not exist, the next instant is 03:00.
        (
            "America/New_York",
            datetime(2025, 3, 9, 2, 30),
            datetime(2025, 3, 9, 7, 0),
            "03:00-04:00",
        ),
        # New York falls back at 02:00: 01:30 happens twice; the earlier (EDT) one is taken.
        (
            "America/New_York",
            datetime(2025, 11, 2, 1, 30),
            datetime(2025, 11, 2, 5, 30),
            "01:30-04:00",
        ),
        ("Europe/Paris", datetime(2013, 3, 31, 2, 30), datetime(2013, 3, 31, 1, 0), "03:00+02:00"),
        (
            "Europe/Paris",
            datetime(2013, 10, 27, 2, 30),
            datetime(2013, 10, 27, 0, 30),
            "02:30+02:00",
        ),
        # Lord Howe moves its clocks by half an hour: 02:00-02:30 is skipped.
        (
            "Australia/Lord_Howe",
            datetime(2025, 10, 5, 2, 15),
            datetime(2025, 10, 4, 15, 30),
            "02:30+11:00",
        ),
        ("Asia/Kathmandu", datetime(2025, 6, 2, 9, 0), datetime(2025, 6, 2, 3, 15), "09:00+05:45"),
        # Chatham springs forward from 02:45 to 03:45.
        (
            "Pacific/Chatham",
            datetime(2025, 9, 28, 3, 0),
            datetime(2025, 9, 27, 14, 0),
            "03:45+13:45",
        ),
    ],
)
def test_wall_times_at_the_edges(name, wall, expected_utc, expected_local):
    found = resolve(wall, zone(name))
    assert found == expected_utc.replace(tzinfo=UTC)
    local = to_local(found, zone(name))
    assert local.isoformat()[11:16] + local.isoformat()[-6:] == expected_local


@given(st.data(), st.integers(1, 30))
def test_calendar_days_keep_the_local_clock_across_dst(data, days):
    name = data.draw(ds.zone_names)
    where = zone(name)
    instant = data.draw(ds.instants_near_dst(name))
    later = shift(instant, Span(days=days), where)
    before = instant.astimezone(where)
    after = later.astimezone(where)
    assert after.date() == before.date() + timedelta(days=days)
    wall = before.replace(tzinfo=None) + timedelta(days=days)
    assert after.replace(tzinfo=None) >= wall
    assert later == resolve(wall, where)
    if after.replace(tzinfo=None) == wall:
        # Going back the same span never lands after the start.
        assert shift_back(later, Span(days=days), where) <= instant
    else:
        # The wall time was skipped (a gap): the end of the gap goes back to its own wall
        # time, after the start (America/Dawson, 02:59:59 the day before its 2000 change,
        # found with more examples), and the instant before the gap to before the start.
        assert shift_back(later - timedelta(seconds=1), Span(days=days), where) <= instant


@given(st.data(), st.integers(1, 72 * 60))
def test_exact_spans_are_elapsed_time(data, minutes):
    name = data.draw(ds.zone_names)
    instant = data.draw(ds.instants_near_dst(name))
    span = Span(minutes=minutes)
    assert shift(instant, span, zone(name)) - instant == timedelta(minutes=minutes)


@pytest.mark.parametrize(
    ("name", "saturday"),
    [
        ("America/New_York", date(2026, 3, 7)),  # spring forward on Sunday 8 March
        ("America/New_York", date(2026, 10, 31)),  # fall back on Sunday 1 November
        ("Europe/Paris", date(2026, 3, 28)),
        ("Australia/Lord_Howe", date(2026, 10, 3)),
        ("Pacific/Chatham", date(2026, 9, 26)),
    ],
)
def test_next_day_at_nine_is_nine_on_the_local_clock_across_dst(name, saturday):
    where = zone(name)
    created = at_wall(saturday, time(9), where)
    lead = Lead(timezone=name, created_at=created)
    rules = Cadence(rhythm=DayOffsets(1, 2, 3, at="09:00"), channels=CALLS, stop=NEVER)
    timeline = plan(rules, lead, now=created + timedelta(minutes=5))
    assert [t.at.format("YYYY-MM-DD HH:mm") for t in timeline] == [
        f"{saturday + timedelta(days=offset)} 09:00" for offset in (1, 2, 3)
    ]


def test_a_window_opening_inside_a_gap_moves_to_the_end_of_the_gap():
    # On 8 March 2026 New York skips 02:00-03:00; a window opening at 02:30 opens at 03:00.
    lead = Lead(timezone="America/New_York", created_at=pendulum.datetime(2026, 3, 7, 5, tz="UTC"))
    rules = Cadence(
        rhythm=DayOffsets(1),
        channels=CALLS,
        limits=[ContactWindow(days=range(7), start="02:30", end="04:00")],
        stop=NEVER,
    )
    timeline = plan(rules, lead, now=pendulum.datetime(2026, 3, 7, 12, tz="UTC"))
    assert timeline[0].at.isoformat() == "2026-03-08T03:00:00-04:00"


@pytest.mark.parametrize("name", ds.ODD_ZONES)
def test_weekly_rounds_in_odd_zones_fall_on_the_local_clock(name):
    lead = Lead(timezone=name, created_at=pendulum.datetime(2026, 1, 1, tz="UTC"))
    rules = Cadence(rhythm=Weekly(days=("tue", "thu"), at="10:15"), channels=CALLS, stop=NEVER)
    timeline = plan(rules, lead, now=pendulum.datetime(2026, 1, 1, tz="UTC"), until="52 weeks")
    assert len(timeline) > 100
    for touch in timeline:
        assert touch.at.format("ddd HH:mm") in {"Tue 10:15", "Thu 10:15"}


@pytest.mark.parametrize(
    "limit",
    [
        QuietHours(start="00:15", end="01:15"),
        ContactWindow(days=range(7), start="01:30", end="05:00"),
        Blackout([("2000-10-29T00:00", "2000-10-29T01:30")]),
    ],
)
def test_a_touch_in_the_repeated_hour_moves_to_the_second_occurrence(limit):
    # Boise falls back at 08:00 UTC on 29 October 2000: 01:00-02:00 happens twice. A touch at
    # 01:10 the second time (08:10 UTC) moves to 01:30 the second time, never back in time.
    lead = Lead(timezone="America/Boise", created_at=datetime(2000, 10, 1, tzinfo=UTC))
    state = State(lead, datetime(2000, 10, 29, 8, tzinfo=UTC))
    touch = Candidate(datetime(2000, 10, 29, 8, 10, tzinfo=UTC), Channel.CALL)
    allowed = limit(touch, state)
    expected = "08:15" if isinstance(limit, QuietHours) else "08:30"
    assert allowed.at.strftime("%H:%M") == expected


@given(
    st.sampled_from((*ds.ODD_ZONES, *ds.DST_ZONES, "America/Nuuk", "Pacific/Apia")),
    st.datetimes(datetime(1975, 1, 1), datetime(2035, 1, 1)),
    st.frozensets(st.integers(0, 6), min_size=1),
    st.integers(0, 23 * 60),
    st.integers(1, 4 * 60),
)
@example("America/St_Johns", datetime(2000, 10, 29, 2, 31), frozenset(range(7)), 0, 60)
def test_the_next_opening_is_the_first_minute_inside_the_hours_by_brute_force(
    name: str, moment: datetime, days: frozenset[int], start_minute: int, length: int
) -> None:
    """Minute by minute from the instant: the first one inside the hours is the opening.

    Whole minutes only: the zones' changes since 1975 fall on whole minutes. St John's
    changed at 00:01 until 2011, so its clocks went back across midnight and repeated the
    start of a day: the opening is the occurrence after the instant.
    """
    where = zone(name)
    start = time(*divmod(start_minute, 60))
    end_minute = min(start_minute + length, 24 * 60 - 1)
    end = time(*divmod(end_minute, 60))
    instant = moment.replace(second=0, microsecond=0, tzinfo=UTC)
    weekdays = frozenset(Weekday(day) for day in days)
    found = next_opening(weekdays, start, end, instant, where)
    probe = instant
    while True:
        local = probe.astimezone(where)
        if local.weekday() in days and start <= local.time() < end:
            break
        probe += timedelta(minutes=1)
    assert found == probe
