"""A team's reps as a file: ``load_team()`` and ``loads_team()``, and the team schema."""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadence
from cadence import ConfigError, Hours, Period, Rep, Spacing, Throttle, load_team, loads_team
from tests import strategies as ds

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCHEMA = jsonschema.Draft202012Validator(cadence.json_schema("team"))

hours = st.builds(
    lambda days, start, length: Hours(
        days=days, start=time(start), end=time(min(start + length, 23), 30)
    ),
    ds.weekday_sets,
    st.integers(0, 22),
    st.integers(1, 10),
)
rep_limits = st.one_of(
    st.builds(Throttle, st.integers(1, 500), ds.spans, ds.channel_sets),
    st.builds(Spacing, ds.spans, ds.channel_sets),
)
time_off = st.builds(
    lambda start, days: Period(start.isoformat(), (start + timedelta(days=days)).isoformat()),
    st.dates(date(2026, 1, 1), date(2027, 12, 31)),
    st.integers(1, 14),
)
names = st.text(min_size=1, max_size=12).filter(str.strip)
reps = st.builds(
    Rep,
    names,
    ds.zone_names,
    hours=st.one_of(st.none(), st.lists(hours, min_size=1, max_size=3)),
    limits=st.lists(rep_limits, max_size=4),
    blackouts=st.lists(time_off, max_size=2),
    name=st.one_of(st.none(), names),
)


@given(st.lists(reps, min_size=1, max_size=4))
def test_a_team_written_as_data_reads_back_equal_and_fits_the_schema(team: list[Rep]) -> None:
    data = {"reps": [rep.to_dict() for rep in team]}
    SCHEMA.validate(data)
    assert loads_team(json.dumps(data), format="json") == tuple(team)


def test_the_example_team_file_loads() -> None:
    ana, bruno = load_team(EXAMPLES / "team.toml")
    assert ana == Rep(
        "ana",
        "America/New_York",
        hours=Hours(start="09:00", end="17:00"),
        limits=[
            Throttle(60, "1 hour", ["call"]),
            Throttle(400, "1 day", ["call"]),
            Spacing("1 minute", ["call"]),
        ],
        blackouts=[("2026-12-24", "2026-12-26")],
        name="Ana",
    )
    assert [(block.days, block.start, block.end) for block in bruno.hours] == [
        (Hours(days=["mon", "tue", "wed", "thu"]).days, time(9), time(14)),
        (Hours(days=["mon", "tue", "wed", "thu"]).days, time(16), time(19)),
        (Hours(days=["fri"]).days, time(8), time(15)),
    ]


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("", [("reps", "expected a list of reps, at least one, got nothing")]),
        ("reps = []", [("reps", "expected a list of reps, at least one, got a list")]),
        (
            'team = "a"\n[[reps]]\nid = "a"\ntimezone = "UTC"\n',
            [("team", "unknown key: a team file holds reps")],
        ),
        (
            (
                '[[reps]]\nid = "a"\ntimezone = "UTC"\n[[reps]]\nid = "b"\ntimezone = "Mars/Base"\n'
                'limits = [{max = 0, per = "1 hour"}, {between = "soon"}, {every = 3}]\n'
            ),
            [
                (
                    "reps[1].timezone",
                    "expected an IANA time zone name such as 'America/Chicago', got 'Mars/Base'",
                ),
                ("reps[1].limits[0].max", "expected a whole number of at least 1, got 0"),
                (
                    "reps[1].limits[1].between",
                    'expected a duration such as "P7D" or "7 days", got "soon"',
                ),
                (
                    "reps[1].limits[2]",
                    (
                        "expected a Throttle table (max, per, channels) or a Spacing table "
                        "(between, channels), got a table"
                    ),
                ),
            ],
        ),
    ],
)
def test_a_bad_team_file_names_every_problem_with_its_path(
    text: str, problems: list[tuple[str, str]]
) -> None:
    with pytest.raises(ConfigError) as raised:
        loads_team(text)
    found = [(problem.path, problem.message) for problem in raised.value.problems]
    assert sorted(found) == sorted(problems)
