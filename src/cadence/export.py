"""Timelines written for other programs: JSON, CSV, iCalendar for a rep's calendar, and pictures.

The pictures (:func:`to_svg`, :func:`to_html`, :func:`cadence_svg`) come from
:mod:`cadence.picture`.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from cadence._time import to_utc
from cadence.errors import MissingExtraError
from cadence.picture import cadence_svg, to_html, to_svg
from cadence.timeline import Timeline

__all__ = ["ICS_HINT", "cadence_svg", "to_csv", "to_html", "to_ics", "to_json", "to_svg"]

ICS_HINT = 'writing iCalendar files needs the icalendar package: pip install "cadence-rules[cli]"'
"""What to install to write iCalendar files."""


def to_json(timeline: Timeline, now: datetime) -> str:
    """The timeline as JSON text: each touch's instant, channel, action and reason, and the stop.

    Args:
        timeline: What :func:`cadence.plan` returned.
        now: The instant it was planned at, written as ``"now"``.
    """
    data = {
        "now": now.isoformat(),
        "touches": [
            {
                "at": touch.at.isoformat(),
                "channel": touch.channel.value,
                "action": touch.action,
                "voicemail": touch.voicemail,
                "round": touch.round,
                "reason": touch.reason,
                "assumed": touch.assumed.value,
            }
            for touch in timeline
        ],
        "stop": {
            "reason": str(timeline.stop),
            "at": None if timeline.stop.at is None else timeline.stop.at.isoformat(),
        },
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def to_csv(timeline: Timeline) -> str:
    """The timeline as CSV text, a touch a row.

    The columns: instant, channel, action, voicemail, round, reason and assumed outcome.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["at", "channel", "action", "voicemail", "round", "reason", "assumed"])
    for touch in timeline:
        writer.writerow(
            [
                touch.at.isoformat(),
                touch.channel.value,
                touch.action,
                "true" if touch.voicemail else "false",
                touch.round,
                touch.reason,
                touch.assumed.value,
            ]
        )
    return out.getvalue()


_TOUCH_LENGTH = timedelta(minutes=5)
"""How long a touch lasts in a calendar."""

# The last whole second of the calendar: a touch that late ends there, not past the year 9999.
_LAST_INSTANT = datetime.max.replace(microsecond=0, tzinfo=UTC)


def to_ics(timeline: Timeline, now: datetime) -> str:
    """The timeline as an iCalendar file, a five-minute event per touch, instants in UTC.

    Needs the ``icalendar`` package: ``pip install "cadence-rules[cli]"``.

    Args:
        timeline: What :func:`cadence.plan` returned.
        now: The instant it was planned at, the events' ``DTSTAMP``.

    Raises:
        MissingExtraError: without the ``icalendar`` package.
    """
    try:
        import icalendar  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise MissingExtraError(ICS_HINT) from None
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//cadence-rules//cadence//EN")
    calendar.add("version", "2.0")
    # Plain UTC datetimes: icalendar writes them with a "Z", so no calendar reads them as
    # floating local times.
    stamp = to_utc(now)
    for position, touch in enumerate(timeline):
        start = to_utc(touch.at)
        event = icalendar.Event()
        event.add("uid", f"cadence-{start:%Y%m%dT%H%M%SZ}-{position}-{touch.channel.value}")
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", min(start, _LAST_INSTANT - _TOUCH_LENGTH) + _TOUCH_LENGTH)
        event.add("summary", f"{touch.action[0].upper()}{touch.action[1:]} (round {touch.round})")
        event.add("description", touch.reason)
        event.add("categories", [touch.channel.value])
        calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text
