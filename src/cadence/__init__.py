"""cadence: composable rules for sales follow-up cadences, and a planner.

Build a :class:`Cadence` from small rule objects, then ask :func:`plan` for a lead's future
touches, each with the reason it is there::

    from cadence import Lead, plan, presets

    timeline = plan(presets.persistent(), lead, history, now=now)
"""

from importlib.metadata import PackageNotFoundError, version

from cadence import compliance, config, export, phone, presets, rules
from cadence.agenda import AgendaItem, Schedule
from cadence.auditing import Violation, audit
from cadence.batch import BatchError, plan_many
from cadence.cadence import Cadence
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.compiled import CompiledCadence
from cadence.config import (
    ConfigError,
    json_schema,
    load,
    load_history,
    load_lead,
    load_team,
    loads,
    loads_history,
    loads_lead,
    loads_team,
)
from cadence.errors import (
    CadenceError,
    InvalidTypeError,
    InvalidValueError,
    MissingExtraError,
    TeamError,
    UnsatisfiableError,
)
from cadence.events import Event, Milestone, MilestoneKind, Outcome, Touch
from cadence.hours import Hours
from cadence.lead import Lead
from cadence.period import Period
from cadence.planner import DEFAULT_HORIZON, DEFAULT_MAX_TOUCHES, next_touch, plan
from cadence.rules import (
    AfterVoicemail,
    Blackout,
    BuyOrDie,
    Compliance,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    FrequencyCap,
    Holidays,
    MaxAttempts,
    MaxContacts,
    MaxDuration,
    MaxRounds,
    MeetingBooked,
    MinGap,
    OptOut,
    Prefer,
    PreferredChannel,
    QuietHours,
    Replied,
    Rotate,
    SpeedToLead,
    Steps,
    VoicemailLimit,
    Weekly,
    Yearly,
)
from cadence.scheduling import schedule
from cadence.snapshot import SNAPSHOT_FORMAT, Snapshot, SnapshotError
from cadence.span import Span
from cadence.state import Attempt, State
from cadence.step import Step
from cadence.team import Rep, Spacing, Throttle
from cadence.timeline import PlannedTouch, Skipped, StopReason, Timeline
from cadence.weekday import Weekday

try:
    __version__ = version("cadence-rules")
    """The installed version of the ``cadence-rules`` distribution, such as ``"0.1.0"``."""
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "DEFAULT_HORIZON",
    "DEFAULT_MAX_TOUCHES",
    "SNAPSHOT_FORMAT",
    "AfterVoicemail",
    "AgendaItem",
    "Attempt",
    "BatchError",
    "Blackout",
    "BuyOrDie",
    "Cadence",
    "CadenceError",
    "Candidate",
    "Channel",
    "CompiledCadence",
    "Compliance",
    "ConfigError",
    "ContactWindow",
    "DayOffsets",
    "DoubleTap",
    "Event",
    "Every",
    "FrequencyCap",
    "Holidays",
    "Hours",
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
    "MinGap",
    "MissingExtraError",
    "OptOut",
    "Outcome",
    "Period",
    "PlannedTouch",
    "Prefer",
    "PreferredChannel",
    "QuietHours",
    "Rep",
    "Replied",
    "Rotate",
    "Schedule",
    "Skipped",
    "Snapshot",
    "SnapshotError",
    "Spacing",
    "Span",
    "SpeedToLead",
    "State",
    "Step",
    "Steps",
    "StopReason",
    "TeamError",
    "Throttle",
    "Timeline",
    "Touch",
    "UnsatisfiableError",
    "Violation",
    "VoicemailLimit",
    "Weekday",
    "Weekly",
    "Yearly",
    "__version__",
    "audit",
    "compliance",
    "config",
    "export",
    "json_schema",
    "load",
    "load_history",
    "load_lead",
    "load_team",
    "loads",
    "loads_history",
    "loads_lead",
    "loads_team",
    "next_touch",
    "phone",
    "plan",
    "plan_many",
    "presets",
    "rules",
    "schedule",
]
