"""A team: reps (or sending mailboxes) with working hours, time off and shared limits.

Each lead is planned by its own rules; its rep adds limits of its own that count the touches
of all the rep's leads: :class:`Throttle` (at most so many in any rolling window) and
:class:`Spacing` (a least gap between two touches). :func:`cadence.schedule` applies them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from cadence import _convert as cv
from cadence import _plain_data
from cadence._repr import channels_argument, definition_order, span_repr
from cadence._time import zone
from cadence.channels import Channel
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError, Place
from cadence.hours import Hours
from cadence.period import Period, to_periods
from cadence.span import Span, to_span

__all__ = ["Rep", "RepLimit", "Spacing", "Throttle"]

_LONGEST_ID = 200


_PLURALS = {Channel.CALL: "calls", Channel.EMAIL: "emails", Channel.SMS: "SMS messages"}


def _noun(channels: frozenset[Channel] | None, count: int) -> str:
    """``"calls"``, ``"touches"``, ``"call/SMS touches"`` (singular for one)."""
    if channels is None:
        return "touch" if count == 1 else "touches"
    if len(channels) == 1:
        (channel,) = channels
        if count == 1:
            return channel.label
        return _PLURALS.get(channel, f"{channel.label} messages")
    names = "/".join(channel.label for channel in sorted(channels, key=definition_order))
    return f"{names} {'touch' if count == 1 else 'touches'}"


@attrs.frozen(repr=False)
class Throttle:
    """At most ``max`` touches of a rep in any rolling window of ``per``, over all its leads.

    The touches of the history of the rep's leads count too. A touch that would make one
    too many moves to the first moment at which no window holds too many. A window of
    calendar days that ends at a moment starts at the same wall time ``per`` earlier on the
    rep's clock, so across a change of the clocks it is longer or shorter in elapsed time:
    the day that ends at 01:10 EST on New York's night of the change back is 25 hours long.

    Args:
        max: Touches allowed per window, at least 1.
        per: The window, such as ``"1 hour"`` (elapsed time) or ``"1 day"`` (a calendar day
            on the rep's clock).
        channels: The channels counted and limited; None (the default) counts every touch.
    """

    max: int = attrs.field(validator=cv.at_least(1))
    per: Span = attrs.field(converter=cv.span, validator=cv.converted(to_span, Span))
    channels: frozenset[Channel] | None = attrs.field(
        default=None,
        converter=cv.optional_channel_set,
        validator=cv.optional_converted(cv.to_some_channels, frozenset),
    )

    def __attrs_post_init__(self) -> None:
        cv.check_positive(Place("Throttle", "per"), self.per)

    @property
    def window(self) -> Span:
        """How far back the limit looks: ``per``."""
        return self.per

    def describe(self) -> str:
        """Such as ``"throttle: 60 calls per 1 hour"``."""
        return f"throttle: {self.max} {_noun(self.channels, self.max)} per {self.per}"

    def __repr__(self) -> str:
        channels = channels_argument(self.channels)
        return f"Throttle(max={self.max}, per={span_repr(self.per)}{channels})"


@attrs.frozen(repr=False)
class Spacing:
    """At least ``between`` between two touches of a rep, over all its leads.

    Close's "minimum delay between sends", a dialer's wrap-up time after a call. The
    touches of the history of the rep's leads count too.

    Args:
        between: The least time between two touches, such as ``"2 minutes"``.
        channels: The channels spaced; None (the default) for every touch.
    """

    between: Span = attrs.field(converter=cv.span, validator=cv.converted(to_span, Span))
    channels: frozenset[Channel] | None = attrs.field(
        default=None,
        converter=cv.optional_channel_set,
        validator=cv.optional_converted(cv.to_some_channels, frozenset),
    )

    def __attrs_post_init__(self) -> None:
        cv.check_positive(Place("Spacing", "between"), self.between)

    @property
    def window(self) -> Span:
        """How far back the limit looks: ``between``."""
        return self.between

    def describe(self) -> str:
        """Such as ``"spacing: at least 2 minutes between calls"``."""
        return f"spacing: at least {self.between} between {_noun(self.channels, 2)}"

    def __repr__(self) -> str:
        return f"Spacing(between={span_repr(self.between)}{channels_argument(self.channels)})"


RepLimit = Throttle | Spacing
"""A limit of a rep's own: :class:`Throttle` or :class:`Spacing`."""


def _check_zone(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    try:
        zone(value)
    except (InvalidValueError, InvalidTypeError) as error:
        raise error.inside(Place.of(instance, attribute)) from None


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name == "name":
        return
    if not isinstance(value, str):
        raise InvalidTypeError.at(
            Place.of(instance, attribute), expected="the rep's id as text", got=repr(value)
        )
    if not value.strip() or len(value) > _LONGEST_ID:
        raise InvalidValueError.at(
            Place.of(instance, attribute),
            expected=f"text of 1 to {_LONGEST_ID} characters, not only blanks",
            got=repr(value[:60]),
        )


def _to_hours(values: object) -> tuple[Hours, ...] | None:
    if values is None:
        return None
    if isinstance(values, Hours):
        return (values,)
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(
            None, expected="Hours, several Hours, or None for any time", got=repr(values)
        )
    found = tuple(values)
    for position, item in enumerate(found):
        if not isinstance(item, Hours):
            raise InvalidTypeError.at(
                Place("Rep", "hours", (position,)), expected="Hours", got=repr(item)
            )
    if not found:
        raise InvalidValueError.at(
            None,
            said="a rep without any working time",
            expected='Hours such as Hours(start="09:00", end="17:00"), or None for any time',
            got="()",
        )
    return found


def _hours(values: object) -> tuple[Hours, ...] | None:
    return cv.lenient(_to_hours, values)


def _to_limits(values: object) -> tuple[RepLimit, ...]:
    if isinstance(values, Throttle | Spacing):
        return (values,)
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(
            None, expected="a sequence of Throttle or Spacing", got=repr(values)
        )
    found = tuple(values)
    for position, item in enumerate(found):
        if not isinstance(item, Throttle | Spacing):
            raise InvalidTypeError.at(
                Place("Rep", "limits", (position,)),
                expected="a rep's limit, Throttle or Spacing (a lead's limits go in its cadence)",
                got=repr(item),
            )
    return found


def _limits(values: object) -> tuple[RepLimit, ...]:
    return cv.lenient(_to_limits, values)


def _periods(values: object) -> tuple[Period, ...]:
    return cv.lenient(to_periods, values)


def _check(convert: Any) -> Any:
    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        try:
            converted = convert(value)
        except CadenceError as error:
            if error.problem is not None and error.problem.where:
                raise
            raise error.inside(Place.of(instance, attribute)) from None
        if converted != value:
            raise InvalidTypeError.at(Place.of(instance, attribute), said=f"unexpected {value!r}")

    return check


@attrs.frozen
class Rep:
    """A rep, or a sending mailbox: whose touches a lead's :attr:`~cadence.Lead.owner` gets.

    Args:
        id: The rep's id, as text; a lead names its rep by it.
        timezone: The rep's IANA time zone: its hours and blackouts are on this clock.
        hours: Working hours on the rep's clock: :class:`~cadence.Hours`, or several (a touch
            may happen inside any of them); None (the default) for any time. Give an empty
            sequence and the rep has no working time at all, which is refused.
        limits: The rep's own limits over all its leads: :class:`Throttle` and
            :class:`Spacing`.
        blackouts: Time off, as :class:`~cadence.Period` values or ``(start, end)`` pairs of
            the rep's local time.
        name: How the reasons name the rep ("limited by Ana's throttle: ..."); by default
            its id.

    Raises:
        InvalidValueError: for a rep without any working time, a bad zone or id.
    """

    id: str = attrs.field(validator=_check_text)
    timezone: str = attrs.field(validator=_check_zone)
    hours: tuple[Hours, ...] | None = attrs.field(
        default=None, converter=_hours, validator=_check(_to_hours), kw_only=True
    )
    limits: tuple[Throttle | Spacing, ...] = attrs.field(
        default=(), converter=_limits, validator=_check(_to_limits), kw_only=True
    )
    blackouts: tuple[Period, ...] = attrs.field(
        default=(), converter=_periods, validator=cv.converted(to_periods, tuple), kw_only=True
    )
    name: str | None = attrs.field(default=None, validator=_check_text, kw_only=True)

    @property
    def shown(self) -> str:
        """The rep's name in reasons: :attr:`name`, else :attr:`id`."""
        return self.id if self.name is None else self.name

    @property
    def free(self) -> bool:
        """Whether the rep adds nothing to its leads' plans: no hours, limits or blackouts."""
        return self.hours is None and not self.limits and not self.blackouts

    def to_dict(self) -> dict[str, Any]:
        """The rep as plain data, which :meth:`from_dict` reads back to an equal rep."""
        return _plain_data.installed().write(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rep:
        """Build a rep from plain data, such as a table of a parsed TOML file.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)
