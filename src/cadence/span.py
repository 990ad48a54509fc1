"""Lengths of time: whole calendar days in the lead's zone, plus an exact part."""

from __future__ import annotations

import math
import re
from datetime import timedelta
from typing import TypeAlias

import attrs

from cadence.bounds import MAX_SPAN_DAYS
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = ["Span", "SpanLike", "to_span"]

_UNITS: dict[str, tuple[str, int]] = {}
for _names, _unit, _factor in (
    (("w", "wk", "wks", "week", "weeks"), "days", 7),
    (("d", "day", "days"), "days", 1),
    (("h", "hr", "hrs", "hour", "hours"), "seconds", 3600),
    (("m", "min", "mins", "minute", "minutes"), "seconds", 60),
    (("s", "sec", "secs", "second", "seconds"), "seconds", 1),
):
    for _name in _names:
        _UNITS[_name] = (_unit, _factor)

_UNIT_NAMES = "|".join(sorted(_UNITS, key=len, reverse=True))
_FRIENDLY_PART = re.compile(rf"(\d+(?:\.\d+)?)\s*({_UNIT_NAMES})\b", re.IGNORECASE)
_FRIENDLY = re.compile(
    rf"{_FRIENDLY_PART.pattern}(?:\s*(?:,|and)?\s*{_FRIENDLY_PART.pattern})*", re.IGNORECASE
)
_ISO = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)
_LARGEST = {
    "days": MAX_SPAN_DAYS,
    "weeks": MAX_SPAN_DAYS // 7,
    "hours": MAX_SPAN_DAYS * 24,
    "minutes": MAX_SPAN_DAYS * 24 * 60,
    "seconds": MAX_SPAN_DAYS * 24 * 60 * 60,
}
_LONGEST = timedelta(days=MAX_SPAN_DAYS)
# A number with more digits than this is far longer than any span, whatever its unit.
_MOST_DIGITS = 20
_PARSE = Place("Span", "parse")
_FROM_TIMEDELTA = Place("Span", "from_timedelta")
NOT_A_DURATION = 'a duration such as "P7D" or "7 days" or "5 minutes"'
"""What :meth:`Span.parse` expected when its text is no duration at all (its errors'
:attr:`~cadence.errors.Problem.expected`)."""


@attrs.frozen(init=False, repr=False)
class Span:
    """A length of time, the way a sales team says it.

    ``days`` are calendar days in the lead's time zone: one day after 10:00 is 10:00 the next
    day, even across a daylight-saving change. ``exact`` is elapsed time: an hour is always
    3,600 seconds. Adding a span to an instant adds the days on the local calendar first, then
    the exact part.

    Build one from keywords, from text, or let any rule convert what you pass::

        Span(days=2)               # two calendar days
        Span(hours=36)             # exactly 36 hours
        Span.parse("1 week")       # seven calendar days
        Span.parse("PT5M")         # ISO 8601: five minutes

    Rules accept a :data:`SpanLike` wherever they take a duration: a ``Span``, text, a
    :class:`~datetime.timedelta` (its whole days are calendar days, the rest is exact) or a
    number of seconds.

    Args:
        days: Calendar days (weeks count as seven days).
        hours: Exact hours.
        minutes: Exact minutes.
        seconds: Exact seconds.
        weeks: Calendar weeks, added to ``days`` as seven days each.
    """

    days: int
    exact: timedelta

    def __init__(
        self,
        *,
        days: int = 0,
        hours: float = 0,
        minutes: float = 0,
        seconds: float = 0,
        weeks: int = 0,
    ) -> None:
        for name, value in (
            ("days", days),
            ("weeks", weeks),
            ("hours", hours),
            ("minutes", minutes),
            ("seconds", seconds),
        ):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidTypeError.at(Place("Span", name), expected="a number", got=repr(value))
            if isinstance(value, float) and not math.isfinite(value):
                raise InvalidValueError.at(
                    Place("Span", name), expected="a finite number", got=repr(value)
                )
            if value < 0:
                raise InvalidValueError.at(
                    Place("Span", name), expected="a duration of zero or more", got=repr(value)
                )
            if value > _LARGEST[name]:
                raise InvalidValueError.at(
                    Place("Span", name),
                    expected=f"at most {_LARGEST[name]} {name}",
                    got=repr(value),
                )
        for name, value in (("days", days), ("weeks", weeks)):
            if not isinstance(value, int):
                raise InvalidTypeError.at(
                    Place("Span", name), expected="whole calendar days", got=repr(value)
                )
        total_days = days + 7 * weeks
        if total_days > MAX_SPAN_DAYS:
            raise InvalidValueError.at(
                Place("Span", "days"),
                expected=f"at most {MAX_SPAN_DAYS} days with the weeks",
                got=f"{days} days and {weeks} weeks",
            )
        exact = timedelta(hours=hours, minutes=minutes, seconds=seconds)
        if exact > _LONGEST:
            raise InvalidValueError.at(
                Place("Span"),
                expected=f"at most {MAX_SPAN_DAYS} days of exact time",
                got=f"{hours} hours, {minutes} minutes and {seconds} seconds",
            )
        self.__attrs_init__(days=total_days, exact=exact)

    @classmethod
    def parse(cls, text: str) -> Span:
        """Read a span from ISO 8601 (``"P2D"``, ``"PT5M"``) or friendly text (``"2 days"``).

        Friendly text is one or more ``<number> <unit>`` parts, such as ``"1 day 2 hours"``
        or ``"90 minutes"``; units are weeks, days, hours, minutes and seconds, singular,
        plural or abbreviated (``w d h m s``). Months and years are refused: their length
        depends on the calendar, so say days.

        Raises:
            InvalidValueError: if the text is neither form, or too long a duration.
            InvalidTypeError: if ``text`` is not text.
        """
        if not isinstance(text, str):
            raise InvalidTypeError.at(
                _PARSE, expected="text such as '7 days' or 'P7D'", got=repr(text)
            )
        return _from_text(text, _PARSE)

    @classmethod
    def from_timedelta(cls, value: timedelta) -> Span:
        """Convert a :class:`~datetime.timedelta`: whole days become calendar days.

        A :class:`pendulum.Duration` is converted the same way; one with months or years is
        refused, because their length depends on the calendar.

        Raises:
            InvalidValueError: for a negative duration, or one longer than a span can be.
            InvalidTypeError: if ``value`` is not a timedelta.
        """
        if not isinstance(value, timedelta):
            raise InvalidTypeError.at(_FROM_TIMEDELTA, expected="a timedelta", got=repr(value))
        return _from_timedelta(value, _FROM_TIMEDELTA)

    @property
    def is_zero(self) -> bool:
        """Whether the span has no length at all."""
        return not self.days and not self.exact

    def approximate(self) -> timedelta:
        """The span as elapsed time, counting each calendar day as 24 hours.

        Useful for sorting and for bounds; planning uses the calendar.
        """
        return timedelta(days=self.days) + self.exact

    def isoformat(self) -> str:
        """The span in ISO 8601, such as ``"P2D"`` or ``"P1DT12H"``; ``"PT0S"`` when zero."""
        date = f"{self.days}D" if self.days else ""
        hours, minutes, seconds = _clock_parts(self.exact)
        time = ""
        if hours:
            time += f"{hours}H"
        if minutes:
            time += f"{minutes}M"
        if seconds:
            time += f"{seconds}S"
        if not date and not time:
            return "PT0S"
        return "P" + date + ("T" + time if time else "")

    def __str__(self) -> str:
        parts: list[str] = []
        if self.days:
            weeks, days = divmod(self.days, 7)
            if weeks and not days:
                parts.append(_plural(weeks, "week"))
            else:
                parts.append(_plural(self.days, "day"))
        hours, minutes, seconds = _clock_parts(self.exact)
        if hours:
            parts.append(_plural(hours, "hour"))
        if minutes:
            parts.append(_plural(minutes, "minute"))
        if seconds:
            parts.append(f"{seconds} second" + ("" if seconds == "1" else "s"))
        return " ".join(parts) or "0 seconds"

    def __repr__(self) -> str:
        return f"Span.parse({self.isoformat()!r})"


def _clock_parts(exact: timedelta) -> tuple[int, int, str]:
    """Whole hours, whole minutes, and the seconds as exact text ("" for none)."""
    microseconds = exact // timedelta(microseconds=1)
    whole, fraction = divmod(microseconds, 1_000_000)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    if not seconds and not fraction:
        return hours, minutes, ""
    text = str(seconds) if not fraction else f"{seconds}.{fraction:06d}".rstrip("0")
    return hours, minutes, text


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" + ("" if count == 1 else "s")


SpanLike: TypeAlias = Span | timedelta | str | int | float
"""What rules accept as a duration: a :class:`Span`, a :class:`~datetime.timedelta`, text such
as ``"2 days"`` or ``"PT5M"``, or a number of seconds."""


def to_span(value: SpanLike) -> Span:
    """Convert a :data:`SpanLike` to a :class:`Span`.

    Raises:
        InvalidValueError: for a negative duration or text that is not a duration.
        InvalidTypeError: for anything else.
    """
    if isinstance(value, Span):
        return value
    if isinstance(value, timedelta):
        return _from_timedelta(value, None)
    if isinstance(value, str):
        return _from_text(value, None)
    if isinstance(value, bool):
        raise InvalidTypeError.at(None, expected="a duration", got=repr(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidValueError.at(None, expected="a finite number of seconds", got=repr(value))
        if value < 0:
            raise InvalidValueError.at(None, expected="a duration of zero or more", got=repr(value))
        if value > _LARGEST["seconds"]:
            raise InvalidValueError.at(
                None,
                expected=f"a duration of at most {MAX_SPAN_DAYS} days",
                got=f"{value!r} seconds",
            )
        return Span(seconds=value)
    raise InvalidTypeError.at(
        None,
        expected="a duration (a Span, a timedelta, text such as '2 days', or seconds)",
        got=repr(value),
    )


def _from_text(text: str, where: Place | None) -> Span:
    """:meth:`Span.parse`, its own errors placed at ``where``."""
    stripped = text.strip()
    numbers = re.findall(r"\d+", stripped)
    longest = max((len(number.lstrip("0")) for number in numbers), default=0)
    if longest > _MOST_DIGITS:
        raise InvalidValueError.at(
            where,
            expected=f"a duration of at most {MAX_SPAN_DAYS} days",
            got=f"a number of {longest} digits",
        )
    iso = _ISO.fullmatch(stripped)
    if iso and any(iso.groupdict().values()):
        fields = iso.groupdict()
        return Span(
            weeks=int(fields["weeks"] or 0),
            days=int(fields["days"] or 0),
            hours=int(fields["hours"] or 0),
            minutes=int(fields["minutes"] or 0),
            seconds=float(fields["seconds"] or 0),
        )
    if _FRIENDLY.fullmatch(stripped):
        days = 0
        seconds = 0.0
        for number, name in _FRIENDLY_PART.findall(stripped):
            unit, factor = _UNITS[name.lower()]
            if unit == "seconds":
                seconds += float(number) * factor
            elif float(number).is_integer():
                days += int(float(number)) * factor
            else:
                break
        else:
            return Span(days=days, seconds=seconds)
    raise InvalidValueError.at(where, expected=NOT_A_DURATION, got=repr(text))


def _from_timedelta(value: timedelta, where: Place | None) -> Span:
    """:meth:`Span.from_timedelta`, its own errors placed at ``where``."""
    if getattr(value, "months", 0) or getattr(value, "years", 0):
        raise InvalidValueError.at(
            where,
            expected="a duration in weeks, days, hours, minutes or seconds",
            got=repr(value),
        )
    if value < timedelta(0):
        raise InvalidValueError.at(where, expected="a duration of zero or more", got=repr(value))
    if value.days > MAX_SPAN_DAYS:
        raise InvalidValueError.at(
            where,
            expected=f"a duration of at most {MAX_SPAN_DAYS} days",
            got=f"{value.days} days",
        )
    return Span(days=value.days, seconds=value.seconds + value.microseconds / 1_000_000)
