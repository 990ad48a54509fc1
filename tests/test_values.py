"""Values: frozen, validated on the way in, with errors that name the bad value."""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import pickle
import re

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cadence
import cadence.rules
from cadence import (
    AfterVoicemail,
    Blackout,
    BuyOrDie,
    Cadence,
    CadenceError,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    Holidays,
    Lead,
    MaxDuration,
    MaxRounds,
    Milestone,
    Period,
    Span,
    Touch,
    VoicemailLimit,
    plan,
    presets,
)
from tests import config_strategies as cs
from tests import strategies as ds

UTC_LEAD = Lead(timezone="UTC", created_at=pendulum.datetime(2026, 1, 1))
NOW = pendulum.datetime(2026, 1, 2)


@pytest.mark.parametrize(
    ("build", "kind", "message"),
    [
        (
            lambda: Lead(timezone="Mars/Olympus", created_at=NOW),
            ValueError,
            "Lead.timezone: .*'Mars/Olympus'",
        ),
        (lambda: Lead(timezone=7, created_at=NOW), TypeError, "Lead.timezone: .*7"),
        (
            lambda: Lead(timezone="UTC", created_at=dt.datetime(2026, 1, 1)),
            ValueError,
            "Lead.created_at: .*naive",
        ),
        (
            lambda: Lead(timezone="UTC", created_at=NOW, channels=["Fax!"]),
            ValueError,
            "Lead.channels: .*'Fax!'",
        ),
        (lambda: Span.parse("seven"), ValueError, "duration .*'seven'"),
        (lambda: Span(days=-1), ValueError, "Span.days: .*-1"),
        (lambda: VoicemailLimit(per="-3 days"), ValueError, "VoicemailLimit.per: .*'-3 days'"),
        (lambda: DoubleTap(gap=-5), ValueError, "DoubleTap.gap: .*-5"),
        (
            lambda: ContactWindow(start="18:00", end="09:00"),
            ValueError,
            "ContactWindow.end: .*09:00",
        ),
        (lambda: ContactWindow(start="nine"), ValueError, "ContactWindow.start: .*'nine'"),
        (lambda: DayOffsets(3, 1), ValueError, r"increasing day offsets, got \(3, 1\)"),
        (Every, ValueError, "at least one gap"),
        (lambda: MaxRounds(0), ValueError, "MaxRounds.n: .*0"),
        (
            lambda: AfterVoicemail(channels=["call"]),
            ValueError,
            "AfterVoicemail.channels: .*message",
        ),
        (lambda: Cadence(rhythm=1), TypeError, "Cadence.rhythm: expected a Rhythm, got 1"),
        (
            lambda: Touch(at=NOW, channel="sms", outcome="voicemail_left"),
            ValueError,
            "Touch.outcome: .*calls only",
        ),
        (
            lambda: Touch(at=NOW, channel="call", outcome="sent"),
            ValueError,
            "Touch.outcome: .*messages",
        ),
        (lambda: Milestone(at=NOW, kind="snoozed"), ValueError, "Milestone.until: .*needs"),
        (
            lambda: Milestone(at=NOW, kind="purchased", channel="sms"),
            ValueError,
            "Milestone.channel",
        ),
        (
            lambda: Milestone(at=NOW, kind="snoozed", until=NOW),
            ValueError,
            "Milestone.until: .*must end after it starts",
        ),
        (
            lambda: Lead(timezone="UTC", created_at=NOW, preferred_channel="fax machine"),
            ValueError,
            "Lead.preferred_channel: .*'fax machine'",
        ),
        (
            lambda: Period(dt.datetime(2026, 7, 1, 9, tzinfo=dt.UTC), "2026-07-02"),
            ValueError,
            "Period.start: .*without a time zone",
        ),
        (
            lambda: Blackout([("2026-07-01", "2026-07-02", "2026-07-03")]),
            TypeError,
            r"Blackout.periods: .*\(start, end\) pair",
        ),
        (
            lambda: plan(presets.persistent(), UTC_LEAD, now=dt.datetime(2026, 1, 2)),
            ValueError,
            "now: .*naive",
        ),
        (
            lambda: plan(presets.persistent(), UTC_LEAD, now="2026-01-02"),
            TypeError,
            "now: .*'2026-01-02'",
        ),
        (
            lambda: plan(presets.persistent(), UTC_LEAD, now=NOW, until="-1 day"),
            ValueError,
            "until: .*'-1 day'",
        ),
        (
            lambda: plan(presets.persistent(), UTC_LEAD, now=NOW, until=NOW.subtract(days=1)),
            ValueError,
            "until: .*after now",
        ),
        (
            lambda: plan(presets.persistent(), UTC_LEAD, now=NOW, max_touches=-1),
            ValueError,
            "max_touches: .*-1",
        ),
        (
            lambda: plan(presets.persistent(), UTC_LEAD, [NOW], now=NOW),
            TypeError,
            r"history\[0\]: expected a Touch",
        ),
        (lambda: plan(presets.persistent(), "lead", now=NOW), TypeError, "lead: expected a Lead"),
        (
            lambda: plan(
                presets.persistent(),
                UTC_LEAD,
                [Touch(at=NOW.add(days=1), channel="sms", outcome="sent")],
                now=NOW,
            ),
            ValueError,
            r"history\[0\]: event at 2026-01-03T00:00:00\+00:00 is after now",
        ),
    ],
)
def test_bad_input_is_refused_with_an_error_that_names_it(build, kind, message):
    with pytest.raises(kind, match=message) as raised:
        build()
    assert isinstance(raised.value, CadenceError)


@given(ds.cadences)
def test_cadences_are_frozen(rules):
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rules.rhythm = None
    for rule in (rules.rhythm, rules.channels, rules.stop, *rules.reactions, *rules.limits):
        assert pickle.loads(pickle.dumps(rule)) == rule
        hash(rule)


@given(st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=400)))
def test_spans_round_trip_through_text_to_the_microsecond(value):
    span = Span.from_timedelta(value)
    assert Span.parse(span.isoformat()) == span
    assert Span.parse(str(span)) == span
    assert eval(repr(span), {"Span": Span}) == span  # noqa: S307 - a repr reads like code


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("5 minutes", Span(minutes=5)),
        ("PT5M", Span(minutes=5)),
        ("P2D", Span(days=2)),
        ("1 week", Span(days=7)),
        ("2 days and 3 hours", Span(days=2, hours=3)),
        ("36h", Span(hours=36)),
    ],
)
def test_durations_read_as_iso_or_friendly_text(text, span):
    assert Span.parse(text) == span


CODE = {
    **{name: getattr(cadence, name) for name in cadence.__all__},
    **{name: getattr(cadence.rules, name) for name in cadence.rules.__all__},
    "datetime": dt,
    "DateTime": pendulum.DateTime,
    "Timezone": pendulum.Timezone,
}
"""What a user's module has imported when it builds values: the public names."""


@given(cs.cadences() | cs.leads | cs.touches() | cs.milestones())
def test_every_value_repr_is_the_code_that_builds_it(value):
    assert eval(repr(value), CODE) == value  # noqa: S307 - a repr reads like code


def test_reprs_read_like_the_code_a_person_writes():
    lead = Lead(
        "Europe/Paris", pendulum.datetime(2026, 3, 2, 9, tz="Europe/Paris"), ["email", "call"]
    )
    assert "channels=('call', 'email')" in repr(lead)
    assert "stop=BuyOrDie() | OptOut() | MaxRounds(n=12)" in repr(presets.persistent())
    assert repr(MaxRounds(3) & (BuyOrDie() | MaxDuration("30 days"))) == (
        "(MaxRounds(n=3) & (BuyOrDie() | MaxDuration(span='30 days')))"
    )
    assert repr(cadence.rules.AnyStop(BuyOrDie())) == "AnyStop(BuyOrDie())"
    assert repr(Holidays(["2026-12-24"])) == "Holidays(dates=['2026-12-24'])"


def test_every_public_name_is_documented():
    for name in cadence.__all__:
        value = getattr(cadence, name)
        if callable(value) or isinstance(value, type):
            assert value.__doc__, name


def test_the_runtime_dependencies_are_attrs_and_pendulum_only():
    required = importlib.metadata.requires("cadence-rules") or []
    core = sorted(re.split(r"[<>=!~ ;\[]", spec)[0] for spec in required if "extra ==" not in spec)
    assert core == ["attrs", "pendulum"]
