"""The keys of a value's table, found once per class from its attrs fields and annotations.

A value is written as a table with one key per ``__init__`` argument, each written according
to the field's annotation. The classes whose ``__init__`` takes ``*args``
(``DayOffsets(*days)``, ``Every(*gaps)``, the combinators) are found from their signature:
the star argument is written under the name of the field it fills.
"""

from __future__ import annotations

import functools
import inspect
import re
import types
import typing
from typing import Any, Final

import attrs

from cadence import _convert as cv
from cadence.config.errors import UnsupportedTypeError

__all__ = ["FieldSpec", "fields_of", "union_members"]

_ARGUMENT: Final = re.compile(r"^ {4}\*{0,2}(\w+)(?: \([^)]*\))?: (.*)$")


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
    """The descriptions of the ``Args:`` section of a class docstring, by argument.

    This reads docstrings (written for people), never error messages.
    """
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
        entry = _ARGUMENT.match(line)
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


def union_members(kind: Any) -> tuple[Any, ...] | None:
    """The members of a union annotation (``X | None``), or None for any other."""
    if typing.get_origin(kind) in {types.UnionType, typing.Union}:
        return typing.get_args(kind)
    return None
