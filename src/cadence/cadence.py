"""A cadence: one slot per kind of rule."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from cadence import _convert as cv
from cadence import _plain_data
from cadence._repr import tuple_text
from cadence.channels import Channel
from cadence.lead import Lead
from cadence.protocol.channel import ChannelRule
from cadence.protocol.limit import Limit
from cadence.protocol.reaction import Reaction
from cadence.protocol.rhythm import Rhythm
from cadence.protocol.stop import AnyStop, StopRule
from cadence.rules.calendar import Blackout
from cadence.rules.channels import Rotate
from cadence.rules.limits import ContactWindow, Snooze
from cadence.rules.stop import BuyOrDie, OptOut

__all__ = ["Cadence", "Rules"]

_SNOOZE = Snooze()
_OPT_OUT = OptOut()


def _with_opt_out(stop: StopRule) -> AnyStop:
    """``AnyStop(OptOut(), stop)``, without asking again what the cadence checked of ``stop``."""
    members = (_OPT_OUT, *stop.rules) if type(stop) is AnyStop else (_OPT_OUT, stop)
    combined = object.__new__(AnyStop)
    combined.__attrs_init__(members)
    return combined


def _default_stop() -> StopRule:
    return BuyOrDie() | OptOut()


def _default_channels() -> ChannelRule:
    return Rotate((Channel.CALL, Channel.SMS, Channel.EMAIL))


def _repr_tuple(values: tuple[Any, ...]) -> str:
    return tuple_text(repr(value) for value in values)


@attrs.frozen(repr=False)
class Cadence:
    """A follow-up cadence: which rules decide when, how, and until when a lead is touched.

    Args:
        rhythm: When rounds of contact happen (required).
        channels: Which channel each round uses; by default a rotation of call, SMS and
            email.
        reactions: Touches triggered inside a round by how its touches went, asked in order.
        limits: Constraints every touch must meet; all of them apply.
        stop: When the cadence is over; by default when the lead buys or is lost, or opts
            out.
    """

    rhythm: Rhythm = attrs.field(validator=cv.is_a(Rhythm))
    channels: ChannelRule = attrs.field(factory=_default_channels, validator=cv.is_a(ChannelRule))
    reactions: tuple[Reaction, ...] = attrs.field(
        default=(), converter=cv.as_tuple, validator=cv.each(Reaction)
    )
    limits: tuple[Limit, ...] = attrs.field(
        default=(), converter=cv.as_tuple, validator=cv.each(Limit)
    )
    stop: StopRule = attrs.field(factory=_default_stop, validator=cv.is_a(StopRule))

    def __repr__(self) -> str:
        return (
            f"Cadence(rhythm={self.rhythm!r}, channels={self.channels!r}, "
            f"reactions={_repr_tuple(self.reactions)}, limits={_repr_tuple(self.limits)}, "
            f"stop={self.stop!r})"
        )

    def for_lead(self, lead: Lead) -> Rules:
        """The rules that apply to ``lead``: the cadence's own, and the lead's.

        The lead's snooze and global opt-out are honoured whether or not the cadence names
        them; the lead's best times replace the cadence's contact hours (the limits whose
        :attr:`~cadence.rules.Limit.contact_hours` is true); the lead's blackouts are added.
        """
        limits = list(self.limits)
        if lead.best_times is not None:
            limits = [limit for limit in limits if not limit.contact_hours]
            limits.append(ContactWindow.of(lead.best_times))
        if lead.blackouts:
            limits.append(Blackout(lead.blackouts))
        # A snooze has no fields, so any is the one; comparing each limit with it costs more.
        for limit in limits:
            if type(limit) is Snooze:
                break
        else:
            limits.insert(0, _SNOOZE)
        first_call_voicemail = True
        for reaction in self.reactions:
            if reaction.defers_voicemail:
                first_call_voicemail = False
                break
        # Positional, in the order of the fields: asked for every plan, and keywords cost.
        return Rules(
            self.rhythm,
            self.channels,
            self.reactions,
            tuple(limits),
            _with_opt_out(self.stop),
            _OPT_OUT,
            first_call_voicemail,
        )

    def to_dict(self) -> dict[str, Any]:
        """The cadence as plain data: the configuration format, ``version`` 1.

        Every rule is a table with a ``type`` tag and its arguments; durations are ISO 8601
        text. :meth:`from_dict` reads it back to an equal cadence; :func:`json.dumps`
        writes it as JSON.

        Raises:
            InvalidTypeError: for a rule without a type tag: register a rule of your own
                with :func:`cadence.config.register`.
        """
        return _plain_data.installed().write(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Cadence:
        """Build a cadence from plain data, such as a parsed TOML, JSON or YAML file.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path and
                what was expected there.
        """
        return _plain_data.installed().read(cls, data)


@attrs.frozen
class Rules:
    """The rules one lead is planned and audited with: :meth:`Cadence.for_lead`.

    Args:
        rhythm: When rounds are due.
        channels: Which channel each round uses.
        reactions: Touches an outcome triggers inside a round, asked in order.
        limits: Every limit that applies, the cadence's and the lead's, in the order asked.
        stop: When the cadence is over, the lead's global opt-out first.
        opt_out: The rule that honours the lead's opt-outs (named by the audit).
        first_call_voicemail: Whether a round's first call may leave a voicemail (not when a
            reaction calls again to leave it, as a double tap does).
    """

    rhythm: Rhythm
    channels: ChannelRule
    reactions: tuple[Reaction, ...]
    limits: tuple[Limit, ...]
    stop: StopRule
    opt_out: StopRule
    first_call_voicemail: bool
