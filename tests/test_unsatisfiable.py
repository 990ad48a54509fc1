"""An "unsatisfiable" verdict is checked by brute force: no instant is allowed by every limit.

``plan()`` raises :class:`UnsatisfiableError` when a cadence's limits can never agree on a
time for a touch. When it does, the oracle (which reads the limits' fields on the lead's
wall clock, never their ``allow``) searches for an instant that every limit allows, on any
channel the cadence could still use, in the state the planner was in when it gave up.

Where it searches, and why that is enough:

- The instants a set of these limits allows form half-open stretches of time, and each
  stretch begins where some limit starts allowing: a window opens, quiet hours end, a day
  after a holiday begins, a blackout, a snooze, a minimum gap or a cap's window ends, or a
  DST gap ends (a window opening inside it moves there). ``|`` unites stretches and ``&``
  intersects them, which keeps their starts among those edges. So the edges of every rule
  over the whole horizon, and the search's start, find an allowed instant if there is one.
  A quarter-hour grid over the first weeks is a net under the list of edges.
- A push past the horizon by a limit that ends (an eleven-year snooze) is no reason to call
  the limits unsatisfiable: the search also covers five weeks after every limit that ends
  has ended, where only the weekly limits (windows, quiet hours) and public holidays are left.
"""

from __future__ import annotations

import bisect
import operator
from datetime import datetime, time, timedelta
from typing import NamedTuple

import attrs
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from cadence import (
    AfterVoicemail,
    Blackout,
    Channel,
    ContactWindow,
    DoubleTap,
    FrequencyCap,
    Holidays,
    Milestone,
    MinGap,
    Period,
    PreferredChannel,
    QuietHours,
    UnsatisfiableError,
    audit,
    plan,
)
from cadence.rules import AllLimits, AnyLimit
from tests import oracle
from tests import strategies as ds

PLAN_MAX = 30
GRID = timedelta(minutes=15)
HEAD = timedelta(days=35)
TAIL = timedelta(days=35)
HORIZON = timedelta(days=365)  # plan()'s default

# -- situations whose limits are hard to meet ------------------------------------------------


@st.composite
def never_agreeing(draw: st.DrawFn) -> AllLimits:
    """A contact window and quiet hours that cover it, or two windows on different days."""
    start = draw(st.integers(0, 20))
    end = draw(st.integers(start + 1, min(start + 4, 23)))
    window = ContactWindow(days=draw(ds.weekday_sets), start=time(start), end=time(end))
    days = set(window.days)
    if len(days) == 7 or draw(st.booleans()):
        before, after = draw(st.integers(0, 3)), draw(st.integers(0, 3))
        quiet = QuietHours(time((start - before) % 24), time((end + after) % 24))
        return window & quiet
    other = draw(st.frozensets(st.sampled_from(sorted(set(range(7)) - days)), min_size=1))
    return window & ContactWindow(days=other, start=time(start), end=time(end))


@st.composite
def hard_situations(draw: st.DrawFn, *, pushes: bool):
    """A situation with limits that are hard or impossible to meet; with ``pushes``, also a
    snooze or a blackout of years, or a minimum gap of thousands of days."""
    rules, lead, history, now = draw(ds.rich_situations())
    around = now.astimezone(lead.zone).date()
    hard = draw(
        st.one_of(
            st.none(),
            never_agreeing(),  # really unsatisfiable
            st.builds(operator.or_, ds.time_limits(around), never_agreeing()),
            st.builds(operator.and_, ds.time_limits(around), ds.time_limits(around)),
        )
    )
    if hard is not None:
        rules = attrs.evolve(rules, limits=(*rules.limits, hard))
    if not pushes:
        return rules, lead, history, now
    years = draw(st.integers(1, 40))
    push = draw(st.sampled_from(["snooze", "blackout", "gap"]))
    if push == "snooze":
        until = now.replace(year=now.year + years, day=min(now.day, 28))
        history = [*history, Milestone.snoozed(now, until)]
    elif push == "blackout":
        end = around.replace(year=around.year + years, day=min(around.day, 28))
        lead = attrs.evolve(lead, blackouts=(*lead.blackouts, Period(around, end)))
    else:
        gap = MinGap(f"{years * 365} days")
        rules = attrs.evolve(rules, limits=(*rules.limits, gap))
    return rules, lead, history, now


# -- the search ----------------------------------------------------------------------------


def next_minute(instant: datetime) -> datetime:
    return instant.replace(second=0, microsecond=0) + timedelta(minutes=1)


def usable_channels(rules, lead) -> set[Channel]:
    """The channels the cadence's channel rule and reactions could put a touch on."""
    found: set[Channel] = set()
    rule = rules.channels
    while isinstance(rule, PreferredChannel):
        if lead.preferred_channel is not None:
            found.add(lead.preferred_channel)
        rule = rule.otherwise
    found |= set(rule.channels)
    for reaction in rules.reactions:
        if isinstance(reaction, DoubleTap):
            found.add(Channel.CALL)
        elif isinstance(reaction, AfterVoicemail):
            found |= set(reaction.channels)
    return found


def members(limit):
    if isinstance(limit, AnyLimit | AllLimits):
        for member in limit.limits:
            yield from members(member)
    else:
        yield limit


def finite_ends(limits, before, snooze, where) -> list[datetime]:
    """When each limit that ends has ended: blackouts, fixed holidays, gaps, caps, snooze."""
    ends = [snooze] if snooze is not None else []
    for rule in (member for limit in limits for member in members(limit)):
        if isinstance(rule, Blackout):
            ends += [oracle.instant_of(period.end, where) for period in rule.periods]
        elif isinstance(rule, Holidays) and rule.dates:
            last = datetime.combine(max(rule.dates) + timedelta(days=1), time())
            ends.append(oracle.instant_of(last, where))
        elif isinstance(rule, MinGap | FrequencyCap) and before:
            span = rule.between if isinstance(rule, MinGap) else rule.per
            ends.append(oracle.plus(before[-1].at, span, where) + timedelta(hours=2))
    return ends


class Search(NamedTuple):
    """What the planner knew when it gave up."""

    limits: list
    before: list[oracle.Done]
    snooze: datetime | None
    name: str


def fixed_edges(search: Search) -> list[datetime]:
    """The instants at which a limit that ends lets go: snooze, blackouts, gaps, caps, and
    the ends of DST gaps."""
    where = oracle.clock(search.name)
    before = search.before
    found = {search.snooze} if search.snooze is not None else set()
    for rule in (member for limit in search.limits for member in members(limit)):
        if isinstance(rule, Blackout):
            found |= {oracle.instant_of(period.end, where) for period in rule.periods}
        elif isinstance(rule, MinGap):
            found |= {oracle.plus(done.at, rule.between, where) for done in before}
        elif isinstance(rule, FrequencyCap):
            # A window of calendar days across a DST change lets go up to an hour late.
            steps = range(61) if rule.per.days else range(1)
            found |= {
                oracle.plus(done.at, rule.per, where) + timedelta(minutes=minutes)
                for done in before
                for minutes in steps
            }
    return sorted(found)


def daily_clocks(search: Search) -> set[time]:
    """The local clock times at which a limit may start allowing, every day."""
    clocks = {time()}  # the day after a holiday
    for rule in (member for limit in search.limits for member in members(limit)):
        if isinstance(rule, ContactWindow):
            clocks.add(rule.start)
        elif isinstance(rule, QuietHours):
            clocks.add(rule.end)
    return clocks


def candidates(search: Search, start: datetime, end: datetime, grid_end: datetime):
    """The edges in [start, end], and the quarter hours up to ``grid_end``, a day at a time
    and in order, so that a search stops at the first instant allowed."""
    where = oracle.clock(search.name)
    fixed = [*fixed_edges(search)]
    for year in range(start.year, end.year + 1):
        fixed += ds.transitions(search.name, year)
    fixed.sort()
    clocks = daily_clocks(search)
    first = start.replace(minute=start.minute // 15 * 15, second=0, microsecond=0)
    low = start
    while low <= end:
        high = min(low + timedelta(days=1), end + timedelta(microseconds=1))
        batch = {start} if low == start else set()
        batch |= set(fixed[bisect.bisect_left(fixed, low) : bisect.bisect_left(fixed, high)])
        for day in {oracle.wall(low, where).date(), oracle.wall(high, where).date()}:
            batch |= {oracle.instant_of(datetime.combine(day, at), where) for at in clocks}
        if low < grid_end:
            step = max(0, -(-(low - first) // GRID))
            moment = first + GRID * step
            while moment < min(high, grid_end):
                batch.add(moment)
                moment += GRID
        yield sorted(instant for instant in batch if low <= instant < high)
        low = high


def witness(rules, lead, history, prefix, now) -> tuple[datetime, Channel] | None:
    """An instant after the planner's cursor that every limit allows, on a usable channel."""
    where = oracle.clock(lead.timezone)
    limits = oracle.limits_for(rules, lead)
    before = oracle.done_touches(history)
    before += [oracle.Done(oracle.utc(touch.at), touch.channel, touch.assumed) for touch in prefix]
    snooze = oracle.snoozed_until(history)
    start = next_minute(before[-1].at if prefix else oracle.utc(now))
    channels = sorted(usable_channels(rules, lead) - oracle.unreachable(lead, history))
    if not any(oracle.by_channel(limit) for limit in limits):
        channels = channels[:1]  # one stands for all
    tail = max([start + HORIZON + timedelta(days=35), *finite_ends(limits, before, snooze, where)])
    search = Search(limits, before, snooze, lead.timezone)
    # Beyond every limit that ends first: the quickest answer when a push is what failed.
    ranges = [(tail, tail + TAIL, tail + TAIL), (start, oracle.utc(now) + HORIZON, start + HEAD)]
    for low, high, grid_end in ranges:
        for batch in candidates(search, low, high, grid_end):
            for at in batch:
                if snooze is not None and at < snooze:
                    continue
                local = at.astimezone(where)
                for channel in channels:
                    if all(
                        oracle.allows(limit, at, channel, before, where, local=local)
                        for limit in limits
                    ):
                        return at, channel
    return None


def planned_before_giving_up(rules, lead, history, now):
    """The touches the planner placed before the one it could not place."""
    for count in range(PLAN_MAX):
        try:
            plan(rules, lead, history, now=now, max_touches=count + 1)
        except UnsatisfiableError:
            return plan(rules, lead, history, now=now, max_touches=count).touches
    raise AssertionError("plan() raised with the touch limit but with no smaller one")


# -- the properties --------------------------------------------------------------------------

# Each example that plans fine costs a plan; one that is refused costs a search of some
# thousands of instants: fewer examples than the profile's, a full run stays well under a
# minute in CI.
brute_force = settings(
    max_examples=max(20, settings.default.max_examples // 3),
    # Hypothesis's explain phase replays a failure hundreds of times to annotate it: with a
    # search in each, minutes. The shrunk failure is reported all the same.
    phases=[phase for phase in Phase if phase is not Phase.explain],
)


def check_verdict(situation) -> None:
    rules, lead, history, now = situation
    try:
        plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    except UnsatisfiableError as error:
        prefix = planned_before_giving_up(rules, lead, history, now)
        found = witness(rules, lead, history, prefix, now)
        if found is not None:
            at, channel = found
            shown = oracle.wall(at, oracle.clock(lead.timezone))
            raise AssertionError(
                f"plan() said {error}, after {len(prefix)} touches, but every limit allows "
                f"a {channel.value} at {shown:%a %Y-%m-%d %H:%M} local ({at.isoformat()})"
            ) from None


@brute_force
@given(hard_situations(pushes=False))
def test_an_unsatisfiable_verdict_survives_a_brute_force_search(situation):
    check_verdict(situation)


@brute_force
@given(hard_situations(pushes=True))
def test_a_push_of_years_by_a_limit_that_ends_is_no_unsatisfiable_verdict(situation):
    # The same search: beyond the snooze, the blackout or the gap, the limits agree again.
    check_verdict(situation)


@brute_force
@given(hard_situations(pushes=False))
def test_audit_reports_every_touch_instead_of_giving_up(situation):
    # A real history is judged touch by touch; limits that can never agree are broken by
    # every touch, which the audit reports rather than raise.
    rules, lead, history, _ = situation
    for violation in audit(rules, lead, history):
        assert str(violation)
