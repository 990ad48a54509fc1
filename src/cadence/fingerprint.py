"""Fingerprints of a cadence and a lead: short digests a stored state records and checks.

The same value gives the same fingerprint in every process (no set order, no object ids
enter it), and a changed value gives another.
"""

from __future__ import annotations

import enum
import hashlib
import json
import weakref
from datetime import UTC, date, datetime, time, timedelta
from operator import attrgetter

import attrs

from cadence._time import to_utc
from cadence.cadence import Cadence
from cadence.errors import InvalidTypeError
from cadence.lead import Lead

__all__ = ["cadence_fingerprint", "lead_fingerprint"]

_PRINTS: dict[int, tuple[weakref.ref[Cadence], str]] = {}


def _fingerprint(data: object) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def _lead_print(data: object) -> str:
    # The canonical form holds only lists, texts, numbers and None: its repr is stable.
    return hashlib.blake2b(repr(data).encode(), digest_size=12).hexdigest()


def cadence_fingerprint(cadence: Cadence) -> str:
    """A short digest of the cadence's plain data (:meth:`Cadence.to_dict`), held per cadence.

    Raises:
        InvalidTypeError: for a cadence holding a rule that has no type tag.
    """
    # Held by identity: a CRM holds its few cadences, and hashing one by value costs more
    # than the look-up saves.
    held = _PRINTS.get(id(cadence))
    if held is not None and held[0]() is cadence:
        return held[1]
    try:
        data = cadence.to_dict()
    except InvalidTypeError as error:
        raise InvalidTypeError(
            f"Snapshot: the cadence must write to plain data to be fingerprinted: {error}"
        ) from None
    found = _fingerprint(data)
    key = id(cadence)
    _PRINTS[key] = (weakref.ref(cadence, lambda _: _PRINTS.pop(key, None)), found)
    return found


def lead_fingerprint(lead: Lead) -> str:
    """A short digest of every field of the lead, the same in every process.

    Asked at every replan from a snapshot, so the lead's usual fields take a short way:
    texts and None as they are, its creation in microseconds in UTC, its channels' names
    sorted; any other value (hours, periods, dates) the general canonical form.
    """
    parts: list[object] = []
    append = parts.append
    for value in _lead_values(lead):
        kind = type(value)
        if kind in _PLAIN:
            append(value)
        elif kind is frozenset:  # its channels, whose names are letters, digits and "_"
            append(",".join(sorted(value)))
        elif kind is tuple and not value:
            append(())
        elif isinstance(value, datetime):  # the same instant in any zone is the same lead
            append((to_utc(value) - _EPOCH) // _MICROSECOND)
        else:
            append(_canonical(value))
    return _lead_print(parts)


_PLAIN = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}
_lead_values = attrgetter(*(field.name for field in attrs.fields(Lead)))
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def _canonical(value: object) -> object:  # noqa: PLR0911 - one return per kind of value
    """``value`` as plain data that does not depend on the process (no set order, no ids)."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, enum.Enum):
        return _canonical(value.value)
    if isinstance(value, datetime):
        return to_utc(value).isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted([_canonical(item) for item in value], key=str)
    if isinstance(value, tuple | list):
        return [_canonical(item) for item in value]
    names = _FIELDS.get(kind)
    if names is None and attrs.has(kind):
        names = _FIELDS[kind] = tuple(field.name for field in attrs.fields(kind))
    if names is not None:
        return [kind.__name__, *[_canonical(getattr(value, name)) for name in names]]
    return repr(value)
