"""The picture of one timeline: the lead's weeks as rows, the days as columns.

Each touch is a mark in its day, coloured and shaped by channel, with its time on the lead's
clock, ``VM`` when the call may leave a voicemail, and the step's label; its tooltip (the
mark's ``<title>``) holds the whole touch and its reason. Runs of two or more weeks without
a touch fold into one thin row. A legend and the reason the plan ends come under the grid.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from cadence.channels import Channel
from cadence.lead import Lead
from cadence.picture import _svg
from cadence.picture._svg import clip, label, paragraph, rect
from cadence.picture.styles import legend, mark, ordered, style_of
from cadence.timeline import PlannedTouch, Timeline

__all__ = ["to_svg", "touch_text"]

_MARGIN = 16
_WEEK_LABEL = 96
_DAY = 128
_HEAD = 20
_DAY_NUMBER = 15
_LINE = 15
_STEP_LINE = 13
_GAP_ROW = 22
_LEGEND_ROW = 20
_TEXT_LINE = 16
_CHARACTER = 6.4  # the width of an average character at 11 px, for wrapping and cutting
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKEND = "#f1f1f1"
_GRID = "#bdbdbd"


def touch_text(touch: PlannedTouch) -> str:
    """A touch in one line of words, for tooltips and screen readers.

    Such as ``"Mon 2026-03-09 09:00 CDT: call, hang up at voicemail (round 2): follow-up on
    day 1"``, with the step's label and template when a step put it there.
    """
    parts = [f"{touch.at.format('ddd YYYY-MM-DD HH:mm zz')}: {touch.action} (round {touch.round})"]
    if touch.step is not None:
        step = touch.step.label or touch.step.describe()
        parts.append(
            f"step {step}" + (f", template {touch.step.template}" if touch.step.template else "")
        )
    parts.append(touch.reason)
    return ": ".join(parts)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _rows(touches: Iterable[PlannedTouch]) -> list[tuple[date, int]]:
    """The rows: a week with touches as ``(monday, 0)``, ``n`` empty weeks as ``(first, n)``."""
    weeks = sorted({_monday(touch.at.date()) for touch in touches})
    rows: list[tuple[date, int]] = []
    for position, monday in enumerate(weeks):
        if position:
            empty = (monday - weeks[position - 1]).days // 7 - 1
            if empty == 1:
                rows.append((monday - timedelta(days=7), 0))
            elif empty > 1:
                rows.append((weeks[position - 1] + timedelta(days=7), empty))
        rows.append((monday, 0))
    return rows


def _entry_height(touch: PlannedTouch) -> int:
    return _LINE + (_STEP_LINE if touch.step is not None else 0)


def _entry(touch: PlannedTouch, x: float, y: float) -> str:
    style = style_of(touch.channel)
    clock = touch.at.format("HH:mm")
    words = f"{clock} {touch.channel.label}{', VM' if touch.voicemail else ''}"
    parts = [
        f'<g class="touch" data-channel="{_svg.text(touch.channel.value)}">',
        f"<title>{_svg.text(touch_text(touch))}</title>",
        mark(style.shape, (x + 7, y + _LINE / 2), 4.6, style.colour),
        label(
            x + 15,
            y + _LINE - 4,
            clip(words, 16),
            font_weight="bold" if touch.voicemail else "normal",
        ),
    ]
    if touch.step is not None:
        step = touch.step.label or touch.step.describe()
        parts.append(
            label(x + 15, y + _LINE + _STEP_LINE - 4, clip(step, 18), size=10, fill="#444444")
        )
    parts.append("</g>")
    return "".join(parts)


def _gap_row(first: date, weeks: int, y: float, body: list[str]) -> float:
    left = _MARGIN + _WEEK_LABEL
    body.append(rect(left, y, 7 * _DAY, _GAP_ROW, fill="#fafafa", stroke=_GRID))
    words = f"{weeks} weeks without touches, from {first:%a %d %b %Y}"
    body.append(label(left + 7 * _DAY / 2, y + 15, words, text_anchor="middle", fill="#555555"))
    return y + _GAP_ROW


def _week_row(
    monday: date, by_day: dict[date, list[PlannedTouch]], y: float, body: list[str]
) -> float:
    days = [monday + timedelta(days=k) for k in range(7)]
    filled = max(sum(_entry_height(touch) for touch in by_day.get(day, [])) for day in days)
    height = max(_DAY_NUMBER + filled + 4, 34)
    body.append(label(_MARGIN, y + 14, "week of", size=10, fill="#555555"))
    body.append(label(_MARGIN, y + 28, f"{monday:%d %b %Y}", font_weight="bold"))
    for column, day in enumerate(days):
        x = _MARGIN + _WEEK_LABEL + column * _DAY
        fill = _WEEKEND if column >= 5 else "#ffffff"
        body.append(rect(x, y, _DAY, height, fill=fill, stroke=_GRID))
        number = f"{day:%d %b}" if day.day == 1 or column == 0 else f"{day.day}"
        body.append(label(x + _DAY - 4, y + 12, number, size=10, text_anchor="end", fill="#666666"))
        entry_y = y + _DAY_NUMBER
        for touch in by_day.get(day, []):
            body.append(_entry(touch, x + 2, entry_y))
            entry_y += _entry_height(touch)
    return y + height


def _grid(touches: list[PlannedTouch], y: float, body: list[str]) -> float:
    rows = _rows(touches)
    if not rows:
        return y
    for column, name in enumerate(_DAYS):
        x = _MARGIN + _WEEK_LABEL + column * _DAY + _DAY / 2
        body.append(label(x, y + 14, name, text_anchor="middle", font_weight="bold"))
    y += _HEAD
    by_day: dict[date, list[PlannedTouch]] = {}
    for touch in touches:
        by_day.setdefault(touch.at.date(), []).append(touch)
    for first, empty in rows:
        y = _gap_row(first, empty, y, body) if empty else _week_row(first, by_day, y, body)
    return y + 12


def heading_of(lead: Lead | None, title: str | None) -> str:
    """The heading of a timeline's picture or page: the title, or one naming the lead."""
    if title:
        return title
    return f"Timeline of lead {lead.id}" if lead is not None and lead.id else "Timeline"


def to_svg(timeline: Timeline, *, lead: Lead | None = None, title: str | None = None) -> str:
    """The timeline as a self-contained SVG picture, the same bytes for the same timeline.

    Weeks are rows (a run of empty weeks folds into one thin row) and days columns, both on
    the lead's clock; each touch is a mark coloured and shaped by its channel
    (:func:`~cadence.picture.style_of`), with its time, ``VM`` for a call that may leave a
    voicemail and its step's label; its tooltip holds the whole touch and its reason
    (:func:`touch_text`). Under the grid: a legend, the reason the plan ends and the
    rounds it skips. Any text is escaped.

    Args:
        timeline: What :func:`cadence.plan` returned.
        lead: The lead it was planned for: its id goes into the heading, its zone names the
            clock (by default the zone of the touches).
        title: The heading; by default ``"Timeline of lead <id>"`` or ``"Timeline"``.
    """
    touches = list(timeline)
    heading = heading_of(lead, title)
    zone = lead.timezone if lead is not None else None
    if zone is None and touches:
        zone = touches[0].at.timezone_name
    width = 2 * _MARGIN + _WEEK_LABEL + 7 * _DAY
    columns = int((width - 2 * _MARGIN) / _CHARACTER)
    body = [label(_MARGIN, _MARGIN + 14, clip(heading, columns - 20), size=16, font_weight="bold")]
    count = f"{len(touches)} touch{'es' if len(touches) != 1 else ''}"
    clock = f"times on the lead's clock ({zone})" if zone else "nothing to draw"
    body.append(label(_MARGIN, _MARGIN + 34, f"{count}; {clock}", fill="#444444"))
    y = _grid(touches, _MARGIN + 46.0, body)
    y = _legend_block(touches, y, width, body)
    y = paragraph(f"ends: {timeline.stop}", _MARGIN, y, body, columns, font_weight="bold")
    for skipped in timeline.skipped:
        y = paragraph(f"skipped: {skipped}", _MARGIN, y, body, columns, fill="#444444")
    return _svg.document(width, int(y + _MARGIN), heading, body)


def _legend_block(touches: list[PlannedTouch], y: float, width: float, body: list[str]) -> float:
    entries: list[tuple[Channel | None, str]] = [
        (channel, channel.label) for channel in ordered({touch.channel for touch in touches})
    ]
    if any(touch.voicemail for touch in touches):
        entries.append((None, "VM: a call that may leave a voicemail"))
    return legend(entries, y, _MARGIN, width - _MARGIN, body)
