"""What every register reader shares: the column catalogue, CSV text, cells and problems.

The columns of each register, with the names they had in other years, are data
(``catalogue/registers.yaml``). A reader finds a column by any of its names (case, accents,
spaces and a byte-order mark ignored), reads every cell as text (identifiers keep their
leading zeros), and collects every problem with its file, row and column before raising them
together as one :class:`~symbiosis.errors.ValidationReport`.
"""

from __future__ import annotations

import csv
import importlib.resources as package_files
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from symbiosis.errors import Problem, ValidationReport
from symbiosis.io.cells import CellError, parse_number
from symbiosis.io.csv_folder import decode_text, sniff_delimiter
from symbiosis.io.headers import normalise

__all__ = [
    "BELOW_THRESHOLD",
    "ColumnSpec",
    "RegisterRows",
    "column_specs",
    "map_headers",
    "raise_problems",
    "read_quantity",
    "register_catalogue",
    "rows_of_text",
]

#: The literal that IREP writes in a quantity below its reporting threshold.
BELOW_THRESHOLD = "< seuil"


@cache
def register_catalogue() -> dict[str, Any]:
    """The content of ``catalogue/registers.yaml`` (files, columns, codes of each register)."""
    text = (
        package_files.files("symbiosis.catalogue")
        .joinpath("registers.yaml")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


@dataclass(frozen=True)
class ColumnSpec:
    """A column of a register file: its canonical name, other names, and whether it is needed."""

    name: str
    aliases: tuple[str, ...]
    required: bool


def column_specs(entries: Mapping[str, Any]) -> tuple[ColumnSpec, ...]:
    """Column specs from a ``columns`` mapping of ``registers.yaml``."""
    return tuple(
        ColumnSpec(
            name=name,
            aliases=tuple((entry or {}).get("aliases", ())),
            required=bool((entry or {}).get("required", False)),
        )
        for name, entry in entries.items()
    )


def _header_key(text: str) -> str:
    return normalise(text.replace("\ufeff", "")).replace(" ", "_")


def map_headers(
    headers: Iterable[str],
    specs: Iterable[ColumnSpec],
    label: str,
    header_row: int,
    problems: list[Problem],
) -> dict[str, int]:
    """Position of each known column in a header, by any of its names.

    A required column that is missing is a problem naming the headers the file has.
    """
    positions: dict[str, int] = {}
    keys = [_header_key(str(header)) for header in headers]
    for spec in specs:
        # The canonical name first: an alias may be another column's name in other years.
        found = next(
            (
                keys.index(_header_key(name))
                for name in (spec.name, *spec.aliases)
                if _header_key(name) in keys
            ),
            None,
        )
        if found is not None:
            positions[spec.name] = found
        elif spec.required:
            names = " or ".join(repr(name) for name in (spec.name, *spec.aliases))
            problems.append(
                Problem(
                    label,
                    header_row,
                    spec.name,
                    "",
                    f"column missing: the file needs {names}; its headers are "
                    f"{', '.join(repr(str(header)) for header in headers)}",
                )
            )
    return positions


@dataclass(frozen=True)
class RegisterRows:
    """The rows of one register file, each as its canonical columns' text.

    Attributes
    ----------
    label : str
        How problems name the file (``2024/Prelevements.csv``).
    rows : tuple of (int, dict)
        Row number as a spreadsheet shows it (header = 1) and the text of each known column
        ('' when empty).
    """

    label: str
    rows: tuple[tuple[int, dict[str, str]], ...]


def rows_of_text(
    data: bytes, label: str, specs: tuple[ColumnSpec, ...], problems: list[Problem]
) -> RegisterRows:
    """Rows of a CSV file (``;`` or ``,``, UTF-8 with or without BOM, or cp1252).

    Problems (missing columns, CSV errors) are added to ``problems``; the rows read so far are
    returned.
    """
    text = decode_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    positions: dict[str, int] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if all(not cell.strip() for cell in cells):
                continue
            if positions is None:
                positions = map_headers(cells, specs, label, number, problems)
                if any(problem.file == label and problem.row == number for problem in problems):
                    return RegisterRows(label, ())
                continue
            rows.append(
                (
                    number,
                    {
                        name: cells[index].strip() if index < len(cells) else ""
                        for name, index in positions.items()
                    },
                )
            )
    except csv.Error as error:
        problems.append(Problem(label, None, None, "", f"cannot be read as CSV: {error}"))
    return RegisterRows(label, tuple(rows))


def read_quantity(
    text: str, label: str, row: int, column: str, problems: list[Problem]
) -> float | str | None:
    """A declared quantity: a number, :data:`BELOW_THRESHOLD`, or None when the cell is empty.

    A decimal comma and spaces between thousands are read (``1 234,5``); anything else that is
    not a number, or a negative number, is a problem at its file, row and column.

    Examples
    --------
    >>> problems = []
    >>> [read_quantity(text, "f.csv", 2, "q", problems) for text in ("12,5", "<  Seuil", "")]
    [12.5, '< seuil', None]
    >>> read_quantity("beaucoup", "f.csv", 3, "q", problems); print(problems[0])
    f.csv, row 3, column q: 'beaucoup' is not a number; write a number such as 1234,5, the \
literal '< seuil', or leave the cell empty
    """
    if not text:
        return None
    if " ".join(text.lower().replace("<", "< ").split()) == BELOW_THRESHOLD:
        return BELOW_THRESHOLD
    try:
        value = parse_number(text)
    except CellError:
        problems.append(
            Problem(
                label,
                row,
                column,
                text,
                "is not a number; write a number such as 1234,5, the literal '< seuil', or "
                "leave the cell empty",
            )
        )
        return None
    if value < 0 or not math.isfinite(value):
        problems.append(Problem(label, row, column, text, "must not be negative"))
        return None
    return value


def raise_problems(problems: list[Problem], source: str) -> None:
    """Raise every problem at once as a :class:`ValidationReport`, if there is any."""
    if problems:
        raise ValidationReport(problems, source)
