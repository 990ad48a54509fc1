"""The configuration codec rebuilt on cattrs, to weigh it against the hand-written one.

Not used by the library: ``benchmarks/weigh_cattrs.py`` swaps it in to run the configuration
error tests against it, to time ``Cadence.from_dict()``, and to count its lines. It keeps
what both variants share (the leaf table, the registry, the field introspection, the
wording of messages, the JSON Schema) and replaces what cattrs can do: reading
(``reading.py`` and ``documents.py``) and writing (``writing.py``).

What cattrs gives: a generated structure function per attrs class (``forbid_extra_keys``,
``detailed_validation``), hooks per type and predicate, optional values, and error groups
whose notes carry the attribute name or the index. What it does not give, and is written
here: the leaves (cattrs's own hooks for ``int`` and ``str`` convert ``"3"`` and ``3``
silently), lists that refuse text and tables (cattrs iterates them), the ``type`` tag with
its messages, the classes whose ``__init__`` takes ``*args``, the canonical writing, and
turning the error tree into the format's messages.
"""

from __future__ import annotations

import enum
import functools
import json
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import cattrs
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn_from_attrs, make_dict_unstructure_fn, override

from cadence.cadence import Cadence
from cadence.config.errors import ConfigError, ConfigProblem, child, shown
from cadence.config.fields import fields_of
from cadence.config.leaves import LEAVES, Refused, leaf_of
from cadence.config.registry import (
    EVENT_TAGS,
    FORMAT_VERSION,
    PLANNER_ONLY,
    family,
    kind_of,
    registered,
    tag_of,
)
from cadence.config.wording import a, describe, plural, quoted, suggest
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.events import Event, Milestone, Touch
from cadence.lead import Lead


class _Said(Exception):  # noqa: N818 - a problem to report, not a failure of the code
    """A problem found by a hook of ours: its message, and a path below the value's."""

    def __init__(
        self, message: str, below: str = "", expected: str | None = None, got: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.below = below
        self.expected = expected
        self.got = got


def _is_list(kind: Any) -> bool:
    return typing.get_origin(kind) in {tuple, frozenset}


def _is_family(kind: Any) -> bool:
    return isinstance(kind, type) and family(kind) is not None


def _converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)

    def structure_tagged(data: object, kind: Any) -> Any:
        name, choices = family(kind)  # type: ignore[misc]
        cls = _tagged_class(name, choices, data)
        rest = {key: value for key, value in data.items() if key != "type"}  # type: ignore[attr-defined]
        return converter.structure(rest, cls)

    # Per type, so that they win over cattrs's own hooks for str, int and float, which a
    # predicate cannot (those are dispatched on the class first); any other enum by its base.
    for kind in (*LEAVES, enum.Enum):
        converter.register_structure_hook(kind, _structure_leaf)
    converter.register_structure_hook_func(
        _is_list, lambda data, kind: _structure_list(converter, data, kind)
    )
    converter.register_structure_hook_func(_is_family, structure_tagged)
    # Registered last, so asked first: a rule class's table comes here without its "type".
    converter.register_structure_hook_factory(
        lambda kind: isinstance(kind, type) and attrs.has(kind),
        lambda kind: _table_hook(kind, converter),
    )
    _unstructure_hooks(converter)
    return converter


def _structure_leaf(data: object, kind: Any) -> Any:
    value = leaf_of(kind).read(data)  # type: ignore[union-attr]
    if type(value) is Refused:
        raise _Said(value.message, expected=value.expected, got=value.got)
    return value


def _structure_list(converter: cattrs.Converter, data: object, kind: Any) -> Any:
    arguments = typing.get_args(kind)
    if typing.get_origin(kind) is tuple and not (len(arguments) == 2 and arguments[1] is ...):
        if not isinstance(data, list | tuple) or len(data) != len(arguments):
            raise _Said(f"expected a list of {len(arguments)} items, got {shown(data)}")
        kinds = arguments
    else:
        if not isinstance(data, list | tuple):
            raise _Said(f"expected a list of {plural(arguments[0])}, got {shown(data)}")
        kinds = (arguments[0],) * len(data)
    items, errors = [], []
    for index, (item_kind, item) in enumerate(zip(kinds, data, strict=True)):
        try:
            items.append(converter.structure(item, item_kind))
        except Exception as error:  # noqa: BLE001 - every problem is kept with its place
            error.__notes__ = [IterableValidationNote(f"@ [{index}]", index, item_kind)]
            errors.append(error)
    if errors:
        raise IterableValidationError("list", errors, kind)
    return frozenset(items) if typing.get_origin(kind) is frozenset else tuple(items)


def _tagged_class(name: str, choices: Mapping[str, type], data: object) -> type:
    if not isinstance(data, Mapping):
        raise _Said(f'expected {a(name)}: a table with a "type" key, got {shown(data)}')
    tag = data.get("type")
    names = sorted(choices)
    if tag is None:
        raise _Said(f"required: the {name}'s type, one of {quoted(names)}", ".type")
    if not isinstance(tag, str):
        raise _Said(f"expected the {name}'s type as text, got {shown(tag)}", ".type")
    if tag in choices:
        return choices[tag]
    other = registered().get(tag)
    kind = None if other is None else kind_of(other)
    if kind is not None:
        raise _Said(f'"{tag}" is {a(kind.name)}, not {a(name)}', ".type")
    raise _Said(
        f"unknown {name} type {shown(tag)}{suggest(tag, names)}; expected one of {quoted(names)}",
        ".type",
    )


def _table_hook(cls: type, converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    specs = fields_of(cls)
    star = next((spec.key for spec in specs if spec.star), None)
    builder: Any = cls
    if star is not None:

        def build(**arguments: Any) -> Any:
            return cls(*arguments.pop(star), **arguments)

        build.__qualname__ = cls.__qualname__
        build.built = cls  # type: ignore[attr-defined]
        builder = build
    # The annotations resolved, as fields_of() has them (the modules use future annotations).
    types = {spec.name: spec.type for spec in specs}
    fields = [field.evolve(type=types[field.name]) for field in attrs.fields(cls) if field.init]
    generated = make_dict_structure_fn_from_attrs(fields, builder, converter)

    def structure_table(data: object, kind: Any) -> Any:
        if not isinstance(data, Mapping):
            raise _Said(f"expected a table, got {shown(data)}")
        return generated(data, kind)

    return structure_table


# -- the error tree into the format's problems ------------------------------------------------


def _problems(error: BaseException, path: str, found: list[ConfigProblem]) -> None:
    if isinstance(error, ClassValidationError):
        _class_problems(error, path, found)
    elif isinstance(error, IterableValidationError):
        with_notes, _ = error.group_exceptions()
        for inner, note in with_notes:
            _problems(inner, f"{path}[{note.index}]", found)
    elif isinstance(error, _Said):
        where = path + error.below if path else error.below[1:]
        found.append(ConfigProblem(where, error.message, error.expected, error.got))
    elif isinstance(error, RecursionError):
        raise error  # detailed validation caught it as a field's error: the caller says it
    else:
        found.append(ConfigProblem(path, str(error)))


def _class_problems(error: ClassValidationError, path: str, found: list[ConfigProblem]) -> None:
    cls = getattr(error.cl, "built", error.cl)
    with_notes, without = error.group_exceptions()
    # Unknown keys first, as the document has them before what is missing.
    for inner in without:
        if isinstance(inner, ForbiddenExtraKeysError):
            _class_problem(inner, cls, path, found)
    for inner, note in with_notes:
        _field_problem(inner, note, path, found)
    for inner in without:
        if not isinstance(inner, ForbiddenExtraKeysError):
            _class_problem(inner, cls, path, found)


def _field_problem(
    error: BaseException, note: AttributeValidationNote, path: str, found: list[ConfigProblem]
) -> None:
    where = child(path, note.name)
    if isinstance(error, KeyError):
        found.append(ConfigProblem(where, f"required: {describe(note.type)}"))
    else:
        _problems(error, where, found)


def _class_problem(error: BaseException, cls: type, path: str, found: list[ConfigProblem]) -> None:
    if isinstance(error, ForbiddenExtraKeysError):
        tagged = kind_of(cls) is not None or cls in EVENT_TAGS.values()
        known = (["type"] if tagged else []) + [s.key for s in fields_of(cls)]
        known += ["version"] if cls is Cadence else []  # read apart, before the rest
        takes = quoted(known) if known != ["type"] else 'no key other than "type"'
        for key in sorted(error.extra_fields):
            message = f"unknown key{suggest(key, known)}; {cls.__name__} takes {takes}"
            found.append(ConfigProblem(child(path, key), message))
        return
    problem = error.problem if isinstance(error, CadenceError) else None
    if (
        problem is not None
        and problem.where
        and problem.where[0].name in {base.__name__ for base in cls.__mro__}
    ):
        place = problem.where[0]
        keys = {spec.name: spec.key for spec in fields_of(cls)}
        where = child(path, keys[place.field]) if place.field in keys else path
        where += "".join(f"[{position}]" for position in place.index)
        rest = str(attrs.evolve(problem, where=problem.where[1:]))
        found.append(ConfigProblem(where, rest, problem.expected, problem.got))
        return
    attribute = error.args[1] if len(error.args) > 1 else None
    if isinstance(attribute, attrs.Attribute):  # attrs' own validators say the field
        found.append(
            ConfigProblem(child(path, attribute.alias or attribute.name), str(error.args[0]))
        )
        return
    found.append(ConfigProblem(path, str(error)))


def _structure(data: object, kind: Any, path: str = "") -> Any:
    problems: list[ConfigProblem] = []
    try:
        value = CONVERTER.structure(data, kind)
    except RecursionError:
        raise ConfigError([("", "the data is nested too deeply")]) from None
    except Exception as error:  # noqa: BLE001 - every problem is reported with its path
        try:
            _problems(error, path, problems)
        except RecursionError:
            raise ConfigError([("", "the data is nested too deeply")]) from None
        raise ConfigError(problems) from None
    return value


# -- the documents -----------------------------------------------------------------------------


def decode(kind: type, data: object) -> Any:
    """Read ``data`` as a ``kind``."""
    return _structure(data, kind)


def cadence_from_dict(data: object) -> Cadence:
    """Build a cadence from plain data."""
    if not isinstance(data, Mapping):
        raise ConfigError([("", f"expected a table with a cadence, got {shown(data)}")])
    problems: list[ConfigProblem] = []
    version = data.get("version")
    if "version" not in data:
        problems.append(
            ConfigProblem("version", f"required: the format's version, {FORMAT_VERSION}")
        )
    elif type(version) is not int or version != FORMAT_VERSION:
        problems.append(
            ConfigProblem(
                "version",
                f"expected the whole number {FORMAT_VERSION}, the version this release reads, "
                f"got {shown(version)}",
            )
        )
    rest = {key: value for key, value in data.items() if key != "version"}
    try:
        value = _structure(rest, Cadence)
    except ConfigError as error:
        raise ConfigError(problems + error.problems) from None
    if problems:
        raise ConfigError(problems)
    return typing.cast("Cadence", value)


def _event(data: object, path: str) -> Event:
    try:
        cls = _tagged_class("event", EVENT_TAGS, data)
    except _Said as said:
        raise ConfigError([(path + said.below if path else said.below[1:], said.message)]) from None
    rest = {key: value for key, value in data.items() if key != "type"}  # type: ignore[attr-defined]
    return typing.cast("Event", _structure(rest, cls, path))


def history_from_list(data: object, *, path: str = "") -> list[Event]:
    """Read a lead's history from a list of tables."""
    if not isinstance(path, str):
        raise InvalidTypeError(f"path: expected the list's place as text, got {path!r}")
    if not isinstance(data, list | tuple):
        raise ConfigError([(path, f"expected a list of events, got {shown(data)}")])
    events, problems = [], []
    for index, item in enumerate(data):
        try:
            events.append(_event(item, f"{path}[{index}]"))
        except ConfigError as error:
            problems.extend(error.problems)
    if problems:
        raise ConfigError(problems)
    return events


def event_from_row(data: object, path: str) -> Event:
    """Read one event of a history at ``path``."""
    return _event(data, path)


def lead_from_dict(data: object) -> Lead:
    """Read a lead from a table."""
    return typing.cast("Lead", decode(Lead, data))


def event_from_dict(kind: type[Event], data: object) -> Event:
    """Read a touch or a milestone; its ``type`` key is optional but must match."""
    tag = next(tag for tag, cls in EVENT_TAGS.items() if cls is kind)
    if isinstance(data, Mapping) and "type" not in data:
        data = {"type": tag, **data}
    try:
        _tagged_class(tag, {tag: kind}, data)
    except _Said as said:
        raise ConfigError([(said.below[1:], said.message)]) from None
    return typing.cast("Event", decode(kind, {k: v for k, v in data.items() if k != "type"}))  # type: ignore[union-attr]


# -- writing -----------------------------------------------------------------------------------


def _order(value: object) -> tuple[int, Any]:
    if isinstance(value, enum.Enum):
        return (0, list(type(value)).index(value))
    return (1, json.dumps(CONVERTER.unstructure(value), sort_keys=True, default=str))


def _tag(cls: type) -> str | None:
    for tag, event in EVENT_TAGS.items():
        if cls is event:
            return tag
    if kind_of(cls) is None:
        return None
    tag = tag_of(cls)
    if tag is not None:
        return tag
    if cls in PLANNER_ONLY:
        raise InvalidValueError(
            f"{cls.__name__}: the planner applies it to every cadence by itself; "
            "leave it out of the cadence"
        )
    raise InvalidTypeError(
        f"cannot write the rule {cls.__module__}.{cls.__qualname__} as data: it has no type "
        f"tag; give it one with cadence.config.register({cls.__name__}, tag=...)"
    )


def _unstructure_hooks(converter: cattrs.Converter) -> None:
    def leaf_writer(cls: type) -> Callable[[Any], Any]:
        for base in cls.__mro__:
            leaf = leaf_of(base)
            if leaf is not None:
                return leaf.write
        raise AssertionError(cls)  # pragma: no cover

    def has_leaf(cls: Any) -> bool:
        return isinstance(cls, type) and any(leaf_of(base) is not None for base in cls.__mro__)

    def table_writer(cls: type) -> Callable[[Any], Any]:
        omitted = {
            spec.name: override(omit_if_default=True)
            for spec in fields_of(cls)
            if spec.default is None
        }
        attrs.resolve_types(cls)  # the generated function reads the field types
        generated = make_dict_unstructure_fn(cls, converter, **omitted)

        def write(value: Any) -> dict[str, Any]:
            tag = _tag(type(value))
            data = generated(value)
            return {"type": tag, **data} if tag is not None else data

        return write

    def base(cls: Any) -> Any:
        return typing.get_origin(cls) or cls

    for kind in LEAVES:
        converter.register_unstructure_hook(kind, leaf_writer(kind))
    converter.register_unstructure_hook_factory(has_leaf, leaf_writer)
    converter.register_unstructure_hook_func(
        lambda cls: isinstance(base(cls), type) and issubclass(base(cls), frozenset | set),
        lambda values: [converter.unstructure(item) for item in sorted(values, key=_order)],
    )
    converter.register_unstructure_hook_func(
        lambda cls: (
            isinstance(base(cls), type)
            and issubclass(base(cls), tuple | list)
            and not attrs.has(cls)
        ),
        lambda values: [converter.unstructure(item) for item in values],
    )
    converter.register_unstructure_hook_factory(
        lambda cls: isinstance(cls, type) and attrs.has(cls), table_writer
    )
    # A field annotated with a kind (Rhythm) holds a rule of some class: write it as that.
    converter.register_unstructure_hook_func(
        lambda cls: _is_family(cls) and not attrs.has(cls),
        lambda value: converter.unstructure(value, unstructure_as=type(value)),
    )


def encode(value: object) -> Any:
    """Any value of the library as plain data."""
    if value is not None and not attrs.has(type(value)) and not _writable(type(value)):
        raise InvalidTypeError(f"cannot write {value!r} as data")
    return CONVERTER.unstructure(value)


@functools.cache
def _writable(cls: type) -> bool:
    return any(leaf_of(base) is not None for base in cls.__mro__) or issubclass(
        cls, tuple | list | frozenset | set
    )


def cadence_to_dict(value: Cadence) -> dict[str, Any]:
    """A cadence as plain data, with ``version`` first."""
    return {"version": FORMAT_VERSION, **CONVERTER.unstructure(value)}


def history_to_list(history: Iterable[Event]) -> list[dict[str, Any]]:
    """A lead's history as a list of tables."""
    if not isinstance(history, Iterable):
        raise InvalidTypeError(f"history: expected an iterable of events, got {history!r}")
    listed = []
    for position, event in enumerate(history):
        if not isinstance(event, Touch | Milestone):
            raise InvalidTypeError(
                f"history[{position}]: expected a Touch or a Milestone, got {event!r}"
            )
        listed.append(CONVERTER.unstructure(event))
    return listed


CONVERTER = _converter()
