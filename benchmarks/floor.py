"""The floor: the persistent preset's timeline, hand-written with the standard library only.

This is what a developer would write without ``cadence``: one loop that knows the persistent
practice by heart (speed to lead, a double tap, one voicemail a week followed by an SMS and an
email, a day later then every 3 and 4 days, Monday to Friday 09:00-18:00 on the lead's clock,
twelve rounds). It uses only :mod:`datetime` and :mod:`zoneinfo`, no ``cadence`` import, and
returns plain ``(instant in UTC, channel, voicemail)`` triples.

:func:`persistent_timeline` plans a new lead's whole timeline; :func:`persistent_next_touch`
replays a history of touches and gives the next touch only. ``benchmarks/run.py`` checks that
they give exactly the instants, channels and voicemails of ``cadence.plan`` and
``cadence.next_touch`` before timing anything.
"""

from __future__ import annotations

import bisect
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_MINUTE = timedelta(minutes=1)
_SECOND = timedelta(seconds=1)
_DAY = timedelta(days=1)
_OPEN = time(9)
_CLOSE = time(18)
_DOUBLE_TAP_EXPIRES = timedelta(minutes=15)

Touch = tuple[datetime, str, bool]


def _resolve(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a naive local wall time: earlier of two, forward out of a gap."""
    earlier = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if earlier.astimezone(zone).replace(tzinfo=None) == wall:
        return earlier
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = earlier
    after = earlier.astimezone(zone).utcoffset()
    while high - low > _SECOND:
        middle = low + (high - low) // 2
        if middle.astimezone(zone).utcoffset() == after:
            high = middle
        else:
            low = middle
    return high.replace(microsecond=0)


def _add_days(instant: datetime, days: int, zone: ZoneInfo) -> datetime:
    """Calendar days on the local clock."""
    wall = instant.astimezone(zone).replace(tzinfo=None)
    return _resolve(wall + timedelta(days=days), zone)


def _in_window(instant: datetime, zone: ZoneInfo) -> datetime:
    """The first instant at or after ``instant`` inside Monday-Friday 09:00-18:00 local."""
    local = instant.astimezone(zone)
    while True:
        day = local.date()
        clock = local.time()
        if day.weekday() < 5:
            if _OPEN <= clock < _CLOSE:
                return instant
            if clock < _OPEN:
                instant = _resolve(datetime.combine(day, _OPEN), zone)
                local = instant.astimezone(zone)
                continue
        day += _DAY
        while day.weekday() >= 5:
            day += _DAY
        instant = _resolve(datetime.combine(day, _OPEN), zone)
        local = instant.astimezone(zone)


def _utc(value: datetime) -> datetime:
    """The same instant in UTC (the benchmarks pass plain stdlib datetimes)."""
    return value.astimezone(UTC)


def persistent_timeline(  # noqa: C901 - one loop, written out as a developer would
    created_at: datetime, now: datetime, timezone: str, *, rounds: int = 12
) -> list[Touch]:
    """The persistent preset's timeline for a new lead with no history.

    Args:
        created_at: When the lead arrived (aware).
        now: The present (aware); every touch is after it.
        timezone: The lead's IANA zone.
        rounds: Rounds of contact before giving up.
    """
    zone = ZoneInfo(timezone)
    created = _utc(created_at)
    cursor = _utc(now)
    until = _add_days(cursor, 365, zone)
    voicemails: list[datetime] = []
    touches: list[Touch] = []

    def place(due: datetime) -> datetime:
        earliest = cursor.replace(second=0, microsecond=0) + _MINUTE
        return _in_window(max(due, earliest), zone)

    round_start = created
    for index in range(rounds):
        if index == 0:
            due = created
        else:
            due = _add_days(round_start, 1 if index == 1 else 3 if index % 2 == 0 else 4, zone)
        # The first call hangs up at voicemail: the double tap leaves it.
        at = place(due)
        if at > until:
            return touches
        touches.append((at, "call", False))
        cursor = round_start = at
        # Double tap: dial again at once, within 15 minutes.
        tap = place(at)
        if tap > at + _DOUBLE_TAP_EXPIRES:
            continue
        if tap > until:
            return touches
        since = _add_days(tap, -7, zone)
        voicemail = len(voicemails) == bisect.bisect_right(voicemails, since)
        touches.append((tap, "call", voicemail))
        cursor = tap
        if not voicemail:
            continue
        voicemails.append(tap)
        # After the voicemail: an SMS, then an email, a minute later, within a day.
        due = tap + _MINUTE
        expires = _add_days(due, 1, zone)
        for channel in ("sms", "email"):
            at = place(due)
            if at > expires:
                continue
            if at > until:
                return touches
            touches.append((at, channel, False))
            cursor = at
    return touches


def persistent_next_touch(  # noqa: C901, PLR0912, PLR0915 - written out as a developer would
    created_at: datetime,
    now: datetime,
    timezone: str,
    history: list[tuple[datetime, str, str]],
    *,
    rounds: int = 12,
) -> Touch | None:
    """The next touch of the persistent preset for a lead with a history of touches.

    Replays the history to find its rounds (a touch starts a round when the next round is
    due and it is not the double tap or a message after a voicemail), then proposes the
    double tap, the messages after a voicemail, or the next round, as the preset does.

    Args:
        created_at: When the lead arrived (aware).
        now: The present (aware); the touch is after it.
        timezone: The lead's IANA zone.
        history: ``(instant, channel, outcome)`` of each touch, in any order.
        rounds: Rounds of contact before giving up.
    """
    zone = ZoneInfo(timezone)
    created = _utc(created_at)
    cursor = _utc(now)
    events = sorted((_utc(at), channel, outcome) for at, channel, outcome in history)

    def due_of(index: int, round_start: datetime) -> datetime:
        if index == 0:
            return created
        return _add_days(round_start, 1 if index == 1 else 3 if index % 2 == 0 else 4, zone)

    started = 0  # rounds started so far
    round_start = created
    due = created
    last: tuple[datetime, str, str] | None = None
    calls = 0  # calls in the current round
    voicemail: datetime | None = None  # the current round's latest voicemail
    messaged: set[str] = set()  # channels used since that voicemail
    voicemails: list[datetime] = []
    for at, channel, outcome in events:
        new_round = started == 0
        if not new_round and at >= due:
            tap = last is not None and last[1] == "call" and last[2] == "no_answer" and calls == 1
            new_round = not (
                (tap and channel == "call" and last[0] <= at <= last[0] + _DOUBLE_TAP_EXPIRES)
                or (
                    voicemail is not None
                    and channel in ("sms", "email")
                    and channel not in messaged
                    and voicemail + _MINUTE <= at <= _add_days(voicemail + _MINUTE, 1, zone)
                )
            )
        if new_round:
            started += 1
            round_start = at
            due = due_of(started, round_start)
            calls, voicemail, messaged = 0, None, set()
        if channel == "call":
            calls += 1
        if outcome == "voicemail_left":
            voicemail = at
            voicemails.append(at)
            messaged = set()
        elif voicemail is not None:
            messaged.add(channel)
        last = (at, channel, outcome)

    until = _add_days(cursor, 365, zone)
    earliest = cursor.replace(second=0, microsecond=0) + _MINUTE
    found: Touch | None = None
    if last is not None and last[1] == "call" and last[2] == "no_answer" and calls == 1:
        at = _in_window(max(last[0], earliest), zone)
        if at <= last[0] + _DOUBLE_TAP_EXPIRES:
            since = _add_days(at, -7, zone)
            found = (at, "call", len(voicemails) == bisect.bisect_right(voicemails, since))
    if found is None and voicemail is not None:
        message_due = voicemail + _MINUTE
        for channel in ("sms", "email"):
            if channel not in messaged:
                at = _in_window(max(message_due, earliest), zone)
                if at <= _add_days(message_due, 1, zone):
                    found = (at, channel, False)
                    break
    if found is None:
        if started >= rounds:
            return None
        found = (_in_window(max(due, earliest), zone), "call", False)
    return found if found[0] <= until else None
