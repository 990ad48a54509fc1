"""A pytest plugin that swaps the cattrs codec in: ``-p cattrs_plugin``, benchmarks/ on the path.

Used by ``benchmarks/weigh_cattrs.py`` to run the configuration tests against
``benchmarks/cattrs_codec.py`` instead of the hand-written reading and writing.
"""

from __future__ import annotations

from typing import Any

READING = (
    "cadence_from_dict",
    "decode",
    "event_from_dict",
    "event_from_row",
    "history_from_list",
    "lead_from_dict",
)
WRITING = ("cadence_to_dict", "encode", "history_to_list")


def pytest_configure(config: Any) -> None:
    """Point every module that uses the codec's functions at the cattrs ones."""
    del config
    import cattrs_codec  # noqa: PLC0415 - only when the plugin is asked for

    import cadence.config  # noqa: PLC0415
    from cadence.config import codec, documents, files, schema, writing  # noqa: PLC0415

    for module in (cadence.config, codec, documents, files, schema, writing):
        for name in READING + WRITING:
            if hasattr(module, name):
                setattr(module, name, getattr(cattrs_codec, name))
