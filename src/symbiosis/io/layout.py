"""Lay a zone out as tables for writing: canonical headers and one row of values per record.

A column is written when it is required or when at least one record holds a value other than
the field's default, so a written zone is as narrow as its data allow and reads back equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from pydantic import BaseModel

from symbiosis.io.columns import Column, columns_of
from symbiosis.schemas import Zone

__all__ = ["Table", "table_frames", "zone_tables"]

#: Headers, then one list of values per record (None for an empty cell).
Table = tuple[list[str], list[list[Any]]]


def _value(record: BaseModel, column: Column, contaminant: str | None) -> Any:
    if column.month is not None:
        profile = getattr(record, "monthly_profile", None)
        return None if profile is None else profile[column.month]
    if contaminant is not None:
        return getattr(record, column.model_field).get(contaminant)
    value = getattr(record, column.model_field)
    if isinstance(value, tuple):
        return ";".join(value) if value else None
    return value


def _default(record: BaseModel, column: Column) -> Any:
    info = type(record).model_fields.get(column.model_field)
    if column.month is not None or info is None or info.default_factory is not None:
        return None
    return info.default


def _layout(records: list[BaseModel], table: str) -> Table:
    chosen: list[tuple[Column, str | None]] = []
    for column in columns_of(table):
        if column.model_field == "contaminants_mg_per_l":
            names = sorted(
                {name for record in records for name in getattr(record, column.model_field)}
            )
            chosen += [(column, name) for name in names]
        elif column.required or any(
            _value(record, column, None) not in (None, _default(record, column))
            for record in records
        ):
            chosen.append((column, None))
    headers = [
        f"contaminant_{name}_mg_per_l" if name is not None else column.name
        for column, name in chosen
    ]
    rows = [[_value(record, column, name) for column, name in chosen] for record in records]
    return headers, rows


def zone_tables(zone: Zone) -> dict[str, Table]:
    """Every table of a zone, ready to be written.

    Parameters
    ----------
    zone : Zone

    Returns
    -------
    dict
        ``companies``, ``flows``, ``outside_parties``, ``parameters`` and ``zone`` (one row:
        name and description), each as (headers, rows).

    Examples
    --------
    >>> from symbiosis import load_example
    >>> headers, rows = zone_tables(load_example("toy"))["companies"]
    >>> headers
    ['id', 'name', 'sector_nace', 'latitude', 'longitude', 'staff', 'archetype']
    >>> rows[0]
    ['T1', 'Marée Alpha', '46.38', 50.72, 1.59, 25, 'mareyeur']
    """
    headers = ["name", "value", "unit", "source", "note"]
    parameters: list[list[Any]] = [
        [name, parameter.value, parameter.unit, parameter.source, parameter.note]
        for name, parameter in zone.parameters.items()
    ]
    if all(row[4] is None for row in parameters):
        headers, parameters = headers[:4], [row[:4] for row in parameters]
    return {
        "companies": _layout(list(zone.companies), "companies"),
        "flows": _layout(list(zone.flows), "flows"),
        "outside_parties": _layout(list(zone.outside_parties), "outside_parties"),
        "parameters": (headers, parameters),
        "zone": (["name", "description"], [[zone.name, zone.description]]),
    }


def table_frames(tables: Mapping[str, Table]) -> dict[str, pd.DataFrame]:
    """Tables as DataFrames for :func:`symbiosis.io.spreadsheet.write_sheets`, values kept as
    they are (``object`` columns: an integer stays an integer, ``None`` an empty cell).

    Examples
    --------
    >>> frames = table_frames({"zone": (["name", "description"], [["toy", None]])})
    >>> frames["zone"].to_dict("records")
    [{'name': 'toy', 'description': None}]
    """
    return {
        name: pd.DataFrame(rows, columns=headers, dtype=object)
        for name, (headers, rows) in tables.items()
    }
