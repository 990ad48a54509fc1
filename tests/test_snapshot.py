"""Stored states: a snapshot after part of a history, plus the rest, plans as the whole history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import attrs
import pendulum
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from cadence import (
    SNAPSHOT_FORMAT,
    Cadence,
    CadenceError,
    Candidate,
    Channel,
    ContactWindow,
    Every,
    FrequencyCap,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    MaxRounds,
    Milestone,
    MilestoneKind,
    MinGap,
    Snapshot,
    SnapshotError,
    Span,
    SpeedToLead,
    State,
    Timeline,
    Touch,
    UnsatisfiableError,
    VoicemailLimit,
    Weekday,
    Yearly,
    next_touch,
    plan,
    presets,
)
from cadence._time import to_utc
from cadence.rules import AnyLimit, Limit
from tests import config_strategies as cs
from tests import strategies as ds
from tests.test_properties import any_situation

PLAN_MAX = 40
CHICAGO = "America/Chicago"
CREATED = datetime(2026, 3, 6, 15, 58, tzinfo=UTC)
BASE = presets.persistent()


def _shown(timeline: Timeline) -> tuple[object, ...]:
    """Everything a timeline says, the rules that placed and moved each touch included."""
    return (
        [(touch, touch.rule, touch.moved_by) for touch in timeline],
        timeline.stop,
        timeline.skipped,
    )


def _split(history: list, cut: int) -> tuple[list, list]:
    """The first ``cut`` events in time order, and the rest, at a change of instant."""
    ordered = sorted(history, key=lambda event: to_utc(event.at))
    cut = min(cut, len(ordered))
    while 0 < cut < len(ordered) and to_utc(ordered[cut].at) == to_utc(ordered[cut - 1].at):
        cut += 1
    return ordered[:cut], ordered[cut:]


@given(any_situation | ds.rich_situations(), st.integers(0, 14))
def test_a_snapshot_and_the_rest_plan_as_the_whole_history(situation, cut) -> None:
    rules, lead, history, now = situation
    try:
        whole = plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    except UnsatisfiableError:
        reject()
    before, after = _split(history, cut)
    stored = Snapshot.from_bytes(Snapshot.of(rules, lead, before, now=now).to_bytes())
    resumed = plan(rules, lead, after, now=now, max_touches=PLAN_MAX, since=stored)
    assert _shown(resumed) == _shown(whole)
    assert next_touch(rules, lead, after, now=now, since=stored) == next_touch(
        rules, lead, history, now=now
    )
    # The next snapshot to store, made from this one and the rest, plans the same again.
    chained = Snapshot.of(rules, lead, after, now=now, since=stored)
    assert chained.events == len(history)
    again = plan(rules, lead, (), now=now, max_touches=PLAN_MAX, since=chained)
    assert _shown(again) == _shown(whole)


@given(ds.leads_and_nows(), st.integers(1, 60), st.integers(0, 59))
def test_a_lead_following_its_plan_replans_from_each_snapshot(lead_now, size, cut) -> None:
    lead, _ = lead_now
    rules = presets.persistent(rounds=40)
    source = plan(rules, lead, now=lead.created_at, max_touches=size)
    history = [touch.done() for touch in source]
    now = (history[-1].at if history else lead.created_at) + timedelta(seconds=30)
    before, after = _split(history, cut)
    stored = Snapshot.of(rules, lead, before, now=now)
    resumed = plan(rules, lead, after, now=now, since=stored)
    assert _shown(resumed) == _shown(plan(rules, lead, history, now=now))


def _followed(size: int) -> tuple[Cadence, Lead, list[Touch]]:
    lead = Lead(timezone=CHICAGO, created_at=CREATED)
    rules = presets.persistent(rounds=10_000)
    planned = plan(rules, lead, now=CREATED, max_touches=size, until=timedelta(days=4000))
    return rules, lead, [touch.done() for touch in planned]


def test_a_snapshot_keeps_only_what_the_rules_look_back_at() -> None:
    rules, lead, history = _followed(1_000)
    stored = Snapshot.of(rules, lead, history, now=history[-1].at)
    # The voicemail limit looks back a week: a week of touches, not a thousand.
    assert stored.events == 1_000
    assert 0 < stored.kept < 20
    assert len(stored.to_bytes()) < 2_000
    assert stored.last_event == to_utc(history[-1].at)


class _Everything(Limit):
    """A limit of one's own that does not say how far back it looks."""

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        return candidate

    def describe(self) -> str:
        return "everything"


def test_a_rule_that_does_not_say_keeps_every_touch() -> None:
    assert _Everything().lookback is None
    assert AnyLimit(ContactWindow(), _Everything()).lookback is None
    assert (ContactWindow() | VoicemailLimit(per="2 weeks")).lookback == Span(days=14)
    longest = AnyLimit(FrequencyCap(max=2, per="3 days"), MinGap(between="30 hours")).lookback
    assert longest == Span(days=3, hours=30)


def test_a_cadence_that_cannot_be_written_is_refused_clearly() -> None:
    rules = attrs.evolve(presets.persistent(), limits=(_Everything(),))
    lead = Lead(timezone=CHICAGO, created_at=CREATED)
    with pytest.raises(InvalidTypeError, match=r"^Snapshot: the cadence must write to plain"):
        Snapshot.of(rules, lead, now=CREATED)


def test_a_snapshot_refuses_another_cadence_or_lead() -> None:
    rules, lead, history = _followed(10)
    now = history[-1].at + timedelta(minutes=1)
    stored = Snapshot.of(rules, lead, history, now=now)
    with pytest.raises(SnapshotError, match="another cadence"):
        plan(presets.persistent(), lead, now=now, since=stored)
    other = attrs.evolve(lead, channels=frozenset({Channel.EMAIL}))
    with pytest.raises(SnapshotError, match="another lead, or the lead changed"):
        next_touch(rules, other, now=now, since=stored)


LEAD_FIELDS = [field.name for field in attrs.fields(Lead)]


@given(cs.leads, cs.leads, st.sampled_from(ds.ODD_ZONES))
def test_a_lead_with_any_field_changed_is_refused(lead, other, elsewhere) -> None:
    stored = Snapshot.from_bytes(Snapshot.of(BASE, lead, now=lead.created_at).to_bytes())
    stored.check_for(BASE, lead)
    # The same lead, however it is spelled: read back from its data, created in another zone.
    stored.check_for(BASE, Lead.from_dict(lead.to_dict()))
    moved = pendulum.instance(lead.created_at).in_timezone(elsewhere)
    stored.check_for(BASE, attrs.evolve(lead, created_at=moved))
    for name in LEAD_FIELDS:  # each field changed alone, to the other lead's
        try:
            changed = attrs.evolve(lead, **{name: getattr(other, name)})
        except CadenceError:
            continue
        if changed == lead:
            stored.check_for(BASE, changed)
        else:
            with pytest.raises(SnapshotError, match="another lead, or the lead changed"):
                stored.check_for(BASE, changed)


def test_events_not_after_the_snapshot_are_refused() -> None:
    rules, lead, history = _followed(10)
    now = history[-1].at + timedelta(minutes=1)
    stored = Snapshot.of(rules, lead, history[:5], now=now)
    late = history[4]  # already in the snapshot: at its latest event's instant
    with pytest.raises(SnapshotError, match="is not after the snapshot's latest event"):
        plan(rules, lead, [late, *history[5:]], now=now, since=stored)
    with pytest.raises(SnapshotError, match="fold the whole history again"):
        Snapshot.of(rules, lead, [history[0]], now=now, since=stored)
    with pytest.raises(InvalidValueError, match=r"^now: expected an instant at or after"):
        plan(rules, lead, now=history[3].at, since=stored)


def test_a_round_older_than_what_is_kept_comes_back_whole() -> None:
    # A rhythm that looks back at nothing: of a round of three touches over six days, the
    # snapshot keeps only the latest touch, and the round's older touches on their own.
    from cadence.engine import Engine

    rules = Cadence(rhythm=Every("30 days"))
    lead = Lead(timezone=CHICAGO, created_at=CREATED)
    first = CREATED + timedelta(minutes=1)
    history = [
        Touch(at=first + timedelta(days=day), channel="call", outcome="no_answer")
        for day in (0, 3, 6)
    ]
    history.append(Milestone.opted_out(first + timedelta(days=6, hours=1), Channel.SMS))
    now = first + timedelta(days=7)
    stored = Snapshot.from_bytes(Snapshot.of(rules, lead, history, now=now).to_bytes())
    assert stored.kept == 1
    resumed = Engine(rules, lead, now=now, since=stored).state
    whole = Engine(rules, lead, history, now=now).state
    assert resumed.round_touches == whole.round_touches
    assert (resumed.last_touch, resumed.opted_out) == (whole.last_touch, whole.opted_out)
    # The latest touch is one object, as the planner compares it by identity.
    assert resumed.last_touch is resumed.touches[-1] is resumed.round_touches[-1]
    assert _shown(plan(rules, lead, now=now, since=stored)) == _shown(
        plan(rules, lead, history, now=now)
    )


def test_a_milestone_after_the_snapshot_counts() -> None:
    rules, lead, history = _followed(6)
    stored = Snapshot.of(rules, lead, history, now=history[-1].at)
    bought = Milestone(at=history[-1].at + timedelta(hours=1), kind=MilestoneKind.PURCHASED)
    now = bought.at + timedelta(minutes=1)
    assert (
        plan(rules, lead, [bought], now=now, since=stored).stop
        == plan(rules, lead, [*history, bought], now=now).stop
    )


def test_bytes_that_are_no_snapshot_are_refused() -> None:
    with pytest.raises(SnapshotError, match="expected the bytes of a cadence Snapshot"):
        Snapshot.from_bytes(b"\x80\x04pickle")
    with pytest.raises(SnapshotError, match="damaged"):
        Snapshot.from_bytes(b"cadence-snapshot:{not json")
    with pytest.raises(InvalidTypeError, match="expected the bytes of a snapshot"):
        Snapshot.from_bytes("text")  # type: ignore[arg-type]
    rules, lead, history = _followed(3)
    data = Snapshot.of(rules, lead, history, now=history[-1].at).to_bytes()
    header, text = data.split(b":", 1)
    items = json.loads(text)
    newer = header + b":" + json.dumps([SNAPSHOT_FORMAT + 1, *items[1:]]).encode()
    with pytest.raises(
        SnapshotError, match=f"this version of cadence reads format {SNAPSHOT_FORMAT}"
    ):
        Snapshot.from_bytes(newer)
    # Format 1 was a JSON object: refused as clearly.
    older = header + b':{"format":1,"cadence":"26644454cc400203f14b3021","events":3}'
    with pytest.raises(SnapshotError, match=r"^data: a snapshot of format 1; this version"):
        Snapshot.from_bytes(older)
    for damaged in (items[:-1], [*items, None], SNAPSHOT_FORMAT, [], "text"):
        with pytest.raises(SnapshotError, match="damaged"):
            Snapshot.from_bytes(header + b":" + json.dumps(damaged).encode())
    with pytest.raises(SnapshotError, match="damaged"):
        Snapshot.from_bytes(data + b" []")


def test_a_snapshot_reads_back_equal_and_says_what_it_holds() -> None:
    rules, lead, history = _followed(4)
    stored = Snapshot.of(rules, lead, history, now=history[-1].at)
    again = Snapshot.from_bytes(stored.to_bytes())
    assert again == stored
    assert hash(again) == hash(stored)
    assert (
        repr(again)
        == f"<Snapshot of 4 events, the latest at {to_utc(history[-1].at).isoformat()}, 4 kept>"
    )
    empty = Snapshot.of(rules, lead, now=CREATED)
    assert empty.last_event is None
    assert empty.events == 0
    assert empty != stored
    assert (empty == "snapshot") is False


def test_a_registered_rule_of_ones_own_keeps_every_touch_and_plans_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cadence.config import register, registry
    from tests.office_rules import OfficeClosed

    monkeypatch.setattr(registry, "_REGISTRY", registry._REGISTRY.copy())
    register(OfficeClosed, tag="office_closed")
    closed = OfficeClosed(days=frozenset({Weekday.WED}), closures=())
    assert closed.lookback is None
    base = presets.persistent(rounds=10_000)
    rules = attrs.evolve(base, limits=(*base.limits, closed))
    lead = Lead(timezone=CHICAGO, created_at=CREATED)
    history = [touch.done() for touch in plan(rules, lead, now=CREATED, max_touches=80)]
    now = history[-1].at + timedelta(seconds=30)
    stored = Snapshot.from_bytes(Snapshot.of(rules, lead, history[:60], now=now).to_bytes())
    assert stored.kept == 60
    assert _shown(plan(rules, lead, history[60:], now=now, since=stored)) == _shown(
        plan(rules, lead, history, now=now)
    )


def test_a_snapshot_made_in_one_process_is_read_in_another() -> None:
    # Set order differs between processes (hash randomisation): the fingerprints must not.
    code = (
        "from datetime import UTC, datetime\n"
        "from cadence import Hours, Lead, Snapshot, presets\n"
        "lead = Lead(timezone='Europe/Paris', created_at=datetime(2026, 1, 1, tzinfo=UTC),\n"
        "            channels=['call', 'sms', 'email', 'linkedin'],\n"
        "            best_times=Hours(days=['mon', 'tue', 'fri']))\n"
        "print(Snapshot.of(presets.persistent(), lead, now=lead.created_at).to_bytes().hex())\n"
    )
    made = {
        subprocess.run(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(made) == 1


def test_a_rhythm_that_reads_the_present_is_asked_as_the_whole_fold_asked_it() -> None:
    # A touch before the occasion asks the yearly rhythm for it (due 1 June, expiring a week
    # later); a touch after it expired finds that answer and skips the occasion. The fold
    # that goes on from a snapshot between the two must ask as of the first touch too, or it
    # would never see the occasion, and count no skipped round.
    from cadence.engine import Engine

    rules = Cadence(rhythm=SpeedToLead() + Yearly("06-01", at="10:00"), stop=MaxRounds(5))
    lead = Lead(timezone=CHICAGO, created_at=datetime(2026, 5, 1, 15, 0, tzinfo=UTC))
    history = [
        Touch(at=datetime(2026, 5, 1, 15, 1, tzinfo=UTC), channel="call", outcome="no_answer"),
        Touch(at=datetime(2026, 5, 20, 15, 0, tzinfo=UTC), channel="sms", outcome="sent"),
        Touch(at=datetime(2026, 6, 20, 15, 0, tzinfo=UTC), channel="sms", outcome="sent"),
    ]
    now = datetime(2026, 6, 21, tzinfo=UTC)
    whole = Engine(rules, lead, history, now=now).state
    stored = Snapshot.of(rules, lead, history[:2], now=history[1].at)
    resumed = Engine(rules, lead, history[2:], now=now, since=stored).state
    assert whole.skipped_rounds == 1
    assert (resumed.rounds, resumed.skipped_rounds) == (whole.rounds, whole.skipped_rounds)
    chained = Snapshot.of(rules, lead, history[2:], now=now, since=stored)
    assert _shown(plan(rules, lead, now=now, since=chained)) == _shown(
        plan(rules, lead, history, now=now)
    )
