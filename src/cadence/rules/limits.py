"""Limits: constraints that move a candidate touch later, drop its voicemail, or veto it."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import NamedTuple

import attrs

from cadence import _convert as cv
from cadence._repr import operator_repr, span_repr
from cadence._time import NEVER, shift_back, to_clock
from cadence.candidate import Candidate
from cadence.errors import (
    CadenceError,
    InvalidTypeError,
    InvalidValueError,
    Place,
    UnsatisfiableError,
)
from cadence.hours import Hours, check_span, hours_arguments, hours_text, next_opening
from cadence.span import Span, to_span
from cadence.state import State
from cadence.weekday import WEEKDAYS, Weekday

__all__ = [
    "AllLimits",
    "AnyLimit",
    "ContactWindow",
    "Limit",
    "Settled",
    "Snooze",
    "VoicemailLimit",
    "settle",
]

_ONE_DAY = timedelta(days=1)


class Limit(abc.ABC):
    """A constraint on when and how a touch may happen.

    One method, :meth:`allow`, answers both of the library's questions. For planning: what is
    the earliest touch at or after this candidate that the limit allows? For auditing: did
    this touch break the limit? (It did if :meth:`allow` would change it.)

    ``a | b`` allows what either allows (two contact windows); ``a & b`` what both allow.
    """

    __slots__ = ()

    @abc.abstractmethod
    def allow(self, candidate: Candidate, state: State) -> Candidate | None:
        """The earliest version of ``candidate`` this limit allows.

        Return ``candidate`` itself when it is allowed as it is, a copy moved later
        (:meth:`Candidate.moved_to`) or without its voicemail
        (:meth:`Candidate.without_voicemail`), or None to veto it. Moving never goes
        earlier (:func:`~cadence.plan` and :func:`~cadence.audit` refuse a limit that
        does), and the answer for a later candidate is never earlier: the planner applies
        every limit until none changes the candidate.
        """

    @abc.abstractmethod
    def describe(self) -> str:
        """The limit in words, such as ``"contact window Mon-Fri 09:00-18:00"``."""

    @property
    def recurring(self) -> bool:
        """Whether this limit's pushes repeat week after week on the lead's clock.

        True for contact windows and quiet hours: when limits like these alone keep pushing
        a touch for more than two weeks, they never agree, and planning says so
        (:class:`~cadence.UnsatisfiableError`). False (the default) for a limit whose push
        ends, however far away: a snooze, a blackout, a gap, a cap, holidays. A push of that
        kind past the horizon is the horizon's answer.
        """
        return False

    @property
    def contact_hours(self) -> bool:
        """Whether this limit only sets the hours a lead may be contacted in.

        True for contact windows: a lead's own best times (:attr:`cadence.Lead.best_times`)
        replace the cadence's limits of this kind for that lead. False by default.
        """
        return False

    def __or__(self, other: Limit) -> AnyLimit:
        if not isinstance(other, Limit):
            return NotImplemented
        return AnyLimit(self, other)

    def __and__(self, other: Limit) -> AllLimits:
        if not isinstance(other, Limit):
            return NotImplemented
        return AllLimits(self, other)


@attrs.frozen(repr=False)
class ContactWindow(Limit):
    """Touch only on these days, between these local times (start included, end excluded).

    Judged on the lead's wall clock. A touch outside moves to the next opening; where the
    opening falls in a spring-forward gap, it moves to the first instant after the gap.

    Args:
        days: Days of the week, by default Monday to Friday.
        start: Local opening time, such as ``"09:00"``.
        end: Local closing time, later than ``start``.
    """

    days: frozenset[Weekday] = attrs.field(
        default=WEEKDAYS,
        converter=cv.weekdays,
        validator=cv.converted(cv.to_some_weekdays, frozenset),
    )
    start: time = attrs.field(
        default=time(9), converter=cv.clock, validator=cv.converted(to_clock, time)
    )
    end: time = attrs.field(
        default=time(18), converter=cv.clock, validator=cv.converted(to_clock, time)
    )

    def __attrs_post_init__(self) -> None:
        check_span("ContactWindow", self.start, self.end)

    @classmethod
    def of(cls, hours: Hours) -> ContactWindow:
        """The contact window of ``hours``: touch only inside them."""
        if not isinstance(hours, Hours):
            raise InvalidTypeError.at(
                Place("ContactWindow", "hours"),
                expected="hours such as Hours(start='09:00', end='17:00')",
                got=repr(hours),
            )
        return cls(days=hours.days, start=hours.start, end=hours.end)

    @property
    def hours(self) -> Hours:
        """The window's days and clock times, as a value."""
        return Hours(days=self.days, start=self.start, end=self.end)

    def allow(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate if inside the window, else moved to the next opening."""
        instant = next_opening(self.days, self.start, self.end, candidate.at, state.zone)
        return candidate if instant == candidate.at else candidate.moved_to(instant)

    @property
    def recurring(self) -> bool:
        """True: a window opens every week."""
        return True

    @property
    def contact_hours(self) -> bool:
        """True: a lead's own best times replace it."""
        return True

    def describe(self) -> str:
        """Such as ``"contact window Mon-Fri 09:00-18:00"``."""
        return f"contact window {hours_text(self.days, self.start, self.end)}"

    def __repr__(self) -> str:
        return f"ContactWindow({hours_arguments(self.days, self.start, self.end)})"


@attrs.frozen(repr=False)
class VoicemailLimit(Limit):
    """At most ``max`` voicemails in any rolling window of ``per``.

    A call over the limit still happens, but hangs up at voicemail.

    Args:
        max: Voicemails allowed per window (one by default).
        per: The window, by default a week (seven calendar days).
    """

    max: int = attrs.field(default=1, validator=cv.at_least(0))
    per: Span = attrs.field(
        default=Span(days=7), converter=cv.span, validator=cv.converted(to_span, Span)
    )

    def __attrs_post_init__(self) -> None:
        if self.per.is_zero:
            raise InvalidValueError.at(
                Place("VoicemailLimit", "per"), expected="a window longer than zero"
            )

    def allow(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, without its voicemail if the window already holds ``max``."""
        if not candidate.voicemail:
            return candidate
        since = shift_back(candidate.at, self.per, state.zone)
        if state.voicemails_after(since) >= self.max:
            return candidate.without_voicemail()
        return candidate

    def describe(self) -> str:
        """Such as ``"at most 1 voicemail per 1 week"``."""
        noun = "voicemail" if self.max == 1 else "voicemails"
        return f"at most {self.max} {noun} per {self.per}"

    def __repr__(self) -> str:
        return f"VoicemailLimit(max={self.max}, per={span_repr(self.per)})"


@attrs.frozen
class Snooze(Limit):
    """No touch before a snooze ends ("call me in three weeks").

    The planner always applies this limit, whether or not a cadence names it.
    """

    def allow(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, moved to the end of the lead's snooze if it falls before it."""
        until = state.snoozed_until
        if until is not None and candidate.at < until:
            return candidate.moved_to(until)
        return candidate

    def describe(self) -> str:
        """``"the lead's snooze"``."""
        return "the lead's snooze"


_NEVER_AGREE = timedelta(days=15)
_MAX_MOVES = 10_000


class Settled(NamedTuple):
    """Where limits settle a candidate: the candidate they all allow, or why there is none.

    Attributes:
        candidate: The earliest candidate every limit allows, at or after the one asked
            about (at :data:`~cadence._time.NEVER` when that lies past the end of the
            calendar); None when a limit vetoes it or the limits never agree.
        moved_by: The limits that moved it or took its voicemail away, in order.
        vetoed_by: The limit that vetoed it, if one did.
        never: Whether the limits never agree on a time (recurring limits kept pushing for
            more than two weeks, or the limits kept moving it without end).
    """

    candidate: Candidate | None
    moved_by: tuple[Limit, ...]
    vetoed_by: Limit | None = None
    never: bool = False


def settle(limits: Iterable[Limit], candidate: Candidate, state: State) -> Settled:
    """Apply every limit to ``candidate`` until none changes it: the fixpoint.

    Each limit moves the candidate to its earliest allowed version; as every limit is
    monotone, the first candidate they all allow is reached by applying them in turn. The
    planner and :class:`AllLimits` both settle this way.

    Raises:
        CadenceError: for a limit that moves a touch earlier.
    """
    members = tuple(limits)
    settling = _Settling(candidate)
    for _ in range(_MAX_MOVES):
        before = settling.candidate
        for limit in members:
            ended = settling.apply(limit, state)
            if ended is not None:
                return ended
        if settling.candidate is before or settling.candidate.at >= NEVER:
            return Settled(settling.candidate, tuple(settling.moved_by))
    return Settled(None, tuple(settling.moved_by), never=True)


class _Settling:
    """A candidate on its way to the fixpoint, and the limits that moved it so far."""

    __slots__ = ("_recurring_since", "candidate", "moved_by")

    def __init__(self, candidate: Candidate) -> None:
        self.candidate = candidate
        self.moved_by: list[Limit] = []
        # Where the current run of pushes by recurring limits alone began: limits that never
        # agree are told from limits that push far by what pushes, not by how far.
        self._recurring_since: datetime | None = None

    def apply(self, limit: Limit, state: State) -> Settled | None:
        """Let ``limit`` move the candidate; a result when that ends the settling."""
        candidate = self.candidate
        try:
            allowed = limit.allow(candidate, state)
        except OverflowError:  # a limit whose next opening lies past the calendar's end
            return Settled(candidate.moved_to(NEVER), tuple(self.moved_by))
        except UnsatisfiableError:  # a combination whose members never agree
            return Settled(None, (*self.moved_by, limit), never=True)
        if allowed is None:
            return Settled(None, tuple(self.moved_by), vetoed_by=limit)
        if allowed is candidate or not _changed(limit, candidate, allowed):
            return None
        if self._never_agree(limit, candidate, allowed):
            return Settled(None, tuple(self.moved_by), never=True)
        if limit not in self.moved_by:
            self.moved_by.append(limit)
        self.candidate = allowed
        return None

    def _never_agree(self, limit: Limit, candidate: Candidate, allowed: Candidate) -> bool:
        if allowed.at == candidate.at:
            return False
        if not limit.recurring:
            self._recurring_since = None
            return False
        if self._recurring_since is None:
            self._recurring_since = candidate.at
        return allowed.at - self._recurring_since > _NEVER_AGREE


def _changed(limit: Limit, candidate: Candidate, allowed: Candidate) -> bool:
    """Whether a limit's answer differs from the candidate; a move earlier is refused."""
    if allowed.at < candidate.at:
        raise CadenceError(
            f"{limit!r} moved a touch earlier, from {candidate.at.isoformat()} to "
            f"{allowed.at.isoformat()}; a limit may only move touches later"
        )
    return allowed.at != candidate.at or allowed.voicemail != candidate.voicemail


def _flatten(kind: type[AnyLimit | AllLimits], values: tuple[Limit, ...]) -> tuple[Limit, ...]:
    members: list[Limit] = []
    for value in values:
        if isinstance(value, kind):
            members.extend(value.limits)
        elif isinstance(value, Limit):
            members.append(value)
        else:
            raise InvalidTypeError.at(
                Place(kind.__name__, "limits"), expected="a limit", got=repr(value)
            )
    if not members:
        raise InvalidValueError.at(Place(kind.__name__, "limits"), expected="at least one limit")
    return tuple(members)


@attrs.frozen(init=False, repr=False)
class AnyLimit(Limit):
    """Allows what any of its limits allows: ``ContactWindow(...) | ContactWindow(...)``.

    The earliest answer among the members wins; it vetoes only when all of them do.

    Args:
        limits: The members, at least one; an ``AnyLimit`` among them is flattened into it.
    """

    limits: tuple[Limit, ...]

    def __init__(self, *limits: Limit) -> None:
        self.__attrs_init__(_flatten(AnyLimit, limits))

    @property
    def recurring(self) -> bool:
        """Whether every member is recurring."""
        return all(limit.recurring for limit in self.limits)

    @property
    def contact_hours(self) -> bool:
        """Whether every member only sets contact hours."""
        return all(limit.contact_hours for limit in self.limits)

    def allow(self, candidate: Candidate, state: State) -> Candidate | None:
        """The earliest of the members' answers (keeping a voicemail on a tie)."""
        best: Candidate | None = None
        never = 0
        for limit in self.limits:
            try:
                allowed = limit.allow(candidate, state)
            except UnsatisfiableError:  # a member that can never allow: its veto
                never += 1
                continue
            if allowed is None:
                continue
            if allowed is candidate:
                return candidate
            if best is None or (allowed.at, not allowed.voicemail) < (best.at, not best.voicemail):
                best = allowed
        if never == len(self.limits):
            raise UnsatisfiableError(f"none of these limits ever allows a time: {self.describe()}")
        return best

    def describe(self) -> str:
        """The members' descriptions joined with "or"."""
        return " or ".join(limit.describe() for limit in self.limits)

    def __repr__(self) -> str:
        return operator_repr("AnyLimit", "|", self.limits)


@attrs.frozen(init=False, repr=False)
class AllLimits(Limit):
    """Allows only what all of its limits allow: ``a & b``.

    A cadence's ``limits`` already all apply; ``&`` is for combining inside ``|``.

    Args:
        limits: The members, at least one; an ``AllLimits`` among them is flattened into it.
    """

    limits: tuple[Limit, ...]

    def __init__(self, *limits: Limit) -> None:
        self.__attrs_init__(_flatten(AllLimits, limits))

    @property
    def recurring(self) -> bool:
        """Whether every member is recurring."""
        return all(limit.recurring for limit in self.limits)

    @property
    def contact_hours(self) -> bool:
        """Whether every member only sets contact hours."""
        return all(limit.contact_hours for limit in self.limits)

    def allow(self, candidate: Candidate, state: State) -> Candidate | None:
        """Apply every member until none changes the candidate; a veto when they never agree.

        Raises:
            UnsatisfiableError: when the members never agree; inside ``a | (b & c)`` that
                is a veto from ``b & c``, and ``a`` still answers.
        """
        settled = settle(self.limits, candidate, state)
        if settled.never:
            raise UnsatisfiableError(f"these limits never agree on a time: {self.describe()}")
        return settled.candidate

    def describe(self) -> str:
        """The members' descriptions joined with "and"."""
        return " and ".join(limit.describe() for limit in self.limits)

    def __repr__(self) -> str:
        return operator_repr("AllLimits", "&", self.limits, grouped=True, looser=AnyLimit)
