"""How the format's messages say what a value should look like, and what was meant.

:func:`describe` and :func:`plural` put an annotation in words from the leaf table
(:mod:`cadence.config.leaves`) and the registry; :func:`suggest` finds the name a typo meant.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable
from typing import Any

import attrs

from cadence.config.fields import fields_of, union_members
from cadence.config.leaves import leaf_of
from cadence.config.registry import family

__all__ = ["a", "describe", "plural", "quoted", "suggest"]


def a(noun: str) -> str:
    """``noun`` with its article: ``"a limit"``, ``"an event"``."""
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def quoted(names: Iterable[str]) -> str:
    """Names in double quotes, separated by commas."""
    return ", ".join(f'"{name}"' for name in names)


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "x"?)`` for the choice closest to ``word``, or nothing."""

    def squash(text: str) -> str:
        return re.sub(r"[^a-z0-9]", "", text.lower())

    squashed = {squash(choice): choice for choice in choices}
    close = difflib.get_close_matches(squash(word), list(squashed), n=1, cutoff=0.6)
    return f' (did you mean "{squashed[close[0]]}"?)' if close else ""


def _untagged_table(kind: Any) -> bool:
    return isinstance(kind, type) and attrs.has(kind) and family(kind) is None


def describe(kind: Any) -> str:
    """What a value of annotation ``kind`` looks like, in words."""
    members = union_members(kind)
    if members is not None:
        options = [member for member in members if member is not type(None)]
        if len(options) > 1 and all(_untagged_table(option) for option in options):
            # Tables told apart by their keys: name each with its keys.
            return " or ".join(
                f"a {option.__name__} table ({', '.join(spec.key for spec in fields_of(option))})"
                for option in options
            )
        return " or ".join(describe(member) for member in options)
    if typing.get_origin(kind) in {tuple, frozenset}:
        return "a list"
    leaf = leaf_of(kind)
    if leaf is not None:
        return leaf.singular
    found = family(kind) if isinstance(kind, type) else None
    if found is not None:
        return f'{a(found[0])}: a table with a "type" key'
    return "a table"


def plural(kind: Any) -> str:
    """What several values of annotation ``kind`` look like, in words."""
    leaf = leaf_of(kind)
    if leaf is not None:
        return leaf.plural
    found = family(kind) if isinstance(kind, type) else None
    if found is not None:
        return f'{found[0]}s (tables with a "type" key)'
    return "tables" if isinstance(kind, type) and attrs.has(kind) else "values"
