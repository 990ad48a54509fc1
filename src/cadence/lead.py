"""The person a cadence is for."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import attrs
from pendulum.tz.timezone import Timezone

from cadence import _convert as cv
from cadence import _plain_data
from cadence._pickling import reduced_by_fields
from cadence._repr import channels_text
from cadence._time import zone
from cadence._zones import check_possible_zones, optional_zone_names
from cadence.channels import DEFAULT_CHANNELS, Channel
from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.hours import Hours
from cadence.period import Period, to_periods
from cadence.region import check_region, optional_region

__all__ = ["Lead"]


def _check_zone(instance: object, attribute: attrs.Attribute[str], value: object) -> None:
    try:
        zone(value)
    except (InvalidValueError, InvalidTypeError) as error:
        raise error.inside(Place.of(instance, attribute)) from None


def _to_dates(values: object) -> tuple[tuple[str, date], ...]:
    if type(values) is tuple and not values:
        return ()  # none: the usual case, met again by the field's validator
    items = values.items() if isinstance(values, Mapping) else values
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidTypeError.at(None, expected="a mapping of names to dates", got=repr(values))
    found: dict[str, date] = {}
    for item in items:
        if not isinstance(item, tuple | list) or len(item) != 2:
            raise InvalidTypeError.at(None, expected="(name, date) pairs", got=repr(item))
        name, day = item
        if not isinstance(name, str) or not name.isidentifier():
            raise InvalidValueError.at(None, expected="a name such as 'birthday'", got=repr(name))
        if isinstance(day, str):
            try:
                day = date.fromisoformat(day)
            except ValueError:
                raise InvalidValueError.at(
                    name, expected="a date such as '1980-05-17'", got=repr(day)
                ) from None
        if isinstance(day, datetime) or not isinstance(day, date):
            raise InvalidTypeError.at(name, expected="a date", got=repr(day))
        found[name] = day
    return tuple(sorted(found.items()))


_LONGEST_ID = 200


def _check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise InvalidTypeError.at(
            Place.of(instance, attribute),
            expected="the lead's id as text" if attribute.name == "id" else "the rep's id as text",
            got=repr(value),
        )
    if not value.strip() or len(value) > _LONGEST_ID:
        raise InvalidValueError.at(
            Place.of(instance, attribute),
            expected=f"an id of 1 to {_LONGEST_ID} characters",
            got=repr(value[:60]),
        )


def _dates(values: object) -> tuple[tuple[str, date], ...]:
    return cv.lenient(_to_dates, values)


def _periods(values: object) -> tuple[Period, ...]:
    return cv.lenient(to_periods, values)


@reduced_by_fields
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
        preferred_channel: The channel the lead prefers, if they said; the
            :class:`~cadence.rules.PreferredChannel` channel rule puts rounds on it.
        best_times: The days and hours the lead asked to be contacted in, as
            :class:`~cadence.Hours`. The planner uses them instead of the cadence's own
            :class:`~cadence.ContactWindow` limits for this lead; every other limit (quiet
            hours, caps, holidays) still applies.
        blackouts: Periods of the lead's local time without any touch (a vacation they told
            about), as :class:`~cadence.Period` values or ``(start, end)`` pairs.
        dates: The lead's own dates by name, such as ``{"birthday": date(1980, 5, 17)}``,
            for :class:`~cadence.rules.Yearly` occasions.
        id: The CRM's id of the lead, as text (none by default). Exports name the lead by it
            and make the iCalendar event of each touch from it and the touch's key, so that
            events stay unique across leads and stable across replans.
        region: Where the lead is, as an ISO 3166 code: a country (``"US"``, ``"CA"``) or a
            subdivision (``"US-FL"``, ``"CA-ON"``), written in any case (``"us-fl"`` becomes
            ``"US-FL"``). :class:`~cadence.rules.Compliance` applies the calling laws of
            the region, and ``Holidays.where_lead_is()`` its public holidays.
        possible_timezones: The IANA zones the lead may be in, when that is uncertain (a
            phone number whose area code spans a zone line, a toll-free or mobile
            number); None (the default) when ``timezone`` is certain. Every limit of local
            time (contact windows, quiet hours, best times, blackouts, holidays, calling
            laws) must then hold in each of them; ``timezone``, which must be one of them,
            still keeps the calendar of rhythms and shows the plan.
        owner: The id of the lead's rep (:attr:`cadence.Rep.id`), as text (none by
            default): :func:`cadence.schedule` books the lead's touches on that rep.
    """

    timezone: str = attrs.field(validator=_check_zone)
    created_at: datetime = attrs.field(validator=cv.aware)
    channels: frozenset[Channel] = attrs.field(
        default=DEFAULT_CHANNELS,
        converter=cv.channel_set,
        validator=cv.converted(cv.to_channel_set, frozenset),
        repr=channels_text,
    )
    preferred_channel: Channel | None = attrs.field(
        default=None,
        converter=cv.optional_channel,
        validator=cv.optional_converted(cv.to_channel, Channel),
        kw_only=True,
    )
    best_times: Hours | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(
            cv.is_a(Hours, 'hours such as Hours(days=("tue", "thu"), start="10:00", end="12:00")')
        ),
        kw_only=True,
    )
    blackouts: tuple[Period, ...] = attrs.field(
        default=(), converter=_periods, validator=cv.converted(to_periods, tuple), kw_only=True
    )
    dates: tuple[tuple[str, date], ...] = attrs.field(
        default=(), converter=_dates, validator=cv.converted(_to_dates, tuple), kw_only=True
    )

    id: str | None = attrs.field(default=None, validator=_check_id, kw_only=True)
    region: str | None = attrs.field(
        default=None, converter=optional_region, validator=check_region, kw_only=True
    )
    possible_timezones: tuple[str, ...] | None = attrs.field(
        default=None,
        converter=optional_zone_names,
        validator=check_possible_zones,
        kw_only=True,
    )
    owner: str | None = attrs.field(default=None, validator=_check_id, kw_only=True)

    def date_of(self, name: str) -> date | None:
        """The lead's date called ``name`` (such as ``"birthday"``), or None."""
        for key, day in self.dates:
            if key == name:
                return day
        return None

    @property
    def zone(self) -> Timezone:
        """The lead's time zone as a :class:`pendulum.Timezone` (a :class:`zoneinfo.ZoneInfo`)."""
        return zone(self.timezone)

    @property
    def zones(self) -> tuple[Timezone, ...]:
        """Every zone the lead may be in: :attr:`zone` first, then the other possible ones."""
        names = self.possible_timezones or ()
        return (self.zone, *(zone(name) for name in names if name != self.timezone))

    def to_dict(self) -> dict[str, Any]:
        """The lead as plain data, which :meth:`from_dict` reads back to an equal lead."""
        return _plain_data.installed().write(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Lead:
        """Build a lead from plain data, such as a parsed TOML, JSON or YAML file.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)
