"""One set of bounds: a value is valid in Python exactly when it is valid in configuration.

Each bound is named once, in :mod:`cadence.bounds`; a rule refuses a value beyond it when it
is built, not when it is planned or written to a file.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cadence.config
from cadence import (
    Cadence,
    CadenceError,
    ConfigError,
    DayOffsets,
    FrequencyCap,
    InvalidValueError,
    Lead,
    MaxAttempts,
    MaxContacts,
    MaxRounds,
    Span,
    SpeedToLead,
    VoicemailLimit,
    plan,
    presets,
)
from cadence.bounds import MAX_SPAN_DAYS, MAX_WHOLE_NUMBER
from cadence.config import fields, leaves, registry
from cadence.rules import ChannelRule, Limit, Reaction, Rhythm, StopRule
from tests import config_strategies as cs

NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)
LEAD = Lead(timezone="America/Chicago", created_at=NOW)


def test_configuration_caps_numbers_at_the_bound_of_the_values():
    assert leaves.MAX_NUMBER == cadence.config.MAX_NUMBER == MAX_WHOLE_NUMBER == 100_000
    assert MAX_SPAN_DAYS == 36_600


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: MaxAttempts(200_000), "MaxAttempts.n: expected a whole number of at most 100000"),
        (
            lambda: VoicemailLimit(max=10**6),
            "VoicemailLimit.max: expected a whole number of at most 100000",
        ),
        (lambda: MaxRounds(100_001), "MaxRounds.n: expected a whole number of at most 100000"),
        (lambda: MaxContacts(10**100), "MaxContacts.n: expected a whole number of at most"),
        (
            lambda: FrequencyCap(max=100_001, per="1 day"),
            "FrequencyCap.max: expected a whole number of at most 100000",
        ),
        (
            lambda: presets.persistent(rounds=1_000_000),
            "MaxRounds.n: expected a whole number of at most 100000",
        ),
    ],
)
def test_a_count_beyond_the_bound_is_refused_when_the_rule_is_built(build, message):
    with pytest.raises(InvalidValueError, match=f"^{message}"):
        build()


def test_a_day_offset_beyond_the_longest_span_is_refused_when_the_rule_is_built():
    with pytest.raises(InvalidValueError, match=r"^DayOffsets\.days: .* to 36600, got 40000$"):
        DayOffsets(40_000)
    rhythm = DayOffsets(MAX_SPAN_DAYS)
    until = NOW + timedelta(days=MAX_SPAN_DAYS + 1)
    assert len(plan(Cadence(rhythm=rhythm), LEAD, now=NOW, until=until)) == 1


def test_a_count_at_the_bound_is_accepted_by_both_doors():
    cadence = Cadence(rhythm=SpeedToLead(), stop=MaxRounds(MAX_WHOLE_NUMBER))
    assert Cadence.from_dict(cadence.to_dict()) == cadence


def test_max_touches_has_the_same_bound():
    plan(presets.persistent(), LEAD, now=NOW, max_touches=MAX_WHOLE_NUMBER, until="1 day")
    with pytest.raises(InvalidValueError, match=r"^max_touches: .* from 0 to 100000, got 100001$"):
        plan(presets.persistent(), LEAD, now=NOW, max_touches=MAX_WHOLE_NUMBER + 1)


def test_spans_end_at_the_longest_span_in_every_unit():
    assert Span(days=MAX_SPAN_DAYS).days == MAX_SPAN_DAYS
    assert Span.parse(f"PT{MAX_SPAN_DAYS * 24}H").approximate().days == MAX_SPAN_DAYS
    for keyword, largest in (
        ("days", MAX_SPAN_DAYS),
        ("weeks", MAX_SPAN_DAYS // 7),
        ("hours", MAX_SPAN_DAYS * 24),
        ("minutes", MAX_SPAN_DAYS * 24 * 60),
        ("seconds", MAX_SPAN_DAYS * 24 * 60 * 60),
    ):
        Span(**{keyword: largest})
        with pytest.raises(InvalidValueError, match=f"^Span.{keyword}: expected at most"):
            Span(**{keyword: largest + 1})


# -- the property: the same integers in both doors -----------------------------------------

SLOTS: dict[type, str] = {
    Rhythm: "rhythm",
    ChannelRule: "channels",
    Reaction: "reactions",
    Limit: "limits",
    StopRule: "stop",
}


def _integer_fields() -> list[tuple[type, fields.FieldSpec]]:
    found = [
        (cls, spec)
        for cls in registry.registered().values()
        for spec in fields.fields_of(cls)
        if spec.type is int or spec.type == tuple[int, ...]
    ]
    return sorted(found, key=lambda pair: (pair[0].__name__, pair[1].key))


INTEGER_FIELDS = _integer_fields()


def _slot(rule: object) -> str:
    return next(slot for kind, slot in SLOTS.items() if isinstance(rule, kind))


def _cadence(rule: object) -> Cadence:
    slot = _slot(rule)
    value = [rule] if slot in {"reactions", "limits"} else rule
    arguments: dict[str, Any] = {"rhythm": SpeedToLead(), slot: value}
    return Cadence(**arguments)


def _rebuilt(rule: object, spec: fields.FieldSpec, value: int) -> object:
    """``rule`` with the integer ``value`` in the field of ``spec``, built in Python."""
    cls = type(rule)
    arguments = {other.key: getattr(rule, other.name) for other in fields.fields_of(cls)}
    if spec.star:
        del arguments[spec.key]
        return cls(value, **arguments)
    arguments[spec.key] = value
    return cls(**arguments)


def _written(rule: object, spec: fields.FieldSpec, value: int) -> dict[str, Any]:
    """The cadence holding ``rule`` as data, with ``value`` in the field of ``spec``."""
    data = _cadence(rule).to_dict()
    slot = _slot(rule)
    table = data[slot][0] if slot in {"reactions", "limits"} else data[slot]
    table[spec.key] = [value] if spec.star else value
    return data


@st.composite
def _rules_with_an_integer_field(draw: st.DrawFn) -> tuple[object, fields.FieldSpec]:
    cls, spec = draw(st.sampled_from(INTEGER_FIELDS))
    return draw(cs.rule(cls, 0)), spec


integers = (
    st.integers(-3, 3)
    | st.integers(MAX_SPAN_DAYS - 3, MAX_SPAN_DAYS + 3)
    | st.integers(MAX_WHOLE_NUMBER - 3, MAX_WHOLE_NUMBER + 3)
    | st.integers(-(10**30), 10**30)
)


def test_the_property_covers_every_integer_field_of_every_rule():
    names = {(cls.__name__, spec.key) for cls, spec in INTEGER_FIELDS}
    assert names >= {
        ("DayOffsets", "days"),
        ("FrequencyCap", "max"),
        ("MaxAttempts", "n"),
        ("MaxContacts", "n"),
        ("MaxRounds", "n"),
        ("VoicemailLimit", "max"),
    }


@given(_rules_with_an_integer_field(), integers)
@example((MaxAttempts(3), fields.fields_of(MaxAttempts)[0]), 200_000)
@example((VoicemailLimit(), fields.fields_of(VoicemailLimit)[0]), 10**6)
@example((DayOffsets(1), fields.fields_of(DayOffsets)[0]), 40_000)
def test_an_integer_is_valid_in_python_exactly_when_it_is_valid_in_configuration(drawn, value):
    rule, spec = drawn
    try:
        built = _rebuilt(rule, spec, value)
    except CadenceError:
        built = None
    try:
        read = Cadence.from_dict(_written(rule, spec, value))
    except ConfigError:
        read = None
    assert (built is None) == (read is None), (built, read)
    if built is not None:
        assert read == _cadence(built)
        assert Cadence.from_dict(_cadence(built).to_dict()) == _cadence(built)
