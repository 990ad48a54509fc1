"""Time as the library reads it: instants, wall times, and the policy between them.

The forms, named:

- an **instant** (:data:`Instant`) is a plain stdlib :class:`~datetime.datetime` in UTC:
  what the planner, the state and every rule compute with. Any aware datetime the user gives
  becomes one (:func:`to_utc`); pendulum stays at the API edges (:func:`to_local` builds
  what users see), because converting in and out is cheap and its arithmetic is not;
- a **wall time** (:data:`WallTime`) is a naive datetime: the fields of a local clock in a
  zone, such as the start of a lead's blackout or 09:00 on a Monday;
- a **stamped wall time**, private to this module, is a wall time carried on a UTC datetime.
  Reading a zone's offset for a wall time reads only its fields, so this form saves a
  ``replace()`` on the hot path; nothing outside this module sees it.

The policy, named as explicitly as whenever's ``disambiguate``:

- a wall time that happens twice, when clocks go back, is the **earlier** of its two
  instants (:attr:`Repeated.EARLIER`) unless a caller asks for the later one;
- a wall time that does not happen, in a spring-forward gap, moves **forward to the first
  instant after the gap**: 02:30 on New York's spring-forward day is 03:00. (whenever's
  default differs: it shifts by the gap's length.)
- a span of days moves along the wall clock, its exact part along the instants
  (:func:`shift`), and arithmetic past either end of the calendar stops there
  (:data:`EARLIEST`, :data:`NEVER`).
"""

from __future__ import annotations

import enum
import functools
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypeAlias

import pendulum
from pendulum.tz.timezone import Timezone

from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.span import Span

_MINUTE = timedelta(minutes=1)
_SECOND = timedelta(seconds=1)
_MIDNIGHT = time()
# Whole days as timedeltas, made once: building a timedelta costs nearly as much as a zone
# conversion, and moving a wall time by whole days is the planner's commonest step.
_MANY_DAYS = 400
_DAYS = tuple(timedelta(days) for days in range(_MANY_DAYS))

Instant: TypeAlias = datetime
"""A plain stdlib datetime in UTC."""

WallTime: TypeAlias = datetime
"""A naive datetime: the fields of a local clock."""


class Repeated(enum.Enum):
    """Which instant a wall time that happens twice (clocks go back) stands for."""

    EARLIER = "earlier"
    """The first of the two: before the clocks go back. The library's default."""
    LATER = "later"
    """The second of the two: after the clocks went back."""


EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
"""The earliest instant the library accepts: its wall time exists in every zone."""

LATEST = datetime(9999, 12, 30, tzinfo=UTC)
"""The latest instant the library accepts or plans at: the horizon is capped here."""

NEVER = datetime(9999, 12, 31, tzinfo=UTC)
"""Past the end of the calendar: what arithmetic that would overflow gives instead.

Later than :data:`LATEST`, so beyond every horizon, and still shown in every zone.
"""


# Names of the tz database: parts of letters, digits, "_", "+" and "-", joined by "/".
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z][A-Za-z0-9_+-]*)*")
# Names that some machines resolve and others do not, or to another zone: the machine's own
# zone, and the folders of variants that some installations of the tz files add.
_HOST_NAMES = frozenset({"localtime", "posixrules"})
_HOST_FOLDERS = frozenset({"posix", "right"})
_EXAMPLE = "an IANA time zone name such as 'America/Chicago'"


def zone(name: object) -> Timezone:
    """The IANA time zone called ``name``, or a clear error.

    Only names of the tz database are zones, the same on every machine: the machine's own
    ``localtime`` and file paths are refused.
    """
    if not isinstance(name, str):
        raise InvalidTypeError.at(None, expected=_EXAMPLE, got=repr(name))
    return _zone(name)


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> Timezone:
    if name in _HOST_NAMES:
        raise InvalidValueError.at(
            None,
            expected=_EXAMPLE,
            got=f"{name!r}, which is this machine's own setting "
            "and differs from one machine to another",
        )
    if not _ZONE_NAME.fullmatch(name):
        what = ", a file path" if any(mark in name for mark in "/\\.") else ""
        raise InvalidValueError.at(None, expected=_EXAMPLE, got=f"{name!r}{what}")
    if name.partition("/")[0] in _HOST_FOLDERS:
        raise InvalidValueError.at(
            None, expected=_EXAMPLE, got=f"{name!r}, a file of this machine's tz installation"
        )
    try:
        found = pendulum.timezone(name)
    except Exception:  # noqa: BLE001 - pendulum raises several kinds for unknown names
        found = None
    if not isinstance(found, Timezone):
        raise InvalidValueError.at(None, expected=_EXAMPLE, got=repr(name))
    return found


def check_aware(value: object, what: str | Place | None) -> datetime:
    """Return ``value`` if it is an aware datetime, else raise naming ``what`` (None: unnamed)."""
    if not isinstance(value, datetime):
        # A whole day is no instant; say which day rather than show Python's repr of it.
        got = f"the date {value.isoformat()}" if isinstance(value, date) else repr(value)
        raise InvalidTypeError.at(what, expected="an aware datetime", got=got)
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError.at(
            what,
            expected="an aware datetime (one with a time zone)",
            got=f"naive {value.isoformat()!r}",
        )
    try:
        inside = EARLIEST <= value <= LATEST
    except OverflowError:  # an offset that takes it off the calendar
        inside = False
    if not inside:
        raise InvalidValueError.at(
            what,
            expected=f"an instant from {EARLIEST.date()} to {LATEST.date()} (UTC)",
            got=value.isoformat(),
        )
    return value


def to_utc(value: datetime) -> datetime:
    """A plain stdlib datetime in UTC for the same instant as the aware ``value``."""
    if type(value) is not datetime:
        # A subclass such as pendulum's: zone lookups on a plain copy of it take the fast
        # path of the C implementation, and arithmetic on it stays stdlib arithmetic.
        value = datetime.combine(value, value.timetz())
    elif value.tzinfo is UTC:
        return value
    return value.astimezone(UTC)


def to_local(instant: datetime, where: Timezone) -> pendulum.DateTime:
    """The pendulum DateTime in zone ``where`` for a UTC ``instant``."""
    return as_pendulum(instant.astimezone(where))


def as_pendulum(local: datetime) -> pendulum.DateTime:
    """The pendulum DateTime of ``local``, an aware stdlib datetime in a pendulum zone."""
    if local.fold:
        return pendulum.DateTime(
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
            local.microsecond,
            local.tzinfo,
            fold=1,
        )
    # Without the keyword argument: it is the common case, and keywords cost here.
    return pendulum.DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        local.tzinfo,
    )


def resolve(wall: WallTime, where: tzinfo, repeated: Repeated = Repeated.EARLIER) -> Instant:
    """The instant of the wall time ``wall`` on the clock of ``where``, by the policy.

    A repeated wall time takes the ``repeated`` one of its instants (the earlier by
    default); a skipped one moves forward to the first instant after the gap, such as 03:00
    for 02:30 in New York on a spring-forward day.
    """
    instant = _resolve_stamped(datetime.combine(wall.date(), wall.time(), UTC), where)[0]
    if repeated is Repeated.LATER:
        again = wall.replace(tzinfo=where, fold=1).astimezone(UTC)
        if again > instant and wall_time(again, where) == wall.replace(fold=0):
            return again
    return instant


def wall_time(instant: Instant, where: tzinfo) -> WallTime:
    """The wall time of ``instant`` on the clock of ``where``."""
    return instant.astimezone(where).replace(tzinfo=None, fold=0)


def _resolve_stamped(wall: datetime, where: tzinfo) -> tuple[Instant, datetime | None]:
    """:func:`resolve` for a stamped wall time (the local clock fields on a UTC datetime).

    Building that value costs less than ``replace`` on the planner's hot path: zone offsets
    of a wall time read only its fields (and ``fold``), never its ``tzinfo``. With the
    instant comes its local time on the clock of ``where``, the one computed to check it
    (None when none was): a caller that reads it next is spared converting it again.
    """
    if wall.fold:
        wall = wall.replace(fold=0)
    # With fold=0 the zone gives the offset before any change at this wall time: the earlier
    # instant of an ambiguous time, and, in a gap, an instant past the gap whose own offset
    # differs. So the instant is right exactly when its offset is the one used.
    offset = where.utcoffset(wall)
    assert offset is not None  # noqa: S101 - a zone always has an offset
    try:
        instant = wall - offset
        local = instant.astimezone(where)
    except OverflowError:
        return (NEVER if wall.year == LATEST.year else EARLIEST), None
    after_offset = where.utcoffset(local)
    if after_offset == offset:
        return instant, local
    # A gap: fold=0 applied the offset from before the transition, which lands after it, and
    # fold=1 applies the offset from after it, which lands before: the transition lies between.
    low, high = wall.replace(tzinfo=where, fold=1).astimezone(UTC), instant
    while high - low > _SECOND:
        middle = low + (high - low) // 2
        if where.utcoffset(middle.astimezone(where)) == after_offset:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0), None


def stamped(instant: Instant, where: tzinfo, local: datetime | None = None) -> datetime:
    """The wall time of ``instant`` on the clock of ``where``, stamped as UTC.

    ``local`` is ``instant.astimezone(where)`` when the caller has it, else None.
    """
    if local is None:
        local = instant.astimezone(where)
    offset = where.utcoffset(local)
    assert offset is not None  # noqa: S101 - a zone always has an offset
    return instant + offset


def utc_offset(instant: Instant, where: tzinfo) -> timedelta:
    """The UTC offset of the clock of ``where`` at ``instant``."""
    offset = where.utcoffset(instant.astimezone(where))
    assert offset is not None  # noqa: S101 - a zone always has an offset
    return offset


def at_wall(day: date, clock: time, where: tzinfo) -> datetime:
    """The UTC instant of local ``clock`` time on local ``day`` in zone ``where``."""
    return _resolve_stamped(datetime.combine(day, clock, UTC), where)[0]


def shift(instant: datetime, span: Span, where: tzinfo) -> datetime:
    """``instant`` plus ``span``: calendar days on the local clock of ``where``, then exact time.

    Past the end of the calendar, :data:`NEVER`.
    """
    return shift_from(instant, None, span, where)[0]


def shift_from(
    instant: datetime, local: datetime | None, span: Span, where: tzinfo
) -> tuple[datetime, datetime | None]:
    """:func:`shift`, given the local time of ``instant`` and with the result's, when known.

    ``local`` is ``instant.astimezone(where)`` when the caller has it (None otherwise); the
    second value is the result's local time on that clock when computing the result gave it
    (None otherwise). The planner reads a touch's local time for its windows and output, so
    passing it on saves converting the same instant twice.
    """
    try:
        if not span.days:
            return min(instant + span.exact, NEVER), None
        days = span.days
        wall = stamped(instant, where, local) + (
            _DAYS[days] if days < _MANY_DAYS else timedelta(days)
        )
        moved, seen = _resolve_stamped(wall, where)
        if span.exact:
            moved, seen = moved + span.exact, None
    except OverflowError:
        return NEVER, None
    return (NEVER, None) if moved >= NEVER else (moved, seen)


def shift_back(
    instant: datetime, span: Span, where: tzinfo, local: datetime | None = None
) -> datetime:
    """``instant`` minus ``span``: the exact time first, then calendar days on the local clock.

    Before the start of the calendar, :data:`EARLIEST`. ``local``, when given, is
    ``instant.astimezone(where)``, which the caller has already (for a span without exact
    time it spares converting the instant again).
    """
    try:
        if span.exact:
            instant -= span.exact
            local = None
        if span.days:
            wall = stamped(instant, where, local) - whole_days(span.days)
            instant = _resolve_stamped(wall, where)[0]
    except OverflowError:
        return EARLIEST
    return max(instant, EARLIEST)


def whole_days(count: int) -> timedelta:
    """``timedelta(days=count)``, taken from a table for the common counts."""
    return _DAYS[count] if 0 <= count < _MANY_DAYS else timedelta(count)


def next_minute(instant: datetime) -> datetime:
    """The first whole UTC minute strictly after ``instant``."""
    second, microsecond = instant.second, instant.microsecond
    if second or microsecond:
        # Arithmetic, not ``replace``: it is several times cheaper.
        instant -= timedelta(0, second, microsecond)
    return instant + _MINUTE


def to_clock(value: time | str) -> time:
    """A local clock time from a :class:`~datetime.time` or text such as ``"09:30"``."""
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise InvalidValueError.at(
                None, expected="a local clock time without a time zone", got=repr(value)
            )
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value.strip())
        except ValueError:
            raise InvalidValueError.at(
                None, expected="a clock time such as '09:00' or '17:30'", got=repr(value)
            ) from None
    raise InvalidTypeError.at(None, expected="a clock time such as '09:00'", got=repr(value))


def clock_text(value: time) -> str:
    """``"09:00"``, or with seconds (and their fraction) when they matter."""
    return value.isoformat(timespec=iso_timespec(value))


def iso_timespec(value: time | datetime) -> str:
    """The ``timespec`` that writes ``value`` in ISO 8601 without losing a part of it."""
    return "minutes" if not (value.second or value.microsecond) else "auto"


def resolve_after(wall: WallTime, where: tzinfo, not_before: Instant) -> Instant:
    """Like :func:`resolve`, but the first instant of ``wall`` at or after ``not_before``.

    When clocks go back, a wall time happens twice; a touch made during the repeated hour
    must move to the second occurrence of a later wall time (:attr:`Repeated.LATER`), not
    back to the first.
    """
    instant = resolve(wall, where)
    if instant >= not_before:
        return instant
    again = resolve(wall, where, Repeated.LATER)
    return max(again, not_before)


def day_start(day: date, where: tzinfo, not_before: Instant) -> Instant:
    """The first instant of the local ``day`` at or after ``not_before``: its midnight.

    When the clocks go back across midnight, the day's first midnight can come before
    ``not_before`` while the previous day repeats; the second one starts the day then.
    """
    return resolve_after(datetime.combine(day, _MIDNIGHT), where, not_before)
