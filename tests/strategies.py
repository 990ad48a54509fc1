"""Hypothesis strategies built from the domain: zones, instants near DST changes, leads,
histories and cadences."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, datetime, time, timedelta

from hypothesis import strategies as st

from cadence import (
    AfterVoicemail,
    BuyOrDie,
    Cadence,
    Channel,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    FrequencyCap,
    Lead,
    MaxAttempts,
    MaxContacts,
    MaxDuration,
    MaxRounds,
    MeetingBooked,
    Milestone,
    MilestoneKind,
    MinGap,
    OptOut,
    Outcome,
    Prefer,
    Replied,
    Rotate,
    Span,
    SpeedToLead,
    Touch,
    VoicemailLimit,
    Weekday,
    Weekly,
    Yearly,
)
from cadence._time import zone
from cadence.errors import CadenceError


def _usable(name: str) -> bool:
    try:
        zone(name)
    except CadenceError:
        return False
    return True


ZONE_NAMES = sorted(name for name in zoneinfo.available_timezones() if _usable(name))
ODD_ZONES = ("Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns")
DST_ZONES = ("America/New_York", "Europe/Paris", "America/Chicago", "Australia/Sydney")

zone_names = st.one_of(
    st.sampled_from(ZONE_NAMES), st.sampled_from(ODD_ZONES), st.sampled_from(DST_ZONES)
)


@functools.cache
def transitions(name: str, year: int) -> tuple[datetime, ...]:
    """The UTC instants in ``year`` at which zone ``name`` changes its offset."""
    where = zoneinfo.ZoneInfo(name)
    found: list[datetime] = []
    start = datetime(year, 1, 1, tzinfo=UTC)
    step = timedelta(days=1)
    previous = start.astimezone(where).utcoffset()
    moment = start
    while moment.year == year:
        following = moment + step
        offset = following.astimezone(where).utcoffset()
        if offset != previous:
            low, high = moment, following
            while high - low > timedelta(minutes=1):
                middle = low + (high - low) / 2
                if middle.astimezone(where).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            found.append(high.replace(second=0, microsecond=0))
            previous = offset
        moment = following
    return tuple(found)


@st.composite
def instants_near_dst(draw: st.DrawFn, name: str) -> datetime:
    """An aware UTC instant within a few days of one of ``name``'s offset changes (2000-2037),
    or any instant in those years for a zone without changes."""
    year = draw(st.integers(2000, 2037))
    changes = transitions(name, year)
    if changes:
        anchor = draw(st.sampled_from(changes))
    else:
        anchor = datetime(year, 1, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 364)))
    seconds = draw(st.integers(-4 * 86_400, 4 * 86_400))
    return anchor + timedelta(seconds=seconds)


def channels_subsets() -> st.SearchStrategy[frozenset[Channel]]:
    return st.frozensets(st.sampled_from(list(Channel)), min_size=1)


@st.composite
def leads_and_nows(draw: st.DrawFn) -> tuple[Lead, datetime]:
    """A lead in any zone, and a ``now`` near a DST change at or after its creation."""
    name = draw(zone_names)
    now = draw(instants_near_dst(name))
    age = timedelta(seconds=draw(st.integers(0, 30 * 86_400)))
    channels = draw(st.one_of(st.just(frozenset(Channel)), channels_subsets()))
    return Lead(timezone=name, created_at=now - age, channels=channels), now


_CALL_OUTCOMES = [Outcome.NO_ANSWER, Outcome.VOICEMAIL_LEFT, Outcome.CONNECTED, Outcome.BOUNCED]
_MESSAGE_OUTCOMES = [Outcome.SENT, Outcome.REPLIED, Outcome.BOUNCED]


@st.composite
def touches(draw: st.DrawFn, start: datetime, end: datetime) -> Touch:
    span = int((end - start).total_seconds())
    at = start + timedelta(seconds=draw(st.integers(0, max(span, 0))))
    channel = draw(st.sampled_from(list(Channel)))
    outcomes = _CALL_OUTCOMES if channel is Channel.CALL else _MESSAGE_OUTCOMES
    # Bounces and replies are rare in life; keep them rare so plans stay long.
    outcome = draw(st.sampled_from(outcomes[:2] * 4 + outcomes[2:]))
    return Touch(at=at, channel=channel, outcome=outcome)


@st.composite
def milestones(draw: st.DrawFn, start: datetime, end: datetime) -> Milestone:
    span = int((end - start).total_seconds())
    at = start + timedelta(seconds=draw(st.integers(0, max(span, 0))))
    kind = draw(st.sampled_from(list(MilestoneKind)))
    if kind is MilestoneKind.OPTED_OUT:
        channel = draw(st.one_of(st.none(), st.sampled_from(list(Channel))))
        return Milestone(at=at, kind=kind, channel=channel)
    if kind is MilestoneKind.SNOOZED:
        until = at + timedelta(minutes=draw(st.integers(1, 60 * 24 * 40)))
        return Milestone(at=at, kind=kind, until=until)
    return Milestone(at=at, kind=kind)


@st.composite
def histories(
    draw: st.DrawFn, lead: Lead, now: datetime, *, milestone_weight: int = 1
) -> list[Touch | Milestone]:
    """Events between the lead's creation and ``now``, in a random order."""
    start = lead.created_at
    events: list[Touch | Milestone] = draw(st.lists(touches(start, now), max_size=12))
    if milestone_weight and draw(st.integers(0, 3)) < milestone_weight:
        events += draw(st.lists(milestones(start, now), max_size=2))
    return draw(st.permutations(events))


spans_days = st.integers(1, 10).map(lambda days: Span(days=days))
spans_exact = st.integers(1, 60 * 24 * 5).map(lambda minutes: Span(minutes=minutes))
spans = st.one_of(spans_days, spans_exact)
clocks = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
weekday_sets = st.frozensets(st.sampled_from(list(Weekday)), min_size=1)


@st.composite
def day_offsets(draw: st.DrawFn) -> DayOffsets:
    days = sorted(draw(st.sets(st.integers(1, 30), min_size=1, max_size=4)))
    at = draw(st.one_of(st.none(), clocks))
    return DayOffsets(*days, at=at)


rhythms = st.one_of(
    st.builds(Every, spans, spans),
    st.builds(lambda first, rest: first + rest, st.builds(SpeedToLead), st.builds(Every, spans)),
    st.builds(
        lambda first, middle, rest: first + middle + rest,
        st.builds(SpeedToLead),
        day_offsets(),
        st.builds(Every, spans, spans),
    ),
    st.builds(Weekly, weekday_sets, clocks),
    day_offsets(),
    st.builds(
        lambda first, month, day, at: first + Yearly(f"{month:02d}-{day:02d}", at=at),
        day_offsets(),
        st.integers(1, 12),
        st.integers(1, 28),
        clocks,
    ),
)
channel_orders = st.permutations(list(Channel)).flatmap(
    lambda order: st.integers(1, len(order)).map(lambda size: tuple(order[:size]))
)
channel_rules = st.one_of(st.builds(Rotate, channel_orders), st.builds(Prefer, channel_orders))


@st.composite
def contact_windows(draw: st.DrawFn) -> ContactWindow:
    start = draw(st.integers(0, 22))
    end = draw(st.integers(start + 1, 24))
    return ContactWindow(
        days=draw(weekday_sets),
        start=time(start),
        end=time(end % 24, 0) if end < 24 else time(23, 59),
    )


voicemail_limits = st.builds(
    VoicemailLimit, max=st.integers(1, 3), per=st.one_of(spans_days, spans_exact)
)
reactions = st.lists(
    st.one_of(
        st.builds(DoubleTap, gap=st.sampled_from(["0 minutes", "2 minutes"])),
        st.builds(AfterVoicemail, gap=st.sampled_from(["1 minute", "1 hour"])),
    ),
    max_size=2,
    unique_by=type,
).map(tuple)
channel_sets = st.one_of(st.none(), st.frozensets(st.sampled_from(list(Channel)), min_size=1))
frequency_caps = st.builds(
    FrequencyCap,
    max=st.integers(1, 4),
    per=st.one_of(spans_days, st.integers(1, 72).map(lambda hours: Span(hours=hours))),
    channels=channel_sets,
)
min_gaps = st.builds(
    MinGap,
    between=st.integers(1, 60 * 48).map(lambda minutes: Span(minutes=minutes)),
    channels=channel_sets,
)
limits = st.lists(
    st.one_of(contact_windows(), voicemail_limits, frequency_caps, min_gaps),
    max_size=3,
    unique_by=type,
).map(tuple)
stop_members = st.one_of(
    st.builds(BuyOrDie),
    st.builds(OptOut),
    st.builds(Replied),
    st.builds(MeetingBooked),
    st.builds(MaxAttempts, st.integers(1, 30)),
    st.builds(MaxContacts, st.integers(1, 3)),
    st.builds(MaxRounds, st.integers(1, 15)),
    st.builds(MaxDuration, st.integers(1, 60).map(lambda days: Span(days=days))),
)
stop_rules = st.lists(stop_members, min_size=1, max_size=3).flatmap(
    lambda members: st.sampled_from(["any", "all"]).map(
        lambda how: functools.reduce(
            (lambda a, b: a | b) if how == "any" else (lambda a, b: a & b), members
        )
    )
)
cadences = st.builds(
    Cadence,
    rhythm=rhythms,
    channels=channel_rules,
    reactions=reactions,
    limits=limits,
    stop=stop_rules,
)
