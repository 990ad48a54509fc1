"""The planner's fast time arithmetic against slow, obvious references.

``cadence._time`` avoids ``datetime.replace`` and round trips through local datetimes on the
hot path, working on offsets instead. These references do it the obvious way; both must give
the same instants (and the same zone and offset) in every zone, around every DST change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo

import pendulum
from hypothesis import example, given
from hypothesis import strategies as st

from cadence import Span
from cadence._time import (
    at_wall,
    next_minute,
    resolve,
    shift,
    shift_back,
    shift_from,
    to_local,
    to_utc,
    whole_days,
    zone,
)
from tests import strategies as ds

_SECOND = timedelta(seconds=1)


def reference_resolve(wall: datetime, where: tzinfo) -> datetime:
    earlier = wall.replace(tzinfo=where, fold=0).astimezone(UTC)
    if earlier.astimezone(where).replace(tzinfo=None) == wall.replace(fold=0):
        return earlier
    # In a gap: search the first instant whose offset is the one after the change.
    before = wall.replace(tzinfo=where, fold=1).astimezone(UTC)
    after_offset = earlier.astimezone(where).utcoffset()
    low, high = before, earlier
    while high - low > _SECOND:
        middle = low + (high - low) // 2
        if middle.astimezone(where).utcoffset() == after_offset:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def reference_shift(instant: datetime, span: Span, where: tzinfo) -> datetime:
    if span.days:
        wall = instant.astimezone(where).replace(tzinfo=None)
        instant = reference_resolve(wall + timedelta(days=span.days), where)
    return instant + span.exact


def reference_shift_back(instant: datetime, span: Span, where: tzinfo) -> datetime:
    instant -= span.exact
    if span.days:
        wall = instant.astimezone(where).replace(tzinfo=None)
        instant = reference_resolve(wall - timedelta(days=span.days), where)
    return instant


def same_utc(found: datetime, expected: datetime) -> bool:
    """Equal instants, both plain stdlib datetimes in UTC."""
    return type(found) is datetime and found.tzinfo is UTC and found == expected


def zone_and_instant() -> st.SearchStrategy[tuple[str, datetime]]:
    return ds.zone_names.flatmap(lambda name: st.tuples(st.just(name), ds.instants_near_dst(name)))


spans = st.builds(Span, days=st.integers(0, 400), minutes=st.integers(0, 3 * 24 * 60) | st.just(0))


@given(zone_and_instant(), st.integers(-3 * 3600, 3 * 3600), st.booleans())
@example(("America/New_York", datetime(2025, 3, 9, 7, 30, tzinfo=UTC)), 0, False)
@example(("Australia/Lord_Howe", datetime(2025, 4, 5, 14, 45, tzinfo=UTC)), 0, True)
def test_resolve_matches_the_reference(where_when, seconds, fold):
    name, instant = where_when
    where = zone(name)
    wall = (instant.astimezone(where).replace(tzinfo=None) + timedelta(seconds=seconds)).replace(
        fold=int(fold)
    )
    assert same_utc(resolve(wall, where), reference_resolve(wall, where))


@given(zone_and_instant(), spans)
def test_shift_and_shift_back_match_the_reference(where_when, span):
    name, instant = where_when
    where = zone(name)
    expected = reference_shift(instant, span, where)
    assert same_utc(shift(instant, span, where), expected)
    back = reference_shift_back(instant, span, where)
    assert same_utc(shift_back(instant, span, where), back)
    # Given the instant's local time, the same answers; a local time given back is the
    # result's own, fold included.
    local = instant.astimezone(where)
    assert same_utc(shift_back(instant, span, where, local), back)
    for given_local in (None, local):
        moved, seen = shift_from(instant, given_local, span, where)
        assert same_utc(moved, expected)
        if seen is not None:
            shown = moved.astimezone(where)
            assert (seen, seen.fold, seen.tzinfo) == (shown, shown.fold, shown.tzinfo)
            assert seen.replace(tzinfo=None) == shown.replace(tzinfo=None)


@given(zone_and_instant(), st.times())
def test_at_wall_matches_the_reference(where_when, clock):
    name, instant = where_when
    where = zone(name)
    day: date = instant.astimezone(where).date()
    expected = reference_resolve(datetime.combine(day, clock.replace(tzinfo=None)), where)
    assert same_utc(at_wall(day, clock.replace(tzinfo=None), where), expected)


@given(st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 1, 1)))
def test_next_minute_is_the_next_whole_minute(moment):
    instant = moment.replace(tzinfo=UTC)
    expected = instant.replace(second=0, microsecond=0) + timedelta(minutes=1)
    assert same_utc(next_minute(instant), expected)


@given(zone_and_instant(), st.integers(0, 999_999), st.booleans(), st.integers(-900, 900))
def test_to_utc_of_any_aware_datetime_is_the_same_instant(where_when, micro, fold, minutes):
    name, instant = where_when
    instant = instant.replace(microsecond=micro)
    local = instant.astimezone(zone(name))
    wall = local.replace(fold=int(fold))
    fixed = instant.astimezone(timezone(timedelta(minutes=minutes)))
    as_pendulum = pendulum.instance(local)
    for value in (local, wall, fixed, as_pendulum, instant):
        expected = datetime(*value.timetuple()[:6], value.microsecond, tzinfo=UTC) - (
            value.utcoffset() or timedelta()
        )
        assert same_utc(to_utc(value), expected)


@given(zone_and_instant())
def test_to_local_keeps_the_instant_the_zone_and_the_fold(where_when):
    name, instant = where_when
    where = zone(name)
    local = to_local(instant, where)
    expected = instant.astimezone(where)
    assert isinstance(local, pendulum.DateTime)
    # Not ``local == instant``: Python never calls a time in a fold equal across zones.
    assert local.timestamp() == instant.timestamp()
    assert local.tzinfo is where
    assert (local.utcoffset(), local.fold) == (expected.utcoffset(), expected.fold)
    assert local.replace(tzinfo=None) == expected.replace(tzinfo=None)


def test_an_ambiguous_wall_time_takes_the_earlier_instant_in_every_path():
    where = zone("America/Chicago")
    wall = datetime(2026, 11, 1, 1, 30)
    earlier = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert resolve(wall, where) == earlier
    assert resolve(wall.replace(fold=1), where) == earlier
    assert at_wall(wall.date(), time(1, 30), where) == earlier
    assert shift(earlier - timedelta(days=1), Span(days=1), where) == earlier


@given(st.integers(-1_000, 40_000))
@example(0)
@example(399)
@example(400)
@example(-1)
def test_whole_days_from_the_table_are_the_days(count: int) -> None:
    assert whole_days(count) == timedelta(days=count)
