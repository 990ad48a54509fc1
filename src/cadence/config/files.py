"""Reading cadences, leads and histories from TOML, JSON, YAML and CSV text and files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tomllib
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Literal

from cadence.config.codec import (
    EVENT_TYPES,
    cadence_from_dict,
    encode,
    fields_of,
    history_from_list,
    history_to_list,
    lead_from_dict,
)
from cadence.config.errors import ConfigError

if typing.TYPE_CHECKING:
    from cadence.cadence import Cadence
    from cadence.events import Event
    from cadence.lead import Lead

__all__ = [
    "Format",
    "history_to_csv",
    "load",
    "load_history",
    "load_lead",
    "loads",
    "loads_history",
    "loads_lead",
    "parse",
]

Format = Literal["toml", "json", "yaml", "csv"]
"""A text format: ``"toml"``, ``"json"``, ``"yaml"`` (with the ``yaml`` extra) or ``"csv"``
(histories only)."""

_SUFFIXES: dict[str, Format] = {
    ".toml": "toml",
    ".json": "json",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".csv": "csv",
}

YAML_HINT = 'reading YAML needs PyYAML: pip install "cadence-rules[yaml]"'


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number configuration accepts")


def _toml(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if where:
            path = f"line {where[1]}, column {where[2]}"
            raise ConfigError([(path, f"invalid TOML: {message[: where.start()]}")]) from None
        raise ConfigError([("", f"invalid TOML: {message}")]) from None


def _json(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        path = f"line {error.lineno}, column {error.colno}"
        raise ConfigError([(path, f"invalid JSON: {error.msg}")]) from None


def _yaml(text: str) -> Any:
    try:
        import yaml  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise ConfigError([("", YAML_HINT)]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        path = "" if mark is None else f"line {mark.line + 1}, column {mark.column + 1}"
        raise ConfigError([(path, f"invalid YAML: {problem}")]) from None


MAX_NODES = 100_000
"""The most values (tables, lists and scalars, aliases expanded) a document may hold."""


def _size(data: object, sizes: dict[int, int], limit: int) -> int:
    """How many values ``data`` holds once YAML aliases are expanded (stops past ``limit``)."""
    if not isinstance(data, dict | list):
        return 1
    known = sizes.get(id(data))
    if known is not None:
        return known
    items = list(data.keys()) + list(data.values()) if isinstance(data, dict) else data
    total = 1
    for item in items:
        total += _size(item, sizes, limit)
        if total > limit:
            break
    sizes[id(data)] = total
    return total


def parse(text: str, format: Format) -> Any:  # noqa: A002 - the word users know
    """Parse ``text`` into plain data (tables, lists, strings, numbers).

    YAML is read with ``yaml.safe_load``: it builds plain data only, never objects. CSV
    is only for histories (see :func:`loads_history`).

    Raises:
        ConfigError: for text that is not valid in ``format``, with the line and column
            where they are known, or for YAML without the ``yaml`` extra.
    """
    try:
        if format == "toml":
            return _toml(text)
        if format == "json":
            return _json(text)
        if format == "yaml":
            data = _yaml(text)
            if _size(data, {}, MAX_NODES) > MAX_NODES:
                raise ConfigError([("", f"the document holds more than {MAX_NODES} values")])
            return data
    except RecursionError:
        raise ConfigError([("", f"invalid {format.upper()}: nested too deeply")]) from None
    except ValueError as error:  # huge integers, NaN
        if isinstance(error, ConfigError):
            raise
        raise ConfigError([("", f"invalid {format.upper()}: {error}")]) from None
    raise ConfigError([("", f"expected a format among toml, json, yaml, got {format!r}")])


def _format_of(path: Path, allowed: Iterable[Format]) -> Format:
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


def _read(path: str | os.PathLike[str], allowed: Iterable[Format]) -> tuple[str, Format]:
    where = Path(path)
    return where.read_text(encoding="utf-8"), _format_of(where, tuple(allowed))


def loads(text: str, *, format: Format = "toml", source: str | None = None) -> Cadence:  # noqa: A002
    """Read a cadence from text in TOML (the default), JSON or YAML.

    The format is described by :func:`json_schema`; :meth:`Cadence.to_dict
    <cadence.Cadence.to_dict>` writes it.

    Args:
        text: The document.
        format: ``"toml"``, ``"json"`` or ``"yaml"`` (YAML needs the ``yaml`` extra).
        source: A name for the text in error messages, such as its file name.

    Raises:
        ConfigError: with every problem in the document, each with its path.
    """
    try:
        return cadence_from_dict(parse(text, format))
    except ConfigError as error:
        raise (error.with_source(source) if source else error) from None


def load(path: str | os.PathLike[str]) -> Cadence:
    """Read a cadence from a ``.toml``, ``.json``, ``.yaml`` or ``.yml`` file.

    Raises:
        ConfigError: with every problem in the file, each with its path.
        OSError: if the file cannot be read.
    """
    text, kind = _read(path, ("toml", "json", "yaml"))
    return loads(text, format=kind, source=str(path))


def loads_lead(text: str, *, format: Format = "toml", source: str | None = None) -> Lead:  # noqa: A002
    """Read a lead from text in TOML (the default), JSON or YAML.

    The document is a table of :class:`~cadence.Lead`'s arguments, such as
    ``timezone = "America/Chicago"`` and ``created_at = "2026-03-06T15:58:00Z"``.

    Raises:
        ConfigError: with every problem in the document, each with its path.
    """
    try:
        return lead_from_dict(parse(text, format))
    except ConfigError as error:
        raise (error.with_source(source) if source else error) from None


def load_lead(path: str | os.PathLike[str]) -> Lead:
    """Read a lead from a ``.toml``, ``.json``, ``.yaml`` or ``.yml`` file.

    Raises:
        ConfigError: with every problem in the file, each with its path.
        OSError: if the file cannot be read.
    """
    text, kind = _read(path, ("toml", "json", "yaml"))
    return loads_lead(text, format=kind, source=str(path))


def _csv_events(text: str) -> Any:
    columns = _csv_columns()
    rows = csv.DictReader(io.StringIO(text), strict=True)
    errors: list[tuple[str, str]] = []
    header = rows.fieldnames or []
    for name in header:
        if name not in columns:
            expected = ", ".join(columns)
            errors.append(("line 1", f"unknown column {name!r}; expected columns {expected}"))
    if errors:
        raise ConfigError(errors)
    events: list[dict[str, Any]] = []
    try:
        for row in rows:
            if None in row:
                errors.append((f"line {rows.line_num}", "more cells than columns"))
                continue
            events.append({key: value for key, value in row.items() if value not in {"", None}})
    except csv.Error as error:
        raise ConfigError([(f"line {rows.line_num}", f"invalid CSV: {error}")]) from None
    if errors:
        raise ConfigError(errors)
    return events


def _csv_columns() -> list[str]:
    columns = ["type"]
    for event_type in EVENT_TYPES.values():
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
    ``channel``, ``outcome``, ``kind``, ``until`` (any subset, in any order); an empty
    cell means the key is absent.

    Raises:
        ConfigError: with every problem in the document, each with its path (the row's
            line for CSV).
    """
    try:
        return _csv_history(text) if format == "csv" else _history(parse(text, format))
    except ConfigError as error:
        raise (error.with_source(source) if source else error) from None


def _csv_history(text: str) -> list[Event]:
    events: list[Event] = []
    problems: list[tuple[str, str]] = []
    for index, row in enumerate(_csv_events(text)):
        try:
            events.extend(history_from_list([row], path=f"row {index + 1}"))
        except ConfigError as error:
            problems.extend(
                (re.sub(r"^row \d+\[0\]", f"row {index + 1}", path), message)
                for path, message in error.errors
            )
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

    See :func:`loads_history` for the format.

    Raises:
        ConfigError: with every problem in the file, each with its path.
        OSError: if the file cannot be read.
    """
    text, kind = _read(path, ("json", "yaml", "toml", "csv"))
    return loads_history(text, format=kind, source=str(path))


def history_to_csv(history: Iterable[Event]) -> str:
    """A lead's history as CSV text that :func:`loads_history` reads back.

    Raises:
        InvalidTypeError: if an item is not a :class:`~cadence.Touch` or a
            :class:`~cadence.Milestone`.
    """
    columns = _csv_columns()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in history_to_list(history):
        writer.writerow({key: encode(value) for key, value in row.items()})
    return out.getvalue()
