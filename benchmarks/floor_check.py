"""The check that the floor computes exactly what ``cadence`` computes, run before timing.

Leads are drawn (from a fixed seed) in every zone of the tz database that ``cadence`` accepts,
more of them in the odd ones (Lord Howe's 30-minute DST, Chatham's 45-minute offset, Nuuk's
spring-forward gap across midnight, Apia's skipped day). They arrive at random moments of
2026 and 2027 (weekends and evenings included), just before the contact window opens or
closes, and in the weeks, days or hours before or around a real offset change of the zone,
in the current rules (2025-2028) and since 1970, and around the tz database's odd changes
since 1840 (:data:`CORNERS`: gaps and folds inside the window, offsets with seconds, days
skipped and repeated). ``now`` is 30 seconds after the lead arrived, up to some days later,
or a little before; most have 12 rounds, some up to 30, a few 120 (past the horizon).

For each lead, :func:`floor.persistent_timeline` and :func:`floor.persistent_timeline_stdlib`
must give ``plan()``'s output: every touch's local time with its offset (ISO text), zone,
type, channel, voicemail, round, reason and assumed outcome, and the stop's reason and time.
For every fifth lead, its plan carried out as planned, cut after some of its touches, is
replayed by :func:`floor.persistent_next_touch` (in shuffled order, with plain UTC or
pendulum instants), which must give ``next_touch()``'s touch the same way, with ``now``
shortly or long after the last touch and a round cap below, at, just after or well after
the rounds done.
"""

from __future__ import annotations

import functools
import itertools
import random
import time
import zoneinfo
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import attrs
import pendulum
from floor import persistent_next_touch, persistent_timeline, persistent_timeline_stdlib
from floor_steps import STEPS, steps_timeline
from pendulum.tz.timezone import Timezone

from cadence import (
    Cadence,
    CadenceError,
    ContactWindow,
    Lead,
    MeetingBooked,
    OptOut,
    PlannedTouch,
    Replied,
    Step,
    Steps,
    Timeline,
    Touch,
    next_touch,
    plan,
    presets,
)

SEED = 17
ODD_ZONES = ("Australia/Lord_Howe", "Pacific/Chatham", "America/Nuuk", "Pacific/Apia")
_STEP = timedelta(days=14)
_SECOND = timedelta(seconds=1)

Key = tuple[object, ...]
# The timeline floors, and the types of their instants and zones.
FLOORS = (
    (persistent_timeline, {(pendulum.DateTime, Timezone)}),
    (persistent_timeline_stdlib, {(datetime, zoneinfo.ZoneInfo)}),
)


@attrs.define
class Report:
    """What the check covered."""

    leads: int = 0
    zones: int = 0
    near_changes: int = 0
    histories: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return (
            f"floor check: plan() and both timeline floors agree on {self.leads:,} leads in "
            f"{self.zones} zones ({self.near_changes:,} near an offset change), next_touch() "
            f"and the next-touch floor on {self.histories:,} histories; {self.seconds:.1f} s"
        )


@functools.cache
def persistent(rounds: int) -> Cadence:
    """The preset with ``rounds`` rounds, built once."""
    return presets.persistent(rounds=rounds)


def zones() -> list[str]:
    """Every zone of the tz database that a lead may have."""
    accepted = []
    created = datetime(2026, 1, 1, tzinfo=UTC)
    for name in sorted(zoneinfo.available_timezones()):
        try:
            Lead(timezone=name, created_at=created)
        except CadenceError:
            continue
        accepted.append(name)
    return accepted


def offset_changes(
    zone: zoneinfo.ZoneInfo, first: int = 1970, last: int = 2037
) -> list[tuple[datetime, datetime]]:
    """The zone's offset changes from ``first`` to ``last``, each as two weeks that hold it.

    Two changes within two weeks count as one (or none). :func:`change` finds the instant.
    """
    wall = datetime(first, 1, 1, tzinfo=UTC)  # stamped: local fields on a UTC datetime
    end = datetime(last + 1, 1, 1, tzinfo=UTC)
    offset = zone.utcoffset(wall)
    spans = []
    while wall < end:
        following = wall + _STEP
        changed = zone.utcoffset(following)
        if changed != offset:
            spans.append((wall - offset, following - changed))
            offset = changed
        wall = following
    return spans


def change(zone: zoneinfo.ZoneInfo, span: tuple[datetime, datetime]) -> datetime:
    """The first whole second of ``span`` (two weeks) with the offset of its end."""
    low, high = span
    after = high.astimezone(zone).utcoffset()
    while high - low > _SECOND:
        middle = low + (high - low) // 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    whole = high - timedelta(microseconds=high.microsecond)
    return whole if whole.astimezone(zone).utcoffset() == after else whole + _SECOND


@attrs.frozen
class FloorLead:
    created: datetime
    now: datetime
    zone: str
    rounds: int
    near_change: bool

    @property
    def lead(self) -> Lead:
        return Lead(timezone=self.zone, created_at=self.created)


def leads(rng: random.Random, names: list[str], per_zone: int = 5) -> list[FloorLead]:
    """Leads in every zone: at random, and before or around the zone's offset changes."""
    found = []
    recent_from, recent_to = datetime(2025, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC)
    kinds = itertools.cycle(range(5))  # across zones: each zone gets the next ones
    for name in names:
        zone = zoneinfo.ZoneInfo(name)
        changes = offset_changes(zone)
        recent = [span for span in changes if recent_from <= span[0] < recent_to]
        count = per_zone * 8 if name in ODD_ZONES else per_zone
        for kind in itertools.islice(kinds, count):
            pool = (recent or changes) if kind in (1, 2) else changes if kind == 3 else []
            if pool:
                created = _near(rng, change(zone, rng.choice(pool)))
            elif kind == 4:  # on the window's edges: the double tap or a message falls out
                created = _at_edge(rng, zone)
            else:
                created = START + timedelta(seconds=rng.randrange(0, 2 * 365 * 86_400))
            found.append(FloorLead(created, created + _delay(rng), name, _rounds(rng), bool(pool)))
    for name in ("UTC", "America/Chicago", "Pacific/Chatham"):  # the horizon's sentence
        created = START + timedelta(seconds=rng.randrange(0, 365 * 86_400))
        found.append(FloorLead(created, created, name, 120, near_change=False))
    for name, iso in CORNERS:
        at = datetime.fromisoformat(iso)
        for _ in range(per_zone * 3):
            created = _near(rng, at)
            lead = FloorLead(created, created + _delay(rng), name, _rounds(rng), near_change=True)
            found.append(lead)
    return found


START = datetime(2026, 1, 1, tzinfo=UTC)

# Offset changes of the tz database inside Mon-Fri 09:00-18:00 on the zone's clock, and days
# skipped or repeated (found by scanning every zone from 1840 with offset_changes()): gaps and
# folds inside the contact window, offsets with seconds, changes of a whole day.
CORNERS = (
    ("Asia/Manila", "1844-12-31T15:56:08+00:00"),  # Tuesday 31 December skipped
    ("Pacific/Guam", "1844-12-31T14:21:00+00:00"),
    ("America/Sitka", "1867-10-19T00:31:13+00:00"),  # 18 October 1867 happens twice
    ("America/Anchorage", "1867-10-19T00:31:13+00:00"),
    ("America/Menominee", "1885-09-18T17:50:27+00:00"),  # Friday noon, back 9:33
    ("Pacific/Apia", "1892-07-04T11:26:56+00:00"),  # Monday 4 July 1892 happens twice
    ("Pacific/Honolulu", "1896-01-13T22:31:26+00:00"),  # Monday noon, forward 86 seconds
    ("America/Puerto_Rico", "1899-03-28T16:24:25+00:00"),  # Tuesday noon, forward 24:25
    ("Asia/Manila", "1899-09-06T04:00:00+00:00"),  # Wednesday noon, back 3:52
    ("Antarctica/Macquarie", "1899-11-01T00:00:00+00:00"),  # from -00 to 10:00
    ("Pacific/Rarotonga", "1899-12-25T10:39:04+00:00"),
    ("America/Nome", "1900-08-20T23:01:38+00:00"),  # Monday noon, forward 98 seconds
    ("America/Anchorage", "1900-08-20T21:59:36+00:00"),  # Monday noon, back 24 seconds
    ("America/Sitka", "1900-08-20T21:01:13+00:00"),
    ("America/Port-au-Prince", "1917-01-24T16:49:00+00:00"),  # Wednesday noon, back 11 min
    ("Europe/Brussels", "1918-11-11T11:00:00+00:00"),  # Monday 12:00 back to 11:00
    ("Antarctica/Macquarie", "1919-03-31T14:00:00+00:00"),  # Monday, back 10 hours
    ("America/Cambridge_Bay", "1920-01-01T00:00:00+00:00"),
    ("Pacific/Kanton", "1937-08-31T00:00:00+00:00"),
    ("Antarctica/DumontDUrville", "1947-01-01T00:00:00+00:00"),
    ("America/Inuvik", "1953-01-01T00:00:00+00:00"),
    ("Pacific/Kwajalein", "1969-09-30T13:00:00+00:00"),  # a day repeated
    ("Pacific/Kwajalein", "1993-08-21T12:00:00+00:00"),  # Saturday 21 August skipped
    ("Antarctica/Vostok", "1994-01-31T17:00:00+00:00"),  # Monday, back from 00:00 to 17:00
    ("Pacific/Kiritimati", "1994-12-31T10:00:00+00:00"),  # Saturday 31 December skipped
    ("Pacific/Kanton", "1994-12-31T11:00:00+00:00"),
    ("Pacific/Apia", "2011-12-30T10:00:00+00:00"),  # Friday 30 December skipped
    ("Pacific/Fakaofo", "2011-12-30T11:00:00+00:00"),
)


def _near(rng: random.Random, at: datetime) -> datetime:
    """An arrival before the instant ``at``, or around it."""
    draw = rng.random()
    if draw < 0.5:  # weeks before it: a later round crosses it
        return at - timedelta(seconds=rng.randrange(0, 45 * 86_400))
    if draw < 0.7:  # whole days before it, near its time of day: a round lands on it
        days = rng.choice((1, 3, 4, 7, 8, 11, 14, 15))
        return at - timedelta(days=days, seconds=rng.randrange(-3 * 3_600, 3 * 3_600))
    if draw < 0.9:  # hours around it: the first touches straddle it
        return at + timedelta(seconds=rng.randrange(-6 * 3_600, 6 * 3_600))
    return at + timedelta(seconds=rng.randrange(-30 * 3_600, 30 * 3_600))  # a day repeated


def _at_edge(rng: random.Random, zone: zoneinfo.ZoneInfo) -> datetime:
    """An arrival in 2026 or 2027 at most ten minutes before 09:00 or 18:00, local."""
    day = START + timedelta(days=rng.randrange(0, 2 * 365))
    edge = rng.choice((9, 18))
    stamped = day.replace(hour=edge) - timedelta(seconds=rng.randrange(1, 600))
    return stamped - zone.utcoffset(stamped)


def _delay(rng: random.Random) -> timedelta:
    """How long after the lead arrived ``now`` is."""
    draw = rng.random()
    if draw < 0.4:
        return timedelta(seconds=30)
    if draw < 0.6:
        return timedelta(seconds=rng.randrange(0, 180))
    if draw < 0.75:
        return timedelta(seconds=rng.randrange(0, 4 * 3_600))
    if draw < 0.9:
        return timedelta(seconds=rng.randrange(0, 6 * 86_400))
    return -timedelta(seconds=rng.randrange(1, 900), microseconds=rng.randrange(1_000_000))


def _rounds(rng: random.Random) -> int:
    draw = rng.random()
    if draw < 0.8:
        return 12
    if draw < 0.998:
        return rng.randrange(1, 30)
    return 120  # past the year's horizon


def planned_key(timeline: Timeline) -> tuple[list[Key], Key]:
    touches = [
        (*_instant_key(touch.at), touch.channel.value, touch.voicemail, touch.round,
         touch.reason, touch.assumed.value)
        for touch in timeline
    ]  # fmt: skip
    stop = timeline.stop
    return touches, (stop.reason, *_instant_key(stop.at))


def planned_touch_key(touch: PlannedTouch | None) -> Key | None:
    if touch is None:
        return None
    return (*_instant_key(touch.at), touch.channel.value, touch.voicemail, touch.round,
            touch.reason, touch.assumed.value)  # fmt: skip


def floor_key(
    touches: list[tuple[object, ...]], stop: tuple[str, datetime]
) -> tuple[list[Key], Key]:
    return [(*_instant_key(touch[0]), *touch[1:]) for touch in touches], (
        stop[0],
        *_instant_key(stop[1]),
    )


def floor_touch_key(touch: tuple[object, ...] | None) -> Key | None:
    return None if touch is None else (*_instant_key(touch[0]), *touch[1:])


def _instant_key(at: datetime) -> Key:
    """The local time with its offset, and the zone."""
    return at.isoformat(), at.tzinfo.key


def _kinds(touches: list[tuple[object, ...]], stop: tuple[str, datetime]) -> set[tuple[type, type]]:
    """The types of the instants and their zones."""
    instants = [touch[0] for touch in touches] + [stop[1]]
    return {(type(at), type(at.tzinfo)) for at in instants}


def _plain(at: datetime) -> datetime:
    """The instant as a plain stdlib datetime in UTC."""
    return datetime.combine(at, at.timetz()).astimezone(UTC)


def histories(
    rng: random.Random, lead: FloorLead, source: Timeline, count: int
) -> Iterator[tuple[list[Touch], datetime, int]]:
    """Prefixes of the lead's plan, carried out as planned, with ``now`` and a round cap."""
    carried_out = [touch.done() for touch in source]
    sizes = {0, 1, 2, 3, *(rng.randrange(4, len(source) + 1) for _ in range(count - 4))}
    for size in sorted(sizes):
        history = carried_out[:size]
        if history:
            draw = rng.random()
            if draw < 0.6:
                delay = timedelta(seconds=30)
            elif draw < 0.8:
                delay = timedelta(seconds=rng.randrange(1, 1_200))
            else:
                delay = timedelta(seconds=rng.randrange(1_200, 4 * 86_400))
            now = history[-1].at + delay
        else:
            now = lead.now
        done = source[size - 1].round if size else 0
        yield history, now, max(1, done + rng.choice((12, 12, 1, 0, -1)))


def check(*, per_zone: int = 3, every: int = 5, sizes: int = 8, seed: int = SEED) -> Report:
    """Check both floors against ``cadence``; raise AssertionError at the first difference."""
    began = time.process_time()
    rng = random.Random(seed)  # noqa: S311 - drawn cases, not secrets
    names = zones()
    drawn = leads(rng, names, per_zone)
    report = Report(leads=len(drawn), zones=len(names))
    for number, lead in enumerate(drawn):
        report.near_changes += lead.near_change
        person = lead.lead
        timeline = plan(persistent(lead.rounds), person, now=lead.now)
        expected = planned_key(timeline)
        for floor, kinds in FLOORS:
            touches, stop = floor(lead.created, lead.now, lead.zone, rounds=lead.rounds)
            got = floor_key(touches, stop)
            assert got == expected, _difference(floor.__name__, lead, expected, got)
            assert _kinds(touches, stop) == kinds, f"{floor.__name__}: {_kinds(touches, stop)}"
        if number % every:
            continue
        for history, now, rounds in histories(rng, lead, timeline, sizes):
            report.histories += 1
            planned = next_touch(persistent(rounds), person, history, now=now)
            expected_touch = planned_touch_key(planned)
            # As a CRM reads them: plain UTC instants (or pendulum's, for a third), any order.
            plain = rng.random() < 2 / 3
            given = [
                (_plain(touch.at) if plain else touch.at, touch.channel.value, touch.outcome.value)
                for touch in history
            ]
            rng.shuffle(given)
            found = persistent_next_touch(lead.created, now, lead.zone, given, rounds=rounds)
            got_touch = floor_touch_key(found)
            assert found is None or type(found[0]) is pendulum.DateTime
            assert got_touch == expected_touch, (
                f"the next-touch floor disagrees with next_touch() for {lead} after "
                f"{len(history)} touches, now {now.isoformat()}, rounds {rounds}:\n"
                f"  next_touch(): {expected_touch}\n  floor:        {got_touch}"
            )
    report.seconds = time.process_time() - began
    return report


def _difference(
    name: str, lead: FloorLead, expected: tuple[list[Key], Key], got: tuple[list[Key], Key]
) -> str:
    lines = [f"{name} disagrees with plan() for {lead}:"]
    for index, (want, have) in enumerate(zip(expected[0], got[0], strict=False)):
        if want != have:
            lines += [
                f"  touch {index}: plan(): {want}",
                f"  {' ' * len(str(index))}  floor:  {have}",
            ]
            break
    if len(expected[0]) != len(got[0]):
        lines.append(f"  {len(expected[0])} touches planned, {len(got[0])} from the floor")
    if expected[1] != got[1]:
        lines += [f"  stop: plan(): {expected[1]}", f"        floor:  {got[1]}"]
    return "\n".join(lines)


# -- the floor of a Steps sequence -----------------------------------------------------------


def b2b_steps() -> Cadence:
    """The B2B sequence that :data:`floor_steps.STEPS` knows by heart, as ``cadence`` builds it."""
    steps = [
        Step(day, channel, at=f"{hour:02}:{minute:02}", label=label, template=template)
        for day, hour, minute, channel, label, template in STEPS
    ]
    return Cadence(
        rhythm=Steps(*steps, days="business"),
        limits=(ContactWindow(),),
        stop=Replied() | MeetingBooked() | OptOut(),
    )


B2B_CHANNELS = ("call", "sms", "email", "linkedin")


def steps_key(timeline: Timeline) -> tuple[list[Key], Key]:
    touches = [
        (*_instant_key(touch.at), touch.channel.value, touch.voicemail, touch.round,
         touch.reason, touch.assumed.value, touch.key,
         None if touch.step is None else touch.step.template)
        for touch in timeline
    ]  # fmt: skip
    stop = timeline.stop
    return touches, (stop.reason, *_instant_key(stop.at))


def check_steps(*, per_zone: int = 2, seed: int = SEED) -> str:
    """Check the Steps floor against ``plan()``; raise AssertionError at the first difference."""
    began = time.process_time()
    rng = random.Random(seed + 1)  # noqa: S311 - drawn cases, not secrets
    names = zones()
    drawn = leads(rng, names, per_zone)
    rules = b2b_steps()
    for lead in drawn:
        person = Lead(timezone=lead.zone, created_at=lead.created, channels=B2B_CHANNELS)
        expected = steps_key(plan(rules, person, now=lead.now))
        touches, stop = steps_timeline(lead.created, lead.now, lead.zone)
        got = floor_key(touches, stop)
        assert got == expected, _difference("steps_timeline", lead, expected, got)
    seconds = time.process_time() - began
    return (
        f"steps floor check: plan() and the Steps floor agree on {len(drawn):,} leads in "
        f"{len(names)} zones; {seconds:.1f} s"
    )
