"""The ``cadence`` command: exit codes, stdout and stderr, every output format."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import icalendar
import jsonschema
import pytest

from cadence import load_history, load_lead, plan, presets
from cadence.cli import main

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples"
CADENCE = str(EXAMPLES / "persistent.toml")
LEAD = str(EXAMPLES / "lead.toml")
HISTORY = str(EXAMPLES / "history.csv")
NOW = "2026-03-06T16:00:30Z"
PLAN = ["plan", CADENCE, "--lead", LEAD, "--history", HISTORY, "--now", NOW]


def _expected() -> Any:
    return plan(
        presets.persistent(),
        load_lead(LEAD),
        load_history(HISTORY),
        now=datetime(2026, 3, 6, 16, 0, 30, tzinfo=UTC),
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_plan_prints_the_table_of_the_shipped_example(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, *PLAN)
    assert (status, err) == (0, "")
    assert out == _expected().table() + "\n"
    first = out.splitlines()[0]
    assert "Fri 2026-03-06 10:01 CST" in first
    assert "call, leave a voicemail" in first
    assert out.splitlines()[-1] == "ends: stopped: 12 rounds were done"


def test_plan_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, *PLAN, "--format", "json")
    data = json.loads(out)
    expected = _expected()
    assert status == 0
    assert len(data["touches"]) == len(expected)
    assert data["touches"][0] == {
        "at": "2026-03-06T10:01:00-06:00",
        "channel": "call",
        "action": "call, leave a voicemail",
        "voicemail": True,
        "round": 1,
        "reason": expected[0].reason,
        "assumed": "voicemail_left",
    }
    assert data["stop"]["reason"] == "stopped: 12 rounds were done"


def test_plan_as_csv(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, *PLAN, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0
    assert len(rows) == len(_expected())
    assert rows[1]["channel"] == "sms"
    assert rows[1]["at"] == "2026-03-06T10:02:00-06:00"


def test_plan_as_icalendar_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "touches.ics"
    status, out, err = _run(capsys, *PLAN, "--format", "ics", "--output", str(target))
    assert (status, out, err) == (0, "", "")
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    expected = _expected()
    assert len(events) == len(expected)
    assert events[0].decoded("dtstart") == expected[0].at
    # Start and end are instants (UTC, with a "Z"), never floating local times.
    assert "DTSTART:20260306T160100Z" in target.read_text()
    assert "DTEND:20260306T160600Z" in target.read_text()
    assert str(events[0]["summary"]) == "Call, leave a voicemail (round 1)"
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_icalendar_without_its_extra_names_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "icalendar", None)
    status, out, err = _run(capsys, *PLAN, "--format", "ics")
    assert (status, out) == (1, "")
    assert err == (
        "cadence: error: writing iCalendar files needs the icalendar package: "
        'pip install "cadence-rules[cli]"\n'
    )


def test_plan_without_history_or_now_plans_from_the_present(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, "plan", CADENCE, "--lead", LEAD, "--until", "30 days")
    assert status == 0
    assert out.splitlines()[-1].startswith("ends:")


def test_plan_until_an_instant_and_at_most_some_touches(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = _run(capsys, *PLAN, "--max-touches", "2", "--until", "2026-04-01T00:00Z")
    assert status == 0
    assert len(out.splitlines()) == 3


def test_validate_accepts_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "validate", CADENCE, "--lead", LEAD, "--history", HISTORY)
    assert (status, err) == (0, "")
    assert out == f"{CADENCE}: ok\n{LEAD}: ok\n{HISTORY}: ok\n"


def test_validate_prints_every_problem_with_its_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        'version = 1\n[rhythm]\ntype = "every"\ngaps = ["seven"]\n'
        '[[limits]]\ntype = "voicemail_limit"\nper = "seven"\n'
    )
    status, out, err = _run(capsys, "validate", str(bad), CADENCE)
    assert status == 1
    assert out.splitlines() == [
        f'{bad}: rhythm.gaps[0]: expected a duration such as "P7D" or "7 days", got "seven"',
        f'{bad}: limits[0].per: expected a duration such as "P7D" or "7 days", got "seven"',
        f"{CADENCE}: ok",
    ]
    assert err == "cadence: error: 2 problems found\n"


def test_validate_reports_malformed_and_missing_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1,,}')
    status, out, _ = _run(capsys, "validate", str(bad), str(tmp_path / "missing.toml"))
    assert status == 1
    assert out.splitlines()[0].startswith(f"{bad}: line 1, column 15: invalid JSON")
    assert "missing.toml: cannot read" in out.splitlines()[1]


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "schema")
    schema = json.loads(out)
    assert status == 0
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.validate(presets.persistent().to_dict(), schema)
    status, out, _ = _run(capsys, "schema", "--document", "lead")
    jsonschema.validate(load_lead(LEAD).to_dict(), json.loads(out))


def _audit_history(tmp_path: Path, rows: str) -> str:
    path = tmp_path / "history.csv"
    path.write_text("type,at,channel,outcome\n" + rows)
    return str(path)


def test_audit_lists_the_touches_that_broke_a_rule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # A call on a Sunday morning breaks the Monday-to-Friday contact window.
    history = _audit_history(
        tmp_path,
        "touch,2026-03-06T16:00:00Z,call,no_answer\ntouch,2026-03-08T15:00:00Z,call,no_answer\n",
    )
    status, out, err = _run(capsys, "audit", CADENCE, "--lead", LEAD, "--history", history)
    assert status == 1
    assert out == (
        "call on Sun 2026-03-08 10:00 CDT broke contact window Mon-Fri 09:00-18:00; "
        "the earliest allowed was Mon 2026-03-09 09:00 CDT\n"
    )
    assert err == "cadence: error: 1 violation found\n"


def test_audit_of_a_clean_history(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "audit", CADENCE, "--lead", LEAD, "--history", HISTORY)
    assert (status, out, err) == (0, "no violations\n", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["plan", CADENCE, "--lead", "nowhere.toml"], "cannot read nowhere.toml"),
        (["plan", CADENCE, "--lead", CADENCE], "version: unknown key"),
        (["plan", CADENCE, "--lead", LEAD, "--history", CADENCE], "expected a list of events"),
        (["plan", LEAD, "--lead", LEAD], "rhythm: required"),
    ],
)
def test_a_users_mistake_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    status, out, err = _run(capsys, *argv)
    assert (status, out) == (1, "")
    assert err.startswith("cadence: error: ")
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["plan", CADENCE], "the following arguments are required: --lead"),
        ([*PLAN[:-1], "2026-03-06T16:00:30"], "with a UTC offset"),
        ([*PLAN[:-1], "yesterday"], "expected a date and time"),
        ([*PLAN, "--format", "pdf"], "invalid choice: 'pdf'"),
        ([*PLAN, "--until", "soon"], 'a duration such as "P30D"'),
        ([*PLAN, "--max-touches", "-1"], "from 0 to 100000"),
    ],
)
def test_a_command_line_that_cannot_be_understood_exits_with_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.startswith("usage: cadence")
    assert ": error: " in err


def test_help_is_useful(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for word in ("plan", "validate", "schema", "audit", "exit status"):
        assert word in out
    with pytest.raises(SystemExit):
        main(["plan", "--help"])
    assert "--now" in capsys.readouterr().out


def test_python_dash_m_cadence_runs_the_command() -> None:
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "cadence", *PLAN],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
        cwd=ROOT,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == _expected().table() + "\n"
