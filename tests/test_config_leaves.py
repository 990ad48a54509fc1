"""The leaf table: each leaf type reads what it writes, and its schema takes what it writes."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence.config.leaves import LEAVES, Leaf, Refused, leaf_of
from cadence.config.wording import describe, plural
from tests import config_strategies as cs

PLAIN = (str, int, float, bool)


@pytest.mark.parametrize("leaf", LEAVES.values(), ids=lambda leaf: leaf.kind.__name__)
@given(data=st.data())
def test_a_leaf_reads_back_what_it_writes_as_plain_data_its_schema_takes(
    leaf: Leaf, data: Any
) -> None:
    value = data.draw(cs.for_type(leaf.kind, 0))
    written = leaf.write(value)
    assert type(written) in PLAIN
    assert leaf.read(json.loads(json.dumps(written))) == value
    jsonschema.validate(written, dict(leaf.schema))


@pytest.mark.parametrize("leaf", LEAVES.values(), ids=lambda leaf: leaf.kind.__name__)
def test_a_leaf_refuses_a_table_and_says_what_it_expected(leaf: Leaf) -> None:
    refused = leaf.read({"a": 1})
    assert isinstance(refused, Refused)
    assert refused.message == f"expected {leaf.singular}, got a table"
    assert (refused.expected, refused.got) == (leaf.singular, "a table")
    assert describe(leaf.kind) == leaf.singular
    assert plural(leaf.kind) == leaf.plural


def test_an_enum_of_ones_own_is_a_leaf_too() -> None:
    import enum

    class Size(enum.Enum):
        SMALL = 1
        LARGE = 2

    leaf = leaf_of(Size)
    assert leaf is not None
    assert leaf.write(Size.LARGE) == "large"
    assert leaf.read("LARGE ") is Size.LARGE
    assert leaf.read("medium") == Refused(
        'expected one of "small", "large", got "medium"',
        expected='one of "small", "large"',
        got='"medium"',
    )
    assert leaf_of(int) is LEAVES[int]
    assert leaf_of(tuple[int, ...]) is None
