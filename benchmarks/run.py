"""Benchmarks for cadence: ``python benchmarks/run.py`` (``--no-check`` only reports).

Measures, in one run, on one core:

- ``plan()`` of ``presets.persistent()`` for a lead with 0, 10, 100, 1,000 and 10,000 history
  events;
- ``next_touch()`` for a 20-event history;
- ``audit()``, and loading the shipped example files;
- the floor: ``benchmarks/floor.py``, the same persistent timeline hand-written for speed
  without ``cadence`` (with pendulum instants, as ``plan()`` returns, and with stdlib ones),
  and the same next touch after a 20-event history. Before timing anything, the script
  checks (``benchmarks/floor_check.py``) that the floor gives exactly ``plan()``'s output,
  reasons and stop included, for about 2,100 leads in every zone of the tz database, half
  of them near real offset changes, and exactly ``next_touch()``'s after about 3,300
  histories of the preset's own touches.

How the histories are built: the lead follows its own plan. A variant of the preset with a
round cap of 100,000 (the most a rule takes) is planned for 10,000 touches (about 2,900
rounds of twice-weekly calls, 32 years); the history of ``n`` events is the first ``n`` of
those touches carried out at their time with the outcome the planner assumed (unanswered
calls, voicemails, SMS and email sent), with its instant as a plain stdlib datetime in UTC
(as a CRM reads it from its database), and ``now`` is 30 seconds after the last one. The
cadence planned after it is the preset with ``rounds`` set to the history's rounds plus 12,
so every size plans the same twelve rounds that remain (36 to 38 touches): what grows with
``n`` is the fold of the history into the planner's state.

Timing: CPU time of this process (``time.process_time``), so other programs on the machine
do not count. Every case runs a batch of calls long enough to time well; the cases take
turns, several rounds over, and each reports its best batch (the least disturbed) and the
median batch, per call. Taking turns keeps the ratios fair when the machine's speed drifts.

Targets, as ratios within this one run:

- ``plan()`` of the persistent preset, no history, within 3x of the floor (the one with
  pendulum instants);
- from 1,000 to 10,000 history events, ``plan()`` grows at most 12x;
- ``next_touch()`` at least 20,000 calls per second for a 20-event history.

The script exits with status 1 when a target fails, unless ``--no-check`` is given.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path

import attrs

import cadence
from cadence import (
    Lead,
    PlannedTouch,
    Touch,
    audit,
    loads,
    loads_history,
    loads_lead,
    next_touch,
    plan,
    presets,
)
from cadence.bounds import MAX_WHOLE_NUMBER

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The floor and its check, next to this file.
from floor import persistent_next_touch, persistent_timeline, persistent_timeline_stdlib
from floor_check import check as check_floor

SIZES = (0, 10, 100, 1_000, 10_000)
TIMEZONE = "America/Chicago"
# A Friday morning in Chicago, a week before the spring-forward change. Instants are plain
# stdlib datetimes in UTC, as a CRM reads them from its database.
CREATED = datetime(2026, 3, 6, 15, 58, tzinfo=UTC)
SECONDS_30 = timedelta(seconds=30)
FLOOR_RATIO = 3.0
GROWTH_RATIO = 12.0
NEXT_TOUCH_RATE = 20_000


@attrs.define
class Case:
    name: str
    call: Callable[[], object]
    touches: str = ""
    number: int = 1
    times: list[float] = attrs.Factory(list)

    def calibrate(self, batch: float) -> None:
        """Choose how many calls make a batch of about ``batch`` seconds."""
        timer = timeit.Timer(self.call, timer=time.process_time)
        number, elapsed = timer.autorange()
        self.number = max(1, round(number * batch / max(elapsed, 1e-9)))

    def run_batch(self) -> None:
        timer = timeit.Timer(self.call, timer=time.process_time)
        self.times.append(timer.timeit(self.number) / self.number)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def history_source() -> tuple[Lead, list[PlannedTouch]]:
    lead = Lead(timezone=TIMEZONE, created_at=CREATED)
    endless = presets.persistent(rounds=MAX_WHOLE_NUMBER)
    timeline = plan(
        endless,
        lead,
        now=CREATED,
        until=CREATED + timedelta(days=365 * 60),
        max_touches=max(SIZES),
    )
    assert len(timeline) == max(SIZES), "the history source is too short"
    return lead, list(timeline)


def as_stdlib(touch: Touch) -> Touch:
    """The touch with its instant as a plain stdlib datetime in UTC."""
    at = touch.at
    offset = at.utcoffset() or timedelta()
    plain = datetime(at.year, at.month, at.day, at.hour, at.minute, at.second, tzinfo=UTC)
    return attrs.evolve(touch, at=plain.replace(microsecond=at.microsecond) - offset)


def history_case(
    source: list[PlannedTouch], size: int
) -> tuple[cadence.Cadence, list[Touch], datetime, int]:
    """The cadence, history, ``now`` and round cap for a lead that did ``size`` planned touches."""
    history = [as_stdlib(touch.done()) for touch in source[:size]]
    rounds = (source[size - 1].round if size else 0) + 12
    now = history[-1].at + SECONDS_30 if history else CREATED + SECONDS_30
    return presets.persistent(rounds=rounds), history, now, rounds


def as_floor_history(history: list[Touch]) -> list[tuple[datetime, str, str]]:
    return [(touch.at, touch.channel.value, touch.outcome.value) for touch in history]


def audit_cases(lead: Lead, source: list[PlannedTouch]) -> list[Case]:
    """``audit()`` of a history that kept to the cadence, of 20 and 1,000 events."""
    cases = []
    for size in (20, 1_000):
        rules, history, _, _ = history_case(source, size)
        found = len(audit(rules, lead, history))
        cases.append(
            Case(
                f"audit(), {size:,} events",
                lambda r=rules, h=history: audit(r, lead, h),
                f"{found} found",
            )
        )
    return cases


def config_cases() -> list[Case]:
    """Loading each shipped example file: the cadence, the lead and the history."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    loaders: list[tuple[str, Callable[[str], object]]] = [
        ("persistent.toml", lambda text: loads(text, format="toml")),
        ("lead.toml", lambda text: loads_lead(text, format="toml")),
        ("history.csv", lambda text: loads_history(text, format="csv")),
    ]
    cases = []
    for name, loader in loaders:
        text = (examples / name).read_text(encoding="utf-8")
        loaded = loader(text)
        cases.append(
            Case(f"load {name}", lambda t=text, load=loader: load(t), type(loaded).__name__)
        )
    return cases


def shown(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    return f"{seconds * 1e3:.2f} ms"


def describe_machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        with Path("/proc/cpuinfo").open(encoding="utf-8") as lines:
            model = next(line.split(":", 1)[1].strip() for line in lines if "model name" in line)
    except (OSError, StopIteration):
        pass
    versions = ", ".join(f"{name} {version(name)}" for name in ("pendulum", "attrs"))
    return (
        f"{model}, {os.cpu_count()} CPUs; Python {platform.python_version()} "
        f"({platform.python_implementation()}); cadence {cadence.__version__}, {versions}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmarks for cadence, with targets.")
    parser.add_argument("--no-check", action="store_true", help="report only, exit 0")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter batches")
    parser.add_argument("--rounds", type=int, default=None, help="batches per case")
    options = parser.parse_args(argv)
    rounds = options.rounds or (3 if options.quick else 7)
    batch = 0.05 if options.quick else 0.15

    # The floor must compute exactly what cadence computes before either is timed.
    print(check_floor(per_zone=1) if options.quick else check_floor(), flush=True)
    lead, source = history_source()
    created, now = CREATED, CREATED + SECONDS_30
    floor_touches = str(len(persistent_timeline(created, now, TIMEZONE)[0]))
    cases = {
        "floor": Case(
            "floor, 0 events",
            lambda: persistent_timeline(created, now, TIMEZONE),
            floor_touches,
        ),
        "floor stdlib": Case(
            "floor, stdlib instants, 0 events",
            lambda: persistent_timeline_stdlib(created, now, TIMEZONE),
            floor_touches,
        ),
    }
    for size in SIZES:
        rules, history, at, _ = history_case(source, size)
        cases[f"plan {size}"] = Case(
            f"plan(), {size:,} events",
            lambda r=rules, h=history, n=at: plan(r, lead, h, now=n),
            str(len(plan(rules, lead, history, now=at))),
        )
    rules, history, at, cap = history_case(source, 20)
    cases["next 20"] = Case(
        "next_touch(), 20 events", lambda: next_touch(rules, lead, history, now=at), "1"
    )
    floor_history = as_floor_history(history)
    cases["floor next 20"] = Case(
        "floor next touch, 20 events",
        lambda: persistent_next_touch(created, at, TIMEZONE, floor_history, rounds=cap),
        "1",
    )
    everything = [*cases.values(), *audit_cases(lead, source), *config_cases()]

    for case in everything:
        case.calibrate(batch)
    for _ in range(rounds):  # the cases take turns
        for case in everything:
            case.run_batch()

    print(describe_machine())
    print()
    print(f"{'benchmark':32} {'best/call':>11} {'median/call':>12} {'calls/s':>10}  touches")
    for case in everything:
        print(
            f"{case.name:32} {shown(case.best):>11} {shown(case.median):>12} "
            f"{1 / case.best:10,.0f}  {case.touches}"
        )

    floor_ratio = cases["plan 0"].best / cases["floor"].best
    stdlib_ratio = cases["plan 0"].best / cases["floor stdlib"].best
    growth = cases["plan 10000"].best / cases["plan 1000"].best
    rate = 1 / cases["next 20"].best
    next_ratio = cases["next 20"].best / cases["floor next 20"].best
    checks = [
        ("plan() / floor, 0 events", f"{floor_ratio:.2f}x", f"<= {FLOOR_RATIO:g}x",
         floor_ratio <= FLOOR_RATIO),
        ("plan(), 10,000 / 1,000 events", f"{growth:.2f}x", f"<= {GROWTH_RATIO:g}x",
         growth <= GROWTH_RATIO),
        ("next_touch(), 20 events, calls/s", f"{rate:,.0f}", f">= {NEXT_TOUCH_RATE:,}",
         rate >= NEXT_TOUCH_RATE),
    ]  # fmt: skip
    print()
    print(f"{'target':34} {'measured':>10} {'target':>10}  result")
    for name, value, target, ok in checks:
        print(f"{name:34} {value:>10} {target:>10}  {'ok' if ok else 'FAILED'}")
    print(f"{'plan() / stdlib floor, 0 events':34} {stdlib_ratio:9.2f}x {'(no target)':>10}")
    print(f"{'next_touch() / floor, 20 events':34} {next_ratio:9.2f}x {'(no target)':>10}")
    failed = [name for name, _, _, ok in checks if not ok]
    if failed and not options.no_check:
        print(f"\n{len(failed)} target(s) not met: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
