"""A team's schedule against planning its leads one by one: ``python benchmarks/team.py``.

10,000 open leads, 20 reps (ten in New York, ten in Madrid, each with working hours, 60
calls an hour and 400 a day a minute apart, 500 emails a day), two weeks ahead.

The leads are built as a CRM holds them: each arrived at some moment of the last 30 days
(in its rep's region) and has carried out its own plan until now, with the assumed outcomes,
so that some are new, most are in the middle of their cadence and a few are done. Building
them is not timed.

Measured, in one run, on one core (CPU time of this process):

- ``schedule()`` of all the leads, and ``plan()`` of each lead alone with the same horizon;
  the target is at most 2x;
- the peak working memory of ``schedule()`` (``tracemalloc``), the result aside: the peak
  during the call less what the result holds after it, for a horizon of one week and of two
  weeks. It should grow with the leads in flight (the same for both), not with the horizon.

``--leads N`` for another size (the figures in README.md are for the defaults); ``--no-check``
only reports.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

from cadence import Hours, Lead, Rep, Spacing, Throttle, plan, presets, schedule

NOW = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)  # a Monday: 08:00 in New York, 13:00 in Madrid
REGIONS = (
    ("America/New_York", ("America/New_York", "America/Chicago", "America/Toronto")),
    ("Europe/Madrid", ("Europe/Madrid", "Europe/Paris", "Europe/Lisbon")),
)


def team(count: int = 20) -> list[Rep]:
    """Reps alternating between the two regions."""
    reps = []
    for number in range(count):
        zone = REGIONS[number % 2][0]
        reps.append(
            Rep(
                f"rep{number:02}",
                zone,
                hours=Hours(start="09:00", end="18:00"),
                limits=[
                    Throttle(60, "1 hour", channels=["call"]),
                    Throttle(400, "1 day", channels=["call"]),
                    Spacing("1 minute", channels=["call"]),
                    Throttle(500, "1 day", channels=["email"]),
                ],
            )
        )
    return reps


def leads(count: int, reps: list[Rep]) -> list[tuple]:
    """Open leads, each with the history of its own plan carried out until NOW."""
    cadence = presets.persistent()
    found = []
    for number in range(count):
        rep = reps[number % len(reps)]
        zones = REGIONS[0][1] if rep.timezone == REGIONS[0][0] else REGIONS[1][1]
        arrived = NOW - timedelta(minutes=(number * 4_327) % (30 * 1_440) + 1)
        lead = Lead(zones[number % 3], arrived, id=f"lead{number:05}", owner=rep.id)
        past = plan(cadence, lead, [], now=arrived, until=NOW)
        history = [touch.done() for touch in past if touch.at <= NOW]
        found.append((cadence, lead, history))
    return found


def one_by_one(assignments: list[tuple], until: datetime) -> int:
    return sum(
        len(plan(rules, lead, history, now=NOW, until=until))
        for rules, lead, history in assignments
    )


def timed(work, *args) -> tuple[float, object]:
    gc.collect()
    start = time.process_time()
    result = work(*args)
    return time.process_time() - start, result


def working_memory(assignments: list[tuple], reps: list[Rep], until: datetime) -> tuple[int, int]:
    """(peak during schedule() less the result's size, the result's size), in bytes."""
    gc.collect()
    tracemalloc.start()
    result = schedule(assignments, reps, now=NOW, until=until)
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak - kept, kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--no-check", action="store_true")
    options = parser.parse_args()
    reps = team(options.reps)
    assignments = leads(options.leads, reps)
    until = NOW + timedelta(days=14)
    alone_seconds, alone_touches = timed(one_by_one, assignments, until)
    team_seconds, result = timed(lambda: schedule(assignments, reps, now=NOW, until=until))
    team_touches = sum(len(timeline) for timeline in result.timelines.values())
    moved = sum(
        any(getattr(limit, "rep", None) is not None for limit in touch.moved_by)
        for timeline in result.timelines.values()
        for touch in timeline
    )
    ratio = team_seconds / alone_seconds
    print(f"{options.leads} leads, {options.reps} reps, two weeks")
    print(f"plan() one by one: {alone_seconds:6.2f} s  {alone_touches} touches")
    print(
        f"schedule():        {team_seconds:6.2f} s  {team_touches} touches ({moved} moved by a rep)"
    )
    print(f"ratio:             {ratio:6.2f}x  (target at most 2x)")
    del result
    for days in (7, 14):
        working, kept = working_memory(assignments, reps, NOW + timedelta(days=days))
        memory = f"working memory {working / 1e6:6.1f} MB, result {kept / 1e6:6.1f} MB"
        print(f"horizon {days:2} days: {memory}")
    return 0 if options.no_check or ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
