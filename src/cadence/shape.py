"""A cadence's shape: its rules in the form the specialised loop (:mod:`cadence.specialised`) reads.

:func:`shape_of` tells whether every rule of a cadence is one the loop knows, and hoists what
planning cannot change: the rules' arguments as the loop uses them, the reactions' reasons,
which stop rules can hold during a plan, and the "limited by" texts once built.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import time, timedelta
from typing import NamedTuple

from cadence._time import whole_days
from cadence.booking import RepLimit
from cadence.cadence import Cadence
from cadence.channels import Channel
from cadence.lead import Lead
from cadence.protocol.limit import Limit
from cadence.protocol.rhythm import Chain, Rhythm
from cadence.protocol.stop import AnyStop, StopRule
from cadence.rules.calendar import Blackout, QuietHours
from cadence.rules.channels import Prefer, Rotate
from cadence.rules.holidays import Holidays
from cadence.rules.limits import ContactWindow, Snooze, VoicemailLimit
from cadence.rules.reactions import AfterVoicemail, DoubleTap, message_reason
from cadence.rules.rhythm import DayOffsets, Every, SpeedToLead, Weekly
from cadence.rules.steps import Steps
from cadence.rules.stop import BuyOrDie, MaxAttempts, MaxRounds, MeetingBooked, OptOut, Replied
from cadence.span import Span
from cadence.weekday import Weekday

__all__ = [
    "AfterShape",
    "AskedShape",
    "LimitShape",
    "Plain",
    "RepShape",
    "Shape",
    "TapShape",
    "VoicemailShape",
    "WindowShape",
    "shape_of",
    "specialisable",
]

_TWO_DAYS = timedelta(days=2)
# The limits it knows: those it answers itself, and those of the lead's clock alone, which
# it asks as they are.
_LIMITS = (ContactWindow, VoicemailLimit, QuietHours, Holidays, Blackout)
# Rhythms whose rounds depend only on the enrollment, the latest round's start and the zone.
_RHYTHMS = (SpeedToLead, DayOffsets, Every, Weekly, Steps)
# Stop rules no planned touch can make true: they hold only after a history says so.
_HISTORY_STOPS = (BuyOrDie, OptOut, Replied, MeetingBooked)
_STOPS = (*_HISTORY_STOPS, MaxRounds, MaxAttempts)


class TapShape(NamedTuple):
    """A :class:`~cadence.rules.DoubleTap`."""

    rule: DoubleTap


class AfterShape(NamedTuple):
    """An :class:`~cadence.rules.AfterVoicemail`, with the reason of each channel's message."""

    rule: AfterVoicemail
    reasons: tuple[tuple[Channel, str], ...]


class WindowShape(NamedTuple):
    """A :class:`~cadence.rules.ContactWindow`, with its days and clock times at hand."""

    rule: ContactWindow
    days: frozenset[Weekday]
    start: time
    end: time


class VoicemailShape(NamedTuple):
    """A :class:`~cadence.rules.VoicemailLimit`, with bounds of how far back its window starts."""

    rule: VoicemailLimit
    max: int
    per: Span
    far: timedelta
    """Further back than the window can start: its length and two days."""
    near: timedelta
    """Less far back than the window can start: its length less two days (two UTC offsets
    differ by less than two days, a spring-forward gap included)."""


class AskedShape(NamedTuple):
    """A limit of the lead's clock alone (quiet hours, holidays, blackouts), asked as it is.

    It reads the lead and its zones, never a touch, so the specialised loop asks the rule
    itself with the engine's state.
    """

    rule: Limit


class RepShape(NamedTuple):
    """A rep's limit in a team's schedule (:class:`cadence.booking.RepLimit`), asked by instant.

    It reads the rep's clock and ledger, never the lead's state, never vetoes and never
    takes a voicemail away: :meth:`~cadence.booking.RepLimit.earliest` answers it.
    """

    rule: RepLimit


LimitShape = WindowShape | VoicemailShape | AskedShape | RepShape
"""A limit, in the form the specialised loop reads."""


class Shape:
    """A cadence in the form the specialised loop reads, hoisted once per cadence.

    Built by :func:`shape_of`; read-only.
    """

    __slots__ = (
        "attempt_caps",
        "channels",
        "extended",
        "first_call_voicemail",
        "limited",
        "limits",
        "one_pass",
        "plain",
        "reactions",
        "repeat_reasons",
        "repeats",
        "repeats_from",
        "repeats_rule",
        "rhythm",
        "rotate",
        "round_caps",
    )

    def __init__(self, cadence: Cadence, limits: list[Limit], stops: list[StopRule]) -> None:
        self.rhythm: Rhythm = cadence.rhythm
        parts = _rhythm_parts(cadence.rhythm)
        last = parts[-1]
        # An endless Every at the end: its rounds' times are computed here, not asked.
        self.repeats: tuple[Span, ...] | None = None
        # And their reasons, by the gap's turn.
        self.repeat_reasons: tuple[str, ...] = ()
        if type(last) is Every:
            self.repeats = last.gaps
            self.repeat_reasons = tuple(last.reason(turn) for turn in range(len(last.gaps)))
        self.repeats_rule: Rhythm = last
        self.repeats_from = 0
        for part in parts[:-1]:
            self.repeats_from += part.length or 0
        self.channels: tuple[Channel, ...] = cadence.channels.channels  # type: ignore[attr-defined]
        self.rotate = type(cadence.channels) is Rotate
        # As Cadence.for_lead() decides it.
        self.first_call_voicemail, self.reactions = _reactions(cadence)
        self.limits = _limit_shapes(limits)
        self.one_pass = _one_pass(self.limits)
        self.plain = _plain(self.limits)
        # The "; limited by ..." texts, by the limits in the order they moved a touch, built
        # when first needed: the engine builds each once per run.
        self.limited: dict[tuple[Limit, ...], str] = {(): ""}
        # The limits with a team's on top (with_extra), by the extra limits' identity.
        self.extended: dict[int, tuple[Sequence[Limit], tuple[LimitShape, ...]]] = {}
        # The lead's opt-out comes first (Cadence.for_lead), but no planned touch sets it.
        self.round_caps = tuple(rule for rule in stops if type(rule) is MaxRounds)
        self.attempt_caps = tuple(rule for rule in stops if type(rule) is MaxAttempts)

    def for_lead(self, lead: Lead) -> Shape:
        """The shape for ``lead``: with its best times in place of the contact windows.

        As :meth:`cadence.Cadence.for_lead` decides: the limits of contact hours give way
        to a window of the lead's best times, asked last.
        """
        if lead.best_times is None and not lead.blackouts:
            return self
        other = object.__new__(Shape)
        for name in Shape.__slots__:
            object.__setattr__(other, name, getattr(self, name))
        limits: list[LimitShape] = list(self.limits)
        if lead.best_times is not None:
            best = ContactWindow.of(lead.best_times)
            limits = [limit for limit in limits if not limit.rule.contact_hours]
            limits.append(WindowShape(best, best.days, best.start, best.end))
        if lead.blackouts:
            limits.append(AskedShape(Blackout(lead.blackouts)))
        other.limits = tuple(limits)
        other.one_pass = _one_pass(other.limits)
        other.plain = _plain(other.limits)
        other.limited = {(): ""}
        other.extended = {}
        return other

    def with_extra(self, extra: Sequence[Limit]) -> tuple[LimitShape, ...]:
        """The limits with ``extra`` on top (a team's), asked after the lead's own.

        A rep's limits (:class:`~cadence.booking.RepLimit`) are asked by instant, any other
        as it is; the leads of one cadence and one rep share the tuple.
        """
        known = self.extended.get(id(extra))
        if known is None or known[0] is not extra:
            added = tuple(
                RepShape(limit) if isinstance(limit, RepLimit) else AskedShape(limit)
                for limit in extra
            )
            known = self.extended[id(extra)] = (extra, self.limits + added)
        return known[1]

    def limited_by(self, moved_by: tuple[Limit, ...]) -> str:
        """The "; limited by ..." part of a reason for the limits that moved a touch."""
        text = self.limited.get(moved_by)
        if text is None:
            for limit in moved_by:
                if type(limit) not in _LIMITS:  # a rep's, say: its text is at hand
                    text = _limited_text.__wrapped__(moved_by)
                    break
            else:
                text = _limited_text(moved_by)
            self.limited[moved_by] = text
        return text


@functools.lru_cache(maxsize=256)
def _limited_text(moved_by: tuple[Limit, ...]) -> str:
    # The limits of the lead's own clock are values (equal ones describe themselves alike),
    # and few: their texts are built once, as the rhythms' reasons are.
    return "; limited by " + ", ".join(limit.describe() for limit in moved_by)


def _reactions(cadence: Cadence) -> tuple[bool, tuple[TapShape | AfterShape, ...]]:
    """Whether a round's first call may leave a voicemail, and the reactions' shapes."""
    first_call_voicemail = True
    reactions: list[TapShape | AfterShape] = []
    for reaction in cadence.reactions:
        if reaction.defers_voicemail:
            first_call_voicemail = False
        if type(reaction) is DoubleTap:
            reactions.append(TapShape(reaction))
        elif type(reaction) is AfterVoicemail:
            reasons = tuple((channel, message_reason(channel)) for channel in reaction.channels)
            reactions.append(AfterShape(reaction, reasons))
    return first_call_voicemail, tuple(reactions)


def _limit_shapes(limits: list[Limit]) -> tuple[LimitShape, ...]:
    shaped: list[LimitShape] = []
    for limit in limits:
        if type(limit) is ContactWindow:
            # Weekday members equal their numbers, and hash as them.
            shaped.append(WindowShape(limit, limit.days, limit.start, limit.end))
        elif type(limit) is VoicemailLimit:
            length = limit.per.exact + whole_days(limit.per.days)
            far, near = length + _TWO_DAYS, length - _TWO_DAYS
            shaped.append(VoicemailShape(limit, limit.max, limit.per, far, near))
        else:
            shaped.append(AskedShape(limit))
    return tuple(shaped)


def _known_limits(cadence: Cadence) -> list[Limit] | None:
    """The cadence's limits but snoozes, or None when one is not known to the loop."""
    limits: list[Limit] = []
    for limit in cadence.limits:
        kind = type(limit)
        if kind is Snooze:
            continue
        if kind not in _LIMITS:
            return None
        limits.append(limit)
    return limits


def _one_pass(limits: tuple[LimitShape, ...]) -> bool:
    """Whether one pass in order settles a touch: one limit at most moves touches."""
    moving = 0
    for limit in limits:
        if type(limit) is not VoicemailShape:
            moving += 1
    return moving <= 1


class Plain(NamedTuple):
    """Limits that are a contact window, then perhaps a voicemail limit: the common case.

    With the tuples of the limits that moved a touch, as the loop reports them.
    """

    window: WindowShape
    voicemail: VoicemailShape | None
    by_window: tuple[Limit, ...]
    by_voicemail: tuple[Limit, ...]
    by_both: tuple[Limit, ...]


def _plain(limits: tuple[LimitShape, ...]) -> Plain | None:
    """The limits as :class:`Plain`, when they are a window and at most a voicemail limit."""
    if not limits or type(limits[0]) is not WindowShape or len(limits) > 2:
        return None
    window = limits[0]
    if len(limits) == 1:
        return Plain(window, None, (window.rule,), (), ())
    voicemail = limits[1]
    if type(voicemail) is not VoicemailShape:
        return None
    return Plain(
        window, voicemail, (window.rule,), (voicemail.rule,), (window.rule, voicemail.rule)
    )


def _stop_members(rule: StopRule) -> list[StopRule]:
    """The members of a stop rule in the order :func:`~cadence.protocol.stop.fired` asks them."""
    if type(rule) is AnyStop:
        return [member for part in rule.rules for member in _stop_members(part)]
    return [rule]


def _rhythm_parts(rhythm: Rhythm) -> tuple[Rhythm, ...]:
    return rhythm.parts if type(rhythm) is Chain else (rhythm,)


def shape_of(cadence: object) -> Shape | None:
    """The cadence's shape for the specialised loop, or None when one of its rules is not known.

    Cheap: it reads the rules' types and arguments; the texts of limits are built when a
    plan first needs them.
    """
    # Asked for every plan() of a cadence: loops rather than generators, which cost more.
    if not isinstance(cadence, Cadence) or type(cadence.channels) not in (Prefer, Rotate):
        return None
    for part in _rhythm_parts(cadence.rhythm):
        if type(part) not in _RHYTHMS:
            return None
    for reaction in cadence.reactions:
        if type(reaction) is not DoubleTap and type(reaction) is not AfterVoicemail:
            return None
    limits = _known_limits(cadence)
    if limits is None:
        return None
    members = _stop_members(cadence.stop)
    for rule in members:
        if type(rule) not in _STOPS:
            return None
    return Shape(cadence, limits, members)


def specialisable(lead: object) -> bool:
    """Whether ``lead`` is a lead the specialised loop can plan (any :class:`~cadence.Lead`)."""
    return isinstance(lead, Lead)
