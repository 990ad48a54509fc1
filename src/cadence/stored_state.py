"""A lead's state as plain data and back: what :class:`cadence.Snapshot` stores.

Instants are whole microseconds since 1970 in UTC; channels and outcomes their values.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from cadence.channels import Channel
from cadence.events import Outcome
from cadence.state import Attempt, State

__all__ = [
    "instant",
    "micros",
    "optional_instant",
    "optional_micros",
    "restore_state",
    "state_payload",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


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
    return None if count is None else instant(count)


_CHANNELS: dict[str, Channel] = {channel.value: channel for channel in Channel}
_OUTCOMES: dict[str, Outcome] = {outcome.value: outcome for outcome in Outcome}


def _channel(value: str) -> Channel:
    found = _CHANNELS.get(value)
    return Channel(value) if found is None else found  # a channel of the CRM's own


def _attempt(item: list[Any]) -> Attempt:
    return Attempt(_EPOCH + timedelta(0, 0, item[0]), _channel(item[1]), _OUTCOMES[item[2]])


def _row(attempt: Attempt) -> list[Any]:
    return [micros(attempt.at), attempt.channel.value, attempt.outcome.value]


def _by_channel(state: State) -> list[tuple[Channel, int]]:
    return sorted(state._attempts_by_channel.items())  # noqa: SLF001 - the snapshot stores it


def _again(item: list[Any], kept: dict[datetime, Attempt]) -> Attempt:
    attempt = kept.get(_EPOCH + timedelta(0, 0, item[0]))
    if attempt is not None and attempt.channel == item[1] and attempt.outcome == item[2]:
        return attempt
    return _attempt(item)


def restore_state(state: State, payload: dict[str, Any]) -> None:
    """Set a fresh state's fields to the stored ones."""
    state.enrolled_at = instant(payload["enrolled_at"])
    state.enrollment = payload["enrollment"]
    state.attempts = payload["attempts"]
    state.contacts = payload["contacts"]
    state._attempts_by_channel = {  # noqa: SLF001 - the snapshot restores it
        _channel(name): count for name, count in payload["by_channel"].items()
    }
    state.rounds = payload["rounds"]
    state.skipped_rounds = payload["skipped_rounds"]
    state.round_started_at = optional_instant(payload["round_started_at"])
    touches = [_attempt(item) for item in payload["touches"]]
    # The round's touches and the last one are most often the latest kept: read them once.
    kept = {touch.at: touch for touch in touches}
    state.round_touches = [_again(item, kept) for item in payload["round_touches"]]
    last_touch = payload["last_touch"]
    state.last_touch = None if last_touch is None else _again(last_touch, kept)
    state.touches = touches
    state._voicemails = [  # noqa: SLF001 - the snapshot restores it
        touch.at for touch in touches if touch.outcome is Outcome.VOICEMAIL_LEFT
    ]
    state._times = {None: [touch.at for touch in touches]}  # noqa: SLF001 - as above
    state.opted_out = {_channel(name) for name in payload["opted_out"]}
    state.opted_out_all = optional_instant(payload["opted_out_all"])
    state.unreachable = {_channel(name) for name in payload["unreachable"]}
    state.snoozed_until = optional_instant(payload["snoozed_until"])
    state.purchased_at = optional_instant(payload["purchased_at"])
    state.lost_at = optional_instant(payload["lost_at"])
    state.replied_at = optional_instant(payload["replied_at"])
    state.meeting_booked_at = optional_instant(payload["meeting_booked_at"])


def state_payload(state: State, touches: list[Attempt]) -> dict[str, Any]:
    """The state's fields as plain data, with ``touches`` as the past touches it keeps."""
    return {
        "enrolled_at": micros(state.enrolled_at),
        "enrollment": state.enrollment,
        "attempts": state.attempts,
        "contacts": state.contacts,
        "by_channel": {channel.value: count for channel, count in _by_channel(state)},
        "rounds": state.rounds,
        "skipped_rounds": state.skipped_rounds,
        "round_started_at": optional_micros(state.round_started_at),
        "round_touches": [_row(touch) for touch in state.round_touches],
        "last_touch": None if state.last_touch is None else _row(state.last_touch),
        "touches": [_row(touch) for touch in touches],
        "opted_out": sorted(channel.value for channel in state.opted_out),
        "opted_out_all": optional_micros(state.opted_out_all),
        "unreachable": sorted(channel.value for channel in state.unreachable),
        "snoozed_until": optional_micros(state.snoozed_until),
        "purchased_at": optional_micros(state.purchased_at),
        "lost_at": optional_micros(state.lost_at),
        "replied_at": optional_micros(state.replied_at),
        "meeting_booked_at": optional_micros(state.meeting_booked_at),
    }
