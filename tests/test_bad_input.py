"""Bad input at every public door: an error of cadence that names the argument.

The matrix is built from the signatures of what ``cadence``, ``cadence.rules`` and
``cadence.presets`` export: every argument of every constructor, named constructor and
function is given wrong types, None, NaN and infinities, a negative, a huge number, a bool,
a naive datetime, bytes, an unhashable list and nonsense text. Each must be refused with an
``InvalidTypeError`` or ``InvalidValueError`` whose message starts with where it was given
(``Class.field`` or the parameter's name) and says what was expected, in words rather than
Python's. A public name or an argument added later is tried without a change here: a new
name needs a valid call in ``DOORS`` (a test says so), or a reason in ``NOT_DOORS``.
"""

from __future__ import annotations

import enum
import inspect
import math
import re
import zoneinfo
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import cadence
import cadence.presets
import cadence.rules
from cadence import (
    AfterVoicemail,
    Blackout,
    Cadence,
    Channel,
    CompiledCadence,
    Compliance,
    ContactWindow,
    DayOffsets,
    DoubleTap,
    Every,
    FrequencyCap,
    Holidays,
    Hours,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    MaxAttempts,
    MaxContacts,
    MaxDuration,
    MaxRounds,
    Milestone,
    MilestoneKind,
    MinGap,
    Outcome,
    Period,
    Prefer,
    PreferredChannel,
    QuietHours,
    Rep,
    Rotate,
    Snapshot,
    Spacing,
    Span,
    SpeedToLead,
    Step,
    Steps,
    Throttle,
    Touch,
    VoicemailLimit,
    Weekday,
    Weekly,
    Yearly,
    _time,
    audit,
    next_touch,
    plan,
    presets,
    schedule,
)
from cadence._time import zone
from cadence.rules import AllLimits, AllStop, AnyLimit, AnyStop, BuyOrDie, Chain

NOW = datetime(2026, 3, 2, 15, tzinfo=UTC)
LEAD = Lead(timezone="America/Chicago", created_at=NOW)
CADENCE = Cadence(rhythm=SpeedToLead())
OWNED = Lead(timezone="America/Chicago", created_at=NOW, id="a", owner="ana")

Call = tuple[tuple[Any, ...], dict[str, Any]]


def call(*args: Any, **kwargs: Any) -> Call:
    return args, kwargs


DOORS: dict[Callable[..., Any], Call] = {
    # values
    Lead: call("America/Chicago", NOW),
    Touch: call(NOW, "call", "no_answer"),
    Milestone: call(NOW, "purchased"),
    Milestone.opted_out: call(NOW, "sms"),
    Milestone.snoozed: call(NOW, NOW + timedelta(days=1)),
    Milestone.enrolled: call(NOW),
    Milestone.opted_in: call(NOW, "sms"),
    Milestone.resumed: call(NOW),
    Step: call(2, "call"),
    Period: call("2026-07-01", "2026-07-14"),
    Hours: call(["tue"], "10:00", "12:00"),
    Span: call(days=1, hours=2),
    Span.parse: call("2 days"),
    Span.from_timedelta: call(timedelta(days=1)),
    Channel: call("call"),
    Outcome: call("sent"),
    MilestoneKind: call("lost"),
    Weekday: call(0),
    Cadence: call(SpeedToLead()),
    # rhythms
    SpeedToLead: call(),
    DayOffsets: call(1, 3),
    Every: call("3 days"),
    Weekly: call(["tue"], "10:00"),
    Yearly: call("12-25"),
    Steps: call(Step(0, "email"), Step(2, "call")),
    Chain: call(SpeedToLead(), Every("1 day")),
    # channel rules
    Rotate: call(["call", "sms"]),
    Prefer: call(["call"]),
    PreferredChannel: call(),
    # reactions
    DoubleTap: call(),
    AfterVoicemail: call(),
    # limits
    ContactWindow: call(),
    Compliance: call("US"),
    ContactWindow.of: call(Hours()),
    QuietHours: call("21:00", "08:00"),
    Blackout: call([("2026-07-01", "2026-07-14")]),
    Holidays: call(["2026-12-25"], "US", "CA"),
    Holidays.country: call("US", "CA"),
    Holidays.where_lead_is: call(extra=["2026-12-25"]),
    VoicemailLimit: call(),
    FrequencyCap: call(3, "1 day"),
    FrequencyCap.calls_per_day: call(),
    MinGap: call("1 hour"),
    AnyLimit: call(ContactWindow()),
    AllLimits: call(ContactWindow()),
    # stop rules
    MaxAttempts: call(3),
    MaxContacts: call(3),
    MaxRounds: call(3),
    MaxDuration: call("30 days"),
    AnyStop: call(BuyOrDie()),
    AllStop: call(BuyOrDie()),
    # planning
    plan: call(CADENCE, LEAD, [], now=NOW),
    next_touch: call(CADENCE, LEAD, [], now=NOW),
    CompiledCadence: call(CADENCE),
    audit: call(CADENCE, LEAD, []),
    Snapshot.of: call(CADENCE, LEAD, [], now=NOW),
    Snapshot.from_bytes: call(Snapshot.of(CADENCE, LEAD, now=NOW).to_bytes()),
    # teams
    Rep: call("ana", "America/Chicago", hours=Hours(), limits=(), blackouts=(), name="Ana"),
    Throttle: call(60, "1 hour", ["call"]),
    Spacing: call("2 minutes", ["call"]),
    schedule: call([(CADENCE, OWNED, [])], [Rep("ana", "America/Chicago")], now=NOW),
    # presets
    presets.persistent: call(),
    presets.post_sale: call(),
}
"""Every public door that takes arguments, with a call that it accepts."""

NOT_DOORS: dict[str, str] = {
    "config": "configuration is swept on its own",
    "compliance": "a module of data; its values are swept in tests/test_jurisdictions.py",
    "json_schema": "configuration is swept on its own",
    "load": "configuration is swept on its own",
    "load_history": "configuration is swept on its own",
    "load_lead": "configuration is swept on its own",
    "loads": "configuration is swept on its own",
    "loads_history": "configuration is swept on its own",
    "loads_lead": "configuration is swept on its own",
    "load_team": "configuration is swept on its own",
    "loads_team": "configuration is swept on its own",
    "plan_many": "the batch door is swept on its own",
    "Attempt": "the library builds it, from validated touches",
    "Candidate": "rules propose it on the planner's hot path, from validated values",
    "State": "the planner builds it and hands it to rules",
    "Slot": "rhythms return it to the planner",
    "Settled": "settle() returns it",
    "settle": "the planner and AllLimits call it with the limits and state they hold",
    "fired": "the planner calls it with the stop rule and state it holds",
    "PlannedTouch": "the planner returns it",
    "StopReason": "the planner returns it",
    "Timeline": "the planner returns it",
    "Skipped": "the planner returns it",
    "Violation": "audit() returns it",
    "Schedule": "schedule() returns it",
    "AgendaItem": "Schedule.agenda() returns it",
}
"""Public callables that are not doors for a user's input, and why."""

NAMED: dict[tuple[Callable[..., Any], str], str] = {
    (Span.parse, "text"): "Span.parse",
    (Span.from_timedelta, "value"): "Span.from_timedelta",
    (Holidays.country, "code"): "Holidays.region",
    (Holidays.country, "extra"): "Holidays.dates",
    (Holidays.where_lead_is, "extra"): "Holidays.dates",
    (presets.persistent, "rounds"): "MaxRounds.n",
    (Snapshot.from_bytes, "data"): "data",
    **{(Snapshot.of, name): name for name in ("cadence", "lead", "history", "now", "since")},
    (presets.post_sale, "season"): "Yearly.on",
    (presets.post_sale, "before"): "Yearly.before",
}
"""Arguments that a message names otherwise than ``Class.parameter`` or ``parameter``."""

ACCEPTS_NAIVE = {(Period, "start"), (Period, "end")}
"""Arguments that take a naive datetime: a moment on the lead's own clock."""

ACCEPTED: dict[tuple[Callable[..., Any], str, str], str] = {
    (Weekday, "value", "True"): "an IntEnum lookup: True is 1, so Weekday(True) is Weekday.TUE",
    (Lead, "id", "nonsense text"): "a lead's id is any text the CRM gives it",
    (Lead, "owner", "nonsense text"): "a rep's id is any text the CRM gives it",
    (Rep, "id", "nonsense text"): "a rep's id is any text the CRM gives it",
    (Rep, "name", "nonsense text"): "a rep's name is any text",
    (Step, "label", "nonsense text"): "a step's label is any text",
    (Step, "template", "nonsense text"): "a template's id is any text the CRM gives it",
}
"""Bad values a door accepts anyway, and why."""

INTERNALS = (
    "NoneType",
    "unhashable",
    "has no attribute",
    "object is not",
    "not supported between",
    "cannot convert",
    "must be <class",
    "Attribute(name=",
    "is not a valid",
    "positional argument",
)
"""Phrases of Python's own errors, which a message of cadence never shows."""


def _public() -> Iterator[tuple[str, Any]]:
    for namespace in (cadence, cadence.rules, cadence.presets):
        for name in namespace.__all__:
            yield name, getattr(namespace, name)


def _takes_arguments(door: Callable[..., Any]) -> bool:
    return bool(_parameters(door))


def _parameters(door: Callable[..., Any]) -> list[inspect.Parameter]:
    if isinstance(door, type) and issubclass(door, enum.Enum):
        return [inspect.Parameter("value", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    return list(inspect.signature(door).parameters.values())


def discovered_doors() -> set[Callable[..., Any]]:
    """The constructors, named constructors and functions of the public names."""
    found: set[Callable[..., Any]] = set()
    for name, value in _public():
        if name in NOT_DOORS or not callable(value):
            continue
        if isinstance(value, type):
            if issubclass(value, BaseException) or inspect.isabstract(value):
                continue
            if _takes_arguments(value):
                found.add(value)
            for attribute, member in vars(value).items():
                if isinstance(member, classmethod) and not attribute.startswith("_"):
                    bound = getattr(value, attribute)
                    if attribute != "from_dict" and _takes_arguments(bound):
                        found.add(bound)
        elif _takes_arguments(value):
            found.add(value)
    return found


def _title(door: Callable[..., Any]) -> str:
    if inspect.ismethod(door):
        return f"{door.__self__.__name__}.{door.__name__}"
    return door.__qualname__


def where(door: Callable[..., Any], parameter: str) -> str:
    """How a message names the argument ``parameter`` of ``door``."""
    if (door, parameter) in NAMED:
        return NAMED[door, parameter]
    if isinstance(door, type) and issubclass(door, enum.Enum):
        return door.__name__
    if isinstance(door, type):
        return f"{door.__name__}.{parameter}"
    if inspect.ismethod(door):  # a named constructor: the message names the field it fills
        return f"{door.__self__.__name__}.{parameter}"
    return parameter


def bad_values(door: Callable[..., Any], parameter: inspect.Parameter) -> dict[str, Any]:
    """The bad values for one argument, by name, from its annotation and default."""
    annotation = str(parameter.annotation)
    valid = _bound(door).arguments.get(parameter.name)
    values: dict[str, Any] = {
        "None": None,
        "an object": object(),
        "NaN": math.nan,
        "infinity": math.inf,
        "minus infinity": -math.inf,
        "a negative number": -1,
        "a huge number": 10**100,
        "True": True,
        "a naive datetime": datetime(2026, 3, 2, 9),
        "an aware datetime": NOW,
        "bytes": valid.encode() if isinstance(valid, str) else b"call",
        "an unhashable list": [[]],
        "nonsense text": "nonsense?",
    }
    if parameter.default is None:
        del values["None"]
    if "bool" in annotation:
        del values["True"]
    if "datetime" in annotation:
        del values["an aware datetime"]
    if (door, parameter.name) in ACCEPTS_NAIVE:
        del values["a naive datetime"]
    if annotation in {"int", "int | None"}:
        values["a fraction"] = 1.5
        values["a whole float"] = 2.0
        values["a number as text"] = "3"
    for name in list(values):
        if (door, parameter.name, name) in ACCEPTED:
            del values[name]
    return values


def _bound(door: Callable[..., Any]) -> inspect.BoundArguments:
    args, kwargs = DOORS[door]
    if isinstance(door, type) and issubclass(door, enum.Enum):
        return inspect.Signature(_parameters(door)).bind(*args, **kwargs)
    return inspect.signature(door).bind(*args, **kwargs)


def _cases() -> Iterator[Any]:
    for door in DOORS:
        for parameter in _parameters(door):
            for name, value in bad_values(door, parameter).items():
                yield pytest.param(
                    door,
                    parameter,
                    value,
                    id=f"{_title(door)}({parameter.name}={name})",
                )


def _call_with(door: Callable[..., Any], parameter: inspect.Parameter, value: Any) -> Any:
    bound = _bound(door)
    if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
        bound.arguments[parameter.name] = (value,)
    else:
        bound.arguments[parameter.name] = value
    return door(*bound.args, **bound.kwargs)


def check_message(error: BaseException, named: str) -> None:
    """The error is one of cadence's, and says where and what was expected, in words."""
    assert isinstance(error, InvalidTypeError | InvalidValueError), repr(error)
    assert len(error.args) == 1, error.args
    message = str(error)
    assert re.match(rf"{re.escape(named)}[:\[ ]", message), message
    assert "expected" in message, message
    for phrase in INTERNALS:
        assert phrase not in message, message


# -- the matrix ---------------------------------------------------------------------------


def test_every_public_door_is_in_the_matrix():
    found = discovered_doors()
    missing = sorted(_title(door) for door in found - set(DOORS))
    stale = sorted(_title(door) for door in set(DOORS) - found)
    assert not missing, f"public doors without a valid call in DOORS: {missing}"
    assert not stale, f"DOORS lists what is not a public door: {stale}"


@pytest.mark.parametrize("door", list(DOORS), ids=_title)
def test_the_valid_call_of_each_door_is_accepted(door):
    args, kwargs = DOORS[door]
    door(*args, **kwargs)


@pytest.mark.parametrize(("door", "parameter", "value"), list(_cases()))
def test_a_bad_argument_is_refused_with_a_message_that_names_it(door, parameter, value):
    with pytest.raises(Exception) as raised:  # noqa: PT011 - the kind is what is checked
        _call_with(door, parameter, value)
    check_message(raised.value, where(door, parameter.name))


# -- the defects that the matrix pins, by name ----------------------------------------------


NAMED_DEFECTS: list[tuple[Callable[[], Any], type[Exception], str]] = [
    (
        lambda: Holidays(region="US", subdiv="ZZ"),
        InvalidValueError,
        (
            "Holidays.subdiv: expected a subdivision of 'US' that the holidays package knows, "
            "such as 'AK', 'AL', 'AR', got 'ZZ'"
        ),
    ),
    (
        lambda: Holidays(region="ZZ"),
        InvalidValueError,
        (
            "Holidays.region: expected a country code the holidays package knows, such as 'US', "
            "got 'ZZ'"
        ),
    ),
    (
        lambda: Holidays(region="IS", subdiv="1"),
        InvalidValueError,
        (
            "Holidays.subdiv: expected None, as the holidays package knows no subdivisions of "
            "'IS', got '1'"
        ),
    ),
    (
        lambda: Holidays(dates=["2026-12-25"], subdiv="CA"),
        InvalidValueError,
        "Holidays.region: expected the country of subdivision 'CA', such as 'US', got None",
    ),
    (
        lambda: DoubleTap(voicemail="yes"),
        InvalidTypeError,
        "DoubleTap.voicemail: expected True or False, got 'yes'",
    ),
    (
        lambda: Span(minutes=math.nan),
        InvalidValueError,
        "Span.minutes: expected a finite number, got nan",
    ),
    (
        lambda: Span.parse(None),
        InvalidTypeError,
        "Span.parse: expected text such as '7 days' or 'P7D', got None",
    ),
    (
        lambda: audit(CADENCE, None, []),
        InvalidTypeError,
        "lead: expected a Lead, got None",
    ),
    (
        lambda: audit(CADENCE, LEAD, None),
        InvalidTypeError,
        "history: expected an iterable of events (Touch and Milestone values), got None",
    ),
    (
        lambda: audit(None, LEAD, []),
        InvalidTypeError,
        "cadence: expected a Cadence, got None",
    ),
    (
        lambda: Lead(timezone=["UTC"], created_at=NOW),
        InvalidTypeError,
        "Lead.timezone: expected an IANA time zone name such as 'America/Chicago', got ['UTC']",
    ),
    # Found by the matrix, beyond the list.
    (
        lambda: Channel("Fax!"),
        InvalidValueError,
        (
            "Channel: expected one of 'call', 'sms', 'email', 'linkedin', 'whatsapp', or a name "
            "of your own in lower-case letters, digits and underscores such as 'direct_mail', "
            "got 'Fax!'"
        ),
    ),
    (
        lambda: Outcome(None),
        InvalidValueError,
        (
            "Outcome: expected one of 'no_answer', 'voicemail_left', 'connected', 'sent', "
            "'replied', 'bounced', got None"
        ),
    ),
    (
        lambda: MilestoneKind(["lost"]),
        InvalidValueError,
        (
            "MilestoneKind: expected one of 'purchased', 'lost', 'opted_out', 'replied', "
            "'meeting_booked', 'snoozed', 'enrolled', 'opted_in', 'resumed', got ['lost']"
        ),
    ),
    (
        lambda: Weekday(7),
        InvalidValueError,
        "Weekday: expected a number from 0 (Monday) to 6 (Sunday), got 7",
    ),
    (
        lambda: Span.from_timedelta(5),
        InvalidTypeError,
        "Span.from_timedelta: expected a timedelta, got 5",
    ),
    (
        lambda: Span.from_timedelta(timedelta(days=40_000)),
        InvalidValueError,
        "Span.from_timedelta: expected a duration of at most 36600 days, got 40000 days",
    ),
    (
        lambda: Span.parse(b"1 day"),
        InvalidTypeError,
        "Span.parse: expected text such as '7 days' or 'P7D', got b'1 day'",
    ),
    (
        lambda: Span.parse("9" * 5000 + " days"),
        InvalidValueError,
        "Span.parse: expected a duration of at most 36600 days, got a number of 5000 digits",
    ),
    (
        lambda: Span(hours=math.inf),
        InvalidValueError,
        "Span.hours: expected a finite number, got inf",
    ),
    (
        lambda: Span(weeks=10**6),
        InvalidValueError,
        "Span.weeks: expected at most 5228 weeks, got 1000000",
    ),
    (
        lambda: DoubleTap(gap=10**12),
        InvalidValueError,
        "DoubleTap.gap: expected a duration of at most 36600 days, got 1000000000000 seconds",
    ),
    (
        lambda: AnyLimit(ContactWindow(), "09:00"),
        InvalidTypeError,
        "AnyLimit.limits: expected a limit, got '09:00'",
    ),
    (
        lambda: AllStop(BuyOrDie(), None),
        InvalidTypeError,
        "AllStop.rules: expected a stop rule, got None",
    ),
    (
        lambda: plan(CADENCE, LEAD, "touches", now=NOW),
        InvalidTypeError,
        "history: expected an iterable of events (Touch and Milestone values), got 'touches'",
    ),
    (
        lambda: next_touch(CADENCE, LEAD, {"at": NOW}, now=NOW),
        InvalidTypeError,
        (
            "history: expected an iterable of events (Touch and Milestone values), "
            "got {'at': datetime.datetime(2026, 3, 2, 15, 0, tzinfo=datetime.timezone.utc)}"
        ),
    ),
    (
        lambda: Weekly(days=b"mon", at="10:00"),
        InvalidTypeError,
        "Weekly.days: expected days of the week, got b'mon'",
    ),
    (
        lambda: Milestone(at=NOW, kind="snoozed"),
        InvalidValueError,
        (
            "Milestone.until: a snooze needs the instant it ends: expected an aware datetime, "
            "got None"
        ),
    ),
]
"""The defects of the issue's list, and the ones the matrix found, with their messages."""


@pytest.mark.parametrize(
    ("build", "kind", "message"), NAMED_DEFECTS, ids=[case[2] for case in NAMED_DEFECTS]
)
def test_a_bad_argument_gets_the_message_that_names_it(build, kind, message):
    with pytest.raises(kind) as raised:
        build()
    assert str(raised.value) == message
    check_message(raised.value, message.split(":")[0])


def test_a_double_tap_without_a_voicemail_is_still_a_double_tap():
    assert DoubleTap(voicemail=False).voicemail is False


# -- time zones: names of the tz database, the same on every machine -----------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("localtime", "which is this machine's own setting and differs from one machine to"),
        ("posixrules", "which is this machine's own setting"),
        ("posix/Europe/Paris", "a file of this machine's tz installation"),
        ("right/UTC", "a file of this machine's tz installation"),
        ("/etc/localtime", "a file path"),
        ("../../etc/localtime", "a file path"),
        ("Europe/../Paris", "a file path"),
        ("Europe\\Paris", "a file path"),
        ("zone.tab", "a file path"),
    ],
)
def test_a_zone_that_depends_on_the_machine_is_refused(name, why):
    with pytest.raises(InvalidValueError) as raised:
        Lead(timezone=name, created_at=NOW)
    message = str(raised.value)
    assert message.startswith(
        f"Lead.timezone: expected an IANA time zone name such as 'America/Chicago', got {name!r}"
    )
    assert why in message


def test_every_zone_of_the_tz_database_is_a_zone():
    names = zoneinfo.available_timezones() - {"localtime", "posixrules"}
    assert len(names) > 400
    for name in names:
        assert zone(name).key == name


def test_zones_are_cached_by_name_and_anything_else_is_refused_before_the_cache():
    zone("Asia/Kathmandu")
    before = _time._zone.cache_info()
    assert zone("Asia/Kathmandu") is zone("Asia/Kathmandu")
    assert _time._zone.cache_info().hits == before.hits + 2
    for unhashable in (["UTC"], {"UTC": 1}, {"UTC"}):
        with pytest.raises(InvalidTypeError, match="expected an IANA time zone name"):
            zone(unhashable)
    assert _time._zone.cache_info().currsize == before.currsize
