"""Plain data into values, recording every problem with its path instead of stopping.

Each annotation gets its reader once (:func:`reader_for`, cached): a leaf's entry of
:mod:`cadence.config.leaves`, a list, an optional value, a table of an attrs class, or a
table tagged with a registered rule's ``type``. Reading a document then runs those readers
and nothing else: no annotation is looked at twice.

A class's own refusal (its validators, its ``__init__``) arrives as a
:class:`~cadence.errors.CadenceError` whose :class:`~cadence.errors.Problem` says where:
the field it names becomes the document path of that field, and its index the path of the
item. No message is ever read back.

The codec is written by hand rather than on cattrs; :mod:`cadence.config.codec` says why.

It is longer than 400 lines: its readers call one another through :func:`reader_for` (a
list reads its items, a union its members), so splitting them would make an import cycle.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from typing import Any, Final, TypeAlias

import attrs

from cadence.config.errors import ConfigError, ConfigProblem, UnsupportedTypeError, child, shown
from cadence.config.fields import FieldSpec, fields_of, union_members
from cadence.config.leaves import Leaf, Refused, leaf_of
from cadence.config.registry import family, kind_of, registered
from cadence.config.wording import a, describe, plural, quoted, suggest
from cadence.errors import CadenceError

__all__ = [
    "INVALID",
    "Problems",
    "Read",
    "read_all",
    "read_choice",
    "reader_for",
    "table_reader",
]


class _Invalid:
    """Marks a value that could not be read; its problem is already recorded."""

    __slots__ = ()


INVALID: Final = _Invalid()

Problems: TypeAlias = list[ConfigProblem]
Read: TypeAlias = Callable[[object, str, Problems], Any]
"""A reader: ``(data, path, problems)`` to a value, or :data:`INVALID` with its problems."""

_REFUSALS: Final = (CadenceError, ValueError, TypeError, OverflowError)


def _expected(problems: Problems, path: str, kind: Any, data: object) -> _Invalid:
    expected = describe(kind)
    problems.append(
        ConfigProblem(path, f"expected {expected}, got {shown(data)}", expected, shown(data))
    )
    return INVALID


def _problem(problems: Problems, path: str, message: str) -> _Invalid:
    problems.append(ConfigProblem(path, message))
    return INVALID


# -- readers, one per annotation ------------------------------------------------------------


@functools.cache
def reader_for(kind: Any) -> Read:  # noqa: PLR0911 - one reader per kind of annotation
    """The reader of values annotated ``kind``, built once.

    Raises:
        UnsupportedTypeError: for an annotation configuration cannot represent.
    """
    members = union_members(kind)
    if members is not None:
        return _union_reader(kind, members)
    origin = typing.get_origin(kind)
    arguments = typing.get_args(kind)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return _list_reader(arguments[0], tuple)
        return _fixed_reader(arguments)
    if origin is frozenset:
        return _list_reader(arguments[0], frozenset)
    leaf = leaf_of(kind)
    if leaf is not None:
        return _leaf_reader(leaf)
    if isinstance(kind, type):
        if family(kind) is not None:
            return functools.partial(_read_tagged, kind)
        if attrs.has(kind):
            return table_reader(kind).read
    raise UnsupportedTypeError(f"configuration cannot represent {kind!r}")


def _leaf_reader(leaf: Leaf) -> Read:
    read = leaf.read

    def read_leaf(data: object, path: str, problems: Problems) -> Any:
        value = read(data)
        if type(value) is Refused:
            problems.append(ConfigProblem(path, value.message, value.expected, value.got))
            return INVALID
        return value

    return read_leaf


def _list_reader(item: Any, build: Callable[[list[Any]], Any]) -> Read:
    read_item = reader_for(item)
    items_are = plural(item)

    def read_list(data: object, path: str, problems: Problems) -> Any:
        if type(data) is not list and not isinstance(data, list | tuple):
            return _problem(problems, path, f"expected a list of {items_are}, got {shown(data)}")
        before = len(problems)  # a reader that gives INVALID records a problem
        items = [read_item(value, f"{path}[{index}]", problems) for index, value in enumerate(data)]
        return INVALID if len(problems) > before else build(items)

    return read_list


def _fixed_reader(arguments: tuple[Any, ...]) -> Read:
    readers = [reader_for(argument) for argument in arguments]

    def read_fixed(data: object, path: str, problems: Problems) -> Any:
        if not isinstance(data, list | tuple) or len(data) != len(readers):
            message = f"expected a list of {len(readers)} items, got {shown(data)}"
            return _problem(problems, path, message)
        items = [
            read(value, f"{path}[{index}]", problems)
            for index, (read, value) in enumerate(zip(readers, data, strict=True))
        ]
        return INVALID if any(value is INVALID for value in items) else tuple(items)

    return read_fixed


def _union_reader(kind: Any, members: tuple[Any, ...]) -> Read:
    options = tuple(member for member in members if member is not type(None))
    optional = len(options) < len(members)
    if all(isinstance(option, type) and family(option) is not None for option in options):
        return _families_reader(options, optional=optional)
    if len(options) == 1:
        return _optional_reader(options[0])
    return _any_reader(kind, options, optional=optional)


def _families_reader(options: tuple[type, ...], *, optional: bool) -> Read:
    def read_families(data: object, path: str, problems: Problems) -> Any:
        if data is None and optional:
            return None
        return _read_tagged(options, data, path, problems)

    return read_families


def _optional_reader(option: Any) -> Read:
    read_one = reader_for(option)

    def read_optional(data: object, path: str, problems: Problems) -> Any:
        if data is None:
            return None
        return read_one(data, path, problems)

    return read_optional


def _any_reader(kind: Any, options: tuple[Any, ...], *, optional: bool) -> Read:
    readers = [reader_for(option) for option in options]
    # The keys of each option that is a table (an attrs class): a table whose keys only one
    # of them takes is that one, and its own problems say what is wrong with it.
    keys = [
        frozenset(spec.key for spec in fields_of(option))
        if isinstance(option, type) and attrs.has(option)
        else None
        for option in options
    ]

    def read_any(data: object, path: str, problems: Problems) -> Any:
        if data is None and optional:
            return None
        tried: list[Problems] = []
        for read in readers:
            found_problems: Problems = []
            found = read(data, path, found_problems)
            if found is not INVALID:
                return found
            tried.append(found_problems)
        if isinstance(data, Mapping) and data:
            given = set(data)
            taking = [index for index, known in enumerate(keys) if known and given <= known]
            if len(taking) == 1:
                problems.extend(tried[taking[0]])
                return INVALID
        return _expected(problems, path, kind, data)

    return read_any


# -- tagged tables --------------------------------------------------------------------------


def _choices(bases: type | tuple[type, ...]) -> tuple[str, Mapping[str, type]]:
    found = [family(base) for base in (bases if isinstance(bases, tuple) else (bases,))]
    if len(found) == 1:
        return found[0]  # type: ignore[return-value]
    merged: dict[str, type] = {}
    for pair in found:
        merged.update(pair[1])  # type: ignore[index]
    return " or ".join(pair[0] for pair in found), merged  # type: ignore[index]


def _read_tagged(
    bases: type | tuple[type, ...], data: object, path: str, problems: Problems
) -> Any:
    """Read a table whose ``type`` tag picks the class among the classes of ``bases``."""
    found = family(bases) if isinstance(bases, type) else _choices(bases)
    name, choices = found  # type: ignore[misc]
    return read_choice(name, choices, data, path, problems)


def read_choice(
    name: str, choices: Mapping[str, type], data: object, path: str, problems: Problems
) -> Any:
    """Read a table whose ``type`` tag picks its class among ``choices`` (of kind ``name``)."""
    tag = data.get("type") if type(data) is dict or isinstance(data, Mapping) else None
    cls = choices.get(tag) if isinstance(tag, str) else None
    if cls is None:
        return _unknown_tag(name, choices, data, path, problems)
    return table_reader(cls, tagged=True).read(data, path, problems)


def _unknown_tag(
    name: str, choices: Mapping[str, type], data: object, path: str, problems: Problems
) -> _Invalid:
    if not isinstance(data, Mapping):
        message = f'expected {a(name)}: a table with a "type" key, got {shown(data)}'
        return _problem(problems, path, message)
    tag = data.get("type")
    where = child(path, "type")
    names = sorted(choices)
    if tag is None:
        return _problem(problems, where, f"required: the {name}'s type, one of {quoted(names)}")
    if not isinstance(tag, str):
        return _problem(problems, where, f"expected the {name}'s type as text, got {shown(tag)}")
    other = registered().get(tag)
    kind = None if other is None else kind_of(other)
    if kind is not None:
        return _problem(problems, where, f'"{tag}" is {a(kind.name)}, not {a(name)}')
    message = (
        f"unknown {name} type {shown(tag)}{suggest(tag, names)}; expected one of {quoted(names)}"
    )
    return _problem(problems, where, message)


# -- tables of attrs classes ----------------------------------------------------------------


@attrs.frozen
class _Key:
    """One key of a table, with everything its reading needs, found once."""

    spec: FieldSpec
    suffix: str
    required: str | None  # the "required: ..." message, for a key that must be given

    def path(self, path: str) -> str:
        return path + self.suffix if path else self.spec.key


class _TableReader:
    """Reads a table of one attrs class's fields and builds the value, or records why not."""

    def __init__(self, cls: type, *, tagged: bool, extra: tuple[str, ...]) -> None:
        self.cls = cls
        specs = fields_of(cls)
        self.known = frozenset((["type"] if tagged else []) + [s.key for s in specs] + [*extra])
        self._known_order = (["type"] if tagged else []) + [s.key for s in specs] + [*extra]
        self.specs = specs
        self.star = next((spec.key for spec in specs if spec.star), None)
        self.owners = frozenset(base.__name__ for base in cls.__mro__)
        self.keys_by_name = {spec.name: spec.key for spec in specs}
        self._keys: list[tuple[_Key, Read]] | None = None

    @property
    def keys(self) -> list[tuple[_Key, Read]]:
        # Built on first use: a class may hold values of its own kind (a chain of rhythms).
        if self._keys is None:
            self._keys = [
                (
                    _Key(
                        spec,
                        child("x", spec.key)[1:],
                        None if not spec.required else f"required: {describe(spec.type)}",
                    ),
                    self._field_reader(spec),
                )
                for spec in self.specs
            ]
        return self._keys

    def _field_reader(self, spec: FieldSpec) -> Read:
        try:
            return reader_for(spec.type)
        except UnsupportedTypeError as error:
            raise UnsupportedTypeError(f"{self.cls.__name__}.{spec.name}: {error}") from None

    def read(self, data: object, path: str, problems: Problems) -> Any:
        """The value ``data`` holds, or :data:`INVALID` with every problem recorded."""
        if type(data) is not dict and not isinstance(data, Mapping):
            return _problem(problems, path, f"expected a table, got {shown(data)}")
        unknown = [key for key in data if key not in self.known]
        for key in unknown:
            self._unknown_key(key, path, problems)
        failed = False
        arguments: dict[str, Any] = {}
        for key, read in self.keys:
            name = key.spec.key
            if name not in data:
                if key.required is not None:
                    problems.append(ConfigProblem(key.path(path), key.required))
                    failed = True
                continue
            found = read(data[name], key.path(path), problems)
            if found is INVALID:
                failed = True
            else:
                arguments[name] = found
        if failed:
            self._check_fields(arguments, path, problems)
            return INVALID
        # Built even with unknown keys, to report what the class itself refuses too.
        built = self._build(arguments, path, problems)
        return INVALID if unknown else built

    def _unknown_key(self, key: object, path: str, problems: Problems) -> None:
        shown_key = key if isinstance(key, str) else repr(key)
        order = self._known_order
        takes = quoted(order) if order != ["type"] else 'no key other than "type"'
        message = f"unknown key{suggest(shown_key, order)}; {self.cls.__name__} takes {takes}"
        problems.append(ConfigProblem(child(path, shown_key), message))

    def _build(self, arguments: dict[str, Any], path: str, problems: Problems) -> Any:
        try:
            if self.star is not None:
                return self.cls(*arguments.pop(self.star), **arguments)
            return self.cls(**arguments)
        except _REFUSALS as error:
            return self._refused(error, path, problems)

    def _check_fields(self, arguments: dict[str, Any], path: str, problems: Problems) -> None:
        """Run the validators of the fields that were read, when the whole cannot be built."""
        stub: object = object.__new__(self.cls)  # validators only use it to name its class
        fields = {field.name: field for field in attrs.fields(self.cls)}
        for spec in self.specs:
            if spec.key not in arguments or spec.star:
                continue
            field = fields[spec.name]
            value = arguments[spec.key]
            try:
                if callable(field.converter):
                    value = field.converter(value)
                if field.validator is not None:
                    field.validator(stub, field, value)
            except _REFUSALS as error:
                self._refused(error, path, problems)
            except Exception:  # noqa: BLE001, S112 - a validator that needs the whole value
                continue

    def _refused(self, error: Exception, path: str, problems: Problems) -> _Invalid:
        """Record what the class refused, at the path of the field its problem names."""
        problem = error.problem if isinstance(error, CadenceError) else None
        if problem is not None and problem.where and problem.where[0].name in self.owners:
            place = problem.where[0]
            where = path
            if place.field in self.keys_by_name:
                where = child(path, self.keys_by_name[place.field])
            where += "".join(f"[{position}]" for position in place.index)
            rest = str(attrs.evolve(problem, where=problem.where[1:]))
            problems.append(ConfigProblem(where, rest, problem.expected, problem.got))
            return INVALID
        attribute = error.args[1] if len(error.args) > 1 else None
        if isinstance(attribute, attrs.Attribute) and attribute.name in self.keys_by_name:
            # attrs' own validators (instance_of, in_) say which field in their arguments.
            where = child(path, self.keys_by_name[attribute.name])
            return _problem(problems, where, str(error.args[0]))
        return _problem(problems, path, str(error))


@functools.cache
def table_reader(cls: type, *, tagged: bool = False, extra: tuple[str, ...] = ()) -> _TableReader:
    """The reader of tables of ``cls``'s fields (and ``type`` if ``tagged``, and ``extra``)."""
    return _TableReader(cls, tagged=tagged, extra=extra)


def read_all(read: Callable[[Problems], Any]) -> Any:
    """Run ``read`` with a fresh list of problems; raise them all, or return its value."""
    problems: Problems = []
    try:
        value = read(problems)
    except RecursionError:
        raise ConfigError([("", "the data is nested too deeply")]) from None
    if problems:
        raise ConfigError(problems)
    return value
