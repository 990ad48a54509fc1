"""The limit of calling laws: every rule of the table that covers where the lead is."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta, tzinfo

import attrs

from cadence._time import NEVER, clock_text, day_start
from cadence._zones import zone_names
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.compliance import (
    DAY_NAMES,
    JURISDICTIONS,
    CallingHours,
    DaysWithout,
    Jurisdiction,
    LawRule,
    jurisdictions_for,
)
from cadence.errors import UnsatisfiableError
from cadence.hours import Hours
from cadence.protocol.limit import Limit, settle
from cadence.region import (
    check_region,
    country_of,
    optional_region,
    region_name,
    subdivision_of,
)
from cadence.rules.frequency import FrequencyCap
from cadence.rules.holidays import country_days
from cadence.state import State
from cadence.weekday import Weekday

__all__ = ["Compliance"]

_ONE_DAY = timedelta(days=1)


@attrs.frozen
class _LawHours(Limit):
    """A law's calling hours as a limit: inside any of them, on every possible zone's clock."""

    hours: tuple[Hours, ...]

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        instant = state.in_every_zone(self.opening, candidate.at, what=self.describe)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def opening(self, instant: datetime, where: tzinfo) -> datetime:
        """The first instant at or after ``instant`` inside the hours on ``where``'s clock."""
        return min(hours.next_opening(instant, where) for hours in self.hours)

    @property
    def recurring(self) -> bool:
        return True

    def describe(self) -> str:
        return "calling hours " + ", ".join(hours.describe() for hours in self.hours)


@attrs.frozen
class _LawDays(Limit):
    """A law's days without touches as a limit: on none of them, on any possible zone's clock."""

    weekdays: frozenset[Weekday]
    holidays_of: str | None

    def closed(self, day: date) -> bool:
        """Whether the local date ``day`` allows no touch."""
        if day.weekday() in self.weekdays:
            return True
        region = self.holidays_of
        if region is None:
            return False
        return day in country_days(country_of(region), subdivision_of(region), day.year)

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        instant = state.in_every_zone(self.next_day, candidate.at, what=self.describe, weekly=False)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    def next_day(self, instant: datetime, where: tzinfo) -> datetime:
        """``instant``, or the start of the next day it allows on ``where``'s clock."""
        day = instant.astimezone(where).date()
        if not self.closed(day):
            return instant
        while self.closed(day):
            day += _ONE_DAY
        return day_start(day, where, instant)

    def describe(self) -> str:
        return "days without calls"


@attrs.frozen
class _Law:
    """One rule of one law, and the limit that applies it."""

    jurisdiction: Jurisdiction
    rule: LawRule
    limit: Limit


def _limit_of(jurisdiction: Jurisdiction, rule: LawRule) -> Limit:
    if isinstance(rule, CallingHours):
        return _LawHours(rule.hours)
    if isinstance(rule, DaysWithout):
        return _LawDays(rule.weekdays, jurisdiction.region if rule.holidays else None)
    return FrequencyCap(max=rule.max, per=rule.per, channels=rule.channels)


@functools.lru_cache(maxsize=256)
def _laws(region: str) -> tuple[_Law, ...]:
    return tuple(
        _Law(jurisdiction, rule, _limit_of(jurisdiction, rule))
        for jurisdiction in jurisdictions_for(region, JURISDICTIONS)
        for rule in jurisdiction.rules
    )


@attrs.frozen
class Compliance(Limit):
    """The calling laws where the lead is: every rule of the table that covers the lead.

    The table is :data:`cadence.compliance.JURISDICTIONS`. For a lead in ``"US-FL"`` the
    federal law and Florida's apply, each rule to the channels it covers (calls, texts;
    never email), and every one must hold: calling hours on each day of the week, days
    without calls (a Sunday, a state holiday, with the ``holidays`` extra), and caps over
    the history and the plan (3 calls or texts per 24 hours). Hours and days are judged
    on the lead's clock, in every zone the lead may be in
    (:attr:`~cadence.Lead.possible_timezones`). A touch before a law took effect, on the
    lead's calendar, is judged without it.

    A US lead whose state is unknown (region ``"US"``) gets every US law of the table,
    the strictest US rules: 09:00-20:00 from Monday to Saturday, no Sundays, no
    Louisiana holidays, 3 calls or texts per 24 hours. A lead without a region is judged
    by ``default_region``, or by no law at all when that is None.

    The table is help, not legal advice: see its date in :data:`cadence.compliance.CHECKED`.

    Args:
        default_region: The region of a lead without one, such as ``"US"``; None (the
            default): such a lead is judged by no law of the table.
    """

    default_region: str | None = attrs.field(
        default=None, converter=optional_region, validator=check_region
    )

    def region(self, state: State) -> str | None:
        """The region whose laws judge the lead of ``state``."""
        region = state.lead.region
        return self.default_region if region is None else region

    def laws(self, candidate: Candidate, state: State) -> tuple[Jurisdiction, ...]:
        """The laws that judge ``candidate``: in force on its day, covering its channel."""
        return tuple(dict.fromkeys(law.jurisdiction for law in self._in_force(candidate, state)))

    def _in_force(self, candidate: Candidate, state: State) -> tuple[_Law, ...]:
        region = self.region(state)
        if region is None:
            return ()
        laws = _laws(region)
        if not laws:
            return ()
        day = state.wall(candidate.at).date()
        channel = candidate.channel
        return tuple(
            law for law in laws if channel in law.rule.channels and law.jurisdiction.in_force(day)
        )

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The earliest candidate every rule of the lead's laws allows."""
        laws = self._in_force(candidate, state)
        if not laws:
            return candidate
        placed = candidate
        for _ in range(len(JURISDICTIONS) + 2):
            settled = settle([law.limit for law in laws], placed, state)
            if settled.never or settled.candidate is None:
                where = f" in {zone_names(state.zones)}"
                if len(state.zones) > 1:
                    where = f" in every time zone the lead may be in: {zone_names(state.zones)}"
                raise UnsatisfiableError(
                    f"the calling laws of {self.region(state)} never allow a time{where}"
                )
            placed = settled.candidate
            if placed.at >= NEVER:
                break
            # A law that takes effect by the new time judges it too.
            later = self._in_force(placed, state)
            if later == laws:
                break
            laws = later
        return candidate if placed.at == candidate.at else placed

    def explain(self, candidate: Candidate, state: State) -> str | None:
        """Which law ``candidate`` breaks, in words.

        Such as ``"a call at 20:15 in Florida, after 20:00 under the Florida Telephone
        Solicitation Act (Fla. Stat. § 501.616(6))"``.
        """
        for law in self._in_force(candidate, state):
            allowed = law.limit(candidate, state)
            if allowed is not None and allowed.at != candidate.at:
                return _words(law, candidate, state, self.region(state) or "")
        return None

    @property
    def recurring(self) -> bool:
        """True: calling hours and days come back every week; a cap's push is short."""
        return True

    def describe(self) -> str:
        """``"the calling laws where the lead is"``, and the region assumed when unknown."""
        if self.default_region is None:
            return "the calling laws where the lead is"
        return f"the calling laws where the lead is ({self.default_region} if unknown)"


def _words(law: _Law, candidate: Candidate, state: State, region: str) -> str:
    """A sentence that names the law ``candidate`` broke, for :meth:`Compliance.explain`."""
    what = "call" if candidate.channel is Channel.CALL else "text"
    jurisdiction = law.jurisdiction
    place = region_name(region)
    if subdivision_of(region) is None and jurisdiction.region != region:
        place += " (state unknown, so every state's rules apply)"
    under = f"under the {jurisdiction.law} ({jurisdiction.citation})"
    local = candidate.at.astimezone(_breaking_zone(law.limit, candidate, state))
    clock = clock_text(local.time().replace(second=0, microsecond=0))
    if len(state.zones) > 1:
        clock += f" {zone_names((local.tzinfo,))} time"  # type: ignore[arg-type]
    rule = law.rule
    if isinstance(rule, CallingHours):
        when, why = _outside(rule, local, clock)
        return f"a {what} {when} in {place}, {why} {under}"
    if isinstance(rule, DaysWithout):
        if local.weekday() in rule.weekdays:
            day = f"on a {DAY_NAMES[local.weekday()]}"
            return f"a {what} {day} in {place}, a day without calls {under}"
        day = f"on {local.date().isoformat()}"
        return f"a {what} {day} in {place}, a state holiday without calls {under}"
    return f"a {what} in {place} over {rule.describe()} {under}"


def _breaking_zone(limit: Limit, candidate: Candidate, state: State) -> tzinfo:
    """The first of the lead's zones on whose clock ``candidate`` breaks ``limit``."""
    step = getattr(limit, "opening", None) or getattr(limit, "next_day", None)
    if step is not None:
        for zone in state.zones:
            if step(candidate.at, zone) != candidate.at:
                return zone
    return state.zone


def _outside(rule: CallingHours, local: datetime, clock: str) -> tuple[str, str]:
    """When a touch was and why that is outside a law's hours: ``("at 20:15", "after 20:00")``."""
    hours = rule.on(Weekday(local.weekday()))
    if hours is None:
        return f"on a {DAY_NAMES[local.weekday()]} at {clock}", "a day without calls"
    if local.time() < hours.start:
        return f"at {clock}", f"before {clock_text(hours.start)}"
    if local.time() == hours.end:
        return f"at {clock}", "when calling hours end"
    return f"at {clock}", f"after {clock_text(hours.end)}"
