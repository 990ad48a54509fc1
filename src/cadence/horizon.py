"""How far ahead a plan looks: the horizon, capped at the end of the calendar."""

from __future__ import annotations

from datetime import datetime, timedelta

from pendulum.tz.timezone import Timezone

from cadence._time import LATEST, check_aware, shift, to_local, to_utc
from cadence.errors import CadenceError, InvalidValueError
from cadence.lead import Lead
from cadence.span import Span, SpanLike, to_span
from cadence.timeline import StopReason

__all__ = ["DEFAULT_HORIZON", "horizon", "horizon_reached", "surely_before_horizon"]

DEFAULT_HORIZON = Span(days=365)
"""How far ahead planning looks when no ``until`` is given."""


def horizon(until: datetime | SpanLike | None, now: datetime, lead: Lead) -> datetime:
    """The horizon as a UTC instant, capped at the end of the calendar.

    Raises:
        InvalidValueError: for an instant before ``now`` or a bad duration.
        InvalidTypeError: for anything else.
    """
    start = to_utc(check_aware(now, "now"))
    if until is None:
        return min(shift(start, DEFAULT_HORIZON, lead.zone), LATEST)
    if isinstance(until, datetime):
        end = to_utc(check_aware(until, "until"))
        if end < start:
            raise InvalidValueError(f"until: expected an instant at or after now, got {until!r}")
        return end
    try:
        return min(shift(start, to_span(until), lead.zone), LATEST)
    except CadenceError as error:
        raise type(error)(f"until: {error}") from None


# The default horizon's days on any lead's calendar last longer than this in exact time (a
# zone that skipped a whole day, as Samoa did at the end of 2011, takes one day off).
_SURELY_WITHIN = timedelta(days=DEFAULT_HORIZON.days - 2)


def surely_before_horizon(start: datetime) -> datetime:
    """An instant at or before the default horizon from ``start`` (UTC) on any lead's calendar.

    A planner compares a touch with it before it finds the horizon on the lead's calendar.
    """
    return min(start, LATEST - _SURELY_WITHIN) + _SURELY_WITHIN


def horizon_reached(until: datetime, zone: Timezone) -> StopReason:
    """Why a plan ends at the horizon ``until`` (a UTC instant), shown on the clock of ``zone``."""
    shown = to_local(until, zone)
    return StopReason(f"the planning horizon ({shown.to_iso8601_string()}) was reached", at=shown)
