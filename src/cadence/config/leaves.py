"""The leaf types of the format: one entry each says how to read, write, describe and schema it.

A leaf is a value written as one scalar: a duration, a number, a clock time, a channel.
Everything else is generic: lists (tuples and frozen sets), optional values, tables of attrs
values, and tagged tables of rules and events are made of leaves, so reading, writing, the
messages and the JSON Schema all look a leaf up here and nowhere else.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, Final

import attrs

from cadence._time import clock_text
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.channels import Channel
from cadence.config.errors import shown
from cadence.errors import CadenceError
from cadence.events import MilestoneKind, Outcome
from cadence.span import NOT_A_DURATION, Span
from cadence.weekday import Weekday, to_weekday

__all__ = ["LEAVES", "MAX_NUMBER", "Leaf", "Refused", "leaf_of", "write_enum"]

MAX_NUMBER: Final = MAX_WHOLE_NUMBER
"""The largest whole number (in absolute value) configuration accepts."""


@attrs.frozen
class Refused:
    """Why a leaf refused the data it was given: the message, and what was expected and got."""

    message: str
    expected: str | None = None
    got: str | None = None


@attrs.frozen
class Leaf:
    """How the format handles one leaf type.

    Args:
        kind: The type, as fields annotate it.
        read: Plain data to a value, or a :class:`Refused` that says why not.
        write: A value to plain data: exactly ``str``, ``int``, ``float`` or ``bool``.
        singular: What one value looks like, in words: ``'a clock time such as "09:00"'``.
        plural: What several look like: ``'clock times such as "09:00"'``.
        schema: The value's JSON Schema.
    """

    kind: type
    read: Callable[[object], Any]
    write: Callable[[Any], Any]
    singular: str
    plural: str
    schema: Mapping[str, Any]


def _expected(singular: str, data: object, note: str = "") -> Refused:
    return Refused(
        f"expected {singular}{note}, got {shown(data)}", expected=singular + note, got=shown(data)
    )


# -- durations ------------------------------------------------------------------------------

_SPAN: Final = 'a duration such as "P7D" or "7 days"'


def _read_span(data: object) -> Span | Refused:
    if not isinstance(data, str):
        return _expected(_SPAN, data)
    if data.strip().startswith("-"):
        return _expected("a duration of zero or more", data)
    try:
        return _parsed_span(data)
    except CadenceError as error:
        return _span_refused(data, error)
    except (ValueError, OverflowError):
        return _expected("a duration of a sensible length", data)


@functools.lru_cache(maxsize=1024)
def _parsed_span(text: str) -> Span:
    """``Span.parse``, remembered: a document says "P3D" many times, a span never changes."""
    return Span.parse(text)


def _span_refused(data: str, error: CadenceError) -> Refused:
    problem = error.problem
    if problem is None:  # pragma: no cover - every error of Span has its problem
        return Refused(str(error))
    if problem.expected == NOT_A_DURATION:
        return _expected(_SPAN, data)
    if problem.got is None:  # pragma: no cover - every error of Span says what it got
        return Refused(f"{problem.statement}, got {shown(data)}", problem.expected, shown(data))
    # Said without its place (Span.parse): the document's path says where.
    return Refused(problem.statement, problem.expected, problem.got)


# -- numbers, text --------------------------------------------------------------------------


def _read_bool(data: object) -> bool | Refused:
    return data if isinstance(data, bool) else _expected("true or false", data)


def _read_int(data: object) -> int | Refused:
    if isinstance(data, bool) or not isinstance(data, int):
        return _expected("a whole number", data)
    if abs(data) > MAX_NUMBER:
        return _expected(f"a whole number of at most {MAX_NUMBER}", data)
    return data


def _read_float(data: object) -> float | Refused:
    if isinstance(data, bool) or not isinstance(data, int | float):
        return _expected("a number", data)
    if isinstance(data, int) and abs(data) > MAX_NUMBER:
        return _expected(f"a number of at most {MAX_NUMBER}", data)
    if not math.isfinite(data) or abs(data) > MAX_NUMBER:
        return _expected(f"a finite number of at most {MAX_NUMBER}", data)
    return float(data)


def _read_str(data: object) -> str | Refused:
    return data if isinstance(data, str) else _expected("text", data)


# -- clock times, dates, instants -----------------------------------------------------------

_CLOCK: Final = 'a clock time such as "09:00"'
_DATETIME: Final = 'a date and time such as "2026-03-06T15:58:00Z"'
_DATE: Final = 'a date such as "2026-12-25"'
_WHOLE_DAY: Final = re.compile(r"\s*\d{4}-\d{2}-\d{2}\s*")


def _read_time(data: object) -> time | Refused:
    if isinstance(data, time) and data.tzinfo is None:
        return data
    if isinstance(data, str):
        try:
            return time.fromisoformat(data.strip())
        except ValueError:
            pass
    note = " (quote clock times in YAML)" if isinstance(data, int) else ""
    return _expected(_CLOCK, data, note)


def _read_datetime(data: object) -> date | Refused:
    """An instant or a local date and time; a bare date for a whole day.

    Whether it needs an offset is the class's business: an instant does, a moment of the
    lead's local time (a blackout period) does not; a whole day means what the class says
    (a period's end: all of it).
    """
    if isinstance(data, date):
        return data
    if isinstance(data, str):
        try:
            if _WHOLE_DAY.fullmatch(data):
                return date.fromisoformat(data.strip())
            return datetime.fromisoformat(data.strip())
        except ValueError:
            pass
    return _expected(_DATETIME, data)


def _write_datetime(value: datetime) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _read_date(data: object) -> date | Refused:
    if isinstance(data, date) and not isinstance(data, datetime):
        return data
    if isinstance(data, str):
        try:
            return date.fromisoformat(data.strip())
        except ValueError:
            pass
    return _expected(_DATE, data)


def _write_date(value: date) -> str:
    return value.isoformat()


# -- days of the week and enums -------------------------------------------------------------

_DAY: Final = 'a day of the week such as "mon"'
_DAY_NAMES: Final = [day.name.lower() for day in Weekday] + [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]


def _read_weekday(data: object) -> Weekday | Refused:
    if isinstance(data, str):
        try:
            return to_weekday(data)
        except CadenceError:
            pass
    return _expected(_DAY, data)


_CHANNEL: Final = (
    'a channel: "call", "sms", "email", "linkedin", "whatsapp", or a name of your own '
    'such as "direct_mail"'
)
_CHANNEL_PATTERN: Final = r"^[a-z][a-z0-9_]{0,39}$"


def _read_channel(data: object) -> Channel | Refused:
    if isinstance(data, str):
        try:
            return Channel(data.strip())
        except CadenceError:
            pass
    return _expected(_CHANNEL, data)


def write_enum(member: enum.Enum) -> str:
    """A member as the format writes it: its text value, or its name in lower case."""
    return str(member.value) if isinstance(member, str) else member.name.lower()


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _enum_leaf(kind: type[enum.Enum]) -> Leaf:
    names = {write_enum(member): member for member in kind}
    singular = "one of " + _quoted(list(names))

    def read(data: object) -> Any:
        if isinstance(data, str):
            member = names.get(data.strip().lower())
            if member is not None:
                return member
        return _expected(singular, data)

    return Leaf(
        kind,
        read,
        write_enum,
        singular,
        "values among " + _quoted(list(names)),
        {"type": "string", "enum": list(names)},
    )


# -- the table ------------------------------------------------------------------------------

_CLOCK_PATTERN: Final = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
_DATETIME_PATTERN: Final = (
    r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$"
)
_DATE_PATTERN: Final = r"^\d{4}-\d{2}-\d{2}$"
_NUMBERS: Final = {"minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}

LEAVES: Final[Mapping[type, Leaf]] = {
    leaf.kind: leaf
    for leaf in (
        Leaf(
            Span,
            _read_span,
            Span.isoformat,
            _SPAN,
            'durations such as "P7D" or "7 days"',
            {
                "type": "string",
                "minLength": 1,
                "description": f"{_SPAN}: ISO 8601 or friendly text",
                "examples": ["PT5M", "P2D", "5 minutes", "1 week"],
            },
        ),
        Leaf(bool, _read_bool, bool, "true or false", "true or false values", {"type": "boolean"}),
        Leaf(
            int, _read_int, int, "a whole number", "whole numbers", {"type": "integer", **_NUMBERS}
        ),
        Leaf(float, _read_float, float, "a number", "numbers", {"type": "number", **_NUMBERS}),
        Leaf(str, _read_str, str, "text", "texts", {"type": "string"}),
        Leaf(
            time,
            _read_time,
            clock_text,
            _CLOCK,
            'clock times such as "09:00"',
            {"type": "string", "pattern": _CLOCK_PATTERN, "examples": ["09:00", "17:30"]},
        ),
        # Not "format": "date-time": a moment of local time (a blackout) has no offset.
        Leaf(
            datetime,
            _read_datetime,
            _write_datetime,
            _DATETIME,
            "dates and times",
            {"type": "string", "pattern": _DATETIME_PATTERN},
        ),
        Leaf(
            date,
            _read_date,
            _write_date,
            _DATE,
            "dates",
            {"type": "string", "format": "date", "pattern": _DATE_PATTERN},
        ),
        Leaf(
            Weekday,
            _read_weekday,
            write_enum,
            _DAY,
            'days of the week such as "mon"',
            {"type": "string", "enum": _DAY_NAMES},
        ),
        Leaf(
            Channel,
            _read_channel,
            write_enum,
            _CHANNEL,
            'channels such as "call" or "direct_mail"',
            {
                "type": "string",
                "pattern": _CHANNEL_PATTERN,
                "examples": [channel.value for channel in Channel],
            },
        ),
        _enum_leaf(Outcome),
        _enum_leaf(MilestoneKind),
    )
}
"""Every leaf type of the format, by type."""


@functools.cache
def leaf_of(kind: object) -> Leaf | None:
    """The leaf entry of the type ``kind``, or None if it is no leaf.

    An enum that the table does not list (one a rule of your own uses) gets the entry of
    any enum: its members' values (or lower-case names).
    """
    if not isinstance(kind, type):
        return None
    found = LEAVES.get(kind)
    if found is None and issubclass(kind, enum.Enum):
        return _enum_leaf(kind)
    return found
