"""Auditing costs work in proportion to the history, whatever the limits' windows hold.

Issue 12, item 7: ``audit()`` was quadratic in the touches inside a ``FrequencyCap`` window
(one touch a minute under "5 per 7 days" took 19 s for 40,000 touches). The work is counted,
not timed: the lines of the library's own code run while auditing, under a trace function.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import cadence
from cadence import Cadence, Every, FrequencyCap, Lead, MaxAttempts, Touch, audit

SOURCE = str(Path(cadence.__file__).parent)
START = datetime(2026, 1, 5, tzinfo=UTC)


def _lines_run(work: Callable[[], Any]) -> int:
    """How many lines of cadence's own code run while ``work`` runs."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., Any] | None:
        nonlocal count
        if not frame.f_code.co_filename.startswith(SOURCE):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return count


def _every_minute(count: int, channel: str) -> list[Touch]:
    return [
        Touch(at=START + timedelta(minutes=minute), channel=channel, outcome="sent")
        for minute in range(count)
    ]


@pytest.mark.parametrize(
    "limit",
    [
        FrequencyCap(max=5, per="7 days"),
        FrequencyCap(max=5, per="7 days", channels=["email", "sms"]),
    ],
)
def test_auditing_twice_the_history_costs_about_twice_the_work(limit: object) -> None:
    rules = Cadence(rhythm=Every("1 minute"), limits=[limit], stop=MaxAttempts(100_000))
    lead = Lead(timezone="America/Chicago", created_at=START)

    def work(count: int) -> int:
        history = _every_minute(count, "email")
        return _lines_run(lambda: audit(rules, lead, history, now=START + timedelta(days=30)))

    small, large = work(600), work(1_200)
    assert large / small < 2.3
