"""A team's input, checked before any planning: reps by id, leads with ids and owners.

:func:`cadence.schedule` refuses what does not fit together with a :class:`~cadence.TeamError`
that names the lead or the rep, before it plans any lead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from cadence._time import check_aware, shift, to_utc, wall_time
from cadence.cadence import Cadence
from cadence.errors import InvalidTypeError, TeamError
from cadence.events import Event, check_history
from cadence.horizon import DEFAULT_HORIZON
from cadence.lead import Lead
from cadence.ledger import Ledger
from cadence.span import to_span
from cadence.team import Rep

__all__ = ["assignments_by_lead", "check_working_time", "team_by_id"]


def team_by_id(reps: object) -> dict[str, Rep]:
    """The reps by id.

    Raises:
        TeamError: for two reps with one id.
        InvalidTypeError: for anything but reps.
    """
    if isinstance(reps, Rep | str | bytes) or not isinstance(reps, Iterable):
        raise InvalidTypeError(f"reps: expected a sequence of Rep, got {reps!r}")
    team: dict[str, Rep] = {}
    for position, rep in enumerate(reps):
        if not isinstance(rep, Rep):
            raise InvalidTypeError(f"reps[{position}]: expected a Rep, got {rep!r}")
        if rep.id in team:
            raise TeamError(f"reps[{position}]: duplicate rep id {rep.id!r}")
        team[rep.id] = rep
    return team


def assignments_by_lead(
    assignments: object, team: Mapping[str, Rep]
) -> list[tuple[Cadence, Lead, list[Event]]]:
    """The assignments as ``(cadence, lead, history)``, in the order of the leads' ids.

    Raises:
        TeamError: for a lead without an id or an owner, two leads with one id, or an owner
            that is not one of ``team``.
        InvalidTypeError: for anything but triples of a cadence, a lead and a history.
    """
    if isinstance(assignments, str | bytes) or not isinstance(assignments, Iterable):
        raise InvalidTypeError(
            f"assignments: expected (cadence, lead, history) triples, got {assignments!r}"
        )
    found: dict[str, tuple[Cadence, Lead, list[Event]]] = {}
    for position, item in enumerate(assignments):
        where = f"assignments[{position}]"
        if not isinstance(item, tuple | list) or len(item) != 3:
            raise InvalidTypeError(f"{where}: expected (cadence, lead, history), got {item!r}")
        rules, lead, history = item
        if not isinstance(rules, Cadence):
            raise InvalidTypeError(f"{where}: expected a Cadence first, got {rules!r}")
        if not isinstance(lead, Lead):
            raise InvalidTypeError(f"{where}: expected a Lead second, got {lead!r}")
        events = list(check_history(history, f"{where} history"))
        if lead.id is None:
            raise TeamError(f"{where}: a lead without an id; a schedule names each lead by it")
        if lead.id in found:
            raise TeamError(f"{where}: duplicate lead id {lead.id!r}")
        if lead.owner is None:
            raise TeamError(f"{where}: lead {lead.id!r} has no owner; give it Lead(owner=...)")
        if lead.owner not in team:
            known = ", ".join(repr(key) for key in sorted(team)) or "none"
            raise TeamError(
                f"{where}: lead {lead.id!r} has owner {lead.owner!r}, which is not one of the "
                f"reps ({known})"
            )
        found[lead.id] = (rules, lead, events)
    return [found[key] for key in sorted(found)]


def check_working_time(team: Mapping[str, Rep], now: datetime, until: object) -> None:
    """Refuse a rep whose time off covers everything from now to the horizon."""
    start = to_utc(check_aware(now, "now"))
    for rep in team.values():
        if not rep.blackouts:
            continue
        ledger = Ledger(rep)
        if isinstance(until, datetime):
            end = to_utc(check_aware(until, "until"))
        else:
            span = DEFAULT_HORIZON if until is None else to_span(until)  # type: ignore[arg-type]
            end = shift(start, span, ledger.zone)
        first = wall_time(start, ledger.zone)
        last = wall_time(end, ledger.zone)
        if any(period.start <= first and last < period.end for period in rep.blackouts):
            raise TeamError(
                f"reps: rep {rep.id!r} has no working time between now and the horizon: its "
                "time off covers all of it"
            )
