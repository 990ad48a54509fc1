"""Writing SVG and HTML text by hand: escaping any text, and numbers the same on every machine."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# Characters that XML 1.0 does not allow in a document (controls, lone surrogates, U+FFFE):
# a lead id or a reason holding one would make the picture unreadable, so it shows as U+FFFD.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Quotes for attribute values; line breaks and tabs as references, which XML parsers keep
# (a literal one is normalized: a space in an attribute, a line feed for a carriage return).
_ENTITIES = {'"': "&quot;", "'": "&#39;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"}

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
"""The font family of every picture: a wide sans-serif, so that text estimates hold."""

INK = "#1a1a1a"
"""The colour of text and of the outline of marks."""


def text(value: str) -> str:
    """Any text as the content or the attribute value of an SVG or HTML element.

    ``&``, ``<``, ``>``, both quotes, tabs and line breaks are escaped (so ``]]>`` and
    ``"><img ...>`` stay text, and every character reads back as itself), and characters
    XML forbids become U+FFFD.
    """
    return escape(_NOT_XML.sub("\ufffd", value), _ENTITIES)


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros: ``12``, ``3.5``."""
    shown = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if shown in {"-0", ""} else shown


def width_of(value: str, size: float = 11) -> float:
    """About how wide ``value`` is in pixels at ``size``, in a wide sans-serif."""
    return sum(0.7 if c.isupper() else 0.58 for c in value) * size


def clip(value: str, length: int) -> str:
    """``value`` cut to ``length`` characters, ending in an ellipsis when it was longer."""
    one_line = " ".join(value.split())
    return one_line if len(one_line) <= length else one_line[: length - 1].rstrip() + "…"


def wrap(value: str, width: int) -> list[str]:
    """``value`` broken into lines of at most ``width`` characters, long words cut."""
    import textwrap  # noqa: PLC0415 - only the pictures need it

    return textwrap.wrap(" ".join(value.split()), width, break_on_hyphens=False) or [""]


def label(x: float, y: float, content: str, *, size: float = 11, **attributes: str) -> str:
    """A ``<text>`` element at ``(x, y)``, its content escaped.

    Args:
        x: Where the text starts (or is anchored).
        y: Its baseline.
        content: The text, any characters.
        size: The font size in pixels.
        **attributes: More attributes, names with ``_`` for ``-`` (``text_anchor="end"``).
    """
    return _text_element(x, y, content, {"font_size": num(size), **attributes})


def _text_element(x: float, y: float, content: str, attributes: dict[str, str]) -> str:
    return f'<text x="{num(x)}" y="{num(y)}"{_attributes(attributes)}>{text(content)}</text>'


def document(width: int, height: int, heading: str, body: list[str]) -> str:
    """A whole SVG picture: a white page of ``width`` by ``height`` holding ``body``.

    Its ``<title>`` and ``aria-label`` are ``heading``; it sets no ``id``, so that several
    pictures can share one HTML page.
    """
    return "\n".join(
        [
            (
                f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" role="group" aria-label="{text(heading)}" '
                f'font-family="{FONT}" fill="{INK}">'
            ),
            f"<title>{text(heading)}</title>",
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _attributes(attributes: dict[str, str]) -> str:
    return "".join(
        f' {name.replace("_", "-")}="{text(value)}"' for name, value in attributes.items()
    )


def rect(x: float, y: float, width: float, height: float, **attributes: str) -> str:
    """A ``<rect>`` element, more attributes named with ``_`` for ``-``."""
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="{num(width)}" height="{num(height)}"'
        f"{_attributes(attributes)}/>"
    )


def line(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    """A ``<line>`` element from ``(x1, y1)`` to ``(x2, y2)``."""
    return f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" stroke="{stroke}"/>'


def paragraph(words: str, x: float, y: float, body: list[str], columns: int, **style: str) -> float:
    """Append ``words`` to ``body`` as lines of at most ``columns`` characters from ``(x, y)``.

    Returns:
        Where the next line goes.
    """
    for line_of_words in wrap(words, columns):
        body.append(_text_element(x, y + 12, line_of_words, {"font_size": "11", **style}))
        y += 16
    return y
