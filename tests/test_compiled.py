"""The specialised loop against the generic engine: the same timelines on random cadences.

``plan()`` plans a new lead with the specialised loop (:mod:`cadence.specialised`) when the
cadence's rules are all built-in ones it knows; ``plan_with_engine()`` is the reference. Every
field of every touch is compared (the rule and the limits that moved it too, which a
timeline's equality leaves out), the stop, the skipped rounds, and the errors.
"""

from __future__ import annotations

import functools
import operator
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import (
    AfterVoicemail,
    Blackout,
    BuyOrDie,
    Cadence,
    CadenceError,
    Channel,
    CompiledCadence,
    Compliance,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Event,
    Every,
    FrequencyCap,
    Holidays,
    Hours,
    Lead,
    MaxAttempts,
    MaxContacts,
    MaxRounds,
    MeetingBooked,
    Milestone,
    OptOut,
    Outcome,
    PreferredChannel,
    Replied,
    Rotate,
    Snapshot,
    SpeedToLead,
    Step,
    Steps,
    Timeline,
    VoicemailLimit,
    Weekly,
    Yearly,
    next_touch,
    plan,
    presets,
)
from cadence.planner import plan_with_engine
from cadence.rules import QuietHours
from cadence.shape import shape_of
from tests import strategies as ds

EDGE_ZONES = (
    "America/Chicago",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Nuuk",
    "Pacific/Apia",
    "Asia/Kathmandu",
    "Europe/Dublin",
)


def touch_fields(timeline: Timeline) -> list[tuple[object, ...]]:
    return [
        (
            touch.at.isoformat(),
            touch.at.tzinfo.name,  # type: ignore[union-attr]
            type(touch.at),
            touch.channel,
            touch.voicemail,
            touch.round,
            touch.reason,
            touch.key,
            touch.assumed,
            touch.step,
            touch.rep,
            touch.rule,
            touch.moved_by,
        )
        for touch in timeline
    ]


def outcome(
    planner: Callable[..., Timeline], *args: object, **kwargs: object
) -> tuple[object, ...]:
    """Everything ``planner(*args, **kwargs)`` gives, or the error it raises."""
    try:
        timeline = planner(*args, **kwargs)
    except CadenceError as error:
        return ("error", type(error), str(error))
    stop = timeline.stop
    return (
        touch_fields(timeline),
        stop.reason,
        stop.rule,
        None if stop.at is None else (stop.at.isoformat(), stop.at.tzinfo.name),
        [(skip.reason, skip.rule, skip.at.isoformat(), skip.step) for skip in timeline.skipped],
    )


# A CRM's own channel beside the built-in ones: the loop must know it as the engine does.
OWN = Channel("direct_mail")
CHANNELS = [*Channel, OWN]

steps = st.lists(
    st.tuples(
        st.integers(0, 4),
        st.sampled_from(CHANNELS),
        st.one_of(st.none(), ds.clocks),
        st.one_of(st.none(), st.just("a step")),
        st.lists(st.sampled_from(CHANNELS), max_size=2, unique=True),
    ),
    min_size=1,
    max_size=5,
).map(
    lambda drawn: Steps(
        *(
            Step(day, channel, at=at, label=label, fallback=[c for c in fallback if c != channel])
            for day, channel, at, label, fallback in _increasing(drawn)
        ),
        days="business" if len(drawn) % 2 else "calendar",
    )
)


def _increasing(drawn: list[tuple]) -> list[tuple]:
    total = 0
    found = []
    for day, *rest in drawn:
        total += day
        found.append((total, *rest))
    return found


finite_parts = st.one_of(st.builds(SpeedToLead, within=ds.spans_exact), ds.day_offsets(), steps)
endless_parts = st.one_of(
    st.builds(Every, ds.spans),
    st.builds(Every, ds.spans, ds.spans),
    st.builds(Weekly, ds.weekday_sets, ds.clocks),
)


@st.composite
def known_rhythms(draw: st.DrawFn) -> object:
    parts = draw(st.lists(finite_parts, min_size=0, max_size=2))
    if not parts or draw(st.booleans()):
        parts.append(draw(endless_parts))
    rhythm = parts[0]
    for part in parts[1:]:
        rhythm = rhythm + part
    return rhythm


known_reactions = st.lists(
    st.one_of(
        st.builds(
            DoubleTap,
            gap=st.sampled_from(["0 minutes", "2 minutes", "1 day"]),
            expires=st.sampled_from(["15 minutes", "2 hours", "1 day"]),
            voicemail=st.booleans(),
        ),
        st.builds(
            AfterVoicemail,
            channels=st.permutations([Channel.SMS, Channel.EMAIL, Channel.LINKEDIN, OWN]).flatmap(
                lambda order: st.integers(1, 3).map(lambda size: order[:size])
            ),
            gap=st.sampled_from(["1 minute", "1 hour", "1 day"]),
            expires=st.sampled_from(["1 hour", "1 day", "2 days"]),
        ),
    ),
    max_size=2,
).map(tuple)
known_limits = st.lists(
    st.one_of(
        ds.contact_windows(),
        ds.voicemail_limits,
        st.builds(VoicemailLimit, max=st.just(0)),
        st.sampled_from(
            [
                QuietHours.tcpa(),
                QuietHours("20:00", "09:30"),
                Holidays(["2026-12-25", "2027-01-01", "2026-07-03"]),
                Blackout([("2026-12-20", "2027-01-04"), ("2027-07-01T12:00", "2027-07-02")]),
            ]
        ),
    ),
    max_size=3,
).map(tuple)
known_stops = st.lists(
    st.one_of(
        st.builds(BuyOrDie),
        st.builds(OptOut),
        st.builds(Replied),
        st.builds(MeetingBooked),
        st.builds(MaxRounds, st.integers(1, 15)),
        st.builds(
            MaxAttempts, st.integers(1, 30), st.one_of(st.none(), st.sampled_from(list(Channel)))
        ),
    ),
    min_size=1,
    max_size=3,
).map(lambda rules: functools.reduce(operator.or_, rules))


known_cadences = st.builds(
    Cadence,
    rhythm=known_rhythms(),
    channels=ds.channel_rules,
    reactions=known_reactions,
    limits=known_limits,
    stop=known_stops,
)


@st.composite
def new_leads(draw: st.DrawFn) -> tuple[Lead, datetime]:
    name = draw(st.one_of(st.sampled_from(EDGE_ZONES), ds.zone_names))
    created = draw(ds.instants_near_dst(name))
    late = timedelta(seconds=draw(st.sampled_from([0, 30, 600, 3 * 3600, 2 * 86_400, -600])))
    channels = draw(st.one_of(st.just(frozenset(CHANNELS)), ds.channels_subsets()))
    best_times = draw(st.one_of(st.none(), st.none(), ds.contact_windows().map(_hours)))
    blackouts = draw(st.sampled_from([(), (), (("2026-06-01", "2026-06-10"),)]))
    others = draw(st.lists(st.sampled_from(EDGE_ZONES), max_size=2, unique=True))
    possible = tuple(dict.fromkeys((name, *others))) if others else None
    lead = Lead(
        timezone=name,
        created_at=created,
        channels=channels,
        best_times=best_times,
        blackouts=blackouts,
        possible_timezones=possible if possible and len(possible) > 1 else None,
    )
    return lead, created + late


def _hours(window: ContactWindow) -> Hours:
    return Hours(days=window.days, start=window.start, end=window.end)


horizons = st.one_of(st.none(), st.sampled_from(["3 days", "2 weeks", "PT36H"]), st.just("instant"))


@given(known_cadences, new_leads(), horizons, st.one_of(st.none(), st.integers(0, 40)))
def test_the_specialised_loop_plans_a_new_lead_as_the_engine_does(
    cadence: Cadence, lead_and_now: tuple[Lead, datetime], until: object, cap: int | None
) -> None:
    lead, now = lead_and_now
    assert shape_of(cadence) is not None
    horizon = now + timedelta(days=9, hours=5) if until == "instant" else until
    fast = outcome(plan, cadence, lead, now=now, until=horizon, max_touches=cap)
    reference = outcome(plan_with_engine, cadence, lead, now=now, until=horizon, max_touches=cap)
    assert fast == reference


@given(known_cadences, new_leads())
def test_a_compiled_cadence_gives_what_plan_and_next_touch_give(
    cadence: Cadence, lead_and_now: tuple[Lead, datetime]
) -> None:
    lead, now = lead_and_now
    compiled = CompiledCadence(cadence)
    assert compiled.specialised
    assert outcome(compiled.plan, lead, now=now, max_touches=20) == outcome(
        plan_with_engine, cadence, lead, now=now, max_touches=20
    )
    try:
        expected = plan_with_engine(cadence, lead, now=now, max_touches=1)
    except CadenceError as error:
        with pytest.raises(type(error)):
            compiled.next_touch(lead, now=now)
        return
    first = expected[0] if expected else None
    assert compiled.next_touch(lead, now=now) == first == next_touch(cadence, lead, now=now)


def test_rules_it_does_not_know_are_planned_by_the_engine() -> None:
    """Rules of other kinds (here a frequency cap) leave it to the engine."""
    cadence = Cadence(
        rhythm=SpeedToLead() + Every("2 days"),
        channels=Rotate((Channel.CALL, Channel.EMAIL)),
        limits=(FrequencyCap(2, "3 days"),),
        stop=MaxRounds(4),
    )
    compiled = CompiledCadence(cadence)
    assert not compiled.specialised
    lead = Lead(timezone="America/Chicago", created_at=datetime(2026, 3, 6, 15, 58, tzinfo=UTC))
    now = lead.created_at + timedelta(seconds=30)
    assert outcome(compiled.plan, lead, now=now) == outcome(
        plan_with_engine, cadence, lead, now=now
    )


def test_a_lead_with_a_history_is_planned_by_the_engine_with_the_same_answer() -> None:
    cadence = presets.persistent()
    compiled = CompiledCadence(cadence)
    lead = Lead(timezone="America/Chicago", created_at=datetime(2026, 3, 6, 15, 58, tzinfo=UTC))
    now = lead.created_at + timedelta(seconds=30)
    first = compiled.plan(lead, now=now)
    history = [touch.done() for touch in first[:5]]
    later = first[4].at + timedelta(seconds=30)
    assert outcome(compiled.plan, lead, iter(history), now=later) == outcome(
        plan_with_engine, cadence, lead, history, now=later
    )


def test_a_compiled_cadence_refuses_anything_but_a_cadence() -> None:
    with pytest.raises(CadenceError, match=r"CompiledCadence\.cadence: expected a Cadence"):
        CompiledCadence("persistent")  # type: ignore[arg-type]


@pytest.mark.parametrize("name", EDGE_ZONES)
def test_the_presets_plan_new_leads_as_the_engine_does_around_the_year(name: str) -> None:
    """Leads arriving each month, late in the day and at the weekend, for both presets."""
    for cadence in (presets.persistent(), presets.persistent(rounds=40)):
        for month in range(1, 13):
            created = datetime(2026, month, 6, 22, 58, tzinfo=UTC) + timedelta(days=month % 3)
            lead = Lead(timezone=name, created_at=created)
            now = created + timedelta(seconds=30)
            assert outcome(plan, cadence, lead, now=now) == outcome(
                plan_with_engine, cadence, lead, now=now
            )


@st.composite
def leads_with_histories(draw: st.DrawFn) -> tuple[Lead, list[Event], datetime]:
    lead, created = draw(new_leads())
    now = created + timedelta(minutes=draw(st.integers(0, 60 * 24 * 20)))
    return lead, draw(ds.histories(lead, now)), now


@given(known_cadences, leads_with_histories())
def test_a_history_folded_by_the_engine_is_planned_on_as_the_engine_does(
    cadence: Cadence, situation: tuple[Lead, list[Event], datetime]
) -> None:
    lead, history, now = situation
    assert outcome(plan, cadence, lead, history, now=now, max_touches=30) == outcome(
        plan_with_engine, cadence, lead, history, now=now, max_touches=30
    )


# By whether the touch is a call: the outcomes drawn from, the assumed one first and most often.
_OUTCOMES = {
    True: (Outcome.NO_ANSWER, Outcome.VOICEMAIL_LEFT, Outcome.CONNECTED, Outcome.NO_ANSWER),
    False: (Outcome.SENT, Outcome.SENT, Outcome.REPLIED, Outcome.BOUNCED),
}


@given(
    known_cadences,
    new_leads(),
    st.integers(1, 8),
    st.lists(st.integers(0, 3), min_size=8, max_size=8),
    st.sampled_from([timedelta(seconds=30), timedelta(hours=5), timedelta(days=3)]),
    st.booleans(),
)
def test_a_lead_that_carried_out_its_plan_is_replanned_as_the_engine_does(  # noqa: PLR0917
    cadence: Cadence,
    lead_and_now: tuple[Lead, datetime],
    done: int,
    outcomes: list[int],
    later: timedelta,
    stored: bool,
) -> None:
    """The first touches carried out (with any outcome), replanned, from a snapshot or not."""
    lead, now = lead_and_now
    try:
        first = plan_with_engine(cadence, lead, now=now, max_touches=done)
    except CadenceError:
        return
    history: list[Event] = [
        touch.done(_OUTCOMES[touch.channel is Channel.CALL][pick % 4])
        for touch, pick in zip(first, outcomes, strict=False)
    ]
    if not history:
        return
    replanned_at = history[-1].at + later
    since = None
    rest: list[Event] = history
    if stored and len(history) > 1:
        since = Snapshot.of(cadence, lead, history[:-1], now=history[-2].at)
        rest = history[-1:]
    assert outcome(
        plan, cadence, lead, rest, now=replanned_at, since=since, max_touches=25
    ) == outcome(plan_with_engine, cadence, lead, history, now=replanned_at, max_touches=25)


@pytest.mark.parametrize(
    "cadence",
    [
        Cadence(rhythm=SpeedToLead(), channels=PreferredChannel()),
        Cadence(rhythm=DayOffsets(1) + Yearly("12-25")),
        Cadence(rhythm=SpeedToLead(), limits=(FrequencyCap(3, "1 day"),)),
        Cadence(rhythm=SpeedToLead(), limits=(Compliance("US"),)),
        Cadence(rhythm=SpeedToLead(), limits=(ContactWindow() | QuietHours.tcpa(),)),
        Cadence(rhythm=SpeedToLead(), stop=MaxContacts(2)),
        Cadence(rhythm=SpeedToLead(), stop=BuyOrDie() & MaxRounds(3)),
    ],
    ids=[
        "channel rule",
        "rhythm",
        "limit",
        "compliance",
        "combined limit",
        "stop rule",
        "combined stop",
    ],
)
def test_a_cadence_with_a_rule_it_does_not_know_has_no_shape(cadence: Cadence) -> None:
    assert shape_of(cadence) is None
    assert not CompiledCadence(cadence).specialised


def test_a_snooze_over_by_now_still_moves_a_touch_due_before_its_end() -> None:
    # Found by CI: a lead snoozed until the very minute of planning. Speed to lead is due at
    # arrival, before the snooze's end, so the snooze moves it and is named, as the engine says.
    cadence = presets.persistent()
    lead = Lead(timezone="Africa/Abidjan", created_at=datetime(1999, 12, 31, 23, 59, tzinfo=UTC))
    now = datetime(2000, 1, 1, tzinfo=UTC)
    snooze = Milestone.snoozed(at=lead.created_at, until=now)
    timeline = plan(cadence, lead, [snooze], now=now)
    assert "limited by the lead's snooze" in timeline[0].reason
    assert outcome(plan, cadence, lead, [snooze], now=now) == outcome(
        plan_with_engine, cadence, lead, [snooze], now=now
    )


def test_a_snooze_still_running_is_left_to_the_engine() -> None:
    cadence = presets.persistent()
    lead = Lead(timezone="Australia/Lord_Howe", created_at=datetime(2026, 4, 3, 22, tzinfo=UTC))
    snooze = Milestone.snoozed(
        at=lead.created_at + timedelta(minutes=5), until=lead.created_at + timedelta(days=9)
    )
    now = lead.created_at + timedelta(hours=1)
    timeline = plan(cadence, lead, [snooze], now=now)
    assert "limited by the lead's snooze" in timeline[0].reason
    assert outcome(plan, cadence, lead, [snooze], now=now) == outcome(
        plan_with_engine, cadence, lead, [snooze], now=now
    )


def test_threads_can_share_one_compiled_cadence() -> None:
    # Its plans only add to its cache of "limited by" texts: threads planning many leads at
    # once with one CompiledCadence get what each plan gives alone.
    cadence = presets.persistent()
    zones = ("America/New_York", "Europe/Paris", "Australia/Lord_Howe", "Pacific/Chatham")
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    leads = [
        Lead(
            timezone=zones[number % len(zones)],
            created_at=start + timedelta(minutes=97 * number),
            best_times=Hours(start="10:00", end="12:00") if number % 3 == 0 else None,
        )
        for number in range(160)
    ]
    now = start + timedelta(days=12)
    expected = [outcome(plan, cadence, lead, [], now=now) for lead in leads]
    compiled = CompiledCadence(cadence)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            found = list(pool.map(lambda lead: outcome(compiled.plan, lead, [], now=now), leads))
    finally:
        sys.setswitchinterval(interval)
    assert found == expected
