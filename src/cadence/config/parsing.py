"""Text into plain data: TOML, JSON and YAML, each problem with the line it is on.

Every parser here refuses what its format's usual reader lets through silently: a key given
twice in a JSON or YAML table (TOML refuses it itself). A UTF-8 byte-order mark (Excel
writes one) is dropped in every format. Lines may end in LF, CRLF or a lone CR (old Mac OS).
CSV, for histories, is read by :mod:`cadence.config.csv_rows`.
"""

from __future__ import annotations

import bisect
import json
import re
import sys
import tomllib
from typing import TYPE_CHECKING, Any, Final, Literal

from cadence.config.errors import ConfigError, child
from cadence.errors import InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    import yaml

__all__ = [
    "MAX_NODES",
    "YAML_HINT",
    "Format",
    "check_format",
    "document_text",
    "parse",
    "universal_newlines",
]

Format = Literal["toml", "json", "yaml", "csv"]
"""A text format: ``"toml"``, ``"json"``, ``"yaml"`` (with the ``yaml`` extra) or ``"csv"``
(histories only)."""

MAX_NODES: Final = 100_000
"""The most values (tables, lists and scalars, aliases expanded) a document may hold."""

YAML_HINT: Final = 'reading YAML needs PyYAML: pip install "cadence-rules[yaml]"'

BOM: Final = "\ufeff"
"""The byte-order mark, as text: Excel starts its "CSV UTF-8" files with it."""

TABLE_FORMATS: Final[tuple[Format, ...]] = ("toml", "json", "yaml")


def document_text(text: object, reader: str) -> str:
    """The text of a document without its byte-order mark; anything but text is refused.

    Args:
        text: What the caller passed as the document.
        reader: The function that reads the same document from a file, for the hint.

    Raises:
        InvalidTypeError: if ``text`` is not a ``str``.
    """
    if isinstance(text, bytes | bytearray | memoryview):
        raise InvalidTypeError(
            f"text: expected the document as str, got {type(text).__name__}: decode it "
            f'first (text.decode("utf-8")), or read the file with {reader}()'
        )
    if not isinstance(text, str):
        raise InvalidTypeError(f"text: expected the document as str, got {_brief(text)}")
    return text.removeprefix(BOM)


def check_format(format: object, allowed: tuple[Format, ...], note: str = "") -> Format:  # noqa: A002
    """``format``, if it is one of ``allowed``.

    Raises:
        InvalidTypeError: if ``format`` is not text.
        InvalidValueError: if it is text that names no allowed format.
    """
    expected = "expected one of " + ", ".join(f'"{name}"' for name in allowed)
    if not isinstance(format, str):
        raise InvalidTypeError(f"format: {expected}, got {_brief(format)}")
    for name in allowed:
        if format == name:
            return name
    raise InvalidValueError(f"format: {expected}, got {format!r}{note}")


def universal_newlines(text: str) -> str:
    """``text`` with CRLF and lone CR line endings made LF, as reading a file does."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _brief(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- TOML, JSON, YAML ----------------------------------------------------------------------


def _toml(text: str) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        where = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
        if where:
            path = f"line {where[1]}, column {where[2]}"
            raise ConfigError([(path, f"invalid TOML: {message[: where.start()]}")]) from None
        raise ConfigError([("", f"invalid TOML: {message}")]) from None


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number configuration accepts")


class _Lines:
    """Line numbers of offsets into a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def of(self, offset: int) -> int:
        """The line, from 1, that holds ``offset``."""
        return bisect.bisect_right(self._starts, offset)


def _again(first: int, again: int) -> str:
    if first == again:
        return f"expected each key once, got it twice on line {again}"
    return f"expected each key once, got it again at line {again} (first at line {first})"


def _json(text: str) -> Any:
    repeated = False

    def table(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        built = dict(pairs)
        repeated = repeated or len(built) < len(pairs)
        return built

    try:
        data = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=table)
    except json.JSONDecodeError as error:
        path = f"line {error.lineno}, column {error.colno}"
        raise ConfigError([(path, f"invalid JSON: {error.msg}")]) from None
    if repeated:
        raise ConfigError(_JsonKeys(text).repeated())
    return data


class _JsonKeys:
    """Walks a valid JSON text to find the keys given twice in one table, with their lines.

    Only run once :func:`json.loads` has found that some key is repeated: it re-reads the
    text, which is cheap next to a user fixing the file.
    """

    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _Lines(text)
        self.decoder = json.JSONDecoder(parse_constant=float)

    def repeated(self) -> list[tuple[str, str]]:
        """``(path, message)`` for each key given again, in document order."""
        found: list[tuple[str, str]] = []
        self._value(self._skip(0), "", found)
        return found

    def _skip(self, at: int) -> int:
        match = self._SPACE.match(self.text, at)
        return at if match is None else match.end()

    def _value(self, at: int, path: str, found: list[tuple[str, str]]) -> int:
        opening = self.text[at]
        if opening not in "{[":
            return self.decoder.raw_decode(self.text, at)[1]
        closing = "}" if opening == "{" else "]"
        at = self._skip(at + 1)
        seen: dict[str, int] = {}
        index = 0
        while self.text[at] != closing:
            if opening == "{":
                key, at = self.decoder.raw_decode(self.text, at)
                line = self.lines.of(at)
                where = child(path, key)
                if key in seen:
                    found.append((where, _again(seen[key], line)))
                seen.setdefault(key, line)
                at = self._skip(self._skip(at) + 1)  # past the colon
            else:
                where = child(path, index)
                index += 1
            at = self._skip(self._value(at, where, found))
            if self.text[at] == ",":
                at = self._skip(at + 1)
        return at + 1


def _yaml(text: str) -> Any:
    try:
        import yaml  # noqa: PLC0415 - an optional extra
    except ImportError:
        raise ConfigError([("", YAML_HINT)]) from None
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        repeated = _yaml_repeated(loader, root)
        if repeated:
            raise ConfigError(repeated)
        return loader.construct_document(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        path = "" if mark is None else f"line {mark.line + 1}, column {mark.column + 1}"
        raise ConfigError([(path, f"invalid YAML: {problem}")]) from None
    finally:
        loader.dispose()


_MERGE = "tag:yaml.org,2002:merge"


def _yaml_repeated(loader: yaml.SafeLoader, root: yaml.Node) -> list[tuple[str, str]]:
    """``(path, message)`` for each key given twice in one mapping of a composed document.

    Each node is visited once, so aliases cost nothing; a merge key (``<<: *base``) brings
    keys that the mapping may override, so only the keys written in the mapping count.
    """
    import yaml  # noqa: PLC0415 - an optional extra, imported by the caller already

    found: list[tuple[int, str, str]] = []
    visited: set[int] = set()
    todo: list[tuple[yaml.Node, str]] = [(root, "")]
    while todo:
        node, path = todo.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        inside: list[tuple[yaml.Node, str]] = []
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE:
                    inside.append((value_node, path))
                    continue
                key = loader.construct_object(key_node, deep=True)
                where = child(path, key if isinstance(key, str) else repr(key))
                line = key_node.start_mark.line + 1
                try:
                    hash(key)
                except TypeError:  # an unhashable key: constructing the mapping says so
                    continue
                if key in seen:
                    found.append((line, where, _again(seen[key], line)))
                else:
                    seen[key] = line
                inside.append((value_node, where))
        elif isinstance(node, yaml.SequenceNode):
            inside = [(item, child(path, index)) for index, item in enumerate(node.value)]
        todo.extend(reversed(inside))
    return [(where, message) for _, where, message in sorted(found)]


def _size(data: object, sizes: dict[int, int], limit: int) -> int:
    """How many values ``data`` holds once YAML aliases are expanded (stops past ``limit``)."""
    if not isinstance(data, dict | list):
        return 1
    known = sizes.get(id(data))
    if known is not None:
        return known
    items = list(data.keys()) + list(data.values()) if isinstance(data, dict) else data
    total = 1
    for item in items:
        total += _size(item, sizes, limit)
        if total > limit:
            break
    sizes[id(data)] = total
    return total


def _too_long_number(text: str) -> tuple[str, str] | None:
    """Where ``text`` holds a whole number too long for Python to read, if it does."""
    most = sys.get_int_max_str_digits()
    if not most:
        return None
    found = re.search(rf"\d{{{most + 1},}}", text)
    if found is None:
        return None
    lines = _Lines(text)
    line = lines.of(found.start())
    column = found.start() - text.rfind("\n", 0, found.start())
    digits = found.end() - found.start()
    return f"line {line}, column {column}", f"expected a number, got one of {digits} digits"


def parse(text: str, format: Format) -> Any:  # noqa: A002 - the word users know
    """Parse ``text`` into plain data (tables, lists, strings, numbers).

    YAML is read with PyYAML's safe loader: it builds plain data only, never objects. CSV
    is only for histories (see :func:`~cadence.config.loads_history`). A key given twice in
    one table is refused in every format, with its path and lines.

    Args:
        text: The document; a leading byte-order mark is ignored.
        format: ``"toml"``, ``"json"`` or ``"yaml"``.

    Raises:
        ConfigError: for text that is not valid in ``format``, with the line and column
            where they are known, or for YAML without the ``yaml`` extra.
        InvalidTypeError: if ``text`` is not a ``str`` or ``format`` is not text.
        InvalidValueError: if ``format`` is not one of the three.
    """
    document = document_text(text, "load")
    kind = check_format(
        format,
        TABLE_FORMATS,
        " (a CSV history is read by loads_history())" if format == "csv" else "",
    )
    try:
        if kind == "toml":
            return _toml(document)
        if kind == "json":
            return _json(document)
        data = _yaml(document)
        if _size(data, {}, MAX_NODES) > MAX_NODES:
            raise ConfigError([("", f"the document holds more than {MAX_NODES} values")])
    except RecursionError:
        raise ConfigError([("", f"invalid {kind.upper()}: nested too deeply")]) from None
    except ValueError as error:  # huge integers, NaN
        if isinstance(error, ConfigError):
            raise
        where = _too_long_number(document)
        if where is not None:
            raise ConfigError([where]) from None
        raise ConfigError([("", f"invalid {kind.upper()}: {error}")]) from None
    return data
