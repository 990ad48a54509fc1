"""Timelines for the picture tests: the shipped example, a sequence and planted hostile text."""

from __future__ import annotations

from datetime import UTC, datetime

import pendulum

from cadence import (
    BuyOrDie,
    Cadence,
    Channel,
    Lead,
    PlannedTouch,
    Rotate,
    Step,
    Steps,
    StopReason,
    Timeline,
    load,
    load_history,
    load_lead,
    plan,
)
from cadence.rules import ContactWindow

EXAMPLES = "examples"
NOW = datetime(2026, 3, 6, 16, 0, 30, tzinfo=UTC)

SCRIPT = "<script>document.title='pwned'</script>"
IMAGE = '"><img src=x onerror="document.title=\'pwned\'">'
CDATA_END = "]]>"
HOSTILE = f"{SCRIPT}{IMAGE}{CDATA_END} & 'quotes'"
"""Text that would run a script or break the markup if it were not escaped."""


def shipped(root: str = EXAMPLES) -> tuple[Timeline, Lead]:
    """The shipped example's plan, as ``cadence plan`` makes it, and its lead."""
    lead = load_lead(f"{root}/lead.toml")
    timeline = plan(
        load(f"{root}/persistent.toml"), lead, load_history(f"{root}/history.csv"), now=NOW
    )
    return timeline, lead


EVERY_CHANNEL = ("call", "sms", "email", "linkedin", "whatsapp", "direct_mail")

SEQUENCE = Cadence(
    rhythm=Steps(
        Step(0, "email", label=HOSTILE, template=HOSTILE),
        Step(1, "sms", label="text"),
        Step(2, "linkedin", label="connect"),
        Step(3, "direct_mail", label="postcard"),
        Step(7, "call", label="call"),
        Step(8, "whatsapp"),
    ),
    channels=Rotate(("call", "email")),
    limits=(ContactWindow(days=("mon", "tue", "wed", "thu", "fri"), start="09:00", end="17:00"),),
    stop=BuyOrDie(),
)
"""A sequence on every built-in channel and a CRM's own, its first step's label hostile."""


def hostile() -> tuple[Timeline, Lead]:
    """A plan of :data:`SEQUENCE` for a lead whose id is hostile, and one touch whose reason is."""
    lead = Lead(
        timezone="Europe/Berlin",
        created_at=pendulum.datetime(2026, 9, 14, 7, 0, tz="UTC"),
        channels=EVERY_CHANNEL,
        id=HOSTILE,
    )
    timeline = plan(SEQUENCE, lead, now=lead.created_at)
    first = timeline[0]
    planted = PlannedTouch(
        at=first.at.add(minutes=30),
        channel=Channel.CALL,
        voicemail=True,
        round=1,
        reason=f"because {HOSTILE}",
        rule=None,
        key="e0.r1.t9",
        step=first.step,
    )
    touches = (first, planted, *timeline[1:])
    return Timeline(touches, StopReason(f"stopped: {HOSTILE}"), timeline.skipped), lead
