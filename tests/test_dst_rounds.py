"""Rounds of DayOffsets and Every land on the right local date and clock across every zone's
real offset changes."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from cadence import BuyOrDie, Cadence, DayOffsets, Every, Lead, Prefer, Span, plan
from tests import oracle
from tests import strategies as ds

EMAIL = Prefer(["email"])  # one channel, no reactions: every touch is a round


def rounds_of(rhythm: DayOffsets | Every) -> list[tuple[int, time | None, timedelta]]:
    """(calendar days, ``at``, exact time) after the previous round, for each round."""
    if isinstance(rhythm, DayOffsets):
        offsets = (0, *rhythm.days)
        return [
            (later - earlier, rhythm.at, timedelta())
            for earlier, later in itertools.pairwise(offsets)
        ]
    gaps = list(rhythm.gaps) * 3
    return [(gap.days, None, gap.exact) for gap in gaps[:3]]


def expected_rounds(rhythm, created: datetime, name: str) -> list[datetime]:
    """Each round's UTC instant, computed on the wall clock with zoneinfo alone.

    With ``at``: the previous round's local date plus n days, at ``at`` (moved forward only if
    ``at`` falls in a gap that day). Without: the previous round's wall clock n days later,
    moved forward to the end of the gap if it falls in one; then the exact part.
    """
    where = oracle.clock(name)
    previous = oracle.utc(created)
    found = []
    for days, at, exact in rounds_of(rhythm):
        local = oracle.wall(previous, where)
        if at is not None:
            moment = datetime.combine(local.date() + timedelta(days=days), at)
        else:
            moment = local + timedelta(days=days)
        previous = oracle.instant_of(moment, where) + exact
        found.append(previous)
    return found


# Zones whose clocks jump across midnight, so that a gap moves a wall time to the next date:
# rare in the database, so drawn on purpose as well.
ACROSS_MIDNIGHT = ("America/Nuuk", "America/Scoresbysund", "Pacific/Apia")


@st.composite
def around_a_change(draw: st.DrawFn) -> tuple[str, datetime, DayOffsets | Every]:
    """A zone of the tz database, a lead created so that its first round falls near one of
    the zone's real offset changes (often inside its gap or fold), and a rhythm whose rounds
    step across it."""
    name = draw(
        st.one_of(st.sampled_from(ds.ZONE_NAMES), ds.zone_names, st.sampled_from(ACROSS_MIDNIGHT))
    )
    where = oracle.clock(name)
    changes: tuple[datetime, ...] = ()
    for _ in range(3):  # most zones keep one offset in most years: look a little
        year = draw(st.integers(1990, 2037))
        changes = ds.transitions(name, year)
        if changes:
            break
    if changes:
        change = draw(st.sampled_from(changes))
    else:
        change = datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 364)))
    before, after = oracle.wall(change - timedelta(minutes=1), where), oracle.wall(change, where)
    # The wall time the first round aims at, near the change, and the arrival n days before.
    first = draw(st.integers(1, 10))
    target = before + timedelta(minutes=draw(st.integers(-120, 180)))
    target += timedelta(seconds=draw(st.sampled_from([0, 0, 0, 30])))
    created = oracle.instant_of(target - timedelta(days=first), where)
    near = [
        (moment + timedelta(minutes=15 * step)).time().replace(second=0)
        for moment in (before, after)
        for step in range(-4, 5)
    ]
    at = draw(st.none() | st.sampled_from(near) | ds.clocks)
    later = draw(st.lists(st.integers(1, 10), max_size=2))
    offsets = [first]
    for days in later:
        offsets.append(offsets[-1] + days)
    rhythm = draw(
        st.one_of(
            st.just(DayOffsets(*offsets, at=at)),
            st.just(Every(*(Span(days=days) for days in [first, *later]))),
            st.integers(1, 180).map(lambda minutes: Every(Span(days=first, minutes=minutes))),
        )
    )
    return name, created.astimezone(where), rhythm


def local(name: str, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=oracle.clock(name))


@given(around_a_change())
# Greenland springs forward Saturday 23:00 -> Sunday 00:00: day + 1 at 10:00 is Saturday.
@example(("America/Nuuk", local("America/Nuuk", 2026, 3, 27, 23, 30), DayOffsets(1, at="10:00")))
@example(("America/Nuuk", local("America/Nuuk", 2026, 3, 27, 23, 30), DayOffsets(1, 2)))
# New York's 02:30 does not exist on 9 March 2025: 03:00, with and without "at".
@example(("America/New_York", local("America/New_York", 2025, 3, 8, 2, 30), DayOffsets(1)))
@example(
    ("America/New_York", local("America/New_York", 2025, 3, 8, 9, 0), DayOffsets(1, at="02:30"))
)
# Lord Howe moves by half an hour: a gap in October, a repeated half hour in April.
@example(("Australia/Lord_Howe", local("Australia/Lord_Howe", 2025, 10, 4, 2, 15), Every("1 day")))
@example(("Australia/Lord_Howe", local("Australia/Lord_Howe", 2026, 4, 4, 1, 45), DayOffsets(1)))
# Chatham lives at +12:45 and +13:45.
@example(("Pacific/Chatham", local("Pacific/Chatham", 2025, 9, 27, 3, 0), DayOffsets(1, 3)))
# Samoa skipped 30 December 2011 whole when it crossed the date line.
@example(("Pacific/Apia", local("Pacific/Apia", 2011, 12, 29, 10, 0), DayOffsets(1, at="10:00")))
@example(("Pacific/Apia", local("Pacific/Apia", 2011, 12, 29, 10, 0), Every("1 day")))
def test_each_round_lands_on_its_local_date_and_clock_across_real_offset_changes(case):
    name, created, rhythm = case
    lead = Lead(timezone=name, created_at=created)
    rules = Cadence(rhythm=rhythm, channels=EMAIL, stop=BuyOrDie())
    timeline = plan(rules, lead, [], now=created, max_touches=3)
    where = oracle.clock(name)
    expected = expected_rounds(rhythm, created, name)
    assert len(timeline) == len(expected)
    for touch, instant in zip(timeline, expected, strict=True):
        wanted = instant.astimezone(where)
        got = touch.at
        assert (got.date(), got.time()) == (wanted.date(), wanted.time().replace(tzinfo=None)), (
            rhythm,
            touch.reason,
        )
        assert got.utcoffset() == wanted.utcoffset()
        assert oracle.utc(got) == instant
