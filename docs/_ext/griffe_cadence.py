"""Griffe extensions for the API reference: attrs signatures and Sphinx-style roles.

The API reference is built by static analysis, which does not run attrs' class decorators,
so without :class:`AttrsInit` an attrs class would be documented as taking no arguments.
The docstrings use Sphinx roles (``:class:`Lead` ``) and ``::`` before examples, which
:class:`SphinxRoles` turns into Markdown inline code and a plain colon.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import attrs
from griffe import (
    Attribute,
    Class,
    Expr,
    ExprCall,
    ExprKeyword,
    Extension,
    Function,
    Module,
    Object,
    Parameter,
    ParameterKind,
    Parameters,
)

_ATTRS_DECORATORS = {"attrs.frozen", "attrs.define", "attrs.mutable", "attr.s", "attr.attrs"}


def _keywords(expression: object) -> dict[str, str | Expr]:
    if not isinstance(expression, ExprCall):
        return {}
    return {
        argument.name: argument.value
        for argument in expression.arguments
        if isinstance(argument, ExprKeyword)
    }


def _attrs_decorator(cls: Class) -> Expr | str | None:
    for decorator in cls.decorators:
        value = decorator.value
        path = value.canonical_path if isinstance(value, Expr) else str(value)
        if path in _ATTRS_DECORATORS:
            return value
    return None


def _factory_default(attribute: Attribute, factory: str | Expr) -> str:
    """The repr of what a field's factory makes (reprs read like code), else ``factory()``."""
    cls = attribute.parent
    fallback = f"{factory}()"
    if not isinstance(cls, Class):
        return fallback
    try:
        runtime = getattr(importlib.import_module(cls.module.path), cls.name)
        default = attrs.fields_dict(runtime)[attribute.name].default
    except (ImportError, AttributeError, KeyError, TypeError):
        return fallback
    make = getattr(default, "factory", None)
    if not callable(make) or getattr(default, "takes_self", False):
        return fallback
    return repr(make())


def _parameter(attribute: Attribute) -> Parameter | None:
    value = attribute.value
    is_field = isinstance(value, ExprCall) and value.canonical_path in {
        "attrs.field",
        "attr.ib",
    }
    options = _keywords(value) if is_field else {}
    if str(options.get("init", "True")) == "False":
        return None
    default: str | Expr | None
    if "default" in options:
        default = options["default"]
    elif "factory" in options:
        default = _factory_default(attribute, options["factory"])
    else:
        default = None if is_field else value
    kind = (
        ParameterKind.keyword_only
        if str(options.get("kw_only", "False")) == "True"
        else ParameterKind.positional_or_keyword
    )
    name = str(options.get("alias", attribute.name.lstrip("_"))).strip("'\"")
    return Parameter(
        name, annotation=attribute.annotation, kind=kind, default=default, docstring=None
    )


def _add_init(cls: Class) -> None:
    decorator = _attrs_decorator(cls)
    if decorator is None or "__init__" in cls.members:
        return
    if str(_keywords(decorator).get("init", "True")) == "False":
        return
    parameters = [
        parameter
        for member in cls.members.values()
        if isinstance(member, Attribute)
        and member.annotation is not None
        and "instance-attribute" in member.labels
        and (parameter := _parameter(member)) is not None
    ]
    parameters.sort(key=lambda parameter: parameter.kind is ParameterKind.keyword_only)
    init = Function(
        "__init__",
        lineno=cls.lineno,
        endlineno=cls.lineno,
        parent=cls,
        parameters=Parameters(
            Parameter("self", kind=ParameterKind.positional_or_keyword), *parameters
        ),
        returns="None",
    )
    cls.set_member("__init__", init)


def _walk(node: Module | Class) -> None:
    if isinstance(node, Class):
        _add_init(node)
    for member in node.members.values():
        if not member.is_alias and isinstance(member, Module | Class):
            _walk(member)


class AttrsInit(Extension):
    """Adds the generated ``__init__`` to every attrs class of a package."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:  # noqa: ARG002
        """Walk the loaded package."""
        _walk(pkg)


_ROLE = re.compile(r":(?:attr|class|const|data|exc|func|meth|mod|obj):`(~?)([^`]+)`")
_LITERAL_INTRO = re.compile(r"(\S)::$", re.MULTILINE)


def _role(match: re.Match[str]) -> str:
    short, target = match.groups()
    return f"`{target.rsplit('.', 1)[-1] if short else target}`"


def _markdown(text: str) -> str:
    return _LITERAL_INTRO.sub(r"\1:", _ROLE.sub(_role, text))


def _rewrite(node: Object) -> None:
    if node.docstring is not None:
        node.docstring.value = _markdown(node.docstring.value)
    for member in node.members.values():
        if not member.is_alias and isinstance(member, Object):
            _rewrite(member)


class SphinxRoles(Extension):
    """Rewrites Sphinx roles and ``::`` in every docstring of a package as Markdown."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:  # noqa: ARG002
        """Walk the loaded package."""
        _rewrite(pkg)
