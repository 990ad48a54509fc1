"""Audit: which touches of a real history broke a cadence's limits, stops or opt-outs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from cadence._time import NEVER, check_aware, to_local, to_utc
from cadence.cadence import Cadence, Rules
from cadence.candidate import Candidate
from cadence.channels import Channel
from cadence.errors import InvalidTypeError, UnsatisfiableError
from cadence.events import Event, Outcome, Touch, check_event, check_history
from cadence.lead import Lead
from cadence.protocol.limit import Limit, changes
from cadence.protocol.stop import fired
from cadence.replay import Replay
from cadence.state import Attempt, State

__all__ = ["Violation", "audit"]

_SHOWN = "ddd YYYY-MM-DD HH:mm zz"


@attrs.frozen
class Violation:
    """A touch that broke a rule, and a sentence that says how.

    Args:
        touch: The touch from the history.
        rule: The limit or stop rule it broke (:class:`~cadence.OptOut` for an opt-out,
            which is honoured whether or not the cadence names it).
        message: What happened, for a compliance officer: the touch on the lead's clock, the
            rule in words, and when the touch would have been allowed.
    """

    touch: Touch
    rule: object
    message: str

    def __str__(self) -> str:
        return self.message


def audit(
    cadence: Cadence, lead: Lead, history: Iterable[Event], *, now: datetime | None = None
) -> list[Violation]:
    """Every touch of a real history that broke the cadence's rules, in time order.

    Each touch is judged as the planner would have judged it then, with the history before
    it: every limit that applies to the lead (the cadence's, the lead's own best times and
    blackouts, and any snooze), every opt-out, and the cadence's stop rules (a touch after
    the cadence was over). A history made by carrying out a plan audits clean.

    Args:
        cadence: The rules the touches should have followed.
        lead: The person.
        history: What happened, in any order.
        now: The present; by default the latest event's time. Events after it are an error.

    Returns:
        The violations, in time order; several for one touch that broke several rules.
    """
    if not isinstance(cadence, Cadence):
        raise InvalidTypeError(f"cadence: expected a Cadence, got {cadence!r}")
    if not isinstance(lead, Lead):
        raise InvalidTypeError(f"lead: expected a Lead, got {lead!r}")
    events = list(check_history(history))
    for position, event in enumerate(events):
        check_event(event, f"history[{position}]")
    if now is None:
        latest = max((to_utc(event.at) for event in events), default=None)
        present = latest if latest is not None else to_utc(lead.created_at)
    else:
        present = to_utc(check_aware(now, "now"))
    found: list[Violation] = []

    rules = cadence.for_lead(lead)
    replay = Replay(rules, lead, present)
    for touch, attempt, _ in replay.touches(events):
        found.extend(_judge(rules, replay.state, touch, attempt))
    return found


def _judge(rules: Rules, state: State, touch: Touch, attempt: Attempt) -> list[Violation]:
    zone = state.zone
    # (rule, what it broke, when it would have been allowed or how): the sentence is built
    # only for a touch that broke something, as most touches of a real history do not.
    broken: list[tuple[object, str]] = []
    if state.opted_out_all is not None:
        since = to_local(state.opted_out_all, zone).format(_SHOWN)
        broken.append((rules.opt_out, f"after the lead opted out of all contact on {since}"))
    elif attempt.channel in state.opted_out:
        channel = _channel_name(attempt.channel)
        broken.append((rules.opt_out, f"after the lead opted out of {channel}"))
    else:
        stopped = fired(rules.stop, state)
        if stopped is not None:
            broken.append((stopped, f"after the cadence stopped: {stopped.describe()}"))
    candidate = Candidate(attempt.at, attempt.channel, attempt.outcome is Outcome.VOICEMAIL_LEFT)
    for limit in rules.limits:
        how = _how_broken(limit, candidate, state)
        if how is not None:
            explained = limit.explain(candidate, state)
            which = "" if explained is None else f": {explained}"
            broken.append((limit, f"broke {limit.describe()}{which}{how}"))
    if not broken:
        return []
    touched = f"{_what(attempt)} on {to_local(attempt.at, zone).format(_SHOWN)}"
    return [Violation(touch, rule, f"{touched} {how}") for rule, how in broken]


def _how_broken(limit: Limit, candidate: Candidate, state: State) -> str | None:
    """How the touch ``candidate`` broke ``limit`` (the end of a sentence), or None."""
    try:
        allowed = limit(candidate, state)
    except UnsatisfiableError:
        return ", which never allow a time"
    except OverflowError:  # its next opening lies past the end of the calendar
        allowed = candidate.moved_to(NEVER)
    if allowed is None:
        return ""
    if allowed is candidate or not changes(limit, candidate, allowed):
        return None
    if allowed.at >= NEVER:
        return "; no later time was allowed"
    if allowed.at != candidate.at:
        return f"; the earliest allowed was {to_local(allowed.at, state.zone).format(_SHOWN)}"
    return "; the call should have hung up at voicemail"


def _channel_name(channel: Channel) -> str:
    return "calls" if channel is Channel.CALL else channel.label


def _what(attempt: Attempt) -> str:
    if attempt.channel is Channel.CALL:
        return "voicemail left" if attempt.outcome is Outcome.VOICEMAIL_LEFT else "call"
    return attempt.channel.label
