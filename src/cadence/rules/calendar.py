"""Calendar limits: local hours, days and periods in which the lead is not touched."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

import attrs

from cadence import _convert as cv
from cadence._time import at_wall, clock_text, resolve_after, to_clock
from cadence.candidate import Candidate
from cadence.errors import InvalidTypeError, InvalidValueError, MissingExtraError, Place
from cadence.period import Period, to_periods
from cadence.protocol.combination import NO_LOOKBACK
from cadence.protocol.limit import Limit
from cadence.span import Span
from cadence.state import State

__all__ = ["Blackout", "Holidays", "QuietHours"]

_ONE_DAY = timedelta(days=1)
_MIDNIGHT = time()


@attrs.frozen(repr=False)
class QuietHours(Limit):
    """Never touch between ``start`` and ``end`` on the lead's clock, every day.

    The span may wrap midnight: ``QuietHours(start="21:00", end="08:00")`` is quiet from
    21:00 (included) to 08:00 (excluded). A touch inside moves to ``end``.

    Args:
        start: Local time the quiet hours begin.
        end: Local time they end; different from ``start``.
    """

    start: time = attrs.field(converter=cv.clock, validator=cv.converted(to_clock, time))
    end: time = attrs.field(converter=cv.clock, validator=cv.converted(to_clock, time))

    def __attrs_post_init__(self) -> None:
        if self.start == self.end:
            raise InvalidValueError.at(
                Place("QuietHours", "end"),
                expected=f"a time other than start {clock_text(self.start)}",
            )

    @classmethod
    def tcpa(cls) -> QuietHours:
        """US TCPA calling hours: nothing before 08:00 or at or after 21:00, lead's time."""
        return cls(start=time(21), end=time(8))

    def quiet(self, clock: time) -> bool:
        """Whether a local clock time falls inside the quiet hours."""
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to the end of the quiet hours it falls in."""
        local = candidate.at.astimezone(state.zone)
        clock = local.time()
        if not self.quiet(clock):
            return candidate
        day = local.date()
        if self.start > self.end and clock >= self.start:
            day += _ONE_DAY
        end = resolve_after(datetime.combine(day, self.end), state.zone, candidate.at)
        return candidate.moved_to(end)

    @property
    def recurring(self) -> bool:
        """True: quiet hours come every day."""
        return True

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"quiet hours 21:00-08:00"``."""
        return f"quiet hours {clock_text(self.start)}-{clock_text(self.end)}"

    def __repr__(self) -> str:
        return f"QuietHours(start={clock_text(self.start)!r}, end={clock_text(self.end)!r})"


def _periods(values: Any) -> tuple[Period, ...]:
    return cv.lenient(to_periods, values)


@attrs.frozen(repr=False)
class Blackout(Limit):
    """No touch inside these periods of the lead's local time (a vacation they told about).

    A touch inside a period moves to its end.

    Args:
        periods: :class:`~cadence.Period` values or ``(start, end)`` pairs of dates, local
            datetimes or ISO text: ``Blackout([("2026-07-01", "2026-07-14")])``.
    """

    periods: tuple[Period, ...] = attrs.field(
        converter=_periods, validator=cv.converted(to_periods, tuple)
    )

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to the end of the period it falls in."""
        zone = state.zone
        instant = candidate.at
        wall = instant.astimezone(zone).replace(tzinfo=None)
        for period in self.periods:
            if wall in period:
                instant = resolve_after(period.end, zone, instant)
                wall = instant.astimezone(zone).replace(tzinfo=None)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    @property
    def lookback(self) -> Span:
        """Zero: it reads only what the state keeps, never past touches."""
        return NO_LOOKBACK

    def describe(self) -> str:
        """Such as ``"blackout 2026-07-01 to 2026-07-14"``."""
        return "blackout " + ", ".join(period.describe() for period in self.periods)

    def __repr__(self) -> str:
        return "Blackout(" + repr(list(self.periods)) + ")"


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
def _country_days(country: str, subdiv: str | None, year: int) -> frozenset[date]:
    module = _holidays_module()
    try:
        calendar = module.country_holidays(country, subdiv=subdiv, years=year)
    except Exception:  # noqa: BLE001 - the package reports a bad code in several ways
        raise _unknown_code(module, country, subdiv, year) from None
    return frozenset(calendar)


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
    """

    dates: frozenset[date] = attrs.field(
        default=frozenset(), converter=_dates, validator=cv.converted(_to_dates, frozenset)
    )
    region: str | None = attrs.field(default=None, validator=_optional_text)
    subdiv: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.subdiv is not None and self.region is None:
            raise InvalidValueError.at(
                Place("Holidays", "region"),
                expected=f"the country of subdivision {self.subdiv!r}, such as 'US'",
                got="None",
            )
        if self.region is None and not self.dates:
            raise InvalidValueError.at(
                Place("Holidays", "dates"), expected="at least one date, or a region"
            )
        if self.region is not None:
            _country_days(self.region, self.subdiv, 2026)  # fail now, not while planning

    @classmethod
    def country(
        cls, code: str, subdiv: str | None = None, *, extra: Iterable[date | str] = ()
    ) -> Holidays:
        """The public holidays of country ``code`` (and ``subdiv``), plus ``extra`` dates.

        ``Holidays.country("US", subdiv="CA")`` skips US federal and California holidays.
        Needs the optional ``holidays`` package: ``pip install "cadence-rules[holidays]"``.
        """
        return cls(dates=_dates(extra), region=code, subdiv=subdiv)

    def holiday(self, day: date) -> bool:
        """Whether the local date ``day`` is skipped."""
        if day in self.dates:
            return True
        return self.region is not None and day in _country_days(self.region, self.subdiv, day.year)

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to the start of the next day that is not a holiday."""
        day = candidate.at.astimezone(state.zone).date()
        if not self.holiday(day):
            return candidate
        while self.holiday(day):
            day += _ONE_DAY
        return candidate.moved_to(max(at_wall(day, _MIDNIGHT, state.zone), candidate.at))

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
        return f"Holidays({', '.join(arguments)})"
