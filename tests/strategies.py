"""Hypothesis strategies built from the domain: zones, instants near DST changes, leads,
histories and cadences."""

from __future__ import annotations

import functools
import operator
import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import attrs
from hypothesis import strategies as st

from cadence import (
    AfterVoicemail,
    Blackout,
    BuyOrDie,
    Cadence,
    Channel,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    FrequencyCap,
    Holidays,
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
    Period,
    Prefer,
    PreferredChannel,
    QuietHours,
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


# -- every rule the library exports --------------------------------------------------------
#
# The strategies above keep to rules whose plans never fail; these add the rest: quiet hours,
# blackouts, holidays, the lead's preferences, occasions, limits combined with | and & (and
# nested), every stop rule. Blackouts and holidays are drawn around the situation's present,
# where they matter. Their combinations can be unsatisfiable (quiet hours over a window).

quiet_hours = st.builds(
    lambda start, hours: QuietHours(start, time((start.hour + hours) % 24, start.minute)),
    clocks,
    st.integers(1, 12),
)

# What depends on the present is drawn as a recipe, a function of the local date: the
# strategies stay built once, which keeps drawing them cheap.
Recipe = Callable[[date], Any]


def _fixed(value: object) -> Recipe:
    return lambda around: value


@st.composite
def period_recipes(draw: st.DrawFn) -> Recipe:
    """A stretch of local time within weeks of the present: minutes to three weeks long."""
    minutes = draw(st.integers(-20 * 1440, 30 * 1440))
    whole_days = draw(st.booleans())
    length = draw(st.integers(0, 20) if whole_days else st.integers(1, 21 * 1440))

    def build(around: date) -> Period:
        start = datetime.combine(around, time()) + timedelta(minutes=minutes)
        if whole_days:
            return Period(start.date(), start.date() + timedelta(days=length))
        return Period(start, start + timedelta(minutes=length))

    return build


def _each(recipes: list[Recipe]) -> Callable[[date], list]:
    return lambda around: [recipe(around) for recipe in recipes]


blackout_recipes = st.lists(period_recipes(), min_size=1, max_size=3).map(
    lambda recipes: lambda around: Blackout(_each(recipes)(around))
)
holiday_recipes = st.sets(st.integers(-10, 40), min_size=1, max_size=12).map(
    lambda days: lambda around: Holidays([around + timedelta(days=day) for day in sorted(days)])
)
# A region builds its calendar from the holidays package, which is slow: a rare draw.
holiday_regions = st.sampled_from([("US", None), ("FR", None), ("CA", "QC")]).map(
    lambda where: Holidays(region=where[0], subdiv=where[1])
)
time_limit_recipes = st.one_of(
    st.one_of(contact_windows(), quiet_hours, frequency_caps, min_gaps).map(_fixed),
    blackout_recipes,
    holiday_recipes,
)


def _joined(shape: Callable[..., Any]) -> Callable[..., Recipe]:
    return lambda *recipes: lambda around: shape(*(recipe(around) for recipe in recipes))


combined_limit_recipes = st.one_of(
    time_limit_recipes,
    st.builds(_joined(operator.or_), time_limit_recipes, time_limit_recipes),
    st.builds(_joined(operator.and_), time_limit_recipes, time_limit_recipes),
    st.builds(_joined(lambda a, b, c: a | (b & c)), *[time_limit_recipes] * 3),
    st.builds(_joined(lambda a, b, c: a & (b | c)), *[time_limit_recipes] * 3),
)


def time_limits(around: date) -> st.SearchStrategy:
    """One limit that moves or vetoes a touch by its instant (or the touches before it):
    windows, quiet hours, caps, gaps, blackouts and holidays near ``around``."""
    return time_limit_recipes.map(lambda recipe: recipe(around))


def combined_limits(around: date) -> st.SearchStrategy:
    """A time limit, or two or three joined with | and &: ``a | b``, ``a & b``,
    ``a | (b & c)``, ``a & (b | c)``."""
    return combined_limit_recipes.map(lambda recipe: recipe(around))


rich_limit_recipes = st.builds(
    lambda limits, voicemail, region: (
        lambda around: (
            *_each(limits)(around),
            *voicemail,
            *((region[1],) if region[0] == 0 else ()),
        )
    ),
    st.lists(combined_limit_recipes, max_size=3),
    st.lists(voicemail_limits, max_size=1),
    # One draw in twenty holds a region's holidays.
    st.tuples(st.integers(0, 19), holiday_regions),
)


def _month_day(day: date) -> str:
    return f"{day.month:02d}-{day.day:02d}"


# The rhythms above, and occasions: some on a date weeks after the present, where limits
# may push them off their day.
rich_rhythm_recipes = st.one_of(
    rhythms.map(_fixed),
    st.builds(
        lambda month, day, at: SpeedToLead() + Yearly(f"{month:02d}-{day:02d}", at=at),
        st.integers(1, 12),
        st.integers(1, 28),
        clocks,
    ).map(_fixed),
    st.builds(
        lambda first, days, at: (
            lambda around: first + Yearly(_month_day(around + timedelta(days=days)), at=at)
        ),
        st.sampled_from([SpeedToLead(), SpeedToLead() + DayOffsets(1)]),
        st.integers(-3, 45),
        clocks,
    ),
    st.builds(
        lambda on, at, before: Yearly(on, at=at, before=Span(days=before)),
        st.sampled_from(["anniversary", "birthday", "02-29", "12-31"]),
        clocks,
        st.integers(0, 10),
    ).map(_fixed),
)
rich_channel_rules = st.one_of(
    channel_rules, st.builds(PreferredChannel), st.builds(PreferredChannel, channel_rules)
)
rich_stop_members = st.one_of(
    stop_members, st.builds(MaxAttempts, st.integers(1, 20), st.sampled_from(list(Channel)))
)
rich_stop_rules = st.one_of(
    stop_rules,
    st.builds(lambda a, b, c: a | (b & c), *[rich_stop_members] * 3),
    st.builds(lambda a, b, c: a & (b | c), *[rich_stop_members] * 3),
)
rich_cadence_recipes = st.builds(
    lambda rhythm, channels, reactions, limits, stop: (
        lambda around: Cadence(
            rhythm=rhythm(around),
            channels=channels,
            reactions=reactions,
            limits=limits(around),
            stop=stop,
        )
    ),
    rich_rhythm_recipes,
    rich_channel_rules,
    reactions,
    rich_limit_recipes,
    rich_stop_rules,
)


def rich_cadences(around: date) -> st.SearchStrategy[Cadence]:
    """A cadence that may hold any rule the library exports, with dated limits and
    occasions near ``around``."""
    return rich_cadence_recipes.map(lambda recipe: recipe(around))


@st.composite
def rich_leads_and_nows(draw: st.DrawFn) -> tuple[Lead, datetime]:
    """A lead as :func:`leads_and_nows` draws it, with preferences: a preferred channel (one
    they may not even give), best times, blackouts and a birthday."""
    lead, now = draw(leads_and_nows())
    preferred, best_times, blackouts, dates = draw(_preferences)
    return attrs.evolve(
        lead,
        preferred_channel=preferred,
        best_times=best_times,
        blackouts=tuple(_each(blackouts)(now.astimezone(lead.zone).date())),
        dates=dates,
    ), now


_preferences = st.tuples(
    st.none() | st.sampled_from(list(Channel)),
    st.none() | contact_windows().map(lambda window: window.hours),
    st.lists(period_recipes(), max_size=2),
    st.just(())
    | st.dates(date(1940, 1, 1), date(2010, 12, 31)).map(lambda day: (("birthday", day),)),
)


@st.composite
def rich_situations(
    draw: st.DrawFn,
) -> tuple[Cadence, Lead, list[Touch | Milestone], datetime]:
    """A cadence of any rules, a lead with preferences, a history and a present."""
    lead, now = draw(rich_leads_and_nows())
    history = draw(histories(lead, now))
    recipe = draw(rich_cadence_recipes)
    return recipe(now.astimezone(lead.zone).date()), lead, history, now
