"""The names the format gives things: its version, the kinds of rule, and every type tag.

A rule is written as a table whose ``type`` key is its tag. The tag is part of the file
format, stated once for each rule in :data:`BUILT_IN` and never derived from a class name,
so renaming a class cannot break a file. Users give their own rules a tag with
:func:`register`, the same function that registers the built-in ones.
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs

from cadence import protocol
from cadence.booking import RepRule
from cadence.config.errors import UnsupportedTypeError
from cadence.config.fields import fields_of, union_members
from cadence.config.leaves import leaf_of
from cadence.errors import InvalidTypeError, InvalidValueError
from cadence.events import Milestone, Touch
from cadence.rules import (
    calendar,
    compliance,
    frequency,
    holidays,
    limits,
    occasion,
    reactions,
    rhythm,
    steps,
    stop,
)
from cadence.rules.channels import Prefer, PreferredChannel, Rotate

__all__ = [
    "BUILT_IN",
    "EVENT_TAGS",
    "FORMAT_VERSION",
    "KINDS",
    "PLANNER_ONLY",
    "PLANNER_TAGS",
    "Kind",
    "family",
    "kind_of",
    "register",
    "registered",
    "tag_of",
]

FORMAT_VERSION: Final = 1
"""The version of the configuration format, written as ``version = 1``."""


@attrs.frozen
class Kind:
    """One of the five kinds of rule, as the format names it.

    Args:
        base: The rule protocol's class, such as :class:`~cadence.rules.Limit`.
        name: The kind in prose: ``"limit"``, ``"channel rule"``.
        schema_name: The name of the kind's definition in the JSON Schema: ``"limits"``.
    """

    base: type
    name: str
    schema_name: str


KINDS: Final[tuple[Kind, ...]] = (
    Kind(protocol.Rhythm, "rhythm", "rhythms"),
    Kind(protocol.ChannelRule, "channel rule", "channel_rules"),
    Kind(protocol.Reaction, "reaction", "reactions"),
    Kind(protocol.Limit, "limit", "limits"),
    Kind(protocol.StopRule, "stop rule", "stop_rules"),
)
"""The kinds of rule, in the order of a cadence's slots."""

PLANNER_TAGS: Final[Mapping[str, type]] = {"snooze": limits.Snooze, "rep_rule": RepRule}
"""The planner's own rules, which it applies to every cadence by itself, by their tags.

No cadence file names them (a cadence refuses them); a plan does, when one moved a touch
(:meth:`cadence.Timeline.to_dict`), so they have tags that only plans read.
"""

PLANNER_ONLY: Final[tuple[type, ...]] = tuple(PLANNER_TAGS.values())
"""Rules the planner applies to every cadence by itself: no cadence file names them."""

EVENT_TAGS: Final[Mapping[str, type]] = {"touch": Touch, "milestone": Milestone}
"""The tags of the events of a lead's history."""

BUILT_IN: Final[tuple[tuple[type, str], ...]] = (
    # rhythms
    (rhythm.SpeedToLead, "speed_to_lead"),
    (rhythm.DayOffsets, "day_offsets"),
    (rhythm.Every, "every"),
    (rhythm.Weekly, "weekly"),
    (protocol.Chain, "chain"),
    (occasion.Yearly, "yearly"),
    (steps.Steps, "steps"),
    # channel rules
    (Rotate, "rotate"),
    (Prefer, "prefer"),
    (PreferredChannel, "preferred_channel"),
    # reactions
    (reactions.DoubleTap, "double_tap"),
    (reactions.AfterVoicemail, "after_voicemail"),
    # limits
    (limits.ContactWindow, "contact_window"),
    (limits.VoicemailLimit, "voicemail_limit"),
    (protocol.AnyLimit, "any_limit"),
    (protocol.AllLimits, "all_limits"),
    (calendar.QuietHours, "quiet_hours"),
    (calendar.Blackout, "blackout"),
    (holidays.Holidays, "holidays"),
    (frequency.FrequencyCap, "frequency_cap"),
    (frequency.MinGap, "min_gap"),
    (compliance.Compliance, "compliance"),
    # stop rules
    (stop.BuyOrDie, "buy_or_die"),
    (stop.OptOut, "opt_out"),
    (stop.Replied, "replied"),
    (stop.MeetingBooked, "meeting_booked"),
    (stop.MaxAttempts, "max_attempts"),
    (stop.MaxContacts, "max_contacts"),
    (stop.MaxRounds, "max_rounds"),
    (stop.MaxDuration, "max_duration"),
    (protocol.AnyStop, "any_stop"),
    (protocol.AllStop, "all_stop"),
)
"""Every rule of :mod:`cadence.rules` with its type tag, registered when the format loads."""

R = typing.TypeVar("R")

_TAG: Final = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# The names of the kinds' and the events' definitions in the JSON Schema, and "type".
_RESERVED: Final = frozenset(
    {kind.schema_name for kind in KINDS}
    | set(EVENT_TAGS)
    | set(PLANNER_TAGS)
    | {"event", "type", "version"}
)


class _Registry:
    """The tags of the rules, both ways, and each kind's rules by tag (kept up to date)."""

    def __init__(self) -> None:
        self.by_tag: dict[str, type] = {}
        self.by_class: dict[type, str] = {}
        self.families: dict[type, tuple[str, Mapping[str, type]] | None] = {}

    def copy(self) -> _Registry:
        twin = _Registry()
        twin.by_tag = dict(self.by_tag)
        twin.by_class = dict(self.by_class)
        return twin

    def add(self, cls: type, tag: str) -> None:
        self.by_tag[tag] = cls
        self.by_class[cls] = tag
        self.families.clear()

    def family(self, base: type) -> tuple[str, Mapping[str, type]] | None:
        try:
            return self.families[base]
        except KeyError:
            found = self._family(base)
            self.families[base] = found
            return found

    def _family(self, base: type) -> tuple[str, Mapping[str, type]] | None:
        kind = kind_of(base)
        if kind is not None:
            return kind.name, {
                tag: cls for tag, cls in self.by_tag.items() if issubclass(cls, base)
            }
        for tag, event_type in EVENT_TAGS.items():
            if base is event_type:
                return tag, {tag: event_type}
        return None


_REGISTRY = _Registry()


def kind_of(cls: type) -> Kind | None:
    """The kind of rule ``cls`` is (a rule class or a kind's protocol), or None."""
    for kind in KINDS:
        if issubclass(cls, kind.base):
            return kind
    return None


def tag_of(cls: type) -> str | None:
    """The type tag of the rule class ``cls`` (exactly that class), or None."""
    return _REGISTRY.by_class.get(cls)


def registered() -> Mapping[str, type]:
    """Every registered rule class, by type tag: the built-in ones and the user's."""
    return _REGISTRY.by_tag


def family(base: type) -> tuple[str, Mapping[str, type]] | None:
    """The prose name and the tagged classes a value annotated ``base`` may be.

    For a rule kind (or a rule class), the registered rules of that kind (or that class and
    its registered subclasses); for an event class, its one tag. None for any other class.
    """
    return _REGISTRY.family(base)


def _names(kind: Kind) -> str:
    return kind.base.__name__


def _check_rule(cls: object) -> type:
    kinds = ", ".join(_names(kind) for kind in KINDS[:-1]) + f" or {_names(KINDS[-1])}"
    if not isinstance(cls, type):
        raise InvalidTypeError(f"cls: expected a rule class, got {cls!r}")
    if kind_of(cls) is None:
        raise InvalidTypeError(
            f"cls: expected a rule class, a subclass of {kinds}, got {cls.__qualname__}"
        )
    if not attrs.has(cls):
        raise InvalidTypeError(
            f"cls: expected an attrs class, got {cls.__qualname__}: decorate it with "
            "@attrs.frozen, so that configuration can read its fields"
        )
    if inspect.isabstract(cls):
        missing = ", ".join(sorted(getattr(cls, "__abstractmethods__", ())))
        raise InvalidTypeError(
            f"cls: expected a rule that can be built, got {cls.__qualname__}, which is "
            f"abstract (it does not define {missing})"
        )
    if cls in PLANNER_ONLY:
        raise InvalidValueError(
            f"cls: {cls.__qualname__} is the planner's own, applied to every cadence by "
            "itself: it has no type tag"
        )
    return cls


def _check_tag(cls: type, tag: object) -> str:
    if not isinstance(tag, str):
        raise InvalidTypeError(f"tag: expected the type tag as text, got {tag!r}")
    if not _TAG.fullmatch(tag):
        raise InvalidValueError(
            f'tag: expected a type tag in snake case, such as "{_snake_example(cls)}", got {tag!r}'
        )
    if tag in _RESERVED:
        raise InvalidValueError(
            f"tag: {tag!r} names a part of the format already; give {cls.__qualname__} another"
        )
    taken = _REGISTRY.by_tag.get(tag)
    if taken is not None and taken is not cls:
        raise InvalidValueError(
            f"tag: {tag!r} is the type tag of {taken.__module__}.{taken.__qualname__} "
            f"already; give {cls.__qualname__} another"
        )
    held = _REGISTRY.by_class.get(cls)
    if held is not None and held != tag:
        raise InvalidValueError(
            f"cls: {cls.__qualname__} is registered with the type tag {held!r} already; "
            "a rule has one tag"
        )
    return tag


def _snake_example(cls: type) -> str:
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", cls.__name__)
    return "_".join(word.lower() for word in words) or "my_rule"


def _check_fields(cls: type) -> None:
    """Refuse a class with a field whose annotation configuration cannot represent."""
    seen: set[type] = set()

    def check(kind: Any, where: str) -> None:
        members = union_members(kind)
        arguments = typing.get_args(kind)
        if members is not None or typing.get_origin(kind) in {tuple, frozenset}:
            for argument in members or arguments:
                if argument is not type(None) and argument is not Ellipsis:
                    check(argument, where)
            return
        if not isinstance(kind, type):
            raise UnsupportedTypeError(f"{where}: configuration cannot represent {kind!r}")
        if leaf_of(kind) is not None or family(kind) is not None or kind in seen:
            return
        if not attrs.has(kind):
            raise UnsupportedTypeError(f"{where}: configuration cannot represent {kind!r}")
        seen.add(kind)
        for spec in fields_of(kind):
            check(spec.type, f"{kind.__name__}.{spec.name}")

    seen.add(cls)
    for spec in fields_of(cls):
        check(spec.type, f"{cls.__name__}.{spec.name}")


def register(cls: type[R], *, tag: str) -> type[R]:
    """Give the rule class ``cls`` the type tag ``tag``, so that files can hold it.

    A registered rule round-trips through :meth:`Cadence.to_dict
    <cadence.Cadence.to_dict>` and :meth:`~cadence.Cadence.from_dict`, TOML, JSON and YAML
    files, and :func:`json_schema`, which describes it with its docstring's ``Args:``.
    Its fields are read and written according to their annotations, like those of the
    built-in rules; a field type the format cannot represent is refused here. The built-in
    rules are registered the same way, each with the tag the format documents.

    Registering a class again with the same tag does nothing, so a module may be
    reloaded. The tag names the class in files, so keep it once files hold it. The class's
    annotations must resolve from its module (:func:`typing.get_type_hints`), as they do
    for a class defined at the top of a module.

    Args:
        cls: A rule class: a frozen attrs class that implements one of the five rule
            kinds (:class:`~cadence.rules.Rhythm`, :class:`~cadence.rules.ChannelRule`,
            :class:`~cadence.rules.Reaction`, :class:`~cadence.rules.Limit`,
            :class:`~cadence.rules.StopRule`).
        tag: Its type tag, in snake case (``"office_closed"``), not the tag of another
            rule.

    Returns:
        ``cls``, so that ``register`` can follow the class definition in one statement.

    Raises:
        InvalidTypeError: if ``cls`` is not a rule class that can be built, or ``tag`` is
            not text.
        InvalidValueError: if ``tag`` is not snake case or belongs to another rule, or
            ``cls`` has another tag already.
        UnsupportedTypeError: if a field of ``cls`` has a type the format cannot represent.
    """
    rule = _check_rule(cls)
    name = _check_tag(rule, tag)
    if _REGISTRY.by_class.get(rule) != name:
        _check_fields(rule)
        _REGISTRY.add(rule, name)
    return cls


for _rule, _tag in BUILT_IN:
    register(_rule, tag=_tag)
