"""Columns of the matcher's working tables, with text carried as categorical codes.

Candidates repeat a few rule ids, resources and companies many times over. While the matcher
filters and reorders them, text columns are :class:`pandas.Categorical`: taking rows moves
integer codes, and a property of a label (a rule's kind, a resource's price) is looked up once
per distinct label. The text is written once, for the rows kept, by :func:`output_rows`.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.extensions import ExtensionArray

__all__ = [
    "Column",
    "Ordering",
    "array_of",
    "is_one_of",
    "labels",
    "labels_at",
    "output_rows",
    "rows",
]

#: A column without its index: a numpy array, or a pandas array (categorical, nullable boolean,
#: text).
Column: TypeAlias = npt.NDArray[Any] | ExtensionArray


def labels(values: pd.Series | npt.NDArray[np.object_]) -> pd.Categorical:
    """A text column as a categorical, categories sorted (missing stays missing).

    Examples
    --------
    >>> column = labels(pd.Series(["heat", "water", "heat", None], dtype="str"))
    >>> column.codes.tolist(), list(column.categories)
    ([0, 1, 0, -1], ['heat', 'water'])
    """
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    codes, uniques = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(
        codes, categories=pd.Index(uniques, dtype="str"), validate=False
    )


def labels_at(flow_labels: pd.Categorical, positions: npt.NDArray[np.integer]) -> pd.Categorical:
    """The labels at ``positions`` (e.g. the demand flow of each candidate), same categories."""
    return pd.Categorical.from_codes(flow_labels.codes[positions], dtype=flow_labels.dtype)


def is_one_of(column: pd.Categorical, wanted: list[str]) -> npt.NDArray[np.bool_]:
    """Whether each label is one of ``wanted``, decided once per category (missing: False).

    Examples
    --------
    >>> is_one_of(pd.Categorical(["a", "b", None, "c"]), ["a", "c"]).tolist()
    [True, False, False, True]
    """
    per_category = np.append(column.categories.isin(wanted), False)
    return np.asarray(per_category[column.codes], dtype=bool)


def array_of(values: pd.Series) -> Column:
    """The values of a column without its index: numpy for numpy dtypes, else the pandas array."""
    if isinstance(values.dtype, np.dtype):
        return values.to_numpy()
    return values.array


def rows(values: Column, positions: npt.NDArray[np.int64]) -> Column:
    """The rows ``positions`` of a column (a categorical stays one)."""
    if isinstance(values, np.ndarray):
        return values[positions]
    return values.take(positions)


def output_rows(values: Column, positions: npt.NDArray[np.int64]) -> Column:
    """The rows ``positions`` of a column as a result table holds it: categoricals as text.

    Examples
    --------
    >>> output_rows(pd.Categorical(["pipe", "truck", None]), np.array([2, 1])).tolist()
    [nan, 'truck']
    """
    if isinstance(values, pd.Categorical):
        return _as_text(values, values.codes[positions])
    return rows(values, positions)


def _as_text(column: pd.Categorical, codes: npt.NDArray[np.integer]) -> ExtensionArray:
    """The labels of ``codes`` among the categories of ``column``, as text (-1: missing)."""
    text = pd.array(np.asarray(column.categories, dtype=object), dtype="str")
    return text.take(codes, allow_fill=True)


class Ordering:
    """A new order of all the rows of equally long columns, applied to many columns.

    ``Ordering(order).output(column)`` is ``output_rows(column, order)``. Numbers are moved by
    scattering each row to its new place rather than gathering each new row from its old place:
    reads in sequence, writes at random, which a processor does much faster than random reads
    when the columns do not fit in its cache.

    Examples
    --------
    >>> ordering = Ordering(np.array([2, 0, 1]))
    >>> ordering.output(np.array([10.0, 20.0, 30.0])).tolist()
    [30.0, 10.0, 20.0]
    >>> ordering.output(pd.Categorical(["a", "b", None])).tolist()
    [nan, 'a', 'b']
    """

    def __init__(self, order: npt.NDArray[np.intp]) -> None:
        self.order = order
        self.destination = np.empty_like(order)
        self.destination[order] = np.arange(len(order))

    def _moved(self, values: npt.NDArray[Any]) -> npt.NDArray[Any]:
        moved = np.empty_like(values)
        moved[self.destination] = values
        return moved

    def output_all(self, columns: dict[str, Column]) -> dict[str, Column]:
        """:meth:`output` of every column; the float columns share one block of memory.

        One large allocation instead of one per column: fresh memory is what costs most here.
        """
        floats = [
            name
            for name, values in columns.items()
            if isinstance(values, np.ndarray) and values.dtype == np.float64
        ]
        block = np.empty((len(floats), len(self.order)))
        for row, name in zip(block, floats, strict=True):
            row[self.destination] = columns[name]
        moved = dict(zip(floats, block, strict=True))
        return {
            name: moved[name] if name in moved else self.output(values)
            for name, values in columns.items()
        }

    def output(self, values: Column) -> Column:
        """The column in the new order, categoricals as text ("str" dtype)."""
        if isinstance(values, np.ndarray):
            return self._moved(values)
        if isinstance(values, pd.Categorical):
            return _as_text(values, self._moved(values.codes))
        if isinstance(values, pd.arrays.BooleanArray):
            known = values.to_numpy(dtype=bool, na_value=False)
            return pd.arrays.BooleanArray(
                self._moved(known), self._moved(np.asarray(values.isna()))
            )
        return values.take(self.order)
