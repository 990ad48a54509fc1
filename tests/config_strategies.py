"""Hypothesis strategies for configuration round trips, built from the rules' own fields.

Rules are generated from their attrs fields and annotations, like the codec reads them, so
a registered rule (a built-in one, or a user's) is generated without a change here. Only rules whose
arguments constrain each other need a hand-written strategy (``OVERRIDES``).
"""

from __future__ import annotations

import enum
import functools
import typing
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import attrs
from hypothesis import strategies as st

from cadence import Cadence, Channel, Lead, Milestone, MilestoneKind, Outcome, Span, Touch
from cadence.config.fields import fields_of, union_members
from cadence.config.registry import KINDS, registered
from cadence.config.registry import family as registered_family
from cadence.errors import CadenceError
from cadence.period import Period
from cadence.rules import (
    Chain,
    ChannelRule,
    Compliance,
    DayOffsets,
    Holidays,
    Limit,
    Reaction,
    Rhythm,
    StopRule,
    Yearly,
)

ZONES = ("America/Chicago", "Europe/Paris", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC")

# Fixed offsets only: an instant in a zone's fold or gap never compares equal across zones.
offsets = st.sampled_from(
    [UTC, timezone(timedelta(hours=-6)), timezone(timedelta(hours=5, minutes=45))]
)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets
)
spans = st.builds(
    lambda days, hours, minutes, seconds, micros: Span(
        days=days, hours=hours, minutes=minutes, seconds=seconds + micros / 1_000_000
    ),
    st.integers(0, 400),
    st.integers(0, 48),
    st.integers(0, 59),
    st.integers(0, 59),
    st.integers(0, 999_999) | st.just(0),
)

MAX_DEPTH = 2


def _built(cls: type, build: Callable[[], Any]) -> Any:
    try:
        return build()
    except CadenceError:
        return None


def _from_fields(cls: type, depth: int) -> st.SearchStrategy[Any]:
    specs = fields_of(cls)
    star = [spec.key for spec in specs if spec.star]
    arguments = st.fixed_dictionaries(
        {spec.key: for_type(spec.type, depth, (cls, spec.key)) for spec in specs if spec.required},
        optional={
            spec.key: for_type(spec.type, depth, (cls, spec.key))
            for spec in specs
            if not spec.required
        },
    )

    def build(values: dict[str, Any]) -> Any:
        if star:
            values = dict(values)
            first = values.pop(star[0])
            return _built(cls, lambda: cls(*first, **values))
        return _built(cls, lambda: cls(**values))

    return arguments.map(build).filter(lambda value: value is not None)


def _day_offsets(depth: int) -> st.SearchStrategy[Any]:
    del depth
    return st.builds(
        lambda days, at: DayOffsets(*sorted(days), at=at),
        st.sets(st.integers(0, 60), min_size=1, max_size=4),
        st.none() | st.times(),
    )


def _chain(depth: int) -> st.SearchStrategy[Any]:
    inner = family(Rhythm, depth - 1)
    finite = inner.filter(lambda rhythm: rhythm.length is not None)
    return st.builds(lambda head, last: Chain(*head, last), st.lists(finite, max_size=3), inner)


def _leads(depth: int) -> st.SearchStrategy[Any]:
    """Leads from their fields, some with possible zones that hold their own."""
    others = st.lists(st.sampled_from(ZONES), max_size=3)

    def with_zones(lead: Lead, extra: list[str], uncertain: bool) -> Lead:
        if not uncertain:
            return lead
        return attrs.evolve(lead, possible_timezones=(*extra, lead.timezone))

    return st.builds(with_zones, _from_fields(Lead, depth), others, st.booleans())


OVERRIDES: dict[type, Callable[[int], st.SearchStrategy[Any]]] = {
    DayOffsets: _day_offsets,
    Chain: _chain,
    Lead: _leads,
}
"""Rules whose arguments constrain each other, with a strategy each (given the depth)."""

local_moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
names = st.sampled_from(["birthday", "anniversary", "season_start"])

FIELD_OVERRIDES: dict[tuple[type, str], st.SearchStrategy[Any]] = {
    (Lead, "timezone"): st.sampled_from(ZONES),
    (Lead, "dates"): st.lists(
        st.tuples(names, st.dates(date(1950, 1, 1), date(2030, 1, 1))),
        max_size=3,
        unique_by=lambda pair: pair[0],
    ).map(lambda pairs: tuple(sorted(pairs))),
    (Lead, "region"): st.none() | st.sampled_from(["US", "us-fl", "CA-ON", "GB", "FR-75"]),
    (Lead, "possible_timezones"): st.none(),
    (Compliance, "default_region"): st.none() | st.sampled_from(["US", "US-TX", "CA"]),
    (Holidays, "region"): st.none() | st.sampled_from(["US", "FR", "DE"]),
    (Holidays, "subdiv"): st.none() | st.sampled_from(["CA", "BY"]),
    (Yearly, "on"): names | st.sampled_from(["01-01", "02-29", "12-31", "04-01"]),
}
"""Fields whose values must come from a small set (time zones, country codes, names)."""

TYPE_OVERRIDES: dict[type, st.SearchStrategy[Any]] = {
    Period: st.lists(local_moments, min_size=2, max_size=2, unique=True).map(
        lambda moments: Period(*sorted(moments))
    ),
}
"""Values whose fields constrain each other, and which are not rules."""


def _nests(cls: type) -> bool:
    def inside(kind: Any) -> bool:
        if isinstance(kind, type) and registered_family(kind) is not None:
            return True
        return any(inside(argument) for argument in typing.get_args(kind))

    return any(inside(spec.type) for spec in fields_of(cls))


def _registered() -> tuple[tuple[str, type], ...]:
    """The registered rules now: the strategies of one set are not those of another."""
    return tuple(sorted(registered().items()))


def rule(cls: type, depth: int = 1) -> st.SearchStrategy[Any]:
    """Instances of one rule class, nesting other rules at most ``depth`` deep."""
    return _rule(cls, depth, _registered())


@functools.cache
def _rule(cls: type, depth: int, rules: tuple[tuple[str, type], ...]) -> st.SearchStrategy[Any]:
    del rules
    if cls in OVERRIDES:
        return OVERRIDES[cls](depth)
    return _from_fields(cls, depth)


def family(base: type, depth: int = MAX_DEPTH) -> st.SearchStrategy[Any]:
    """Any registered rule of kind ``base`` (a rule class or a kind), at most ``depth`` deep."""
    return _family(base, depth, _registered())


@functools.cache
def _family(base: type, depth: int, rules: tuple[tuple[str, type], ...]) -> st.SearchStrategy[Any]:
    del rules
    found = registered_family(base)
    assert found is not None, base
    choices = [
        cls for cls in found[1].values() if depth > 0 or not _nests(cls)
    ]  # at depth 0, leaves only
    return st.one_of([rule(cls, max(depth - 1, 0)) for cls in sorted(choices, key=str)])


def for_type(  # noqa: PLR0912 - one strategy per kind of annotation
    kind: Any, depth: int, where: tuple[type, str] | None = None
) -> st.SearchStrategy[Any]:
    """Values for an annotation, the way configuration reads it."""
    if where in FIELD_OVERRIDES:
        return FIELD_OVERRIDES[where]
    members = union_members(kind)
    if members is not None:
        return st.one_of(
            [st.none() if member is type(None) else for_type(member, depth) for member in members]
        )
    origin = typing.get_origin(kind)
    arguments = typing.get_args(kind)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return st.lists(for_type(arguments[0], depth), min_size=1, max_size=3).map(tuple)
        return st.tuples(*(for_type(argument, depth) for argument in arguments))
    if origin in {frozenset, set}:
        return st.frozensets(for_type(arguments[0], depth), min_size=1, max_size=4)
    if kind is Span:
        return spans
    if kind is bool:
        return st.booleans()
    if kind is int:
        return st.integers(0, 50)
    if kind is float:
        return st.floats(0, 1000, allow_nan=False)
    if kind is str:
        return st.text(max_size=20)
    if kind is time:
        return st.times()
    if kind is datetime:
        return instants
    if kind is date:
        return st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return st.sampled_from(list(kind))
    if isinstance(kind, type) and registered_family(kind) is not None:
        return family(kind, depth)
    if kind in TYPE_OVERRIDES:
        return TYPE_OVERRIDES[kind]
    if isinstance(kind, type) and attrs.has(kind):
        return _from_fields(kind, depth)
    message = f"no strategy for {kind!r}; add one to tests/config_strategies.py"
    raise NotImplementedError(message)


def kind_of(cls: type) -> type:
    """The kind of rule ``cls`` is."""
    return next(kind.base for kind in KINDS if issubclass(cls, kind.base))


def _reactions() -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(family(Reaction), max_size=3).map(tuple)


@st.composite
def cadences(draw: st.DrawFn) -> Cadence:
    """Random cadences of every rule the library exports."""
    return Cadence(
        rhythm=draw(family(Rhythm)),
        channels=draw(family(ChannelRule)),
        reactions=draw(_reactions()),
        limits=tuple(draw(st.lists(family(Limit), max_size=3))),
        stop=draw(family(StopRule)),
    )


leads = _leads(0)

_CALL_OUTCOMES = (Outcome.NO_ANSWER, Outcome.VOICEMAIL_LEFT, Outcome.CONNECTED)
_MESSAGE_OUTCOMES = (Outcome.SENT, Outcome.REPLIED, Outcome.CONNECTED)


@st.composite
def touches(draw: st.DrawFn) -> Touch:
    """Touches with an outcome that fits the channel."""
    channel = draw(st.sampled_from(list(Channel)))
    outcomes = _CALL_OUTCOMES if channel is Channel.CALL else _MESSAGE_OUTCOMES
    outcome = draw(st.sampled_from([*outcomes, Outcome.BOUNCED]))
    return Touch(at=draw(instants), channel=channel, outcome=outcome)


@st.composite
def milestones(draw: st.DrawFn) -> Milestone:
    """Milestones of every kind, with a channel or an end where they take one."""
    kind = draw(st.sampled_from(list(MilestoneKind)))
    at = draw(instants)
    if kind is MilestoneKind.OPTED_OUT:
        return Milestone.opted_out(at, draw(st.none() | st.sampled_from(list(Channel))))
    if kind is MilestoneKind.SNOOZED:
        return Milestone.snoozed(
            at, at + draw(st.timedeltas(timedelta(seconds=1), timedelta(days=1000)))
        )
    return Milestone(at=at, kind=kind)


histories = st.lists(touches() | milestones(), max_size=6)
