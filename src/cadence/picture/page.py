"""A timeline as a self-contained HTML page: the picture above a readable table.

The page needs nothing else: no network, no script, no font or style sheet from elsewhere.
Its content security policy forbids scripts and every fetch, so even a page opened from an
untrusted plan runs nothing; the text is escaped all the same.
"""

from __future__ import annotations

from datetime import datetime

from cadence.lead import Lead
from cadence.picture._svg import FONT, INK, text
from cadence.picture.styles import mark, style_of
from cadence.picture.timeline import to_svg
from cadence.timeline import PlannedTouch, Timeline

__all__ = ["to_html"]

_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = f"""
body {{ font-family: {FONT}; color: {INK}; margin: 1.5rem; line-height: 1.4; }}
h1 {{ font-size: 1.4rem; margin: 0 0 0.3rem; overflow-wrap: anywhere; }}
p.about {{ color: #444; margin: 0 0 1rem; }}
figure {{ margin: 0 0 1.5rem; overflow-x: auto; }}
figure svg {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; width: 100%; font-size: 0.9rem; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }}
th {{ background: #f1f1f1; }}
td.when {{ white-space: nowrap; font-variant-numeric: tabular-nums; }}
td.channel {{ white-space: nowrap; }}
td.channel svg {{ vertical-align: middle; margin-right: 0.3rem; }}
td.reason, td.step {{ white-space: normal; overflow-wrap: anywhere; }}
p.stop {{ font-weight: bold; overflow-wrap: anywhere; }}
li {{ overflow-wrap: anywhere; }}
"""


def _swatch(touch: PlannedTouch) -> str:
    style = style_of(touch.channel)
    return (
        '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">'
        f"{mark(style.shape, (7, 7), 5, style.colour)}</svg>"
    )


def _row(touch: PlannedTouch, steps: bool) -> str:
    step = ""
    if touch.step is not None:
        step = text(touch.step.label or touch.step.describe())
        if touch.step.template:
            step += f" <small>(template {text(touch.step.template)})</small>"
    cells = [
        f'<td class="round">{touch.round}</td>',
        f'<td class="when">{text(touch.at.format("ddd YYYY-MM-DD HH:mm zz"))}</td>',
        f'<td class="channel">{_swatch(touch)}{text(touch.channel.label)}</td>',
        f'<td class="action">{text(touch.action)}</td>',
        f'<td class="step">{step}</td>' if steps else "",
        f'<td class="reason">{text(touch.reason)}</td>',
    ]
    return f'<tr data-key="{text(touch.key)}">{"".join(cells)}</tr>'


def to_html(
    timeline: Timeline,
    *,
    lead: Lead | None = None,
    title: str | None = None,
    now: datetime | None = None,
) -> str:
    """The timeline as a self-contained HTML page: its picture, then a table of its touches.

    The table gives each touch's round, time on the lead's clock, channel, action, step
    (when a sequence's steps put touches there) and reason (long reasons wrap), then the
    reason the plan ends and the rounds it skips.
    The same arguments give the same bytes.

    Args:
        timeline: What :func:`cadence.plan` returned.
        lead: The lead it was planned for, named in the heading by its id.
        title: The heading; by default ``"Timeline of lead <id>"`` or ``"Timeline"``.
        now: The instant it was planned at, shown under the heading.
    """
    heading = title or (
        f"Timeline of lead {lead.id}" if lead is not None and lead.id else "Timeline"
    )
    about = f"{len(timeline)} touch{'es' if len(timeline) != 1 else ''}"
    if now is not None:
        about += f", planned at {now.isoformat()}"
    steps = any(touch.step is not None for touch in timeline)
    rows = "\n".join(_row(touch, steps) for touch in timeline)
    step_heading = '<th scope="col">step</th>' if steps else ""
    skipped = ""
    if timeline.skipped:
        items = "".join(f"<li>{text(str(skip))}</li>" for skip in timeline.skipped)
        skipped = f"<h2>Skipped</h2>\n<ul>{items}</ul>\n"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(heading)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f'<h1>{text(heading)}</h1>\n<p class="about">{text(about)}</p>\n'
        f"<figure>\n{to_svg(timeline, lead=lead, title=title)}</figure>\n"
        '<table>\n<thead><tr><th scope="col">round</th><th scope="col">when (lead\'s clock)</th>'
        f'<th scope="col">channel</th><th scope="col">action</th>{step_heading}'
        '<th scope="col">reason</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n"
        f'<p class="stop">ends: {text(str(timeline.stop))}</p>\n{skipped}'
        "</body>\n</html>\n"
    )
