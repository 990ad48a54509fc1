"""The JSON Schema of the configuration format, built from the same tables as reading."""

from __future__ import annotations

import contextlib
import inspect
import typing
from typing import Any, Literal

import attrs

from cadence.cadence import Cadence
from cadence.config.errors import UnsupportedTypeError
from cadence.config.fields import FieldSpec, fields_of, union_members
from cadence.config.leaves import leaf_of
from cadence.config.registry import EVENT_TAGS, FORMAT_VERSION, family, kind_of, tag_of
from cadence.config.writing import encode
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.lead import Lead
from cadence.team import Rep

__all__ = ["json_schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Document = Literal["cadence", "lead", "history", "team"]
_DOCUMENTS: tuple[Document, ...] = ("cadence", "lead", "history", "team")
_EVENT_TAGS = {cls: tag for tag, cls in EVENT_TAGS.items()}


def _definition_name(cls: type) -> str:
    """The name of a table's definition: a rule's or an event's tag, else its class's name.

    Only the schema's own ``$defs`` use it; a class's name is CamelCase, so it never takes
    the name of a type tag, which is snake case.
    """
    return tag_of(cls) or _EVENT_TAGS.get(cls) or cls.__name__


def _summary(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return doc.split("\n\n", 1)[0].replace("\n", " ")


class _Builder:
    def __init__(self) -> None:
        self.definitions: dict[str, Any] = {}

    def reference(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def of(self, kind: Any, where: str) -> dict[str, Any]:
        members = union_members(kind)
        if members is not None:
            options = [self.of(member, where) for member in members if member is not type(None)]
            if len(options) < len(members):
                options.append({"type": "null"})
            return options[0] if len(options) == 1 else {"anyOf": options}
        if typing.get_origin(kind) in {tuple, frozenset}:
            return self.array(kind, where)
        leaf = leaf_of(kind)
        if leaf is not None:
            return dict(leaf.schema)
        if isinstance(kind, type):
            found = family(kind)
            if found is not None:
                choices = found[1]
                if len(choices) == 1:
                    [(tag, cls)] = choices.items()
                    return self.table(cls, tag=tag)
                rule_kind = kind_of(kind)
                name = (
                    rule_kind.schema_name
                    if rule_kind is not None and rule_kind.base is kind
                    else _definition_name(kind) + "s"
                )
                return self.family(name, kind.__name__, _summary(kind), dict(choices))
            if attrs.has(kind):
                return self.table(kind, tag=None)
        raise UnsupportedTypeError(f"{where}: configuration cannot represent {kind!r}")

    def array(self, kind: Any, where: str) -> dict[str, Any]:
        arguments = typing.get_args(kind)
        if typing.get_origin(kind) is frozenset:
            return {"type": "array", "items": self.of(arguments[0], where), "uniqueItems": True}
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return {"type": "array", "items": self.of(arguments[0], where)}
        return {
            "type": "array",
            "prefixItems": [self.of(argument, where) for argument in arguments],
            "minItems": len(arguments),
            "maxItems": len(arguments),
            "items": False,
        }

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
        name = tag or _definition_name(cls)
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

    Built from the rules themselves, so it describes every registered rule, the built-in
    ones and those registered with :func:`register`: a CRM's admin form can validate a
    cadence before saving it. The schema checks the shape (keys, types, tags, clock times,
    bounds); :meth:`Cadence.from_dict <cadence.Cadence.from_dict>` also checks what a
    schema cannot say, such as a window that closes before it opens.

    Args:
        document: Which document: ``"cadence"`` (a cadence file), ``"lead"`` (a lead file),
            ``"history"`` (a list of events) or ``"team"`` (a team's reps).

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
    builder = _Builder()
    if document == "cadence":
        version = {"version": {"const": FORMAT_VERSION, "description": "The format's version."}}
        root = builder.describe(Cadence, None, version)
        title = "cadence"
    elif document == "lead":
        root = builder.describe(Lead, None)
        title = "cadence lead"
    elif document == "team":
        reps = {
            "type": "array",
            "items": builder.describe(Rep, None),
            "minItems": 1,
            "description": "The team's reps (or sending mailboxes).",
        }
        root = {
            "type": "object",
            "properties": {"reps": reps},
            "required": ["reps"],
            "additionalProperties": False,
            "description": "A team: the reps that a schedule books its leads' touches with.",
        }
        title = "cadence team"
    else:
        event = builder.family(
            "event", "Event", "A touch or a milestone in a lead's history.", dict(EVENT_TAGS)
        )
        root = {"type": "array", "items": event, "description": "A lead's history, in any order."}
        title = "cadence history"
    return {"$schema": DRAFT, **root, "title": title, "$defs": builder.definitions}
