"""Values as plain data and back, by introspection of the attrs classes and their annotations.

No rule has code here. A rule is written as a table with a ``type`` tag (its class name in
snake case: ``ContactWindow`` is ``"contact_window"``) and one key per ``__init__`` argument;
each value is written according to the field's annotation. The classes whose ``__init__``
takes ``*args`` (``DayOffsets(*days)``, ``Every(*gaps)``, the combinators) are found from
their signature: the star argument is written under the name of the field it fills.
"""

from __future__ import annotations

import difflib
import enum
import functools
import inspect
import json
import math
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time
from typing import Any, Final

import attrs

from cadence import _convert as cv
from cadence._time import clock_text
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.cadence import Cadence
from cadence.config.errors import ConfigError
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.events import Event, Milestone, Touch
from cadence.lead import Lead
from cadence.rules.channels import ChannelRule
from cadence.rules.limits import Limit, Snooze
from cadence.rules.reactions import Reaction
from cadence.rules.rhythm import Rhythm
from cadence.rules.stop import StopRule
from cadence.span import Span
from cadence.weekday import Weekday, to_weekday

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "MAX_NUMBER",
    "PLANNER_ONLY",
    "FieldSpec",
    "PlainData",
    "UnsupportedTypeError",
    "cadence_from_dict",
    "cadence_to_dict",
    "decode",
    "encode",
    "fields_of",
    "history_from_list",
    "history_to_list",
    "rule_types",
    "type_tag",
]

FORMAT_VERSION: Final = 1
"""The version of the configuration format, written as ``version = 1``."""

MAX_NUMBER: Final = MAX_WHOLE_NUMBER
"""The largest whole number (in absolute value) configuration accepts."""

KINDS: Final[dict[type, str]] = {
    Rhythm: "rhythm",
    ChannelRule: "channel rule",
    Reaction: "reaction",
    Limit: "limit",
    StopRule: "stop rule",
}
"""The kinds of rule, with their names in prose."""

PLANNER_ONLY: Final[tuple[type, ...]] = (Snooze,)
"""Rules the planner applies to every cadence by itself: no file names them."""

EVENT_TYPES: Final[dict[str, type]] = {"touch": Touch, "milestone": Milestone}

SPAN_EXAMPLE: Final = 'a duration such as "P7D" or "7 days"'
DATETIME_EXAMPLE: Final = 'a date and time such as "2026-03-06T15:58:00Z"'


class UnsupportedTypeError(InvalidTypeError):
    """A rule or value has a field whose type configuration cannot represent."""


class _Invalid:
    """Marks a value that could not be read; its problem is already recorded."""

    __slots__ = ()


INVALID: Final = _Invalid()


# -- introspection ------------------------------------------------------------------------


def type_tag(cls: type) -> str:
    """The ``type`` tag of a class: its name in snake case (``"contact_window"``)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", cls.__name__).lower()


@functools.cache
def rule_types() -> dict[str, type]:
    """Every concrete rule class exported by :mod:`cadence.rules`, by ``type`` tag.

    The rules the planner applies by itself (:data:`PLANNER_ONLY`) are left out.
    """
    from cadence import rules  # noqa: PLC0415 - rules may grow after this module is imported

    found: dict[str, type] = {}
    for name in rules.__all__:
        candidate = getattr(rules, name, None)
        if (
            isinstance(candidate, type)
            and issubclass(candidate, tuple(KINDS))
            and attrs.has(candidate)
            and not inspect.isabstract(candidate)
            and candidate not in PLANNER_ONLY
        ):
            tag = type_tag(candidate)
            if tag in found:  # pragma: no cover - two classes with one name
                raise UnsupportedTypeError(f"two rules have the type tag {tag!r}")
            found[tag] = candidate
    return found


def _kind_of(cls: type) -> type | None:
    for kind in KINDS:
        if issubclass(cls, kind):
            return kind
    return None


def _family(base: type) -> tuple[str, dict[str, type]] | None:
    """The name and the tagged classes a value of type ``base`` may be, if it is tagged."""
    kind = _kind_of(base)
    if kind is not None:
        name = KINDS[kind]
        return name, {tag: cls for tag, cls in rule_types().items() if issubclass(cls, base)}
    if base in EVENT_TYPES.values():
        return type_tag(base), {type_tag(base): base}
    return None


def _tag_of(value: object) -> str | None:
    cls = type(value)
    if cls in PLANNER_ONLY:
        raise InvalidValueError(
            f"{cls.__name__}: the planner applies it to every cadence by itself; "
            "leave it out of the cadence"
        )
    if isinstance(value, tuple(KINDS)):
        tag = type_tag(cls)
        if rule_types().get(tag) is not cls:
            raise InvalidTypeError(
                f"cannot write {cls.__name__} as data: only the rules exported by "
                "cadence.rules have a type tag"
            )
        return tag
    for tag, event_type in EVENT_TYPES.items():
        if cls is event_type:
            return tag
    return None


@attrs.frozen
class FieldSpec:
    """One key of a value's table: the ``__init__`` argument of one attrs field.

    Args:
        key: The key in the data (the argument's name).
        name: The attribute's name.
        type: The field's annotation, resolved.
        default: The default value, or ``attrs.NOTHING`` if the key is required.
        description: The argument's description from the class docstring.
        minimum: The least whole number the field's validator accepts, if known.
        star: Whether the class's ``__init__`` takes this field as ``*args``.
    """

    key: str
    name: str
    type: Any
    default: Any
    description: str
    minimum: int | None
    star: bool

    @property
    def required(self) -> bool:
        """Whether the key must be given."""
        return self.default is attrs.NOTHING


def _star_name(cls: type) -> str | None:
    for parameter in inspect.signature(cls.__init__).parameters.values():  # type: ignore[misc]
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            return parameter.name
    return None


def _argument_docs(cls: type) -> dict[str, str]:
    docs: dict[str, str] = {}
    lines = (inspect.getdoc(cls) or "").splitlines()
    inside = False
    current: str | None = None
    for line in lines:
        if line.strip() == "Args:":
            inside = True
            continue
        if not inside:
            continue
        if line and not line.startswith(" "):
            break
        entry = re.match(r"^ {4}\*{0,2}(\w+)(?: \([^)]*\))?: (.*)$", line)
        if entry:
            current = entry[1]
            docs[current] = entry[2].strip()
        elif current and line.strip():
            docs[current] += " " + line.strip()
    return docs


def _minimum(validator: object) -> int | None:
    if isinstance(validator, cv._AtLeast):  # noqa: SLF001 - our own validator
        return validator.minimum
    members = getattr(validator, "_validators", None)
    if isinstance(members, tuple):
        for member in members:
            found = _minimum(member)
            if found is not None:
                return found
    return None


def _default(field: attrs.Attribute[Any]) -> Any:
    default: Any = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:  # pragma: no cover - no field of ours does this
            return attrs.NOTHING
        return default.factory()
    return default


@functools.cache
def fields_of(cls: type) -> tuple[FieldSpec, ...]:
    """The keys of ``cls``'s table, from its attrs fields and resolved annotations.

    Raises:
        UnsupportedTypeError: if an annotation cannot be resolved, or a ``*args`` argument
            does not name a field.
    """
    try:
        hints = typing.get_type_hints(cls)
    except Exception as error:  # noqa: BLE001 - any failure means the same to the user
        raise UnsupportedTypeError(
            f"{cls.__name__}: cannot resolve its annotations ({error})"
        ) from None
    docs = _argument_docs(cls)
    star = _star_name(cls)
    specs: list[FieldSpec] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        key = field.alias or field.name
        specs.append(
            FieldSpec(
                key=key,
                name=field.name,
                type=hints.get(field.name, field.type),
                default=_default(field),
                description=docs.get(key, ""),
                minimum=_minimum(field.validator),
                star=key == star,
            )
        )
    if star is not None and not any(spec.star for spec in specs):
        raise UnsupportedTypeError(
            f"{cls.__name__}: its __init__ takes *{star}, which is not the name of a field"
        )
    return tuple(specs)


def _union_members(kind: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(kind) in {types.UnionType, typing.Union}:
        return typing.get_args(kind)
    return None


# -- writing ------------------------------------------------------------------------------


def _order(value: object) -> tuple[int, Any]:
    if isinstance(value, enum.Enum):
        return (0, list(type(value)).index(value))
    return (1, json.dumps(encode(value), sort_keys=True, default=str))


def encode(value: object) -> Any:  # noqa: C901, PLR0911 - one return per kind of value
    """Any value of the library as plain data (tables, lists, strings, numbers, booleans).

    Plain means exactly ``dict``, ``list``, ``str``, ``int``, ``float``, ``bool`` and None,
    never a subclass such as an enum member, so any serializer (``yaml.safe_dump``) takes it.

    Raises:
        InvalidTypeError: for a value configuration cannot represent, such as a rule that
            :mod:`cadence.rules` does not export.
    """
    # Enums first: a channel is a str too, and plain data means exactly str, never a subclass.
    if isinstance(value, enum.Enum):
        return str(value.value) if isinstance(value, str) else value.name.lower()
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Span):
        return value.isoformat()
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return clock_text(value)
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, frozenset | set):
        return [encode(item) for item in sorted(value, key=_order)]
    if attrs.has(type(value)):
        return _encode_object(value)
    raise InvalidTypeError(f"cannot write {value!r} as data")


def _encode_object(value: object) -> dict[str, Any]:
    data: dict[str, Any] = {}
    tag = _tag_of(value)
    if tag is not None:
        data["type"] = tag
    cls: type = type(value)
    for spec in fields_of(cls):
        item = getattr(value, spec.name)
        if item is None and spec.default is None:
            continue  # TOML has no null: an absent key means None
        data[spec.key] = encode(item)
    return data


def cadence_to_dict(value: Cadence) -> dict[str, Any]:
    """A cadence as plain data, with ``version`` first."""
    return {"version": FORMAT_VERSION, **_encode_object(value)}


def history_to_list(history: Iterable[Event]) -> list[dict[str, Any]]:
    """A lead's history as a list of tables, each with ``type`` ``"touch"`` or ``"milestone"``.

    Raises:
        InvalidTypeError: if ``history`` is not an iterable of :class:`~cadence.Touch` and
            :class:`~cadence.Milestone` values.
    """
    if not isinstance(history, Iterable):
        raise InvalidTypeError(f"history: expected an iterable of events, got {history!r}")
    listed: list[dict[str, Any]] = []
    for position, event in enumerate(history):
        if not isinstance(event, Touch | Milestone):
            raise InvalidTypeError(
                f"history[{position}]: expected a Touch or a Milestone, got {event!r}"
            )
        listed.append(_encode_object(event))
    return listed


# -- reading ------------------------------------------------------------------------------


def _shown(value: object) -> str:  # noqa: PLR0911 - one return per kind of value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        if abs(value) < 10**40:
            return str(value)
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 60 else text[:56] + '..."'
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def child(path: str, key: str | int) -> str:
    """The path of ``key`` inside ``path``: ``"limits[2]"``, ``"limits[2].per"``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        key = json.dumps(key)
    return f"{path}.{key}" if path else key


def _suggest(word: str, choices: Iterable[str]) -> str:
    def squash(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    squashed = {squash(choice): choice for choice in choices}
    close = difflib.get_close_matches(squash(word), list(squashed), n=1, cutoff=0.6)
    return f' (did you mean "{squashed[close[0]]}"?)' if close else ""


def describe_type(kind: Any) -> str:  # noqa: C901, PLR0911, PLR0912 - a phrase per kind
    """What a value of annotation ``kind`` looks like, in words."""
    members = _union_members(kind)
    if members is not None:
        return " or ".join(describe_type(member) for member in members if member is not type(None))
    origin = typing.get_origin(kind)
    if origin in {tuple, frozenset, set}:
        return "a list"
    if kind is Span:
        return SPAN_EXAMPLE
    if kind is bool:
        return "true or false"
    if kind is int:
        return "a whole number"
    if kind is float:
        return "a number"
    if kind is str:
        return "text"
    if kind is time:
        return 'a clock time such as "09:00"'
    if kind is datetime:
        return DATETIME_EXAMPLE
    if kind is date:
        return 'a date such as "2026-12-25"'
    if kind is Weekday:
        return 'a day of the week such as "mon"'
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "one of " + _quoted(str(encode(member)) for member in kind)
    if isinstance(kind, type):
        family = _family(kind)
        if family is not None:
            return f'{_a(family[0])}: a table with a "type" key'
    return "a table"


class Reader:
    """Reads plain data into values, recording every problem instead of stopping."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def problem(self, path: str, message: str) -> _Invalid:
        """Record a problem at ``path``."""
        self.errors.append((path, message))
        return INVALID

    def expected(self, path: str, kind: Any, data: object, note: str = "") -> _Invalid:
        """Record that ``data`` is not a ``kind``."""
        return self.problem(path, f"expected {describe_type(kind)}{note}, got {_shown(data)}")

    def raise_if_any(self) -> None:
        """Raise a :class:`ConfigError` with every problem, if there is one."""
        if self.errors:
            raise ConfigError(self.errors)

    def value(self, kind: Any, data: object, path: str) -> Any:  # noqa: C901, PLR0911, PLR0912
        """Read ``data`` as a value of annotation ``kind``, or record why not."""
        members = _union_members(kind)
        if members is not None:
            return self._union(kind, members, data, path)
        origin = typing.get_origin(kind)
        if origin is tuple:
            return self._tuple(kind, data, path)
        if origin in {frozenset, set}:
            items = self._items(typing.get_args(kind)[0], data, path)
            return items if isinstance(items, _Invalid) else frozenset(items)
        if not isinstance(kind, type):
            raise UnsupportedTypeError(f"{path}: configuration cannot represent {kind!r}")
        if kind is Span:
            return self._span(data, path)
        if kind is bool:
            return data if isinstance(data, bool) else self.expected(path, kind, data)
        if kind is int:
            return self._int(data, path)
        if kind is float:
            return self._float(data, path)
        if kind is str:
            return data if isinstance(data, str) else self.expected(path, kind, data)
        if kind is time:
            return self._time(data, path)
        if kind is datetime:
            return self._datetime(data, path)
        if kind is date:
            return self._date(data, path)
        if kind is Weekday:
            return self._weekday(data, path)
        if issubclass(kind, enum.Enum):
            return self._enum(kind, data, path)
        family = _family(kind)
        if family is not None:
            return self.tagged(family[0], family[1], data, path)
        if attrs.has(kind):
            return self.object(kind, data, path)
        raise UnsupportedTypeError(f"{path}: configuration cannot represent {kind!r}")

    # -- leaves --

    def _span(self, data: object, path: str) -> Span | _Invalid:
        if not isinstance(data, str):
            return self.expected(path, Span, data)
        if data.strip().startswith("-"):
            return self.problem(path, f"expected a duration of zero or more, got {_shown(data)}")
        try:
            return Span.parse(data)
        except CadenceError as error:
            message = re.sub(r"^Span(\.\w+)?: ", "", str(error))
            if message.startswith("expected a duration such as"):
                return self.expected(path, Span, data)
            return self.problem(
                path, message if "got" in message else f"{message}, got {_shown(data)}"
            )
        except (ValueError, OverflowError):
            return self.problem(
                path, f"expected a duration of a sensible length, got {_shown(data)}"
            )

    def _int(self, data: object, path: str) -> int | _Invalid:
        if isinstance(data, bool) or not isinstance(data, int):
            return self.expected(path, int, data)
        if abs(data) > MAX_NUMBER:
            return self.problem(
                path, f"expected a whole number of at most {MAX_NUMBER}, got {_shown(data)}"
            )
        return data

    def _float(self, data: object, path: str) -> float | _Invalid:
        if isinstance(data, bool) or not isinstance(data, int | float):
            return self.expected(path, float, data)
        if isinstance(data, int) and abs(data) > MAX_NUMBER:
            return self.problem(
                path, f"expected a number of at most {MAX_NUMBER}, got {_shown(data)}"
            )
        if not math.isfinite(data) or abs(data) > MAX_NUMBER:
            return self.problem(
                path, f"expected a finite number of at most {MAX_NUMBER}, got {_shown(data)}"
            )
        return float(data)

    def _time(self, data: object, path: str) -> time | _Invalid:
        if isinstance(data, time) and data.tzinfo is None:
            return data
        if isinstance(data, str):
            try:
                return time.fromisoformat(data.strip())
            except ValueError:
                pass
        note = " (quote clock times in YAML)" if isinstance(data, int) else ""
        return self.expected(path, time, data, note)

    def _datetime(self, data: object, path: str) -> date | _Invalid:
        value: datetime | None = None
        if isinstance(data, date) and not isinstance(data, datetime):
            return data  # a whole day: the class says what it means (a period's end: all of it)
        if isinstance(data, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", data):
            try:
                return date.fromisoformat(data.strip())
            except ValueError:
                return self.expected(path, datetime, data)
        if isinstance(data, datetime):
            value = data
        elif isinstance(data, str):
            try:
                value = datetime.fromisoformat(data.strip())
            except ValueError:
                value = None
        if value is None:
            return self.expected(path, datetime, data)
        # Whether it needs an offset is the class's business: an instant does, a moment of
        # the lead's local time (a blackout period) does not.
        return value

    def _date(self, data: object, path: str) -> date | _Invalid:
        if isinstance(data, date) and not isinstance(data, datetime):
            return data
        if isinstance(data, str):
            try:
                return date.fromisoformat(data.strip())
            except ValueError:
                pass
        return self.expected(path, date, data)

    def _weekday(self, data: object, path: str) -> Weekday | _Invalid:
        if isinstance(data, str):
            try:
                return to_weekday(data)
            except CadenceError:
                pass
        return self.expected(path, Weekday, data)

    def _enum(self, kind: type[enum.Enum], data: object, path: str) -> Any:
        if isinstance(data, str):
            for member in kind:
                if encode(member) == data.strip().lower():
                    return member
        return self.expected(path, kind, data)

    # -- containers --

    def _items(self, kind: Any, data: object, path: str) -> list[Any] | _Invalid:
        if not isinstance(data, list | tuple):
            return self.problem(path, f"expected a list of {_plural(kind)}, got {_shown(data)}")
        items = [self.value(kind, item, child(path, index)) for index, item in enumerate(data)]
        return INVALID if any(item is INVALID for item in items) else items

    def _tuple(self, kind: Any, data: object, path: str) -> tuple[Any, ...] | _Invalid:
        arguments = typing.get_args(kind)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            items = self._items(arguments[0], data, path)
            return items if isinstance(items, _Invalid) else tuple(items)
        if not isinstance(data, list | tuple) or len(data) != len(arguments):
            return self.problem(
                path, f"expected a list of {len(arguments)} items, got {_shown(data)}"
            )
        fixed = [
            self.value(item_kind, item, child(path, index))
            for index, (item_kind, item) in enumerate(zip(arguments, data, strict=True))
        ]
        return INVALID if any(item is INVALID for item in fixed) else tuple(fixed)

    def _union(self, kind: Any, members: tuple[Any, ...], data: object, path: str) -> Any:
        options = tuple(member for member in members if member is not type(None))
        if data is None and len(options) < len(members):
            return None
        families = [_family(option) if isinstance(option, type) else None for option in options]
        if all(family is not None for family in families):
            merged: dict[str, type] = {}
            for family in families:
                merged.update(family[1])  # type: ignore[index]
            name = " or ".join(family[0] for family in families)  # type: ignore[index]
            return self.tagged(name, merged, data, path)
        if len(options) == 1:
            return self.value(options[0], data, path)
        for option in options:
            attempt = Reader()
            found = attempt.value(option, data, path)
            if found is not INVALID:
                return found
        return self.expected(path, kind, data)

    # -- tables --

    def tagged(self, family: str, choices: Mapping[str, type], data: object, path: str) -> Any:
        """Read a table whose ``type`` tag picks the class among ``choices``."""
        if not isinstance(data, Mapping):
            return self.problem(
                path, f'expected {_a(family)}: a table with a "type" key, got {_shown(data)}'
            )
        tag = data.get("type")
        where = child(path, "type")
        names = sorted(choices)
        if tag is None:
            return self.problem(where, f"required: the {family}'s type, one of {_quoted(names)}")
        if not isinstance(tag, str):
            return self.problem(where, f"expected the {family}'s type as text, got {_shown(tag)}")
        cls = choices.get(tag)
        if cls is None:
            other = rule_types().get(tag)
            kind = None if other is None else _kind_of(other)
            if kind is not None:
                return self.problem(where, f'"{tag}" is {_a(KINDS[kind])}, not {_a(family)}')
            return self.problem(
                where,
                f"unknown {family} type {_shown(tag)}{_suggest(tag, names)}; "
                f"expected one of {_quoted(names)}",
            )
        return self.object(cls, data, path, tagged=True)

    def object(
        self, cls: type, data: object, path: str, *, tagged: bool = False, extra: Iterable[str] = ()
    ) -> Any:
        """Read a table of ``cls``'s fields and build one, or record every problem."""
        if not isinstance(data, Mapping):
            return self.problem(path, f"expected a table, got {_shown(data)}")
        specs = fields_of(cls)
        known = (["type"] if tagged else []) + [spec.key for spec in specs] + list(extra)
        unknown = [key for key in data if key not in known]
        for key in unknown:
            shown = key if isinstance(key, str) else repr(key)
            takes = _quoted(known) if known != ["type"] else 'no key other than "type"'
            self.problem(
                child(path, shown),
                f"unknown key{_suggest(shown, known)}; {cls.__name__} takes {takes}",
            )
        failed = False
        arguments: dict[str, Any] = {}
        for spec in specs:
            where = child(path, spec.key)
            if spec.key not in data:
                if spec.required:
                    self.problem(where, f"required: {describe_type(spec.type)}")
                    failed = True
                continue
            found = self.value(spec.type, data[spec.key], where)
            if found is INVALID:
                failed = True
            else:
                arguments[spec.key] = found
        if failed:
            self._check_fields(cls, specs, arguments, path)
            return INVALID
        # Build even with unknown keys, to report what the class itself refuses too.
        built = self._build(cls, specs, arguments, path)
        return INVALID if unknown else built

    def _check_fields(
        self, cls: type, specs: tuple[FieldSpec, ...], arguments: dict[str, Any], path: str
    ) -> None:
        """Run the validators of the fields that were read, when the whole cannot be built."""
        stub: object = object.__new__(cls)  # validators only use it to name its class
        fields = {field.name: field for field in attrs.fields(cls)}
        for spec in specs:
            if spec.key not in arguments or spec.star:
                continue
            field = fields[spec.name]
            value = arguments[spec.key]
            try:
                if callable(field.converter):
                    value = field.converter(value)
                if field.validator is not None:
                    field.validator(stub, field, value)
            except (CadenceError, ValueError, TypeError, OverflowError) as error:
                self._refused(cls, specs, str(error), path)
            except Exception:  # noqa: BLE001, S112 - a validator that needs the whole value
                continue

    def _build(
        self, cls: type, specs: tuple[FieldSpec, ...], arguments: dict[str, Any], path: str
    ) -> Any:
        star = [spec.key for spec in specs if spec.star]
        try:
            if star:
                return cls(*arguments.pop(star[0]), **arguments)
            return cls(**arguments)
        except (CadenceError, ValueError, TypeError, OverflowError) as error:
            return self._refused(cls, specs, str(error), path)

    def _refused(
        self, cls: type, specs: tuple[FieldSpec, ...], message: str, path: str
    ) -> _Invalid:
        names = {spec.name: spec.key for spec in specs}
        said = re.match(r"^(\w+)(?:\.(\w+))?((?:\[\d+\])*): (.*)$", message, re.DOTALL)
        if said and said[1] in {base.__name__ for base in cls.__mro__}:
            where = path
            if said[2] in names:
                where = child(path, names[said[2]])
            return self.problem(where + said[3], said[4])
        return self.problem(path, message)


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


_PLURALS: dict[Any, str] = {
    Span: 'durations such as "P7D" or "7 days"',
    bool: "true or false values",
    int: "whole numbers",
    float: "numbers",
    str: "texts",
    time: 'clock times such as "09:00"',
    datetime: "dates and times",
    date: "dates",
    Weekday: 'days of the week such as "mon"',
}


def _plural(kind: Any) -> str:
    if kind in _PLURALS:
        return _PLURALS[kind]
    family = _family(kind) if isinstance(kind, type) else None
    if family is not None:
        return f'{family[0]}s (tables with a "type" key)'
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return describe_type(kind).replace("one of", "values among", 1)
    return "tables" if isinstance(kind, type) and attrs.has(kind) else "values"


def _read_all(read: Callable[[Reader], Any]) -> Any:
    reader = Reader()
    try:
        value = read(reader)
    except RecursionError:
        raise ConfigError([("", "the data is nested too deeply")]) from None
    reader.raise_if_any()
    return value


def decode(kind: type, data: object) -> Any:
    """Read ``data`` as a ``kind`` (a rule kind, a rule or another attrs class).

    Raises:
        ConfigError: with every problem found, each with its path.
    """
    family = _family(kind)
    if family is not None:
        return _read_all(lambda reader: reader.tagged(family[0], family[1], data, ""))
    return _read_all(lambda reader: reader.object(kind, data, ""))


def cadence_from_dict(data: object) -> Cadence:
    """Build a cadence from plain data (see :meth:`cadence.Cadence.from_dict`)."""

    def read(reader: Reader) -> Any:
        if not isinstance(data, Mapping):
            return reader.problem("", f"expected a table with a cadence, got {_shown(data)}")
        version = data.get("version")
        if "version" not in data:
            reader.problem("version", f"required: the format's version, {FORMAT_VERSION}")
        elif type(version) is not int or version != FORMAT_VERSION:
            reader.problem(
                "version",
                f"expected the whole number {FORMAT_VERSION}, the version this release reads, "
                f"got {_shown(version)}",
            )
        return reader.object(Cadence, data, "", extra=["version"])

    return typing.cast("Cadence", _read_all(read))


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

    def read(reader: Reader) -> Any:
        if not isinstance(data, list | tuple):
            return reader.problem(path, f"expected a list of events, got {_shown(data)}")
        return [
            reader.tagged("event", EVENT_TYPES, item, child(path, index))
            for index, item in enumerate(data)
        ]

    return typing.cast("list[Event]", _read_all(read))


def lead_from_dict(data: object) -> Lead:
    """Read a lead from a table (see :meth:`cadence.Lead.from_dict`)."""
    return typing.cast("Lead", decode(Lead, data))


def event_from_dict(kind: type[Touch | Milestone], data: object) -> Any:
    """Read a touch or a milestone; its ``type`` key is optional but must match."""
    if isinstance(data, Mapping) and "type" not in data:
        data = {"type": type_tag(kind), **data}
    return decode(kind, data)


T = typing.TypeVar("T")


class PlainData:
    """The codec :mod:`cadence.config` installs for the values' ``to_dict()``/``from_dict()``."""

    def write(self, value: object) -> dict[str, Any]:
        """``value`` as plain data: a cadence with its format's version first."""
        if isinstance(value, Cadence):
            return cadence_to_dict(value)
        return typing.cast("dict[str, Any]", encode(value))

    def read(self, kind: type[T], data: object) -> T:
        """A ``kind`` read from ``data``; an event's ``type`` key may be left out."""
        if kind is Cadence:
            return typing.cast("T", cadence_from_dict(data))
        if kind is Touch or kind is Milestone:
            return typing.cast("T", event_from_dict(typing.cast("type[Event]", kind), data))
        return typing.cast("T", decode(kind, data))
