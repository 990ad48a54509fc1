"""Documents into values: a cadence, a lead, an event, a history, each with every problem.

The readers of :mod:`cadence.config.reading` do the work; a document adds what belongs to
it alone (a cadence's ``version``, a history's list) and raises one :class:`ConfigError`
with every problem found.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import Any

from cadence.cadence import Cadence
from cadence.config.errors import ConfigProblem, shown
from cadence.config.reading import Problems, read_all, read_choice, reader_for, table_reader
from cadence.config.registry import EVENT_TAGS, FORMAT_VERSION
from cadence.errors import InvalidTypeError
from cadence.events import Event
from cadence.lead import Lead
from cadence.team import Rep

__all__ = [
    "cadence_from_dict",
    "decode",
    "event_from_dict",
    "event_from_row",
    "history_from_list",
    "lead_from_dict",
    "team_from_dict",
]


def decode(kind: type, data: object) -> Any:
    """Read ``data`` as a ``kind`` (a rule kind, a rule or another attrs class).

    Raises:
        ConfigError: with every problem found, each with its path.
    """
    read = reader_for(kind)
    return read_all(lambda problems: read(data, "", problems))


def _version(data: Mapping[str, Any], problems: Problems) -> None:
    version = data.get("version")
    if "version" not in data:
        problems.append(
            ConfigProblem("version", f"required: the format's version, {FORMAT_VERSION}")
        )
    elif type(version) is not int or version != FORMAT_VERSION:
        expected = f"the whole number {FORMAT_VERSION}, the version this release reads"
        message = f"expected {expected}, got {shown(version)}"
        problems.append(ConfigProblem("version", message, expected, shown(version)))


def cadence_from_dict(data: object) -> Cadence:
    """Build a cadence from plain data (see :meth:`cadence.Cadence.from_dict`)."""
    reader = table_reader(Cadence, extra=("version",))

    def read(problems: Problems) -> Any:
        if not isinstance(data, Mapping):
            problems.append(
                ConfigProblem("", f"expected a table with a cadence, got {shown(data)}")
            )
            return None
        _version(data, problems)
        return reader.read(data, "", problems)

    return typing.cast("Cadence", read_all(read))


def history_from_list(data: object, *, path: str = "") -> list[Event]:
    """Read a lead's history from a list of tables (see :func:`history_to_list`).

    Args:
        data: The list of tables.
        path: Where the list is in its document, for error messages.

    Raises:
        ConfigError: with every problem found.
        InvalidTypeError: if ``path`` is not text.
    """
    if not isinstance(path, str):
        raise InvalidTypeError(f"path: expected the list's place as text, got {path!r}")

    def read(problems: Problems) -> Any:
        if not isinstance(data, list | tuple):
            problems.append(ConfigProblem(path, f"expected a list of events, got {shown(data)}"))
            return None
        return [
            read_choice("event", EVENT_TAGS, item, f"{path}[{index}]", problems)
            for index, item in enumerate(data)
        ]

    return typing.cast("list[Event]", read_all(read))


def event_from_row(data: object, path: str) -> Event:
    """Read one event of a history at ``path`` (a CSV row: ``"row 3"``).

    Raises:
        ConfigError: with every problem found.
    """

    def read(problems: Problems) -> Any:
        return read_choice("event", EVENT_TAGS, data, path, problems)

    return typing.cast("Event", read_all(read))


def lead_from_dict(data: object) -> Lead:
    """Read a lead from a table (see :meth:`cadence.Lead.from_dict`)."""
    return typing.cast("Lead", decode(Lead, data))


def event_from_dict(kind: type[Event], data: object) -> Event:
    """Read a touch or a milestone; its ``type`` key is optional but must match."""
    tag = next(tag for tag, cls in EVENT_TAGS.items() if cls is kind)
    if isinstance(data, Mapping) and "type" not in data:
        data = {"type": tag, **data}
    return typing.cast("Event", decode(kind, data))


def team_from_dict(data: object) -> tuple[Rep, ...]:
    """Read a team, a table whose ``reps`` list holds each rep's table (``[[reps]]`` in TOML).

    Raises:
        ConfigError: with every problem found, each with its path (``reps[2].timezone``).
    """
    reader = reader_for(Rep)

    def read(problems: Problems) -> Any:
        if not isinstance(data, Mapping):
            problems.append(ConfigProblem("", f"expected a table with a team, got {shown(data)}"))
            return None
        for key in data:
            if key != "reps":
                problems.append(ConfigProblem(str(key), "unknown key: a team file holds reps"))
        reps = data.get("reps")
        if not isinstance(reps, list | tuple) or not reps:
            got = "nothing" if "reps" not in data else shown(reps)
            problems.append(
                ConfigProblem("reps", f"expected a list of reps, at least one, got {got}")
            )
            return None
        return tuple(reader(item, f"reps[{index}]", problems) for index, item in enumerate(reps))

    return typing.cast("tuple[Rep, ...]", read_all(read))
