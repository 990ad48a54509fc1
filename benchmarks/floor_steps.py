"""The floor of a ``Steps`` sequence: a B2B cadence's timeline, hand-written, without ``cadence``.

What a step-wise B2B sequence costs when it is written for one cadence and for speed: the loop
knows :data:`STEPS` by heart (six steps on business days 0, 2, 3, 5, 9 and 14 after the
enrollment, each at its own clock time, on its own channel) inside a contact window of Monday
to Friday 09:00-18:00 on the lead's clock, and gives exactly what ``cadence.plan`` gives for
``b2b_steps()`` (in ``benchmarks/run.py``) and a new lead reachable on every channel: every
touch's instant (a ``pendulum.DateTime`` in the lead's zone), channel, voicemail, round,
reason (with its "; limited by ..." part), assumed outcome, key and template, and the stop.
``benchmarks/run.py`` checks that on about 1,400 leads in every zone of the tz database, near
offset changes and around the tz database's odd changes, before it times anything.

It is minimal in the way ``benchmarks/floor.py`` is, and shares that floor's helpers for the
lead's clock (one ``astimezone`` per touch, a wall time carried stamped on a UTC datetime,
the search for a gap's end only inside a gap, the pendulum instant built from the local
fields): business days are counted on integers (the weekday and the day's ordinal), the
reasons and keys are constants, and a touch is a tuple. The sequence spans at most 20 days,
so a year's horizon is never reached and its check is left out, as are stop rules that a new
lead without history cannot meet (a reply, a meeting, an opt-out).

Frozen, as ``floor.py`` is: later speed-ups go into the library, never into this floor.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from floor import _next_minute, _open, _pendulum, _utc, _zone
from pendulum import DateTime
from pendulum.tz.timezone import Timezone

__all__ = ["STEPS", "steps_timeline"]

StepTouch = tuple[DateTime, str, bool, int, str, str, str, str | None]
"""``(at, channel, voicemail, round, reason, assumed outcome, key, template)``."""

STEPS = (
    # (business day, hour, minute, channel, label, template)
    (0, 9, 30, "email", "intro email", "tpl-intro"),
    (2, 10, 0, "call", None, None),
    (3, 11, 0, "linkedin", None, None),
    (5, 10, 0, "sms", None, None),
    (9, 16, 0, "call", "last call", None),
    (14, 9, 30, "email", "breakup email", "tpl-breakup"),
)
"""The sequence, as ``b2b_steps()`` in ``benchmarks/run.py`` writes it with ``Step``."""

_MINUTE = timedelta(minutes=1)
_BY_WINDOW = "; limited by contact window Mon-Fri 09:00-18:00"
_AFTER_LATEST = "; after the previous touch"
_STOP = "the rhythm has no more rounds"


def _reason(index: int, day: int, label: str | None) -> str:
    reason = f"step {index + 1}, day {day}"
    return reason if label is None else f"{reason}: {label}"


# Per step: (days to add since the previous step, hour, minute, channel, reasons (as is,
# moved, after the previous touch, both),
# voicemail, assumed outcome, round, key, template). Built once, as constants are.
_PLAN = tuple(
    (
        day - (STEPS[index - 1][0] if index else 0),
        hour,
        minute,
        channel,
        (
            _reason(index, day, label),
            _reason(index, day, label) + _BY_WINDOW,
            _reason(index, day, label) + _AFTER_LATEST,
            _reason(index, day, label) + _AFTER_LATEST + _BY_WINDOW,
        ),
        channel == "call",
        "voicemail_left" if channel == "call" else "sent",
        index + 1,
        f"e0.r{index + 1}.t1",
        template,
    )
    for index, (day, hour, minute, channel, label, template) in enumerate(STEPS)
)


def steps_timeline(
    created_at: datetime, now: datetime, timezone: str
) -> tuple[list[StepTouch], tuple[str, DateTime]]:
    """A new lead's timeline for the sequence, as ``plan()`` gives it: touches and stop."""
    zone = _zone(timezone, Timezone)
    created = _utc(created_at)
    present = _utc(now)
    local = created.astimezone(zone)
    # The day of enrollment, as an ordinal and a weekday (0 Monday): business days count on.
    ordinal = local.toordinal()
    weekday = local.weekday()
    touches: list[StepTouch] = []
    last: datetime | None = None
    placed_local = local
    for days, hour, minute, channel, reasons, voicemail, assumed, round_, key, template in _PLAN:
        for _ in range(days):
            ordinal += 1
            weekday += 1
            if weekday == 5:
                ordinal += 2
                weekday = 0
            elif weekday == 6:
                ordinal += 1
                weekday = 0
            elif weekday == 7:
                weekday = 0
        day = date.fromordinal(ordinal)
        stamped = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)
        offset = zone.utcoffset(stamped)
        due = stamped - offset
        due_local = due.astimezone(zone)
        if zone.utcoffset(due_local) != offset:  # in a gap: the first instant after it
            from floor import _gap_end  # noqa: PLC0415 - only inside a gap

            due = _gap_end(stamped, due, zone)
            due_local = due.astimezone(zone)
        pushed = False
        if last is not None:
            earliest = _next_minute(last)
            if due < earliest:
                due = earliest
                due_local = due.astimezone(zone)
                pushed = True
        placed, placed_local, moved = _inside(due, due_local, zone)
        if placed <= present:
            pushed = False
            # Overdue: from the next minute after now, named by what holds it at its place.
            start = _next_minute(present)
            placed, placed_local, _ = _inside(start, start.astimezone(zone), zone)
            before = (placed - _MINUTE).astimezone(zone)
            moved = not (before.weekday() < 5 and 9 <= before.hour < 18)
        touches.append(
            (
                _pendulum(placed_local, zone),
                channel,
                voicemail,
                round_,
                reasons[2 * pushed + moved],
                assumed,
                key,
                template,
            )
        )
        last = placed
    return touches, (_STOP, _pendulum(placed_local, zone))


def _inside(instant: datetime, local: datetime, zone: Timezone) -> tuple[datetime, datetime, bool]:
    """The first instant at or after ``instant`` in the window, its local, and if it moved."""
    if local.weekday() < 5 and 9 <= local.hour < 18:
        return instant, local, False
    instant, local = _open(instant, local, zone)
    return instant, local, True
