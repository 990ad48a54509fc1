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

from datetime import datetime

import dask.dataframe as dd
import pandas as pd
import pendulum

from cadence import Cadence, Lead, Milestone, Touch, plan, presets

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


def _event(row: pd.Series) -> Touch | Milestone:
    at = row["at"].to_pydatetime()
    if pd.notna(row["kind"]):
        channel = row["channel"] if pd.notna(row["channel"]) else None
        return Milestone(at=at, kind=row["kind"], channel=channel)
    return Touch(at=at, channel=row["channel"], outcome=row["outcome"])


def plan_partition(rows: pd.DataFrame, cadence: Cadence, now: datetime) -> pd.DataFrame:
    """Plan the leads of one partition: every row of a lead must be in this partition.

    Args:
        rows: Events (and leads without events) in the table's shape.
        cadence: The cadence every lead follows.
        now: The present (timezone-aware).

    Returns:
        One row per planned touch, with the columns of :data:`PLANNED`.
    """
    planned: list[dict[str, object]] = []
    for lead_id, events in rows.groupby("lead_id", sort=True):
        first = events.iloc[0]
        lead = Lead(timezone=first["timezone"], created_at=first["created_at"].to_pydatetime())
        history = [_event(row) for _, row in events.iterrows() if pd.notna(row["at"])]
        planned.extend(
            {
                "lead_id": lead_id,
                "round": touch.round,
                "at": pd.Timestamp(touch.at.in_timezone("UTC")),
                "channel": touch.channel.value,
                "voicemail": touch.voicemail,
                "reason": touch.reason,
            }
            for touch in plan(cadence, lead, history, now=now)
        )
    if not planned:
        return PLANNED.copy()
    return pd.DataFrame(planned).astype(PLANNED.dtypes.to_dict())


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
