"""The picture of a cadence: its touches per day over its first weeks, stacked by channel.

A cadence alone has no dates, so the picture plans it for a fixed sample lead: one in
``America/Chicago`` who arrives on Monday 1 June 2026 at 10:00 on their clock
(:data:`SAMPLE_START`), reachable on calls, SMS, email and every other channel the cadence
names, who never answers (the planner's pessimistic outcomes). Every cadence drawn this way
starts on the same day and draws a touch as a block of the same size, so two pictures side by
side compare like for like.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import cast

import attrs
import pendulum

from cadence.cadence import Cadence
from cadence.channels import DEFAULT_CHANNELS, Channel
from cadence.errors import InvalidTypeError, InvalidValueError, Place
from cadence.lead import Lead
from cadence.picture import _svg
from cadence.picture._svg import INK, clip, label, line, paragraph, rect
from cadence.picture.styles import legend, mark, ordered, style_of
from cadence.picture.timeline import touch_text
from cadence.planner import plan
from cadence.timeline import PlannedTouch, Timeline

__all__ = ["SAMPLE_START", "SAMPLE_ZONE", "cadence_svg", "sample_lead", "sample_plan"]

SAMPLE_ZONE = "America/Chicago"
"""The time zone of the sample lead of cadence pictures."""

SAMPLE_START = pendulum.datetime(2026, 6, 1, 10, 0, tz=SAMPLE_ZONE)
"""When the sample lead arrives (and is planned from): Monday 1 June 2026, 10:00 local time."""

_LONGEST = 52
_MARGIN = 16
_AXIS = 30
_DAY = 22
_BLOCK = 14
_CHARACTER = 6.4
_LEFT = _MARGIN + _AXIS


def _channels_in(value: object, seen: set[int]) -> Iterator[Channel]:
    if isinstance(value, Channel):
        yield value
        return
    if id(value) in seen:
        return
    seen.add(id(value))
    if attrs.has(type(value)):
        for field in attrs.fields(cast("type[attrs.AttrsInstance]", type(value))):
            yield from _channels_in(getattr(value, field.name), seen)
    elif isinstance(value, tuple | list | frozenset | set):
        for item in value:
            yield from _channels_in(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _channels_in(item, seen)


def sample_lead(cadence: Cadence) -> Lead:
    """The sample lead of the cadence's picture.

    In :data:`SAMPLE_ZONE`, arriving at :data:`SAMPLE_START`, reachable on calls, SMS and
    email and on every other channel the cadence's rules name (a step's LinkedIn message, a
    CRM's own ``direct_mail``), with no preferences.
    """
    channels = DEFAULT_CHANNELS | set(_channels_in(cadence, set()))
    return Lead(timezone=SAMPLE_ZONE, created_at=SAMPLE_START, channels=channels, id="sample")


def _check_weeks(weeks: object, where: str) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int):
        raise InvalidTypeError.at(Place(where, "weeks"), expected="a whole number", got=repr(weeks))
    if not 1 <= weeks <= _LONGEST:
        raise InvalidValueError.at(
            Place(where, "weeks"),
            expected=f"a number of weeks from 1 to {_LONGEST}",
            got=repr(weeks),
        )
    return weeks


def sample_plan(cadence: Cadence, *, weeks: int = 4) -> Timeline:
    """The cadence planned for :func:`sample_lead` over its first ``weeks`` weeks.

    From :data:`SAMPLE_START` to the end of the last day of the last week (Sunday night on
    the lead's clock), as the cadence's picture draws it.

    Raises:
        InvalidValueError: for ``weeks`` outside 1 to 52.
    """
    weeks = _check_weeks(weeks, "sample_plan")
    # To the end of the last day drawn, on the lead's clock.
    end = SAMPLE_START.start_of("day").add(days=7 * weeks).subtract(microseconds=1)
    return plan(cadence, sample_lead(cadence), [], now=SAMPLE_START, until=end)


def _columns(timeline: Timeline, days: int) -> list[list[PlannedTouch]]:
    """The touches of each day from the start, each day's stacked by channel, then in time."""
    rank = {channel: place for place, channel in enumerate(ordered({t.channel for t in timeline}))}
    columns: list[list[PlannedTouch]] = [[] for _ in range(days)]
    for touch in timeline:
        index = (touch.at.date() - SAMPLE_START.date()).days
        if 0 <= index < days:
            columns[index].append(touch)
    return [sorted(column, key=lambda t: (rank[t.channel], t.at)) for column in columns]


def _backdrop(days: int, top: float, floor: float, body: list[str]) -> None:
    """Weekends shaded, and a line for every count of touches."""
    body.extend(
        rect(_LEFT + day * _DAY, top - 14, _DAY, floor - top + 14, fill="#f1f1f1")
        for day in range(days)
        if (SAMPLE_START.date() + timedelta(days=day)).weekday() >= 5
    )
    for count in range(round((floor - top) / _BLOCK) + 1):
        tick_y = floor - count * _BLOCK
        body.append(line(_LEFT - 4, tick_y, _LEFT + days * _DAY, tick_y, "#dddddd"))
        if count:
            body.append(label(_LEFT - 7, tick_y + 4, str(count), size=9, text_anchor="end"))


def _block(day: int, height: int, touch: PlannedTouch, floor: float) -> str:
    style = style_of(touch.channel)
    x, y = _LEFT + day * _DAY, floor - (height + 1) * _BLOCK
    return "".join(
        [
            f'<g class="touch" data-channel="{_svg.text(touch.channel.value)}">',
            f"<title>day {day}: {_svg.text(touch_text(touch))}</title>",
            rect(x + 2, y + 1, _DAY - 4, _BLOCK - 2, fill=style.colour, stroke=INK),
            mark(style.shape, (x + _DAY / 2, y + _BLOCK / 2), 3.4, "#ffffff"),
            "</g>",
        ]
    )


def _stacks(columns: list[list[PlannedTouch]], floor: float, body: list[str]) -> None:
    for day, column in enumerate(columns):
        body.extend(_block(day, height, touch, floor) for height, touch in enumerate(column))
        if column:
            x, y = _LEFT + day * _DAY + _DAY / 2, floor - len(column) * _BLOCK - 3
            body.append(label(x, y, str(len(column)), size=9, text_anchor="middle"))
    body.append(line(_LEFT, floor, _LEFT + len(columns) * _DAY, floor, INK))


def _calendar_axis(weeks: int, floor: float, body: list[str]) -> float:
    """The days' initials and the weeks under the bars; returns where the next thing goes."""
    for day in range(7 * weeks):
        letter = "MTWTFSS"[(SAMPLE_START.date() + timedelta(days=day)).weekday()]
        x = _LEFT + day * _DAY + _DAY / 2
        body.append(label(x, floor + 12, letter, size=9, text_anchor="middle", fill="#666666"))
    for week in range(weeks):
        x = _LEFT + week * 7 * _DAY
        body.append(line(x, floor, x, floor + 28, "#999999"))
        body.append(label(x + 4, floor + 26, f"week {week + 1}", size=10, fill="#444444"))
    return floor + 44


def cadence_svg(cadence: Cadence, *, weeks: int = 4, title: str | None = None) -> str:
    """The shape of a cadence as a self-contained SVG: touches per day, stacked by channel.

    The cadence is planned for the sample lead (:func:`sample_lead`, from
    :data:`SAMPLE_START`) over its first ``weeks`` weeks; each touch is a block in its day's
    column, in the colour and with the shape of its channel, its tooltip the touch and its
    reason. The same cadence gives the same bytes.

    Args:
        cadence: The cadence.
        weeks: How many weeks to draw, from 1 to 52 (4 by default).
        title: The heading; by default ``"The first N weeks"``.

    Raises:
        InvalidValueError: for ``weeks`` outside 1 to 52.
    """
    timeline = sample_plan(cadence, weeks=_check_weeks(weeks, "cadence_svg"))
    heading = title or f"The first {weeks} week{'s' if weeks != 1 else ''}"
    columns = _columns(timeline, 7 * weeks)
    width = max(2 * _MARGIN + _AXIS + 7 * weeks * _DAY, 360)
    text_columns = int((width - 2 * _MARGIN) / _CHARACTER)
    body = [label(_MARGIN, _MARGIN + 14, clip(heading, text_columns), size=15, font_weight="bold")]
    start = SAMPLE_START
    caption = (
        f"Touches per day for a sample lead in {SAMPLE_ZONE} who arrives on "
        f"{start:%A} {start.day} {start:%B %Y} at {start:%H:%M} and never answers."
    )
    y = paragraph(caption, _MARGIN, _MARGIN + 22, body, text_columns, fill="#444444")
    top = y + 18
    floor = top + max([len(column) for column in columns] + [1]) * _BLOCK
    _backdrop(len(columns), top, floor, body)
    _stacks(columns, floor, body)
    y = _calendar_axis(weeks, floor, body)
    entries: list[tuple[Channel | None, str]] = [
        (channel, f"{channel.label} ({sum(1 for t in timeline if t.channel is channel)})")
        for channel in ordered({touch.channel for touch in timeline})
    ]
    y = legend(entries, y, _MARGIN, width - _MARGIN, body)
    y = paragraph(f"ends: {timeline.stop}", _MARGIN, y, body, text_columns)
    return _svg.document(width, int(y + _MARGIN), heading, body)
