"""Type-checked, never run: proves the public API types well for users (mypy --strict)."""

from datetime import timedelta

import pendulum

from cadence import (
    AfterVoicemail,
    BuyOrDie,
    Cadence,
    Channel,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    Lead,
    MaxRounds,
    OptOut,
    Outcome,
    PlannedTouch,
    Rotate,
    SpeedToLead,
    Timeline,
    Touch,
    VoicemailLimit,
    next_touch,
    plan,
    presets,
)
from cadence.rules import StopRule

now = pendulum.datetime(2026, 3, 6, 16, tz="UTC")
lead = Lead(timezone="America/Chicago", created_at=now, channels={"call", Channel.EMAIL})
cadence = Cadence(
    rhythm=SpeedToLead(within="5 minutes") + DayOffsets(1, 3) + Every(timedelta(days=3)),
    channels=Rotate(("call", Channel.SMS)),
    reactions=[DoubleTap(gap=0), AfterVoicemail(channels=["sms"])],
    limits=[ContactWindow(days=("mon", 2), start="09:00", end="17:30"), VoicemailLimit(per=604800)],
    stop=BuyOrDie() | OptOut() | MaxRounds(12),
)
stop: StopRule = cadence.stop
timeline: Timeline = plan(cadence, lead, [Touch(now, "call", "no_answer")], now=now)
first: PlannedTouch | None = next_touch(presets.persistent(), lead, (), now=now, until="30 days")
when: pendulum.DateTime = timeline[0].at
outcome: Outcome = timeline[0].assumed
