"""The channels a lead can be reached on."""

from __future__ import annotations

import enum
from typing import NoReturn

from cadence._repr import enum_repr
from cadence.errors import InvalidValueError, Place

__all__ = ["Channel"]


class Channel(enum.StrEnum):
    """A way of reaching a lead.

    The value is a lower-case string, stable across releases, meant for storage:
    ``Channel("sms") is Channel.SMS``. Calls are the only channel on which a voicemail can
    be left. New channels may be added in later releases; code that handles channels
    generically keeps working.
    """

    CALL = "call"
    """A phone call."""
    SMS = "sms"
    """A text message."""
    EMAIL = "email"
    """An email."""
    LINKEDIN = "linkedin"
    """A LinkedIn message."""
    WHATSAPP = "whatsapp"
    """A WhatsApp message."""

    __repr__ = enum_repr

    @classmethod
    def _missing_(cls, value: object) -> NoReturn:
        values = ", ".join(repr(member.value) for member in cls)
        raise InvalidValueError.at(Place("Channel"), expected=f"one of {values}", got=repr(value))

    @property
    def label(self) -> str:
        """The channel's name in prose: ``"call"``, ``"SMS"``, ``"email"``, ``"LinkedIn"``..."""
        return _LABELS[self]


_LABELS = {
    Channel.CALL: "call",
    Channel.SMS: "SMS",
    Channel.EMAIL: "email",
    Channel.LINKEDIN: "LinkedIn",
    Channel.WHATSAPP: "WhatsApp",
}


DEFAULT_CHANNELS: frozenset[Channel] = frozenset({Channel.CALL, Channel.SMS, Channel.EMAIL})
"""The channels a :class:`~cadence.Lead` has when none are given."""
