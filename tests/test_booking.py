"""A rep's throttle and spacing against a minute-by-minute search: the jump past a full run
of bookings, and past a booking too close, lands where checking every minute would, across
daylight-saving changes too, for windows of exact time and of calendar days alike."""

from __future__ import annotations

import itertools
import zoneinfo
from datetime import UTC, datetime, timedelta
from zoneinfo import _zoneinfo

from hypothesis import example, given
from hypothesis import strategies as st

from cadence import Channel, Rep, Spacing, Span, Throttle
from cadence._changes_back import changes_back_around, drops_between, first_change_back
from cadence.booking import rep_limits, team_time
from cadence.ledger import Ledger
from tests import oracle
from tests import strategies as ds

_MINUTE = timedelta(minutes=1)

pers = st.one_of(
    st.integers(2, 180).map(lambda minutes: Span(minutes=minutes)),
    st.integers(1, 2).map(lambda days: Span(days=days)),
)


@st.composite
def booked_reps(draw: st.DrawFn) -> tuple[Rep, list[datetime], datetime]:
    """A rep with one throttle, its bookings (whole minutes) around a DST change, and an
    instant to ask about."""
    name = draw(st.sampled_from(ds.DST_ZONES + ds.ODD_ZONES))
    middle = draw(ds.instants_near_dst(name)).replace(second=0, microsecond=0)
    per = draw(pers)
    reach = 3 * 24 * 60 if per.days else 6 * 60
    offsets = st.integers(-reach, reach).map(lambda minutes: middle + minutes * _MINUTE)
    bookings = draw(st.lists(offsets, max_size=14))
    rep = Rep("ana", name, limits=[Throttle(draw(st.integers(1, 4)), per)])
    return rep, bookings, draw(offsets)


def _allowed(at: datetime, bookings: list[datetime], throttle: Throttle, rep: Rep) -> bool:
    """Whether a touch at ``at`` keeps every rolling window within the throttle: the
    window that ends at it and each that ends at a later booking and holds it."""
    where = oracle.clock(rep.timezone)
    for end in [at, *(booked for booked in bookings if booked > at)]:
        since = oracle.minus(end, throttle.per, where)
        if since < at <= end:
            inside = sum(since < booked <= end for booked in bookings)
            if inside + 1 > throttle.max:
                return False
    return True


# A booking at the first instant after New York's spring-forward change: the window of a
# touch a day later, less up to an hour, starts in the skipped wall times, which move
# forward to the booking, so that window does not hold it either (found by the property).
_AFTER_GAP = datetime(2000, 4, 2, 7, tzinfo=UTC)


@given(booked_reps())
@example(
    (
        Rep("ana", "America/New_York", limits=[Throttle(1, Span(days=1))]),
        [_AFTER_GAP],
        _AFTER_GAP,
    )
)
def test_a_throttle_gives_the_first_minute_a_search_finds(case) -> None:
    _check_throttle(case)


def _check_throttle(case: tuple[Rep, list[datetime], datetime]) -> None:
    rep, bookings, at = case
    (throttle,) = rep.limits
    assert isinstance(throttle, Throttle)
    ledger = Ledger(rep)
    for booked in bookings:
        ledger.book(booked, Channel.CALL)
    found = team_time(rep_limits(rep, ledger), at, Channel.CALL)
    expected = at
    while not _allowed(expected, bookings, throttle, rep):
        expected += _MINUTE
    assert found == expected


gaps = st.one_of(
    st.integers(1, 180).map(lambda minutes: Span(minutes=minutes)),
    st.just(Span(days=1)),
)


# Bookings at 01:58 and 01:59 before New York's change back and at 01:00 after it: with a
# calendar day's spacing, the one at 01:59 ends last, at 01:59 the next day, although it is
# not the newest (found by the property).
_BACK = datetime(2000, 10, 29, 6, tzinfo=UTC)  # 02:00 EDT, which is 01:00 EST


# From 01:30 EDT, a day's gap before a booking at 01:10 EST the next night first fits at
# 01:00 EST, half an hour later: the wall clock went back (written after the one above).
_BEFORE_BACK = (_BACK - 30 * _MINUTE, _BACK + 24 * 60 * _MINUTE + 10 * _MINUTE)


@given(booked_reps(), gaps)
@example(
    (
        Rep("ana", "America/New_York", limits=[Throttle(1, Span(minutes=2))]),
        [_BACK - 2 * _MINUTE, _BACK - _MINUTE, _BACK],
        _BACK - 2 * _MINUTE,
    ),
    Span(days=1),
)
@example((Rep("ana", "America/New_York"), [_BEFORE_BACK[1]], _BEFORE_BACK[0]), Span(days=1))
def test_a_spacing_gives_the_first_minute_a_search_finds(case, between: Span) -> None:
    _check_spacing(case, between)


def _check_spacing(case: tuple[Rep, list[datetime], datetime], between: Span) -> None:
    rep, bookings, at = case
    spaced = Rep("ana", rep.timezone, limits=[Spacing(between)])
    ledger = Ledger(spaced)
    for booked in bookings:
        ledger.book(booked, Channel.CALL)
    found = team_time(rep_limits(spaced, ledger), at, Channel.CALL)
    where = oracle.clock(rep.timezone)

    def too_close(moment: datetime) -> bool:
        return any(
            oracle.plus(booked, between, where) > moment
            if booked <= moment
            else oracle.plus(moment, between, where) > booked
            for booked in bookings
        )

    expected = at
    while too_close(expected):
        expected += _MINUTE
    assert found == expected


# A case the throttle's search of calendar days still gets wrong: a window that starts in
# the hour New York's clocks repeat (_BACK, above). Found with many more examples than the
# profiles run; kept here until the search knows that a wall time can go back (see
# benchmarks/README.md, the latest stop).


def test_a_throttle_counts_the_longer_window_of_a_booking_in_the_repeated_hour() -> None:
    # The window of the booking at 01:10 EST on the night of the change reaches back 25
    # hours, to 01:10 EDT the night before: with the booking at 01:11 EDT then, a touch at
    # 01:11 EDT on the night of the change makes three, which the search once allowed.
    rep = Rep("ana", "America/New_York", limits=[Throttle(2, Span(days=1))])
    bookings = [_BACK - 24 * 60 * _MINUTE - 49 * _MINUTE, _BACK + 10 * _MINUTE]
    _check_throttle((rep, bookings, _BACK - 24 * 60 * _MINUTE + 8 * _MINUTE))


def test_a_zones_offset_changes_at_most_once_in_72_hours() -> None:
    # What cadence._changes_back relies on to find where a rep's clocks go back: every
    # two changes of any zone's offset in the tz database are at least 72 hours apart.
    shortest = timedelta(days=365)
    for name in sorted(zoneinfo.available_timezones()):
        changes = _zoneinfo.ZoneInfo.no_cache(name)._trans_utc  # the pure-Python reader's
        for earlier, later in itertools.pairwise(changes):
            shortest = min(shortest, timedelta(seconds=later - earlier))
    assert shortest > timedelta(hours=72)


@given(st.sampled_from(ds.DST_ZONES + ds.ODD_ZONES), st.integers(0, 200 * 24))
def test_the_first_change_back_is_where_the_offset_drops(name: str, hours: int) -> None:
    zone = zoneinfo.ZoneInfo(name)
    start = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(hours=hours * 7)
    end = start + timedelta(days=10)
    found = first_change_back(start, end, zone)
    moment = start
    while moment < end:  # hour by hour, then to the second at a drop
        step = min(moment + timedelta(hours=1), end)
        if step.astimezone(zone).utcoffset() < moment.astimezone(zone).utcoffset():
            while step - moment > timedelta(seconds=1):
                middle = moment + (step - moment) // 2
                if middle.astimezone(zone).utcoffset() == step.astimezone(zone).utcoffset():
                    step = middle
                else:
                    moment = middle
            assert found == step.replace(microsecond=0)
            return
        moment = step
    assert found is None


@given(st.sampled_from(ds.DST_ZONES + ds.ODD_ZONES), st.integers(0, 200 * 24))
def test_the_changes_back_around_an_instant_and_their_drops(name: str, hours: int) -> None:
    zone = zoneinfo.ZoneInfo(name)
    instant = datetime(1990, 1, 1, tzinfo=UTC) + timedelta(hours=hours * 7)
    before, after = changes_back_around(instant, zone)
    assert before <= instant < after
    assert first_change_back(before, instant, zone) is None
    assert first_change_back(instant, after - timedelta(seconds=1), zone) is None
    end = instant + timedelta(days=10)
    dropped, moment = timedelta(0), instant
    while moment < end:  # hour by hour: two changes are days apart
        step = min(moment + timedelta(hours=1), end)
        change = step.astimezone(zone).utcoffset() - moment.astimezone(zone).utcoffset()
        dropped += max(-change, timedelta(0))
        moment = step
    assert drops_between(instant, end, zone) == dropped
