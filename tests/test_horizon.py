"""The default horizon, and the instant a planner knows is before it without the calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence import Cadence, Every, Lead, MaxRounds, plan
from cadence._time import LATEST
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.horizon import horizon, surely_before_horizon
from cadence.planner import plan_with_engine
from cadence.shape import shape_of
from tests import strategies as ds


@st.composite
def leads_and_starts(draw: st.DrawFn) -> tuple[Lead, datetime]:
    name = draw(ds.zone_names)
    start = draw(ds.instants_near_dst(name)) - draw(
        st.timedeltas(timedelta(0), timedelta(days=366))
    )
    return Lead(timezone=name, created_at=start), start


@given(leads_and_starts())
def test_the_sure_instant_is_at_or_before_the_default_horizon(lead_and_start) -> None:
    lead, start = lead_and_start
    assert surely_before_horizon(start) <= horizon(None, start, lead)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        # Samoa skipped 30 December 2011: this local year lasted 364 days.
        ("Pacific/Apia", datetime(2011, 1, 1, 10, tzinfo=UTC)),
        ("Pacific/Apia", datetime(2010, 12, 31, 10, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, 15, tzinfo=UTC)),
        ("America/Nuuk", datetime(2023, 3, 25, 0, 30, tzinfo=UTC)),
        # Near the end of the calendar, where the horizon is the calendar's end.
        ("Pacific/Chatham", LATEST - timedelta(days=10)),
        ("Pacific/Chatham", LATEST),
    ],
)
def test_the_sure_instant_at_the_edges(name: str, start: datetime) -> None:
    lead = Lead(timezone=name, created_at=start)
    end = horizon(None, start, lead)
    sure = surely_before_horizon(start)
    assert sure <= end
    assert end - sure <= timedelta(days=3)


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("Pacific/Apia", datetime(2011, 1, 1, 10, tzinfo=UTC)),
        ("Australia/Lord_Howe", datetime(2026, 4, 4, 15, 15, tzinfo=UTC)),
        ("America/Nuuk", datetime(2023, 3, 25, 0, 30, tzinfo=UTC)),
    ],
)
def test_the_specialised_loop_finds_the_default_horizon_when_a_touch_nears_it(
    name: str, start: datetime
) -> None:
    # An endless daily rhythm reaches the year's end: the loop finds the horizon only then.
    cadence = Cadence(rhythm=Every("1 day"), stop=MaxRounds(MAX_WHOLE_NUMBER))
    lead = Lead(timezone=name, created_at=start)
    fast = plan(cadence, lead, now=start, max_touches=MAX_WHOLE_NUMBER)
    reference = plan_with_engine(cadence, lead, now=start, max_touches=MAX_WHOLE_NUMBER)
    assert shape_of(cadence) is not None
    assert fast == reference
    assert fast.stop is not None
    assert fast.stop.reason.startswith("the planning horizon")
    assert fast.stop.at == horizon(None, start, lead)
    assert fast[-1].at_utc > surely_before_horizon(start)
