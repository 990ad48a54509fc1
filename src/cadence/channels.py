"""The channels a lead can be reached on."""

from __future__ import annotations

import enum
import re
from typing import Any

from cadence._repr import enum_repr
from cadence.errors import InvalidTypeError, InvalidValueError, Place

__all__ = ["Channel"]


class Channel(enum.StrEnum):
    """A way of reaching a lead.

    The value is a lower-case string, stable across releases, meant for storage:
    ``Channel("sms") is Channel.SMS``. Calls are the only channel on which a voicemail can
    be left.

    A CRM's own channels are channels too: ``Channel("direct_mail")`` is a channel whose
    value is ``"direct_mail"`` (equal to that text, the same object each time), usable in
    steps, rules, leads and files like the built-in ones. A name is lower-case letters,
    digits and underscores, starting with a letter, at most 40 characters. Iterating
    ``Channel`` gives the built-in channels only.
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

    @classmethod
    def _missing_(cls, value: object) -> Channel:
        if not isinstance(value, str):
            raise InvalidTypeError.at(
                Place("Channel"), expected="a channel's name as text", got=repr(value)
            )
        if not _NAME.fullmatch(value):
            values = ", ".join(repr(member.value) for member in cls)
            raise InvalidValueError.at(
                Place("Channel"),
                expected=f"one of {values}, or a name of your own in lower-case letters, "
                "digits and underscores such as 'direct_mail'",
                got=repr(value),
            )
        # A CRM's own channel: made once, then found like the built-in ones.
        member = str.__new__(cls, value)
        member._name_ = value.upper()
        member._value_ = value
        found: Channel = cls._value2member_map_.setdefault(value, member)  # type: ignore[assignment]
        return found

    def __repr__(self) -> str:
        if self._name_ in type(self).__members__:
            return enum_repr(self)
        return f"Channel({self._value_!r})"

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        return type(self), (self._value_,)

    @property
    def label(self) -> str:
        """The channel's name in prose: ``"call"``, ``"SMS"``, ``"email"``, ``"LinkedIn"``...

        A channel of your own reads as its name with spaces: ``"direct mail"``.
        """
        return _LABELS.get(self) or self._value_.replace("_", " ")

    @property
    def builtin(self) -> bool:
        """Whether the library defines this channel (``Channel.CALL``...), not a CRM."""
        return self._name_ in type(self).__members__


_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

_LABELS = {
    Channel.CALL: "call",
    Channel.SMS: "SMS",
    Channel.EMAIL: "email",
    Channel.LINKEDIN: "LinkedIn",
    Channel.WHATSAPP: "WhatsApp",
}


DEFAULT_CHANNELS: frozenset[Channel] = frozenset({Channel.CALL, Channel.SMS, Channel.EMAIL})
"""The channels a :class:`~cadence.Lead` has when none are given."""
