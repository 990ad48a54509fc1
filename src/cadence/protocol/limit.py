"""The limit protocol, its combinations with ``|`` and ``&``, and the fixpoint of limits.

A limit answers one call: the earliest version of a candidate touch it allows, which may be
the candidate moved later, without its voicemail, or a veto.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import NamedTuple

import attrs

from cadence._repr import operator_repr
from cadence._time import NEVER
from cadence.candidate import Candidate
from cadence.errors import CadenceError, UnsatisfiableError
from cadence.protocol.combination import Combination, Rule, flatten
from cadence.state import State

__all__ = ["AllLimits", "AnyLimit", "Limit", "Settled", "changes", "settle"]


class Limit(Rule):
    """A constraint on when and how a touch may happen.

    One call, ``limit(candidate, state)``, answers both of the library's questions. For
    planning: what is the earliest touch at or after this candidate that the limit allows?
    For auditing: did this touch break the limit? (It did if the answer changes it.)

    ``a | b`` allows what either allows (two contact windows); ``a & b`` what both allow.
    """

    __slots__ = ()

    @abc.abstractmethod
    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
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

    def explain(self, candidate: Candidate, state: State) -> str | None:
        """How ``candidate``, a touch this limit changes, breaks it, in words; or None.

        :func:`~cadence.audit` adds the words to its sentence after :meth:`describe`, for a
        limit whose one description cannot say which of its rules a touch broke (the
        calling laws name the law). None (the default) adds nothing.
        """
        del candidate, state
        return None

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
            allowed = limit(candidate, state)
        except OverflowError:  # a limit whose next opening lies past the calendar's end
            return Settled(candidate.moved_to(NEVER), tuple(self.moved_by))
        except UnsatisfiableError:  # a combination whose members never agree
            return Settled(None, (*self.moved_by, limit), never=True)
        if allowed is None:
            return Settled(None, tuple(self.moved_by), vetoed_by=limit)
        if allowed is candidate or not changes(limit, candidate, allowed):
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


def changes(limit: Limit, candidate: Candidate, allowed: Candidate) -> bool:
    """Whether ``limit``'s answer ``allowed`` differs from ``candidate``.

    Raises:
        CadenceError: for an answer earlier than the candidate: a limit only moves touches
            later.
    """
    if allowed.at < candidate.at:
        raise CadenceError(
            f"{limit!r} moved a touch earlier, from {candidate.at.isoformat()} to "
            f"{allowed.at.isoformat()}; a limit may only move touches later"
        )
    return allowed.at != candidate.at or allowed.voicemail != candidate.voicemail


@attrs.frozen(init=False, repr=False)
class AnyLimit(Combination, Limit):
    """Allows what any of its limits allows: ``ContactWindow(...) | ContactWindow(...)``.

    The earliest answer among the members wins; it vetoes only when all of them do.

    Args:
        limits: The members, at least one; an ``AnyLimit`` among them is flattened into it.
    """

    limits: tuple[Limit, ...]

    def __init__(self, *limits: Limit) -> None:
        self.__attrs_init__(flatten(AnyLimit, Limit, "limits", "limit", limits))

    @property
    def members(self) -> tuple[Limit, ...]:
        """The limits combined."""
        return self.limits

    @property
    def recurring(self) -> bool:
        """Whether every member is recurring."""
        return all(limit.recurring for limit in self.limits)

    @property
    def contact_hours(self) -> bool:
        """Whether every member only sets contact hours."""
        return all(limit.contact_hours for limit in self.limits)

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        """The earliest of the members' answers (keeping a voicemail on a tie)."""
        best: Candidate | None = None
        never = 0
        for limit in self.limits:
            try:
                allowed = limit(candidate, state)
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

    def explain(self, candidate: Candidate, state: State) -> str | None:
        """What the members that can say how ``candidate`` breaks them say, joined."""
        said = [text for limit in self.limits if (text := limit.explain(candidate, state))]
        return "; ".join(said) or None

    def describe(self) -> str:
        """The members' descriptions joined with "or"."""
        return " or ".join(limit.describe() for limit in self.limits)

    def __repr__(self) -> str:
        return operator_repr("AnyLimit", "|", self.limits)


@attrs.frozen(init=False, repr=False)
class AllLimits(Combination, Limit):
    """Allows only what all of its limits allow: ``a & b``.

    A cadence's ``limits`` already all apply; ``&`` is for combining inside ``|``.

    Args:
        limits: The members, at least one; an ``AllLimits`` among them is flattened into it.
    """

    limits: tuple[Limit, ...]

    def __init__(self, *limits: Limit) -> None:
        self.__attrs_init__(flatten(AllLimits, Limit, "limits", "limit", limits))

    @property
    def members(self) -> tuple[Limit, ...]:
        """The limits combined."""
        return self.limits

    @property
    def recurring(self) -> bool:
        """Whether every member is recurring."""
        return all(limit.recurring for limit in self.limits)

    @property
    def contact_hours(self) -> bool:
        """Whether every member only sets contact hours."""
        return all(limit.contact_hours for limit in self.limits)

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        """Apply every member until none changes the candidate; a veto when they never agree.

        Raises:
            UnsatisfiableError: when the members never agree; inside ``a | (b & c)`` that
                is a veto from ``b & c``, and ``a`` still answers.
        """
        settled = settle(self.limits, candidate, state)
        if settled.never:
            raise UnsatisfiableError(f"these limits never agree on a time: {self.describe()}")
        return settled.candidate

    def explain(self, candidate: Candidate, state: State) -> str | None:
        """What the first member ``candidate`` breaks says of it, if that member says."""
        for limit in self.limits:
            try:
                allowed = limit(candidate, state)
            except UnsatisfiableError:
                continue
            if allowed is None or changes(limit, candidate, allowed):
                return limit.explain(candidate, state)
        return None

    def describe(self) -> str:
        """The members' descriptions joined with "and"."""
        return " and ".join(limit.describe() for limit in self.limits)

    def __repr__(self) -> str:
        return operator_repr("AllLimits", "&", self.limits, grouped=True, looser=AnyLimit)
