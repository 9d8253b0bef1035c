"""The columns of each input table, as data: ``fields/<table>.csv`` beside this module.

One file per table of a zone (``companies``, ``flows``, ``outside_parties``, ``parameters``,
``zone``) and one row per column, in the order columns are written, in the spirit of PyPSA's
component attribute tables. The supply and limit fields of the quality parameters come from
``quality.yaml`` (the rows ``@quality.supply`` and ``@quality.limit``). The readers' headers,
the writers, the template's ``columns`` sheet and ``docs/inputs.md`` are built from these
files; ``fields/README.md`` says what each column of a file means and how to add a field.
Files are read once and cached.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources as package_files
from typing import Literal, cast, get_args

from symbiosis.catalogue.quality import quality_parameters
from symbiosis.errors import InputError

__all__ = ["TABLES", "Column", "Kind", "TableSpec", "demand_only_fields", "field_table"]

Kind = Literal[
    "id", "text", "nace", "ewc", "number", "integer", "share", "boolean", "choice", "list"
]

_HEADER = (
    "name",
    "kind",
    "unit",
    "required",
    "default",
    "field",
    "demand_only",
    "french",
    "english",
    "choices",
    "allowed",
    "example",
    "description",
)
_YES_NO = {"yes": True, "no": False, "": False}


@dataclass(frozen=True)
class TableSpec:
    """A table of a zone: its canonical name (a sheet, or ``<name>.csv``) and other names."""

    name: str
    aliases: tuple[str, ...]
    required: bool
    description: str


#: The tables of a zone, in the order they are written; each has a file ``fields/<name>.csv``.
TABLES: tuple[TableSpec, ...] = (
    TableSpec("companies", ("entreprises", "societes"), True, "one row per company (site)"),
    TableSpec("flows", ("flux",), True, "one row per flow into or out of a company"),
    TableSpec(
        "outside_parties",
        ("parties_exterieures", "exterieurs"),
        False,
        "the sea, networks, landfills, incinerators: sources and sinks outside the companies",
    ),
    TableSpec("parameters", ("parametres",), False, "prices and factors overriding defaults"),
    TableSpec("zone", (), False, "one row: the zone's name and description"),
)


@dataclass(frozen=True)
class Column:
    """One column of one table (a row of ``fields/<table>.csv``).

    Attributes
    ----------
    table, name : str
        Table and canonical column name (the unit is in the name once it is fixed).
    kind : str
        How a cell is read: ``id``, ``text``, ``nace``, ``ewc``, ``number``, ``integer``,
        ``share`` (a number, ``%`` allowed), ``boolean``, ``choice`` or ``list``.
    required : bool
        A table without this column cannot be read.
    unit : str
        Unit of the values, '' for text.
    french, english : tuple of str
        Other headers accepted for the column; the first French one is quoted in messages.
    example, description : str
        For the documentation sheet.
    choices : tuple of (str, tuple of str)
        For ``choice`` columns: each allowed value with the words accepted for it.
    field : str
        The model field filled ('' means the same as ``name``).
    allowed : str
        Allowed values in words, when the kind alone does not say it.
    default : str
        What an empty cell means, written as a cell ('' for nothing: no value, an empty list).
    demand_only : bool
        A requirement that only a demand may set (flows).
    """

    table: str
    name: str
    kind: Kind
    required: bool
    unit: str
    french: tuple[str, ...]
    english: tuple[str, ...]
    example: str
    description: str
    choices: tuple[tuple[str, tuple[str, ...]], ...] = ()
    field: str = ""
    allowed: str = ""
    default: str = ""
    demand_only: bool = False

    @property
    def model_field(self) -> str:
        """Name of the model field the column fills."""
        return self.field or self.name

    @cached_property
    def month(self) -> int | None:
        """0 for January ... 11 for December in a monthly-profile column, else None."""
        if self.model_field != "monthly_profile":
            return None
        return int(self.name[-2:]) - 1


def _words(text: str) -> tuple[str, ...]:
    """``'a; b'`` as ``('a', 'b')``."""
    return tuple(word.strip() for word in text.split(";") if word.strip())


def _choices(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``'supply: sortie, offre; demand: entrée'`` as ``(('supply', ('sortie', 'offre')), ...)``."""
    found = []
    for item in _words(text):
        value, _, words = item.partition(":")
        accepted = tuple(word.strip() for word in words.split(",") if word.strip())
        found.append((value.strip(), accepted))
    return tuple(found)


def _column(table: str, row: dict[str, str], where: str) -> Column:
    problems = []
    if row["kind"] not in get_args(Kind):
        problems.append(f"kind {row['kind']!r} is not one of {', '.join(get_args(Kind))}")
    for flag in ("required", "demand_only"):
        if row[flag] not in _YES_NO:
            problems.append(f"{flag} must be yes or no, not {row[flag]!r}")
    if bool(row["choices"]) != (row["kind"] == "choice"):
        problems.append("a choice column needs choices, and only a choice column has them")
    if not row["description"]:
        problems.append("describe the column")
    if problems:
        raise InputError(f"{where}: {'; '.join(problems)}")
    return Column(
        table=table,
        name=row["name"],
        kind=cast(Kind, row["kind"]),
        required=_YES_NO[row["required"]],
        unit=row["unit"],
        french=_words(row["french"]),
        english=_words(row["english"]),
        example=row["example"],
        description=row["description"],
        choices=_choices(row["choices"]),
        field=row["field"],
        allowed=row["allowed"],
        default=row["default"],
        demand_only=_YES_NO[row["demand_only"]],
    )


@cache
def field_table(table: str) -> tuple[Column, ...]:
    """The columns of a table, in the order they are written, from ``fields/<table>.csv``.

    Parameters
    ----------
    table : str
        The name of one of :data:`TABLES`.

    Raises
    ------
    InputError
        When a row of the file is malformed (the message names the file and the line).

    Examples
    --------
    >>> [column.name for column in field_table("parameters")]
    ['name', 'value', 'unit', 'source', 'note']
    """
    names = [spec.name for spec in TABLES]
    if table not in names:
        raise InputError(f"{table!r} is not a table of a zone; the tables: {', '.join(names)}")
    name = f"fields/{table}.csv"
    text = package_files.files("symbiosis.catalogue").joinpath(name).read_text(encoding="utf-8")
    return _parse_field_table(table, name, text)


#: Rows standing for the supply or the limit field of every quality parameter (quality.yaml).
_QUALITY_ROWS = {"@quality.supply": "supply", "@quality.limit": "limit"}


def _quality_columns(table: str, row: dict[str, str], where: str) -> list[Column]:
    """The columns a ``@quality.supply`` or ``@quality.limit`` row stands for, in registry order."""
    side = _QUALITY_ROWS[row["name"]]
    columns = []
    for parameter in quality_parameters().values():
        field = parameter.supply if side == "supply" else parameter.limit
        described = {
            **row,
            "name": field.name,
            "unit": parameter.unit,
            "french": "; ".join(field.french),
            "english": "; ".join(field.english),
            "example": field.example,
            "description": field.description,
        }
        columns.append(_column(table, described, f"{where} ({parameter.id} in quality.yaml)"))
    return columns


def _parse_field_table(table: str, name: str, text: str) -> tuple[Column, ...]:
    # Lines starting with '#' are notes for a person reading the file; problems give the line
    # number a text editor shows, notes included.
    numbered = [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if not line.startswith("#")
    ]
    reader = csv.DictReader(line for _, line in numbered)
    if tuple(reader.fieldnames or ()) != _HEADER:
        raise InputError(f"{name}: the header must be {','.join(_HEADER)}")
    columns: list[Column] = []
    for row in reader:
        where = f"{name}, line {numbered[reader.line_num - 1][0]}"
        if row["name"] in _QUALITY_ROWS:
            columns += _quality_columns(table, row, where)
        else:
            columns.append(_column(table, row, where))
    return tuple(columns)


@cache
def demand_only_fields() -> tuple[str, ...]:
    """The flow fields only a demand may set, in file order.

    Examples
    --------
    >>> demand_only_fields()[:2]
    ('min_temperature_c', 'max_salinity_g_per_l')
    """
    return tuple(column.model_field for column in field_table("flows") if column.demand_only)
