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
from xml.etree import ElementTree as ET

import icalendar
import jsonschema
import pendulum
import pytest

import cadence.cli
from cadence import (
    CadenceError,
    Channel,
    ConfigError,
    PlannedTouch,
    Timeline,
    load_history,
    load_lead,
    plan,
    presets,
)
from cadence.cli import main
from cadence.picture import sample_plan
from tests.error_samples import error_classes, sample

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
    assert data["lead"] == "avery-ortiz"
    assert data["touches"][0] == {
        "key": "e0.r1.t2",
        "step": None,
        "at": "2026-03-06T10:01:00-06:00",
        "channel": "call",
        "action": "call, leave a voicemail",
        "voicemail": True,
        "round": 1,
        "reason": expected[0].reason,
        "assumed": "voicemail_left",
        "rep": None,
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
    assert str(events[0]["summary"]) == "avery-ortiz: Call, leave a voicemail (round 1)"
    assert str(events[0]["uid"]) == "avery-ortiz/e0.r1.t2@cadence-rules"
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
        (
            [*PLAN, "--max-touches", "9" * 5000],
            "got '" + "9" * 55 + "...'",
        ),
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
    for word in ("plan", "show", "validate", "schema", "audit", "exit status"):
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


# -- bad input never ends in a traceback -------------------------------------------------


def _excel_history(tmp_path: Path) -> Path:
    """A history saved by Excel as "CSV" (cp1252), with a curly quote in a cell."""
    path = tmp_path / "excel.csv"
    text = "type,at,channel,outcome\ntouch,2026-03-06T16:00:00Z,call,\u201cno_answer\u201d\n"
    path.write_bytes(text.encode("cp1252"))
    return path


def test_plan_names_a_file_that_is_not_utf8_and_exits_with_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = _excel_history(tmp_path)
    status, out, err = _run(capsys, "plan", CADENCE, "--lead", LEAD, "--history", str(history))
    assert (status, out) == (1, "")
    assert err == (
        f"cadence: error: {history}: line 2, column 33: the byte 0x93 is not UTF-8: "
        'the file must be saved as UTF-8 (in Excel: "CSV UTF-8")\n'
    )


def test_validate_names_a_file_that_is_not_utf8_among_the_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = _excel_history(tmp_path)
    status, out, err = _run(capsys, "validate", CADENCE, "--history", str(history))
    assert status == 1
    assert out.splitlines() == [
        f"{CADENCE}: ok",
        (
            f"{history}: line 2, column 33: the byte 0x93 is not UTF-8: "
            'the file must be saved as UTF-8 (in Excel: "CSV UTF-8")'
        ),
    ]
    assert err == "cadence: error: 1 problem found\n"


def test_validate_refuses_a_key_given_twice(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "twice.json"
    path.write_text(
        '{\n  "version": 1,\n  "rhythm": {"type": "speed_to_lead"},\n'
        '  "limits": [{"type": "quiet_hours", "start": "21:00", "end": "08:00"}],\n'
        '  "limits": []\n}\n'
    )
    status, out, _ = _run(capsys, "validate", str(path))
    assert status == 1
    assert (
        out == f"{path}: limits: expected each key once, got it again at line 5 (first at line 4)\n"
    )


END_OF_THE_CALENDAR = [
    ("America/New_York", "9999-12-30T00:00:00Z", "9999-12-30T01:00:00Z", ""),
    ("America/New_York", "0001-01-01T06:00:00Z", "0001-01-01T07:00:00Z", ""),
    (
        "UTC",
        "2026-03-06T10:00:00Z",
        "2026-03-06T11:00:00Z",
        "type,at,kind,until\nmilestone,2026-03-06T10:30:00Z,snoozed,9999-12-31T23:59:59Z\n",
    ),
]


@pytest.mark.parametrize(
    "case", END_OF_THE_CALENDAR, ids=["lead near 9999", "lead near year 1", "snoozed until 9999"]
)
def test_a_lead_at_the_end_of_the_calendar_gets_no_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, case: tuple[str, str, str, str]
) -> None:
    """Waits for the planner's fix of item 5 of issue 12: today plan() overflows."""
    zone, created_at, now, history = case
    lead = tmp_path / "lead.toml"
    lead.write_text(f'timezone = "{zone}"\ncreated_at = {created_at}\n')
    argv = ["plan", CADENCE, "--lead", str(lead), "--now", now]
    if history:
        (tmp_path / "history.csv").write_text(history)
        argv += ["--history", str(tmp_path / "history.csv")]
    status, out, err = _run(capsys, *argv)
    if status == 0:
        assert err == ""
        assert out.splitlines()[-1].startswith("ends: ")
    else:
        assert (status, out) == (1, "")
        assert err.startswith("cadence: error: ")
        assert err.count("\n") == 1


def test_an_icalendar_touch_at_the_end_of_the_calendar_ends_there(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    planned = _expected()
    last = pendulum.datetime(9999, 12, 31, 23, 58, tz="UTC")
    touch = PlannedTouch(
        at=last,
        channel=Channel.CALL,
        voicemail=False,
        round=1,
        reason="late",
        rule=None,
        key="e0.r1.t1",
    )
    timeline = Timeline((touch,), planned.stop)
    monkeypatch.setattr(cadence.cli, "plan", lambda *_, **__: timeline)
    status, out, err = _run(capsys, *PLAN, "--format", "ics")
    assert (status, err) == (0, "")
    assert "DTSTART:99991231T235800Z" in out
    assert "DTEND:99991231T235959Z" in out


ONE_LINE_ERRORS = sorted(
    (cls for cls in error_classes() if cls is not ConfigError), key=lambda cls: cls.__qualname__
)


@pytest.mark.parametrize("cls", ONE_LINE_ERRORS, ids=lambda cls: cls.__qualname__)
def test_every_error_of_the_library_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, cls: type[CadenceError]
) -> None:
    error = sample(cls)

    def fails(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(cadence.cli, "plan", fails)
    status, out, err = _run(capsys, *PLAN)
    assert (status, out) == (1, "")
    (line,) = err.splitlines()
    assert line.startswith("cadence: error: ")
    assert all(part.strip() in line for part in str(error).splitlines())


def test_a_config_error_is_one_line_per_problem_each_naming_its_file(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    error = sample(ConfigError)
    assert isinstance(error, ConfigError)

    def fails(*_: object, **__: object) -> None:
        raise error

    monkeypatch.setattr(cadence.cli, "load", fails)
    status, _, err = _run(capsys, *PLAN)
    assert status == 1
    assert err.splitlines() == [f"cadence: error: c.toml: {line}" for line in error.lines()]


# -- the version, --now for validate and audit, positions that name the file ------------


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"cadence {cadence.__version__}\n"


LATE_ROW = "touch,2026-03-06T17:00:00Z,call,no_answer\n"


@pytest.mark.parametrize("command", ["plan", "audit"])
def test_plan_and_audit_refuse_history_after_now_by_its_row(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    history = _audit_history(tmp_path, "touch,2026-03-06T16:00:00Z,call,no_answer\n" + LATE_ROW)
    argv = [command, CADENCE, "--lead", LEAD, "--history", history, "--now", NOW]
    status, out, err = _run(capsys, *argv)
    assert (status, out) == (1, "")
    assert err == (
        f"cadence: error: {history}: row 2: the event at 2026-03-06T17:00:00+00:00 is after "
        "now (2026-03-06T16:00:30+00:00); a history holds only what already happened\n"
    )


def test_audit_judges_up_to_now(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(
        capsys, "audit", CADENCE, "--lead", LEAD, "--history", HISTORY, "--now", NOW
    )
    assert (status, out) == (0, "no violations\n")


def test_validate_refuses_history_after_now_by_its_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = tmp_path / "history.json"
    history.write_text(
        '{"events": [{"type": "touch", "at": "2026-03-07T10:00:00Z", "channel": "sms", '
        '"outcome": "sent"}]}'
    )
    status, out, err = _run(capsys, "validate", CADENCE, "--history", str(history), "--now", NOW)
    assert status == 1
    assert out.splitlines() == [
        f"{CADENCE}: ok",
        (
            f"{history}: events[0]: the event at 2026-03-07T10:00:00+00:00 is after now "
            "(2026-03-06T16:00:30+00:00); a history holds only what already happened"
        ),
    ]
    assert err == "cadence: error: 1 problem found\n"
    status, out, _ = _run(capsys, "validate", CADENCE, "--history", str(history))
    assert (status, out) == (0, f"{CADENCE}: ok\n{history}: ok\n")


def test_a_bad_history_row_names_the_file_and_the_row_from_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    history = _audit_history(tmp_path, "touch,2026-03-06T16:00:00Z,call,no_answer\ntouch,x,call,\n")
    status, _, err = _run(capsys, *PLAN[:-4], "--history", history, "--now", NOW)
    assert status == 1
    assert err.startswith(f"cadence: error: {history}: row 2.at: expected a date and time")


def test_icalendar_needs_a_lead_with_an_id(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lead = tmp_path / "lead.toml"
    lead.write_text('timezone = "America/Chicago"\ncreated_at = 2026-03-06T15:58:00Z\n')
    status, out, err = _run(capsys, "plan", CADENCE, "--lead", str(lead), "--format", "ics")
    assert (status, out) == (1, "")
    assert err == (
        f"cadence: error: {lead}: the lead has no id; an iCalendar file names each event by "
        "the lead's id and the touch's key: add id = \"...\" to the lead file\n"
    )


def test_icalendar_cancels_the_events_of_a_previous_export_no_longer_planned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = tmp_path / "first.ics"
    assert _run(capsys, *PLAN, "--format", "ics", "--output", str(first))[0] == 0
    before = icalendar.Calendar.from_ical(first.read_bytes()).walk("VEVENT")
    # The lead buys: nothing more is planned, every earlier event is cancelled.
    history = _audit_history(
        tmp_path,
        "touch,2026-03-06T16:00:00Z,call,no_answer\n",
    )
    Path(history).write_text(
        "type,at,channel,outcome,kind\ntouch,2026-03-06T16:00:00Z,call,no_answer,\n"
        "milestone,2026-03-06T16:00:10Z,,,purchased\n"
    )
    argv = ["plan", CADENCE, "--lead", LEAD, "--history", history, "--now", NOW]
    status, out, err = _run(capsys, *argv, "--format", "ics", "--previous", str(first))
    assert (status, err) == (0, "")
    after = icalendar.Calendar.from_ical(out).walk("VEVENT")
    assert [str(event["uid"]) for event in after] == [str(event["uid"]) for event in before]
    assert {str(event["status"]) for event in after} == {"CANCELLED"}
    status, _, err = _run(capsys, *argv, "--previous", str(first))
    assert status == 1
    assert "--previous is for --format ics" in err


# -- pictures ----------------------------------------------------------------------------------


def test_plan_as_an_svg_picture(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, *PLAN, "--format", "svg")
    assert (status, err) == (0, "")
    assert out == cadence.export.to_svg(_expected(), lead=load_lead(LEAD))
    root = ET.fromstring(out)  # noqa: S314 - our own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_plan_as_an_html_page_to_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "plan.html"
    status, out, err = _run(capsys, *PLAN, "--format", "html", "--output", str(target))
    assert (status, out, err) == (0, "", "")
    now = datetime(2026, 3, 6, 16, 0, 30, tzinfo=UTC)
    page = target.read_text(encoding="utf-8")
    assert page == cadence.export.to_html(_expected(), lead=load_lead(LEAD), now=now)
    assert page.count("<tr data-key=") == len(_expected())


def test_show_draws_a_cadence_for_the_sample_lead(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _run(capsys, "show", CADENCE, "--format", "svg")
    assert (status, err) == (0, "")
    assert out == cadence.export.cadence_svg(presets.persistent())
    status, out, _ = _run(capsys, "show", CADENCE, "--weeks", "6")
    assert out == cadence.export.cadence_svg(presets.persistent(), weeks=6)
    status, out, _ = _run(capsys, "show", CADENCE, "--format", "table", "--weeks", "1")
    assert status == 0
    assert out == sample_plan(presets.persistent(), weeks=1).table() + "\n"
    assert out.splitlines()[0].startswith("  1  Mon 2026-06-01 10:01 CDT  call")


@pytest.mark.parametrize("weeks", ["0", "53"])
def test_show_refuses_weeks_out_of_range(capsys: pytest.CaptureFixture[str], weeks: str) -> None:
    status, out, err = _run(capsys, "show", CADENCE, "--weeks", weeks)
    assert (status, out) == (1, "")
    assert err == (
        f"cadence: error: cadence_svg.weeks: expected a number of weeks from 1 to 52, got {weeks}\n"
    )


def test_show_refuses_weeks_that_are_not_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["show", CADENCE, "--weeks", "four"])
    assert exited.value.code == 2
    assert "--weeks" in capsys.readouterr().err


def test_show_names_a_bad_cadence_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[rhythm]\ntype = "nope"\n', encoding="utf-8")
    status, out, err = _run(capsys, "show", str(bad))
    assert (status, out) == (1, "")
    assert err.startswith(f"cadence: error: {bad}: ")
