"""The bounds of the library's values, each named once.

Python and configuration files accept the same values: a rule built in code can always be
written to a file and read back, and a value a file refuses is refused by the constructor
too, when the rule is built rather than when it is planned.
"""

from __future__ import annotations

from typing import Final

__all__ = ["MAX_SPAN_DAYS", "MAX_WHOLE_NUMBER"]

MAX_WHOLE_NUMBER: Final = 100_000
"""The largest count a rule takes: attempts, contacts, rounds, voicemails, touches per window.

Configuration refuses larger numbers, and so does :func:`cadence.plan` for ``max_touches``.
"""

MAX_SPAN_DAYS: Final = 36_600
"""The longest :class:`~cadence.Span`, in days (a hundred years), and the largest day offset."""
