"""The planner gives what it gave before the engine was redesigned, case by case.

``tests/differential/expected.txt`` holds a fingerprint of everything planning, the next
touch and the audit gave for 5,000 random cases (every rule type, leads with preferences,
histories with milestones), recorded before the redesign. The ``ci`` profile checks every
case, the quick ``dev`` profile every tenth.
"""

from __future__ import annotations

import os

import pytest

from tests.differential.cases import CASES, fingerprint, recorded

STEP = 1 if os.environ.get("CI") == "true" else 10
EXPECTED = recorded()


def test_every_case_is_recorded() -> None:
    assert sorted(EXPECTED) == list(range(CASES))


@pytest.mark.parametrize("chunk", range(0, CASES, 500))
def test_the_planner_gives_what_it_gave_before(chunk: int) -> None:
    changed = [
        seed
        for seed in range(chunk, min(chunk + 500, CASES), STEP)
        if fingerprint(seed) != EXPECTED[seed]
    ]
    # python -m tests.differential.cases --show SEED prints a case and what it gives now.
    assert not changed, f"the output changed for the cases of seeds {changed}"
