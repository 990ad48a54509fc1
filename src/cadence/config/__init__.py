"""Cadences, leads and histories as data: TOML, JSON and YAML files, and their JSON Schema.

A cadence file names its format's version and, for each slot, a rule as a table with a
``type`` tag and the rule's arguments::

    version = 1

    [rhythm]
    type = "chain"
    parts = [
      { type = "speed_to_lead", within = "PT5M" },
      { type = "day_offsets", days = [1] },
      { type = "every", gaps = ["P3D", "P4D"] },
    ]

    [[limits]]
    type = "contact_window"
    days = ["mon", "tue", "wed", "thu", "fri"]
    start = "09:00"
    end = "18:00"

Durations are ISO 8601 (``"PT5M"``, ``"P2D"``) or friendly text (``"5 minutes"``); clock
times are ``"09:00"``; instants carry a UTC offset (``"2026-03-06T15:58:00Z"``); channels,
outcomes and days of the week are their lower-case names. Reading never executes anything
and reports every problem at once, each with its path, in a :class:`ConfigError`.

Every rule's ``type`` tag is registered with :func:`register`, the built-in ones and a
user's own alike: a registered rule round-trips through ``to_dict()``/``from_dict()``, the
files and :func:`json_schema`.
"""

from cadence import _plain_data
from cadence.config.codec import PlainData
from cadence.config.documents import history_from_list
from cadence.config.errors import ConfigError, ConfigProblem
from cadence.config.files import (
    history_to_csv,
    load,
    load_history,
    load_lead,
    load_team,
    loads,
    loads_history,
    loads_lead,
    loads_team,
)
from cadence.config.leaves import MAX_NUMBER
from cadence.config.parsing import Format, parse
from cadence.config.registry import FORMAT_VERSION, register
from cadence.config.schema import json_schema
from cadence.config.writing import history_to_list

__all__ = [
    "FORMAT_VERSION",
    "MAX_NUMBER",
    "ConfigError",
    "ConfigProblem",
    "Format",
    "history_from_list",
    "history_to_csv",
    "history_to_list",
    "json_schema",
    "load",
    "load_history",
    "load_lead",
    "load_team",
    "loads",
    "loads_history",
    "loads_lead",
    "loads_team",
    "parse",
    "register",
]

_plain_data.install(PlainData())
