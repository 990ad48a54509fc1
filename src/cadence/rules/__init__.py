"""The rule objects a cadence is made of, one module per kind.

- rhythms (:mod:`cadence.rules.rhythm`, :mod:`cadence.rules.occasion`): when rounds happen;
- channel rules (:mod:`cadence.rules.channels`): which channel a round uses;
- reactions (:mod:`cadence.rules.reactions`): touches an outcome triggers inside a round;
- limits (:mod:`cadence.rules.limits`, :mod:`cadence.rules.calendar`,
  :mod:`cadence.rules.holidays`, :mod:`cadence.rules.frequency`,
  :mod:`cadence.rules.compliance`): constraints that move or veto a touch;
- stop rules (:mod:`cadence.rules.stop`): when the cadence is over.
"""

from cadence.protocol import (
    AllLimits,
    AllStop,
    AnyLimit,
    AnyStop,
    Chain,
    ChannelRule,
    Limit,
    Reaction,
    Rhythm,
    Rule,
    Settled,
    Slot,
    StopRule,
    fired,
    settle,
)
from cadence.rules.calendar import Blackout, QuietHours
from cadence.rules.channels import Prefer, PreferredChannel, Rotate
from cadence.rules.compliance import Compliance
from cadence.rules.frequency import FrequencyCap, MinGap
from cadence.rules.holidays import Holidays
from cadence.rules.limits import ContactWindow, Snooze, VoicemailLimit
from cadence.rules.occasion import Yearly
from cadence.rules.reactions import AfterVoicemail, DoubleTap
from cadence.rules.rhythm import DayOffsets, Every, SpeedToLead, Weekly
from cadence.rules.steps import Steps
from cadence.rules.stop import (
    BuyOrDie,
    MaxAttempts,
    MaxContacts,
    MaxDuration,
    MaxRounds,
    MeetingBooked,
    OptOut,
    Replied,
)

__all__ = [
    "AfterVoicemail",
    "AllLimits",
    "AllStop",
    "AnyLimit",
    "AnyStop",
    "Blackout",
    "BuyOrDie",
    "Chain",
    "ChannelRule",
    "Compliance",
    "ContactWindow",
    "DayOffsets",
    "DoubleTap",
    "Every",
    "FrequencyCap",
    "Holidays",
    "Limit",
    "MaxAttempts",
    "MaxContacts",
    "MaxDuration",
    "MaxRounds",
    "MeetingBooked",
    "MinGap",
    "OptOut",
    "Prefer",
    "PreferredChannel",
    "QuietHours",
    "Reaction",
    "Replied",
    "Rhythm",
    "Rotate",
    "Rule",
    "Settled",
    "Slot",
    "Snooze",
    "SpeedToLead",
    "Steps",
    "StopRule",
    "VoicemailLimit",
    "Weekly",
    "Yearly",
    "fired",
    "settle",
]
