"""A lead's state as plain data and back: what :class:`cadence.Snapshot` stores.

Instants are whole microseconds since 1970 in UTC; channels and outcomes their values. The
state is a JSON array of its fields in a fixed order (:func:`state_payload`): no key is
written or read, and each kept touch is two numbers, its instant and the index of its
channel and outcome in a short table of the pairs that occur. A touch of the current round,
and the latest one, are the index of the same kept touch (the state holds one object for
both), or the touch itself when it is older than what is kept.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cadence.channels import Channel
from cadence.events import Outcome
from cadence.state import Attempt, State

__all__ = [
    "STATE_FIELDS",
    "instant",
    "kept_touches",
    "micros",
    "optional_instant",
    "optional_micros",
    "restore_state",
    "state_payload",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)

STATE_FIELDS = 20
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
    _OPTED_OUT,
    _OPTED_OUT_ALL,
    _UNREACHABLE,
    _SNOOZED_UNTIL,
    _PURCHASED_AT,
    _LOST_AT,
    _REPLIED_AT,
    _MEETING_BOOKED_AT,
) = range(STATE_FIELDS)


def micros(at: datetime) -> int:
    """A UTC instant as whole microseconds since 1970."""
    return (at - _EPOCH) // _MICROSECOND


def instant(count: int) -> datetime:
    """The UTC instant ``count`` microseconds after 1970."""
    return _EPOCH + timedelta(0, 0, count)


def optional_micros(at: datetime | None) -> int | None:
    """:func:`micros`, or None for None."""
    return None if at is None else micros(at)


def optional_instant(count: int | None) -> datetime | None:
    """:func:`instant`, or None for None."""
    return None if count is None else _EPOCH + timedelta(0, 0, count)


_CHANNELS: dict[str, Channel] = {channel.value: channel for channel in Channel}
_OUTCOMES: dict[str, Outcome] = {outcome.value: outcome for outcome in Outcome}
# An attempt from its three fields at once, without the named tuple's own ``__new__``.
_new_tuple = tuple.__new__


def _channel(value: str) -> Channel:
    found = _CHANNELS.get(value)
    return Channel(value) if found is None else found  # a channel of the CRM's own


def _by_channel(state: State) -> list[tuple[Channel, int]]:
    return sorted(state._attempts_by_channel.items())  # noqa: SLF001 - the snapshot stores it


def kept_touches(fields: list[Any]) -> int:
    """How many past touches the stored state ``fields`` keeps."""
    return len(fields[_TOUCHES]) // 2


def state_payload(state: State, touches: list[Attempt]) -> list[Any]:
    """The state's fields as plain data, with ``touches`` as the past touches it keeps."""
    kinds: dict[tuple[str, str], int] = {}
    flat: list[int] = []
    for touch in touches:
        kind = (touch.channel.value, touch.outcome.value)
        flat += (micros(touch.at), kinds.setdefault(kind, len(kinds)))
    # By value, as equal touches are one for every rule: the later of two equal ones.
    places = {touch: place for place, touch in enumerate(touches)}

    def touch_item(touch: Attempt) -> int | list[Any]:
        place = places.get(touch)
        if place is not None:
            return place
        return [micros(touch.at), touch.channel.value, touch.outcome.value]

    last = state.last_touch
    return [
        micros(state.enrolled_at),
        state.enrollment,
        state.attempts,
        state.contacts,
        [item for channel, count in _by_channel(state) for item in (channel.value, count)],
        state.rounds,
        state.skipped_rounds,
        optional_micros(state.round_started_at),
        [list(kind) for kind in kinds],
        flat,
        [touch_item(touch) for touch in state.round_touches],
        None if last is None else touch_item(last),
        sorted(channel.value for channel in state.opted_out),
        optional_micros(state.opted_out_all),
        sorted(channel.value for channel in state.unreachable),
        optional_micros(state.snoozed_until),
        optional_micros(state.purchased_at),
        optional_micros(state.lost_at),
        optional_micros(state.replied_at),
        optional_micros(state.meeting_booked_at),
    ]


def restore_state(state: State, fields: list[Any]) -> None:
    """Set a fresh state's fields to the stored ones (``fields`` from :func:`state_payload`)."""
    epoch = _EPOCH
    state.enrolled_at = epoch + timedelta(0, 0, fields[_ENROLLED_AT])
    state.enrollment = fields[_ENROLLMENT]
    state.attempts = fields[_ATTEMPTS]
    state.contacts = fields[_CONTACTS]
    counts = fields[_BY_CHANNEL]
    state._attempts_by_channel = {  # noqa: SLF001 - the snapshot restores it
        _channel(counts[place]): counts[place + 1] for place in range(0, len(counts), 2)
    }
    state.rounds = fields[_ROUNDS]
    state.skipped_rounds = fields[_SKIPPED_ROUNDS]
    state.round_started_at = optional_instant(fields[_ROUND_STARTED_AT])
    kinds = [(_channel(channel), _OUTCOMES[outcome]) for channel, outcome in fields[_KINDS]]
    flat = fields[_TOUCHES]
    times = [epoch + timedelta(0, 0, flat[place]) for place in range(0, len(flat), 2)]
    touches: list[Attempt] = [
        _new_tuple(Attempt, (at, *kinds[kind])) for at, kind in zip(times, flat[1::2], strict=True)
    ]

    def touch_of(item: int | list[Any]) -> Attempt:
        if type(item) is int:
            return touches[item]
        at, channel, outcome = item  # type: ignore[misc]
        return Attempt(epoch + timedelta(0, 0, at), _channel(channel), _OUTCOMES[outcome])

    state.round_touches = [touch_of(item) for item in fields[_ROUND_TOUCHES]]
    last_touch = fields[_LAST_TOUCH]
    state.last_touch = None if last_touch is None else touch_of(last_touch)
    state.touches = touches
    voicemail = Outcome.VOICEMAIL_LEFT
    state._voicemails = [  # noqa: SLF001 - the snapshot restores it
        touch.at for touch in touches if touch[2] is voicemail
    ]
    state._times = {None: times}  # noqa: SLF001 - as above
    if fields[_OPTED_OUT]:
        state.opted_out = {_channel(name) for name in fields[_OPTED_OUT]}
    state.opted_out_all = optional_instant(fields[_OPTED_OUT_ALL])
    if fields[_UNREACHABLE]:
        state.unreachable = {_channel(name) for name in fields[_UNREACHABLE]}
    state.snoozed_until = optional_instant(fields[_SNOOZED_UNTIL])
    state.purchased_at = optional_instant(fields[_PURCHASED_AT])
    state.lost_at = optional_instant(fields[_LOST_AT])
    state.replied_at = optional_instant(fields[_REPLIED_AT])
    state.meeting_booked_at = optional_instant(fields[_MEETING_BOOKED_AT])
