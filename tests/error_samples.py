"""Every error class of the library, found by walking the package, and a value of each.

A new error class is found without a change here; one whose ``__init__`` takes more than a
message needs an entry in ``SAMPLES``, and :func:`sample` says so.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

import cadence
from cadence import BatchError, CadenceError, ConfigError, InvalidValueError, Lead

LEAD = Lead(timezone="Europe/Paris", created_at=datetime(2026, 3, 6, 15, tzinfo=UTC))

SAMPLES: dict[type[CadenceError], Callable[[], CadenceError]] = {
    ConfigError: lambda: ConfigError(
        [("limits[0].per", 'expected a duration, got "seven"'), ("", "whole file")], "c.toml"
    ),
    BatchError: lambda: BatchError(3, LEAD, InvalidValueError("history[0]: after now")),
}
"""Errors whose ``__init__`` takes more than a message, with a value of each."""


def error_classes() -> Iterator[type[CadenceError]]:
    """``CadenceError`` and every subclass, however deep, in every module of the package."""
    for module in pkgutil.walk_packages(cadence.__path__, "cadence."):
        if not module.name.endswith("__main__"):  # importing it would run the command
            importlib.import_module(module.name)
    seen: set[type[CadenceError]] = set()
    todo: list[type[CadenceError]] = [CadenceError]
    while todo:
        cls = todo.pop()
        if cls in seen or not cls.__module__.startswith("cadence."):
            continue  # met twice through two bases, or a test's own error
        seen.add(cls)
        yield cls
        todo.extend(cls.__subclasses__())


def sample(cls: type[CadenceError]) -> CadenceError:
    """A value of ``cls``, with a message of two lines where it takes a message."""
    if cls in SAMPLES:
        return SAMPLES[cls]()
    try:
        return cls("value: expected something\nsecond line")
    except TypeError:  # pragma: no cover - only for a class added without a sample
        pytest.fail(f"{cls.__qualname__} takes more than a message: add it to SAMPLES")
