"""The planner: a forward simulation from a lead's history to its future touches.

:func:`plan` and :func:`next_touch` drive the step-wise engine (:mod:`cadence.engine`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from cadence._time import check_aware, to_utc
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.cadence import Cadence
from cadence.engine import DEFAULT_HORIZON, Engine
from cadence.errors import InvalidTypeError, InvalidValueError
from cadence.events import Event, check_history
from cadence.horizon import horizon
from cadence.lead import Lead
from cadence.shape import Shape, shape_of, specialisable
from cadence.snapshot import Snapshot
from cadence.span import SpanLike
from cadence.specialised import Unsupported, plan_new_lead, plan_on
from cadence.timeline import PlannedTouch, StopReason, Timeline

__all__ = [
    "DEFAULT_HORIZON",
    "DEFAULT_MAX_TOUCHES",
    "next_touch",
    "next_touch_shaped",
    "plan",
    "plan_shaped",
    "plan_with_engine",
]

DEFAULT_MAX_TOUCHES = 1000
"""How many touches :func:`plan` returns at most when no ``max_touches`` is given."""


def plan(  # noqa: PLR0913 - all but three are keyword-only
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    max_touches: int | None = None,
    since: Snapshot | None = None,
) -> Timeline:
    """Plan a lead's future touches.

    Folds the history (in any order) into a state, then simulates forward: the next touch is
    the first due reaction, else the rhythm's next round on the channel the channel rule
    picks; every limit moves it until all agree; its outcome is assumed to be the pessimistic
    one; and so on until a stop rule holds, the rhythm ends, the horizon or the touch limit is
    reached. Pure: the same arguments give the same timeline.

    Args:
        cadence: The rules.
        lead: The person.
        history: What already happened, every event at or before ``now``.
        now: The present, as an aware datetime. Every planned touch is strictly after it.
        until: The horizon: an aware datetime, or a duration after ``now``; by default
            :data:`DEFAULT_HORIZON`.
        max_touches: At most this many touches; by default :data:`DEFAULT_MAX_TOUCHES`. At
            most 100,000 (``cadence.bounds.MAX_WHOLE_NUMBER``).
        since: A stored state of the lead (:class:`~cadence.Snapshot`): ``history`` then
            holds only the events after it, and the timeline is the one the whole history
            gives.

    Returns:
        The planned touches and the reason the plan ends.

    Raises:
        InvalidValueError: for a naive ``now``, an event after ``now``, a bad horizon.
        InvalidTypeError: for arguments of the wrong type.
        UnsatisfiableError: when the cadence's limits can never all be met.
        SnapshotError: for a ``since`` made for another cadence or lead, or an event of
            ``history`` that is not after its latest event (fold the whole history again).
    """
    shape = shape_of(cadence)
    return plan_shaped(
        shape, cadence, lead, history, now=now, until=until, max_touches=max_touches, since=since
    )


def plan_shaped(  # noqa: PLR0913 - as plan()
    shape: Shape | None,
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    max_touches: int | None = None,
    since: Snapshot | None = None,
) -> Timeline:
    """:func:`plan`, with the cadence's shape for the specialised loop (:mod:`cadence.specialised`).

    With a ``shape`` (its rules all known to the specialised loop), the lead is planned by
    that loop: a new lead from scratch, a lead with a history or a stored state after the
    engine's fold. Without one, or for a case the loop leaves to the engine, by
    :func:`plan_with_engine`. Both give the same timeline.
    """
    check_history(history)
    if shape is not None and specialisable(lead):
        events = history if isinstance(history, tuple | list) else tuple(history)
        try:
            return _specialised(
                shape.for_lead(lead),
                cadence,
                lead,
                events,
                now=now,
                until=until,
                max_touches=max_touches,
                since=since,
            )
        except Unsupported:
            history = events
    return plan_with_engine(
        cadence, lead, history, now=now, until=until, max_touches=max_touches, since=since
    )


def _specialised(  # noqa: PLR0913 - plan()'s arguments, keyword-only
    shape: Shape,
    cadence: Cadence,
    lead: Lead,
    events: Sequence[Event],
    *,
    now: datetime,
    until: datetime | SpanLike | None,
    max_touches: int | None,
    since: Snapshot | None,
) -> Timeline:
    """The specialised loop's timeline: from scratch for a new lead, else after the engine's fold.

    Raises:
        Unsupported: for a case left to the engine.
    """
    if not events and since is None:
        present = to_utc(check_aware(now, "now"))
        end = None if until is None else horizon(until, now, lead)
        return plan_new_lead(shape, lead, now=present, until=end, cap=touch_cap(max_touches))
    engine = Engine(cadence, lead, events, now=now, until=until, since=since)
    cap = touch_cap(max_touches)
    stop = engine.stopped()
    if stop is not None:
        return Timeline((), stop, engine.skipped)
    return plan_on(shape, engine.handover(), until=engine.until, cap=cap)


def plan_with_engine(  # noqa: PLR0913 - as plan()
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    max_touches: int | None = None,
    since: Snapshot | None = None,
) -> Timeline:
    """:func:`plan` by the step-wise engine alone: the reference the specialised loop keeps to."""
    check_history(history)
    engine = Engine(cadence, lead, history, now=now, until=until, since=since)
    cap = touch_cap(max_touches)
    touches: list[PlannedTouch] = []
    stop = engine.stopped()
    while stop is None:
        if len(touches) >= cap:
            stop = StopReason(f"the touch limit ({cap}) was reached")
            break
        proposal = engine.propose()
        if isinstance(proposal, StopReason):
            stop = proposal
            break
        touches.append(engine.commit(proposal))
        stop = engine.stopped()
    return Timeline(tuple(touches), stop, engine.skipped)


def next_touch(  # noqa: PLR0913 - all but three are keyword-only
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    since: Snapshot | None = None,
) -> PlannedTouch | None:
    """The first touch :func:`plan` would return, or None if there is none.

    Cheaper than planning the whole timeline: it stops after one touch. To know why there
    is none, or why the plan ends after it, plan one touch and read the stop::

        timeline = plan(cadence, lead, history, now=now, max_touches=1)
        first = timeline[0] if timeline else None
        print(timeline.stop)  # "stopped: the lead replied", or "the touch limit (1) ..."

    With ``since`` (a :class:`~cadence.Snapshot`), ``history`` holds only the events after
    it, as for :func:`plan`.
    """
    check_history(history)
    events = history if isinstance(history, tuple | list) else tuple(history)
    # For one touch after a history, reading the cadence's rules costs about what the
    # specialised loop saves: the engine answers it alone. A held CompiledCadence does not
    # pay for that reading, and takes the specialised loop either way.
    shape = shape_of(cadence) if not events and since is None else None
    return next_touch_shaped(shape, cadence, lead, events, now=now, until=until, since=since)


def next_touch_shaped(  # noqa: PLR0913 - as next_touch()
    shape: Shape | None,
    cadence: Cadence,
    lead: Lead,
    history: Iterable[Event] = (),
    *,
    now: datetime,
    until: datetime | SpanLike | None = None,
    since: Snapshot | None = None,
) -> PlannedTouch | None:
    """:func:`next_touch`, with the cadence's shape, as :func:`plan_shaped`."""
    check_history(history)
    if shape is not None and specialisable(lead):
        timeline = plan_shaped(
            shape, cadence, lead, history, now=now, until=until, max_touches=1, since=since
        )
        return timeline[0] if timeline else None
    engine = Engine(cadence, lead, history, now=now, until=until, since=since)
    if engine.stopped() is not None:
        return None
    proposal = engine.propose()
    # The touch alone: committing it would also record it in a state no one reads after.
    return None if isinstance(proposal, StopReason) else proposal.planned(lead.zone)


def touch_cap(max_touches: int | None) -> int:
    """The touch limit for ``max_touches``: :data:`DEFAULT_MAX_TOUCHES` for None, else checked.

    Raises:
        InvalidTypeError: for anything but a whole number.
        InvalidValueError: for a number outside 0 to ``cadence.bounds.MAX_WHOLE_NUMBER``.
    """
    if max_touches is None:
        return DEFAULT_MAX_TOUCHES
    if isinstance(max_touches, bool) or not isinstance(max_touches, int):
        raise InvalidTypeError(f"max_touches: expected a whole number, got {max_touches!r}")
    if not 0 <= max_touches <= MAX_WHOLE_NUMBER:
        raise InvalidValueError(
            f"max_touches: expected a whole number from 0 to {MAX_WHOLE_NUMBER}, got {max_touches}"
        )
    return max_touches
