"""What happened to a lead: touches on a channel and milestones."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, NoReturn, TypeAlias

import attrs

from cadence import _convert as cv
from cadence import _plain_data
from cadence._pickling import reduced_by_fields
from cadence._repr import enum_repr
from cadence.channels import Channel
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = ["Event", "Milestone", "MilestoneKind", "Outcome", "Touch"]


class Outcome(enum.StrEnum):
    """How a touch went."""

    NO_ANSWER = "no_answer"
    """A call that nobody picked up and on which no voicemail was left."""
    VOICEMAIL_LEFT = "voicemail_left"
    """A call that reached voicemail, where a message was left."""
    CONNECTED = "connected"
    """A conversation with the lead: a contact."""
    SENT = "sent"
    """A message (SMS, email, ...) that was sent and not answered yet."""
    REPLIED = "replied"
    """The lead answered this touch: a contact."""
    BOUNCED = "bounced"
    """The touch could not be delivered: the address or number does not work.

    The planner stops using that channel for the lead.
    """

    __repr__ = enum_repr

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        values = ", ".join(repr(member.value) for member in cls)
        raise InvalidValueError.at(Place("Outcome"), expected=f"one of {values}", got=repr(value))

    @property
    def is_contact(self) -> bool:
        """Whether the lead was actually reached (connected or replied)."""
        return self in {Outcome.CONNECTED, Outcome.REPLIED}


_CALL_ONLY = frozenset({Outcome.NO_ANSWER, Outcome.VOICEMAIL_LEFT})
_NAMES_A_CHANNEL = frozenset({"opted_out", "opted_in"})


class MilestoneKind(enum.StrEnum):
    """Something that happened to a lead other than a touch."""

    PURCHASED = "purchased"
    """The lead bought."""
    LOST = "lost"
    """The lead is lost or dead: a closed-lost deal, a wrong person, a company gone."""
    OPTED_OUT = "opted_out"
    """The lead asked not to be contacted, on one channel or, without a channel, at all."""
    REPLIED = "replied"
    """The lead replied, outside any particular touch."""
    MEETING_BOOKED = "meeting_booked"
    """A meeting with the lead is booked."""
    SNOOZED = "snoozed"
    """The lead asked not to be contacted before a date ("call me in three weeks")."""
    ENROLLED = "enrolled"
    """The lead was enrolled in the cadence: the latest enrollment starts it afresh.

    Rhythms, round counts, attempt and contact counts and stop milestones start again from
    it (a lost lead is reopened by enrolling it again); limits still see the whole history,
    and opt-outs and snoozes stay in force.
    """
    OPTED_IN = "opted_in"
    """The lead asked to be contacted again: on one channel, or, without a channel, at all.

    On one channel it ends that channel's opt-out; without one it ends the opt-out of all
    contact, while opt-outs of single channels stay until the lead opts into them.
    """
    RESUMED = "resumed"
    """The lead's snooze ended early: contact may resume at once."""

    __repr__ = enum_repr

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        values = ", ".join(repr(member.value) for member in cls)
        raise InvalidValueError.at(
            Place("MilestoneKind"), expected=f"one of {values}", got=repr(value)
        )


def _outcome(value: Outcome | str) -> Outcome:
    return cv.lenient(lambda raw: cv.to_enum(Outcome, raw), value)


def _milestone_kind(value: MilestoneKind | str) -> MilestoneKind:
    return cv.lenient(lambda raw: cv.to_enum(MilestoneKind, raw), value)


@reduced_by_fields
@attrs.frozen
class Touch:
    """An outbound touch that happened: a call, an SMS, an email.

    Args:
        at: When it happened; any aware datetime.
        channel: The channel it used.
        outcome: How it went. ``NO_ANSWER`` and ``VOICEMAIL_LEFT`` are for calls only;
            ``SENT`` is for messages only.
    """

    at: datetime = attrs.field(validator=cv.aware)
    channel: Channel = attrs.field(
        converter=cv.channel, validator=cv.converted(cv.to_channel, Channel)
    )
    outcome: Outcome = attrs.field(
        converter=_outcome, validator=cv.converted(lambda raw: cv.to_enum(Outcome, raw), Outcome)
    )

    def __attrs_post_init__(self) -> None:
        if self.outcome in _CALL_ONLY and self.channel is not Channel.CALL:
            raise InvalidValueError.at(
                Place("Touch", "outcome"),
                said=f"{self.outcome.value!r} is for calls only, "
                f"got it on channel {self.channel.value!r}",
            )
        if self.outcome is Outcome.SENT and self.channel is Channel.CALL:
            raise InvalidValueError.at(
                Place("Touch", "outcome"),
                said="'sent' is for messages, not calls; "
                "use 'no_answer', 'voicemail_left' or 'connected'",
            )

    def to_dict(self) -> dict[str, Any]:
        """The touch as plain data, with ``type`` ``"touch"``; see :meth:`from_dict`."""
        return _plain_data.installed().write(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Touch:
        """Build a touch from plain data; the ``type`` key may be left out.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)


def _optional_aware(
    instance: object, attribute: attrs.Attribute[datetime | None], value: object
) -> None:
    if value is not None:
        cv.aware(instance, attribute, value)


@reduced_by_fields
@attrs.frozen
class Milestone:
    """A change in a lead's status, at an instant.

    Args:
        at: When it happened; any aware datetime.
        kind: What happened.
        channel: For ``OPTED_OUT`` and ``OPTED_IN`` only: the one channel opted out of or
            into; ``None`` means every channel.
        until: For ``SNOOZED`` only, and required there: no touch before this instant.
    """

    at: datetime = attrs.field(validator=cv.aware)
    kind: MilestoneKind = attrs.field(
        converter=_milestone_kind,
        validator=cv.converted(lambda raw: cv.to_enum(MilestoneKind, raw), MilestoneKind),
    )
    channel: Channel | None = attrs.field(
        default=None,
        converter=cv.optional_channel,
        validator=cv.optional_converted(cv.to_channel, Channel),
    )
    until: datetime | None = attrs.field(default=None, validator=_optional_aware)

    def __attrs_post_init__(self) -> None:
        if self.channel is not None and self.kind not in _NAMES_A_CHANNEL:
            raise InvalidValueError.at(
                Place("Milestone", "channel"),
                said=f"only an opt-out or an opt-in names a channel, got {self.channel.value!r} "
                f"on a {self.kind.value!r} milestone",
            )
        if self.kind is MilestoneKind.SNOOZED:
            if self.until is None:
                raise InvalidValueError.at(
                    Place("Milestone", "until"),
                    said="a snooze needs the instant it ends",
                    expected="an aware datetime",
                    got="None",
                )
            if self.until <= self.at:
                raise InvalidValueError.at(
                    Place("Milestone", "until"),
                    said=f"a snooze must end after it starts, got until={self.until!r} "
                    f"and at={self.at!r}",
                )
        elif self.until is not None:
            raise InvalidValueError.at(
                Place("Milestone", "until"),
                said=f"only a snooze has an end, got one on a {self.kind.value!r} milestone",
            )

    @classmethod
    def opted_out(cls, at: datetime, channel: Channel | str | None = None) -> Milestone:
        """The lead opted out of ``channel``, or of everything when ``channel`` is None."""
        return cls(at=at, kind=MilestoneKind.OPTED_OUT, channel=channel)

    @classmethod
    def snoozed(cls, at: datetime, until: datetime) -> Milestone:
        """The lead asked for no touch before ``until``."""
        return cls(at=at, kind=MilestoneKind.SNOOZED, until=until)

    @classmethod
    def enrolled(cls, at: datetime) -> Milestone:
        """The lead was enrolled in the cadence at ``at``: it starts afresh from there."""
        return cls(at=at, kind=MilestoneKind.ENROLLED)

    @classmethod
    def opted_in(cls, at: datetime, channel: Channel | str | None = None) -> Milestone:
        """The lead opted into ``channel`` again, or into all contact when it is None."""
        return cls(at=at, kind=MilestoneKind.OPTED_IN, channel=channel)

    @classmethod
    def resumed(cls, at: datetime) -> Milestone:
        """The lead's snooze ended at ``at``, before the date they had asked for."""
        return cls(at=at, kind=MilestoneKind.RESUMED)

    def to_dict(self) -> dict[str, Any]:
        """The milestone as plain data, with ``type`` ``"milestone"``; see :meth:`from_dict`."""
        return _plain_data.installed().write(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Milestone:
        """Build a milestone from plain data; the ``type`` key may be left out.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)


Event: TypeAlias = Touch | Milestone
"""Anything in a lead's history."""


def check_event(value: object, where: str) -> Event:
    """Return ``value`` if it is an :data:`Event`, else raise naming ``where``."""
    if not isinstance(value, Touch | Milestone):
        raise InvalidTypeError.at(where, expected="a Touch or a Milestone", got=repr(value))
    return value


def check_history(value: object, where: str = "history") -> Iterable[Event]:
    """Return ``value`` if it can be a history (an iterable of events), else raise naming ``where``.

    Only the container is checked, so that a one-shot iterator is not consumed: each event is
    checked where it is read (:func:`check_event`).
    """
    if type(value) is list or type(value) is tuple:  # the usual histories: no ABC checks
        return value
    if isinstance(value, str | bytes | Mapping | Touch | Milestone) or not isinstance(
        value, Iterable
    ):
        raise InvalidTypeError.at(
            where,
            expected="an iterable of events (Touch and Milestone values)",
            got=repr(value),
        )
    return value
