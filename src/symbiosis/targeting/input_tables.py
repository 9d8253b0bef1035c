"""Checks shared by the water and heat targeting inputs: columns, ids and numbers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from symbiosis.errors import InputError

__all__ = ["checked_numeric_table"]


def checked_numeric_table(
    table: pd.DataFrame,
    name: str,
    record: str,
    numeric_columns: Sequence[str],
    *,
    text_columns: Sequence[str] = (),
    reserved_ids: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[str]]:
    """A copy of ``table`` with an ``id`` column, float numeric columns, and the problems found.

    Parameters
    ----------
    table : pandas.DataFrame
        The user's table.
    name, record : str
        How messages call the table (``'sinks'``) and one of its rows (``'sink'``).
    numeric_columns : sequence of str
        Columns that must hold finite numbers; converted to float.
    text_columns : sequence of str
        Other columns that must be present, kept as they are.
    reserved_ids : sequence of str
        Ids the caller uses for itself (``'freshwater'``), refused in the table.

    Returns
    -------
    (pandas.DataFrame, list of str)
        The checked copy (``id``, the numeric then the text columns) and every problem in
        words; the caller adds its own and raises once.

    Raises
    ------
    InputError
        When a column is missing (nothing else can be checked then).

    Examples
    --------
    >>> table = pd.DataFrame({"id": ["A", "A"], "flow_t_per_h": ["5", "x"]})
    >>> _, problems = checked_numeric_table(table, "sinks", "sink", ["flow_t_per_h"])
    >>> for problem in problems:
    ...     print(problem)
    sinks: id 'A' appears 2 times; give each sink a unique id
    sink 'A': flow_t_per_h is missing or not a finite number; fill it in
    """
    columns = ["id", *numeric_columns, *text_columns]
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(
            f"{name} is missing column(s) {', '.join(repr(c) for c in missing)}; "
            f"expected columns: {', '.join(columns)}"
        )
    checked = table.loc[:, columns].copy()
    problems = []
    if checked["id"].isna().any():
        problems.append(f"{name}: some rows have no id; give every {record} an id")
    for reserved in reserved_ids:
        if (checked["id"].astype(str) == reserved).any():
            problems.append(
                f"{name}: id {reserved!r} is reserved for the {reserved} of the network; "
                f"rename that {record}"
            )
    counts = checked["id"].value_counts()
    for repeated, count in counts[counts > 1].items():
        problems.append(
            f"{name}: id {repeated!r} appears {count} times; give each {record} a unique id"
        )
    for column in numeric_columns:
        values = pd.to_numeric(checked[column], errors="coerce")
        for bad_id in checked.loc[values.isna() | ~np.isfinite(values), "id"]:
            problems.append(
                f"{record} {bad_id!r}: {column} is missing or not a finite number; fill it in"
            )
        checked[column] = values.astype(float)
    return checked, problems
