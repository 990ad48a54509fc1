"""Weigh the cattrs codec (``benchmarks/cattrs_codec.py``) against the hand-written one.

``python benchmarks/weigh_cattrs.py`` (with ``src`` importable) measures three counts:

1. **Messages.** The configuration error tests (``tests/test_config.py``,
   ``tests/test_config_edges.py``, ``tests/test_edge_arguments.py``, ``tests/test_cli.py``,
   ``tests/test_config_register.py``) run twice, once as they are and once with the cattrs
   codec swapped in (``-p cattrs_plugin``); then a corpus of broken documents, made by
   breaking every value and key of the shipped examples one at a time, is read by both, and
   their problems are compared.
2. **Speed.** ``Cadence.from_dict()`` of ``presets.persistent().to_dict()`` by each codec,
   against building the preset in Python, in one process: CPU time, batches taking turns,
   the best batch of each.
3. **Lines.** The lines of code (not blank, not comments) of the modules each variant needs
   beyond what both share (leaves, registry, fields, wording, errors, schema).
"""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
import time
import tokenize
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]

import cattrs_codec  # noqa: E402

from cadence import ConfigError, presets  # noqa: E402
from cadence.config import documents, parse  # noqa: E402

TESTS = [
    "tests/test_config.py",
    "tests/test_config_edges.py",
    "tests/test_edge_arguments.py",
    "tests/test_cli.py",
    "tests/test_config_register.py",
]
HAND = ["src/cadence/config/reading.py", "src/cadence/config/documents.py"]
HAND_WRITING = ["src/cadence/config/writing.py"]
CATTRS = ["benchmarks/cattrs_codec.py"]


# -- 1. messages ----------------------------------------------------------------------------


def _pytest(*plugin: str) -> str:
    environment = {"PYTHONPATH": f"{ROOT / 'src'}:{ROOT / 'benchmarks'}"}
    done = subprocess.run(  # noqa: S603 - our own test suite
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *plugin, *TESTS],
        cwd=ROOT,
        env={**__import__("os").environ, **environment},
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    failed = [line.split(" - ")[0] for line in lines if line.startswith("FAILED")]
    return lines[-1] + "".join(f"\n    {line}" for line in failed)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*path, index))


def _holder(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _broken(data: Any) -> Iterator[Any]:
    """Every document one change away: each value replaced, each key dropped or misspelled."""
    for path in _paths(data):
        if not path:
            continue
        *above, last = path
        for wrong in (5, -1, "x", "-P1D", True, [], {}, ["x"], None):
            if _holder(data, tuple(above))[last] != wrong:
                broken = copy.deepcopy(data)
                _holder(broken, tuple(above))[last] = wrong
                yield broken
        if isinstance(last, str):
            for change in ("drop", "misspell", "add"):
                broken = copy.deepcopy(data)
                holder = _holder(broken, tuple(above))
                value = holder.pop(last)
                if change == "misspell":
                    holder[last[:-1] + "z"] = value
                elif change == "add":
                    holder[last] = value
                    holder["colour"] = "red"
                yield broken


def _twice_broken(data: Any, every: int = 1) -> Iterator[Any]:
    """Documents two changes away (every pair of values): one of the wrong type, one of
    the right type that the rule refuses (-1 where a whole number is expected)."""
    paths = [path for path in _paths(data) if path]
    for position, first in enumerate(paths):
        for second in paths[position + 1 :: every]:
            if first == second[: len(first)] or second == first[: len(second)]:
                continue  # one inside the other: a single change
            broken = copy.deepcopy(data)
            for path, wrong in ((first, "x"), (second, -1)):
                _holder(broken, path[:-1])[path[-1]] = wrong
            yield broken


def _problems(read: Callable[[Any], Any], data: Any) -> list[tuple[str, str]] | str:
    try:
        read(data)
    except ConfigError as error:
        return error.errors
    except Exception as error:  # noqa: BLE001 - a crash is a finding
        return f"crashed: {type(error).__name__}: {error}"
    return []


def corpus(broken_by: Callable[[Any], Iterator[Any]]) -> dict[str, int]:
    """Both codecs' problems for every broken document, compared."""
    documents_by_reader = [
        (documents.cadence_from_dict, cattrs_codec.cadence_from_dict, preset().to_dict())
        for preset in (presets.persistent, presets.post_sale)
    ]
    lead = parse((ROOT / "examples" / "lead.toml").read_text(), "toml")
    lead["best_times"] = {"days": ["tue"], "start": "10:00", "end": "12:00"}
    lead["blackouts"] = [{"start": "2026-07-01", "end": "2026-07-14"}]
    documents_by_reader.append((documents.lead_from_dict, cattrs_codec.lead_from_dict, lead))
    history = [
        {"type": "touch", "at": "2026-03-06T16:00:00Z", "channel": "call", "outcome": "no_answer"},
        {"type": "milestone", "at": "2026-03-07T10:00:00Z", "kind": "snoozed",
         "until": "2026-03-20T10:00:00Z"},
    ]  # fmt: skip
    documents_by_reader.append(
        (documents.history_from_list, cattrs_codec.history_from_list, history)
    )
    counts = {"documents": 0, "same": 0, "fewer": 0, "other": 0, "crashed": 0}
    examples: dict[str, str] = {}
    for hand, cattrs, data in documents_by_reader:
        for broken in broken_by(data):
            counts["documents"] += 1
            mine, theirs = _problems(hand, broken), _problems(cattrs, broken)
            if isinstance(theirs, str) or isinstance(mine, str):
                counts["crashed"] += 1
                examples.setdefault("crashed", f"{json.dumps(broken)[:200]}: {theirs} / {mine}")
            elif mine == theirs:
                counts["same"] += 1
            elif set(theirs) < set(mine):
                counts["fewer"] += 1
                examples.setdefault("fewer", f"hand {mine}\n      cattrs {theirs}")
            else:
                counts["other"] += 1
                examples.setdefault("other", f"hand {mine}\n      cattrs {theirs}")
    for kind, example in examples.items():
        print(f"    e.g. {kind}: {example}")
    return counts


# -- 2. speed -------------------------------------------------------------------------------


def speed(rounds: int = 9, calls: int = 400) -> dict[str, float]:
    """The best batch's time per call, in microseconds."""
    data = presets.persistent().to_dict()
    cases: dict[str, Callable[[], object]] = {
        "presets.persistent() in Python": presets.persistent,
        "from_dict, hand-written": lambda: documents.cadence_from_dict(data),
        "from_dict, cattrs": lambda: cattrs_codec.cadence_from_dict(data),
    }
    assert documents.cadence_from_dict(data) == cattrs_codec.cadence_from_dict(data)
    best = dict.fromkeys(cases, float("inf"))
    for _ in range(rounds):
        for name, call in cases.items():
            started = time.process_time()
            for _ in range(calls):
                call()
            best[name] = min(best[name], (time.process_time() - started) / calls * 1e6)
    return best


# -- 3. lines -------------------------------------------------------------------------------


def code_lines(path: Path) -> int:
    """Lines holding code: not blank, not only a comment, not only a docstring."""
    lines: set[int] = set()
    previous = tokenize.OP
    for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
        if token.type in {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                          tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}:  # fmt: skip
            continue
        docstring = token.type == tokenize.STRING and previous in {
            tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT, tokenize.OP
        } and token.line.strip().startswith(('"""', "'''"))  # fmt: skip
        previous = token.type
        if not docstring:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines)


def main() -> None:
    """Print the three counts."""
    print("1. messages: the configuration error tests")
    print("  hand-written:", _pytest())
    print("  cattrs:      ", _pytest("-p", "cattrs_plugin"))
    print("  broken documents, one change away from the examples:")
    for name, count in corpus(_broken).items():
        print(f"    {name}: {count}")
    print("  broken documents, two changes away:")
    for name, count in corpus(_twice_broken).items():
        print(f"    {name}: {count}")
    print("2. speed: Cadence.from_dict(presets.persistent().to_dict())")
    best = speed()
    python = best["presets.persistent() in Python"]
    for name, micros in best.items():
        print(f"  {name:32} {micros:7.1f} us  {micros / python:.2f}x")
    print("3. lines of code (beyond the modules both share)")
    for name, paths in (
        ("hand-written reading", HAND),
        ("hand-written writing", HAND_WRITING),
        ("cattrs reading and writing", CATTRS),
    ):
        total = sum(code_lines(ROOT / path) for path in paths)
        raw = sum(len((ROOT / path).read_text().splitlines()) for path in paths)
        print(f"  {name:28} {total:4} code lines ({raw} lines)")


if __name__ == "__main__":
    main()
