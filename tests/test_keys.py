"""A planned touch's key: unique in its timeline, the same when the plan is made again."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from cadence import Timeline, Touch, plan
from cadence._time import to_utc
from tests import strategies as ds

PLAN_MAX = 40
KEY = re.compile(r"e(\d+)\.r(\d+)\.t(\d+)")


def _shape(timeline: Timeline) -> list[tuple[object, str, int]]:
    """What a touch is, apart from when: its rule, channel and round."""
    return [(touch.rule, touch.channel.value, touch.round) for touch in timeline]


@given(ds.rich_situations())
def test_keys_are_unique_and_say_enrollment_round_and_place(situation) -> None:
    rules, lead, history, now = situation
    try:
        timeline = plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    except ValueError:
        return
    keys = [touch.key for touch in timeline]
    assert len(set(keys)) == len(keys)
    places: dict[int, int] = {}
    for touch in timeline:
        found = KEY.fullmatch(touch.key)
        assert found is not None, touch.key
        assert int(found[2]) == touch.round
        place = int(found[3])
        # A round's touches count up from where the round stood.
        assert place == places.get(touch.round, place - 1) + 1
        places[touch.round] = place


@given(ds.rich_situations(), st.integers(0, 3), st.integers(0, 90))
def test_a_touch_carried_out_as_assumed_or_late_leaves_the_other_keys_as_they_were(
    situation, index, late_minutes
) -> None:
    rules, lead, history, now = situation
    try:
        before = plan(rules, lead, history, now=now, max_touches=PLAN_MAX)
    except ValueError:
        return
    assume(len(before) > index + 1)
    done = [*history, *(touch.done() for touch in before[:index])]
    carried = before[index]
    at = to_utc(carried.at) + timedelta(minutes=late_minutes)
    assume(at < to_utc(before[index + 1].at))
    done.append(Touch(at=at, channel=carried.channel, outcome=carried.assumed))
    after = plan(rules, lead, done, now=at, max_touches=PLAN_MAX)
    rest = before[index + 1 :]
    if not late_minutes:  # carried out as assumed: the rest of the plan, keys included
        assert [touch.key for touch in after][: len(rest)] == [touch.key for touch in rest][
            : len(after)
        ]
    # Where the rest of the plan is the same touches (a late touch may let a reaction expire
    # or move rounds in time, but not make them other touches), they keep their keys.
    if _shape(after)[: len(rest)] == _shape(rest)[: len(after)]:
        assert [touch.key for touch in after][: len(rest)] == [touch.key for touch in rest][
            : len(after)
        ]
