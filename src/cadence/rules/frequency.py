"""Frequency limits: how many touches fit in a window, and how far apart they must be."""

from __future__ import annotations

import bisect
from datetime import timedelta

import attrs

from cadence import _convert as cv
from cadence._repr import channels_argument, definition_order, span_repr
from cadence._time import shift, shift_back
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.errors import Place
from cadence.protocol.limit import Limit
from cadence.span import Span, to_span
from cadence.state import State

__all__ = ["FrequencyCap", "MinGap"]

_MINUTE = timedelta(minutes=1)


def _channel_names(channels: frozenset[Channel] | None) -> str:
    if channels is None:
        return ""
    return " " + "/".join(channel.label for channel in sorted(channels, key=definition_order))


@attrs.frozen(repr=False)
class FrequencyCap(Limit):
    """At most ``max`` touches in any rolling window of ``per``, on some channels or all.

    A touch that would make one too many moves to the moment the oldest touch of the window
    leaves it. History and plan count alike.

    Args:
        max: Touches allowed per window, at least 1.
        per: The window, such as ``"7 days"`` (calendar days on the lead's clock) or
            ``"24 hours"`` (elapsed time).
        channels: The channels counted and limited; None (the default) counts every touch.
    """

    max: int = attrs.field(validator=cv.at_least(1))
    per: Span = attrs.field(converter=cv.span, validator=cv.converted(to_span, Span))
    channels: frozenset[Channel] | None = attrs.field(
        default=None,
        converter=cv.optional_channel_set,
        validator=cv.optional_converted(cv.to_some_channels, frozenset),
    )

    def __attrs_post_init__(self) -> None:
        cv.check_positive(Place("FrequencyCap", "per"), self.per)

    @classmethod
    def regulation_f(cls) -> FrequencyCap:
        """US Regulation F: at most 7 call attempts within 7 consecutive days."""
        return cls(max=7, per=Span(days=7), channels=frozenset({Channel.CALL}))

    @classmethod
    def calls_per_day(cls, max: int = 3) -> FrequencyCap:  # noqa: A002 - the field's name
        """State rules such as at most 3 calls per 24 hours (elapsed, not calendar, time)."""
        return cls(max=max, per=Span(hours=24), channels=frozenset({Channel.CALL}))

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to when the window holds fewer than ``max`` touches."""
        channels = self.channels
        if channels is not None and candidate.channel not in channels:
            return candidate
        zone = state.zone
        since = shift_back(candidate.at, self.per, zone)
        times = state.touch_times(channels)
        # A touch at the candidate's own instant is in its window too; later ones are not
        # (the planner and the audit ask in time order).
        end = bisect.bisect_right(times, candidate.at)
        if end - bisect.bisect_right(times, since) < self.max:
            return candidate
        oldest = times[end - self.max]
        instant = max(shift(oldest, self.per, zone), candidate.at)
        # Calendar days across a DST change: step until the window starts at the oldest.
        while shift_back(instant, self.per, zone) < oldest:
            instant += _MINUTE
        if instant == candidate.at:
            instant += _MINUTE
        return candidate.moved_to(instant)

    @property
    def lookback(self) -> Span:
        """How far back it reads past touches. Its window: ``per`` before the moment of asking."""
        return self.per

    def describe(self) -> str:
        """Such as ``"at most 7 call touches per 7 days"``."""
        noun = "touch" if self.max == 1 else "touches"
        return f"at most {self.max}{_channel_names(self.channels)} {noun} per {self.per}"

    def __repr__(self) -> str:
        channels = channels_argument(self.channels)
        return f"FrequencyCap(max={self.max}, per={span_repr(self.per)}{channels})"


@attrs.frozen(repr=False)
class MinGap(Limit):
    """Keep touches at least ``between`` apart, on some channels or all.

    A touch on one of ``channels`` moves to ``between`` after the latest touch on them.
    A gap longer than a reaction's expiry drops the reaction (no double tap under a
    one-hour gap between calls).

    Args:
        between: The least time between two touches, such as ``"4 hours"``.
        channels: The channels this spacing applies to; None (the default) for every touch.
    """

    between: Span = attrs.field(converter=cv.span, validator=cv.converted(to_span, Span))
    channels: frozenset[Channel] | None = attrs.field(
        default=None,
        converter=cv.optional_channel_set,
        validator=cv.optional_converted(cv.to_some_channels, frozenset),
    )

    def __attrs_post_init__(self) -> None:
        cv.check_positive(Place("MinGap", "between"), self.between)

    def __call__(self, candidate: Candidate, state: State) -> Candidate:
        """The candidate, or moved to ``between`` after the latest touch it must follow."""
        channels = self.channels
        if channels is not None and candidate.channel not in channels:
            return candidate
        times = state.touch_times(channels)
        latest = bisect.bisect_right(times, candidate.at)
        if not latest:
            return candidate
        earliest = shift(times[latest - 1], self.between, state.zone)
        if candidate.at >= earliest:
            return candidate
        return candidate.moved_to(earliest)

    @property
    def lookback(self) -> Span:
        """How far back it reads past touches. Its gap: ``between`` before the moment of asking."""
        return self.between

    def describe(self) -> str:
        """Such as ``"at least 4 hours between call touches"``."""
        where = _channel_names(self.channels)
        return f"at least {self.between} between{where} touches"

    def __repr__(self) -> str:
        return f"MinGap(between={span_repr(self.between)}{channels_argument(self.channels)})"
