"""Configuration, its JSON Schema and the command line at their edges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

import cadence
from cadence import ConfigError, Touch, loads, loads_lead
from cadence.cli import main

MINIMAL = 'version = 1\n[rhythm]\ntype = "speed_to_lead"\n'
LEAD = 'timezone = "UTC"\ncreated_at = 2026-03-06T10:00:00Z\n'
SCHEMA = cadence.json_schema()
RULES = SCHEMA["$defs"]


def errors(call: Callable[[], object]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        call()
    return caught.value.errors


def max_rounds(n: object) -> str:
    shown = f'"{n}"' if isinstance(n, str) else n
    return MINIMAL + f'[stop]\ntype = "max_rounds"\nn = {shown}\n'


def test_a_whole_number_may_be_as_large_as_the_limit_and_no_larger() -> None:
    assert loads(max_rounds(100_000)).stop == cadence.MaxRounds(100_000)
    assert errors(lambda: loads(max_rounds(100_001))) == [
        ("stop.n", "expected a whole number of at most 100000, got 100001")
    ]


def test_a_bad_text_is_quoted_whole_up_to_sixty_characters() -> None:
    whole = "x" * 58  # 60 characters with its quotes
    assert errors(lambda: loads(max_rounds(whole))) == [
        ("stop.n", f'expected a whole number, got "{whole}"')
    ]
    (problem,) = errors(lambda: loads(max_rounds(whole + "y")))
    assert problem == ("stop.n", f'expected a whole number, got "{"x" * 55}..."')


def test_an_instant_that_is_not_one_says_what_an_instant_looks_like() -> None:
    def created_at(text: str) -> list[tuple[str, str]]:
        return errors(lambda: loads_lead(f'timezone = "UTC"\ncreated_at = {text}\n'))

    assert created_at("5") == [
        ("created_at", 'expected a date and time such as "2026-03-06T15:58:00Z", got 5')
    ]
    assert created_at("2026-03-06") == [
        ("created_at", "expected an aware datetime, got the date 2026-03-06")
    ]
    assert created_at("2026-03-06T10:00:00") == [
        (
            "created_at",
            "expected an aware datetime (one with a time zone), got naive '2026-03-06T10:00:00'",
        )
    ]


def test_a_rule_that_is_missing_or_not_a_table_names_its_kind() -> None:
    assert errors(lambda: loads("version = 1\nrhythm = 5\n")) == [
        ("rhythm", 'expected a rhythm: a table with a "type" key, got 5')
    ]
    assert errors(lambda: loads("version = 1\n")) == [
        ("rhythm", 'required: a rhythm: a table with a "type" key')
    ]


def test_a_list_that_is_not_a_list_says_what_its_items_are() -> None:
    assert errors(lambda: loads_lead(LEAD + "dates = 5\n")) == [
        ("dates", "expected a list of values, got 5")
    ]
    blackout = MINIMAL + '[[limits]]\ntype = "blackout"\nperiods = 5\n'
    assert errors(lambda: loads(blackout)) == [
        ("limits[0].periods", "expected a list of tables, got 5")
    ]


@pytest.mark.parametrize("data", [5, "touch", ["call"]])
def test_an_event_that_is_not_a_table_is_refused_not_crashed_on(data: object) -> None:
    (problem,) = errors(lambda: Touch.from_dict(data))
    assert problem[1].startswith('expected a touch: a table with a "type" key, got ')


# -- the schema -----------------------------------------------------------------------------


def _properties() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (tag, key, spec)
        for tag, rule in RULES.items()
        for key, spec in rule.get("properties", {}).items()
        if key != "type"
    ]


@pytest.mark.parametrize(("tag", "key", "spec"), _properties())
def test_the_schema_describes_every_argument_in_the_words_of_its_docstring(
    tag: str, key: str, spec: dict[str, Any]
) -> None:
    description = spec.get("description", "")
    assert description, (tag, key)
    assert description == " ".join(description.split()), (tag, key)


def test_an_argument_documented_on_several_lines_is_described_whole() -> None:
    assert RULES["chain"]["properties"]["parts"]["description"] == (
        "The rhythms in the order they run, at least one; only the last may go on for ever, "
        "and a ``Chain`` among them is flattened into this one."
    )


def test_the_schema_states_defaults_and_lower_bounds_as_the_rules_do() -> None:
    voicemails = RULES["voicemail_limit"]["properties"]
    assert (voicemails["max"]["default"], voicemails["max"]["minimum"]) == (1, 0)
    assert voicemails["per"]["default"] == "P7D"
    rounds = RULES["max_rounds"]["properties"]["n"]
    assert rounds["minimum"] == 1
    assert "default" not in rounds
    validator = jsonschema.Draft202012Validator(SCHEMA)
    document = {"version": 1, "rhythm": {"type": "speed_to_lead"}}
    assert validator.is_valid({**document, "stop": {"type": "max_rounds", "n": 1}})
    assert not validator.is_valid({**document, "stop": {"type": "max_rounds", "n": 0}})


def test_a_lead_with_dates_fits_the_lead_schema_and_a_date_is_a_pair() -> None:
    lead = loads_lead(LEAD + 'dates = [["birthday", 1980-05-17]]\n')
    validator = jsonschema.Draft202012Validator(cadence.json_schema("lead"))
    data = lead.to_dict()
    assert validator.is_valid(data)
    assert not validator.is_valid({**data, "dates": [["birthday", "1980-05-17", "1981-05-17"]]})


# -- the command line -------------------------------------------------------------------------


def test_the_command_plans_zero_touches_when_asked_for_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    examples = "examples/"
    status = main(
        [
            "plan",
            examples + "persistent.toml",
            "--lead",
            examples + "lead.toml",
            "--now",
            "2026-03-06T16:00:30Z",
            "--max-touches",
            "0",
            "--format",
            "json",
        ]
    )
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert '"touches": []' in out
