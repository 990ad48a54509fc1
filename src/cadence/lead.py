"""The person a cadence is for."""

from __future__ import annotations

from datetime import datetime

import attrs
from pendulum.tz.timezone import Timezone

from cadence import _convert as cv
from cadence._time import check_aware, zone
from cadence.channels import DEFAULT_CHANNELS, Channel
from cadence.errors import InvalidTypeError, InvalidValueError

__all__ = ["Lead"]


def _check_zone(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    try:
        zone(value)
    except (InvalidValueError, InvalidTypeError) as error:
        raise type(error)(f"{type(instance).__name__}.{attribute.name}: {error}") from None


def _aware(instance: object, attribute: attrs.Attribute[datetime], value: object) -> None:
    check_aware(value, f"{type(instance).__name__}.{attribute.name}")


@attrs.frozen
class Lead:
    """A person to follow up with.

    Args:
        timezone: The lead's IANA time zone, such as ``"America/Chicago"``. Contact windows,
            days and calendar durations are judged on this zone's clock.
        created_at: When the person became a lead; any aware datetime. Speed to lead counts
            from here.
        channels: The channels the lead can be reached on (they gave a phone number, an
            email address, ...). By default call, SMS and email.
    """

    timezone: str = attrs.field(validator=_check_zone)
    created_at: datetime = attrs.field(validator=_aware)
    channels: frozenset[Channel] = attrs.field(
        default=DEFAULT_CHANNELS,
        converter=cv.channel_set,
        validator=cv.converted(cv.to_channel_set, frozenset),
    )

    @property
    def zone(self) -> Timezone:
        """The lead's time zone as a :class:`pendulum.Timezone` (a :class:`zoneinfo.ZoneInfo`)."""
        return zone(self.timezone)
