"""The ``cadence`` command: plan, show, validate and audit cadences stored as files.

Run ``cadence --help`` (or ``python -m cadence --help``). Exit status: 0 when all is well,
1 for invalid files or audit findings, 2 for a command line that cannot be understood.

The module is a little longer than 400 lines: it is the one place that knows the command
line (five commands and their shared options), and splitting the parser from the commands
would scatter each option from the code that reads it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from cadence import __version__, export
from cadence.auditing import audit
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.cadence import Cadence
from cadence.config import ConfigError, ConfigProblem, json_schema, load, load_lead
from cadence.config.files import load_history_located
from cadence.errors import CadenceError
from cadence.events import Event
from cadence.lead import Lead
from cadence.picture import sample_plan
from cadence.planner import DEFAULT_MAX_TOUCHES, plan
from cadence.span import Span
from cadence.timeline import Timeline

__all__ = ["main"]

PROG = "cadence"

_EPILOG = """\
examples:
  cadence plan examples/persistent.toml --lead examples/lead.toml \\
      --history examples/history.csv --now 2026-03-06T16:00:30Z
  cadence plan cadence.toml --lead lead.toml --format ics --output touches.ics
  cadence plan cadence.toml --lead lead.toml --format ics --previous touches.ics
  cadence plan cadence.toml --lead lead.toml --format html --output plan.html
  cadence show cadence.toml --weeks 6 --output cadence.svg
  cadence validate cadence.toml --history history.csv --now 2026-03-06T16:00:30Z
  cadence schema > cadence.schema.json

exit status: 0 ok, 1 invalid files or audit findings, 2 usage errors.
"""


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")


def _complain(line: str) -> None:
    sys.stderr.write(f"{PROG}: error: {line}\n")


def _one_line(message: str) -> str:
    """A message of several lines as one, its lines joined by semicolons."""
    return "; ".join(part.strip() for part in message.splitlines() if part.strip())


class _UserError(Exception):
    """A mistake on the command line or in a file: reported in one line, no traceback."""


def _shown(text: str) -> str:
    """Command-line text as a message quotes it: whole up to 60 characters."""
    quoted = repr(text)
    return quoted if len(quoted) <= 60 else quoted[:56] + "...'"


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date and time with a UTC offset, such as 2026-03-06T16:00:30Z, "
            f"got {_shown(text)}"
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise argparse.ArgumentTypeError(
            f"expected a date and time with a UTC offset (such as Z or -06:00), got {_shown(text)}"
        )
    return value


def _horizon(text: str) -> datetime | Span:
    try:
        return Span.parse(text)
    except CadenceError:
        pass
    try:
        return _instant(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f'expected a duration such as "P30D" or "30 days", or a date and time with a '
            f"UTC offset, got {_shown(text)}"
        ) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {_shown(text)}") from None
    if not 0 <= value <= MAX_WHOLE_NUMBER:
        raise argparse.ArgumentTypeError(
            f"expected a number from 0 to {MAX_WHOLE_NUMBER}, got {_shown(text)}"
        )
    return value


def _history(name: str | None, now: datetime | None) -> list[Event]:
    """The events of a history file, refusing any after ``now`` by its row or path."""
    if name is None:
        return []
    located = load_history_located(name)
    if now is not None:
        present = now.astimezone(UTC)
        late = [
            ConfigProblem(
                place,
                f"the event at {event.at.isoformat()} is after now ({present.isoformat()}); "
                "a history holds only what already happened",
            )
            for place, event in located
            if event.at > present
        ]
        if late:
            raise ConfigError(late, name)
    return [event for _, event in located]


def _inputs(
    arguments: argparse.Namespace, now: datetime | None
) -> tuple[Cadence, Lead, list[Event]]:
    cadence = load(arguments.cadence)
    lead = load_lead(arguments.lead)
    return cadence, lead, _history(arguments.history, now)


# -- plan -------------------------------------------------------------------------------


_FORMATS = ("table", "json", "csv", "ics", "svg", "html")


def _render(form: str, timeline: Timeline, lead: Lead, now: datetime, previous: list[str]) -> str:
    if form == "json":
        return export.to_json(timeline, now, lead=lead)
    if form == "csv":
        return export.to_csv(timeline, lead=lead)
    if form == "ics":
        return export.to_ics(timeline, now, lead=lead, previous=previous)
    if form == "svg":
        return export.to_svg(timeline, lead=lead)
    if form == "html":
        return export.to_html(timeline, lead=lead, now=now)
    return timeline.table() + "\n"


def _write(text: str, output: str | None, stdout: TextIO) -> None:
    if output is None:
        stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise _UserError(f"cannot write {output}: {error.strerror or error}") from None


def _previous(name: str | None) -> list[str]:
    """The UIDs of the events of an earlier iCalendar export, to cancel those not planned."""
    if name is None:
        return []
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise _UserError(f"cannot read {name}: {error.strerror or error}") from None
    try:
        return export.planned_uids(data)
    except ValueError as error:
        raise _UserError(f"{name}: not an iCalendar file: {_one_line(str(error))}") from None


def _plan(arguments: argparse.Namespace) -> int:
    now: datetime = arguments.now or datetime.now(UTC)
    cadence, lead, history = _inputs(arguments, now)
    if arguments.previous is not None and arguments.format != "ics":
        raise _UserError("--previous is for --format ics: it names an earlier calendar file")
    if arguments.format == "ics" and lead.id is None:
        raise _UserError(
            f"{arguments.lead}: the lead has no id; an iCalendar file names each event by "
            "the lead's id and the touch's key: add id = \"...\" to the lead file"
        )
    previous = _previous(arguments.previous)
    timeline = plan(
        cadence,
        lead,
        history,
        now=now,
        until=arguments.until,
        max_touches=arguments.max_touches,
    )
    text = _render(arguments.format, timeline, lead, now, previous)
    _write(text, arguments.output, sys.stdout)
    return 0


# -- show -------------------------------------------------------------------------------------


def _show(arguments: argparse.Namespace) -> int:
    cadence = load(arguments.cadence)
    if arguments.format == "svg":
        text = export.cadence_svg(cadence, weeks=arguments.weeks)
    else:
        text = sample_plan(cadence, weeks=arguments.weeks).table() + "\n"
    _write(text, arguments.output, sys.stdout)
    return 0


# -- validate, schema, audit ----------------------------------------------------------------


def _validate(arguments: argparse.Namespace) -> int:
    checks: list[tuple[str, Callable[[str], object]]] = [(name, load) for name in arguments.cadence]
    if arguments.lead:
        checks.append((arguments.lead, load_lead))
    if arguments.history:
        checks.append((arguments.history, lambda name: _history(name, arguments.now)))
    problems = 0
    for name, reader in checks:
        try:
            reader(name)
        except ConfigError as error:
            problems += len(error.errors)
            for line in error.lines():
                _say(f"{name}: {line}")
        except OSError as error:
            problems += 1
            _say(f"{name}: cannot read: {error.strerror or error}")
        else:
            _say(f"{name}: ok")
    if problems:
        noun = "problem" if problems == 1 else "problems"
        _complain(f"{problems} {noun} found")
        return 1
    return 0


def _schema(arguments: argparse.Namespace) -> int:
    text = json.dumps(json_schema(arguments.document), indent=2, ensure_ascii=False) + "\n"
    _write(text, arguments.output, sys.stdout)
    return 0


def _audit(arguments: argparse.Namespace) -> int:
    cadence, lead, history = _inputs(arguments, arguments.now)
    violations = audit(cadence, lead, history, now=arguments.now)
    for violation in violations:
        _say(violation.message)
    if violations:
        noun = "violation" if len(violations) == 1 else "violations"
        _complain(f"{len(violations)} {noun} found")
        return 1
    _say("no violations")
    return 0


# -- the parser -------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plan, validate and audit sales follow-up cadences stored as files.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    planning = commands.add_parser(
        "plan",
        help="print a lead's future touches",
        description=(
            "Plan a lead's future touches from a cadence file, a lead file and the lead's "
            "history, and print them with the reason for each."
        ),
    )
    _add_inputs(planning)
    _add_now(
        planning,
        "the present, such as 2026-03-06T16:00:30Z (default: the current time; pass it for "
        "reproducible output); history after it is refused",
    )
    planning.add_argument(
        "--until",
        type=_horizon,
        help='how far ahead to plan: a duration such as "P90D" or "90 days", or an instant '
        "(default: 365 days)",
    )
    planning.add_argument(
        "--max-touches",
        type=_count,
        default=DEFAULT_MAX_TOUCHES,
        help=f"at most this many touches (default: {DEFAULT_MAX_TOUCHES})",
    )
    planning.add_argument(
        "--format",
        choices=_FORMATS,
        default="table",
        help="table (default), json, csv, ics (an iCalendar file; needs cadence-rules[cli]), "
        "svg (a picture of the weeks) or html (a page with the picture and the table)",
    )
    planning.add_argument(
        "--previous",
        metavar="ICS",
        help="with --format ics: an earlier export of this lead; its events that are no "
        "longer planned are written as cancelled",
    )
    planning.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    planning.set_defaults(run=_plan)

    showing = commands.add_parser(
        "show",
        help="draw a cadence's first weeks for a sample lead",
        description="Draw a cadence's touches per day over its first weeks, stacked by "
        "channel, for a sample lead (Chicago, from Monday 1 June 2026 10:00, never answering).",
    )
    showing.add_argument("cadence", metavar="CADENCE", help="the cadence file")
    showing.add_argument("--weeks", type=_count, default=4, help="1 to 52 (default: 4)")
    showing.add_argument("--format", choices=("svg", "table"), default="svg", help="default: svg")
    showing.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    showing.set_defaults(run=_show)

    validating = commands.add_parser(
        "validate",
        help="check cadence files, reporting every problem",
        description="Check cadence files (and optionally a lead and a history file), "
        "printing every problem with its path. Exit status 1 if there is any.",
    )
    validating.add_argument("cadence", nargs="+", metavar="CADENCE", help="cadence files")
    validating.add_argument("--lead", metavar="LEAD", help="also check this lead file")
    validating.add_argument("--history", metavar="EVENTS", help="also check this history file")
    _add_now(validating, "the present: refuse history events after it (default: no check)")
    validating.set_defaults(run=_validate)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the file format",
        description="Print the JSON Schema (draft 2020-12) of a file format.",
    )
    schema.add_argument(
        "--document",
        choices=("cadence", "lead", "history", "team"),
        default="cadence",
        help="which file format (default: cadence)",
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    schema.set_defaults(run=_schema)

    auditing = commands.add_parser(
        "audit",
        help="list the touches of a history that broke the cadence's rules",
        description="List the touches in a lead's history that broke a limit, a cap or an "
        "opt-out of the cadence. Exit status 1 if there is any.",
    )
    _add_inputs(auditing)
    _add_now(
        auditing,
        "the present: refuse history events after it (default: the latest event's time)",
    )
    auditing.set_defaults(run=_audit)
    return parser


def _add_now(parser: argparse.ArgumentParser, help_text: str) -> None:
    parser.add_argument("--now", type=_instant, help=help_text)


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cadence", metavar="CADENCE", help="the cadence file (.toml, .json, .yaml)")
    parser.add_argument(
        "--lead", required=True, metavar="LEAD", help="the lead file (.toml, .json, .yaml)"
    )
    parser.add_argument(
        "--history",
        metavar="EVENTS",
        help="the lead's history (.csv, .json, .yaml, .toml); none by default",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``cadence`` command with ``argv`` (by default the process's arguments).

    Bad input never ends in a traceback: a file that cannot be read, is not UTF-8 or is
    not a valid document, and any error the library raises (a
    :class:`~cadence.CadenceError`), is reported on stderr as ``cadence: error: ...``, one
    line per problem, naming the file where there is one.

    Returns:
        The exit status: 0 when all is well, 1 for invalid files or audit findings. A
        command line that cannot be understood exits with status 2 (``SystemExit``), as
        :mod:`argparse` does; ``--help`` exits with 0.
    """
    arguments = _parser().parse_args(argv)
    try:
        status: int = arguments.run(arguments)
    except ConfigError as error:
        for line in error.lines():
            where = f"{error.source}: " if error.source else ""
            _complain(f"{where}{line}")
        return 1
    except OSError as error:
        name = error.filename if error.filename is not None else ""
        _complain(f"cannot read {name}: {error.strerror or error}")
        return 1
    except (_UserError, CadenceError) as error:
        _complain(_one_line(str(error)))
        return 1
    return status
