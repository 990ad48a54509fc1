"""Converters and validators shared by the value types.

Converters are lenient, named functions (so that type checkers see what ``__init__``
accepts): they return a value they cannot convert unchanged. The field's validator then
converts it again to raise the precise error, placed at the field
(:meth:`CadenceError.inside <cadence.errors.CadenceError.inside>`): every error carries its
:class:`~cadence.errors.Problem` as data.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import time
from typing import Any, TypeVar

import attrs

from cadence._time import check_aware, to_clock
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.channels import Channel
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError, Place
from cadence.span import Span, SpanLike, to_span
from cadence.weekday import Weekday, WeekdayLike, to_weekdays

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)


def lenient(convert: Callable[[Any], T], value: Any) -> T:
    try:
        return convert(value)
    except CadenceError:
        return value  # type: ignore[no-any-return]


def to_channel(value: Channel | str) -> Channel:
    """A :class:`Channel` from a member or its value, or a clear error."""
    return to_enum(Channel, value)


def to_enum(kind: type[E], value: object) -> E:
    """A member of the enum ``kind`` from a member or its value, or a clear error."""
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(repr(member.value) for member in kind)
        raise InvalidValueError.at(None, expected=f"one of {choices}", got=repr(value)) from None


def to_channels(values: Iterable[Channel | str]) -> tuple[Channel, ...]:
    """A non-empty tuple of distinct channels."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(None, expected="a sequence of channels", got=repr(values))
    channels = tuple(to_channel(value) for value in values)
    if not channels:
        raise InvalidValueError.at(None, expected="at least one channel")
    if len(set(channels)) != len(channels):
        raise InvalidValueError.at(
            None,
            expected="each channel once",
            got=str([channel.value for channel in channels]),
        )
    return channels


def to_channel_set(values: Iterable[Channel | str]) -> frozenset[Channel]:
    """A frozen set of channels (possibly empty)."""
    if type(values) is frozenset and all(type(value) is Channel for value in values):
        return values  # already one: the usual case, met again by the field's validator
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(None, expected="a collection of channels", got=repr(values))
    return frozenset(to_channel(value) for value in values)


def to_some_weekdays(values: Iterable[WeekdayLike] | WeekdayLike) -> frozenset[Weekday]:
    """A non-empty frozen set of weekdays."""
    days = to_weekdays(values)
    if not days:
        raise InvalidValueError.at(None, expected="at least one day of the week")
    return days


# -- lenient converters, one named function per kind -----------------------------------------


def span(value: SpanLike) -> Span:
    """Converter to :class:`Span`."""
    return lenient(to_span, value)


def channel(value: Channel | str) -> Channel:
    """Converter to :class:`Channel`."""
    return lenient(to_channel, value)


def optional_channel(value: Channel | str | None) -> Channel | None:
    """Converter to a :class:`Channel` or None."""
    return None if value is None else channel(value)


def channels(values: Iterable[Channel | str]) -> tuple[Channel, ...]:
    """Converter to a tuple of distinct channels."""
    return lenient(to_channels, values)


def channel_set(values: Iterable[Channel | str]) -> frozenset[Channel]:
    """Converter to a frozen set of channels."""
    return lenient(to_channel_set, values)


def weekdays(values: Iterable[WeekdayLike] | WeekdayLike) -> frozenset[Weekday]:
    """Converter to a non-empty frozen set of weekdays."""
    return lenient(to_some_weekdays, values)


def clock(value: time | str) -> time:
    """Converter to a local clock time."""
    return lenient(to_clock, value)


def optional_clock(value: time | str | None) -> time | None:
    """Converter to a local clock time or None."""
    return None if value is None else clock(value)


def aware(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validator: the value is an aware datetime on the calendar, else an error naming the field."""
    try:
        check_aware(value, None)  # the field's place is built only for an error: it costs
    except CadenceError as error:
        raise error.inside(Place.of(instance, attribute)) from None


def as_tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    """Converter from any iterable but a string to a tuple."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        return values  # type: ignore[return-value]  # the validator reports it
    return tuple(values)


# -- validators ---------------------------------------------------------------------------


@attrs.frozen
class _Converted:
    """Validator: the value has ``kind``, else ``convert`` explains why not."""

    convert: Callable[[Any], Any]
    kind: type | tuple[type, ...]

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if value is None and isinstance(None, self.kind):
            return
        # Converting again also checks the content of a value of the right type, such as
        # a tuple of day offsets that the lenient converter passed through unchanged.
        try:
            converted = self.convert(value)
        except CadenceError as error:
            raise error.inside(Place.of(instance, attribute)) from None
        if not isinstance(value, self.kind) or converted != value:
            raise InvalidTypeError.at(Place.of(instance, attribute), said=f"unexpected {value!r}")


def converted(
    convert: Callable[[Any], Any], kind: type | tuple[type, ...]
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A validator that names the field when its (lenient) converter could not convert."""
    return _Converted(convert, kind)


def optional_converted(
    convert: Callable[[Any], Any], kind: type
) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """Like :func:`converted`, also accepting None."""
    return _Converted(convert, (kind, type(None)))


@attrs.frozen
class _AtLeast:
    minimum: int
    maximum: int = MAX_WHOLE_NUMBER

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidTypeError.at(
                Place.of(instance, attribute), expected="a whole number", got=repr(value)
            )
        if value < self.minimum:
            raise InvalidValueError.at(
                Place.of(instance, attribute),
                expected=f"a whole number of at least {self.minimum}",
                got=repr(value),
            )
        if value > self.maximum:
            raise InvalidValueError.at(
                Place.of(instance, attribute),
                expected=f"a whole number of at most {self.maximum}",
                got=repr(value),
            )


def at_least(minimum: int) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A validator for whole numbers of at least ``minimum``.

    And of at most ``MAX_WHOLE_NUMBER``, the bound that configuration keeps too.
    """
    return _AtLeast(minimum)


@attrs.frozen
class _Each:
    kind: type

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            raise InvalidTypeError.at(
                Place.of(instance, attribute), expected="a sequence", got=repr(value)
            )
        for position, item in enumerate(value):
            if not isinstance(item, self.kind):
                where = Place(type(instance).__name__, attribute.name, (position,))
                raise InvalidTypeError.at(where, expected=f"a {self.kind.__name__}", got=repr(item))


def each(kind: type) -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A validator for a tuple whose items all have ``kind``."""
    return _Each(kind)


@attrs.frozen
class _Is:
    kind: type
    expected: str

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, self.kind):
            raise InvalidTypeError.at(
                Place.of(instance, attribute), expected=self.expected, got=repr(value)
            )


def is_a(kind: type, expected: str = "") -> Callable[[object, attrs.Attribute[Any], Any], None]:
    """A validator for values of ``kind``, naming the field otherwise.

    ``expected`` says what is expected in words, by default "a" and the name of ``kind``.
    """
    return _Is(kind, expected or f"a {kind.__name__}")


def optional_channel_set(values: object) -> frozenset[Channel] | None:
    """None, or ``values`` as a set of channels (lenient)."""
    return None if values is None else channel_set(values)  # type: ignore[arg-type]


def to_some_channels(values: object) -> frozenset[Channel]:
    """``values`` as a set of at least one channel (for a limit on some channels)."""
    found = to_channel_set(values)  # type: ignore[arg-type]
    if not found:
        raise InvalidValueError.at(None, expected="at least one channel, or None for every channel")
    return found


def check_positive(where: Place, value: Span) -> None:
    """Refuse a zero duration at ``where``."""
    if value.is_zero:
        raise InvalidValueError.at(where, expected="a duration longer than zero")
