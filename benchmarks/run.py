"""Benchmarks for cadence: ``python benchmarks/run.py`` (``--no-check`` only reports).

Measures, in one run, on one core (the batch case also uses worker processes):

- ``plan()`` of ``presets.persistent()`` for a lead with 0, 1,000 and 10,000 history events,
  and for a new lead reading every touch's ``at``;
- ``plan()`` of a ``Steps`` B2B sequence for a new lead, reading every touch's ``at``;
- replanning after one new event: from a stored state (a :class:`cadence.Snapshot` of the
  earlier events), for 10 and 1,000 earlier events, and ``next_touch()`` that way against
  folding a 20-event history from scratch;
- ``plan_many()`` with workers: the CPU time spent in the calling process per timeline, for
  a batch of 768 leads (the pool's start included) and for one more timeline (the
  difference from a batch of 2,304, without the start);
- ``Cadence.from_dict()`` of the persistent preset against building it in Python;
- ``audit()`` of 1,000 and 10,000 events, and loading the shipped example files;
- the floors: ``benchmarks/floor.py`` (the persistent timeline hand-written for speed
  without ``cadence``, with pendulum instants as ``plan()`` returns and with stdlib ones,
  and the next touch after 20 events) and ``benchmarks/floor_steps.py`` (the Steps
  sequence). Before timing anything, the script checks (``benchmarks/floor_check.py``) that
  each floor gives exactly ``plan()``'s output, reasons and stop included, for about 2,100
  leads (1,400 for the Steps floor) in every zone of the tz database, half of them near
  real offset changes, and exactly ``next_touch()``'s after about 3,300 histories.

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

Targets, as ratios within this one run (issue 17):

- ``plan()`` of the persistent preset for a new lead, reading every touch's ``at``, at most
  2x the floor that returns pendulum instants;
- the same for the Steps sequence against its floor;
- replanning after one new event from a stored state: 1,000 earlier events at most 1.5x the
  cost of 10; ``next_touch()`` that way at least 2x faster than folding a 20-event history;
- ``plan_many()`` with workers: at most a tenth of ``plan()``'s cost per timeline spent in
  the calling process;
- ``Cadence.from_dict()`` of the persistent preset at most 2x building it in Python;
- ``audit()`` of 10,000 events at most 14x that of 1,000 (linear or n log n).

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
    Cadence,
    CompiledCadence,
    Lead,
    PlannedTouch,
    Snapshot,
    Touch,
    audit,
    loads,
    loads_history,
    loads_lead,
    next_touch,
    plan,
    plan_many,
    presets,
)
from cadence.bounds import MAX_WHOLE_NUMBER
from cadence.planner import plan_with_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The floor and its check, next to this file.
from floor import persistent_next_touch, persistent_timeline, persistent_timeline_stdlib
from floor_check import B2B_CHANNELS, b2b_steps, check_steps
from floor_check import check as check_floor
from floor_steps import steps_timeline

SIZES = (0, 1_000, 10_000)
TIMEZONE = "America/Chicago"
# A Friday morning in Chicago, a week before the spring-forward change. Instants are plain
# stdlib datetimes in UTC, as a CRM reads them from its database.
CREATED = datetime(2026, 3, 6, 15, 58, tzinfo=UTC)
SECONDS_30 = timedelta(seconds=30)
FLOOR_RATIO = 2.0
REPLAN_GROWTH = 1.5
REPLAN_SPEEDUP = 2.0
BATCH_SHARE = 0.1
FROM_DICT_RATIO = 2.0
AUDIT_GROWTH = 14.0
BATCH_LEADS = 768
BATCH_ZONES = ("America/Chicago", "America/New_York", "Europe/Madrid")
MARGINAL_LEADS = 2_304


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


def audit_cases(lead: Lead, source: list[PlannedTouch]) -> dict[str, Case]:
    """``audit()`` of a history that kept to the cadence, of 1,000 and 10,000 events."""
    cases = {}
    for size in (1_000, 10_000):
        rules, history, _, _ = history_case(source, size)
        found = len(audit(rules, lead, history))
        cases[f"audit {size}"] = Case(
            f"audit(), {size:,} events",
            lambda r=rules, h=history: audit(r, lead, h),
            f"{found} found",
        )
    return cases


def replan_cases(lead: Lead, source: list[PlannedTouch]) -> dict[str, Case]:
    """Replanning after one new event from a stored state, for 10 and 1,000 earlier events.

    The state is a :class:`cadence.Snapshot` of the earlier events, stored as bytes; each call
    reads it back and plans with the one new event, as a CRM does after every event.
    """
    cases = {}
    for size in (10, 1_000):
        rules, history, at, _ = history_case(source, size + 1)
        stored = Snapshot.of(rules, lead, history[:-1], now=history[-2].at).to_bytes()
        new = history[-1:]
        cases[f"replan {size}"] = Case(
            f"replan, 1 new after {size:,} stored",
            lambda r=rules, d=stored, e=new, n=at: plan(
                r, lead, e, now=n, since=Snapshot.from_bytes(d)
            ),
            str(len(plan(rules, lead, history, now=at))),
        )
    rules, history, at, _ = history_case(source, 20)
    stored = Snapshot.of(rules, lead, history[:-1], now=history[-2].at).to_bytes()
    new = history[-1:]
    cases["next stored 20"] = Case(
        "next_touch(), 1 new after 19 stored",
        lambda: next_touch(rules, lead, new, now=at, since=Snapshot.from_bytes(stored)),
        "1",
    )
    return cases


def steps_cases() -> dict[str, Case]:
    """The Steps B2B sequence for a new lead, and its floor."""
    rules = b2b_steps()
    lead = Lead(timezone=TIMEZONE, created_at=CREATED, channels=B2B_CHANNELS)
    now = CREATED + SECONDS_30
    touches = str(len(plan(rules, lead, now=now)))
    compiled = CompiledCadence(rules)
    return {
        "steps": Case(
            "Steps plan(), reading at",
            lambda: [touch.at for touch in plan(rules, lead, now=now)],
            touches,
        ),
        "steps compiled": Case(
            "Steps CompiledCadence.plan()",
            lambda: [touch.at for touch in compiled.plan(lead, now=now)],
            touches,
        ),
        "steps engine": Case(
            "Steps plan_with_engine()",
            lambda: [touch.at for touch in plan_with_engine(rules, lead, now=now)],
            touches,
        ),
        "steps floor": Case("Steps floor", lambda: steps_timeline(CREATED, now, TIMEZONE), touches),
    }


def from_dict_cases() -> dict[str, Case]:
    data = presets.persistent().to_dict()
    return {
        "python": Case("persistent() in Python", presets.persistent, "Cadence"),
        "from_dict": Case("Cadence.from_dict()", lambda: Cadence.from_dict(data), "Cadence"),
    }


def batch_share(rounds: int) -> tuple[float, float, float]:
    """CPU time of this process per timeline for ``plan_many(..., workers=2)``, best of runs.

    The first figure only receives the timelines; the second also reads every touch's
    instant in UTC, as a batch job writes them out. Both include what a call costs however
    many leads it has (starting and stopping the two workers). Since 2026-12-07 a fork server
    forks them; Python starts it once per process, in the first batch, which the best of the
    runs leaves out. The
    third is the cost of one more timeline, receiving only: the difference between a batch
    of ``MARGINAL_LEADS`` and one of ``BATCH_LEADS``, divided by the difference in leads.
    """
    rules = presets.persistent()
    now = CREATED

    def leads(count: int) -> list[tuple[Lead, tuple[()]]]:
        # New leads, each planned from its arrival: one every 37 minutes from now on, in
        # three zones in turn, so that no two timelines are alike. (Until 2026-12-03 they
        # came every 17 minutes from a Friday afternoon on, one day before now, in one
        # zone: a chunk's leads all had the same timeline, first touch Monday 09:00.)
        return [
            (Lead(timezone=BATCH_ZONES[n % 3], created_at=CREATED + timedelta(minutes=37 * n)), ())
            for n in range(count)
        ]

    def receive(pairs: list[tuple[Lead, tuple[()]]], *, read: bool = False) -> float:
        began = time.process_time()
        for timeline in plan_many(rules, pairs, now=now, workers=2):
            if read:
                [touch.at_utc for touch in timeline]
            else:
                len(timeline)
        return time.process_time() - began

    pairs, more = leads(BATCH_LEADS), leads(MARGINAL_LEADS)
    receiving, reading, receiving_more = [], [], []
    for turn in range(max(2, rounds // 2)):
        receiving.append(receive(pairs) / len(pairs))
        reading.append(receive(pairs, read=True) / len(pairs))
        if turn < 2:  # the big batch takes a second or so: twice keeps the run under a minute
            receiving_more.append(receive(more))
    marginal = (min(receiving_more) - min(receiving) * len(pairs)) / (len(more) - len(pairs))
    return min(receiving), min(reading), marginal


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


def main(argv: list[str] | None = None) -> int:  # noqa: PLR0915 - one report, written out
    parser = argparse.ArgumentParser(description="Benchmarks for cadence, with targets.")
    parser.add_argument("--no-check", action="store_true", help="report only, exit 0")
    parser.add_argument("--quick", action="store_true", help="fewer, shorter batches")
    parser.add_argument("--rounds", type=int, default=None, help="batches per case")
    options = parser.parse_args(argv)
    rounds = options.rounds or (3 if options.quick else 7)
    batch = 0.05 if options.quick else 0.1

    # The floors must compute exactly what cadence computes before either is timed.
    print(check_floor(per_zone=1) if options.quick else check_floor(), flush=True)
    print(check_steps(per_zone=1) if options.quick else check_steps(), flush=True)
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
    rules0 = presets.persistent()
    compiled0 = CompiledCadence(rules0)
    cases["plan at"] = Case(
        "plan(), 0 events, reading at",
        lambda: [touch.at for touch in plan(rules0, lead, now=now)],
        floor_touches,
    )
    cases["compiled at"] = Case(
        "CompiledCadence.plan(), reading at",
        lambda: [touch.at for touch in compiled0.plan(lead, now=now)],
        floor_touches,
    )
    cases["engine at"] = Case(
        "plan_with_engine(), reading at",
        lambda: [touch.at for touch in plan_with_engine(rules0, lead, now=now)],
        floor_touches,
    )
    cases["compile"] = Case(
        "CompiledCadence(persistent())", lambda: CompiledCadence(rules0), "CompiledCadence"
    )
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
    cases |= steps_cases()
    cases |= replan_cases(lead, source)
    cases |= from_dict_cases()
    cases |= audit_cases(lead, source)
    everything = [*cases.values(), *config_cases()]

    for case in everything:
        case.calibrate(batch)
    for _ in range(rounds):  # the cases take turns
        for case in everything:
            case.run_batch()
    receiving, reading, marginal = batch_share(rounds)

    print(describe_machine())
    print()
    print(f"{'benchmark':36} {'best/call':>11} {'median/call':>12} {'calls/s':>10}  touches")
    for case in everything:
        print(
            f"{case.name:36} {shown(case.best):>11} {shown(case.median):>12} "
            f"{1 / case.best:10,.0f}  {case.touches}"
        )
    print(f"{'plan_many(workers=2), this process':36} {shown(receiving):>11} per timeline")
    print(f"{'  the same, reading every at in UTC':36} {shown(reading):>11} per timeline")
    print(f"{'  one more timeline, receiving':36} {shown(marginal):>11} (no pool start)")

    def ratio(top: str, bottom: str) -> float:
        return cases[top].best / cases[bottom].best

    floor_ratio = ratio("plan at", "floor")
    steps_ratio = ratio("steps", "steps floor")
    replan_growth = ratio("replan 1000", "replan 10")
    replan_speedup = ratio("next 20", "next stored 20")
    share = receiving / cases["plan 0"].best
    from_dict_ratio = ratio("from_dict", "python")
    audit_growth = ratio("audit 10000", "audit 1000")
    checks = [
        ("plan() / floor, new lead, reading at", f"{floor_ratio:.2f}x",
         f"<= {FLOOR_RATIO:g}x", floor_ratio <= FLOOR_RATIO),
        ("Steps plan() / Steps floor", f"{steps_ratio:.2f}x", f"<= {FLOOR_RATIO:g}x",
         steps_ratio <= FLOOR_RATIO),
        ("replan, 1,000 / 10 earlier events", f"{replan_growth:.2f}x",
         f"<= {REPLAN_GROWTH:g}x", replan_growth <= REPLAN_GROWTH),
        ("next_touch(), 20-event fold / stored", f"{replan_speedup:.2f}x",
         f">= {REPLAN_SPEEDUP:g}x", replan_speedup >= REPLAN_SPEEDUP),
        ("plan_many: this process / plan()", f"{share:.3f}", f"<= {BATCH_SHARE:g}",
         share <= BATCH_SHARE),
        ("from_dict() / in Python", f"{from_dict_ratio:.2f}x", f"<= {FROM_DICT_RATIO:g}x",
         from_dict_ratio <= FROM_DICT_RATIO),
        ("audit(), 10,000 / 1,000 events", f"{audit_growth:.2f}x", f"<= {AUDIT_GROWTH:g}x",
         audit_growth <= AUDIT_GROWTH),
    ]  # fmt: skip
    print()
    print(f"{'target':38} {'measured':>10} {'target':>10}  result")
    for name, value, target, ok in checks:
        print(f"{name:38} {value:>10} {target:>10}  {'ok' if ok else 'FAILED'}")
    notes = [
        ("CompiledCadence.plan() / floor", ratio("compiled at", "floor")),
        ("plan_with_engine() / floor", ratio("engine at", "floor")),
        ("Steps CompiledCadence.plan() / floor", ratio("steps compiled", "steps floor")),
        ("Steps plan_with_engine() / floor", ratio("steps engine", "steps floor")),
        ("CompiledCadence() / its plan()", ratio("compile", "compiled at")),
        ("plan() / stdlib floor, 0 events", ratio("plan 0", "floor stdlib")),
        ("next_touch() / floor, 20 events", ratio("next 20", "floor next 20")),
        ("plan(), 10,000 / 1,000 events", ratio("plan 10000", "plan 1000")),
    ]
    for name, value in notes:
        print(f"{name:38} {value:9.2f}x {'(no target)':>10}")
    marginal_share = marginal / cases["plan 0"].best
    print(
        f"{'plan_many: one more timeline / plan()':38} {marginal_share:10.3f} {'(no target)':>10}"
    )
    failed = [name for name, _, _, ok in checks if not ok]
    if failed and not options.no_check:
        print(f"\n{len(failed)} target(s) not met: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
