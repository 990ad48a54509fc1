"""How each channel looks in a picture: a colour and a shape, readable in grey scale too.

The built-in channels take colours of the Okabe-Ito palette, which readers with every common
kind of colour blindness tell apart, and each has its own shape, so a picture printed in grey
still says which mark is a call and which an email. A CRM's own channel
(``Channel("direct_mail")``) takes one of the remaining colours and shapes, chosen from its
name by a checksum: the same on every machine and in every run. Two channels of your own
may share a style; the legend and the tooltips still name them.
"""

from __future__ import annotations

import math
import zlib

import attrs

from cadence.channels import Channel
from cadence.picture._svg import INK, label, num, text, width_of

__all__ = ["SHAPES", "ChannelStyle", "legend", "mark", "ordered", "style_of"]

SHAPES = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "triangle-down",
    "hexagon",
    "star",
    "pentagon",
    "plus",
    "bowtie",
)
"""The shapes a mark can take: the first five for the built-in channels."""


@attrs.frozen
class ChannelStyle:
    """The look of a channel's marks.

    Args:
        channel: The channel.
        colour: Its fill, as ``#rrggbb``.
        shape: One of :data:`SHAPES`.
    """

    channel: Channel
    colour: str
    shape: str


_BUILT_IN = {
    Channel.CALL: ("#0072B2", "circle"),  # blue
    Channel.SMS: ("#E69F00", "square"),  # orange
    Channel.EMAIL: ("#009E73", "triangle"),  # bluish green
    Channel.LINKEDIN: ("#CC79A7", "diamond"),  # reddish purple
    Channel.WHATSAPP: ("#D55E00", "triangle-down"),  # vermillion
}
# The rest of the palette (sky blue, yellow, black) and of the shapes, for a CRM's channels.
_OWN_COLOURS = ("#56B4E9", "#F0E442", "#000000")
_OWN_SHAPES = SHAPES[5:]


def style_of(channel: Channel) -> ChannelStyle:
    """The colour and shape of a channel's marks; a CRM's own channel's from its name."""
    if channel in _BUILT_IN:
        colour, shape = _BUILT_IN[channel]
        return ChannelStyle(channel, colour, shape)
    checksum = zlib.crc32(channel.value.encode("utf-8"))
    colour = _OWN_COLOURS[checksum % len(_OWN_COLOURS)]
    shape = _OWN_SHAPES[(checksum // len(_OWN_COLOURS)) % len(_OWN_SHAPES)]
    return ChannelStyle(channel, colour, shape)


def ordered(channels: set[Channel] | frozenset[Channel]) -> list[Channel]:
    """Channels in a stable order: the built-in ones as ``Channel`` lists them, then by name."""
    built_in = [channel for channel in Channel if channel in channels]
    own = sorted(channel.value for channel in channels if channel not in _BUILT_IN)
    return [*built_in, *(Channel(name) for name in own)]


def _regular(sides: int, radius: float, turn: float = -math.pi / 2) -> list[tuple[float, float]]:
    return [
        (
            radius * math.cos(turn + 2 * math.pi * k / sides),
            radius * math.sin(turn + 2 * math.pi * k / sides),
        )
        for k in range(sides)
    ]


def _star() -> list[tuple[float, float]]:
    outer, inner = _regular(5, 1.3), _regular(5, 0.55, -math.pi / 2 + math.pi / 5)
    return [point for pair in zip(outer, inner, strict=True) for point in pair]


_A, _B = 0.4, 1.15  # the half-width of the plus's bars and its reach
# The outline of each shape that is a polygon, for a mark of radius 1.
_OUTLINES: dict[str, list[tuple[float, float]]] = {
    "triangle": [(0, -1.1), (1.1, 0.85), (-1.1, 0.85)],
    "triangle-down": [(0, 1.1), (1.1, -0.85), (-1.1, -0.85)],
    "diamond": [(0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)],
    "hexagon": _regular(6, 1.1, 0),
    "pentagon": _regular(5, 1.1),
    "star": _star(),
    "plus": [
        (-_A, -_B),
        (_A, -_B),
        (_A, -_A),
        (_B, -_A),
        (_B, _A),
        (_A, _A),
        (_A, _B),
        (-_A, _B),
        (-_A, _A),
        (-_B, _A),
        (-_B, -_A),
        (-_A, -_A),
    ],
    "bowtie": [(-1.1, -1), (1.1, 1), (1.1, -1), (-1.1, 1)],
}


def mark(shape: str, centre: tuple[float, float], r: float, fill: str, stroke: str = INK) -> str:
    """An SVG element of a mark of ``shape`` centred on ``centre``, about ``2 r`` wide."""
    cx, cy = centre
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="1"'
    if shape == "circle":
        return f'<circle cx="{num(cx)}" cy="{num(cy)}" r="{num(r)}" {paint}/>'
    if shape == "square":
        side = r * 1.8
        return (
            f'<rect x="{num(cx - side / 2)}" y="{num(cy - side / 2)}" width="{num(side)}" '
            f'height="{num(side)}" {paint}/>'
        )
    points = " ".join(f"{num(cx + x * r)},{num(cy + y * r)}" for x, y in _OUTLINES[shape])
    return f'<polygon points="{points}" {paint}/>'


def legend(
    entries: list[tuple[Channel | None, str]], y: float, left: float, right: float, body: list[str]
) -> float:
    """Append a legend to ``body``: each channel's mark and words, or words alone.

    The entries flow from ``left`` to ``right`` from ``y`` on, in rows as needed.

    Returns:
        Where the next element goes, under the legend.
    """
    if not entries:
        return y
    x = left
    for channel, words in entries:
        width = 34 + width_of(words)
        if x + width > right and x > left:
            x, y = left, y + 20
        if channel is None:
            body.append(label(x, y + 13, words, fill="#444444"))
        else:
            style = style_of(channel)
            body.append(f'<g class="legend" data-channel="{text(channel.value)}">')
            body.append(mark(style.shape, (x + 7, y + 9), 6, style.colour))
            body.append(label(x + 18, y + 13, words))
            body.append("</g>")
        x += width
    return y + 26
