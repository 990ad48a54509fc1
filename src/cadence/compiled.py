"""A cadence prepared for planning many leads: the timelines of :func:`cadence.plan`, cheaper."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from cadence.cadence import Cadence
from cadence.errors import InvalidTypeError
from cadence.events import Event
from cadence.lead import Lead
from cadence.planner import next_touch_shaped, plan_shaped
from cadence.shape import Shape, shape_of
from cadence.snapshot import Snapshot
from cadence.span import SpanLike
from cadence.timeline import PlannedTouch, Timeline

__all__ = ["CompiledCadence"]


class CompiledCadence:
    """A cadence prepared once, then used to plan many leads: ``CompiledCadence(cadence)``.

    Its :meth:`plan` and :meth:`next_touch` give exactly what :func:`cadence.plan` and
    :func:`cadence.next_touch` give for its cadence, touch for touch (instants, channels,
    voicemails, rounds, reasons, keys, rules, the limits that moved each touch, the stop and
    the skipped rounds). What it hoists is what planning cannot change: which of the
    cadence's rules can matter and what their arguments mean for the specialised code, and
    the texts the limits add to reasons, each built the first time a plan needs it.

    When every rule of the cadence is a built-in one it knows (:attr:`specialised`: a chain
    of :class:`~cadence.rules.SpeedToLead`, :class:`~cadence.rules.DayOffsets`,
    :class:`~cadence.rules.Every`, :class:`~cadence.rules.Weekly` and
    :class:`~cadence.rules.Steps`; :class:`~cadence.rules.Prefer` or
    :class:`~cadence.rules.Rotate`; :class:`~cadence.rules.DoubleTap` and
    :class:`~cadence.rules.AfterVoicemail`; :class:`~cadence.rules.ContactWindow`,
    :class:`~cadence.rules.VoicemailLimit`, :class:`~cadence.rules.QuietHours`,
    :class:`~cadence.rules.Holidays` and :class:`~cadence.rules.Blackout`; any of
    :class:`~cadence.rules.BuyOrDie`, :class:`~cadence.rules.OptOut`,
    :class:`~cadence.rules.Replied`, :class:`~cadence.rules.MeetingBooked`,
    :class:`~cadence.rules.MaxRounds` and
    :class:`~cadence.rules.MaxAttempts`), every lead (its best times, blackouts and possible
    zones included) is planned by specialised code that answers those rules' questions
    inline, several times faster: a new lead from scratch, a lead with a history
    (or a stored :class:`~cadence.Snapshot`) after the engine has folded it. Everything else
    (rules of your own, a combination of limits, a lead snoozed and not resumed) is planned by the
    generic engine. :func:`cadence.plan` takes the same roads, but reads the cadence's rules
    on every call.

    Build it once per cadence and keep it (building costs a few percent of planning one
    lead). Its plans never change it but for those texts, so threads can share it.

    Args:
        cadence: The cadence.

    Raises:
        InvalidTypeError: for anything but a :class:`~cadence.Cadence`.
    """

    __slots__ = ("_cadence", "_shape")

    def __init__(self, cadence: Cadence) -> None:
        if not isinstance(cadence, Cadence):
            raise InvalidTypeError(f"CompiledCadence.cadence: expected a Cadence, got {cadence!r}")
        self._cadence = cadence
        self._shape: Shape | None = shape_of(cadence)

    @property
    def cadence(self) -> Cadence:
        """The cadence it plans."""
        return self._cadence

    @property
    def specialised(self) -> bool:
        """Whether new leads are planned by the specialised code (every rule is known to it)."""
        return self._shape is not None

    def __repr__(self) -> str:
        return f"CompiledCadence({self._cadence!r})"

    def plan(  # noqa: PLR0913 - as cadence.plan
        self,
        lead: Lead,
        history: Iterable[Event] = (),
        *,
        now: datetime,
        until: datetime | SpanLike | None = None,
        max_touches: int | None = None,
        since: Snapshot | None = None,
    ) -> Timeline:
        """The lead's timeline, exactly as :func:`cadence.plan` gives it for this cadence.

        The arguments and errors are those of :func:`cadence.plan`.
        """
        return plan_shaped(
            self._shape,
            self._cadence,
            lead,
            history,
            now=now,
            until=until,
            max_touches=max_touches,
            since=since,
        )

    def next_touch(
        self,
        lead: Lead,
        history: Iterable[Event] = (),
        *,
        now: datetime,
        until: datetime | SpanLike | None = None,
        since: Snapshot | None = None,
    ) -> PlannedTouch | None:
        """The first touch :meth:`plan` would return, or None: :func:`cadence.next_touch`."""
        return next_touch_shaped(
            self._shape, self._cadence, lead, history, now=now, until=until, since=since
        )
