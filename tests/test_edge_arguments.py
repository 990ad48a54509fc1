"""The public functions of ``cadence.config`` and ``cadence.batch`` refuse bad arguments.

Each bad argument (a wrong type, None, bytes, a bool for a whole number, a value out of
range) raises a ``CadenceError`` at the call, whose message starts with the argument's
name and says what was expected: never a raw ``TypeError`` or ``OverflowError``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from cadence import (
    ConfigError,
    InvalidTypeError,
    InvalidValueError,
    Lead,
    json_schema,
    load,
    load_history,
    load_lead,
    loads,
    loads_history,
    loads_lead,
    plan_many,
    presets,
)
from cadence.batch import MAX_WORKERS
from cadence.config import history_from_list, history_to_csv, history_to_list, parse

NOW = datetime(2026, 3, 6, 16, tzinfo=UTC)
CADENCE = 'version = 1\n[rhythm]\ntype = "speed_to_lead"\n'
PAIRS = [(Lead(timezone="UTC", created_at=NOW), [])]
ERROR = ConfigError([("a", "b")])


def _plan_many(**changes: Any) -> Callable[[], object]:
    arguments: dict[str, Any] = {
        "cadence": presets.persistent(),
        "leads_and_histories": PAIRS,
        "now": NOW,
    }
    arguments.update(changes)
    return lambda: plan_many(**arguments)


TYPE = InvalidTypeError
VALUE = InvalidValueError

CASES: list[tuple[str, type[Exception], Callable[[], object]]] = [
    # text and formats
    ("text", TYPE, lambda: loads(CADENCE.encode())),  # type: ignore[arg-type]
    ("text", TYPE, lambda: loads(None)),  # type: ignore[arg-type]
    ("text", TYPE, lambda: loads_lead(bytearray(b"x"))),  # type: ignore[arg-type]
    ("text", TYPE, lambda: loads_history(b"type,at\n", format="csv")),  # type: ignore[arg-type]
    ("text", TYPE, lambda: parse(5, "toml")),  # type: ignore[arg-type]
    ("format", VALUE, lambda: loads(CADENCE, format="xml")),  # type: ignore[arg-type]
    ("format", VALUE, lambda: loads(CADENCE, format="csv")),
    ("format", VALUE, lambda: loads_lead(CADENCE, format="TOML")),  # type: ignore[arg-type]
    ("format", VALUE, lambda: loads_history("[]", format="xml")),  # type: ignore[arg-type]
    ("format", TYPE, lambda: loads(CADENCE, format=None)),  # type: ignore[arg-type]
    ("format", TYPE, lambda: parse(CADENCE, b"toml")),  # type: ignore[arg-type]
    ("source", TYPE, lambda: loads(CADENCE, source=5)),  # type: ignore[arg-type]
    ("source", TYPE, lambda: loads_history("[]", source=b"h.json")),  # type: ignore[arg-type]
    # files
    ("path", TYPE, lambda: load(None)),  # type: ignore[arg-type]
    ("path", TYPE, lambda: load_lead(5)),  # type: ignore[arg-type]
    ("path", TYPE, lambda: load_history(b"history.csv")),  # type: ignore[arg-type]
    # histories as data
    ("history", TYPE, lambda: history_to_list(None)),  # type: ignore[arg-type]
    ("history", TYPE, lambda: history_to_csv(5)),  # type: ignore[arg-type]
    ("history[0]", TYPE, lambda: history_to_list([None])),  # type: ignore[list-item]
    ("path", TYPE, lambda: history_from_list([], path=5)),  # type: ignore[arg-type]
    # the schema
    ("document", VALUE, lambda: json_schema("x")),  # type: ignore[arg-type]
    ("document", TYPE, lambda: json_schema(None)),  # type: ignore[arg-type]
    ("document", TYPE, lambda: json_schema(["lead"])),  # type: ignore[arg-type]
    # the error itself
    ("errors", TYPE, lambda: ConfigError(None)),  # type: ignore[arg-type]
    ("errors", TYPE, lambda: ConfigError("limits: bad")),  # type: ignore[arg-type]
    ("errors", VALUE, lambda: ConfigError([])),
    ("errors[0]", TYPE, lambda: ConfigError([("limits",)])),  # type: ignore[list-item]
    ("errors[1]", TYPE, lambda: ConfigError([("a", "b"), (1, 2)])),  # type: ignore[list-item]
    ("source", TYPE, lambda: ConfigError([("a", "b")], source=Path("c.toml"))),  # type: ignore[arg-type]
    ("source", TYPE, lambda: ERROR.with_source(5)),  # type: ignore[arg-type]
    # plan_many
    ("cadence", TYPE, _plan_many(cadence=None)),
    ("leads_and_histories", TYPE, _plan_many(leads_and_histories=None)),
    ("leads_and_histories", TYPE, _plan_many(leads_and_histories="pairs")),
    ("leads_and_histories", TYPE, _plan_many(leads_and_histories=b"pairs")),
    ("leads_and_histories", TYPE, _plan_many(leads_and_histories=dict(PAIRS))),  # type: ignore[arg-type]
    ("now", TYPE, _plan_many(now=None)),
    ("now", TYPE, _plan_many(now="2026-03-06T16:00:00Z")),
    ("now", VALUE, _plan_many(now=datetime(2026, 3, 6))),
    ("until", VALUE, _plan_many(until="banana")),
    ("until", TYPE, _plan_many(until=True)),
    ("until", TYPE, _plan_many(until=b"P1D")),
    ("until", VALUE, _plan_many(until=datetime(2026, 3, 6))),
    ("until", VALUE, _plan_many(until=datetime(2026, 3, 5, tzinfo=UTC))),
    ("max_touches", TYPE, _plan_many(max_touches=True)),
    ("max_touches", TYPE, _plan_many(max_touches="5")),
    ("max_touches", TYPE, _plan_many(max_touches=2.0)),
    ("max_touches", VALUE, _plan_many(max_touches=-1)),
    ("workers", TYPE, _plan_many(workers=True)),
    ("workers", TYPE, _plan_many(workers=2.0)),
    ("workers", TYPE, _plan_many(workers="2")),
    ("workers", VALUE, _plan_many(workers=0)),
    ("workers", VALUE, _plan_many(workers=10**100)),
    ("chunk_size", TYPE, _plan_many(chunk_size=None)),
    ("chunk_size", TYPE, _plan_many(chunk_size=False)),
    ("chunk_size", VALUE, _plan_many(chunk_size=-3)),
    ("chunk_size", VALUE, _plan_many(chunk_size=10**100)),
    ("return_exceptions", TYPE, _plan_many(return_exceptions="yes")),
    ("return_exceptions", TYPE, _plan_many(return_exceptions=None)),
    ("return_exceptions", TYPE, _plan_many(return_exceptions=1)),
]


@pytest.mark.parametrize(
    ("argument", "kind", "call"),
    CASES,
    ids=[f"{index}-{argument}" for index, (argument, _, _) in enumerate(CASES)],
)
def test_a_bad_argument_is_named_with_what_was_expected(
    argument: str, kind: type[Exception], call: Callable[[], object]
) -> None:
    with pytest.raises(kind) as caught:
        call()
    assert type(caught.value) is kind
    message = str(caught.value)
    assert message.startswith(f"{argument}: expected "), message
    assert " got " in message or "expected at least" in message, message
    assert "Traceback" not in message
    assert "object at 0x" not in message


@pytest.mark.parametrize("workers", [1, MAX_WORKERS])
def test_the_allowed_numbers_of_workers_are_named(workers: int) -> None:
    assert list(plan_many(presets.persistent(), [], now=NOW, workers=workers)) == []
    with pytest.raises(InvalidValueError) as caught:
        plan_many(presets.persistent(), [], now=NOW, workers=10**100)
    assert "from 1 to " in str(caught.value)
