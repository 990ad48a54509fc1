"""Plans as plain data: a timeline, its touches, its skipped rounds and its stop reason.

What :meth:`cadence.Timeline.to_dict` and :meth:`~cadence.Timeline.from_dict` (and those of
:class:`~cadence.PlannedTouch`, :class:`~cadence.Skipped` and :class:`~cadence.StopReason`)
read and write. A plan holds rules (the rule that put a touch there, the limits that moved
it, the stop rule, a skipped round's rhythm): each is written as in a cadence file, a table
with its ``type`` tag, so a rule without a tag cannot be written, and the error names it.
The planner's own rules, which no cadence file names (the lead's snooze), are written with
the tags of :data:`~cadence.config.registry.PLANNER_TAGS`, and only a plan reads them.

An instant is written as ISO 8601 text with its UTC offset (``"at"``), and the name of its
time zone beside it (``"timezone"``, the lead's zone), so it reads back on the same clock;
an instant with a fixed offset and no zone name has no ``"timezone"``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

import attrs
import pendulum

from cadence._time import to_local, to_utc, zone
from cadence.booking import recorded
from cadence.channels import Channel
from cadence.config.errors import ConfigProblem, child, shown
from cadence.config.fields import fields_of
from cadence.config.reading import INVALID, Problems, Read, read_all, reader_for, table_reader
from cadence.config.registry import FORMAT_VERSION, PLANNER_TAGS, kind_of, tag_of
from cadence.config.wording import quoted, suggest
from cadence.config.writing import encode
from cadence.errors import CadenceError, InvalidTypeError
from cadence.events import Outcome
from cadence.protocol import Limit, Reaction, Rhythm, StopRule
from cadence.step import Step
from cadence.timeline import PlannedTouch, Skipped, StopReason, Timeline

__all__ = ["PLANS", "read_plan", "write_plan"]

_PLANNER_CLASSES: Final = {cls: tag for tag, cls in PLANNER_TAGS.items()}
_AT: Final = "at"  # an instant's key, read with "timezone" beside it


# -- writing ----------------------------------------------------------------------------


def _write_instant(value: datetime, data: dict[str, Any]) -> None:
    text = value.isoformat()
    data["at"] = text[:-6] + "Z" if text.endswith("+00:00") else text
    name = value.tzinfo.key if isinstance(value.tzinfo, ZoneInfo) else None
    if name is not None:
        data["timezone"] = name


def _write_rule(rule: object, where: str) -> dict[str, Any]:
    record = recorded(rule)
    if record is not None:  # a rep's rule, bound to its ledger: its record instead
        rule = record
    cls: Any = type(rule)
    try:
        if kind_of(cls) is None:
            raise InvalidTypeError(f"expected a rule, got {rule!r}")
        tag = _PLANNER_CLASSES.get(cls)
        if tag is not None:
            return {"type": tag} | {
                spec.key: encode(getattr(rule, spec.name)) for spec in fields_of(cls)
            }
        if tag_of(cls) is None:
            raise InvalidTypeError(
                f"cannot write the rule {cls.__module__}.{cls.__qualname__} as data: it has "
                f"no type tag; give it one with cadence.config.register({cls.__name__}, tag=...)"
            )
        return typing.cast("dict[str, Any]", encode(rule))
    except CadenceError as error:
        raise type(error)(f"{where}: {error}") from None


def _touch(touch: PlannedTouch, where: str) -> dict[str, Any]:
    data: dict[str, Any] = {"key": touch.key}
    _write_instant(touch.at, data)
    data |= {
        "channel": encode(touch.channel),
        "voicemail": touch.voicemail,
        "round": touch.round,
        "reason": touch.reason,
        "assumed": encode(touch.assumed),
    }
    if touch.step is not None:
        data["step"] = encode(touch.step)
    if touch.rep is not None:
        data["rep"] = touch.rep
    if touch.rule is not None:
        data["rule"] = _write_rule(touch.rule, child(where, "rule"))
    data["moved_by"] = [
        _write_rule(limit, child(child(where, "moved_by"), index))
        for index, limit in enumerate(touch.moved_by)
    ]
    return data


def _skipped(skipped: Skipped, where: str) -> dict[str, Any]:
    data: dict[str, Any] = {"reason": skipped.reason}
    _write_instant(skipped.at, data)
    if skipped.step is not None:
        data["step"] = encode(skipped.step)
    if skipped.rule is not None:
        data["rule"] = _write_rule(skipped.rule, child(where, "rule"))
    return data


def _stop(stop: StopReason, where: str) -> dict[str, Any]:
    data: dict[str, Any] = {"reason": stop.reason}
    if stop.at is not None:
        _write_instant(stop.at, data)
    if stop.rule is not None:
        data["rule"] = _write_rule(stop.rule, child(where, "rule"))
    return data


def _timeline(timeline: Timeline, where: str) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "touches": [
            _touch(touch, child(child(where, "touches"), index))
            for index, touch in enumerate(timeline.touches)
        ],
        "skipped": [
            _skipped(skipped, child(child(where, "skipped"), index))
            for index, skipped in enumerate(timeline.skipped)
        ],
        "stop": _stop(timeline.stop, child(where, "stop")),
    }


_WRITERS: Final[Mapping[type, Callable[[Any, str], dict[str, Any]]]] = {
    Timeline: _timeline,
    PlannedTouch: _touch,
    Skipped: _skipped,
    StopReason: _stop,
}

PLANS: Final = tuple(_WRITERS)
"""The classes of a plan that this module reads and writes."""


def write_plan(value: object) -> dict[str, Any]:
    """A timeline, a planned touch, a skipped round or a stop reason as plain data.

    Raises:
        InvalidTypeError: for a rule inside that has no type tag (named, with where it is).
    """
    return _WRITERS[type(value)](value, "")


# -- reading ----------------------------------------------------------------------------


_INSTANT_EXPECTED: Final = 'a date and time with a UTC offset, such as "2026-03-06T15:58:00Z"'


def _read_instant(text: object, name: object, path: str, problems: Problems) -> Any:
    """The instant ``text`` at ``path``, on the clock of the zone ``name`` if there is one."""
    try:
        value = datetime.fromisoformat(text.strip()) if isinstance(text, str) else None
    except ValueError:
        value = None
    if value is None or value.utcoffset() is None:
        message = f"expected {_INSTANT_EXPECTED}, got {shown(text)}"
        problems.append(ConfigProblem(child(path, _AT), message, _INSTANT_EXPECTED, shown(text)))
        return INVALID
    if name is None:
        return pendulum.instance(value)
    try:
        return to_local(to_utc(value), zone(name))
    except CadenceError as error:
        problem = error.problem
        message = str(error) if problem is None else problem.statement
        problems.append(ConfigProblem(child(path, "timezone"), message))
        return INVALID


def _rule_reader(*bases: type) -> Read:
    """Reads a rule of one of the kinds ``bases``, the planner's own among them."""
    tagged = reader_for(typing.Union[bases])  # noqa: UP007 - a union built at run time

    def read(data: object, path: str, problems: Problems) -> Any:
        tag = data.get("type") if isinstance(data, Mapping) else None
        cls: Any = PLANNER_TAGS.get(tag) if isinstance(tag, str) else None
        if cls is not None and issubclass(cls, bases):
            return table_reader(cls, tagged=True).read(data, path, problems)
        return tagged(data, path, problems)

    return read


def _list_of(read: Read, items: str) -> Read:
    def read_list(data: object, path: str, problems: Problems) -> Any:
        if not isinstance(data, list | tuple):
            problems.append(ConfigProblem(path, f"expected a list of {items}, got {shown(data)}"))
            return INVALID
        before = len(problems)
        values = tuple(read(item, child(path, index), problems) for index, item in enumerate(data))
        return INVALID if len(problems) > before else values

    return read_list


def _version(data: object, path: str, problems: Problems) -> Any:
    if type(data) is not int or data != FORMAT_VERSION:
        expected = f"the whole number {FORMAT_VERSION}, the version this release reads"
        problems.append(
            ConfigProblem(path, f"expected {expected}, got {shown(data)}", expected, shown(data))
        )
        return INVALID
    return data


_TEXT: Final = reader_for(str)
_RULES: Final = {
    "touch": _rule_reader(Rhythm, Reaction),
    "limit": _rule_reader(Limit),
    "stop": _rule_reader(StopRule, Rhythm),
    "rhythm": _rule_reader(Rhythm),
}


@attrs.frozen
class _Record:
    """The keys of one kind of record: each with its reader and whether it is required."""

    name: str
    keys: tuple[tuple[str, Read | None, bool], ...]

    def read(self, data: object, path: str, problems: Problems) -> Any:
        if not isinstance(data, Mapping):
            problems.append(
                ConfigProblem(path, f"expected {self.name}: a table, got {shown(data)}")
            )
            return INVALID
        names = [key for key, _, _ in self.keys]
        failed = False
        for key in data:
            if key not in names:
                shown_key = key if isinstance(key, str) else repr(key)
                message = (
                    f"unknown key{suggest(shown_key, names)}; {self.name} takes {quoted(names)}"
                )
                problems.append(ConfigProblem(child(path, shown_key), message))
                failed = True
        values: dict[str, Any] = {}
        for key, read, required in self.keys:
            if key not in data:
                if required:
                    problems.append(ConfigProblem(child(path, key), "required"))
                    failed = True
                continue
            value = INVALID if read is None else read(data[key], child(path, key), problems)
            if read is not None and value is INVALID:
                failed = True
            values[key] = value
        if _AT in data and values.get("timezone") is not INVALID:
            values[_AT] = _read_instant(data[_AT], values.get("timezone"), path, problems)
            failed = failed or values[_AT] is INVALID
        return INVALID if failed else values


_STEP: Final = reader_for(Step | None)
_INSTANT: Final = ((_AT, None, True), ("timezone", _TEXT, False))
_TOUCH: Final = _Record(
    "a planned touch",
    (
        ("key", _TEXT, True),
        *_INSTANT,
        ("channel", reader_for(Channel), True),
        ("voicemail", reader_for(bool), True),
        ("round", reader_for(int), True),
        ("reason", _TEXT, True),
        ("assumed", reader_for(Outcome), False),
        ("step", _STEP, False),
        ("rep", _TEXT, False),
        ("rule", _RULES["touch"], False),
        ("moved_by", _list_of(_RULES["limit"], "limits"), False),
    ),
)
_SKIPPED: Final = _Record(
    "a skipped round",
    (("reason", _TEXT, True), *_INSTANT, ("step", _STEP, False), ("rule", _RULES["rhythm"], False)),
)
_STOP: Final = _Record(
    "a stop reason",
    (
        ("reason", _TEXT, True),
        (_AT, None, False),
        ("timezone", _TEXT, False),
        ("rule", _RULES["stop"], False),
    ),
)


def _build_touch(values: dict[str, Any]) -> PlannedTouch:
    return PlannedTouch(
        at=values[_AT],
        channel=values["channel"],
        voicemail=values["voicemail"],
        round=values["round"],
        reason=values["reason"],
        rule=values.get("rule"),
        key=values["key"],
        moved_by=values.get("moved_by", ()),
        assumed=values.get("assumed", Outcome.SENT),
        step=values.get("step"),
        rep=values.get("rep"),
    )


def _build_skipped(values: dict[str, Any]) -> Skipped:
    return Skipped(values["reason"], values.get("rule"), values[_AT], values.get("step"))


def _build_stop(values: dict[str, Any]) -> StopReason:
    return StopReason(values["reason"], values.get("rule"), values.get(_AT))


def _reader(record: _Record, build: Callable[[dict[str, Any]], Any]) -> Read:
    def read(data: object, path: str, problems: Problems) -> Any:
        values = record.read(data, path, problems)
        return INVALID if values is INVALID else build(values)

    return read


_READ_TOUCH: Final = _reader(_TOUCH, _build_touch)
_READ_SKIPPED: Final = _reader(_SKIPPED, _build_skipped)
_READ_STOP: Final = _reader(_STOP, _build_stop)
_TIMELINE: Final = _Record(
    "a timeline",
    (
        ("version", _version, True),
        ("touches", _list_of(_READ_TOUCH, "planned touches"), True),
        ("skipped", _list_of(_READ_SKIPPED, "skipped rounds"), False),
        ("stop", _READ_STOP, True),
    ),
)


def _build_timeline(values: dict[str, Any]) -> Timeline:
    return Timeline(values["touches"], values["stop"], values.get("skipped", ()))


_READERS: Final[Mapping[type, Read]] = {
    Timeline: _reader(_TIMELINE, _build_timeline),
    PlannedTouch: _READ_TOUCH,
    Skipped: _READ_SKIPPED,
    StopReason: _READ_STOP,
}


def read_plan(kind: type, data: object) -> Any:
    """A ``kind`` of :data:`PLANS` read from plain data.

    Raises:
        ConfigError: with every problem found, each with its path.
    """
    read = _READERS[kind]
    return read_all(lambda problems: read(data, "", problems))
