"""Configuration, its JSON Schema and the command line at their edges."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadence
from cadence import (
    ConfigError,
    Touch,
    load,
    load_history,
    load_lead,
    load_team,
    loads,
    loads_history,
    loads_lead,
    loads_team,
    presets,
)
from cadence.cli import main
from cadence.config import history_to_csv, history_to_list
from tests.config_strategies import histories

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


# -- text and files: encodings, line endings, CSV, keys given twice -----------------------

HISTORY_CSV = "type,at,channel,outcome\ntouch,2026-03-06T16:00:00Z,call,no_answer\n"


@pytest.mark.parametrize(
    ("name", "read", "text"),
    [
        ("cadence.toml", load, MINIMAL + "# the \u201cpersistent\u201d one\n"),
        ("lead.yaml", load_lead, "timezone: UTC  # \u201cParis\u201d\ncreated_at: 2026-03-06\n"),
        ("history.csv", load_history, HISTORY_CSV + "touch,2026-03-06T16:05:00Z,\u201csms,sent\n"),
    ],
)
def test_a_file_that_is_not_utf8_names_the_file_the_byte_and_where_it_is(
    tmp_path: Path, name: str, read: Callable[[Path], object], text: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode("cp1252"))  # Excel's curly quote is the byte 0x93
    with pytest.raises(ConfigError) as caught:
        read(path)
    line = 1 + text[: text.index("\u201c")].count("\n")
    column = 1 + len(text[: text.index("\u201c")].rsplit("\n", 1)[-1])
    ((where, message),) = caught.value.errors
    assert caught.value.source == str(path)
    assert where == f"line {line}, column {column}"
    assert message.startswith("the byte 0x93 is not UTF-8: the file must be saved as UTF-8")


def test_a_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "history.csv"
    path.write_text(HISTORY_CSV, encoding="utf-16")
    assert errors(lambda: load_history(path)) == [
        ("line 1, column 1", "the file is UTF-16 text: it must be saved as UTF-8")
    ]


BOM = "\ufeff"
DOCUMENTS: list[tuple[str, str, Callable[..., object]]] = [
    ("toml", MINIMAL, loads),
    ("json", json.dumps(presets.persistent().to_dict()), loads),
    ("yaml", "version: 1\nrhythm: {type: speed_to_lead}\n", loads),
    ("toml", LEAD, loads_lead),
    ("toml", '[[reps]]\nid = "ana"\ntimezone = "UTC"\n', loads_team),
    (
        "json",
        '[{"type": "touch", "at": "2026-03-06T16:00:00Z", "channel": "sms", "outcome": "sent"}]',
        loads_history,
    ),
    ("csv", HISTORY_CSV, loads_history),
]


@pytest.mark.parametrize(("fmt", "text", "read"), DOCUMENTS)
def test_a_byte_order_mark_is_accepted_in_every_format_and_file(
    tmp_path: Path, fmt: str, text: str, read: Callable[..., object]
) -> None:
    plain = read(text, format=fmt)
    assert read(BOM + text, format=fmt) == plain
    path = tmp_path / f"document.{fmt}"
    path.write_text(text, encoding="utf-8-sig")
    file_readers = {
        loads: load,
        loads_lead: load_lead,
        loads_history: load_history,
        loads_team: load_team,
    }
    file_reader = file_readers[read]
    assert file_reader(path) == plain


@given(histories, st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_csv_history_reads_the_same_whatever_its_line_endings(
    history: list[Any], ending: str
) -> None:
    text = history_to_csv(history).replace("\n", ending)
    assert loads_history(text, format="csv") == history


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"type,at\ntouch,2026-03-06T16:00:00Z\n',
            [("line 1", 'expected a closing " for the quoted cell that starts here, got the end')],
        ),
        (
            HISTORY_CSV + 'touch,"2026-03-06T16:00:00Z,call,no_answer\n',
            [("line 3", 'expected a closing " for the quoted cell that starts here, got the end')],
        ),
        (
            HISTORY_CSV + 'touch,2026-03-06T16:00:00Z,"c""a\nll",no_answer\ntouch,"2026\n',
            [("line 5", 'expected a closing " for the quoted cell that starts here, got the end')],
        ),
        (
            HISTORY_CSV + 'touch,"2026-03-06T16:00:00Z"x,call,no_answer\n',
            [("line 3", "invalid CSV: ',' expected after '\"'")],
        ),
        (
            "type,at,channel,at,outcome\ntouch,2026-03-06T16:00:00Z,call,,no_answer\n",
            [("line 1", 'expected each column once, got "at" again in column 4 (first in 2)')],
        ),
    ],
    ids=["quote in the header", "quote in a row", "quote after a doubled one", "junk", "twice"],
)
def test_a_broken_csv_history_is_refused_with_the_line(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = errors(lambda: loads_history(text, format="csv"))
    assert [where for where, _ in found] == [where for where, _ in expected]
    for (_, message), (_, start) in zip(found, expected, strict=True):
        assert message.startswith(start)


@given(histories.filter(bool))
def test_a_history_column_given_twice_is_refused_whatever_the_history(history: list[Any]) -> None:
    header, rest = history_to_csv(history).split("\n", 1)
    text = f"{header},at\n" + "".join(row + ",\n" for row in rest.splitlines())
    ((where, message),) = errors(lambda: loads_history(text, format="csv"))
    assert where == "line 1"
    assert message.startswith('expected each column once, got "at" again')


JSON_TWICE = """{
  "version": 1,
  "rhythm": {"type": "speed_to_lead", "type": "every", "gaps": ["P3D"]},
  "limits": [{"type": "quiet_hours", "start": "21:00", "end": "08:00"}],
  "limits": []
}"""
YAML_TWICE = """version: 1
rhythm:
  type: speed_to_lead
  type: every
  gaps: [P3D]
limits:
  - {type: quiet_hours, start: "21:00", end: "08:00"}
limits: []
"""


ONCE = "expected each key once, got it"


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        (
            "json",
            JSON_TWICE,
            [
                ("rhythm.type", f"{ONCE} twice on line 3"),
                ("limits", f"{ONCE} again at line 5 (first at line 4)"),
            ],
        ),
        (
            "yaml",
            YAML_TWICE,
            [
                ("rhythm.type", f"{ONCE} again at line 4 (first at line 3)"),
                ("limits", f"{ONCE} again at line 8 (first at line 6)"),
            ],
        ),
    ],
)
def test_a_key_given_twice_is_refused_with_its_path_and_lines(
    fmt: str, text: str, expected: list[tuple[str, str]]
) -> None:
    assert errors(lambda: loads(text, format=fmt)) == expected  # type: ignore[arg-type]


def test_a_key_given_twice_deep_inside_lists_and_quoted_keys_is_found() -> None:
    text = (
        '{"version": 1, "rhythm": {"type": "speed_to_lead"},\n"reactions": [{},\n'
        '{"type": "double_tap", "a.b": 1,\n"a.b": 2}]}'
    )
    assert errors(lambda: loads(text, format="json")) == [
        ('reactions[1]."a.b"', "expected each key once, got it again at line 4 (first at line 3)")
    ]


def test_yaml_merge_keys_may_be_overridden_once() -> None:
    text = (
        "base: &base {type: speed_to_lead, within: 1 minute}\nversion: 1\n"
        "rhythm: {<<: *base, within: 2 minutes}\n"
    )
    with pytest.raises(ConfigError) as caught:  # the key "base" is unknown, and only that
        loads(text, format="yaml")
    assert [where for where, _ in caught.value.errors] == ["base"]


def test_history_events_given_twice_are_kept_but_a_key_twice_is_not() -> None:
    listed = history_to_list(
        [Touch.from_dict({"at": "2026-03-06T16:00:00Z", "channel": "sms", "outcome": "sent"})] * 2
    )
    assert len(loads_history(json.dumps(listed))) == 2
    twice = '[{"type": "touch", "type": "touch"}]'
    assert errors(lambda: loads_history(twice)) == [
        ("[0].type", "expected each key once, got it twice on line 1")
    ]


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
