"""The errors cadence raises.

Every error derives from :class:`CadenceError`, so one ``except`` clause catches them all.
Errors about bad input also derive from :class:`ValueError` or :class:`TypeError`, so code
that already catches those keeps working.
"""

from __future__ import annotations

__all__ = [
    "CadenceError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingExtraError",
    "UnsatisfiableError",
]


class CadenceError(Exception):
    """Base class of every error raised by cadence."""


class InvalidValueError(CadenceError, ValueError):
    """A value has the right type but is not acceptable.

    Examples: a naive datetime, an unknown time zone, a negative duration, a history event
    after ``now``. The message names the value and says what was expected.
    """


class InvalidTypeError(CadenceError, TypeError):
    """A value has a type that cadence cannot use where it was given."""


class UnsatisfiableError(CadenceError, ValueError):
    """The limits of a cadence can never all be met, so no touch can ever be planned.

    Raised by the planner instead of searching forever, for example for two contact windows
    that never overlap. The message names the limits involved.
    """


class MissingExtraError(CadenceError, ImportError):
    """A feature needs an optional dependency that is not installed.

    The message names the extra to install, such as ``pip install "cadence-rules[holidays]"``.
    """
