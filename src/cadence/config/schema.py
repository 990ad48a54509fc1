"""The JSON Schema of the configuration format, built by the same introspection as the codec."""

from __future__ import annotations

import contextlib
import enum
import inspect
import typing
from datetime import date, datetime, time
from typing import Any, Literal

import attrs

from cadence.config.codec import (
    EVENT_TYPES,
    FORMAT_VERSION,
    MAX_NUMBER,
    SPAN_EXAMPLE,
    FieldSpec,
    UnsupportedTypeError,
    _family,
    _union_members,
    encode,
    fields_of,
    rule_types,
    type_tag,
)
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.span import Span
from cadence.weekday import Weekday

__all__ = ["json_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

_DATETIME = r"^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?)?$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
_DAY_NAMES = [day.name.lower() for day in Weekday] + [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]

Document = Literal["cadence", "lead", "history"]
_DOCUMENTS: tuple[Document, ...] = ("cadence", "lead", "history")


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ")


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def reference(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def of(self, kind: Any, where: str) -> dict[str, Any]:  # noqa: C901, PLR0911, PLR0912
        members = _union_members(kind)
        if members is not None:
            options = [self.of(member, where) for member in members if member is not type(None)]
            if len(options) < len(members):
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        origin = typing.get_origin(kind)
        arguments = typing.get_args(kind)
        if origin is tuple:
            if len(arguments) == 2 and arguments[1] is Ellipsis:
                return {"type": "array", "items": self.of(arguments[0], where)}
            return {
                "type": "array",
                "prefixItems": [self.of(argument, where) for argument in arguments],
                "minItems": len(arguments),
                "maxItems": len(arguments),
                "items": False,
            }
        if origin in {frozenset, set}:
            return {"type": "array", "items": self.of(arguments[0], where), "uniqueItems": True}
        if not isinstance(kind, type):
            raise UnsupportedTypeError(f"{where}: configuration cannot represent {kind!r}")
        if kind is Span:
            return {
                "type": "string",
                "minLength": 1,
                "description": f"{SPAN_EXAMPLE}: ISO 8601 or friendly text",
                "examples": ["PT5M", "P2D", "5 minutes", "1 week"],
            }
        if kind is bool:
            return {"type": "boolean"}
        if kind is int:
            return {"type": "integer", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
        if kind is float:
            return {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
        if kind is str:
            return {"type": "string"}
        if kind is time:
            return {"type": "string", "pattern": _CLOCK, "examples": ["09:00", "17:30"]}
        if kind is datetime:
            # Not "format": "date-time": a moment of local time (a blackout) has no offset.
            return {"type": "string", "pattern": _DATETIME}
        if kind is date:
            return {"type": "string", "format": "date", "pattern": _DATE}
        if kind is Weekday:
            return {"type": "string", "enum": _DAY_NAMES}
        if issubclass(kind, enum.Enum):
            return {"type": "string", "enum": [encode(member) for member in kind]}
        family = _family(kind)
        if family is not None:
            if len(family[1]) == 1:
                [(tag, cls)] = family[1].items()
                return self.table(cls, tag=tag)
            name = type_tag(kind) + "s"
            return self.family(name, kind.__name__, _summary(kind), family[1])
        if attrs.has(kind):
            return self.table(kind, tag=None)
        raise UnsupportedTypeError(f"{where}: configuration cannot represent {kind!r}")

    def family(
        self, name: str, title: str, description: str, choices: dict[str, type]
    ) -> dict[str, Any]:
        if name not in self.definitions:
            self.definitions[name] = {}  # reserve: families nest inside themselves
            self.definitions[name] = {
                "title": title,
                "description": description,
                "oneOf": [self.table(cls, tag=tag) for tag, cls in sorted(choices.items())],
            }
        return self.reference(name)

    def table(self, cls: type, tag: str | None) -> dict[str, Any]:
        name = tag or type_tag(cls)
        if name not in self.definitions:
            self.definitions[name] = {}
            self.definitions[name] = self.describe(cls, tag)
        return self.reference(name)

    def describe(
        self, cls: type, tag: str | None, extra: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        if tag is not None:
            properties["type"] = {"const": tag}
            required.append("type")
        properties.update(extra or {})
        required.extend(extra or {})
        for spec in fields_of(cls):
            properties[spec.key] = self.field(cls, spec)
            if spec.required:
                required.append(spec.key)
        return {
            "title": cls.__name__,
            "description": _summary(cls),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }

    def field(self, cls: type, spec: FieldSpec) -> dict[str, Any]:
        schema = dict(self.of(spec.type, f"{cls.__name__}.{spec.name}"))
        if spec.minimum is not None and schema.get("type") == "integer":
            schema["minimum"] = spec.minimum
        if spec.star and schema.get("type") == "array":
            schema["minItems"] = 1
        if spec.description:
            schema["description"] = spec.description
        if not spec.required and spec.default is not None:
            with contextlib.suppress(CadenceError):  # a default we cannot write is left out
                schema["default"] = encode(spec.default)
        return schema


def json_schema(document: Document = "cadence") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the configuration format.

    Built from the rules themselves, so it describes every rule :mod:`cadence.rules`
    exports: a CRM's admin form can validate a cadence before saving it. The schema checks
    the shape (keys, types, tags, clock times, bounds); :meth:`Cadence.from_dict
    <cadence.Cadence.from_dict>` also checks what a schema cannot say, such as a window
    that closes before it opens.

    Args:
        document: Which document: ``"cadence"`` (a cadence file), ``"lead"`` (a lead file)
            or ``"history"`` (a list of events).

    Returns:
        The schema, as plain data ready for :func:`json.dumps`.

    Raises:
        InvalidTypeError: if ``document`` is not text.
        InvalidValueError: if it names no document.
    """
    expected = "expected one of " + ", ".join(f'"{name}"' for name in _DOCUMENTS)
    if not isinstance(document, str):
        raise InvalidTypeError(f"document: {expected}, got {document!r}")
    if document not in _DOCUMENTS:
        raise InvalidValueError(f"document: {expected}, got {document!r}")
    from cadence.cadence import Cadence  # noqa: PLC0415 - keep the import graph one-way
    from cadence.lead import Lead  # noqa: PLC0415

    builder = _Builder()
    rule_types()  # resolve the registry first, so that an unsupported rule fails here
    if document == "cadence":
        version = {"version": {"const": FORMAT_VERSION, "description": "The format's version."}}
        root = builder.describe(Cadence, None, version)
        title = "cadence"
    elif document == "lead":
        root = builder.describe(Lead, None)
        title = "cadence lead"
    else:
        event = builder.family(
            "event", "Event", "A touch or a milestone in a lead's history.", EVENT_TYPES
        )
        root = {"type": "array", "items": event, "description": "A lead's history, in any order."}
        title = "cadence history"
    return {"$schema": DRAFT, **root, "title": title, "$defs": builder.definitions}
