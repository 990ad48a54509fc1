"""Plan the persistent follow-up cadence for a new lead and print the timeline.

Run it with ``python examples/persistent.py``.
"""

import pendulum

from cadence import Channel, Lead, Outcome, Touch, plan, presets

# A lead from Chicago fills in a web form on a Friday morning; the rep calls two minutes
# later and nobody answers.
lead = Lead(timezone="America/Chicago", created_at=pendulum.datetime(2026, 3, 6, 15, 58, tz="UTC"))
history = [
    Touch(
        at=pendulum.datetime(2026, 3, 6, 16, 0, tz="UTC"),
        channel=Channel.CALL,
        outcome=Outcome.NO_ANSWER,
    )
]
timeline = plan(
    presets.persistent(), lead, history, now=pendulum.datetime(2026, 3, 6, 16, 0, 30, tz="UTC")
)
print(timeline.table())
