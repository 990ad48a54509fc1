"""What the planner returns: planned touches, and why the plan ends."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any, TypeAlias, overload

import attrs
import pendulum

from cadence import _plain_data
from cadence._pickling import reduced_by_fields
from cadence._planned_instant import Instant, InstantOnRead
from cadence._time import to_utc
from cadence.channels import Channel
from cadence.events import Outcome, Touch
from cadence.step import Step

__all__ = ["PlannedTouch", "Skipped", "StopReason", "Timeline"]

# A planned touch's fields after its instant, in their order: channel, voicemail, round,
# reason, rule, key, moved_by, assumed, step, rep.
_Fields: TypeAlias = tuple[
    Channel, bool, int, str, object, str, tuple[object, ...], Outcome, Step | None, str | None
]


def _written(value: object) -> dict[str, Any]:
    return _plain_data.installed().write(value)


@reduced_by_fields
@attrs.frozen
class PlannedTouch(Instant):
    """A touch the planner schedules, with the reason it is there.

    Args:
        at: When, in the lead's time zone.
        channel: The channel to use.
        voicemail: For a call, whether to leave a voicemail if it reaches voicemail (False
            for other channels).
        round: The round of contact it belongs to, from 1.
        reason: Why it is there, and what moved it, in words a rep understands.
        rule: The rule that put it there (a rhythm or a reaction).
        key: The touch's identity, unique within the timeline, such as ``"e0.r3.t2"``: the
            enrollment (0 before any :attr:`~cadence.MilestoneKind.ENROLLED`), the round and
            the touch's place in its round. It is never made from the instant, so the same
            future touch keeps its key when the plan is made again after earlier touches
            were carried out, as assumed or late: a CRM stores plans by it.
        moved_by: The limits that moved it later or took its voicemail away.
        assumed: The outcome the planner assumed when planning what comes after it: the
            pessimistic one (a call is not answered, or reaches voicemail and leaves one;
            a message is sent and not answered).
        step: The step of a sequence it carries out (its label and template), if a
            :class:`~cadence.rules.Steps` rhythm put it there.
        rep: The id of the rep who makes it, in a team's :func:`~cadence.schedule`; None
            when the lead is planned alone.
    """

    at: pendulum.DateTime
    channel: Channel
    voicemail: bool
    round: int
    reason: str
    rule: object = attrs.field(eq=False)
    key: str
    moved_by: tuple[object, ...] = attrs.field(default=(), eq=False)
    assumed: Outcome = Outcome.SENT
    step: Step | None = None
    rep: str | None = None

    @classmethod
    def _planned(cls, utc: datetime, shown: tzinfo | datetime, fields: _Fields) -> PlannedTouch:
        """The touch at the UTC instant ``utc`` (a plain stdlib datetime), shown in a zone.

        What the planner makes: ``at`` is built on first read, in ``shown``, the lead's
        pendulum zone, or from ``shown``, the instant's local time there (an aware stdlib
        datetime the planner has at hand: then no zone conversion is left to do).
        ``fields`` are the other fields in their order, from ``channel`` to ``rep``. Skips
        the checks and keyword handling of ``__init__``, and the frozen class's guard on
        every slot: the touch is filled as a :class:`_Filling` and then becomes a planned
        touch, which their identical layout allows.
        """
        touch: Any = _new(_Filling)
        touch._utc = utc  # noqa: SLF001 - its own slots
        touch._shown = shown  # noqa: SLF001
        touch.at = None  # built on first read: see InstantOnRead
        (
            touch.channel,
            touch.voicemail,
            touch.round,
            touch.reason,
            touch.rule,
            touch.key,
            touch.moved_by,
            touch.assumed,
            touch.step,
            touch.rep,
        ) = fields
        touch.__class__ = cls
        return touch  # type: ignore[no-any-return]

    def _zone_shown(self) -> tzinfo:
        """The zone :attr:`at` is shown in, without building it (what a batch sends once)."""
        try:
            shown = self._shown
        except AttributeError:  # made with an ``at`` of its own
            zone = self.at.tzinfo
            assert zone is not None  # noqa: S101 - a touch's instant is aware
            return zone
        return shown.tzinfo if type(shown) is datetime else shown  # type: ignore[return-value]

    @property
    def at_utc(self) -> datetime:
        """The instant as a plain stdlib :class:`~datetime.datetime` in UTC.

        What a batch job writes out (a database column, a DataFrame of UTC timestamps):
        cheaper than converting :attr:`at` with pendulum's ``in_timezone("UTC")``, and for a
        touch the planner made, the instant it planned, with no conversion.
        """
        try:
            return self._utc
        except AttributeError:  # made with an ``at`` of its own
            utc = to_utc(self.at)
            _set_utc(self, utc)
            return utc

    @property
    def action(self) -> str:
        """What to do, in words: ``"call, leave a voicemail"``, ``"send an sms"``..."""
        if self.channel is Channel.CALL:
            return "call, leave a voicemail" if self.voicemail else "call, hang up at voicemail"
        label = self.channel.label
        article = "an" if label[0] in "aeiouAEIOUS" else "a"
        return f"send {article} {label}"

    def done(self, outcome: Outcome | str | None = None) -> Touch:
        """The history event for carrying out this touch at its time.

        Args:
            outcome: How it went; by default the outcome the planner assumed.
        """
        return Touch(at=self.at, channel=self.channel, outcome=outcome or self.assumed)

    def to_dict(self) -> dict[str, Any]:
        """The planned touch as plain data: text, numbers, booleans, lists and tables.

        Instants are ISO 8601 text with their UTC offset (``"at"``) and the name of their
        zone beside them (``"timezone"``, the lead's); rules are tables with their ``type``
        tag, as in a cadence file. :meth:`from_dict` reads it back to an equal value, and
        :func:`json.dumps` writes it as JSON.

        Raises:
            InvalidTypeError: for a rule inside that has no type tag (the error names it and
                where it is): register a rule of your own with
                :func:`cadence.config.register`.
        """
        return _written(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PlannedTouch:
        """Build the planned touch from what :meth:`to_dict` wrote.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)


class _Filling(Instant):
    """A planned touch being filled in.

    The slots of :class:`PlannedTouch`, set by plain assignment (the cheapest way to fill
    slots) before it becomes one.
    """

    __slots__ = PlannedTouch.__slots__


_new = object.__new__
_set_utc = Instant.__dict__["_utc"].__set__


type.__setattr__(PlannedTouch, "at", InstantOnRead(PlannedTouch.__dict__["at"]))


@reduced_by_fields
@attrs.frozen
class Skipped:
    """A round the plan leaves out, and why.

    A step on channels the lead cannot be reached on, or an occasion the limits could not
    place before it expired.

    Args:
        reason: Why, in words, such as ``"step 3, day 3: the lead cannot be reached on
            LinkedIn"``.
        rule: The rhythm whose round it was.
        at: When the round was due, in the lead's zone.
        step: The step, if the round was one.
    """

    reason: str
    rule: object = attrs.field(eq=False)
    at: pendulum.DateTime
    step: Step | None = None

    def __str__(self) -> str:
        return self.reason

    def to_dict(self) -> dict[str, Any]:
        """The skipped round as plain data: text, numbers, booleans, lists and tables.

        Instants are ISO 8601 text with their UTC offset (``"at"``) and the name of their
        zone beside them (``"timezone"``, the lead's); rules are tables with their ``type``
        tag, as in a cadence file. :meth:`from_dict` reads it back to an equal value, and
        :func:`json.dumps` writes it as JSON.

        Raises:
            InvalidTypeError: for a rule inside that has no type tag (the error names it and
                where it is): register a rule of your own with
                :func:`cadence.config.register`.
        """
        return _written(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Skipped:
        """Build the skipped round from what :meth:`to_dict` wrote.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)


@reduced_by_fields
@attrs.frozen
class StopReason:
    """Why a timeline ends.

    ``str()`` gives the sentence. ``rule`` is the stop rule that ended the cadence, or None
    when the plan ended for another reason (the horizon, the touch limit, a rhythm with no
    more rounds, no channel left).

    Args:
        reason: The sentence, such as ``"stopped: the lead bought or was lost"``.
        rule: The stop rule (or rhythm) that ended the plan, if one did.
        at: The instant the reason applies, in the lead's zone, if there is one.
    """

    reason: str
    rule: object = None
    at: pendulum.DateTime | None = None

    def __str__(self) -> str:
        return self.reason

    def to_dict(self) -> dict[str, Any]:
        """The stop reason as plain data: text, numbers, booleans, lists and tables.

        Instants are ISO 8601 text with their UTC offset (``"at"``) and the name of their
        zone beside them (``"timezone"``, the lead's); rules are tables with their ``type``
        tag, as in a cadence file. :meth:`from_dict` reads it back to an equal value, and
        :func:`json.dumps` writes it as JSON.

        Raises:
            InvalidTypeError: for a rule inside that has no type tag (the error names it and
                where it is): register a rule of your own with
                :func:`cadence.config.register`.
        """
        return _written(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StopReason:
        """Build the stop reason from what :meth:`to_dict` wrote.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)


@attrs.frozen
class Timeline(Sequence[PlannedTouch]):
    """The future touches of a lead, in time order, and why they end.

    A sequence: iterate it, index it, take its ``len``.

    Args:
        touches: The planned touches, strictly increasing in time, all after ``now``.
        stop: Why the plan ends.
        skipped: The rounds the plan leaves out, and why, in the order they were due.
    """

    touches: tuple[PlannedTouch, ...]
    stop: StopReason
    skipped: tuple[Skipped, ...] = ()

    @overload
    def __getitem__(self, index: int) -> PlannedTouch: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[PlannedTouch, ...]: ...

    def __getitem__(self, index: int | slice) -> PlannedTouch | tuple[PlannedTouch, ...]:
        return self.touches[index]

    def __len__(self) -> int:
        return len(self.touches)

    def __iter__(self) -> Iterator[PlannedTouch]:
        return iter(self.touches)

    def table(self) -> str:
        """The timeline as a readable text table: local time, channel, action, reason."""
        width = max((len(touch.channel.value) for touch in self.touches), default=0)
        width = max(width, 6)
        lines = [
            f"{touch.round:>3}  {touch.at.format('ddd YYYY-MM-DD HH:mm zz')}  "
            f"{touch.channel.value:<{width}} {touch.action:<27} {touch.reason}"
            for touch in self.touches
        ]
        lines.append(f"ends: {self.stop}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """The timeline as plain data: text, numbers, booleans, lists and tables.

        Instants are ISO 8601 text with their UTC offset (``"at"``) and the name of their
        zone beside them (``"timezone"``, the lead's); rules are tables with their ``type``
        tag, as in a cadence file. :meth:`from_dict` reads it back to an equal value, and
        :func:`json.dumps` writes it as JSON.

        Raises:
            InvalidTypeError: for a rule inside that has no type tag (the error names it and
                where it is): register a rule of your own with
                :func:`cadence.config.register`.
        """
        return _written(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timeline:
        """Build the timeline from what :meth:`to_dict` wrote.

        Raises:
            cadence.ConfigError: with every problem in ``data``, each with its path.
        """
        return _plain_data.installed().read(cls, data)
