r"""Plans written for other programs: JSON, CSV, iCalendar for a rep's calendar, and pictures.

Each writer takes one timeline (its lead given with ``lead=``) or many ``(lead, timeline)``
pairs, and writes every touch with its key, its lead's id, and the step it carries out
(its day, label and template) where a :class:`~cadence.rules.Steps` rhythm put it there.

Text that comes from data (lead ids, labels, templates, reasons) is escaped for each format:

- JSON and CSV quote it as their formats do, so no text can add a field, a row or a cell.
- CSV also *neutralises formulas*: a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return gets a single quote (``'``) in front of it, so that a spreadsheet
  shows ``'=HYPERLINK(...)`` as text instead of running it. A program that reads the CSV
  back drops one leading ``'`` from such a cell.
- iCalendar escapes text values as RFC 5545 says (a newline becomes ``\n``, and ``,``
  ``;`` and ``\`` are escaped), so a lead id with a newline cannot add a calendar field;
  event UIDs hold the lead's id percent-encoded.

An iCalendar event's UID comes from the lead's id and the touch's key (:func:`uid`): unique
across leads, and the same when the plan is made again after earlier touches were carried
out, so a calendar that imports the file again updates its events instead of adding copies.

The pictures (:func:`to_svg`, :func:`to_html`, :func:`cadence_svg`): :mod:`cadence.picture`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeAlias
from urllib.parse import quote

from cadence._time import check_aware, to_utc
from cadence.errors import InvalidTypeError, InvalidValueError, MissingExtraError
from cadence.lead import Lead
from cadence.picture import cadence_svg, to_html, to_svg
from cadence.step import Step
from cadence.timeline import PlannedTouch, Timeline

__all__ = [
    "CSV_COLUMNS",
    "ICS_HINT",
    "Plans",
    "cadence_svg",
    "planned_uids",
    "to_csv",
    "to_html",
    "to_ics",
    "to_json",
    "to_svg",
    "uid",
]

ICS_HINT = 'writing iCalendar files needs the icalendar package: pip install "cadence-rules[cli]"'
"""What to install to write iCalendar files."""

Plans: TypeAlias = Timeline | Iterable[tuple[Lead, Timeline]]
"""What the writers take: one timeline, or ``(lead, timeline)`` pairs for many leads."""

CSV_COLUMNS = (
    *("lead", "rep", "key", "at", "channel", "action", "voicemail", "round"),  # the touch
    *("step_day", "label", "template", "reason", "assumed"),  # its step, why, what is assumed
)
"""The columns of :func:`to_csv`, in order: a touch a row."""

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _pairs(plans: Plans, lead: Lead | None) -> list[tuple[Lead | None, Timeline]]:
    """The plans as ``(lead, timeline)`` pairs, refusing anything else by its position."""
    if lead is not None and not isinstance(lead, Lead):
        raise InvalidTypeError.at("lead", expected="a Lead", got=repr(lead))
    if isinstance(plans, Timeline):
        return [(lead, plans)]
    if lead is not None:
        raise InvalidValueError.at(
            "lead", said="give lead= with one timeline; pairs name their own leads"
        )
    if isinstance(plans, str | bytes | Mapping) or not isinstance(plans, Iterable):
        raise InvalidTypeError.at(
            "plans", expected="a Timeline or (lead, timeline) pairs", got=repr(plans)
        )
    pairs: list[tuple[Lead | None, Timeline]] = []
    given: Iterable[object] = plans
    for position, pair in enumerate(given):
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or not isinstance(pair[0], Lead)
            or not isinstance(pair[1], Timeline)
        ):
            raise InvalidTypeError(
                f"plans[{position}]: expected a (lead, timeline) pair, got {pair!r:.80}"
            )
        pairs.append((pair[0], pair[1]))
    return pairs


def _step(step: Step | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {"day": step.day, "label": step.label, "template": step.template}


def _touch_data(touch: PlannedTouch) -> dict[str, Any]:
    return {
        "key": touch.key,
        "at": touch.at.isoformat(),
        "channel": touch.channel.value,
        "action": touch.action,
        "voicemail": touch.voicemail,
        "round": touch.round,
        "reason": touch.reason,
        "assumed": touch.assumed.value,
        "step": _step(touch.step),
        "rep": touch.rep,
    }


def _timeline_data(timeline: Timeline) -> dict[str, Any]:
    return {
        "touches": [_touch_data(touch) for touch in timeline],
        "skipped": [
            {"at": skipped.at.isoformat(), "reason": skipped.reason, "step": _step(skipped.step)}
            for skipped in timeline.skipped
        ],
        "stop": {
            "reason": str(timeline.stop),
            "at": None if timeline.stop.at is None else timeline.stop.at.isoformat(),
        },
    }


def to_json(plans: Plans, now: datetime, *, lead: Lead | None = None) -> str:
    """The plans as JSON text: each touch's key, instant, channel, action, step and reason.

    One timeline gives ``{"now", "lead", "touches", "skipped", "stop"}`` (``lead`` is the
    lead's id, or null); many pairs give ``{"now", "plans": [...]}``, one such table per
    lead in the order given. A touch's ``step`` is its step's ``day``, ``label`` and
    ``template``, its ``rep`` the rep's id in a team's :func:`~cadence.schedule`, or null.

    Args:
        plans: What :func:`cadence.plan` returned, or ``(lead, timeline)`` pairs.
        now: The instant it was planned at, written as ``"now"``.
        lead: With one timeline, its lead (for its id).

    Raises:
        InvalidTypeError: for plans that are not a timeline or such pairs.
    """
    stamp = check_aware(now, "now").isoformat()
    pairs = _pairs(plans, lead)
    data: dict[str, Any]
    if isinstance(plans, Timeline):
        data = {"now": stamp, "lead": None if lead is None else lead.id, **_timeline_data(plans)}
    else:
        data = {
            "now": stamp,
            "plans": [
                {"lead": None if who is None else who.id, **_timeline_data(timeline)}
                for who, timeline in pairs
            ],
        }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _cell(value: object) -> object:
    """A CSV cell: text that a spreadsheet would run as a formula gets a ``'`` in front."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(plans: Plans, *, lead: Lead | None = None) -> str:
    """The plans as CSV text, a touch a row, with the columns of :data:`CSV_COLUMNS`.

    ``lead`` is the lead's id, ``rep`` the rep's in a team's :func:`~cadence.schedule`,
    ``step_day``, ``label`` and ``template`` the step's (each empty when there is none). A
    cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a ``'``
    in front, so that a spreadsheet cannot run it as a formula.

    Args:
        plans: What :func:`cadence.plan` returned, or ``(lead, timeline)`` pairs.
        lead: With one timeline, its lead (for its id).

    Raises:
        InvalidTypeError: for plans that are not a timeline or such pairs.
    """
    out = io.StringIO()
    # RFC 4180 line ends (CRLF), so that a cell holding a bare carriage return is quoted too.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for who, timeline in _pairs(plans, lead):
        for touch in timeline:
            step = touch.step
            row = [
                "" if who is None or who.id is None else who.id,
                "" if touch.rep is None else touch.rep,
                touch.key,
                touch.at.isoformat(),
                touch.channel.value,
                touch.action,
                "true" if touch.voicemail else "false",
                touch.round,
                "" if step is None else step.day,
                "" if step is None or step.label is None else step.label,
                "" if step is None or step.template is None else step.template,
                touch.reason,
                touch.assumed.value,
            ]
            writer.writerow([_cell(value) for value in row])
    return out.getvalue()


# -- iCalendar --------------------------------------------------------------------------

_TOUCH_LENGTH = timedelta(minutes=5)
"""How long a touch lasts in a calendar."""

# The last whole second of the calendar: a touch that late ends there, not past the year 9999.
_LAST_INSTANT = datetime.max.replace(microsecond=0, tzinfo=UTC)
_UID_DOMAIN = "cadence-rules"
_KEY = re.compile(r"e\d+\.r\d+\.t\d+")


def uid(lead: Lead, touch: PlannedTouch | str) -> str:
    """The iCalendar UID of a lead's planned touch: from the lead's id and the touch's key.

    Such as ``"acme-42/e0.r3.t2@cadence-rules"``: the lead's id and the key, each
    percent-encoded (so a UID holds no newline, and no two leads share one). A replan keeps
    a touch's key, so its event keeps its UID.

    Args:
        lead: The lead, with an id.
        touch: The planned touch, or its key.

    Raises:
        InvalidValueError: for a lead without an id.
    """
    if not isinstance(lead, Lead):
        raise InvalidTypeError.at("lead", expected="a Lead", got=repr(lead))
    key = touch.key if isinstance(touch, PlannedTouch) else touch
    if not isinstance(key, str):
        raise InvalidTypeError.at("touch", expected="a PlannedTouch or its key", got=repr(key))
    if lead.id is None:
        raise InvalidValueError.at(
            "lead",
            said="an iCalendar event needs the lead's id, for a UID that stays the same when "
            f"the plan is made again: give the lead one (Lead(..., id='...')), got {lead!r:.80}",
        )
    return f"{quote(lead.id, safe='')}/{quote(key, safe='')}@{_UID_DOMAIN}"


def _summary(lead: Lead, touch: PlannedTouch) -> str:
    what = touch.step.label if touch.step is not None and touch.step.label else None
    if what is None:
        what = touch.action[0].upper() + touch.action[1:]
    return f"{lead.id}: {what} (round {touch.round})"


def _description(touch: PlannedTouch) -> str:
    lines = [touch.reason]
    if touch.step is not None and touch.step.template is not None:
        lines.append(f"template: {touch.step.template}")
    if touch.rep is not None:
        lines.append(f"rep: {touch.rep}")
    return "\n".join(lines)


def _text(value: str) -> str:
    """Text from data for an iCalendar value: every line break one newline, then escaped."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _icalendar() -> Any:
    try:
        import icalendar  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise MissingExtraError(ICS_HINT) from None
    return icalendar


def planned_uids(ics: str | bytes) -> list[str]:
    """The UIDs of the events of an iCalendar file that are not cancelled, in order.

    Pass them as ``previous`` to :func:`to_ics` when the plans are exported again.

    Raises:
        ValueError: for text that is not iCalendar.
        MissingExtraError: without the ``icalendar`` package.
    """
    calendar = _icalendar().Calendar.from_ical(ics)
    return [
        str(event["uid"])
        for event in calendar.walk("VEVENT")
        if "uid" in event and str(event.get("status", "")).upper() != "CANCELLED"
    ]


def _uids(previous: Iterable[str], lead: Lead | None) -> list[str]:
    """The UIDs of ``previous``; with one lead, a touch's key stands for its UID."""
    if isinstance(previous, str) or not isinstance(previous, Iterable):
        raise InvalidTypeError.at("previous", expected="the UIDs of an export", got=repr(previous))
    earlier = list(previous)
    for position, item in enumerate(earlier):
        if not isinstance(item, str):
            raise InvalidTypeError(f"previous[{position}]: expected a UID as text, got {item!r}")
        if lead is not None and _KEY.fullmatch(item):
            earlier[position] = uid(lead, item)
    return list(dict.fromkeys(earlier))


def _check_ids(pairs: list[tuple[Lead | None, Timeline]]) -> list[tuple[Lead, Timeline]]:
    """The pairs, each lead with an id of its own."""
    owners: dict[str, int] = {}
    checked: list[tuple[Lead, Timeline]] = []
    for position, (who, timeline) in enumerate(pairs):
        if who is None:
            raise InvalidValueError.at(
                "lead",
                said="an iCalendar file names each touch's lead: pass the timeline's lead "
                "(to_ics(timeline, now, lead=lead))",
            )
        if who.id is not None and owners.setdefault(who.id, position) != position:
            raise InvalidValueError(
                f"plans[{position}]: the lead id {who.id!r} is the id of plans"
                f"[{owners[who.id]}] too; an iCalendar file needs one id per lead"
            )
        checked.append((who, timeline))
    return checked


def to_ics(
    plans: Plans,
    now: datetime,
    *,
    lead: Lead | None = None,
    previous: Iterable[str] = (),
) -> str:
    """The plans as an iCalendar file, a five-minute event per touch, instants in UTC.

    Each event's UID is :func:`uid` (the lead's id and the touch's key); its SUMMARY names
    the lead and the step's label or the action, such as ``"acme-42: breakup email
    (round 5)"``; its DESCRIPTION is the reason (then the step's template, and the rep of a
    team's touch); its CATEGORIES the channel. Every lead needs an id, and no two the same.

    Needs the ``icalendar`` package: ``pip install "cadence-rules[cli]"``.

    Args:
        plans: What :func:`cadence.plan` returned (with ``lead=``), or ``(lead, timeline)``
            pairs.
        now: The instant it was planned at, the events' ``DTSTAMP``.
        lead: With one timeline, its lead.
        previous: The UIDs of an earlier export of the same leads (or, with one timeline,
            the keys of its touches). Those no longer planned are written as cancelled
            events (``STATUS:CANCELLED``, at ``now``), so that a calendar which imports the
            file drops them.

    Raises:
        InvalidValueError: for a lead without an id, or two leads with the same id.
        InvalidTypeError: for plans that are not a timeline or such pairs.
        MissingExtraError: without the ``icalendar`` package.
    """
    icalendar = _icalendar()
    pairs = _check_ids(_pairs(plans, lead))
    earlier = _uids(previous, lead if isinstance(plans, Timeline) else None)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cadence-rules//cadence//EN")
    calendar.add("version", "2.0")
    # Plain UTC datetimes: icalendar writes them with a "Z", so no calendar reads them as
    # floating local times.
    stamp = to_utc(check_aware(now, "now"))
    planned: set[str] = set()
    for who, timeline in pairs:
        for touch in timeline:
            identity = uid(who, touch)
            planned.add(identity)
            start = to_utc(touch.at)
            event = icalendar.Event()
            event.add("uid", identity)
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("dtend", min(start, _LAST_INSTANT - _TOUCH_LENGTH) + _TOUCH_LENGTH)
            event.add("summary", _text(_summary(who, touch)))
            event.add("description", _text(_description(touch)))
            event.add("categories", [touch.channel.value])
            calendar.add_component(event)
    for identity in earlier:
        if identity not in planned:
            event = icalendar.Event()
            event.add("uid", _text(identity))
            event.add("dtstamp", stamp)
            event.add("dtstart", stamp)
            event.add("status", "CANCELLED")
            event.add("summary", "Cancelled: no longer planned")
            calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text
