"""CSV text into rows of cells, each problem with the line it is on.

A history's CSV has a header row naming its columns (any of them, in any order, each once);
an empty cell means the key is absent. Lines may end in LF, CRLF or a lone CR.
"""

from __future__ import annotations

import csv
import io
import re

from cadence.config.errors import ConfigError
from cadence.config.parsing import universal_newlines

__all__ = ["csv_rows"]


def csv_rows(text: str, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV text with a header of ``columns`` (any of them, in any order).

    Returns:
        ``(line, row)`` for each row, where ``row`` maps each column to its cell, empty
        cells left out.

    Raises:
        ConfigError: for a column that is unknown or given twice, a row with more cells
            than columns, or text that is not CSV (such as a quote never closed), each
            with its line.
    """
    text = universal_newlines(text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    problems: list[tuple[str, str]] = []
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        header = next(reader, [])
        problems.extend(_header_problems(header, columns, reader.line_num))
        if problems:
            raise ConfigError(problems)
        for cells in reader:
            if len(cells) > len(header):
                problems.append((f"line {reader.line_num}", "more cells than columns"))
                continue
            rows.append(
                (
                    reader.line_num,
                    {name: cell for name, cell in zip(header, cells, strict=False) if cell},
                )
            )
    except csv.Error as error:
        raise ConfigError([_csv_problem(text, reader.line_num, error)]) from None
    if problems:
        raise ConfigError(problems)
    return rows


def _header_problems(header: list[str], columns: list[str], line: int) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    seen: dict[str, int] = {}
    for number, name in enumerate(header, 1):
        first = seen.setdefault(name, number)
        if first != number:
            problems.append(
                (
                    f"line {line}",
                    (
                        f'expected each column once, got "{name}" again in column {number} '
                        f"(first in {first})"
                    ),
                )
            )
        elif name not in columns:
            expected = ", ".join(columns)
            problems.append(
                (f"line {line}", f"unknown column {name!r}; expected columns {expected}")
            )
    return problems


def _csv_problem(text: str, line: int, error: csv.Error) -> tuple[str, str]:
    opening = _unclosed_quote(text)
    if opening is not None:
        return (
            f"line {text.count(chr(10), 0, opening) + 1}",
            'expected a closing " for the quoted cell that starts here, got the end of the text',
        )
    return f"line {line}", f"invalid CSV: {error}"


def _unclosed_quote(text: str) -> int | None:
    """The offset of the quote that opens a cell never closed, if there is one.

    Quotes open and close in turn; a doubled quote inside a cell closes and reopens it at
    once, so the cell's opening quote stays the one to report.
    """
    inside = False
    opening: int | None = None
    closed = -2
    for match in re.finditer('"', text):
        at = match.start()
        if inside:
            closed = at
        elif at != closed + 1:
            opening = at
        inside = not inside
    return opening if inside else None
