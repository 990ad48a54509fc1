"""The rule objects a cadence is made of, one module per kind.

- rhythms (:mod:`cadence.rules.rhythm`): when rounds happen;
- channel rules (:mod:`cadence.rules.channels`): which channel a round uses;
- reactions (:mod:`cadence.rules.reactions`): touches an outcome triggers inside a round;
- limits (:mod:`cadence.rules.limits`): constraints that move or veto a touch;
- stop rules (:mod:`cadence.rules.stop`): when the cadence is over.
"""

from cadence.rules.channels import ChannelRule, Prefer, Rotate
from cadence.rules.limits import AllLimits, AnyLimit, ContactWindow, Limit, Snooze, VoicemailLimit
from cadence.rules.reactions import AfterVoicemail, DoubleTap, Reaction
from cadence.rules.rhythm import Chain, DayOffsets, Every, Rhythm, Slot, SpeedToLead, Weekly
from cadence.rules.stop import (
    AllStop,
    AnyStop,
    BuyOrDie,
    MaxAttempts,
    MaxContacts,
    MaxDuration,
    MaxRounds,
    MeetingBooked,
    OptOut,
    Replied,
    StopRule,
)

__all__ = [
    "AfterVoicemail",
    "AllLimits",
    "AllStop",
    "AnyLimit",
    "AnyStop",
    "BuyOrDie",
    "Chain",
    "ChannelRule",
    "ContactWindow",
    "DayOffsets",
    "DoubleTap",
    "Every",
    "Limit",
    "MaxAttempts",
    "MaxContacts",
    "MaxDuration",
    "MaxRounds",
    "MeetingBooked",
    "OptOut",
    "Prefer",
    "Reaction",
    "Replied",
    "Rhythm",
    "Rotate",
    "Slot",
    "Snooze",
    "SpeedToLead",
    "StopRule",
    "VoicemailLimit",
    "Weekly",
]
