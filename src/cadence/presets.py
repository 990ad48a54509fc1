"""Ready-made cadences.

Each preset is a function that returns a :class:`~cadence.Cadence`; change any slot with
:func:`attrs.evolve`::

    attrs.evolve(presets.persistent(), stop=BuyOrDie() | OptOut() | MaxRounds(20))
"""

from __future__ import annotations

from cadence.cadence import Cadence
from cadence.channels import Channel
from cadence.rules.calendar import QuietHours
from cadence.rules.channels import Prefer
from cadence.rules.limits import ContactWindow, VoicemailLimit
from cadence.rules.occasion import ANNIVERSARY, Yearly
from cadence.rules.reactions import AfterVoicemail, DoubleTap
from cadence.rules.rhythm import DayOffsets, Every, SpeedToLead
from cadence.rules.stop import BuyOrDie, MaxRounds, OptOut
from cadence.span import SpanLike
from cadence.weekday import WEEKDAYS

__all__ = ["persistent", "post_sale"]


def persistent(*, rounds: int = 12) -> Cadence:
    """The persistent follow-up practice: keep calling until they buy or die.

    Most sales are made on the fifth to twelfth contact, yet most salespeople stop after
    one or two. This cadence:

    - calls a new lead at once (speed to lead: within five minutes);
    - double taps: an unanswered call is followed by a second dial right away; only the
      second dial leaves a voicemail, and at most one voicemail a week;
    - after each voicemail, sends an SMS and an email that mention it;
    - calls again a day later, then twice a week (every 3, then 4 days);
    - only on weekdays, 09:00 to 18:00 on the lead's clock;
    - falls back to SMS, then email, for a lead without a phone or who opted out of calls;
    - stops when the lead buys or is lost, opts out, or after ``rounds`` rounds.

    Args:
        rounds: How many rounds of contact before giving up (12 by default).
    """
    return Cadence(
        rhythm=SpeedToLead(within="5 minutes") + DayOffsets(1) + Every("3 days", "4 days"),
        channels=Prefer((Channel.CALL, Channel.SMS, Channel.EMAIL)),
        reactions=(
            DoubleTap(),
            AfterVoicemail(channels=(Channel.SMS, Channel.EMAIL), gap="1 minute"),
        ),
        limits=(
            ContactWindow(days=WEEKDAYS, start="09:00", end="18:00"),
            VoicemailLimit(max=1, per="1 week"),
        ),
        stop=BuyOrDie() | OptOut() | MaxRounds(rounds),
    )


def post_sale(*, season: str = ANNIVERSARY, before: SpanLike = "2 weeks") -> Cadence:
    """Look after a customer: a check-in, a referral ask, and a call before the next season.

    Plan it for the customer as a lead whose ``created_at`` is the purchase. This cadence:

    - calls two weeks after the purchase to check in, at 10:00 on the customer's clock;
    - calls again on day 30 to ask for a referral;
    - calls ``before`` the next ``season`` (by default two weeks before the purchase's
      anniversary), when a seasonal product is bought again;
    - leaves a voicemail and follows it with an email when a call is not answered;
    - keeps to weekdays 09:00-18:00 and to the TCPA's quiet hours;
    - stops after those three rounds, or when the customer opts out.

    Args:
        season: When the season starts: ``"MM-DD"`` (``"04-01"``), ``"anniversary"`` or the
            name of one of the lead's dates (see :class:`~cadence.rules.Yearly`).
        before: How long before the season to call.
    """
    return Cadence(
        rhythm=DayOffsets(14, 30, at="10:00") + Yearly(season, at="10:00", before=before),
        channels=Prefer((Channel.CALL, Channel.EMAIL)),
        reactions=(AfterVoicemail(channels=(Channel.EMAIL,), gap="1 minute"),),
        limits=(
            ContactWindow(days=WEEKDAYS, start="09:00", end="18:00"),
            QuietHours.tcpa(),
            VoicemailLimit(max=1, per="1 week"),
        ),
        stop=OptOut() | MaxRounds(3),
    )
