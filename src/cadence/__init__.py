"""cadence: composable rules for sales follow-up cadences, and a planner.

Build a :class:`Cadence` from small rule objects, then ask :func:`plan` for a lead's future
touches, each with the reason it is there::

    from cadence import Lead, plan, presets

    timeline = plan(presets.persistent(), lead, history, now=now)
"""

from importlib.metadata import PackageNotFoundError, version

from cadence import presets, rules
from cadence.cadence import Cadence
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.errors import CadenceError, InvalidTypeError, InvalidValueError, UnsatisfiableError
from cadence.events import Event, Milestone, MilestoneKind, Outcome, Touch
from cadence.lead import Lead
from cadence.planner import DEFAULT_HORIZON, DEFAULT_MAX_TOUCHES, next_touch, plan
from cadence.rules import (
    AfterVoicemail,
    BuyOrDie,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    MaxAttempts,
    MaxContacts,
    MaxDuration,
    MaxRounds,
    MeetingBooked,
    OptOut,
    Prefer,
    Replied,
    Rotate,
    SpeedToLead,
    VoicemailLimit,
    Weekly,
)
from cadence.span import Span
from cadence.state import Attempt, State
from cadence.timeline import PlannedTouch, StopReason, Timeline
from cadence.weekday import Weekday

try:
    __version__ = version("cadence-rules")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "DEFAULT_HORIZON",
    "DEFAULT_MAX_TOUCHES",
    "AfterVoicemail",
    "Attempt",
    "BuyOrDie",
    "Cadence",
    "CadenceError",
    "Candidate",
    "Channel",
    "ContactWindow",
    "DayOffsets",
    "DoubleTap",
    "Event",
    "Every",
    "InvalidTypeError",
    "InvalidValueError",
    "Lead",
    "MaxAttempts",
    "MaxContacts",
    "MaxDuration",
    "MaxRounds",
    "MeetingBooked",
    "Milestone",
    "MilestoneKind",
    "OptOut",
    "Outcome",
    "PlannedTouch",
    "Prefer",
    "Replied",
    "Rotate",
    "Span",
    "SpeedToLead",
    "State",
    "StopReason",
    "Timeline",
    "Touch",
    "UnsatisfiableError",
    "VoicemailLimit",
    "Weekday",
    "Weekly",
    "__version__",
    "next_touch",
    "plan",
    "presets",
    "rules",
]
