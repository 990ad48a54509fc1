"""Type-checked, never run: proves the public API types well for users (mypy --strict)."""

from datetime import timedelta

import pendulum

from cadence import (
    AfterVoicemail,
    BuyOrDie,
    Cadence,
    Channel,
    Compliance,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    Holidays,
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
    compliance,
    next_touch,
    phone,
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

# Configuration: a rule of one's own registered, and errors as data.
import attrs  # noqa: E402

from cadence import Candidate, ConfigError, InvalidValueError, State  # noqa: E402
from cadence.config import ConfigProblem, register  # noqa: E402
from cadence.errors import Place, Problem  # noqa: E402
from cadence.rules import Limit  # noqa: E402


@attrs.frozen
class Closed(Limit):
    """Closed on Sundays."""

    def __call__(self, candidate: Candidate, state: State) -> Candidate | None:
        return None if candidate.at.astimezone(state.zone).weekday() == 6 else candidate

    def describe(self) -> str:
        return "closed on Sundays"


registered: type[Closed] = register(Closed, tag="closed")
refused: InvalidValueError = InvalidValueError.at(Place("Closed", "days"), expected="a day")
problem: Problem | None = refused.problem
try:
    Cadence.from_dict(cadence.to_dict())
except ConfigError as error:
    problems: list[ConfigProblem] = error.problems
    pairs: list[tuple[str, str]] = error.errors

# Plans as data, and the exports of one lead's plan or many.
from cadence import export  # noqa: E402

stored: dict[str, object] = timeline.to_dict()
restored: Timeline = Timeline.from_dict(timeline.to_dict())
one: PlannedTouch = PlannedTouch.from_dict(timeline[0].to_dict())
ics: str = export.to_ics([(lead, timeline)], now, previous=export.planned_uids(""))
rows: str = export.to_csv(timeline, lead=lead)
identity: str = export.uid(lead, timeline[0])
# Pictures: a timeline's weeks, its page, and a cadence's first weeks.
from cadence.export import cadence_svg, to_html, to_svg  # noqa: E402
from cadence.picture import SAMPLE_START, ChannelStyle, sample_lead, style_of  # noqa: E402

picture: str = to_svg(timeline, lead=lead, title="Week by week")
page: str = to_html(timeline, lead=lead, now=now)
shape: str = cadence_svg(cadence, weeks=6)
look: ChannelStyle = style_of(Channel("direct_mail"))
sample: Lead = sample_lead(cadence)
start: pendulum.DateTime = SAMPLE_START
# Where the lead is: a region, uncertain zones, the calling laws and holidays of the region.
placed = Lead(
    timezone="America/Boise",
    created_at=now,
    region="us-id",
    possible_timezones=["America/Boise", "America/Los_Angeles"],
)
lawful = Cadence(
    rhythm=SpeedToLead(),
    limits=[Compliance(default_region="US"), Holidays.where_lead_is(extra=["2026-12-24"])],
)
law_timeline: Timeline = plan(lawful, placed, now=now)
zones: tuple[str, ...] = phone.timezones("+1 208 200 5678")
from_number: Lead = phone.lead("+1 305 555 0100", created_at=now, id="L-1")
laws: tuple[compliance.Jurisdiction, ...] = compliance.jurisdictions_for(placed.region)
