"""A rep's ledger: the instants its touches are booked at, which its limits count.

:func:`cadence.schedule` books every touch it plans (and the touches of the histories of the
rep's leads) on the ledger of the lead's rep; the rep's throttles and spacings
(:mod:`cadence.booking`) search it.
"""

from __future__ import annotations

import bisect
from datetime import datetime, timedelta

from pendulum.tz.timezone import Timezone

from cadence._time import shift_back
from cadence._time import zone as zone_of
from cadence.channels import Channel
from cadence.span import Span
from cadence.team import Rep

__all__ = ["Ledger"]

# Bookings older than the longest window by this much are forgotten: a touch is never asked
# about that far before the touches the schedule has reached.
_MARGIN = timedelta(days=7)


class Ledger:
    """The instants a rep's touches are booked at, for each set of channels its limits count.

    Args:
        rep: The rep.
    """

    __slots__ = ("_times", "longest", "memo", "rep", "version", "zone")

    def __init__(self, rep: Rep) -> None:
        self.rep = rep
        self.zone: Timezone = zone_of(rep.timezone)
        self._times: dict[frozenset[Channel] | None, list[datetime]] = {
            limit.channels: [] for limit in rep.limits
        }
        self.version = 0
        """How many touches were booked: a proposal asked for at another version may be stale."""
        self.memo: dict[tuple[Channel, datetime], datetime] = {}
        """Answers of :func:`team_time` at this version, by channel and instant."""
        self.longest = max(
            (limit.window for limit in rep.limits), key=Span.approximate, default=None
        )

    @property
    def needed(self) -> bool:
        """Whether any limit reads the ledger (a rep with hours or time off alone needs none)."""
        return bool(self._times)

    def book(self, at: datetime, channel: Channel) -> None:
        """Book a touch at the UTC instant ``at`` on ``channel``."""
        self.version += 1
        self.memo.clear()
        for channels, times in self._times.items():
            if channels is None or channel in channels:
                if not times or times[-1] <= at:
                    times.append(at)
                else:
                    bisect.insort_right(times, at)

    def times(self, channels: frozenset[Channel] | None) -> list[datetime]:
        """The booked instants on ``channels`` (a set a limit of the rep names), in order."""
        return self._times[channels]

    def forget_before(self, reached: datetime) -> None:
        """Forget the bookings no touch at or after ``reached`` can be judged by."""
        if self.longest is None:
            return
        oldest = shift_back(reached, self.longest, self.zone) - _MARGIN
        for times in self._times.values():
            cut = bisect.bisect_left(times, oldest)
            if cut:
                del times[:cut]

    def __len__(self) -> int:
        return sum(len(times) for times in self._times.values())
