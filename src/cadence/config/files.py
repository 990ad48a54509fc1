"""Reading cadences, leads and histories from TOML, JSON, YAML and CSV text and files."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from cadence.cadence import Cadence
from cadence.config.csv_rows import csv_rows
from cadence.config.documents import (
    cadence_from_dict,
    event_from_row,
    history_from_list,
    lead_from_dict,
    team_from_dict,
)
from cadence.config.errors import ConfigError, ConfigProblem
from cadence.config.fields import fields_of
from cadence.config.parsing import (
    TABLE_FORMATS,
    Format,
    check_format,
    document_text,
    parse,
    universal_newlines,
)
from cadence.config.registry import EVENT_TAGS
from cadence.config.writing import encode, history_to_list
from cadence.errors import InvalidTypeError
from cadence.events import Event
from cadence.lead import Lead
from cadence.team import Rep

__all__ = [
    "Format",
    "history_to_csv",
    "load",
    "load_history",
    "load_history_located",
    "load_lead",
    "loads",
    "loads_history",
    "loads_lead",
    "parse",
]

_SUFFIXES: dict[str, Format] = {
    ".toml": "toml",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
}

_T = TypeVar("_T")

HISTORY_FORMATS: tuple[Format, ...] = ("json", "yaml", "toml", "csv")


def _format_of(path: Path, allowed: tuple[Format, ...]) -> Format:
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None or found not in allowed:
        suffixes = ", ".join(suffix for suffix, name in _SUFFIXES.items() if name in allowed)
        raise ConfigError(
            [
                (
                    "",
                    (
                        f"cannot tell the format of {path.name!r}: "
                        f"expected a name ending in {suffixes}"
                    ),
                )
            ],
            str(path),
        )
    return found


def _path(path: object) -> Path:
    if isinstance(path, str | os.PathLike):
        try:
            return Path(path)
        except TypeError:  # a PathLike that gives bytes
            pass
    raise InvalidTypeError(f"path: expected a file name (str or os.PathLike), got {path!r}")


def _read(path: object, allowed: tuple[Format, ...]) -> tuple[str, Format, str]:
    """The text of a file, its format and its name; the file must be UTF-8."""
    where = _path(path)
    kind = _format_of(where, allowed)
    return _decoded(where.read_bytes(), kind, str(path)), kind, str(path)


def _decoded(data: bytes, kind: Format, source: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problem = "the file is UTF-16 text: it must be saved as UTF-8"
        raise ConfigError([("line 1, column 1", problem)], source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = universal_newlines(data[: error.start].decode("utf-8"))
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        hint = ' (in Excel: "CSV UTF-8")' if kind == "csv" else ""
        problem = (
            f"the byte 0x{data[error.start]:02x} is not UTF-8: "
            f"the file must be saved as UTF-8{hint}"
        )
        raise ConfigError([(f"line {line}, column {column}", problem)], source) from None
    return universal_newlines(text)


def _check_source(source: object) -> str | None:
    if source is None or isinstance(source, str):
        return source
    raise InvalidTypeError(f"source: expected a name for the text (str) or None, got {source!r}")


def _read_with_source(read: Callable[[], _T], source: str | None) -> _T:
    try:
        return read()
    except ConfigError as error:
        raise (error.with_source(source) if source else error) from None


def loads(text: str, *, format: Format = "toml", source: str | None = None) -> Cadence:  # noqa: A002
    """Read a cadence from text in TOML (the default), JSON or YAML.

    The format is described by :func:`json_schema`; :meth:`Cadence.to_dict
    <cadence.Cadence.to_dict>` writes it. A leading byte-order mark is ignored; a key given
    twice in a table is refused.

    Args:
        text: The document.
        format: ``"toml"``, ``"json"`` or ``"yaml"`` (YAML needs the ``yaml`` extra).
        source: A name for the text in error messages, such as its file name.

    Raises:
        ConfigError: with every problem in the document, each with its path.
        InvalidTypeError: if ``text`` is not a ``str``, or ``format`` or ``source`` is not
            text.
        InvalidValueError: if ``format`` is not one of the three.
    """
    name = _check_source(source)
    return _read_with_source(lambda: cadence_from_dict(parse(text, format)), name)


def load(path: str | os.PathLike[str]) -> Cadence:
    """Read a cadence from a ``.toml``, ``.json``, ``.yaml`` or ``.yml`` file.

    The file must be UTF-8 (a byte-order mark is fine); its line endings may be LF, CRLF
    or CR.

    Raises:
        ConfigError: with every problem in the file, each with its path, and the file's
            name as its ``source`` (a file that is not UTF-8 names the first byte that is
            not, and its line and column).
        InvalidTypeError: if ``path`` is not a file name.
        OSError: if the file cannot be read.
    """
    text, kind, name = _read(path, TABLE_FORMATS)
    return loads(text, format=kind, source=name)


def loads_lead(text: str, *, format: Format = "toml", source: str | None = None) -> Lead:  # noqa: A002
    """Read a lead from text in TOML (the default), JSON or YAML.

    The document is a table of :class:`~cadence.Lead`'s arguments, such as
    ``timezone = "America/Chicago"`` and ``created_at = "2026-03-06T15:58:00Z"``.

    Raises:
        ConfigError: with every problem in the document, each with its path.
        InvalidTypeError: if ``text`` is not a ``str``, or ``format`` or ``source`` is not
            text.
        InvalidValueError: if ``format`` is not one of the three.
    """
    name = _check_source(source)
    return _read_with_source(lambda: lead_from_dict(parse(text, format)), name)


def load_lead(path: str | os.PathLike[str]) -> Lead:
    """Read a lead from a ``.toml``, ``.json``, ``.yaml`` or ``.yml`` file (UTF-8).

    Raises:
        ConfigError: with every problem in the file, each with its path.
        InvalidTypeError: if ``path`` is not a file name.
        OSError: if the file cannot be read.
    """
    text, kind, name = _read(path, TABLE_FORMATS)
    return loads_lead(text, format=kind, source=name)


def loads_team(
    text: str,
    *,
    format: Format = "toml",  # noqa: A002
    source: str | None = None,
) -> tuple[Rep, ...]:
    """Read a team's reps from text in TOML (the default), JSON or YAML.

    The document is a table whose ``reps`` list holds a table of :class:`~cadence.Rep`'s
    arguments for each rep: ``[[reps]]`` tables in TOML, such as ``id = "ana"``,
    ``timezone = "America/New_York"``, ``hours = [{start = "09:00", end = "17:00"}]`` and
    ``limits = [{max = 60, per = "1 hour", channels = ["call"]}]``. :func:`cadence.schedule`
    takes the reps.

    Raises:
        ConfigError: with every problem in the document, each with its path
            (``reps[1].limits[0].per``).
        InvalidTypeError: if ``text`` is not a ``str``, or ``format`` or ``source`` is not
            text.
        InvalidValueError: if ``format`` is not one of the three.
    """
    name = _check_source(source)
    return _read_with_source(lambda: team_from_dict(parse(text, format)), name)


def load_team(path: str | os.PathLike[str]) -> tuple[Rep, ...]:
    """Read a team's reps from a ``.toml``, ``.json``, ``.yaml`` or ``.yml`` file (UTF-8).

    Raises:
        ConfigError: with every problem in the file, each with its path.
        InvalidTypeError: if ``path`` is not a file name.
        OSError: if the file cannot be read.
    """
    text, kind, name = _read(path, TABLE_FORMATS)
    return loads_team(text, format=kind, source=name)


def _csv_columns() -> list[str]:
    columns = ["type"]
    for event_type in EVENT_TAGS.values():
        for spec in fields_of(event_type):
            if spec.key not in columns:
                columns.append(spec.key)
    return columns


def loads_history(
    text: str,
    *,
    format: Format = "json",  # noqa: A002
    source: str | None = None,
) -> list[Event]:
    """Read a lead's history from text: a JSON or YAML list, a TOML file, or CSV.

    Each event is a table with ``type = "touch"`` (``at``, ``channel``, ``outcome``) or
    ``type = "milestone"`` (``at``, ``kind``, and ``channel`` or ``until`` where they
    apply). In TOML, list them as ``[[events]]``; JSON and YAML may also wrap the list as
    ``{"events": [...]}``. CSV has a header row naming the columns ``type``, ``at``,
    ``channel``, ``outcome``, ``kind``, ``until`` (any subset, in any order, each once); an
    empty cell means the key is absent. A leading byte-order mark (Excel's "CSV UTF-8") is
    ignored, and CSV lines may end in LF, CRLF or CR.

    Raises:
        ConfigError: with every problem in the document, each with its path (the row's
            line for CSV).
        InvalidTypeError: if ``text`` is not a ``str``, or ``format`` or ``source`` is not
            text.
        InvalidValueError: if ``format`` is not one of the four.
    """
    name = _check_source(source)
    document = document_text(text, "load_history")
    kind = check_format(format, HISTORY_FORMATS)
    if kind == "csv":
        return _read_with_source(lambda: _csv_history(document), name)
    return _read_with_source(lambda: _history(parse(document, kind)), name)


def _csv_history(text: str) -> list[Event]:
    events: list[Event] = []
    problems: list[ConfigProblem] = []
    for number, (_, row) in enumerate(csv_rows(text, _csv_columns()), 1):
        try:
            events.append(event_from_row(row, f"row {number}"))
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return events


def _history(data: object) -> list[Event]:
    if isinstance(data, Mapping):
        if list(data) != ["events"]:
            raise ConfigError(
                [("", 'expected a list of events, or a table with just the key "events"')]
            )
        return history_from_list(data["events"], path="events")
    return history_from_list(data)


def load_history(path: str | os.PathLike[str]) -> list[Event]:
    """Read a lead's history from a ``.json``, ``.yaml``, ``.yml``, ``.toml`` or ``.csv`` file.

    The file must be UTF-8; see :func:`loads_history` for the format.

    Raises:
        ConfigError: with every problem in the file, each with its path.
        InvalidTypeError: if ``path`` is not a file name.
        OSError: if the file cannot be read.
    """
    text, kind, name = _read(path, HISTORY_FORMATS)
    return loads_history(text, format=kind, source=name)


def load_history_located(path: str | os.PathLike[str]) -> list[tuple[str, Event]]:
    """A history file's events, each with where it is in the file, for messages about it.

    The place is the row for CSV, counted from 1 after the header (``"row 3"``), and the
    path of the event in a document otherwise (``"[2]"``, or ``"events[2]"`` in a TOML file
    or a table with the key ``events``), as the errors of :func:`load_history` name them.

    Raises:
        ConfigError: with every problem in the file, each with its path.
        InvalidTypeError: if ``path`` is not a file name.
        OSError: if the file cannot be read.
    """
    text, kind, name = _read(path, HISTORY_FORMATS)
    events = loads_history(text, format=kind, source=name)
    if kind == "csv":
        places = [f"row {number}" for number in range(1, len(events) + 1)]
    else:
        wrapped = isinstance(parse(document_text(text, "load_history"), kind), Mapping)
        prefix = "events" if wrapped else ""
        places = [f"{prefix}[{index}]" for index in range(len(events))]
    return list(zip(places, events, strict=True))


def history_to_csv(history: Iterable[Event]) -> str:
    """A lead's history as CSV text that :func:`loads_history` reads back.

    Raises:
        InvalidTypeError: if ``history`` is not an iterable of :class:`~cadence.Touch` and
            :class:`~cadence.Milestone` values.
    """
    columns = _csv_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in history_to_list(history):
        writer.writerow({key: encode(value) for key, value in row.items()})
    return out.getvalue()
