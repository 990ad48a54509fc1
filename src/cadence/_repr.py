"""Reprs that read like the code that builds a value."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence


def enum_repr(member: enum.Enum) -> str:
    """An enum member as the code that names it: ``Channel.SMS``."""
    return f"{type(member).__name__}.{member.name}"


def tuple_text(items: Iterable[str]) -> str:
    """A tuple literal of already-formatted items: ``()``, ``(a,)`` or ``(a, b)``."""
    parts = list(items)
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def operator_repr(
    name: str,
    operator: str,
    members: Sequence[object],
    *,
    grouped: bool = False,
    looser: type | tuple[type, ...] = (),
) -> str:
    """How ``a | b``, ``a & b`` or ``a + b`` is written in code.

    A lone member is written ``Name(member)``, as ``member`` alone is a different value.
    Members of a ``looser`` kind (one whose operator binds less tightly) are parenthesised,
    and so is the whole when ``grouped``.
    """
    if len(members) == 1:
        return f"{name}({members[0]!r})"
    text = f" {operator} ".join(
        f"({member!r})" if isinstance(member, looser) else repr(member) for member in members
    )
    return f"({text})" if grouped else text


def span_repr(span: object) -> str:
    """A duration as the text literal that builds it again: ``'5 minutes'``."""
    return repr(str(span))


def channels_text(channels: Iterable[enum.StrEnum]) -> str:
    """Channels as a tuple literal of their values, in the order of their enum."""
    return tuple_text(repr(channel.value) for channel in sorted(channels, key=definition_order))


def definition_order(member: enum.Enum) -> tuple[int, str]:
    """Where ``member`` comes in its enum: its members in order, then others by value.

    A CRM's own channels are no members of :class:`~cadence.Channel` but are channels.
    """
    members: list[enum.Enum] = list(type(member))
    if member in members:
        return members.index(member), ""
    return len(members), str(member.value)


def channels_argument(channels: frozenset[enum.StrEnum] | None) -> str:
    """``", channels=(...)"`` for a repr, or nothing when every channel counts."""
    return "" if channels is None else f", channels={channels_text(channels)}"
