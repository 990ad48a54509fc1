"""A step of a sequence, as a CRM writes it: day N, a channel, a template."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Any

import attrs

from cadence import _convert as cv
from cadence._repr import tuple_text
from cadence._time import clock_text, to_clock
from cadence.bounds import MAX_SPAN_DAYS
from cadence.channels import Channel
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = ["Step"]

_LONGEST_TEXT = 200


def _check_day(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError.at(
            Place.of(instance, attribute), expected="a whole number of days", got=repr(value)
        )
    if not 0 <= value <= MAX_SPAN_DAYS:
        raise InvalidValueError.at(
            Place.of(instance, attribute),
            expected=f"a day from 0 (the day of enrollment) to {MAX_SPAN_DAYS}",
            got=repr(value),
        )


def _check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidTypeError.at(Place.of(instance, attribute), expected="text", got=repr(value))
    if not value.strip() or len(value) > _LONGEST_TEXT:
        raise InvalidValueError.at(
            Place.of(instance, attribute),
            expected=f"text of 1 to {_LONGEST_TEXT} characters",
            got=repr(value[:60]),
        )


def _to_fallback(values: object) -> tuple[Channel, ...]:
    if isinstance(values, list | tuple) and not values:
        return ()
    return cv.to_channels(values)  # type: ignore[arg-type]


def _fallback(values: Iterable[Channel | str]) -> tuple[Channel, ...]:
    return cv.lenient(_to_fallback, values)


@attrs.frozen(repr=False)
class Step:
    """One step of a sequence: a touch on day ``day`` after the enrollment.

    A :class:`~cadence.rules.Steps` rhythm runs its steps in order; each is due on its own
    day, counted from the day the lead was enrolled (day 0), so a step that limits push
    (a weekend, a holiday) moves alone and the next ones keep their days.

    Args:
        day: The day of the step, counted from the enrollment: 0 is the day of enrollment.
        channel: The channel of the step; None lets the cadence's channel rule pick.
        at: The local clock time of the step; by default the time of the enrollment.
        label: A name for the step that a rep reads, such as ``"breakup email"``; it shows
            in the touch's reason and in every export.
        template: The id of the CRM's template for the step, carried to the planned touch.
        fallback: Channels to use, in order, when the lead cannot be reached on
            ``channel``; a step with none of them reachable is skipped (and said so in
            :attr:`cadence.Timeline.skipped`).
    """

    day: int = attrs.field(validator=_check_day)
    channel: Channel | None = attrs.field(
        default=None,
        converter=cv.optional_channel,
        validator=cv.optional_converted(cv.to_channel, Channel),
    )
    at: time | None = attrs.field(
        default=None,
        converter=cv.optional_clock,
        validator=cv.optional_converted(to_clock, time),
        kw_only=True,
    )
    label: str | None = attrs.field(default=None, validator=_check_text, kw_only=True)
    template: str | None = attrs.field(default=None, validator=_check_text, kw_only=True)
    fallback: tuple[Channel, ...] = attrs.field(
        default=(),
        converter=_fallback,
        validator=cv.converted(_to_fallback, tuple),
        kw_only=True,
    )

    def __attrs_post_init__(self) -> None:
        if self.fallback and self.channel is None:
            raise InvalidValueError.at(
                Place("Step", "fallback"),
                said="only a step with a channel falls back to others; give it a channel",
            )
        if self.channel in self.fallback:
            raise InvalidValueError.at(
                Place("Step", "fallback"),
                said=f"the step's own channel {self.channel!s} is no fallback",
            )

    @property
    def channels(self) -> tuple[Channel, ...] | None:
        """The step's channel and its fallbacks, in order; None when the cadence picks."""
        if self.channel is None:
            return None
        return (self.channel, *self.fallback)

    def describe(self) -> str:
        """Such as ``"day 14: breakup email"`` or ``"day 2: call"``."""
        what = self.label or (self.channel.label if self.channel is not None else "a touch")
        return f"day {self.day}: {what}"

    def __repr__(self) -> str:
        arguments = [str(self.day)]
        if self.channel is not None:
            arguments.append(repr(self.channel.value))
        if self.at is not None:
            arguments.append(f"at={clock_text(self.at)!r}")
        if self.label is not None:
            arguments.append(f"label={self.label!r}")
        if self.template is not None:
            arguments.append(f"template={self.template!r}")
        if self.fallback:
            channels = tuple_text(repr(channel.value) for channel in self.fallback)
            arguments.append(f"fallback={channels}")
        return f"Step({', '.join(arguments)})"
