"""Sequences as CRMs write them: a list of steps, each on its own day after the enrollment."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

import attrs

from cadence._time import whole_days
from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.rhythm import Rhythm, Slot
from cadence.rules.holidays import Holidays
from cadence.span import Span
from cadence.state import State
from cadence.step import Step

__all__ = ["BUSINESS", "CALENDAR", "Steps"]

CALENDAR = "calendar"
"""Days of :class:`Steps` counted on the calendar: every day counts."""

BUSINESS = "business"
"""Days of :class:`Steps` counted in business days: Monday to Friday, holidays left out."""

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_FRIDAY = 4
_WORKDAYS = 5


def _to_steps(values: Iterable[object]) -> tuple[Step, ...]:
    given = tuple(values)
    if not given:
        raise InvalidValueError.at(Place("Steps", "steps"), expected="at least one step")
    steps: list[Step] = []
    for position, step in enumerate(given):
        steps.append(step)  # type: ignore[arg-type]  # checked just below
        if not isinstance(step, Step):
            raise InvalidTypeError.at(
                Place("Steps", "steps", (position,)),
                expected="a step such as Step(2, 'call')",
                got=repr(step),
            )
    for position in range(1, len(steps)):
        if steps[position].day < steps[position - 1].day:
            raise InvalidValueError.at(
                Place("Steps", "steps", (position,)),
                said=f"steps run in the order of their days: day {steps[position].day} comes "
                f"after day {steps[position - 1].day}",
            )
    return tuple(steps)


_new_slot = tuple.__new__


def _check_days(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or value not in {CALENDAR, BUSINESS}:
        raise InvalidValueError.at(
            Place.of(instance, attribute), expected="'calendar' or 'business'", got=repr(value)
        )


def _business_days_after(start: date, count: int) -> date:
    """The ``count``-th weekday after ``start`` (``count`` at least 1), by arithmetic.

    What stepping a day at a time to the next weekday ``count`` times gives: from a
    weekend, the first step is the Monday, as it is from the Friday before.
    """
    weekday = start.weekday()
    if weekday >= _SATURDAY:
        start -= timedelta(days=weekday - _FRIDAY)
        weekday = _FRIDAY
    weeks, rest = divmod(count, _WORKDAYS)
    days = 7 * weeks + rest
    if weekday + rest >= _SATURDAY:  # past a weekend
        days += 2
    return start + whole_days(days)


def _check_holidays(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, Holidays):
        raise InvalidTypeError.at(
            Place.of(instance, attribute),
            expected="holidays such as Holidays(dates=['2026-12-25'])",
            got=repr(value),
        )


@attrs.frozen(init=False, repr=False)
class Steps(Rhythm):
    """A sequence of steps: day 0 an email, day 2 a call, day 14 a breakup email.

    Each step is a round, due on its own day counted from the enrollment (the lead's
    arrival, or its latest :attr:`~cadence.MilestoneKind.ENROLLED`), at the step's clock
    time (by default the time of the enrollment). A step is anchored: the limits may push
    it (a weekend, a holiday), but the next steps keep their days, and a step never comes
    before the previous one's touch: one due earlier starts a minute after it, and its
    reason says so ("step 3, day 3; after the previous touch"). A step with a channel uses
    it (or its first reachable fallback); without one, the cadence's channel rule picks; a
    step the lead cannot be reached for is skipped, and :attr:`cadence.Timeline.skipped` says so.

    With ``days="business"``, a step's day counts business days: Monday to Friday, except
    the days of ``holidays``. Steps learn the holidays from their own argument: pass the
    same :class:`~cadence.rules.Holidays` the cadence keeps in its limits, so that the days
    the sequence counts are the days it may touch.

    Steps chain with ``+`` like every rhythm: ``Steps(...) + Every("2 weeks")``.

    Args:
        *steps: The steps, in the order of their days, at least one.
        days: ``"calendar"`` (the default) or ``"business"``.
        holidays: For business days, the holidays that are not counted.
    """

    steps: tuple[Step, ...]
    days: str = attrs.field(default=CALENDAR, validator=_check_days)
    holidays: Holidays | None = attrs.field(default=None, validator=_check_holidays)

    def __init__(
        self, *steps: Step, days: str = CALENDAR, holidays: Holidays | None = None
    ) -> None:
        self.__attrs_init__(_to_steps(steps), days, holidays)

    def __attrs_post_init__(self) -> None:
        if self.holidays is not None and self.days != BUSINESS:
            raise InvalidValueError.at(
                Place("Steps", "holidays"),
                said="holidays count only in business days: give days='business' too",
            )

    @property
    def reads_time(self) -> bool:
        """False: each step counts from the enrollment, whenever it is asked."""
        return False

    @property
    def length(self) -> int:
        """One round per step."""
        return len(self.steps)

    def __call__(self, index: int, state: State) -> Slot | None:
        """Step ``index`` on its day after the enrollment, on its channels."""
        if index >= len(self.steps):
            return None
        step = self.steps[index]
        start = state.local(state.enrolled_at)  # its date and clock time are the wall's
        first = start.date()
        day = self._day(first, step.day)
        if step.at is not None:
            instant = state.instant(day, step.at)
        elif day == first:
            instant = state.enrolled_at
        else:
            instant = state.instant_of(datetime.combine(day, start.time()))
        reason = f"step {index + 1}, day {step.day}"
        if step.label is not None:
            reason += f": {step.label}"
        # Built as a tuple: a named tuple's own constructor is a Python call, asked per step.
        return _new_slot(Slot, (instant, self, reason, None, step.channels, step, False))

    def _day(self, start: date, count: int) -> date:
        if self.days == CALENDAR:
            return start + whole_days(count)
        if self.holidays is None and count:
            return _business_days_after(start, count)
        day = start
        for _ in range(count):
            day += _ONE_DAY
            while not self._business(day):
                day += _ONE_DAY
        return day

    def _business(self, day: date) -> bool:
        return day.weekday() < _SATURDAY and (
            self.holidays is None or not self.holidays.holiday(day)
        )

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"5 steps over 14 days"`` or ``"3 steps over 10 business days"``."""
        unit = "business days" if self.days == BUSINESS else "days"
        noun = "step" if len(self.steps) == 1 else "steps"
        return f"{len(self.steps)} {noun} over {self.steps[-1].day} {unit}"

    def __repr__(self) -> str:
        arguments = [repr(step) for step in self.steps]
        if self.days != CALENDAR:
            arguments.append(f"days={self.days!r}")
        if self.holidays is not None:
            arguments.append(f"holidays={self.holidays!r}")
        return f"Steps({', '.join(arguments)})"
