"""The arguments of :func:`cadence.plan_many`, checked at the call, before any lead is read."""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from cadence._time import check_aware
from cadence.batch_error import BatchError
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError
from cadence.span import to_span

__all__ = ["brief", "check_count", "check_pairs", "check_sendable", "check_until"]


def check_pairs(leads_and_histories: object) -> Iterator[Any]:
    """An iterator over the pairs, or the error for an input that is no iterable of pairs."""
    expected = "leads_and_histories: expected an iterable of (lead, history) pairs"
    if isinstance(leads_and_histories, Mapping):
        raise InvalidTypeError(
            f"{expected}, got a mapping; pass its .items() to plan each lead with its history"
        )
    if isinstance(leads_and_histories, str | bytes | bytearray) or not isinstance(
        leads_and_histories, Iterable
    ):
        raise InvalidTypeError(f"{expected}, got {brief(leads_and_histories)}")
    return iter(leads_and_histories)


def check_until(until: object, now: datetime) -> None:
    """Refuse at the call an ``until`` that planning would refuse for every lead."""
    if until is None:
        return
    if isinstance(until, datetime):
        check_aware(until, "until")
        if until < now:
            raise InvalidValueError(
                f"until: expected an instant at or after now, got {until.isoformat()}"
            )
        return
    try:
        to_span(until)  # type: ignore[arg-type]
    except CadenceError as error:
        raise type(error)(f"until: {error}") from None


def check_count(value: object, what: str, least: int, most: int | None) -> None:
    """Refuse anything but a whole number from ``least`` to ``most`` (None: no limit)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(f"{what}: expected a whole number, got {brief(value)}")
    if value < least or (most is not None and value > most):
        allowed = f"{least} or more" if most is None else f"a number from {least} to {most}"
        raise InvalidValueError(f"{what}: expected {allowed}, got {brief(value)}")


def check_sendable(job: object) -> bytes:
    """The job for the worker processes, pickled; refused (``"send"``) when it cannot be.

    The job holds the cadence: a rule that cannot be pickled (one defined in a function) is
    what makes it fail.
    """
    try:
        return pickle.dumps(job, pickle.HIGHEST_PROTOCOL)
    except Exception as error:
        raise BatchError(None, None, error, "send") from error


def brief(value: object) -> str:
    """A value as an error message shows it: its repr, cut short."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**40:
        return f"a number of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
