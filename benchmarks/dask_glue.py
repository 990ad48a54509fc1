"""How much of the Dask recipe's map step is glue: ``python benchmarks/dask_glue.py``.

The map step of ``examples/dask_plan.py`` (``plan_partition``) turns a partition's rows into
leads and histories, plans each lead, and turns the timelines into a DataFrame. This script
times it on one partition of 400 leads (a third new, the others with one to three events)
against the planning alone (``plan()`` of the same leads and histories, built beforehand),
and prints the share of the map step that is not planning: the glue. CPU time, best of five.

Needs pandas and dask (``pip install -e .[dask]`` or the test requirements).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pandas as pd

from cadence import Channel, Lead, Milestone, Outcome, Touch, plan, presets

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
ZONES = ("America/Chicago", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe")
LEADS = 400


def recipe(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("dask_plan_recipe", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pairs() -> list[tuple[int, Lead, list[Touch | Milestone]]]:
    found = []
    for lead_id in range(LEADS):
        created = NOW - timedelta(hours=7 * lead_id, minutes=lead_id)
        lead = Lead(timezone=ZONES[lead_id % len(ZONES)], created_at=created)
        history: list[Touch | Milestone] = [
            Touch(
                at=created + timedelta(minutes=2 + call),
                channel=Channel.CALL,
                outcome=Outcome.VOICEMAIL_LEFT if call else Outcome.NO_ANSWER,
            )
            for call in range(lead_id % 3)
        ]
        if lead_id % 7 == 3:
            history.append(Milestone.opted_out(created + timedelta(minutes=30), Channel.CALL))
        found.append((lead_id, lead, history))
    return found


def table(leads: list[tuple[int, Lead, list[Touch | Milestone]]]) -> pd.DataFrame:
    rows = []
    for lead_id, lead, history in leads:
        base = {"lead_id": lead_id, "timezone": lead.timezone, "created_at": lead.created_at}
        if not history:
            rows.append({**base, "at": None, "channel": None, "outcome": None, "kind": None})
        for event in history:
            if isinstance(event, Touch):
                fields = {"channel": event.channel.value, "outcome": event.outcome.value}
                rows.append({**base, "at": event.at, **fields, "kind": None})
            else:
                channel = None if event.channel is None else event.channel.value
                fields = {"channel": channel, "outcome": None, "kind": event.kind.value}
                rows.append({**base, "at": event.at, **fields})
    frame = pd.DataFrame(rows)
    frame["created_at"] = pd.to_datetime(frame["created_at"], utc=True)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame


def best(call: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.process_time()
        call()  # type: ignore[operator]
        times.append(time.process_time() - began)
    return min(times)


def glue(path: Path) -> tuple[float, float]:
    """The map step's CPU time for the partition, and the planning's alone, in seconds."""
    module = recipe(path)
    leads = pairs()
    frame = table(leads)
    cadence = presets.persistent()
    map_step = best(lambda: module.plan_partition(frame, cadence, NOW))
    planning = best(lambda: [plan(cadence, lead, history, now=NOW) for _, lead, history in leads])
    return map_step, planning


def main(argv: list[str]) -> int:
    path = (
        Path(argv[0])
        if argv
        else Path(__file__).resolve().parent.parent / "examples" / "dask_plan.py"
    )
    map_step, planning = glue(path)
    share = 1 - planning / map_step
    print(
        f"{path.name}: map step {map_step * 1e3:.0f} ms for {LEADS} leads, planning "
        f"{planning * 1e3:.0f} ms: glue {share:.0%} of the map step"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
