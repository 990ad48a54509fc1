"""Random planning cases from a seed, and a fingerprint of everything planning gives for one.

The cases are drawn with :class:`random.Random` from their seed alone, not with Hypothesis,
so that the same seed gives the same case in every release of every tool: the fingerprints
recorded before a redesign of the engine (``expected.txt``) check the redesigned engine
case by case. A case covers every rule type the library exports, leads with preferences,
and histories of touches and milestones. A fingerprint covers every planned touch (instant,
UTC offset, zone, channel, voicemail, round, reason, rule and moved-by, assumed outcome),
the stop (reason, rule, instant), the error if planning fails, ``next_touch()`` and the
violations ``audit()`` finds in the history.

Rules are named by where they sit in the cadence (``limits[2].limits[0]``), and rules the
planner adds for the lead (its best times, blackouts, snooze, the global opt-out) by their
description, so that the fingerprint does not depend on reprs or class names.

Run ``python -m tests.differential.cases --record`` to record the fingerprints anew.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import cadence
from cadence import (
    AfterVoicemail,
    Blackout,
    BuyOrDie,
    Cadence,
    CadenceError,
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
    Prefer,
    PreferredChannel,
    QuietHours,
    Replied,
    Rotate,
    SpeedToLead,
    Touch,
    VoicemailLimit,
    Weekly,
    Yearly,
    audit,
    next_touch,
    plan,
)

EXPECTED = Path(__file__).with_name("expected.txt")
CASES = 5_000

ZONES = (
    "America/Chicago",
    "America/New_York",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Nuuk",
    "Pacific/Apia",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Australia/Sydney",
    "UTC",
)
CHANNELS = (Channel.CALL, Channel.SMS, Channel.EMAIL, Channel.LINKEDIN, Channel.WHATSAPP)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The kinds there were when the fingerprints were recorded: a kind added since must not
# change what a seed draws.
MILESTONE_KINDS = (
    MilestoneKind.PURCHASED,
    MilestoneKind.LOST,
    MilestoneKind.OPTED_OUT,
    MilestoneKind.REPLIED,
    MilestoneKind.MEETING_BOOKED,
    MilestoneKind.SNOOZED,
)


def best_times(days: list[str], start: time, end: time) -> Any:
    """A lead's best times: the one place the form of ``Lead.best_times`` is written.

    ``Hours`` since the redesign of the engine; a contact window before it.
    """
    kind = getattr(cadence, "Hours", ContactWindow)
    return kind(days=days, start=start, end=end)


class _Draw:
    """Draws the parts of one case from its own random generator."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)  # noqa: S311 - a draw to repeat, not a secret

    def chance(self, probability: float) -> bool:
        return self.random.random() < probability

    def pick(self, options: tuple[Any, ...] | list[Any]) -> Any:
        return self.random.choice(list(options))

    def clock(self, *, hours: tuple[int, int] = (0, 23)) -> time:
        return time(self.random.randint(*hours), self.pick((0, 15, 30, 45)))

    def days(self) -> list[str]:
        return sorted(self.random.sample(DAYS, self.random.randint(1, 7)), key=DAYS.index)

    def channels(self, most: int = 5) -> tuple[Channel, ...]:
        return tuple(self.random.sample(CHANNELS, self.random.randint(1, most)))

    def span(self) -> str:
        if self.chance(0.5):
            return f"{self.random.randint(1, 10)} days"
        return f"{self.random.randint(1, 60 * 24 * 5)} minutes"

    # -- rules --

    def rhythm(self) -> Any:
        kind = self.random.randint(0, 6)
        if kind == 0:
            return Every(*(self.span() for _ in range(self.random.randint(1, 2))))
        if kind == 1:
            return SpeedToLead() + Every(self.span())
        if kind == 2:
            return SpeedToLead() + self.day_offsets() + Every(self.span(), self.span())
        if kind == 3:
            return Weekly(days=self.days(), at=self.clock())
        if kind == 4:
            return self.day_offsets()
        if kind == 5:
            return self.day_offsets() + self.yearly()
        return SpeedToLead() + self.yearly()

    def day_offsets(self) -> DayOffsets:
        days = sorted(self.random.sample(range(1, 31), self.random.randint(1, 4)))
        return DayOffsets(*days, at=self.clock() if self.chance(0.5) else None)

    def yearly(self) -> Yearly:
        on = self.pick(
            (
                f"{self.random.randint(1, 12):02d}-{self.random.randint(1, 28):02d}",
                "anniversary",
                "birthday",
            )
        )
        before = f"{self.random.randint(1, 20)} days" if self.chance(0.3) else "0 days"
        return Yearly(on, at=self.clock(hours=(6, 20)), before=before)

    def channel_rule(self) -> Any:
        kind = self.random.randint(0, 2)
        if kind == 0:
            return Rotate(self.channels())
        if kind == 1:
            return Prefer(self.channels())
        return PreferredChannel(otherwise=self.pick((Rotate, Prefer))(self.channels()))

    def reactions(self) -> tuple[Any, ...]:
        found: list[Any] = []
        if self.chance(0.5):
            found.append(DoubleTap(gap=self.pick(("0 minutes", "2 minutes"))))
        if self.chance(0.5):
            found.append(
                AfterVoicemail(
                    channels=self.random.sample((Channel.SMS, Channel.EMAIL), 2),
                    gap=self.pick(("1 minute", "1 hour")),
                )
            )
        return tuple(self.random.sample(found, len(found)))

    def window(self) -> ContactWindow:
        start = self.random.randint(0, 22)
        end = self.random.randint(start + 1, 24)
        return ContactWindow(
            days=self.days(), start=time(start), end=time(end) if end < 24 else time(23, 59)
        )

    def quiet_hours(self) -> QuietHours:
        start, end = self.random.sample(range(24), 2)
        return QuietHours(start=time(start), end=time(end))

    def period(self, around: datetime) -> tuple[str, str]:
        first = (around + timedelta(days=self.random.randint(-10, 40))).date()
        last = first + timedelta(days=self.random.randint(0, 20))
        return first.isoformat(), last.isoformat()

    def leaf_limit(self, around: datetime) -> Any:
        builders: list[Callable[[], Any]] = [
            self.window,
            self.quiet_hours,
            lambda: VoicemailLimit(max=self.random.randint(1, 3), per=self.span()),
            lambda: FrequencyCap(
                max=self.random.randint(1, 4),
                per=self.pick((self.span(), f"{self.random.randint(1, 72)} hours")),
                channels=None if self.chance(0.5) else self.channels(3),
            ),
            lambda: MinGap(
                f"{self.random.randint(1, 60 * 48)} minutes",
                channels=None if self.chance(0.5) else self.channels(3),
            ),
            lambda: Blackout([self.period(around) for _ in range(self.random.randint(1, 2))]),
            lambda: Holidays(
                dates=[
                    (around + timedelta(days=self.random.randint(-5, 60))).date()
                    for _ in range(self.random.randint(1, 4))
                ]
            ),
            QuietHours.tcpa,
            FrequencyCap.regulation_f,
        ]
        if self.chance(0.02):
            builders.append(lambda: Holidays.country("US"))
        return self.pick(builders)()

    def limit(self, around: datetime, depth: int = 0) -> Any:
        if depth < 2 and self.chance(0.15):
            members = [self.limit(around, depth + 1) for _ in range(self.random.randint(2, 3))]
            combined = members[0]
            for member in members[1:]:
                combined = combined | member if self.chance(0.5) else combined & member
            return combined
        return self.leaf_limit(around)

    def stop(self) -> Any:
        members = [
            self.pick(
                (
                    BuyOrDie,
                    OptOut,
                    Replied,
                    MeetingBooked,
                    lambda: MaxAttempts(
                        self.random.randint(1, 30),
                        channel=None if self.chance(0.7) else self.pick(CHANNELS),
                    ),
                    lambda: MaxContacts(self.random.randint(1, 3)),
                    lambda: MaxRounds(self.random.randint(1, 15)),
                    lambda: MaxDuration(f"{self.random.randint(1, 60)} days"),
                )
            )()
            for _ in range(self.random.randint(1, 3))
        ]
        combined = members[0]
        for member in members[1:]:
            combined = combined | member if self.chance(0.7) else combined & member
        return combined

    def cadence(self, around: datetime) -> Cadence:
        return Cadence(
            rhythm=self.rhythm(),
            channels=self.channel_rule(),
            reactions=self.reactions(),
            limits=tuple(self.limit(around) for _ in range(self.random.randint(0, 3))),
            stop=self.stop(),
        )

    # -- the lead and its history --

    def now(self) -> datetime:
        start = datetime(2024, 1, 1, tzinfo=UTC)
        return start + timedelta(minutes=self.random.randint(0, 4 * 365 * 24 * 60))

    def lead(self, now: datetime) -> Lead:
        created = now - timedelta(minutes=self.random.randint(0, 60 * 24 * 40))
        fields: dict[str, Any] = {}
        if self.chance(0.3):
            fields["preferred_channel"] = self.pick(CHANNELS)
        if self.chance(0.2):
            start = self.random.randint(6, 16)
            fields["best_times"] = best_times(
                self.days(), time(start), time(self.random.randint(start + 1, 20))
            )
        if self.chance(0.2):
            fields["blackouts"] = [self.period(now)]
        if self.chance(0.4):
            fields["dates"] = {"birthday": date(1980, self.random.randint(1, 12), 17)}
        return Lead(
            timezone=self.pick(ZONES),
            created_at=created,
            channels=frozenset(self.channels()) if self.chance(0.4) else frozenset(CHANNELS),
            **fields,
        )

    def history(self, lead: Lead, now: datetime) -> list[Touch | Milestone]:
        start = lead.created_at
        seconds = int((now - start).total_seconds())

        def instant() -> datetime:
            return start + timedelta(seconds=self.random.randint(0, max(seconds, 0)))

        events: list[Touch | Milestone] = []
        for _ in range(self.pick((0, 0, 0, 1, 2, 3, 5, 8, 12))):
            channel = self.pick(CHANNELS)
            if channel is Channel.CALL:
                outcomes = [Outcome.NO_ANSWER] * 4 + [Outcome.VOICEMAIL_LEFT] * 4
                outcomes += [Outcome.CONNECTED, Outcome.BOUNCED] if self.chance(0.3) else []
            else:
                outcomes = [Outcome.SENT] * 8
                outcomes += [Outcome.REPLIED, Outcome.BOUNCED] if self.chance(0.3) else []
            events.append(Touch(at=instant(), channel=channel, outcome=self.pick(outcomes)))
        if self.chance(0.25):
            events.extend(self.milestone(instant()) for _ in range(self.random.randint(1, 2)))
        self.random.shuffle(events)
        return events

    def milestone(self, at: datetime) -> Milestone:
        kind = self.pick(MILESTONE_KINDS)
        if kind is MilestoneKind.OPTED_OUT:
            return Milestone.opted_out(at, None if self.chance(0.4) else self.pick(CHANNELS))
        if kind is MilestoneKind.SNOOZED:
            return Milestone.snoozed(at, at + timedelta(minutes=self.random.randint(1, 57_600)))
        return Milestone(at=at, kind=kind)


def case(seed: int) -> tuple[Cadence, Lead, list[Touch | Milestone], datetime, Any, int]:
    """The case of ``seed``: a cadence, a lead, its history, now, the horizon, the touch cap."""
    draw = _Draw(seed)
    now = draw.now()
    lead = draw.lead(now)
    history = draw.history(lead, now)
    rules = draw.cadence(now)
    until = draw.pick(
        (None, "30 days", "120 days", now + timedelta(days=draw.random.randint(1, 90)))
    )
    return rules, lead, history, now, until, draw.pick((5, 40, 1000))


# -- fingerprints ---------------------------------------------------------------------------


def _places(value: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every rule inside ``value`` with its path, the outer first."""
    yield where, value
    for name in ("parts", "limits", "rules", "otherwise"):
        members = getattr(value, name, None)
        if isinstance(members, tuple):
            for index, member in enumerate(members):
                yield from _places(member, f"{where}.{name}[{index}]")
        elif members is not None and name == "otherwise":
            yield from _places(members, f"{where}.{name}")


def _namer(rules: Cadence) -> Callable[[object], str]:
    places: list[tuple[str, Any]] = []
    places.extend(_places(rules.rhythm, "rhythm"))
    places.extend(_places(rules.channels, "channels"))
    for index, reaction in enumerate(rules.reactions):
        places.extend(_places(reaction, f"reactions[{index}]"))
    for index, limit in enumerate(rules.limits):
        places.extend(_places(limit, f"limits[{index}]"))
    places.extend(_places(rules.stop, "stop"))

    def name(rule: object) -> str:
        if rule is None:
            return "-"
        for where, value in places:
            if value is rule:
                return where
        for where, value in places:
            if type(value) is type(rule) and value == rule:
                return where
        describe = getattr(rule, "describe", None)
        return f"<{describe()}>" if callable(describe) else f"<{type(rule).__name__}>"

    return name


def _instant(value: Any) -> str:
    if value is None:
        return "-"
    return f"{value.isoformat()} {getattr(value, 'timezone_name', '')}"


def outputs(seed: int) -> Iterator[str]:
    """The lines of everything planning and auditing give for the case of ``seed``."""
    rules, lead, history, now, until, cap = case(seed)
    name = _namer(rules)
    try:
        timeline = plan(rules, lead, history, now=now, until=until, max_touches=cap)
    except CadenceError as error:
        yield f"plan raises {type(error).__name__}: {error}"
    else:
        for touch in timeline:
            yield " | ".join(
                (
                    _instant(touch.at),
                    touch.channel.value,
                    str(touch.voicemail),
                    str(touch.round),
                    touch.reason,
                    name(touch.rule),
                    ",".join(name(limit) for limit in touch.moved_by),
                    touch.assumed.value,
                )
            )
        stop = timeline.stop
        yield f"stop | {stop} | {name(stop.rule)} | {_instant(stop.at)}"
    try:
        first = next_touch(rules, lead, history, now=now, until=until)
    except CadenceError as error:
        yield f"next_touch raises {type(error).__name__}: {error}"
    else:
        yield "next | " + ("-" if first is None else f"{_instant(first.at)} {first.reason}")
    try:
        violations = audit(rules, lead, history, now=now)
    except CadenceError as error:
        yield f"audit raises {type(error).__name__}: {error}"
    else:
        for violation in violations:
            yield f"violation | {violation.touch.at.isoformat()} | {name(violation.rule)} | {violation}"


def fingerprint(seed: int) -> str:
    """A short digest of :func:`outputs`."""
    text = "\n".join(outputs(seed))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def recorded() -> dict[int, str]:
    """The fingerprints recorded in ``expected.txt``, by seed."""
    found: dict[int, str] = {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            seed, digest = line.split()
            found[int(seed)] = digest
    return found


def _record() -> None:
    lines = [
        "# seed fingerprint: the planner's output for each case of tests/differential/cases.py",
        *(f"{seed} {fingerprint(seed)}" for seed in range(CASES)),
    ]
    EXPECTED.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _show(seed: int) -> None:
    rules, lead, history, now, until, cap = case(seed)
    sys.stdout.write(f"cadence = {rules!r}\nlead = {lead!r}\nhistory = {history!r}\n")
    sys.stdout.write(f"now = {now!r}; until = {until!r}; max_touches = {cap}\n")
    for line in outputs(seed):
        sys.stdout.write(line + "\n")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--record", action="store_true", help="record every fingerprint anew")
    parser.add_argument("--show", type=int, metavar="SEED", help="print one case and its output")
    arguments = parser.parse_args()
    if arguments.record:
        _record()
    if arguments.show is not None:
        _show(arguments.show)
