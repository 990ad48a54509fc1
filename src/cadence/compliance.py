"""Calling laws by jurisdiction, as data: hours, days without calls, and caps.

:data:`JURISDICTIONS` is the table: one :class:`Jurisdiction` per law, each with the rules
it sets (:class:`CallingHours`, :class:`DaysWithout`, :class:`TouchCap`), the channels each
rule covers (calls and texts; never email), where the law was read, when it took effect
and when the entry was last checked. The limit :class:`~cadence.rules.Compliance` applies
every rule of the table that covers a lead's region (:attr:`cadence.Lead.region`).

The table is help, not legal advice: it was checked on :data:`CHECKED` against a summary
of the sources, and entries marked ``secondary`` were seen only in secondary sources.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from typing import Final, TypeAlias

import attrs

from cadence import _convert as cv
from cadence._repr import definition_order
from cadence.channels import Channel
from cadence.errors import InvalidValueError
from cadence.hours import Hours
from cadence.region import country_of, region_name, subdivision_of, to_region
from cadence.span import Span, to_span
from cadence.weekday import EVERY_DAY, Weekday

__all__ = [
    "CALLS",
    "CALLS_AND_TEXTS",
    "CHECKED",
    "DAY_NAMES",
    "JURISDICTIONS",
    "CallingHours",
    "DaysWithout",
    "Jurisdiction",
    "LawRule",
    "TouchCap",
    "jurisdictions_for",
    "table",
]

CALLS: Final = frozenset({Channel.CALL})
"""The channels of a law about telephone calls only."""
CALLS_AND_TEXTS: Final = frozenset({Channel.CALL, Channel.SMS})
"""The channels of a law that counts text messages as calls."""
CHECKED: Final = date(2026, 12, 2)
"""When the table was last checked (against a summary of its sources)."""

DAY_NAMES: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""The English names of the days of the week, Monday first."""


def _refused(expected: str, got: object) -> InvalidValueError:
    return InvalidValueError.at(None, expected=expected, got=repr(got))


def _law_channels(values: object) -> frozenset[Channel]:
    channels = cv.channel_set(values)  # type: ignore[arg-type]
    if not channels or not channels <= CALLS_AND_TEXTS:
        raise _refused("calls, texts or both (a calling law does not cover email)", values)
    return channels


def _channels_text(channels: frozenset[Channel]) -> str:
    names = {Channel.CALL: "calls", Channel.SMS: "texts"}
    return " and ".join(names[channel] for channel in sorted(channels, key=definition_order))


def _hours_tuple(values: object) -> tuple[Hours, ...]:
    if isinstance(values, Hours):
        return (values,)
    if not isinstance(values, Iterable):
        raise _refused("one or more Hours values", values)
    hours = tuple(values)
    if not hours or not all(isinstance(item, Hours) for item in hours):
        raise _refused("one or more Hours values", values)
    return hours


@attrs.frozen
class CallingHours:
    """Touch only inside these hours on the called party's clock.

    A day of the week that none of the hours lists allows no touch at all.

    Args:
        hours: The allowed hours, one :class:`~cadence.Hours` per set of days with the same
            times, such as Mon-Sat 09:00-21:00 and Sun 12:00-21:00.
        channels: The channels the rule covers.
    """

    hours: tuple[Hours, ...] = attrs.field(converter=_hours_tuple)
    channels: frozenset[Channel] = attrs.field(default=CALLS_AND_TEXTS, converter=_law_channels)

    def on(self, day: Weekday) -> Hours | None:
        """The hours that hold on ``day``, or None if the day allows no touch."""
        for hours in self.hours:
            if day in hours.days:
                return hours
        return None

    def describe(self) -> str:
        """Such as ``"08:00-20:00"`` or ``"Mon-Sat 09:00-21:00, Sun 12:00-21:00"``."""
        parts = []
        for hours in self.hours:
            clock = f"{hours.start:%H:%M}-{hours.end:%H:%M}"
            parts.append(clock if hours.days == EVERY_DAY else f"{hours.describe()}")
        return ", ".join(parts)


@attrs.frozen
class DaysWithout:
    """Days on which the law allows no touch at all.

    Args:
        weekdays: Days of the week without touches, such as Sunday.
        holidays: Whether the jurisdiction's own public holidays (a state's legal holidays)
            allow none either; they come from the ``holidays`` extra.
        channels: The channels the rule covers.
    """

    weekdays: frozenset[Weekday] = attrs.field(default=frozenset(), converter=cv.weekdays)
    holidays: bool = False
    channels: frozenset[Channel] = attrs.field(default=CALLS_AND_TEXTS, converter=_law_channels)

    def describe(self) -> str:
        """Such as ``"no Sundays, no state holidays"``."""
        parts = [f"no {DAY_NAMES[day]}s" for day in sorted(self.weekdays)]
        if self.holidays:
            parts.append("no state holidays")
        return ", ".join(parts)


def _at_least_one(instance: object, attribute: attrs.Attribute[int], value: object) -> None:
    del instance, attribute
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _refused("a whole number of at least 1", value)


@attrs.frozen
class TouchCap:
    """At most ``max`` touches on the covered channels in any rolling window of ``per``.

    Args:
        max: Touches allowed per window.
        per: The window, such as ``"24 hours"``.
        channels: The channels counted and limited, together.
        note: What else the law says about the cap, such as ``"on the same subject"``.
    """

    max: int = attrs.field(validator=_at_least_one)
    per: Span = attrs.field(converter=to_span)
    channels: frozenset[Channel] = attrs.field(default=CALLS_AND_TEXTS, converter=_law_channels)
    note: str = ""

    def describe(self) -> str:
        """Such as ``"3 calls or texts per 24 hours"``."""
        what = _channels_text(self.channels).replace(" and ", " or ")
        note = f" {self.note}" if self.note else ""
        return f"{self.max} {what} per {self.per}{note}"


LawRule: TypeAlias = CallingHours | DaysWithout | TouchCap
"""One rule of a law."""


def _rules(values: object) -> tuple[LawRule, ...]:
    if not isinstance(values, Iterable):
        raise _refused("one or more rules: CallingHours, DaysWithout or TouchCap", values)
    rules = tuple(values)
    if not rules or not all(
        isinstance(rule, CallingHours | DaysWithout | TouchCap) for rule in rules
    ):
        raise _refused("one or more rules: CallingHours, DaysWithout or TouchCap", values)
    return rules


@attrs.frozen
class Jurisdiction:
    """One law of the table, with the rules it sets and where it was read.

    Args:
        region: Where it applies: a country (``"US"``, the federal law) or a subdivision
            (``"US-FL"``).
        law: The law's name, such as ``"Florida Telephone Solicitation Act"``.
        citation: Its section, such as ``"Fla. Stat. § 501.616(6)"``.
        source: Where it was read: an address, or the citation the summary gave.
        effective: The date it took effect, on the lead's calendar; None for a law in force
            for decades, whose date the table does not record (it always applies).
        checked: When the entry was last checked.
        rules: Its rules.
        secondary: Whether the entry was seen only in secondary sources.
        note: Anything else worth knowing about it.
    """

    region: str = attrs.field(converter=to_region)
    law: str
    citation: str
    source: str
    effective: date | None
    checked: date
    rules: tuple[LawRule, ...] = attrs.field(converter=_rules)
    secondary: bool = False
    note: str = ""

    @property
    def name(self) -> str:
        """Where it applies, in prose: ``"Florida"``, ``"the United States"``."""
        return region_name(self.region)

    def in_force(self, day: date) -> bool:
        """Whether the law applies on the local date ``day``."""
        return self.effective is None or self.effective <= day

    def covers(self, region: str) -> bool:
        """Whether the law applies to a lead in ``region`` (a region in normal form)."""
        return self.region in {region, country_of(region)}

    def rules_of(self, kind: type[LawRule]) -> tuple[LawRule, ...]:
        """Its rules of one kind, such as :class:`TouchCap`."""
        return tuple(rule for rule in self.rules if isinstance(rule, kind))


def _hours(start: int | time, end: time | int, days: object = EVERY_DAY) -> Hours:
    def clock(value: int | time) -> time:
        return value if isinstance(value, time) else time(value)

    return Hours(days=days, start=clock(start), end=clock(end))  # type: ignore[arg-type]


_MON_SAT = ("mon", "tue", "wed", "thu", "fri", "sat")
_THREE_A_DAY = TouchCap(3, "24 hours", note="on the same subject")

JURISDICTIONS: Final[tuple[Jurisdiction, ...]] = (
    Jurisdiction(
        "US",
        "Telephone Consumer Protection Act",
        "47 CFR § 64.1200(c)(1)",
        "https://www.ecfr.gov/current/title-47/section-64.1200",
        date(1992, 12, 20),
        CHECKED,
        (CallingHours(_hours(8, 21)),),
        note="The FCC treats text messages as calls under the TCPA.",
    ),
    Jurisdiction(
        "US-FL",
        "Florida Telephone Solicitation Act",
        "Fla. Stat. § 501.616(6)",
        "https://www.flsenate.gov/Session/Bill/2021/1120",
        date(2021, 7, 1),
        CHECKED,
        (CallingHours(_hours(8, 20)), _THREE_A_DAY),
        note="Its telephonic sales calls include text messages.",
    ),
    Jurisdiction(
        "US-OK",
        "Oklahoma Telephone Solicitation Act of 2022",
        "Okla. Stat. tit. 15, § 775C.4",
        "Oklahoma HB 3168 (2022)",
        date(2022, 11, 1),
        CHECKED,
        (CallingHours(_hours(8, 20)), _THREE_A_DAY),
        note="A number with an Oklahoma area code is presumed to be an Oklahoma resident's.",
    ),
    Jurisdiction(
        "US-MD",
        "Maryland Stop the Spam Calls Act of 2023",
        "Md. Code, Com. Law § 14-4501 ff.",
        "Maryland SB 90 (2023)",
        date(2024, 1, 1),
        CHECKED,
        (CallingHours(_hours(8, 20)), TouchCap(3, "24 hours", note="on the same subject")),
        secondary=True,
    ),
    Jurisdiction(
        "US-WA",
        "Washington Commercial Telephone Solicitation Act",
        "RCW 19.158.040",
        "https://app.leg.wa.gov/RCW/default.aspx?cite=19.158.040",
        None,
        CHECKED,
        (CallingHours(_hours(8, 20), channels=CALLS),),
    ),
    Jurisdiction(
        "US-LA",
        "Louisiana telephone solicitation law",
        "La. R.S. 45:811",
        "Louisiana RS 45:811",
        None,
        CHECKED,
        (
            DaysWithout(weekdays=("sun",), holidays=True, channels=CALLS),
            CallingHours(_hours(8, 20, _MON_SAT), channels=CALLS),
        ),
    ),
    Jurisdiction(
        "US-TX",
        "Texas telephone solicitation law",
        "Tex. Bus. & Com. Code § 301.051",
        "Tex. Bus. & Com. Code § 301.051",
        date(2009, 4, 1),
        CHECKED,
        (CallingHours((_hours(9, 21, _MON_SAT), _hours(12, 21, ("sun",))), channels=CALLS),),
        secondary=True,
    ),
    Jurisdiction(
        "US-DC",
        "District of Columbia telephone solicitation law",
        "D.C. Code § 22-3226.08",
        "https://code.dccouncil.gov/us/dc/council/code/sections/22-3226.08",
        None,
        CHECKED,
        (CallingHours(_hours(8, 21), channels=CALLS),),
    ),
    Jurisdiction(
        "US-CT",
        "Connecticut telemarketing law",
        "Conn. Public Act 23-98",
        "Connecticut PA 23-98",
        date(2023, 10, 1),
        CHECKED,
        (CallingHours(_hours(9, 20)),),
        secondary=True,
    ),
    Jurisdiction(
        "CA",
        "CRTC Unsolicited Telecommunications Rules",
        "Telemarketing Rules, Part III",
        "https://crtc.gc.ca/eng/trules-reglest.htm",
        date(2008, 9, 30),
        CHECKED,
        (
            CallingHours(
                (_hours(9, time(21, 30), ("mon", "tue", "wed", "thu", "fri")),
                 _hours(10, 18, ("sat", "sun"))),
                channels=CALLS,
            ),
        ),
    ),
)  # fmt: skip
"""The table of calling laws, federal first, then the states and provinces."""


def jurisdictions_for(
    region: str | None, table: tuple[Jurisdiction, ...] = JURISDICTIONS
) -> tuple[Jurisdiction, ...]:
    """The laws of ``table`` that apply to a lead in ``region``.

    A country's own laws and those of the region itself. A US lead whose state is unknown
    (region ``"US"``) gets every US law of the table, state laws included: the strictest
    US rules, as every one of them must hold.
    """
    if region is None:
        return ()
    region = to_region(region)
    if country_of(region) == "US" and subdivision_of(region) is None:
        return tuple(law for law in table if country_of(law.region) == "US")
    return tuple(law for law in table if law.covers(region))


def _cell(rules: tuple[LawRule, ...]) -> str:
    if not rules:
        return "—"
    shown = []
    for rule in rules:
        covers = "" if rule.channels == CALLS_AND_TEXTS else f" ({_channels_text(rule.channels)})"
        shown.append(rule.describe() + covers)
    return "; ".join(shown)


def table(laws: tuple[Jurisdiction, ...] = JURISDICTIONS) -> str:
    """The table as Markdown, for the docs: jurisdiction, law, hours, days, cap, source.

    A rule's channels are named when it does not cover both calls and texts.
    """
    lines = [
        (
            "| jurisdiction | law | hours (called party's clock) | days | cap | source | "
            "in force from | last checked |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for law in laws:
        source = law.source + (" — secondary" if law.secondary else "")
        effective = "long in force" if law.effective is None else law.effective.isoformat()
        lines.append(
            f"| {law.region} ({law.name}) | {law.law}, {law.citation} "
            f"| {_cell(law.rules_of(CallingHours))} | {_cell(law.rules_of(DaysWithout))} "
            f"| {_cell(law.rules_of(TouchCap))} | {source} | {effective} "
            f"| {law.checked.isoformat()} |"
        )
    return "\n".join(lines) + "\n"
