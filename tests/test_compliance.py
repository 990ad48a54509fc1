"""Calendar, frequency and preference limits: each plans within itself, and audit finds
exactly the touches that break it."""

from __future__ import annotations

import operator
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import attrs
import pendulum
import pytest
from hypothesis import assume, given, reject
from hypothesis import strategies as st

from cadence import (
    Blackout,
    Cadence,
    ContactWindow,
    FrequencyCap,
    Holidays,
    Lead,
    Milestone,
    MilestoneKind,
    MinGap,
    MissingExtraError,
    Outcome,
    Period,
    QuietHours,
    Touch,
    UnsatisfiableError,
    VoicemailLimit,
    Weekday,
    audit,
    plan,
    presets,
)
from cadence._time import shift, shift_back, to_utc
from cadence.rules import AllLimits, AnyLimit, Limit, Snooze
from cadence.rules.compliance import _LawDays
from tests import strategies as ds

PLAN_MAX = 40

# -- each limit's meaning, computed independently of its code -------------------------------

Oracle = Callable[[list[Touch], int, Lead], bool]
"""Whether touch ``index`` of a time-ordered history breaks the limit."""


def _local(touch: Touch, lead: Lead) -> datetime:
    return to_utc(touch.at).astimezone(lead.zone)


def _covered(limit: Limit, touch: Touch) -> bool:
    channels = getattr(limit, "channels", None)
    return channels is None or touch.channel in channels


def quiet_at(hours: QuietHours, clock: time) -> bool:
    """Whether ``clock`` is in the quiet hours: less than their length after they begin."""

    def seconds(value: time) -> int:
        return value.hour * 3600 + value.minute * 60 + value.second

    day = 24 * 3600
    since = (seconds(clock) - seconds(hours.start)) % day
    return since < (seconds(hours.end) - seconds(hours.start)) % day


def breaks(limit: Limit) -> Oracle:
    if isinstance(limit, AnyLimit | AllLimits):
        members = [breaks(member) for member in limit.limits]
        every = all if isinstance(limit, AnyLimit) else any
        return lambda touches, index, lead: every(
            member(touches, index, lead) for member in members
        )
    if isinstance(limit, QuietHours):
        return lambda touches, index, lead: quiet_at(limit, _local(touches[index], lead).time())
    if isinstance(limit, Blackout):

        def in_blackout(touches: list[Touch], index: int, lead: Lead) -> bool:
            wall = _local(touches[index], lead).replace(tzinfo=None)
            return any(period.start <= wall < period.end for period in limit.periods)

        return in_blackout
    if isinstance(limit, Holidays):
        return lambda touches, index, lead: _local(touches[index], lead).date() in limit.dates
    if isinstance(limit, ContactWindow):

        def outside(touches: list[Touch], index: int, lead: Lead) -> bool:
            local = _local(touches[index], lead)
            clock = local.time().replace(tzinfo=None)
            return local.weekday() not in limit.days or not limit.start <= clock < limit.end

        return outside
    if isinstance(limit, FrequencyCap):

        def too_many(touches: list[Touch], index: int, lead: Lead) -> bool:
            touch = touches[index]
            if not _covered(limit, touch):
                return False
            end = to_utc(touch.at)
            start = shift_back(end, limit.per, lead.zone)
            inside = [
                other
                for other in touches[: index + 1]
                if _covered(limit, other) and start < to_utc(other.at) <= end
            ]
            return len(inside) > limit.max

        return too_many
    if isinstance(limit, MinGap):

        def too_close(touches: list[Touch], index: int, lead: Lead) -> bool:
            touch = touches[index]
            if not _covered(limit, touch):
                return False
            earlier = [other for other in touches[:index] if _covered(limit, other)]
            if not earlier:
                return False
            return to_utc(touch.at) < shift(to_utc(earlier[-1].at), limit.between, lead.zone)

        return too_close
    if isinstance(limit, VoicemailLimit):

        def one_too_many(touches: list[Touch], index: int, lead: Lead) -> bool:
            touch = touches[index]
            if touch.outcome is not Outcome.VOICEMAIL_LEFT:
                return False
            end = to_utc(touch.at)
            start = shift_back(end, limit.per, lead.zone)
            left = [
                other
                for other in touches[: index + 1]
                if other.outcome is Outcome.VOICEMAIL_LEFT and start < to_utc(other.at) <= end
            ]
            return len(left) > limit.max

        return one_too_many
    raise AssertionError(limit)


def in_order(touches: list[Touch]) -> list[Touch]:
    """Touches in the order the planner and the audit replay them."""
    return sorted(touches, key=lambda t: (to_utc(t.at), t.channel.value, t.outcome.value))


# -- strategies ------------------------------------------------------------------------------

channel_sets = st.one_of(st.none(), ds.channels_subsets())
quiet_hours = st.builds(
    lambda clock, hours: QuietHours(clock, time((clock.hour + hours) % 24, clock.minute)),
    ds.clocks,
    st.integers(1, 12),
)
frequency_caps = st.builds(
    FrequencyCap,
    max=st.integers(1, 4),
    per=st.one_of(ds.spans_days, st.integers(1, 72).map(lambda hours: f"{hours} hours")),
    channels=channel_sets,
)
min_gaps = st.builds(
    MinGap,
    between=st.integers(1, 60 * 48).map(lambda minutes: f"{minutes} minutes"),
    channels=channel_sets,
)


@st.composite
def blackouts(draw: st.DrawFn, around: date) -> Blackout:
    periods = []
    for _ in range(draw(st.integers(1, 3))):
        start = datetime.combine(around, time()) + timedelta(
            minutes=draw(st.integers(-30 * 1440, 30 * 1440))
        )
        length = timedelta(minutes=draw(st.integers(1, 21 * 1440)))
        periods.append(Period(start, start + length))
    return Blackout(periods)


@st.composite
def holidays(draw: st.DrawFn, around: date) -> Holidays:
    offsets = draw(st.sets(st.integers(-30, 40), min_size=1, max_size=30))
    return Holidays([around + timedelta(days=offset) for offset in offsets])


@st.composite
def new_limits(draw: st.DrawFn, lead: Lead, now: datetime) -> Limit:
    around = now.astimezone(lead.zone).date()
    one = st.one_of(quiet_hours, frequency_caps, min_gaps, blackouts(around), holidays(around))
    return draw(one | st.builds(operator.or_, one, one) | st.builds(operator.and_, one, one))


@st.composite
def limited_situations(draw: st.DrawFn):
    lead, now = draw(ds.leads_and_nows())
    history = draw(ds.histories(lead, now))
    rules = draw(st.one_of(ds.cadences, st.builds(presets.persistent)))
    return rules, lead, history, now, draw(new_limits(lead, now))


def plan_or_reject(rules, lead, history, now):
    """Plan, discarding the example when its limits can never agree (quiet hours that cover
    a contact window): the planner is right to refuse those."""
    try:
        return plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    except UnsatisfiableError:
        reject()


def touches_of(history) -> list[Touch]:
    return in_order([event for event in history if isinstance(event, Touch)])


# -- planning: every limit holds for every planned touch ---------------------------------


@given(limited_situations())
def test_planned_touches_keep_every_limit(situation):
    rules, lead, history, now, limit = situation
    rules = attrs.evolve(rules, limits=(*rules.limits, limit))
    timeline = plan_or_reject(rules, lead, history, now)
    done = in_order(touches_of(history) + [touch.done() for touch in timeline])
    planned = {to_utc(touch.at) for touch in timeline}
    oracle = breaks(limit)
    for index, touch in enumerate(done):
        if to_utc(touch.at) in planned:
            assert not oracle(done, index, lead), (limit, touch)


# -- audit: finds exactly the touches that break a limit -----------------------------------


@given(limited_situations())
def test_audit_finds_exactly_the_touches_that_break_a_limit(situation):
    rules, lead, history, now, limit = situation
    timeline = plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    done = [*history, *(touch.done() for touch in timeline)]
    strict = attrs.evolve(rules, limits=(*rules.limits, limit))
    found = {
        id(violation.touch) for violation in audit(strict, lead, done) if violation.rule == limit
    }
    ordered = touches_of(done)
    oracle = breaks(limit)
    expected = {id(touch) for index, touch in enumerate(ordered) if oracle(ordered, index, lead)}
    assert found == expected


@given(situation=st.builds(lambda s: s, limited_situations()))
def test_the_cadences_own_limits_are_audited_too(situation):
    rules, lead, history, _, _ = situation
    own = [limit for limit in rules.limits if isinstance(limit, ContactWindow | VoicemailLimit)]
    assume(own)
    found = audit(rules, lead, history)
    ordered = touches_of(history)
    for limit in own:
        oracle = breaks(limit)
        expected = {
            id(touch) for index, touch in enumerate(ordered) if oracle(ordered, index, lead)
        }
        assert {id(v.touch) for v in found if v.rule == limit} == expected


@given(limited_situations(), st.data())
def test_a_history_made_by_carrying_out_a_plan_audits_clean(situation, data):
    rules, lead, history, now, limit = situation
    rules = attrs.evolve(rules, limits=(*rules.limits, limit))
    milestones = [event for event in history if isinstance(event, Milestone)]
    timeline = plan_or_reject(rules, lead, milestones, now)
    carried = [*milestones, *(touch.done() for touch in timeline)]
    assert audit(rules, lead, carried) == []


# -- scenarios ---------------------------------------------------------------------------

CHICAGO = Lead(timezone="America/Chicago", created_at=pendulum.datetime(2026, 3, 2, 14, tz="UTC"))


def at(text: str) -> pendulum.DateTime:
    return pendulum.parse(text, tz="America/Chicago")  # type: ignore[return-value]


def test_audit_finds_the_planted_violations():
    rules = attrs.evolve(
        presets.persistent(),
        limits=(*presets.persistent().limits, QuietHours.tcpa(), FrequencyCap.regulation_f()),
    )
    # Seven calls in four days (two of them left voicemails), then an eighth at 21:30.
    calls = [at(f"2026-03-{day:02d}T10:00:00") for day in (2, 3, 4, 5)]
    calls.append(at("2026-03-05T11:00:00"))
    history = [
        *(Touch(at=moment, channel="call", outcome="no_answer") for moment in calls),
        Touch(at=at("2026-03-02T10:01:00"), channel="call", outcome="voicemail_left"),
        Touch(at=at("2026-03-04T10:01:00"), channel="call", outcome="voicemail_left"),
        Touch(at=at("2026-03-05T21:30:00"), channel="call", outcome="no_answer"),
        Milestone.opted_out(at("2026-03-05T12:00:00"), "sms"),
        Touch(at=at("2026-03-05T12:30:00"), channel="sms", outcome="sent"),
    ]
    messages = [str(violation) for violation in audit(rules, CHICAGO, history)]
    assert (
        "voicemail left on Wed 2026-03-04 10:01 CST broke at most 1 voicemail per 1 week; the call should have hung up at voicemail"
        in messages
    )
    assert "SMS on Thu 2026-03-05 12:30 CST after the lead opted out of SMS" in messages
    assert any(
        message.startswith("call on Thu 2026-03-05 21:30 CST broke quiet hours 21:00-08:00")
        for message in messages
    )
    assert any(
        message.startswith(
            "call on Thu 2026-03-05 21:30 CST broke at most 7 call touches per 1 week"
        )
        for message in messages
    )
    # The eighth call made inside seven days, and only that one, breaks Regulation F.
    eighth = [m for m in messages if "at most 7 call touches" in m]
    assert len(eighth) == 1


def test_audit_reports_touches_after_the_cadence_stopped():
    history = [
        Milestone(at=at("2026-03-03T10:00:00"), kind="purchased"),
        Touch(at=at("2026-03-04T10:00:00"), channel="email", outcome="sent"),
    ]
    (violation,) = audit(presets.persistent(), CHICAGO, history)
    assert violation.message == (
        "email on Wed 2026-03-04 10:00 CST after the cadence stopped: the lead bought or was lost"
    )


def test_quiet_hours_move_an_evening_touch_to_the_morning():
    rules = Cadence(rhythm=presets.persistent().rhythm, limits=[QuietHours.tcpa()])
    lead = Lead(
        timezone="America/Los_Angeles", created_at=pendulum.datetime(2026, 3, 3, 5, 30, tz="UTC")
    )
    touch = plan(rules, lead, now=lead.created_at)[0]
    assert touch.at.format("ddd HH:mm") == "Tue 08:00"
    assert touch.reason.endswith("limited by quiet hours 21:00-08:00")


@pytest.mark.parametrize(
    ("hours", "clock", "quiet"),
    [
        (QuietHours.tcpa(), "07:59", True),
        (QuietHours.tcpa(), "08:00", False),
        (QuietHours.tcpa(), "20:59", False),
        (QuietHours.tcpa(), "21:00", True),
        (QuietHours.tcpa(), "23:30", True),
        (QuietHours("12:00", "13:00"), "11:59", False),
        (QuietHours("12:00", "13:00"), "12:00", True),
        (QuietHours("12:00", "13:00"), "12:59", True),
        (QuietHours("12:00", "13:00"), "13:00", False),
    ],
)
def test_quiet_hours_include_their_start_and_exclude_their_end(hours, clock, quiet):
    rules = Cadence(rhythm=presets.persistent().rhythm, limits=[hours])
    call = Touch(at=at(f"2026-03-04T{clock}:00"), channel="call", outcome="no_answer")
    found = audit(rules, CHICAGO, [call])
    assert [violation.rule for violation in found] == ([hours] if quiet else [])


@pytest.mark.parametrize(
    ("clock", "broken"),
    [
        ("2026-03-04T09:59", False),
        ("2026-03-04T10:00", True),
        ("2026-03-05T23:59", True),
        ("2026-03-06T00:00", False),
    ],
)
def test_a_blackout_includes_its_start_and_excludes_its_end(clock, broken):
    # From Wednesday 10:00 until Friday: the afternoon period and the holiday that follows.
    limits = [Blackout([("2026-03-04T10:00", "2026-03-05T00:00")]), Holidays(["2026-03-05"])]
    rules = Cadence(rhythm=presets.persistent().rhythm, limits=limits)
    call = Touch(at=at(f"{clock}:00"), channel="call", outcome="no_answer")
    assert bool(audit(rules, CHICAGO, [call])) is broken


def test_a_period_holds_its_start_and_not_its_end():
    tick = timedelta(microseconds=1)
    hours = Period("2026-03-04T10:00", "2026-03-04T12:00")
    days = Period("2026-03-04", "2026-03-05")  # whole days: until Friday 00:00
    for period, start, end in [
        (hours, datetime(2026, 3, 4, 10), datetime(2026, 3, 4, 12)),
        (days, datetime(2026, 3, 4), datetime(2026, 3, 6)),
    ]:
        moments = (start - tick, start, end - tick, end)
        assert [moment in period for moment in moments] == [False, True, True, False]


@given(quiet_hours, st.data())
def test_quiet_hours_know_which_clock_times_are_quiet(hours, data):
    def just_before(clock: time) -> time:
        moment = datetime.combine(date(2026, 1, 1), clock) - timedelta(seconds=1)
        return moment.time()

    edges = [hours.start, hours.end, just_before(hours.start), just_before(hours.end)]
    clock = data.draw(st.one_of(st.sampled_from(edges), st.times()))
    assert hours.quiet(clock) == quiet_at(hours, clock)


def test_a_closed_day_lasts_until_its_second_midnight_when_the_clocks_go_back_across_it():
    # St John's went back at 00:01 on 29 October 2000, to 23:01 on the 28th: at 23:01 NST
    # it is the 28th again, and the closed day ends at the next midnight, 00:00 NST, not at
    # the first one, an hour before (found by the limits' property with 5,000 examples).
    zone = ZoneInfo("America/St_Johns")
    again = datetime(2000, 10, 29, 2, 31, tzinfo=UTC)
    assert again.astimezone(zone).date() == date(2000, 10, 28)
    holiday = Holidays(dates=[date(2000, 10, 28)])
    saturday = _LawDays(frozenset({Weekday.SAT}), None)
    midnight = datetime(2000, 10, 29, 3, 30, tzinfo=UTC)
    assert holiday._after(again, zone, None) == midnight
    assert saturday.next_day(again, zone) == midnight
    lead = Lead("America/St_Johns", again)
    rules = Cadence(rhythm=presets.persistent().rhythm, limits=[holiday])
    assert to_utc(plan(rules, lead, now=again)[0].at) == midnight


def test_a_vacation_and_holidays_that_cover_weeks_plan_after_them():
    lead = Lead(
        timezone="Australia/Lord_Howe",
        created_at=pendulum.datetime(2026, 9, 28, tz="UTC"),
        blackouts=[("2026-09-28", "2026-10-20")],
    )
    rules = attrs.evolve(
        presets.persistent(),
        limits=(
            *presets.persistent().limits,
            Holidays([date(2026, 10, 21) + timedelta(days=n) for n in range(14)]),
        ),
    )
    timeline = plan(rules, lead, now=lead.created_at)
    assert timeline[0].at.format("YYYY-MM-DD HH:mm") == "2026-11-04 09:00"
    assert "blackout 2026-09-28 to 2026-10-20" in timeline[0].reason


def test_a_lead_that_can_never_be_touched_is_refused_not_looped():
    lead = Lead(timezone="Asia/Kathmandu", created_at=pendulum.datetime(2026, 1, 1, tz="UTC"))
    rules = Cadence(
        rhythm=presets.persistent().rhythm,
        limits=[QuietHours(start="00:00", end="23:59"), ContactWindow(start="09:00", end="10:00")],
    )
    with pytest.raises(UnsatisfiableError):
        plan(rules, lead, now=lead.created_at)


def test_us_public_holidays_come_from_the_holidays_package():
    lead = Lead(timezone="America/New_York", created_at=pendulum.datetime(2026, 7, 2, 23, tz="UTC"))
    rules = attrs.evolve(
        presets.persistent(), limits=(*presets.persistent().limits, Holidays.country("US"))
    )
    touch = plan(rules, lead, now=lead.created_at)[0]
    # Independence Day falls on a Saturday in 2026 and is observed on Friday 3 July.
    assert touch.at.format("ddd YYYY-MM-DD HH:mm") == "Mon 2026-07-06 09:00"
    assert "public holidays (US)" in touch.reason


@pytest.mark.usefixtures("without_holidays")
def test_country_holidays_without_the_extra_name_it():
    with pytest.raises(MissingExtraError, match=r'pip install "cadence-rules\[holidays\]"'):
        Holidays.country("FR")


def test_an_unknown_country_is_refused():
    with pytest.raises(ValueError, match=r"Holidays.region: .*'XX'"):
        Holidays.country("XX")


@given(
    ds.leads_and_nows().flatmap(
        lambda pair: st.tuples(st.just(pair), ds.histories(*pair, milestone_weight=4))
    )
)
def test_audit_finds_the_touches_made_during_a_snooze(drawn):
    (lead, _), history = drawn
    found = {
        id(v.touch)
        for v in audit(presets.persistent(), lead, history)
        if isinstance(v.rule, Snooze)
    }
    # Snoozes and resumes in replay order: at one instant a resume comes before a snooze
    # (the kinds sort by name), and a touch before both.
    changes = sorted(
        (to_utc(event.at), event.kind.value, to_utc(event.until) if event.until else None)
        for event in history
        if isinstance(event, Milestone)
        and event.kind in (MilestoneKind.SNOOZED, MilestoneKind.RESUMED)
    )
    expected = set()
    for touch in touches_of(history):
        at = to_utc(touch.at)
        until = None
        for start, _, ends in changes:
            if start < at:
                until = ends  # a resume (None) ends the snooze in force
        if until is not None and at < until:
            expected.add(id(touch))
    assert found == expected
