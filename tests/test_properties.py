"""The planner's promises, stated as properties over generated leads, histories and cadences."""

from __future__ import annotations

import itertools
import pickle
from datetime import UTC, datetime, timedelta

import attrs
from hypothesis import assume, example, given, reject
from hypothesis import strategies as st

import cadence
from cadence import (
    BuyOrDie,
    Cadence,
    Channel,
    ContactWindow,
    Every,
    Holidays,
    Lead,
    MaxAttempts,
    MaxContacts,
    Milestone,
    MilestoneKind,
    OptOut,
    Outcome,
    PreferredChannel,
    SpeedToLead,
    Timeline,
    Touch,
    UnsatisfiableError,
    VoicemailLimit,
    next_touch,
    plan,
    presets,
)
from cadence._time import resolve, shift_back, to_utc
from tests import oracle
from tests import strategies as ds

PLAN_MAX = 60


@st.composite
def situations(
    draw: st.DrawFn, cadence_strategy: st.SearchStrategy[Cadence] = ds.cadences
) -> tuple[Cadence, Lead, list[Touch | Milestone], datetime]:
    lead, now = draw(ds.leads_and_nows())
    history = draw(ds.histories(lead, now))
    return draw(cadence_strategy), lead, history, now


any_cadence = st.one_of(ds.cadences, st.builds(presets.persistent, rounds=st.integers(1, 15)))
# The simple cadences, and cadences of every rule the library exports with leads that state
# their preferences.
any_situation = st.one_of(situations(any_cadence), ds.rich_situations())


def _since_enrollment(history: list[Touch | Milestone]) -> list[Touch | Milestone]:
    """The events the stop rules count: those after the latest enrollment. An enrollment
    replays after everything else at its instant, so events at that instant are before it."""
    starts = [
        to_utc(event.at)
        for event in history
        if isinstance(event, Milestone) and event.kind is MilestoneKind.ENROLLED
    ]
    if not starts:
        return list(history)
    start = max(starts)
    return [event for event in history if to_utc(event.at) > start]


def _plan(
    situation: tuple[Cadence, Lead, list[Touch | Milestone], datetime], **options
) -> Timeline:
    """Plan, discarding an example whose limits can never agree: refusing it is right (the
    brute-force property in test_unsatisfiable.py checks that verdict)."""
    rules, lead, history, now = situation
    try:
        return plan(rules, lead, history, now=now, **({"max_touches": PLAN_MAX} | options))
    except UnsatisfiableError:
        reject()


@given(any_situation, st.randoms(use_true_random=False))
def test_planning_is_deterministic_and_ignores_history_order(situation, random):
    rules, lead, history, now = situation
    first = _plan(situation)
    shuffled = list(history)
    random.shuffle(shuffled)
    again = plan(rules, lead, shuffled, now=now, max_touches=PLAN_MAX)
    assert again == first
    assert [touch.reason for touch in again] == [touch.reason for touch in first]


@given(any_situation)
def test_touches_are_after_now_increasing_and_in_the_leads_zone(situation):
    _, lead, _, now = situation
    timeline = _plan(situation)
    instants = [to_utc(touch.at) for touch in timeline]
    assert all(instant > now for instant in instants)
    assert all(earlier < later for earlier, later in itertools.pairwise(instants))
    for touch in timeline:
        assert touch.at.tzinfo is not None
        assert touch.at.timezone_name == lead.timezone
        # The wall time shown to the rep exists on the lead's clock (not in a DST gap).
        wall = touch.at.naive()
        assert resolve(wall, lead.zone).astimezone(lead.zone).replace(tzinfo=None) == wall


@given(any_situation)
def test_every_touch_is_inside_every_contact_window_on_the_local_clock(situation):
    rules, lead, _, _ = situation
    # A lead's own best times replace the cadence's contact hours.
    windows = [
        limit for limit in oracle.limits_for(rules, lead) if isinstance(limit, ContactWindow)
    ]
    assume(windows)
    for touch in _plan(situation):
        local = to_utc(touch.at).astimezone(lead.zone)
        for window in windows:
            assert local.weekday() in window.days
            assert window.start <= local.time().replace(tzinfo=None) < window.end


@given(any_situation)
def test_voicemails_never_exceed_the_limit_in_any_rolling_window(situation):
    rules, lead, history, _ = situation
    caps = [limit for limit in rules.limits if isinstance(limit, VoicemailLimit)]
    assume(caps)
    timeline = _plan(situation)
    left = sorted(
        [
            to_utc(event.at)
            for event in history
            if getattr(event, "outcome", None) is Outcome.VOICEMAIL_LEFT
        ]
        + [to_utc(touch.at) for touch in timeline if touch.voicemail]
    )
    planned = [to_utc(touch.at) for touch in timeline if touch.voicemail]
    for cap in caps:
        for end in planned:
            start = shift_back(end, cap.per, lead.zone)
            assert sum(start < at <= end for at in left) <= cap.max


@given(any_situation, st.integers(1, 12), st.none() | st.sampled_from(list(Channel)))
def test_max_attempts_caps_the_touches_of_history_and_plan(situation, n, channel):
    rules, lead, history, now = situation
    rules = attrs.evolve(rules, stop=MaxAttempts(n, channel))
    timeline = _plan((rules, lead, history, now))

    def counted(touches):
        return sum(channel is None or touch.channel is channel for touch in touches)

    done = counted(event for event in _since_enrollment(history) if isinstance(event, Touch))
    planned = counted(timeline)
    assert done + planned <= max(n, done)
    if timeline.stop.rule == MaxAttempts(n, channel):
        assert done + planned == max(n, done)  # it stopped at the cap, not before


@given(any_situation, st.integers(1, 3))
def test_max_contacts_stops_once_the_history_holds_them(situation, n):
    rules, lead, history, now = situation
    rules = attrs.evolve(rules, stop=MaxContacts(n))
    timeline = _plan((rules, lead, history, now))
    contacts = sum(
        isinstance(event, Touch) and event.outcome.is_contact
        for event in _since_enrollment(history)
    )
    if contacts >= n:
        assert len(timeline) == 0
    else:  # the plan assumes no one answers: only the history's contacts count
        assert timeline.stop.rule != MaxContacts(n)


@given(any_situation, st.sampled_from([MilestoneKind.PURCHASED, MilestoneKind.LOST]))
def test_nothing_is_planned_after_a_purchase_or_loss_with_buy_or_die(situation, kind):
    rules, lead, history, now = situation
    rules = attrs.evolve(rules, stop=rules.stop | BuyOrDie())
    # An enrollment at the same instant replays after the purchase and starts afresh.
    history = [
        event
        for event in history
        if not (
            isinstance(event, Milestone)
            and event.kind is MilestoneKind.ENROLLED
            and to_utc(event.at) == to_utc(now)
        )
    ]
    ended = [*history, Milestone(at=now, kind=kind)]
    timeline = plan(rules, lead, ended, now=now, max_touches=PLAN_MAX)
    assert len(timeline) == 0
    assert str(timeline.stop).startswith("stopped: ")


@given(any_situation, st.data())
def test_a_global_opt_out_ends_every_cadence(situation, data):
    rules, lead, history, now = situation
    rules = attrs.evolve(rules, stop=BuyOrDie())  # the cadence does not name OptOut()
    at = data.draw(
        st.datetimes(
            min_value=lead.created_at.replace(tzinfo=None), max_value=now.replace(tzinfo=None)
        ).map(lambda naive: naive.replace(tzinfo=UTC))
    )
    # An opt-in after the opt-out would end it: leave those out.
    history = [
        event
        for event in history
        if not (
            isinstance(event, Milestone)
            and event.kind is MilestoneKind.OPTED_IN
            and event.channel is None
            and to_utc(event.at) >= at
        )
    ]
    timeline = plan(rules, lead, [*history, Milestone.opted_out(at)], now=now)
    assert len(timeline) == 0
    assert timeline.stop.rule == OptOut()  # the plan says why it is empty


@given(any_situation, st.sampled_from(list(Channel)))
def test_no_touch_on_a_channel_the_lead_opted_out_of(situation, channel):
    rules, lead, history, now = situation
    timeline = _plan((rules, lead, [*history, Milestone.opted_out(now, channel)], now))
    assert all(touch.channel is not channel for touch in timeline)


@given(any_situation, st.integers(1, 60 * 24 * 30))
def test_nothing_is_planned_before_a_snooze_ends(situation, minutes):
    rules, lead, history, now = situation
    history = [
        event for event in history if getattr(event, "kind", None) is not MilestoneKind.SNOOZED
    ]
    until = now + timedelta(minutes=minutes)
    timeline = _plan((rules, lead, [*history, Milestone.snoozed(now, until)], now))
    assert all(to_utc(touch.at) >= until for touch in timeline)


@given(any_situation, st.integers(1, 8))
def test_carrying_out_the_plan_as_assumed_keeps_the_rest_of_it(situation, steps):
    rules, lead, history, now = situation
    until = now + timedelta(days=120)
    expected = _plan(situation, until=until)
    done = list(history)
    limited = "touch limit" in str(expected.stop)
    for _ in range(min(steps, len(expected))):
        first, rest = expected[0], expected[1:]
        done.append(first.done())
        after = plan(rules, lead, done, now=first.at, until=until, max_touches=PLAN_MAX)
        if limited:
            assert after[: len(rest)] == rest
        else:
            assert tuple(after) == rest
            assert str(after.stop) == str(expected.stop)
        assert [touch.reason for touch in after[: len(rest)]] == [touch.reason for touch in rest]
        expected = after


@given(any_situation, st.integers(0, 40))
def test_planning_terminates_within_its_bounds(situation, cap):
    now = situation[3]
    timeline = _plan(situation, max_touches=cap)
    assert len(timeline) <= cap
    assert str(timeline.stop)
    horizon = now + timedelta(days=400)
    assert all(to_utc(touch.at) <= horizon for touch in timeline)


@given(any_situation)
def test_next_touch_is_the_first_planned_touch(situation):
    rules, lead, history, now = situation
    timeline = _plan(situation)
    assert next_touch(rules, lead, history, now=now) == (timeline[0] if timeline else None)


@given(any_situation)
def test_values_pickle_hash_and_repr_round_trip(situation):
    rules, lead, history, _ = situation
    timeline = _plan(situation, max_touches=5)
    for value in (rules, lead, *history, timeline):
        copy = pickle.loads(pickle.dumps(value))
        assert copy == value
        assert hash(copy) == hash(value)
    namespace = {name: getattr(cadence, name) for name in cadence.__all__}
    assert eval(repr(rules), namespace) == rules  # noqa: S307 - a repr reads like code
    assert lead.timezone in repr(lead)


# A snooze ended by a resume a second later: the touch the day after is not snoozed (the
# oracle once ignored the resume; found with 5,000 examples).
_RESUMED = (
    Cadence(
        rhythm=SpeedToLead() + Every("1 day"),
        channels=PreferredChannel(),
        limits=[Holidays(region="US")],
    ),
    Lead("Africa/Abidjan", datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC)),
    [
        Milestone(at=datetime(2000, 1, 1, tzinfo=UTC), kind=MilestoneKind.RESUMED),
        Milestone.snoozed(
            datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
            until=datetime(2000, 1, 2, 0, 0, 59, tzinfo=UTC),
        ),
    ],
    datetime(2000, 1, 1, tzinfo=UTC),
)


@given(any_situation)
@example(_RESUMED)
def test_every_planned_touch_keeps_every_limit_over_history_and_plan(situation):
    # Judged by the oracle, which reads the limits' fields on the lead's clock: windows,
    # quiet hours, blackouts, holidays, caps and gaps (counting the history and the touches
    # planned before), limits joined with | and &, voicemail limits and the snooze.
    rules, lead, history, _ = situation
    timeline = _plan(situation)
    where = oracle.clock(lead.timezone)
    limits = oracle.limits_for(rules, lead)
    voicemail_limits = [limit for limit in limits if isinstance(limit, VoicemailLimit)]
    snooze = oracle.snoozed_until(history)
    before = oracle.done_touches(history)
    for touch in timeline:
        at = oracle.utc(touch.at)
        for limit in limits:
            assert oracle.allows(limit, at, touch.channel, before, where), (limit, touch)
        if touch.voicemail:
            for limit in voicemail_limits:
                assert oracle.voicemail_allowed(limit, at, before, where), (limit, touch)
        assert snooze is None or at >= snooze
        before.append(oracle.Done(at, touch.channel, touch.assumed))
