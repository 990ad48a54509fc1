import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=300,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture
def without_holidays(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As in a process that never had the ``holidays`` package (the extra not installed)."""
    from cadence.rules import holidays as holiday_rules

    monkeypatch.setitem(sys.modules, "holidays", None)
    holiday_rules.country_days.cache_clear()
    yield
    holiday_rules.country_days.cache_clear()
