"""The floor: the persistent preset's timeline, hand-written for speed, without ``cadence``.

What the same work costs when it is written for one cadence and for speed: one loop that
knows ``presets.persistent()`` by heart (speed to lead, a double tap, one voicemail a week
followed by an SMS and an email, a day later then every 3 and 4 days, Monday to Friday
09:00-18:00 on the lead's clock, ``rounds`` rounds, a year's horizon) and gives exactly what
``cadence.plan`` gives for it: every touch's instant (a ``pendulum.DateTime`` in the lead's
zone, with its offset), channel, voicemail, round, reason (with its "; limited by ..." part)
and assumed outcome, and the stop's reason and instant. ``benchmarks/run.py`` checks that
(``benchmarks/floor_check.py``) on thousands of leads in every zone of the tz database
before it times anything.

- :func:`persistent_timeline`: a new lead's timeline with pendulum instants, as ``plan()``;
- :func:`persistent_timeline_stdlib`: the same with stdlib datetimes in a ``ZoneInfo`` zone,
  to show what the pendulum output costs;
- :func:`persistent_next_touch`: replays a history of touches and gives the next touch, as
  ``next_touch()``.

It imports ``datetime``, ``zoneinfo`` and pendulum (for the output), never ``cadence``.

What makes it minimal:

- Instants are plain UTC datetimes: comparing them and adding a ``timedelta`` are the
  cheapest operations there are. No ``replace()`` on the way: a whole minute is reached by
  subtracting the seconds (only when there are any); a wall time is carried "stamped", as
  the UTC datetime with the local fields (the instant plus its offset); calendar days are
  added to it, and the zone's offset of that wall time gives the instant back.
- The local time of a touch is computed once (one ``astimezone``) and serves the contact
  window (its weekday and hour: no ``time`` object), the offset that the next round and
  the voicemail look-back start from (``zone.utcoffset(local)``, four times cheaper than
  ``local.utcoffset()``) and the output (the pendulum instant is built from its fields, as
  ``cadence._time.to_local`` does, inline, with ``fold`` only when it is set).
- A wall time turned into an instant is checked against that same local time; the search
  for the end of a spring-forward gap runs only inside a gap.
- A bound decides where it can: a UTC offset is less than a day either way (Python enforces
  it), so a wall time moved by some days is less than two days from the instant moved by
  those days. So the horizon (a year on the lead's calendar) is computed only for a touch
  more than 363 days ahead; the voicemail look-back (a week on the lead's calendar) only
  for a voicemail five to nine days before the double tap, and checked against a gap only
  when the voicemail is less than two days before its start; in a replay, the next round's
  due time only for a touch less than two days before the bound, and checked against a gap
  only for a touch before it; the expiry of the messages after a voicemail (a calendar day)
  only for messages that can be sent in time.
- Texts are constants: the reasons, with and without each "limited by" part, are written
  out once; only a plan's stop sentence is formatted. A touch is a tuple.
- Nothing is cached across calls. The zone objects are held in a dict by name, as
  ``cadence`` holds its zones (zoneinfo's own cache drops a zone nothing refers to).

Frozen: this floor is what the library is measured against. Later speed-ups go into the
library, never into making the floor slower (or more general) so that a ratio looks better.
Change it only to keep it exact (should ``plan()``'s output for the persistent preset ever
change) or to make it cheaper still, and say so in ``benchmarks/README.md``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from pendulum import DateTime
from pendulum.tz.timezone import Timezone

__all__ = ["persistent_next_touch", "persistent_timeline", "persistent_timeline_stdlib"]

Touch = tuple[datetime, str, bool, int, str, str]
"""``(at, channel, voicemail, round, reason, assumed outcome)``, as a ``PlannedTouch``."""
Stop = tuple[str, datetime]
"""``(reason, at)``, as a ``StopReason``'s sentence and instant."""
HistoryTouch = tuple[datetime, str, str]
"""``(at, channel, outcome)`` of a touch that happened (aware ``at``, values of the enums)."""

_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)
_TWO_DAYS = timedelta(days=2)
_WEEK = timedelta(days=7)
_FIVE_DAYS = timedelta(days=5)
_NINE_DAYS = timedelta(days=9)
_YEAR = timedelta(days=365)
_SOON = timedelta(days=363)  # any touch before now + 363 days is inside the year's horizon
_TAP_EXPIRES = timedelta(minutes=15)
_GAPS = (timedelta(0), _DAY, timedelta(days=3), timedelta(days=4))
_LATEST = datetime(9999, 12, 30, tzinfo=UTC)

_CALL = "call"
_SMS = "sms"
_EMAIL = "email"
_NO_ANSWER = "no_answer"
_VOICEMAIL_LEFT = "voicemail_left"
_SENT = "sent"

_WINDOW = "contact window Mon-Fri 09:00-18:00"
_VOICEMAILS = "at most 1 voicemail per 1 week"
_ROUNDS = (
    "speed to lead: first touch within 5 minutes of arrival",
    "follow-up on day 1",
    "repeat: 3 days after the last round",
    "repeat: 4 days after the last round",
)
_BY_WINDOW = f"; limited by {_WINDOW}"
# A round's reason by its gap's index (0 speed to lead, 1 day 1, 2 and 3 the repeats), then
# whether the window moved it.
_ROUND_REASONS = tuple((reason, reason + _BY_WINDOW) for reason in _ROUNDS)
_TAP = "double tap: call again right after the unanswered call"
# By (window moved it) + 2 * (voicemail limit took the voicemail away).
_TAP_REASONS = (
    _TAP,
    _TAP + _BY_WINDOW,
    f"{_TAP}; limited by {_VOICEMAILS}",
    f"{_TAP}; limited by {_WINDOW}, {_VOICEMAILS}",
)
_SMS_REASONS = ("after voicemail: SMS that mentions it",)
_SMS_REASONS += (_SMS_REASONS[0] + _BY_WINDOW,)
_EMAIL_REASONS = ("after voicemail: email that mentions it",)
_EMAIL_REASONS += (_EMAIL_REASONS[0] + _BY_WINDOW,)


def _gap(index: int) -> int:
    """The index in ``_GAPS`` and ``_ROUNDS`` of round ``index`` (0 for the first)."""
    return index if index < 2 else 2 + (index & 1)


# -- the lead's clock: rare paths, out of the loops ------------------------------------------

# The zones by name and kind, held: zoneinfo's own cache keeps a zone only while something
# else refers to it (and pendulum's constructor is slow), as cadence holds the zones it uses.
_ZONES: dict[type[ZoneInfo], dict[str, ZoneInfo]] = {Timezone: {}, ZoneInfo: {}}


def _zone(name: str, kind: type[ZoneInfo]) -> ZoneInfo:
    zones = _ZONES[kind]
    zone = zones.get(name)
    if zone is None:
        zone = zones[name] = kind(name)
    return zone


def _utc(value: datetime) -> datetime:
    """A plain UTC datetime for the aware ``value`` (as it is, when it is one already)."""
    if type(value) is not datetime:  # such as pendulum's: a plain copy first
        value = datetime.combine(value, value.timetz())
    elif value.tzinfo is UTC:
        return value
    return value.astimezone(UTC)


def _next_minute(instant: datetime) -> datetime:
    """The first whole UTC minute strictly after ``instant``."""
    second = instant.second
    microsecond = instant.microsecond
    if second or microsecond:
        instant -= timedelta(0, second, microsecond)
    return instant + _MINUTE


def _gap_end(stamped: datetime, instant: datetime, zone: tzinfo) -> datetime:
    """The first instant after the spring-forward gap that swallowed the wall time ``stamped``.

    ``instant`` is the wall time less the offset before the gap, an instant after it.
    """
    after = zone.utcoffset(instant.astimezone(zone))
    low = stamped - after  # less the offset after the gap: an instant before it
    high = instant
    while high - low > _SECOND:
        middle = low + (high - low) // 2
        if zone.utcoffset(middle.astimezone(zone)) == after:
            high = middle
        else:
            low = middle
    return high - timedelta(0, 0, high.microsecond)


def _instant(stamped: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The instant of a stamped wall time (earlier of two, forward out of a gap), and its local."""
    offset = zone.utcoffset(stamped)
    instant = stamped - offset
    local = instant.astimezone(zone)
    if zone.utcoffset(local) != offset:
        instant = _gap_end(stamped, instant, zone)
        local = instant.astimezone(zone)
    return instant, local


def _exact(stamped: datetime, offset: timedelta, zone: tzinfo) -> datetime:
    """The instant of a stamped wall time whose ``zone.utcoffset()`` is ``offset``."""
    instant = stamped - offset
    if zone.utcoffset(instant.astimezone(zone)) == offset:
        return instant
    return _gap_end(stamped, instant, zone)


def _nine(local: datetime, days: int) -> datetime:
    """09:00 on the local date of ``local`` plus ``days``, stamped."""
    return datetime(local.year, local.month, local.day, 9, tzinfo=UTC) + timedelta(days)


def _open(instant: datetime, local: datetime, zone: tzinfo) -> tuple[datetime, datetime]:
    """The window's next opening after ``instant`` (outside it, at ``local``), and its local."""
    for _ in range(16):  # a gap can swallow an opening; eight days always hold one
        weekday = local.weekday()
        if weekday < 5:
            hour = local.hour
            if 9 <= hour < 18:
                return instant, local
            if hour < 9:
                # 09:00 today, the occurrence at or after ``instant`` if it happens twice.
                stamped = _nine(local, 0)
                opening, local = _instant(stamped, zone)
                if opening < instant:
                    later = stamped.replace(tzinfo=zone, fold=1).astimezone(UTC)
                    if later > opening and later + zone.utcoffset(later.astimezone(zone)) == (
                        stamped
                    ):
                        opening = later
                    opening = max(opening, instant)
                    local = opening.astimezone(zone)
                instant = opening
                continue
        instant, local = _instant(
            _nine(local, 3 if weekday == 4 else 2 if weekday == 5 else 1), zone
        )
    raise AssertionError("unreachable: the window opens every week")  # pragma: no cover


def _window(instant: datetime, zone: tzinfo) -> tuple[datetime, datetime, bool]:
    """The first instant at or after ``instant`` in the window, its local, and if it moved."""
    local = instant.astimezone(zone)
    if local.weekday() < 5 and 9 <= local.hour < 18:
        return instant, local, False
    instant, local = _open(instant, local, zone)
    return instant, local, True


def _horizon(now: datetime, zone: tzinfo) -> datetime:
    """A year after ``now`` on the lead's calendar: the default horizon."""
    stamped = now + zone.utcoffset(now.astimezone(zone)) + _YEAR
    return min(_instant(stamped, zone)[0], _LATEST)


def _horizon_stop(now: datetime, zone: tzinfo, pendulum: bool) -> Stop:
    until = _horizon(now, zone)
    local = until.astimezone(zone)
    shown = _pendulum(local, zone) if pendulum else local
    text = shown.isoformat()
    if zone.key == "UTC":  # pendulum writes its UTC zone's offset as "Z"
        text = text.replace("+00:00", "Z")
    return f"the planning horizon ({text}) was reached", shown


def _pendulum(local: datetime, zone: tzinfo) -> DateTime:
    """The pendulum instant for ``local`` (an aware datetime in ``zone``), from its fields."""
    if local.fold:
        return DateTime(
            local.year,
            local.month,
            local.day,
            local.hour,
            local.minute,
            local.second,
            local.microsecond,
            zone,
            fold=1,
        )
    return DateTime(
        local.year,
        local.month,
        local.day,
        local.hour,
        local.minute,
        local.second,
        local.microsecond,
        zone,
    )


def _limited(tap: datetime, tap_local: datetime, voicemail: datetime, offset: timedelta,
             zone: tzinfo) -> bool:  # fmt: skip
    """Whether ``voicemail`` (its offset ``offset``) lies in the week before ``tap``.

    Called only for a voicemail five to nine days before the tap. The week starts at the
    tap's wall time seven days earlier (``since``); ``since0``, that wall time less its own
    offset, is ``since`` unless the wall time falls in a gap, and then ``since`` (the gap's
    end) is less than two days before it.
    """
    stamped = tap + zone.utcoffset(tap_local) - _WEEK
    wall_offset = zone.utcoffset(stamped)
    since0 = stamped - wall_offset
    if voicemail > since0:
        return True
    if voicemail == since0:  # since0 is the week's start unless it lies past a gap
        return offset != wall_offset
    if voicemail <= since0 - _TWO_DAYS:
        return False
    return voicemail > _exact(stamped, wall_offset, zone)


# -- a new lead's timeline --------------------------------------------------------------------


def persistent_timeline(
    created_at: datetime, now: datetime, timezone: str, *, rounds: int = 12
) -> tuple[list[Touch], Stop]:
    """The persistent preset's timeline for a new lead, as ``cadence.plan`` gives it.

    Args:
        created_at: When the lead arrived (aware).
        now: The present (aware); every touch is after it.
        timezone: The lead's IANA zone.
        rounds: Rounds of contact before giving up.

    Returns:
        The touches, each ``(at, channel, voicemail, round, reason, assumed)`` with ``at`` a
        ``pendulum.DateTime`` in the lead's zone, and the stop ``(reason, at)``.
    """
    return _timeline(created_at, now, _zone(timezone, Timezone), rounds, pendulum=True)


def persistent_timeline_stdlib(
    created_at: datetime, now: datetime, timezone: str, *, rounds: int = 12
) -> tuple[list[Touch], Stop]:
    """:func:`persistent_timeline` with stdlib datetimes in a ``zoneinfo.ZoneInfo`` zone."""
    return _timeline(created_at, now, _zone(timezone, ZoneInfo), rounds, pendulum=False)


def _timeline(  # noqa: C901, PLR0912, PLR0915 - one loop, written out for speed
    created_at: datetime, now: datetime, zone: ZoneInfo, rounds: int, *, pendulum: bool
) -> tuple[list[Touch], Stop]:
    now = _utc(now)
    soon = now + _SOON
    touches: list[Touch] = []
    append = touches.append
    voicemail: datetime | None = None  # the latest voicemail (the limit allows one a week)
    voicemail_offset = _DAY
    # The first round is due when the lead arrived. Nothing is planned before it, so where
    # the window places it at or before now, it starts again from the minute after now.
    at, local, moved = _window(_utc(created_at), zone)
    if at <= now:
        at, local, moved = _overdue(now, zone)
    index = 0  # of the round: ``at`` and ``local`` are its call, placed
    while True:
        if index == rounds:
            shown = _pendulum(local, zone) if pendulum else local
            return touches, (f"stopped: {rounds} rounds were done", shown)
        if at > soon and at > _horizon(now, zone):
            return touches, _horizon_stop(now, zone, pendulum)
        offset = zone.utcoffset(local)
        gap = index if index < 2 else 2 + (index & 1)  # _gap(index), inline
        index += 1
        if not pendulum:
            shown = local
        elif local.fold:
            shown = _pendulum(local, zone)
        else:  # as _pendulum() builds it, inline
            shown = DateTime(
                local.year, local.month, local.day, local.hour, local.minute,
                local.second, local.microsecond, zone,
            )  # fmt: skip
        append((
            shown,
            _CALL, False, index, _ROUND_REASONS[gap][moved], _NO_ANSWER,
        ))  # fmt: skip
        last = start = at

        # The double tap: the call again, at once, within 15 minutes; it leaves a voicemail
        # unless one was left in the week before.
        tap = at + _MINUTE if not (at.second or at.microsecond) else _next_minute(at)
        local = tap.astimezone(zone)
        if local.weekday() < 5 and 9 <= local.hour < 18:
            moved = False
        else:
            tap, local = _open(tap, local, zone)
            moved = True
            if tap > at + _TAP_EXPIRES:  # too late: on to the next round
                tap = None
        if tap is not None:
            if voicemail is None or voicemail <= tap - _NINE_DAYS:
                limited = False
            elif voicemail > tap - _FIVE_DAYS:
                limited = True
            else:
                limited = _limited(tap, local, voicemail, voicemail_offset, zone)
            if tap > soon and tap > _horizon(now, zone):
                return touches, _horizon_stop(now, zone, pendulum)
            if not pendulum:
                shown = local
            elif local.fold:
                shown = _pendulum(local, zone)
            else:  # as _pendulum() builds it, inline
                shown = DateTime(
                    local.year, local.month, local.day, local.hour, local.minute,
                    local.second, local.microsecond, zone,
                )  # fmt: skip
            append((
                shown,
                _CALL, not limited, index, _TAP_REASONS[moved + 2 * limited],
                _NO_ANSWER if limited else _VOICEMAIL_LEFT,
            ))  # fmt: skip
            last = tap
            if not limited:
                voicemail = tap
                voicemail_offset = zone.utcoffset(local)
                # An SMS, then an email, from a minute after the voicemail, within a
                # calendar day of it.
                due = tap + _MINUTE
                local = due.astimezone(zone)
                stamped = due + zone.utcoffset(local) + _DAY
                if local.weekday() < 5 and 9 <= local.hour < 18:
                    sms = due
                    moved = False
                else:
                    sms, local = _open(due, local, zone)
                    moved = True
                wall_offset = zone.utcoffset(stamped)
                expires = stamped - wall_offset
                if sms <= expires:  # else neither message can be sent in time
                    expires = _exact(stamped, wall_offset, zone)
                if sms <= expires:
                    if sms > soon and sms > _horizon(now, zone):
                        return touches, _horizon_stop(now, zone, pendulum)
                    if not pendulum:
                        shown = local
                    elif local.fold:
                        shown = _pendulum(local, zone)
                    else:  # as _pendulum() builds it, inline
                        shown = DateTime(
                            local.year, local.month, local.day, local.hour, local.minute,
                            local.second, local.microsecond, zone,
                        )  # fmt: skip
                    append((
                        shown,
                        _SMS, False, index, _SMS_REASONS[moved], _SENT,
                    ))  # fmt: skip
                    last = sms
                    email = (
                        sms + _MINUTE if not (sms.second or sms.microsecond) else _next_minute(sms)
                    )
                    local = email.astimezone(zone)
                    if local.weekday() < 5 and 9 <= local.hour < 18:
                        moved = False
                    else:
                        email, local = _open(email, local, zone)
                        moved = True
                    if email <= expires:
                        if email > soon and email > _horizon(now, zone):
                            return touches, _horizon_stop(now, zone, pendulum)
                        if not pendulum:
                            shown = local
                        elif local.fold:
                            shown = _pendulum(local, zone)
                        else:  # as _pendulum() builds it, inline
                            shown = DateTime(
                                local.year, local.month, local.day, local.hour, local.minute,
                                local.second, local.microsecond, zone,
                            )  # fmt: skip
                        append((
                            shown,
                            _EMAIL, False, index, _EMAIL_REASONS[moved], _SENT,
                        ))  # fmt: skip
                        last = email

        # The next round: the gap's calendar days after this round's call, on its clock,
        # and after the minute of the latest touch.
        stamped = start + offset + _GAPS[index if index < 2 else 2 + (index & 1)]
        wall_offset = zone.utcoffset(stamped)
        due = stamped - wall_offset
        earliest = last + _MINUTE if not (last.second or last.microsecond) else _next_minute(last)
        if due > earliest:
            local = due.astimezone(zone)
            if zone.utcoffset(local) != wall_offset:  # inside a gap
                due = max(_gap_end(stamped, due, zone), earliest)
                local = due.astimezone(zone)
        else:  # the due time is at most the instant of its wall time: earliest wins
            due = earliest
            local = due.astimezone(zone)
        if local.weekday() < 5 and 9 <= local.hour < 18:
            at = due
            moved = False
        else:
            at, local = _open(due, local, zone)
            moved = True


# -- the next touch after a history -----------------------------------------------------------


def persistent_next_touch(  # noqa: C901, PLR0911, PLR0912, PLR0915 - written out for speed
    created_at: datetime,
    now: datetime,
    timezone: str,
    history: list[HistoryTouch],
    *,
    rounds: int = 12,
) -> Touch | None:
    """The next touch of the persistent preset after a history, as ``cadence.next_touch``.

    Replays the history to find its rounds (a touch starts a round when the next round is due
    and it is not the double tap or a message after a voicemail), then proposes the double
    tap, the messages after a voicemail, or the next round, as the preset does.

    Args:
        created_at: When the lead arrived (aware).
        now: The present (aware); the touch is after it, and every history touch at or before.
        timezone: The lead's IANA zone.
        history: ``(at, channel, outcome)`` of each touch, in any order, on call, SMS or email,
            with any outcome but ``bounced`` (the preset's own touches, carried out).
        rounds: Rounds of contact before giving up.

    Returns:
        ``(at, channel, voicemail, round, reason, assumed)`` with ``at`` a
        ``pendulum.DateTime`` in the lead's zone, or None when the cadence is over.
    """
    zone = _zone(timezone, Timezone)
    created = _utc(created_at)
    now = _utc(now)
    started = 0  # rounds started so far
    stamped = created  # the next round's due wall time, once asked
    wall_offset = _DAY  # and its zone offset
    due: datetime | None = None  # the next round's due time (or after it, inside a gap)
    exact = False  # whether ``due`` is exactly the due time
    before = created  # a time before which no touch starts the next round
    last = last_start = created  # the latest touch, the latest round's first
    unanswered = False  # whether it is an unanswered call
    calls = 0  # calls in the latest round
    voicemail: datetime | None = None  # the latest round's latest voicemail
    expires: datetime | None = None  # when the messages after it expire, once asked
    texted = emailed = False  # whether they were sent
    latest: datetime | None = None  # the latest voicemail of all

    for at, channel, outcome in sorted(history):
        if at.tzinfo is not UTC or type(at) is not datetime:
            at = _utc(at)  # noqa: PLW2901
        if not started:
            new_round = True
        elif at < before:
            new_round = False
        else:
            if due is None:
                stamped = last_start + zone.utcoffset(last_start.astimezone(zone))
                stamped += _GAPS[_gap(started)]
                wall_offset = zone.utcoffset(stamped)
                due = stamped - wall_offset
            if at < due and not exact:
                due = before = _exact(stamped, wall_offset, zone)
                exact = True
            new_round = at >= due and not (
                (channel == _CALL and unanswered and calls == 1 and at <= last + _TAP_EXPIRES)
                or (
                    voicemail is not None
                    and ((channel == _SMS and not texted) or (channel == _EMAIL and not emailed))
                    and voicemail + _MINUTE <= at
                    and at <= (expires or (expires := _expiry(voicemail, zone)))
                )
            )
        if new_round:
            started += 1
            last_start = at
            due = None
            exact = False
            # The next round is due its gap's calendar days after this one: less than two
            # days off the instant plus those days, as offsets are less than a day.
            before = at + _GAPS[_gap(started)] - _TWO_DAYS
            calls = 0
            voicemail = None
        if channel == _CALL:
            calls += 1
            unanswered = outcome == _NO_ANSWER
            if outcome == _VOICEMAIL_LEFT:
                voicemail = latest = at
                expires = None
                texted = emailed = False
        else:
            unanswered = False
            if channel == _SMS:
                texted = True
            elif channel == _EMAIL:
                emailed = True
        last = at

    if started > rounds:
        return None
    soon = now + _SOON
    if not started:
        at, local, moved = _placed(created, now, zone)
        if at > soon and at > _horizon(now, zone):
            return None
        return (_pendulum(local, zone), _CALL, False, 1, _ROUND_REASONS[0][moved], _NO_ANSWER)
    earliest = _next_minute(last)
    if unanswered and calls == 1:
        # The double tap: right after the unanswered call, within 15 minutes.
        tap, local, moved = _placed(earliest, now, zone)
        if tap <= last + _TAP_EXPIRES:
            if latest is None or latest <= tap - _NINE_DAYS:
                limited = False
            elif latest > tap - _FIVE_DAYS:
                limited = True
            else:
                offset = zone.utcoffset(latest.astimezone(zone))
                limited = _limited(tap, local, latest, offset, zone)
            if tap > soon and tap > _horizon(now, zone):
                return None
            return (
                _pendulum(local, zone), _CALL, not limited, started,
                _TAP_REASONS[moved + 2 * limited], _NO_ANSWER if limited else _VOICEMAIL_LEFT,
            )  # fmt: skip
    if voicemail is not None and not (texted and emailed):
        # The messages after the voicemail, from a minute after it, within a day. Both are
        # placed alike: when the first is too late, so is the other.
        message, local, moved = _placed(max(voicemail + _MINUTE, earliest), now, zone)
        if message <= (expires or _expiry(voicemail, zone)):
            if message > soon and message > _horizon(now, zone):
                return None
            if texted:
                return (_pendulum(local, zone), _EMAIL, False, started, _EMAIL_REASONS[moved],
                        _SENT)  # fmt: skip
            return (_pendulum(local, zone), _SMS, False, started, _SMS_REASONS[moved], _SENT)
    if started >= rounds:
        return None
    # The next round, after the minute of the latest touch.
    if due is None:
        stamped = last_start + zone.utcoffset(last_start.astimezone(zone))
        stamped += _GAPS[_gap(started)]
        wall_offset = zone.utcoffset(stamped)
        due = stamped - wall_offset
    if due > earliest:
        local = due.astimezone(zone)
        if not exact and zone.utcoffset(local) != wall_offset:  # inside a gap
            due = max(_gap_end(stamped, due, zone), earliest)
            local = due.astimezone(zone)
    else:  # the due time is at most ``due``: earliest wins
        due = earliest
        local = due.astimezone(zone)
    if local.weekday() < 5 and 9 <= local.hour < 18:
        at = due
        moved = False
    else:
        at, local = _open(due, local, zone)
        moved = True
    if at <= now:
        at, local, moved = _overdue(now, zone)
    if at > soon and at > _horizon(now, zone):
        return None
    return (_pendulum(local, zone), _CALL, False, started + 1,
            _ROUND_REASONS[_gap(started)][moved], _NO_ANSWER)  # fmt: skip


def _expiry(voicemail: datetime, zone: tzinfo) -> datetime:
    """When the messages after ``voicemail`` expire: a calendar day after their due time."""
    due = voicemail + _MINUTE
    stamped = due + zone.utcoffset(due.astimezone(zone)) + _DAY
    return _exact(stamped, zone.utcoffset(stamped), zone)


def _placed(instant: datetime, now: datetime, zone: tzinfo) -> tuple[datetime, datetime, bool]:
    """Where the limits place a touch from ``instant``: from the minute after now if not later."""
    at, local, moved = _window(instant, zone)
    if at <= now:
        at, local, moved = _overdue(now, zone)
    return at, local, moved


def _overdue(now: datetime, zone: tzinfo) -> tuple[datetime, datetime, bool]:
    """An overdue touch: placed from the minute after now, and whether the window holds it.

    The window holds it back at its place when a minute earlier lies outside it (so a touch
    placed at 09:00 from 08:59:30 names the window, as ``plan()`` does).
    """
    at, local, _ = _window(_next_minute(now), zone)
    before = (at - _MINUTE).astimezone(zone)
    return at, local, not (before.weekday() < 5 and 9 <= before.hour < 18)
