"""Every error the library raises survives pickling and copying, with its message and data.

The classes are found by walking ``CadenceError.__subclasses__()`` (see
``tests/error_samples.py``), so a new one cannot be forgotten.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import pytest

from cadence import CadenceError, ConfigError, Lead
from tests.error_samples import LEAD, SAMPLES, error_classes, sample


def data_of(error: BaseException) -> object:
    """What an error says and holds: its type, text, and attributes (errors by what they say)."""
    held = {
        name: data_of(value) if isinstance(value, BaseException) else value
        for name, value in vars(error).items()
    }
    return type(error), str(error), error.args, held


ERRORS = sorted(error_classes(), key=lambda cls: cls.__qualname__)


def test_every_error_class_is_found() -> None:
    names = {cls.__name__ for cls in ERRORS}
    assert {"ConfigError", "BatchError", "UnsupportedTypeError", "MissingExtraError"} <= names


@pytest.mark.parametrize("cls", ERRORS, ids=lambda cls: cls.__qualname__)
@pytest.mark.parametrize(
    "duplicate",
    [lambda error: pickle.loads(pickle.dumps(error)), copy.deepcopy, copy.copy],
    ids=["pickle", "deepcopy", "copy"],
)
def test_every_error_survives_pickling_and_copying(
    cls: type[CadenceError], duplicate: Callable[[CadenceError], CadenceError]
) -> None:
    error = sample(cls)
    error.add_note("a note added on the way")
    twin = duplicate(error)
    assert data_of(twin) == data_of(error)
    assert twin.__notes__ == error.__notes__


def test_a_config_error_keeps_its_problems_as_data_through_a_copy() -> None:
    twin = copy.deepcopy(SAMPLES[ConfigError]())
    assert isinstance(twin, ConfigError)
    assert twin.errors == [
        ("limits[0].per", 'expected a duration, got "seven"'),
        ("", "whole file"),
    ]
    assert twin.source == "c.toml"
    assert twin.with_source("d.toml").source == "d.toml"


def _read_lead(data: object) -> Lead:
    return Lead.from_dict(data)  # type: ignore[arg-type]


def test_a_config_error_raised_in_a_worker_process_reaches_the_caller_whole() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        failed = pool.submit(_read_lead, {"timezone": "Mars/Olympus"})
        with pytest.raises(ConfigError) as caught:
            failed.result()
        # The pool survives the error and goes on working.
        assert pool.submit(_read_lead, LEAD.to_dict()).result() == LEAD
    assert [path for path, _ in caught.value.errors] == ["created_at", "timezone"]
