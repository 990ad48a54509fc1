"""A lead's state as plain data and back: what :class:`cadence.Snapshot` stores.

Instants are ISO 8601 text in UTC (``"2026-03-09T14:00:00+00:00"``), which
:meth:`datetime.fromisoformat` reads faster than any arithmetic on a count; channels and
outcomes are their values. The state is a JSON array of its fields in a fixed order
(:func:`state_payload`): no key is written or read, and each kept touch is two items, its
instant and the index of its channel and outcome in a short table of the pairs that occur.
A touch of the current round, and the latest one, are the index of the same kept touch (the
state holds one object for both), or the touch itself when it is older than what is kept.
"""

from __future__ import annotations

from datetime import datetime
from itertools import repeat
from typing import Any

from cadence.channels import Channel
from cadence.events import Outcome
from cadence.state import Attempt, State

__all__ = [
    "STATE_FIELDS",
    "instant",
    "instant_text",
    "kept_touches",
    "optional_instant",
    "optional_text",
    "restore_state",
    "state_payload",
]

STATE_FIELDS = 13
"""How many items :func:`state_payload` writes."""

# The place of each field in the array: the order of the format, never to be changed within
# a version of it.
(
    _ENROLLED_AT,
    _ENROLLMENT,
    _ATTEMPTS,
    _CONTACTS,
    _BY_CHANNEL,
    _ROUNDS,
    _SKIPPED_ROUNDS,
    _ROUND_STARTED_AT,
    _KINDS,
    _TOUCHES,
    _ROUND_TOUCHES,
    _LAST_TOUCH,
    _STATUS,
) = range(STATE_FIELDS)


_UTC_SUFFIX = "+00:00"
instant = datetime.fromisoformat
"""The UTC instant of what :func:`instant_text` wrote: a plain datetime whose zone is UTC."""


def instant_text(at: datetime) -> str:
    """A UTC instant as ISO 8601 text, such as ``"2026-03-09T14:00:00+00:00"``."""
    text = at.isoformat()
    assert text.endswith(_UTC_SUFFIX)  # noqa: S101 - the state holds UTC instants only
    return text


def optional_text(at: datetime | None) -> str | None:
    """:func:`instant_text`, or None for None."""
    return None if at is None else instant_text(at)


def optional_instant(text: str | None) -> datetime | None:
    """:func:`instant`, or None for None."""
    return None if text is None else instant(text)


_CHANNELS: dict[str, Channel] = {channel.value: channel for channel in Channel}
_OUTCOMES: dict[str, Outcome] = {outcome.value: outcome for outcome in Outcome}
# An attempt from its three fields at once, without the named tuple's own ``__new__``.
_new_tuple = tuple.__new__


def _channel(value: str) -> Channel:
    found = _CHANNELS.get(value)
    return Channel(value) if found is None else found  # a channel of the CRM's own


def _channels(values: list[str]) -> list[Channel]:
    """:func:`_channel` of each value."""
    known = _CHANNELS.get
    return [known(value) or Channel(value) for value in values]


def _by_channel(state: State) -> list[tuple[Channel, int]]:
    return sorted(state._attempts_by_channel.items())  # noqa: SLF001 - the snapshot stores it


def kept_touches(fields: list[Any]) -> int:
    """How many past touches the stored state ``fields`` keeps."""
    return len(fields[_TOUCHES]) // 2


def state_payload(state: State, touches: list[Attempt]) -> list[Any]:
    """The state's fields as plain data, with ``touches`` as the past touches it keeps."""
    kinds: dict[tuple[str, str], int] = {}
    flat: list[str | int] = []
    for touch in touches:
        kind = (touch.channel.value, touch.outcome.value)
        flat += (instant_text(touch.at), kinds.setdefault(kind, len(kinds)))
    # By value, as equal touches are one for every rule: the later of two equal ones.
    places = {touch: place for place, touch in enumerate(touches)}

    def touch_item(touch: Attempt) -> int | list[Any]:
        place = places.get(touch)
        if place is not None:
            return place
        return [instant_text(touch.at), touch.channel.value, touch.outcome.value]

    last = state.last_touch
    return [
        instant_text(state.enrolled_at),
        state.enrollment,
        state.attempts,
        state.contacts,
        {channel.value: count for channel, count in _by_channel(state)},
        state.rounds,
        state.skipped_rounds,
        optional_text(state.round_started_at),
        [list(kind) for kind in kinds],
        flat,
        [touch_item(touch) for touch in state.round_touches],
        None if last is None else touch_item(last),
        _status(state),
    ]


def _status(state: State) -> list[Any] | None:
    """The lead's opt-outs, bounces, snooze and ends, or None for none (most leads)."""
    status = [
        sorted(channel.value for channel in state.opted_out),
        optional_text(state.opted_out_all),
        sorted(channel.value for channel in state.unreachable),
        optional_text(state.snoozed_until),
        optional_text(state.purchased_at),
        optional_text(state.lost_at),
        optional_text(state.replied_at),
        optional_text(state.meeting_booked_at),
    ]
    return status if any(status) else None


def restore_state(state: State, fields: list[Any]) -> None:
    """Set a fresh state's fields to the stored ones (``fields`` from :func:`state_payload`)."""
    (
        enrolled_at,
        state.enrollment,
        state.attempts,
        state.contacts,
        counts,
        state.rounds,
        state.skipped_rounds,
        round_started_at,
        kinds,
        flat,
        round_touches,
        last_touch,
        status,
    ) = fields
    state.enrolled_at = instant(enrolled_at)
    known = _CHANNELS.get
    state._attempts_by_channel = {  # noqa: SLF001 - the snapshot restores it
        known(name) or Channel(name): count for name, count in counts.items()
    }
    state.round_started_at = optional_instant(round_started_at)
    channels = [known(channel) or Channel(channel) for channel, _ in kinds]
    outcomes = [_OUTCOMES[outcome] for _, outcome in kinds]
    times = list(map(instant, flat[::2]))
    of_kind = flat[1::2]
    # Each touch made from its three fields by the tuple's own constructor, in one pass.
    touches: list[Attempt] = list(
        map(
            _new_tuple,
            repeat(Attempt, len(times)),
            zip(
                times,
                map(channels.__getitem__, of_kind),
                map(outcomes.__getitem__, of_kind),
                strict=True,
            ),
        )
    )
    state.round_touches = [
        touches[item] if type(item) is int else _older(item) for item in round_touches
    ]
    state.last_touch = (
        None
        if last_touch is None
        else touches[last_touch]
        if type(last_touch) is int
        else _older(last_touch)
    )
    state.touches = touches
    if Outcome.VOICEMAIL_LEFT in outcomes:
        voicemail = Outcome.VOICEMAIL_LEFT
        state._voicemails = [  # noqa: SLF001 - the snapshot restores it
            touch.at for touch in touches if touch.outcome is voicemail
        ]
    state._times = {None: times}  # noqa: SLF001 - as above
    if status is not None:  # else the fresh state's own: no opt-out, bounce, snooze or end
        _restore_status(state, status)


def _restore_status(state: State, status: list[Any]) -> None:
    (
        opted_out,
        opted_out_all,
        unreachable,
        snoozed_until,
        purchased_at,
        lost_at,
        replied_at,
        meeting_booked_at,
    ) = status
    state.opted_out = set(_channels(opted_out))
    state.unreachable = set(_channels(unreachable))
    state.opted_out_all = optional_instant(opted_out_all)
    state.snoozed_until = optional_instant(snoozed_until)
    state.purchased_at = optional_instant(purchased_at)
    state.lost_at = optional_instant(lost_at)
    state.replied_at = optional_instant(replied_at)
    state.meeting_booked_at = optional_instant(meeting_booked_at)


def _older(item: list[Any]) -> Attempt:
    """A touch of the round, or the latest one, that is older than the kept ones."""
    at, channel, outcome = item
    return Attempt(instant(at), _channel(channel), _OUTCOMES[outcome])
