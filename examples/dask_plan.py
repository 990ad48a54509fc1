"""Plan every lead of a partitioned table with Dask: a recipe.

The table has one row per history event, plus one row with empty event columns for a lead
without history (any left join of leads to events gives this shape):

=============  ==========================================================================
column         meaning
=============  ==========================================================================
``lead_id``    the lead's key in your CRM
``timezone``   the lead's IANA time zone, such as ``"America/Chicago"``
``created_at`` when the person became a lead (timezone-aware)
``at``         when the event happened (timezone-aware), or empty for no event
``channel``    ``"call"``, ``"sms"``, ``"email"``...; for a milestone, the channel it names
``outcome``    a touch's outcome (``"no_answer"``, ``"sent"``...), empty for a milestone
``kind``       a milestone's kind (``"purchased"``, ``"opted_out"``...), empty for a touch
=============  ==========================================================================

:func:`plan_table` returns a Dask DataFrame with one row per planned touch. It relies on
what makes ``cadence`` fit for distributed engines: a cadence is a pure, picklable value, so
Dask ships it to every worker, and planning a lead needs nothing but the lead's own rows.

Run it with ``python examples/dask_plan.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import dask.dataframe as dd
import pandas as pd
import pendulum

from cadence import Cadence, Event, Lead, Milestone, Touch, plan, presets

#: The columns and types of the result of :func:`plan_table`.
PLANNED = pd.DataFrame(
    {
        "lead_id": pd.Series(dtype="int64"),
        "round": pd.Series(dtype="int64"),
        "at": pd.Series(dtype="datetime64[ns, UTC]"),
        "channel": pd.Series(dtype="object"),
        "voicemail": pd.Series(dtype="bool"),
        "reason": pd.Series(dtype="object"),
    }
)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _instants(column: pd.Series) -> list[datetime | None]:
    """A column of UTC timestamps as aware stdlib datetimes (None where empty), at once."""
    empty = column.isna().to_numpy()
    micros = column.dt.tz_convert("UTC").dt.as_unit("us").astype("int64").to_numpy()
    return [
        None if missing else _EPOCH + timedelta(microseconds=int(count))
        for missing, count in zip(empty, micros, strict=True)
    ]


def _texts(column: pd.Series) -> list[str | None]:
    return [value if isinstance(value, str) else None for value in column.to_numpy()]


def _event(at: datetime, channel: str | None, outcome: str | None, kind: str | None) -> Event:
    if kind is not None:
        return Milestone(at=at, kind=kind, channel=channel)
    return Touch(at=at, channel=channel, outcome=outcome)


def _leads(rows: pd.DataFrame) -> Iterator[tuple[int, Lead, list[Event]]]:
    """Each lead of the rows with its history, reading every column once, not row by row."""
    rows = rows.sort_values("lead_id", kind="stable")
    columns = zip(
        rows["lead_id"].to_numpy().tolist(),
        rows["timezone"].to_numpy().tolist(),
        _instants(rows["created_at"]),
        _instants(rows["at"]),
        _texts(rows["channel"]),
        _texts(rows["outcome"]),
        _texts(rows["kind"]),
        strict=True,
    )
    current: tuple[int, Lead, list[Event]] | None = None
    for lead_id, timezone, created_at, at, channel, outcome, kind in columns:
        if current is None or current[0] != lead_id:
            if current is not None:
                yield current
            if created_at is None:
                message = f"lead {lead_id}: created_at is empty"
                raise ValueError(message)
            current = (lead_id, Lead(timezone=timezone, created_at=created_at), [])
        if at is not None:
            current[2].append(_event(at, channel, outcome, kind))
    if current is not None:
        yield current


def plan_partition(rows: pd.DataFrame, cadence: Cadence, now: datetime) -> pd.DataFrame:
    """Plan the leads of one partition: every row of a lead must be in this partition.

    The columns are read once each, as Python values, rather than row by row; the planned
    touches are gathered as columns, their instants read in UTC
    (:attr:`cadence.PlannedTouch.at_utc`) and converted to pandas at once, so that the glue
    around ``plan()`` stays small.

    Args:
        rows: Events (and leads without events) in the table's shape.
        cadence: The cadence every lead follows.
        now: The present (timezone-aware).

    Returns:
        One row per planned touch, with the columns of :data:`PLANNED`.
    """
    if rows.empty:
        return PLANNED.copy()
    planned: dict[str, list[object]] = {name: [] for name in PLANNED.columns}
    for lead_id, lead, history in _leads(rows):
        for touch in plan(cadence, lead, history, now=now):
            planned["lead_id"].append(lead_id)
            planned["round"].append(touch.round)
            planned["at"].append(touch.at_utc)
            planned["channel"].append(touch.channel.value)
            planned["voicemail"].append(touch.voicemail)
            planned["reason"].append(touch.reason)
    if not planned["lead_id"]:
        return PLANNED.copy()
    frame = pd.DataFrame(planned)
    frame["at"] = pd.to_datetime(frame["at"], utc=True)
    return frame.astype(PLANNED.dtypes.to_dict())


def plan_table(
    table: dd.DataFrame, cadence: Cadence, now: datetime, *, shuffle: bool = True
) -> dd.DataFrame:
    """Plan every lead of a Dask table of leads and events (see the module for its shape).

    Args:
        table: The table, partitioned any way.
        cadence: The cadence every lead follows.
        now: The present (timezone-aware), the same for every lead.
        shuffle: Move each lead's rows into one partition first. Pass False when the table
            is already partitioned by ``lead_id`` (for example read from files written that
            way): a shuffle moves the whole table across the cluster.

    Returns:
        A lazy Dask DataFrame of planned touches; ``.compute()`` it or write it out.
    """
    if shuffle:
        table = table.shuffle(on="lead_id")
    return table.map_partitions(plan_partition, cadence, now, meta=PLANNED)


if __name__ == "__main__":
    now = pendulum.datetime(2026, 3, 9, 14, 0, tz="UTC")
    frame = pd.DataFrame(
        {
            "lead_id": [1, 1, 2, 3],
            "timezone": ["America/Chicago", "America/Chicago", "Europe/Paris", "Asia/Kolkata"],
            "created_at": pd.to_datetime(
                ["2026-03-06 15:58", "2026-03-06 15:58", "2026-03-09 08:00", "2026-03-01 04:00"],
                utc=True,
            ),
            "at": pd.to_datetime(["2026-03-06 16:00", "2026-03-06 16:01", None, None], utc=True),
            "channel": ["call", "call", None, None],
            "outcome": ["no_answer", "voicemail_left", None, None],
            "kind": [None, None, None, None],
        }
    )
    touches = plan_table(dd.from_pandas(frame, npartitions=2), presets.persistent(), now)
    print(touches.compute().sort_values(["lead_id", "at"]).to_string(index=False))
