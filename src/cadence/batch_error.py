"""The error of a batch: which lead, or which stage of the batch, went wrong, and how."""

from __future__ import annotations

from typing import Any, Literal

from cadence.errors import CadenceError
from cadence.lead import Lead

__all__ = ["BatchError", "Stage"]


Stage = Literal["plan", "input", "send", "worker"]
"""What went wrong in a batch: see :class:`BatchError`."""


class BatchError(CadenceError):
    """Planning a batch went wrong: for one lead, or for the batch from one lead on.

    ``stage`` says what went wrong, and where:

    - ``"plan"``: planning the lead at ``index`` raised ``error``. With
      ``return_exceptions``, the stream goes on with the next lead.
    - ``"input"``: reading the input raised ``error`` where the item at ``index`` was
      expected. Every lead before it was planned; the stream ends.
    - ``"send"``: the cadence cannot be sent to worker processes (it cannot be pickled,
      such as a rule class defined inside a function); ``error`` says why. Raised by the
      call to :func:`plan_many`, before any lead is read; ``index`` is None.
    - ``"worker"``: a worker process died (killed, or out of memory) while planning the
      leads ``index`` to ``last``. Every lead before ``index`` was planned; the stream ends.

    The error pickles and copies with all of this, so it can be logged from any process.

    Args:
        index: The position of the lead in the input, from 0 (None for ``"send"``).
        lead: The lead, or None when the input item was not a ``(lead, history)`` pair or
            the error is not about one lead.
        error: The exception that caused it (also the ``__cause__`` when raised).
        stage: What went wrong: ``"plan"`` (the default), ``"input"``, ``"send"`` or
            ``"worker"``.
        last: For ``"worker"``, the position of the last lead that was being planned.

    Attributes:
        index: The position of the lead in the input, from 0 (None for ``"send"``).
        lead: The lead, or None.
        error: The exception that caused it.
        stage: What went wrong.
        last: For ``"worker"``, the position of the last lead that was being planned.
    """

    def __init__(
        self,
        index: int | None,
        lead: Lead | None,
        error: BaseException,
        stage: Stage = "plan",
        last: int | None = None,
    ) -> None:
        self.index = index
        self.lead = lead
        self.error = error
        self.stage: Stage = stage
        self.last = last
        super().__init__(self._text())

    def __reduce__(self) -> tuple[Any, ...]:
        arguments = (self.index, self.lead, self.error, self.stage, self.last)
        return type(self), arguments, self.__dict__

    def _text(self) -> str:
        cause = _said(self.error)
        if self.stage == "input":
            return (
                f"could not read lead #{self.index} from the input: {cause}; "
                "every lead before it was planned"
            )
        if self.stage == "send":
            return (
                f"cannot send the cadence to worker processes ({self.error}): define the "
                "rule at module level, or plan in this process (workers=None)"
            )
        if self.stage == "worker":
            return (
                f"a worker process died while planning leads #{self.index} to #{self.last}; "
                f"no lead from #{self.index} on was planned (a lead may have crashed it, or "
                "the machine ran out of memory)"
            )
        lead = "" if self.lead is None else f" ({self.lead!r})"
        return f"lead #{self.index}{lead}: {cause}"


def _said(error: BaseException) -> str:
    """An error's message, with its type where the message is not one of ours."""
    return str(error) if isinstance(error, CadenceError) else f"{type(error).__name__}: {error}"
