"""Leads and history events pickle compactly (for plan_many's workers) and read back equal."""

from __future__ import annotations

import copyreg
import io
import pickle
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from cadence import Channel, Hours, Lead, Milestone, Outcome, Period, Touch
from tests.config_strategies import leads, milestones, touches

values = st.one_of(leads, touches(), milestones())


def _attrs_pickle(value: object) -> bytes:
    """``value`` pickled the way attrs does it: its class, then a dict of its fields."""

    class _AttrsWay(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            if obj is value:
                return copyreg.__newobj__, (type(obj),), obj.__getstate__()
            return NotImplemented

    out = io.BytesIO()
    _AttrsWay(out, protocol=5).dump(value)
    return out.getvalue()


@given(values)
def test_a_value_pickles_as_its_field_values_and_reads_back_equal(value):
    data = pickle.dumps(value, protocol=5)
    copy = pickle.loads(data)
    assert copy == value
    assert hash(copy) == hash(value)
    assert type(copy) is type(value)
    # The compact form: the field values in order, not a table by field name.
    assert b"created_at" not in data
    assert b"outcome" not in data
    # Pickles written the attrs way, by earlier versions, still load.
    assert pickle.loads(_attrs_pickle(value)) == value


def test_a_process_that_never_pickled_one_reads_them_back():
    # A worker process unpickles leads before it has pickled any: the fields' names are
    # not known there yet.
    chicago = datetime(2026, 3, 6, 15, 58, tzinfo=UTC)
    lead = Lead(
        timezone="America/Chicago",
        created_at=chicago,
        channels=("call", "email", Channel("direct_mail")),
        preferred_channel="email",
        best_times=Hours(days=("mon", "tue"), start=time(10), end=time(12)),
        blackouts=(Period(datetime(2026, 4, 1, 9), datetime(2026, 4, 2, 9)),),
        dates=(("birthday", date(1990, 5, 17)),),
        id="lead-7",
        region="US-IL",
        possible_timezones=("America/Chicago", "America/New_York"),
        owner="rep-2",
    )
    sent = [
        lead,
        Lead(timezone="Pacific/Chatham", created_at=chicago),
        Touch(at=chicago, channel="call", outcome=Outcome.VOICEMAIL_LEFT),
        Milestone.opted_out(chicago, Channel.SMS),
        Milestone.snoozed(chicago, chicago + timedelta(days=3)),
        Milestone.enrolled(chicago),
    ]
    echo = "import pickle, sys; pickle.dump(pickle.load(sys.stdin.buffer), sys.stdout.buffer)"
    done = subprocess.run(  # noqa: S603 - this interpreter, a fixed program
        [sys.executable, "-c", echo],
        input=pickle.dumps(sent, protocol=5),
        capture_output=True,
        check=True,
    )
    assert pickle.loads(done.stdout) == sent
