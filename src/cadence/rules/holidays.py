"""Holidays: whole local days on which the lead is not touched, from dates or a calendar."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import attrs

from cadence import _convert as cv
from cadence._time import day_start
from cadence.candidate import Candidate
from cadence.errors import InvalidTypeError, InvalidValueError, MissingExtraError, Place
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.limit import Limit
from cadence.span import Span
from cadence.state import State

__all__ = ["Holidays", "country_days"]

_ONE_DAY = timedelta(days=1)


def _to_dates(values: Iterable[date | str]) -> frozenset[date]:
    if isinstance(values, str | bytes | date) or not isinstance(values, Iterable):
        raise InvalidTypeError.at(None, expected="a collection of dates", got=repr(values))
    found: set[date] = set()
    for value in values:
        if isinstance(value, datetime):
            raise InvalidTypeError.at(None, expected="a date without a time", got=repr(value))
        if isinstance(value, date):
            found.add(value)
        elif isinstance(value, str):
            try:
                found.add(date.fromisoformat(value.strip()))
            except ValueError:
                raise InvalidValueError.at(
                    None, expected="a date such as '2026-12-25'", got=repr(value)
                ) from None
        else:
            raise InvalidTypeError.at(None, expected="a date such as '2026-12-25'", got=repr(value))
    return frozenset(found)


def _dates(values: Iterable[date | str]) -> frozenset[date]:
    return cv.lenient(_to_dates, values)


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidTypeError.at(
            Place.of(instance, attribute), expected="a code such as 'US'", got=repr(value)
        )


def _holidays_module() -> Any:
    try:
        return importlib.import_module("holidays")
    except ImportError:
        raise MissingExtraError(
            "public holidays by country need the holidays package: "
            'pip install "cadence-rules[holidays]"'
        ) from None


@functools.lru_cache(maxsize=512)
def country_days(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    """The public holidays of ``country`` (and ``subdiv``) in ``year``, from the extra.

    Raises:
        MissingExtraError: without the ``holidays`` extra.
        InvalidValueError: for a code the holidays package does not know.
    """
    module = _holidays_module()
    try:
        calendar = module.country_holidays(country, subdiv=subdiv, years=year)
    except Exception:  # noqa: BLE001 - the package reports a bad code in several ways
        raise _unknown_code(module, country, subdiv, year) from None
    return frozenset(calendar)


@functools.lru_cache(maxsize=256)
def _calendar_of(region: str) -> tuple[str, str | None]:
    """The holidays package's country and subdivision for a lead's region, such as "US-FL".

    A subdivision the package does not know falls back to its country.

    Raises:
        InvalidValueError: for a country the package does not know.
    """
    country, _, subdiv = region.partition("-")
    if subdiv:
        try:
            country_days(country, subdiv, 2026)
        except InvalidValueError:
            subdiv = ""
    try:
        country_days(country, subdiv or None, 2026)
    except InvalidValueError:
        raise InvalidValueError.at(
            Place("Holidays", "lead_region"),
            expected="a lead whose country the holidays package knows",
            got=f"a lead in {region!r}",
        ) from None
    return country, subdiv or None


def _unknown_code(module: Any, country: str, subdiv: str | None, year: int) -> InvalidValueError:
    """The error that names the code the holidays package does not know.

    The country's code if the package does not know it alone, else the subdivision's.
    """
    known: tuple[str, ...] | None = None
    if subdiv is not None:
        try:
            known = tuple(module.country_holidays(country, years=year).subdivisions)
        except Exception:  # noqa: BLE001 - as above
            known = None
    if known is None:
        return InvalidValueError.at(
            Place("Holidays", "region"),
            expected="a country code the holidays package knows, such as 'US'",
            got=repr(country),
        )
    if not known:
        return InvalidValueError.at(
            Place("Holidays", "subdiv"),
            expected=f"None, as the holidays package knows no subdivisions of {country!r}",
            got=repr(subdiv),
        )
    examples = ", ".join(repr(code) for code in known[:3])
    return InvalidValueError.at(
        Place("Holidays", "subdiv"),
        expected=f"a subdivision of {country!r} that the holidays package knows, "
        f"such as {examples}",
        got=repr(subdiv),
    )


@attrs.frozen(repr=False)
class Holidays(Limit):
    """Skip whole local days: public holidays, company closures.

    A touch on a holiday moves to the start of the next day that is not one (and other
    limits, such as a contact window, then move it to the day's opening).

    Args:
        dates: Local dates to skip.
        region: A country code (``"US"``, ``"FR"``...) whose public holidays are skipped
            too, from the ``holidays`` package (``pip install "cadence-rules[holidays]"``).
            :meth:`country` builds one.
        subdiv: A subdivision code for the country (a state, a province), such as ``"CA"``.
        lead_region: Whether to skip the public holidays of each lead's own region
            (:attr:`cadence.Lead.region`; :meth:`where_lead_is` builds one), instead of one
            ``region`` for every lead. A lead's subdivision the ``holidays`` package does
            not know gets its country's holidays; a lead without a region only ``dates``.
    """

    dates: frozenset[date] = attrs.field(
        default=frozenset(), converter=_dates, validator=cv.converted(_to_dates, frozenset)
    )
    region: str | None = attrs.field(default=None, validator=_optional_text)
    subdiv: str | None = attrs.field(default=None, validator=_optional_text)
    lead_region: bool = attrs.field(
        default=False, validator=cv.is_a(bool, "true or false"), kw_only=True
    )

    def __attrs_post_init__(self) -> None:
        if self.subdiv is not None and self.region is None:
            raise InvalidValueError.at(
                Place("Holidays", "region"),
                expected=f"the country of subdivision {self.subdiv!r}, such as 'US'",
                got="None",
            )
        if self.lead_region and self.region is not None:
            raise InvalidValueError.at(
                Place("Holidays", "lead_region"),
                expected=f"false with region {self.region!r}: one region or the lead's",
                got="True",
            )
        if self.region is None and not self.dates and not self.lead_region:
            raise InvalidValueError.at(
                Place("Holidays", "dates"),
                expected="at least one date, a region, or lead_region=True",
            )
        if self.region is not None:
            country_days(self.region, self.subdiv, 2026)  # fail now, not while planning

    @classmethod
    def country(
        cls, code: str, subdiv: str | None = None, *, extra: Iterable[date | str] = ()
    ) -> Holidays:
        """The public holidays of country ``code`` (and ``subdiv``), plus ``extra`` dates.

        ``Holidays.country("US", subdiv="CA")`` skips US federal and California holidays.
        Needs the optional ``holidays`` package: ``pip install "cadence-rules[holidays]"``.
        """
        return cls(dates=_dates(extra), region=code, subdiv=subdiv)

    @classmethod
    def where_lead_is(cls, *, extra: Iterable[date | str] = ()) -> Holidays:
        """The public holidays of each lead's own region, plus ``extra`` dates.

        One cadence for leads in many countries: a lead in ``"US-CA"`` skips US federal and
        California holidays, one in ``"FR"`` French ones (:attr:`cadence.Lead.region`). Needs
        the ``holidays`` extra.
        """
        return cls(dates=_dates(extra), lead_region=True)

    def holiday(self, day: date, region: str | None = None) -> bool:
        """Whether the local date ``day`` is skipped, for a lead in ``region`` if given."""
        if day in self.dates:
            return True
        if self.region is not None:
            return day in country_days(self.region, self.subdiv, day.year)
        if self.lead_region and region is not None:
            country, subdiv = _calendar_of(region)
            return day in country_days(country, subdiv, day.year)
        return False

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to the start of the next day that is not a holiday."""
        region = state.lead.region if self.lead_region else None
        instant = state.in_every_zone(
            lambda at, zone: self._after(at, zone, region),
            candidate.at,
            what=self.describe,
            weekly=False,
        )
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def _after(self, instant: datetime, zone: tzinfo, region: str | None) -> datetime:
        """``instant``, or the start of the next day that is not a holiday on ``zone``'s clock."""
        day = instant.astimezone(zone).date()
        if not self.holiday(day, region):
            return instant
        while self.holiday(day, region):
            day += _ONE_DAY
        return day_start(day, zone, instant)

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"public holidays (US-CA)"`` or ``"holidays 2026-12-25, 2027-01-01"``."""
        parts = []
        if self.region is not None:
            where = self.region if self.subdiv is None else f"{self.region}-{self.subdiv}"
            parts.append(f"public holidays ({where})")
        if self.lead_region:
            parts.append("public holidays where the lead is")
        if self.dates:
            days = sorted(self.dates)
            shown = ", ".join(day.isoformat() for day in days[:3])
            if len(days) > 3:
                shown += f" and {len(days) - 3} more"
            parts.append(f"holidays {shown}")
        return " and ".join(parts)

    def __repr__(self) -> str:
        arguments = []
        if self.dates:
            arguments.append(f"dates={[day.isoformat() for day in sorted(self.dates)]!r}")
        if self.region is not None:
            arguments.append(f"region={self.region!r}")
        if self.subdiv is not None:
            arguments.append(f"subdiv={self.subdiv!r}")
        if self.lead_region:
            arguments.append("lead_region=True")
        return f"Holidays({', '.join(arguments)})"
