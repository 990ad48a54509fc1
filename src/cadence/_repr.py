"""Reprs that read like the code that builds a value."""

from __future__ import annotations

from collections.abc import Iterable

from cadence.channels import Channel


def tuple_text(items: Iterable[str]) -> str:
    """A tuple literal of already-formatted items: ``()``, ``(a,)`` or ``(a, b)``."""
    parts = list(items)
    if len(parts) == 1:
        return f"({parts[0]},)"
    return "(" + ", ".join(parts) + ")"


def span_repr(span: object) -> str:
    """A duration as the text literal that builds it again: ``'5 minutes'``."""
    return repr(str(span))


def channels_text(channels: Iterable[Channel]) -> str:
    """Channels as a tuple literal of their values, in the order of :class:`Channel`."""
    order = list(Channel)
    return tuple_text(repr(channel.value) for channel in sorted(channels, key=order.index))
