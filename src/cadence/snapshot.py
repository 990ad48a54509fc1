"""A stored state: a lead's history folded once, kept as bytes, so a replan folds only what is new.

A CRM replans a lead after every event. Folding the whole history each time costs in
proportion to its length; a :class:`Snapshot` is the fold's result, small enough to keep in
a column next to the lead, and :func:`cadence.plan` goes on from it with the new events
only (``since=snapshot``), giving exactly the timeline the whole history gives.

The snapshot keeps the counts, the current round, the latest touch and the lead's status,
and of the older touches only those the cadence's rules may still read: each rule says how
far back it looks (:attr:`cadence.rules.Limit.lookback` and the same on every kind), and a
rule of one's own that does not say keeps them all.
"""

from __future__ import annotations

import json
import json.scanner
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any, Final

from cadence._time import check_aware, shift_back, to_local, to_utc
from cadence.cadence import Cadence, Rules
from cadence.errors import InvalidTypeError, InvalidValueError
from cadence.events import Event, check_history
from cadence.fingerprint import cadence_fingerprint, lead_fingerprint
from cadence.lead import Lead
from cadence.protocol.combination import longest_lookback
from cadence.replay import Replay, in_order
from cadence.state import State
from cadence.stored_state import (
    STATE_FIELDS,
    instant,
    kept_touches,
    optional_instant,
    optional_text,
    restore_state,
    state_payload,
)

__all__ = ["SNAPSHOT_FORMAT", "Snapshot", "SnapshotError", "resumed"]

SNAPSHOT_FORMAT: Final = 2
"""The version of the bytes :meth:`Snapshot.to_bytes` writes; other versions are refused."""

_MAGIC = b"cadence-snapshot:"
# The place of each item in the stored array, the state's own fields after them. Format 1
# was a JSON object with a "format" key: it is still recognised, to be refused clearly.
_FORMAT, _CADENCE, _LEAD, _EVENTS, _LAST_EVENT, _DUE_ASKED_AT, _STATE = range(7)
_ITEMS = _STATE + STATE_FIELDS
# The JSON scanner itself: ``json.loads`` adds a detection of the text's encoding and two
# layers of calls, which cost as much as the scan of a small snapshot.
_scan: Callable[[str, int], tuple[Any, int]] = json.scanner.make_scanner(
    json.JSONDecoder()  # type: ignore[arg-type]  # typeshed asks for the scanner type itself
)
# Questions are asked from the minute before the latest touch on: a day's margin is ample.
_MARGIN = timedelta(days=1)


class SnapshotError(InvalidValueError):
    """A stored state that cannot be used: fold the whole history again.

    Raised for bytes that are no snapshot, another format version, a cadence or lead that
    differs from the one the snapshot was made for, and events that are not after the
    snapshot's latest event.
    """


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _cut(rules: Rules, state: State) -> datetime | None:
    """The earliest touch the rules may still read, or None to keep every touch."""
    latest = state.latest
    if latest is None:
        return None
    lookback = longest_lookback(
        (rules.rhythm, rules.channels, *rules.reactions, *rules.limits, rules.stop)
    )
    if lookback is None:
        return None
    return shift_back(latest.at - _MARGIN, lookback, state.zone)


class Snapshot:
    """A lead's history folded into the planner's state, to be stored and planned from.

    Make one with :meth:`of`, keep its :meth:`to_bytes` next to the lead, read it back with
    :meth:`from_bytes`, and plan with the events since: ``plan(cadence, lead, new_events,
    now=now, since=snapshot)`` gives exactly what the whole history gives. After the new
    events, ``Snapshot.of(cadence, lead, new_events, now=now, since=snapshot)`` is the next
    one to store.

    A snapshot is tied to its cadence and lead: it records a fingerprint of each (of their
    plain data, :meth:`Cadence.to_dict` and :meth:`Lead.to_dict`) and refuses another, and
    it refuses events that are not after its latest event (one that arrived late): fold the
    whole history again then. It is plain data, never pickle: JSON text behind a header that
    names :data:`SNAPSHOT_FORMAT`.

    Attributes:
        last_event: When the latest event it folded happened, in UTC (None for none).
        events: How many events it folded, in all.
        kept: How many touches it keeps (the rules' look-back, the latest touch, the round).
    """

    __slots__ = ("_data", "_payload")

    _payload: list[Any]
    _data: bytes | None

    def __init__(self) -> None:
        raise InvalidTypeError(
            "Snapshot: make one with Snapshot.of() or read one with Snapshot.from_bytes()"
        )

    @classmethod
    def _made(cls, payload: list[Any], data: bytes | None = None) -> Snapshot:
        made = object.__new__(cls)
        made._payload = payload
        made._data = data
        return made

    # -- making one ------------------------------------------------------------------------

    @classmethod
    def of(
        cls,
        cadence: Cadence,
        lead: Lead,
        history: Iterable[Event] = (),
        *,
        now: datetime,
        since: Snapshot | None = None,
    ) -> Snapshot:
        """The state after ``history`` (after ``since`` and then ``history``, if given).

        Args:
            cadence: The rules the lead is planned with.
            lead: The lead.
            history: Its events, in any order; with ``since``, the events after it.
            now: The present: every event is at or before it.
            since: A snapshot to go on from.

        Raises:
            SnapshotError: for a ``since`` made for another cadence or lead, or an event
                that is not after its latest event.
            InvalidTypeError: for a cadence that does not write to plain data.
        """
        replay, events, last = cls._replayed(cadence, lead, history, now, since)
        return cls._of_replay(cadence, lead, replay, events, last)

    @classmethod
    def _replayed(
        cls,
        cadence: Cadence,
        lead: Lead,
        history: Iterable[Event],
        now: datetime,
        since: Snapshot | None,
    ) -> tuple[Replay, int, datetime | None]:
        if not isinstance(cadence, Cadence):
            raise InvalidTypeError(f"cadence: expected a Cadence, got {cadence!r}")
        if not isinstance(lead, Lead):
            raise InvalidTypeError(f"lead: expected a Lead, got {lead!r}")
        present = to_utc(check_aware(now, "now"))
        ordered = in_order(check_history(history), present)
        rules = cadence.for_lead(lead)
        if since is None:
            replay = Replay(rules, lead, present)
            events, last = 0, None
        else:
            if not isinstance(since, Snapshot):
                raise InvalidTypeError(f"since: expected a Snapshot, got {since!r}")
            replay = since._replay(cadence, lead, rules, present)  # noqa: SLF001 - this module's own
            events, last = since.events, since.last_event
            since._check_after(ordered)  # noqa: SLF001 - this module's own
        replay.fold_ordered(ordered)
        if ordered:
            last = ordered[-1][0]
        return replay, events + len(ordered), last

    @classmethod
    def _of_replay(
        cls, cadence: Cadence, lead: Lead, replay: Replay, events: int, last: datetime | None
    ) -> Snapshot:
        state = replay.state
        cut = _cut(replay.rules, state)
        touches = state.touches
        if cut is not None:
            kept = [touch for touch in touches if touch.at >= cut]
            if not kept and touches:
                kept = [touches[-1]]
            touches = kept
        payload = [
            SNAPSHOT_FORMAT,
            cadence_fingerprint(cadence),
            lead_fingerprint(lead),
            events,
            optional_text(last),
            optional_text(replay.due_asked_at),
            *state_payload(state, touches),
        ]
        return cls._made(payload)

    # -- bytes -----------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The snapshot as compact bytes to store: a header, then JSON text (an array)."""
        if self._data is None:
            text = json.dumps(self._payload, separators=(",", ":"))
            self._data = _MAGIC + text.encode()
        return self._data

    @classmethod
    def from_bytes(cls, data: bytes) -> Snapshot:
        """Read back what :meth:`to_bytes` wrote.

        Raises:
            SnapshotError: for bytes that are not a snapshot, or of another format version.
        """
        if not isinstance(data, bytes | bytearray | memoryview):
            raise InvalidTypeError(f"data: expected the bytes of a snapshot, got {_brief(data)}")
        if type(data) is not bytes:
            data = bytes(data)
        if not data.startswith(_MAGIC):
            raise SnapshotError("data: expected the bytes of a cadence Snapshot.to_bytes()")
        try:
            text = data.decode()
            payload, end = _scan(text, len(_MAGIC))
            if end != len(text):
                raise ValueError("more after the snapshot")  # noqa: TRY301 - one answer for all
            version = payload[_FORMAT] if type(payload) is list else payload["format"]
        except (ValueError, KeyError, TypeError, IndexError, StopIteration):
            raise SnapshotError("data: a cadence snapshot that is damaged") from None
        if version != SNAPSHOT_FORMAT:
            raise SnapshotError(
                f"data: a snapshot of format {version!r}; this version of cadence reads format "
                f"{SNAPSHOT_FORMAT}: fold the whole history again"
            )
        if len(payload) != _ITEMS:
            raise SnapshotError("data: a cadence snapshot that is damaged")
        return cls._made(payload, data)

    # -- reading it ------------------------------------------------------------------------

    @property
    def last_event(self) -> datetime | None:
        """When the latest event it folded happened, in UTC; None if it folded none."""
        return optional_instant(self._payload[_LAST_EVENT])

    @property
    def events(self) -> int:
        """How many events it folded, in all."""
        return int(self._payload[_EVENTS])

    @property
    def kept(self) -> int:
        """How many past touches it keeps for the rules to read."""
        return kept_touches(self._payload[_STATE:])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return self._payload == other._payload

    def __hash__(self) -> int:
        return hash(self.to_bytes())

    def __repr__(self) -> str:
        last = self.last_event
        shown = "none" if last is None else last.isoformat()
        return f"<Snapshot of {self.events} events, the latest at {shown}, {self.kept} kept>"

    def check_for(self, cadence: Cadence, lead: Lead) -> None:
        """Refuse a cadence or lead other than the snapshot's.

        Raises:
            SnapshotError: naming which one differs.
        """
        payload = self._payload
        if payload[_CADENCE] != cadence_fingerprint(cadence):
            raise SnapshotError(
                "since: the snapshot was made for another cadence (its to_dict() differs): "
                "fold the whole history again"
            )
        if payload[_LEAD] != lead_fingerprint(lead):
            raise SnapshotError(
                "since: the snapshot was made for another lead, or the lead changed (its "
                "to_dict() differs): fold the whole history again"
            )

    def _check_after(self, ordered: list[tuple[datetime, Event]]) -> None:
        """Refuse events (in replay order) that are not after the snapshot's latest event.

        Raises:
            SnapshotError: for the first such event.
        """
        last = self._payload[_LAST_EVENT]
        if last is None or not ordered:
            return
        first_at, first = ordered[0]
        if first_at <= instant(last):
            shown = self.last_event.isoformat()  # type: ignore[union-attr]
            raise SnapshotError(
                f"history: an event at {first.at.isoformat()} is not after the snapshot's "
                f"latest event ({shown}): fold the whole history again"
            )

    def _replay(self, cadence: Cadence, lead: Lead, rules: Rules, now: datetime) -> Replay:
        """A replay of the lead that goes on from this state, at ``now`` (a UTC instant).

        Raises:
            SnapshotError: for another cadence or lead, or a ``now`` before the latest event.
        """
        self.check_for(cadence, lead)
        payload = self._payload
        last = payload[_LAST_EVENT]
        if last is not None and now < instant(last):
            raise InvalidValueError(
                f"now: expected an instant at or after the snapshot's latest event "
                f"({to_local(instant(last), lead.zone).isoformat()}), got {now.isoformat()}"
            )
        replay = Replay(rules, lead, now)
        restore_state(replay.state, payload[_STATE:])
        replay.resume(optional_instant(payload[_DUE_ASKED_AT]))
        return replay


def resumed(  # noqa: PLR0913 - the engine's own arguments
    since: Snapshot,
    cadence: Cadence,
    lead: Lead,
    rules: Rules,
    history: Iterable[Event],
    *,
    now: datetime,
) -> Replay:
    """The replay after ``since`` and then ``history`` (events after it), at ``now`` (UTC).

    Raises:
        SnapshotError: for another cadence or lead, or an event not after ``since``'s latest.
    """
    if not isinstance(since, Snapshot):
        raise InvalidTypeError(f"since: expected a Snapshot, got {since!r}")
    ordered = in_order(history, now)
    since._check_after(ordered)  # noqa: SLF001 - this module's own
    replay = since._replay(cadence, lead, rules, now)  # noqa: SLF001 - this module's own
    replay.fold_ordered(ordered)
    return replay
