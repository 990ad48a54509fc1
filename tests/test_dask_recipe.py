"""The Dask recipe (examples/dask_plan.py) plans every lead of a table as plan() would."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from cadence import Channel, Lead, Milestone, Outcome, Touch, plan, presets

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")

NOW = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
ZONES = ("America/Chicago", "Europe/Paris", "Asia/Kolkata", "Australia/Lord_Howe")


def load_recipe() -> ModuleType:
    path = Path(__file__).resolve().parent.parent / "examples" / "dask_plan.py"
    spec = importlib.util.spec_from_file_location("dask_plan_recipe", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def leads_and_histories() -> dict[int, tuple[Lead, list[Touch | Milestone]]]:
    """Twelve leads: new ones, some with unanswered calls, a voicemail, an opt-out, a sale."""
    found: dict[int, tuple[Lead, list[Touch | Milestone]]] = {}
    for lead_id in range(12):
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
        if lead_id == 7:
            history.append(Milestone.opted_out(created + timedelta(minutes=30), Channel.CALL))
        if lead_id == 10:
            history.append(Milestone(at=created + timedelta(hours=1), kind="purchased"))
        found[lead_id] = (lead, history)
    return found


def table(pairs: dict[int, tuple[Lead, list[Touch | Milestone]]]) -> object:
    rows = []
    for lead_id, (lead, history) in pairs.items():
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
    # Rows in an order that scatters each lead over the partitions: the recipe must gather them.
    return dd.from_pandas(frame.sample(frac=1, random_state=3), npartitions=4, sort=False)


@pytest.mark.parametrize("scheduler", ["threads", "processes"])
def test_the_recipe_plans_every_lead_as_plan_does(scheduler: str) -> None:
    recipe = load_recipe()
    pairs = leads_and_histories()
    cadence = presets.persistent(rounds=3)
    result = recipe.plan_table(table(pairs), cadence, NOW).compute(scheduler=scheduler)
    got = sorted(
        (int(row.lead_id), row.at.to_pydatetime(), row.channel, bool(row.voicemail), row.round)
        for row in result.itertuples()
    )
    expected = sorted(
        (lead_id, touch.at.in_timezone("UTC"), touch.channel.value, touch.voicemail, touch.round)
        for lead_id, (lead, history) in pairs.items()
        for touch in plan(cadence, lead, history, now=NOW)
    )
    assert got == expected
    assert {lead_id for lead_id, *_ in expected} == set(range(12)) - {10}  # 10 bought


def test_a_partition_without_leads_gives_an_empty_frame_of_the_right_columns() -> None:
    recipe = load_recipe()
    empty = recipe.plan_partition(
        pd.DataFrame(columns=["lead_id", "timezone", "created_at", "at", "channel", "outcome"]),
        presets.persistent(),
        NOW,
    )
    assert list(empty.columns) == list(recipe.PLANNED.columns)
    assert empty.empty
