"""Rules of a user's own module in files: register(), its refusals, and the round trips it buys.

The rule under test lives in ``tests/office_rules.py``, a module of the kind a CRM writes.
Each test registers into a copy of the registry, so the built-in format stays as it is for
every other test.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadence
from cadence import (
    BuyOrDie,
    Cadence,
    CadenceError,
    ConfigError,
    ContactWindow,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    MaxRounds,
    Period,
    Span,
    SpeedToLead,
    json_schema,
    loads,
    rules,
)
from cadence import _plain_data as plain_data
from cadence.config import ConfigProblem, register, registry
from cadence.config.documents import decode
from cadence.config.errors import UnsupportedTypeError
from cadence.config.writing import encode
from cadence.errors import Place, Problem
from cadence.rules import AnyLimit, AnyStop, Limit
from tests import config_strategies as cs
from tests.office_rules import OfficeClosed, Team, Unregistered


@pytest.fixture(scope="module", autouse=True)
def office_rules() -> Iterator[None]:
    """The registry with ``OfficeClosed`` registered, for this module's tests only."""
    saved = registry._REGISTRY
    registry._REGISTRY = saved.copy()
    assert register(OfficeClosed, tag="office_closed") is OfficeClosed
    cs.FIELD_OVERRIDES[OfficeClosed, "per_day"] = st.integers(1, 9)
    yield
    del cs.FIELD_OVERRIDES[OfficeClosed, "per_day"]
    registry._REGISTRY = saved


@pytest.fixture
def fresh_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry of this test's own, thrown away after it."""
    monkeypatch.setattr(registry, "_REGISTRY", registry._REGISTRY.copy())


CLOSED = OfficeClosed(
    days=frozenset({cadence.Weekday.SAT, cadence.Weekday.SUN}),
    closures=(Period("2026-08-03", "2026-08-07"),),
    team=Team.SUPPORT,
    note="moving",
    grace=Span(minutes=30),
    per_day=4,
)
CADENCE = Cadence(rhythm=SpeedToLead(), limits=(CLOSED, AnyLimit(ContactWindow(), CLOSED)))

TOML = """
version = 1

[rhythm]
type = "speed_to_lead"

[[limits]]
type = "office_closed"
days = ["sat", "sun"]
closures = [{ start = "2026-08-03", end = "2026-08-07" }]
team = "support"
note = "moving"
grace = "30 minutes"
per_day = 4
"""


def _errors(call: Callable[[], object]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        call()
    return caught.value.errors


# -- round trips ----------------------------------------------------------------------------


def test_a_registered_rule_of_a_users_module_round_trips_through_data_and_json() -> None:
    data = CADENCE.to_dict()
    assert data["limits"][0] == {
        "type": "office_closed",
        "days": ["sat", "sun"],
        "closures": [{"start": "2026-08-03T00:00:00", "end": "2026-08-08T00:00:00"}],
        "team": "support",
        "note": "moving",
        "grace": "PT30M",
        "per_day": 4,
    }
    assert Cadence.from_dict(data) == CADENCE
    assert loads(json.dumps(data), format="json") == CADENCE


def test_a_registered_rule_reads_from_toml_as_written_by_hand() -> None:
    assert loads(TOML).limits == (CLOSED,)
    defaults = loads(
        'version = 1\n[rhythm]\ntype = "speed_to_lead"\n'
        '[[limits]]\ntype = "office_closed"\ndays = ["sun"]\n'
    )
    assert defaults.limits == (OfficeClosed(days={cadence.Weekday.SUN}),)


def test_the_json_schema_describes_a_registered_rule_and_its_data_fits() -> None:
    schema = json_schema()
    limits = [ref["$ref"] for ref in schema["$defs"]["limits"]["oneOf"]]
    assert "#/$defs/office_closed" in limits
    closed = schema["$defs"]["office_closed"]
    assert closed["description"] == "No touch on the days the office is closed."
    assert closed["properties"]["team"] == {
        "type": "string",
        "enum": ["sales", "support"],
        "description": "Whose office it is.",
        "default": "sales",
    }
    assert closed["required"] == ["type", "days"]
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(CADENCE.to_dict())
    assert not validator.is_valid({**CADENCE.to_dict(), "limits": [{"type": "office_closed"}]})


# Deferred: the strategy is built once the module's fixture has registered the rule.
@given(st.deferred(lambda: cs.rule(OfficeClosed)))
def test_every_generated_value_of_a_registered_rule_round_trips_and_fits_the_schema(
    value: OfficeClosed,
) -> None:
    written = encode(value)
    assert decode(Limit, written) == value
    assert decode(Limit, json.loads(json.dumps(written))) == value
    definitions = json_schema()["$defs"]
    validator = jsonschema.Draft202012Validator(
        {"$ref": "#/$defs/office_closed", "$defs": definitions}
    )
    validator.validate(written)


@given(cs.cadences())
def test_random_cadences_round_trip_with_the_users_rule_among_the_registered_ones(
    value: Cadence,
) -> None:
    assert Cadence.from_dict(value.to_dict()) == value


def test_the_generated_cadences_hold_the_users_rule() -> None:
    assert OfficeClosed in cs.registered_family(Limit)[1].values()  # type: ignore[index]


# -- refusals with their paths --------------------------------------------------------------

MINIMAL = 'version = 1\n[rhythm]\ntype = "speed_to_lead"\n'


def _closed(**keys: str) -> str:
    lines = "".join(f"{key} = {value}\n" for key, value in keys.items())
    return MINIMAL + '[[limits]]\ntype = "office_closed"\n' + lines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            _closed(days='["sat", "funday"]'),
            [("limits[0].days[1]", 'expected a day of the week such as "mon", got "funday"')],
        ),
        # The rule's own validator names its field with CadenceError.at(Place.of(...)).
        (_closed(days="[]"), [("limits[0].days", "expected at least one day, got none")]),
        # attrs' validators name theirs in their arguments.
        (
            _closed(days='["sun"]', per_day="12"),
            [("limits[0].per_day", "'per_day' must be in range(1, 10) (got 12)")],
        ),
        (
            _closed(days='["sun"]', team='"marketing"'),
            [("limits[0].team", 'expected one of "sales", "support", got "marketing"')],
        ),
        (
            _closed(days='["sun"]', grace="5"),
            [("limits[0].grace", 'expected a duration such as "P7D" or "7 days", got 5')],
        ),
        (
            _closed(days='["sun"]', closures='[{ start = "2026-08-07", end = "2026-08-03" }]'),
            [
                (
                    "limits[0].closures[0].end",
                    "expected a moment after start 2026-08-07T00:00:00, got 2026-08-04T00:00:00",
                )
            ],
        ),
        (
            _closed(dayz='["sun"]'),
            [
                (
                    "limits[0].dayz",
                    (
                        'unknown key (did you mean "days"?); OfficeClosed takes '
                        '"type", "days", "closures", "team", "note", "grace", "per_day"'
                    ),
                ),
                ("limits[0].days", "required: a list"),
            ],
        ),
        (
            MINIMAL + '[[limits]]\ntype = "any_limit"\nlimits = [{ type = "contact_window" }, '
            '{ type = "office_closed", days = [] }]\n',
            [("limits[0].limits[1].days", "expected at least one day, got none")],
        ),
        (
            MINIMAL + '[[limits]]\ntype = "office_close"\n',
            [
                (
                    "limits[0].type",
                    (
                        'unknown limit type "office_close" (did you mean "office_closed"?); '
                        'expected one of "all_limits", "any_limit", "blackout", "compliance", '
                        '"contact_window", "frequency_cap", "holidays", "min_gap", "office_closed", '
                        '"quiet_hours", '
                        '"voicemail_limit"'
                    ),
                )
            ],
        ),
    ],
    ids=[
        "bad day",
        "own validator",
        "attrs validator",
        "own enum",
        "duration",
        "nested value",
        "unknown key",
        "inside any_limit",
        "typo in the tag",
    ],
)
def test_a_registered_rules_bad_input_is_refused_with_its_path(
    text: str, expected: list[tuple[str, str]]
) -> None:
    assert _errors(lambda: loads(text)) == expected


def test_config_problems_say_what_was_expected_and_got() -> None:
    with pytest.raises(ConfigError) as caught:
        loads(_closed(days='["sat", "funday"]', per_day="0"))
    assert caught.value.problems == [
        ConfigProblem(
            "limits[0].days[1]",
            'expected a day of the week such as "mon", got "funday"',
            expected='a day of the week such as "mon"',
            got='"funday"',
        ),
        ConfigProblem("limits[0].per_day", "'per_day' must be in range(1, 10) (got 0)"),
    ]
    with pytest.raises(ConfigError) as empty:
        loads(_closed(days="[]"))
    assert empty.value.problems == [
        ConfigProblem(
            "limits[0].days",
            "expected at least one day, got none",
            expected="at least one day",
            got="none",
        )
    ]


def test_the_rules_own_error_carries_its_problem_as_data() -> None:
    with pytest.raises(InvalidValueError) as caught:
        OfficeClosed(days=())
    assert caught.value.problem == Problem(
        (Place("OfficeClosed", "days"),), expected="at least one day", got="none"
    )
    assert str(caught.value) == "OfficeClosed.days: expected at least one day, got none"


# -- what is not registered -----------------------------------------------------------------


def test_an_unregistered_rule_is_named_with_how_to_register_it() -> None:
    with pytest.raises(InvalidTypeError) as caught:
        Cadence(rhythm=SpeedToLead(), limits=[AnyLimit(Unregistered())]).to_dict()
    assert str(caught.value) == (
        "cannot write the rule tests.office_rules.Unregistered as data: it has no type tag; "
        "give it one with cadence.config.register(Unregistered, tag=...)"
    )


def test_values_need_the_codec_that_configuration_installs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(plain_data, "_installed", [])
    lead = Lead("UTC", datetime(2026, 3, 6, tzinfo=UTC))
    need = r"need the configuration format: import cadence\.config"
    with pytest.raises(CadenceError, match=need):
        lead.to_dict()
    with pytest.raises(CadenceError, match=need):
        Cadence.from_dict({"version": 1, "rhythm": {"type": "speed_to_lead"}})


# -- register() refuses what it cannot hold ---------------------------------------------------


class NotAttrs(Limit):
    """A limit that is not an attrs class."""

    def __call__(self, candidate: Any, state: Any) -> Any:
        return candidate

    def describe(self) -> str:
        return "nothing"


@attrs.frozen
class Abstract(Limit):
    """A limit that forgot ``describe``."""

    def __call__(self, candidate: Any, state: Any) -> Any:
        return candidate


@attrs.frozen
class NotARule:
    """An attrs class of no rule kind."""

    n: int


@attrs.frozen
class Callback(BuyOrDie):
    """A stop rule with a field no file can hold."""

    call: Callable[[], None] = print


@attrs.frozen
class Inner:
    """A value a rule holds, with a field no file can hold."""

    call: Callable[[], None]


@attrs.frozen
class Holding(BuyOrDie):
    """A stop rule holding a value with a field no file can hold."""

    inner: Inner


KINDS = "Rhythm, ChannelRule, Reaction, Limit or StopRule"


@pytest.mark.usefixtures("fresh_registry")
@pytest.mark.parametrize(
    ("cls", "tag", "error", "message"),
    [
        (5, "five", InvalidTypeError, "cls: expected a rule class, got 5"),
        (
            NotARule,
            "not_a_rule",
            InvalidTypeError,
            f"cls: expected a rule class, a subclass of {KINDS}, got NotARule",
        ),
        (
            NotAttrs,
            "not_attrs",
            InvalidTypeError,
            (
                "cls: expected an attrs class, got NotAttrs: decorate it with @attrs.frozen, so "
                "that configuration can read its fields"
            ),
        ),
        (
            Abstract,
            "abstract",
            InvalidTypeError,
            (
                "cls: expected a rule that can be built, got Abstract, which is abstract (it does "
                "not define describe)"
            ),
        ),
        (
            rules.Snooze,
            "snooze",
            InvalidValueError,
            (
                "cls: Snooze is the planner's own, applied to every cadence by itself: it has no "
                "type tag"
            ),
        ),
        (Unregistered, 5, InvalidTypeError, "tag: expected the type tag as text, got 5"),
        (
            Unregistered,
            "Unregistered",
            InvalidValueError,
            "tag: expected a type tag in snake case, such as \"unregistered\", got 'Unregistered'",
        ),
        (
            OfficeClosed,
            "office-closed",
            InvalidValueError,
            (
                'tag: expected a type tag in snake case, such as "office_closed", got '
                "'office-closed'"
            ),
        ),
        (
            Unregistered,
            "contact_window",
            InvalidValueError,
            (
                "tag: 'contact_window' is the type tag of cadence.rules.limits.ContactWindow "
                "already; give Unregistered another"
            ),
        ),
        (
            Unregistered,
            "limits",
            InvalidValueError,
            "tag: 'limits' names a part of the format already; give Unregistered another",
        ),
        (
            OfficeClosed,
            "closed",
            InvalidValueError,
            (
                "cls: OfficeClosed is registered with the type tag 'office_closed' already; a rule "
                "has one tag"
            ),
        ),
        (
            MaxRounds,
            "rounds",
            InvalidValueError,
            (
                "cls: MaxRounds is registered with the type tag 'max_rounds' already; a rule has "
                "one tag"
            ),
        ),
        (
            Callback,
            "callback",
            UnsupportedTypeError,
            "Callback.call: configuration cannot represent collections.abc.Callable[[], None]",
        ),
        (
            Holding,
            "holding",
            UnsupportedTypeError,
            "Inner.call: configuration cannot represent collections.abc.Callable[[], None]",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else getattr(value, "__name__", None),
)
def test_register_refuses_what_it_cannot_hold_and_says_why(
    cls: Any, tag: Any, error: type[Exception], message: str
) -> None:
    before = dict(registry.registered())
    with pytest.raises(error) as caught:
        register(cls, tag=tag)
    assert str(caught.value) == message
    assert dict(registry.registered()) == before


def test_registering_again_with_the_same_tag_changes_nothing(fresh_registry: None) -> None:
    before = dict(registry.registered())
    assert register(OfficeClosed, tag="office_closed") is OfficeClosed
    assert register(MaxRounds, tag="max_rounds") is MaxRounds
    assert dict(registry.registered()) == before


def test_a_registered_subclass_of_a_built_in_rule_keeps_its_own_tag(fresh_registry: None) -> None:
    @attrs.frozen
    class Bought(BuyOrDie):
        """Buy or die, under another name."""

    register(Bought, tag="bought")
    value = Cadence(rhythm=SpeedToLead(), stop=AnyStop(Bought(), MaxRounds(3)))
    data = value.to_dict()
    assert data["stop"]["rules"][0] == {"type": "bought"}
    assert Cadence.from_dict(data) == value
    assert Cadence.from_dict({**data, "stop": {"type": "buy_or_die"}}).stop == BuyOrDie()
