"""Pictures of timelines and cadences: SVG a rep can look at, and an HTML page.

The functions are also in :mod:`cadence.export`. Everything is drawn with the standard
library, the same bytes for the same input, and every text (lead ids, step labels, reasons)
is escaped.
"""

from cadence.picture.page import to_html
from cadence.picture.shape import SAMPLE_START, SAMPLE_ZONE, cadence_svg, sample_lead, sample_plan
from cadence.picture.styles import SHAPES, ChannelStyle, style_of
from cadence.picture.timeline import to_svg, touch_text

__all__ = [
    "SAMPLE_START",
    "SAMPLE_ZONE",
    "SHAPES",
    "ChannelStyle",
    "cadence_svg",
    "sample_lead",
    "sample_plan",
    "style_of",
    "to_html",
    "to_svg",
    "touch_text",
]
