"""Configuration: round trips, the JSON Schema, the shipped files, and errors people can act on."""

from __future__ import annotations

import base64
import functools
import inspect
import itertools
import json
import sys
import textwrap
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import cadence
from cadence import (
    Cadence,
    ConfigError,
    ContactWindow,
    Hours,
    Lead,
    Milestone,
    Touch,
    json_schema,
    load,
    load_history,
    load_lead,
    load_team,
    loads,
    loads_history,
    loads_lead,
    presets,
    rules,
)
from cadence.config import history_from_list, history_to_csv, history_to_list, registry
from cadence.config.documents import decode
from cadence.config.errors import UnsupportedTypeError
from cadence.config.registry import KINDS, register, registered, tag_of
from cadence.config.schema import _Builder
from cadence.config.writing import encode
from tests.config_strategies import cadences, histories, kind_of, leads, rule

EXAMPLES = Path(__file__).parent.parent / "examples"


@functools.cache
def _validator(document: str = "cadence") -> jsonschema.Draft202012Validator:
    schema = json_schema(document)  # type: ignore[arg-type]
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


CADENCE_SCHEMA = _validator()


def _errors(call: Callable[[], object]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as caught:
        call()
    return caught.value.errors


# -- round trips ----------------------------------------------------------------------------


@given(cadences())
def test_a_cadence_survives_the_round_trip_through_data(value: Cadence) -> None:
    data = value.to_dict()
    assert Cadence.from_dict(data) == value
    assert loads(json.dumps(data), format="json") == value
    CADENCE_SCHEMA.validate(data)


@given(cadences())
def test_writing_is_canonical(value: Cadence) -> None:
    data = value.to_dict()
    assert Cadence.from_dict(data).to_dict() == data


def test_every_rule_that_rules_exports_has_a_type_tag() -> None:
    concrete = {
        obj
        for name in rules.__all__
        if isinstance(obj := getattr(rules, name), type)
        and issubclass(obj, tuple(kind.base for kind in KINDS))
        and not inspect.isabstract(obj)
    }
    # Snooze is the planner's own: it applies to every cadence, so no file names it.
    assert set(registered().values()) == concrete - {rules.Snooze}
    assert all(registered()[tag_of(cls)] is cls for cls in concrete - {rules.Snooze})  # type: ignore[index]
    assert len(concrete) >= 20


def test_the_planners_own_snooze_is_an_unknown_type_and_is_not_offered() -> None:
    (problem,) = _errors(lambda: loads(MINIMAL + '[[limits]]\ntype = "snooze"\n'))
    assert problem[0] == "limits[0].type"
    assert problem[1].startswith('unknown limit type "snooze"; expected one of "all_limits"')
    assert "snooze" not in problem[1].removeprefix('unknown limit type "snooze"')
    assert "snooze" not in json.dumps(json_schema())
    with pytest.raises(cadence.InvalidValueError, match="Snooze: the planner applies"):
        Cadence(rhythm=rules.SpeedToLead(), limits=[rules.Snooze()]).to_dict()


@pytest.mark.parametrize(
    ("version", "shown"), [("1.0", "1.0"), ("true", "true"), ('"1"', '"1"'), ("2", "2")]
)
def test_the_version_is_the_whole_number_one(version: str, shown: str) -> None:
    text = MINIMAL.replace("version = 1", f"version = {version}")
    assert _errors(lambda: loads(text)) == [
        ("version", f"expected the whole number 1, the version this release reads, got {shown}")
    ]


@functools.cache
def _rule_validator(tag: str) -> jsonschema.Draft202012Validator:
    definitions = CADENCE_SCHEMA.schema["$defs"]
    return jsonschema.Draft202012Validator({"$ref": f"#/$defs/{tag}", "$defs": definitions})


@pytest.mark.parametrize("tag", sorted(registered()))
@given(data=st.data())
def test_every_rule_survives_the_round_trip_and_fits_the_schema(tag: str, data: Any) -> None:
    """New rules are covered automatically; a field type configuration cannot write fails here."""
    cls = registered()[tag]
    value = data.draw(rule(cls))
    written = encode(value)
    assert written["type"] == tag
    assert decode(kind_of(cls), written) == value
    assert decode(kind_of(cls), json.loads(json.dumps(written))) == value
    _rule_validator(tag).validate(written)


@given(leads)
def test_a_lead_survives_the_round_trip(lead: Lead) -> None:
    assert Lead.from_dict(lead.to_dict()) == lead
    _validator("lead").validate(lead.to_dict())


@given(histories)
def test_a_history_survives_the_round_trip_as_a_list_and_as_csv(history: list[Any]) -> None:
    listed = history_to_list(history)
    assert history_from_list(listed) == history
    assert loads_history(json.dumps(listed)) == history
    assert loads_history(history_to_csv(history), format="csv") == history
    _validator("history").validate(listed)
    for event in history:
        assert type(event).from_dict(event.to_dict()) == event


PLAIN_TYPES = {str, int, float, bool, type(None), list, dict}


def _plain(data: object, path: str = "$") -> list[str]:
    """The paths inside ``data`` whose value is not exactly a plain type (a StrEnum is not)."""
    if type(data) not in PLAIN_TYPES:
        return [f"{path}: {type(data).__name__}"]
    if isinstance(data, dict):
        found = [f"{path} key {key!r}" for key in data if type(key) is not str]
        return found + [
            item for key, value in data.items() for item in _plain(value, f"{path}.{key}")
        ]
    if isinstance(data, list):
        return [
            item for index, value in enumerate(data) for item in _plain(value, f"{path}[{index}]")
        ]
    return []


@given(cadences(), leads, histories)
def test_values_are_written_as_plain_data_that_any_serializer_takes(
    value: Cadence, lead: Lead, history: list[Any]
) -> None:
    written = [value.to_dict(), lead.to_dict(), history_to_list(history)]
    written += [event.to_dict() for event in history]
    assert _plain(written) == []
    assert yaml.safe_load(yaml.safe_dump(written)) == json.loads(json.dumps(written))


def test_an_event_may_leave_its_type_out_when_its_class_reads_it() -> None:
    at = "2026-03-06T16:00:00Z"
    touch = Touch.from_dict({"at": at, "channel": "call", "outcome": "no_answer"})
    assert touch == Touch(datetime(2026, 3, 6, 16, tzinfo=UTC), "call", "no_answer")
    assert Milestone.from_dict({"at": at, "kind": "purchased"}).kind.value == "purchased"
    errors = _errors(lambda: Touch.from_dict({"type": "milestone", "at": at, "kind": "lost"}))
    assert [path for path, _ in errors] == ["type"]


def test_durations_and_times_are_written_in_one_canonical_form() -> None:
    window = ContactWindow(start="09:00:30", end="17:00")
    assert encode(window)["start"] == "09:00:30"
    assert encode(cadence.Span.parse("1 day 2 hours 3.25 seconds")) == "P1DT2H3.25S"
    assert encode(cadence.Span()) == "PT0S"
    assert encode(datetime(2026, 3, 6, 16, tzinfo=UTC)) == "2026-03-06T16:00:00Z"
    read = Cadence.from_dict(
        {
            "version": 1,
            "rhythm": {"type": "every", "gaps": ["3 days", "P4D"]},
            "limits": [{"type": "voicemail_limit", "max": 1, "per": "1 week"}],
        }
    )
    assert read.to_dict()["rhythm"] == {"type": "every", "gaps": ["P3D", "P4D"]}
    assert read.to_dict()["limits"][0]["per"] == "P7D"


def test_a_lead_with_preferences_reads_like_the_python_that_builds_it() -> None:
    text = """
timezone = "America/Chicago"
created_at = 2026-03-06T15:58:00Z
preferred_channel = "sms"
blackouts = [{ start = "2026-07-01", end = 2026-07-14 }, { start = "2026-08-03T12:00", end = "2026-08-03T14:00" }]
dates = [["birthday", 1980-05-17]]

[best_times]
days = ["tue", "thu"]
start = 10:00:00
end = "12:00"
"""
    expected = Lead(
        "America/Chicago",
        datetime(2026, 3, 6, 15, 58, tzinfo=UTC),
        preferred_channel="sms",
        best_times=Hours(days=("tue", "thu"), start="10:00", end="12:00"),
        blackouts=[("2026-07-01", "2026-07-14"), ("2026-08-03T12:00", "2026-08-03T14:00")],
        dates={"birthday": date(1980, 5, 17)},
    )
    assert loads_lead(text) == expected
    assert Lead.from_dict(expected.to_dict()) == expected
    _validator("lead").validate(expected.to_dict())


# -- the shipped files ------------------------------------------------------------------------


PRESETS = sorted(
    name
    for name, value in vars(presets).items()
    if inspect.isfunction(value) and value.__module__ == presets.__name__ and name[0] != "_"
)


def test_the_presets_are_found() -> None:
    assert PRESETS == ["persistent", "post_sale"]


@pytest.mark.parametrize("name", PRESETS)
def test_each_preset_ships_as_a_file(name: str) -> None:
    expected = getattr(presets, name)()
    assert load(EXAMPLES / f"{name}.toml") == expected, (
        f"examples/{name}.toml no longer matches presets.{name}(); as data it is:\n"
        + json.dumps(expected.to_dict(), indent=2)
    )


def test_the_example_in_the_config_docstring_loads() -> None:
    lines = (cadence.config.__doc__ or "").split("::", 1)[1].splitlines()[2:]
    example = textwrap.dedent(
        "\n".join(itertools.takewhile(lambda line: not line or line[0] == " ", lines))
    )
    assert "version = 1" in example
    read = loads(example)
    assert read.limits == (ContactWindow(start="09:00", end="18:00"),)


def _document(path: Path) -> str:
    if path.stem.startswith("lead"):
        return "lead"
    if path.stem.startswith("history"):
        return "history"
    if path.stem.startswith("team"):
        return "team"
    return "cadence"


EXAMPLE_FILES = sorted(
    path for path in EXAMPLES.iterdir() if path.suffix in {".toml", ".json", ".yaml", ".yml"}
)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.name)
def test_every_example_file_loads_and_fits_the_schema(path: Path) -> None:
    document = _document(path)
    readers = {"cadence": load, "lead": load_lead, "history": load_history, "team": load_team}
    reader = readers[document]
    reader(path)
    text = path.read_text(encoding="utf-8")
    data = cadence.config.parse(text, {".toml": "toml", ".json": "json"}.get(path.suffix, "yaml"))
    if document == "history" and isinstance(data, dict):
        data = data["events"]
    _validator(document).validate(data)


def test_the_example_lead_and_history_are_those_of_the_python_example() -> None:
    lead = load_lead(EXAMPLES / "lead.toml")
    assert lead == Lead(
        "America/Chicago", datetime(2026, 3, 6, 15, 58, tzinfo=UTC), id="avery-ortiz"
    )
    assert load_history(EXAMPLES / "history.csv") == [
        Touch(datetime(2026, 3, 6, 16, tzinfo=UTC), "call", "no_answer")
    ]
    assert len(EXAMPLE_FILES) >= 2


# -- errors -------------------------------------------------------------------------------------

MINIMAL = 'version = 1\n[rhythm]\ntype = "every"\ngaps = ["P3D"]\n'


def test_the_issues_example_error_reads_as_promised() -> None:
    text = (
        MINIMAL
        + '[[limits]]\ntype = "voicemail_limit"\n[[limits]]\ntype = "voicemail_limit"\n'
        + '[[limits]]\ntype = "voicemail_limit"\nper = "seven"\n'
    )
    assert _errors(lambda: loads(text)) == [
        ("limits[2].per", 'expected a duration such as "P7D" or "7 days", got "seven"')
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = """
version = 2
[rhythm]
type = "speedtolead"
[channels]
type = "rotate"
channels = ["call", "Fax"]
[[limits]]
type = "contact_window"
start = "10:00"
end = "09:00"
colour = "red"
[[limits]]
type = "voicemail_limit"
max = -1
per = "-P1D"
[stop]
type = "max_rounds"
n = true
"""
    errors = _errors(lambda: loads(text, source="bad.toml"))
    paths = [path for path, _ in errors]
    assert paths == [
        "version",
        "rhythm.type",
        "channels.channels[1]",
        "limits[0].colour",
        "limits[0].end",
        "limits[1].per",
        "limits[1].max",
        "stop.n",
    ]
    messages = dict(errors)
    assert 'did you mean "speed_to_lead"' in messages["rhythm.type"]
    assert 'got "Fax"' in messages["channels.channels[1]"]
    assert "unknown key" in messages["limits[0].colour"]
    assert "zero or more" in messages["limits[1].per"]
    assert "at least 0" in messages["limits[1].max"]
    with pytest.raises(ConfigError, match=r"8 problems in bad\.toml"):
        loads(text, source="bad.toml")


# Each broken document, its format, and the (path, part of the message) of its problems.
BROKEN: list[tuple[str, str, str, list[tuple[str, str]]]] = [
    (
        "wrong type",
        "json",
        '{"version": 1, "rhythm": {"type": "every", "gaps": "P3D"}}',
        [("rhythm.gaps", "expected a list of durations")],
    ),
    (
        "rule instead of list",
        "json",
        '{"version": 1, "rhythm": {"type": "every", "gaps": ["P3D"]}, "limits": {}}',
        [("limits", "expected a list of limits")],
    ),
    (
        "unknown rule",
        "toml",
        MINIMAL + '[stop]\ntype = "buy_or_cry"\n',
        [("stop.type", 'unknown stop rule type "buy_or_cry" (did you mean "buy_or_die"?)')],
    ),
    (
        "rule of another kind",
        "toml",
        MINIMAL + '[stop]\ntype = "contact_window"\n',
        [("stop.type", '"contact_window" is a limit, not a stop rule')],
    ),
    ("missing type", "toml", MINIMAL + "[stop]\nn = 3\n", [("stop.type", "required")]),
    (
        "unknown key",
        "toml",
        "version = 1\nrythm = 3\n" + MINIMAL.removeprefix("version = 1\n"),
        [("rythm", 'unknown key (did you mean "rhythm"?)')],
    ),
    ("missing rhythm", "toml", "version = 1\n", [("rhythm", "required")]),
    (
        "missing version",
        "json",
        '{"rhythm": {"type": "every", "gaps": ["P3D"]}}',
        [("version", "required")],
    ),
    ("not a table", "json", "[1, 2]", [("", "expected a table")]),
    (
        "negative duration",
        "toml",
        'version = 1\n[rhythm]\ntype = "every"\ngaps = ["-P3D"]\n',
        [("rhythm.gaps[0]", "zero or more")],
    ),
    (
        "duration as a number",
        "json",
        '{"version": 1, "rhythm": {"type": "every", "gaps": [3]}}',
        [("rhythm.gaps[0]", 'expected a duration such as "P7D" or "7 days", got 3')],
    ),
    (
        "huge duration",
        "toml",
        f'version = 1\n[rhythm]\ntype = "every"\ngaps = ["P{10**30}D"]\n',
        [("rhythm.gaps[0]", "at most 36600 days")],
    ),
    (
        "huge exact duration",
        "toml",
        f'version = 1\n[rhythm]\ntype = "every"\ngaps = ["PT{10**30}H"]\n',
        [("rhythm.gaps[0]", "")],
    ),
    (
        "huge friendly duration",
        "toml",
        f'version = 1\n[rhythm]\ntype = "every"\ngaps = ["{"9" * 5000} days"]\n',
        [("rhythm.gaps[0]", "")],
    ),
    (
        "huge number",
        "toml",
        MINIMAL + f'[stop]\ntype = "max_rounds"\nn = {10**30}\n',
        [("stop.n", "at most 100000")],
    ),
    (
        "number of forty digits",
        "toml",
        MINIMAL + f'[stop]\ntype = "max_rounds"\nn = {10**40 - 1}\n',
        [("stop.n", f"got {10**40 - 1}")],
    ),
    (
        "number of forty-one digits",
        "toml",
        MINIMAL + f'[stop]\ntype = "max_rounds"\nn = {10**40}\n',
        [("stop.n", "got a number of about 41 digits")],
    ),
    (
        "number below the rule's minimum",
        "toml",
        MINIMAL + '[stop]\ntype = "max_rounds"\nn = 0\n',
        [("stop.n", "at least 1")],
    ),
    (
        "fractional number",
        "json",
        '{"version": 1, "rhythm": {"type": "day_offsets", "days": [1.5]}}',
        [("rhythm.days[0]", "whole number")],
    ),
    (
        "offsets out of order",
        "json",
        '{"version": 1, "rhythm": {"type": "day_offsets", "days": [3, 1]}}',
        [("rhythm.days", "increasing")],
    ),
    (
        "nothing after for ever",
        "json",
        (
            '{"version": 1, "rhythm": {"type": "chain", "parts": ['
            '{"type": "every", "gaps": ["P1D"]}, {"type": "speed_to_lead"}]}}'
        ),
        [("rhythm.parts", "goes on for ever")],
    ),
    (
        "bad clock",
        "toml",
        MINIMAL + '[[limits]]\ntype = "contact_window"\nstart = "25:00"\n',
        [("limits[0].start", 'expected a clock time such as "09:00", got "25:00"')],
    ),
    (
        "date and time where a date is expected",
        "toml",
        MINIMAL + '[[limits]]\ntype = "holidays"\ndates = [2026-12-25T10:00:00]\n',
        [("limits[0].dates[0]", 'expected a date such as "2026-12-25", got ')],
    ),
    (
        "unquoted clock in YAML",
        "yaml",
        "version: 1\nrhythm: {type: weekly, days: [tue], at: 10:00}\n",
        [("rhythm.at", "quote clock times in YAML")],
    ),
    (
        "bad day",
        "toml",
        'version = 1\n[rhythm]\ntype = "weekly"\ndays = ["someday"]\nat = "10:00"\n',
        [("rhythm.days[0]", 'got "someday"')],
    ),
    (
        "NaN in JSON",
        "json",
        '{"version": 1, "rhythm": {"type": "every", "gaps": [NaN]}}',
        [("", "NaN")],
    ),
    (
        "huge integer in JSON",
        "json",
        '{"version": ' + "9" * 5000 + "}",
        [("line 1, column 13", "expected a number, got one of 5000 digits")],
    ),
    ("deep JSON", "json", "[" * 100_000 + "]" * 100_000, [("", "nested too deeply")]),
    (
        "YAML aliases that expand to billions of values",
        "yaml",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n"
            for i in range(9)
        ),
        [("", "more than 100000 values")],
    ),
    (
        "rules nested too deeply",
        "json",
        '{"version": 1, "rhythm": {"type": "every", "gaps": ["P1D"]}, "stop": '
        + '{"type": "any_stop", "rules": [' * 400
        + '{"type": "opt_out"}'
        + "]}" * 400
        + "}",
        [("", "nested too deeply")],
    ),
    ("malformed TOML", "toml", "version = 1\n[rhythm\n", [("line 2, column 8", "invalid TOML")]),
    ("malformed JSON", "json", '{\n  "version": 1,\n}', [("line 3, column 1", "invalid JSON")]),
    (
        "malformed YAML",
        "yaml",
        "version: 1\nrhythm: [unclosed\n",
        [("line 3, column 1", "invalid YAML")],
    ),
    (
        "code in YAML",
        "yaml",
        "!!python/object/apply:os.system ['echo owned']\n",
        [("line 1, column 1", "invalid YAML")],
    ),
]


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_a_broken_document_is_refused_with_the_path_of_each_problem(
    fmt: str, text: str, expected: list[tuple[str, str]]
) -> None:
    errors = _errors(lambda: loads(text, format=fmt))  # type: ignore[arg-type]
    assert [path for path, _ in errors] == [path for path, _ in expected]
    for (_, message), (_, part) in zip(errors, expected, strict=True):
        assert part in message
        assert "Traceback" not in message


def test_a_value_that_is_not_text_is_shown_whole_up_to_sixty_characters() -> None:
    def stop_after(data: bytes) -> list[tuple[str, str]]:
        text = (
            "version: 1\nrhythm: {type: speed_to_lead}\nstop:\n  type: max_rounds\n"
            f"  n: !!binary {base64.b64encode(data).decode()}\n"
        )
        return _errors(lambda: loads(text, format="yaml"))

    whole = b"x" * 57  # b'xx...x' is 60 characters
    assert stop_after(whole) == [("stop.n", f"expected a whole number, got {whole!r}")]
    assert stop_after(whole + b"y") == [("stop.n", f"expected a whole number, got b'{'x' * 55}...")]


def _yaml_list_holding(count: int) -> str:
    """A YAML list of ``count`` values, itself included, once its aliases are expanded."""
    blocks, rest = divmod(count - 1, 1000)
    block = "&block [" + ", ".join(["0"] * 999) + "]"  # 1000 values: a list and its 999 zeros
    return "[" + ", ".join([block] + ["*block"] * (blocks - 1) + ["0"] * rest) + "]"


def test_a_yaml_document_may_hold_as_many_values_as_the_limit_and_no_more() -> None:
    assert len(cadence.config.parse(_yaml_list_holding(100_000), "yaml")) == 99 + 999
    assert _errors(lambda: cadence.config.parse(_yaml_list_holding(100_001), "yaml")) == [
        ("", "the document holds more than 100000 values")
    ]


def test_a_broken_lead_names_its_paths() -> None:
    text = 'timezone = "Mars/Olympus"\ncreated_at = "2026-03-06T15:58:00"\nchannels = ["Pigeon post"]\n'
    errors = dict(_errors(lambda: loads_lead(text)))
    assert set(errors) == {"timezone", "created_at", "channels[0]"}
    assert "aware" in errors["created_at"]
    zone = dict(
        _errors(
            lambda: loads_lead('timezone = "Mars/Olympus"\ncreated_at = 2026-03-06T15:58:00Z\n')
        )
    )
    assert "IANA time zone" in zone["timezone"]


def test_a_broken_history_names_its_rows() -> None:
    text = (
        "type,at,channel,outcome,kind\n"
        "touch,2026-03-06T16:00:00Z,sms,no_answer,\n"
        "meeting,2026-03-06T16:00:00Z,,,\n"
        "milestone,yesterday,,,lost\n"
    )
    errors = _errors(lambda: loads_history(text, format="csv"))
    assert [path for path, _ in errors] == ["row 1.outcome", "row 2.type", "row 3.at"]
    assert "for calls only" in errors[0][1]
    unknown = _errors(lambda: loads_history("when,what\n", format="csv"))
    assert unknown[0][0] == "line 1"
    listed = _errors(lambda: loads_history('{"events": [{"type": "touch"}]}'))
    assert [path for path, _ in listed] == [
        "events[0].at",
        "events[0].channel",
        "events[0].outcome",
    ]
    assert _errors(lambda: loads_history('{"evnts": []}'))[0][1].startswith("expected a list")


def test_yaml_without_its_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)
    errors = _errors(lambda: loads("version: 1", format="yaml"))
    assert 'pip install "cadence-rules[yaml]"' in errors[0][1]


@pytest.mark.usefixtures("without_holidays")
def test_public_holidays_without_their_extra_name_the_extra() -> None:
    text = MINIMAL + '[[limits]]\ntype = "holidays"\nregion = "FR"\n'
    hint = (
        "public holidays by country need the holidays package: "
        'pip install "cadence-rules[holidays]"'
    )
    assert _errors(lambda: loads(text)) == [("limits[0]", hint)]


def test_yaml_reads_the_same_cadence() -> None:
    text = """
version: 1
rhythm:
  type: chain
  parts:
    - {type: speed_to_lead, within: 5 minutes}
    - {type: day_offsets, days: [1]}
    - {type: every, gaps: [3 days, 4 days]}
channels: {type: prefer, channels: [call, sms, email]}
reactions:
  - {type: double_tap}
  - {type: after_voicemail, channels: [sms, email], gap: 1 minute}
limits:
  - {type: contact_window, days: [mon, tue, wed, thu, fri], start: "09:00", end: "18:00"}
  - {type: voicemail_limit, max: 1, per: 1 week}
stop:
  type: any_stop
  rules: [{type: buy_or_die}, {type: opt_out}, {type: max_rounds, n: 12}]
"""
    assert loads(text, format="yaml") == presets.persistent()


def test_files_are_read_by_their_suffix(tmp_path: Path) -> None:
    data = json.dumps(presets.persistent().to_dict())
    (tmp_path / "c.json").write_text(data)
    assert load(tmp_path / "c.json") == presets.persistent()
    (tmp_path / "c.txt").write_text(data)
    errors = _errors(lambda: load(tmp_path / "c.txt"))
    assert ".toml, .json, .yaml, .yml" in errors[0][1]
    with pytest.raises(FileNotFoundError):
        load(tmp_path / "missing.toml")


def test_a_config_error_lists_its_problems() -> None:
    error = ConfigError([("a.b", "expected x"), ("", "whole file")], source="f.toml")
    assert isinstance(error, ValueError)
    assert isinstance(error, cadence.CadenceError)
    assert str(error) == "2 problems in f.toml:\n  a.b: expected x\n  whole file"
    assert str(ConfigError([("a", "b")])) == "invalid configuration: a: b"


def test_a_rule_without_a_type_tag_cannot_be_written_and_the_error_says_how_to_give_it_one() -> (
    None
):
    class Mine(rules.BuyOrDie):
        pass

    with pytest.raises(cadence.InvalidTypeError) as caught:
        Cadence(rhythm=rules.SpeedToLead(), stop=Mine()).to_dict()
    where = f"{Mine.__module__}.{Mine.__qualname__}"
    assert str(caught.value) == (
        f"cannot write the rule {where} as data: it has no type tag; "
        "give it one with cadence.config.register(Mine, tag=...)"
    )


def test_a_field_type_configuration_cannot_represent_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry, "_REGISTRY", registry._REGISTRY.copy())
    with pytest.raises(UnsupportedTypeError, match=r"Thing\.callback"):
        _Builder().of(Callable[[], None], "Thing.callback")

    @attrs.frozen
    class Calling(rules.BuyOrDie):
        callback: Callable[[], None]

    with pytest.raises(UnsupportedTypeError, match=r"Calling\.callback: configuration cannot"):
        register(Calling, tag="calling")
    assert "calling" not in registered()
