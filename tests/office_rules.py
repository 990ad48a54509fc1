"""A CRM developer's own module of rules, as it would register them for configuration.

Nothing here comes from ``cadence``'s private modules: the rule uses attrs, the public value
types, and :meth:`cadence.CadenceError.at` to say which of its fields it refuses.
"""

from __future__ import annotations

import enum

import attrs

from cadence import Candidate, InvalidValueError, Period, Span, State, Weekday
from cadence.errors import Place
from cadence.rules import Limit


class Team(enum.Enum):
    """Whose office it is."""

    SALES = "sales"
    SUPPORT = "support"


def _some_days(
    instance: object, attribute: attrs.Attribute[frozenset[Weekday]], value: object
) -> None:
    if not value:
        raise InvalidValueError.at(
            Place.of(instance, attribute), expected="at least one day", got="none"
        )


@attrs.frozen
class OfficeClosed(Limit):
    """No touch on the days the office is closed.

    Args:
        days: The days of the week the office is closed.
        closures: Periods of the lead's local time when it is closed too (a move).
        team: Whose office it is.
        note: A note for the rep, if any.
        grace: How long after the office opens before the first touch.
        per_day: How many touches the office makes a day, from 1 to 9.
    """

    days: frozenset[Weekday] = attrs.field(converter=frozenset, validator=_some_days)
    closures: tuple[Period, ...] = ()
    team: Team = Team.SALES
    note: str | None = None
    grace: Span = attrs.field(factory=Span)
    per_day: int = attrs.field(default=3, validator=attrs.validators.in_(range(1, 10)))

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        """Veto a touch on a closed day (the office's own calendar is the CRM's business)."""
        closed = candidate.at.astimezone(state.zone).weekday() in self.days
        return None if closed else candidate

    def describe(self) -> str:
        """Such as ``"the sales office is closed on Sat, Sun"``."""
        days = ", ".join(day.label for day in sorted(self.days))
        return f"the {self.team.value} office is closed on {days}"


@attrs.frozen
class Unregistered(Limit):
    """A limit nobody registered."""

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        """Allow everything."""
        del state
        return candidate

    def describe(self) -> str:
        """Nothing."""
        return "nothing"
