"""The matcher's working table: one column per name over the candidate pairs, rows kept lazily.

:func:`~symbiosis.matching.match` adds columns step by step (fields, quantities, checks,
money, scores). After the checks most rows may be dropped: :meth:`Candidates.keep` records
which rows stay, and a column of the pairs is taken at those rows only when a later step reads
it, once. Text columns are categoricals (:mod:`~symbiosis.matching.labels`) until the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableMapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.matching.labels import Column, Ordering, rows

__all__ = ["Candidates"]


class Candidates(MutableMapping[str, Column]):
    """Equally long columns by name: the candidate pairs as the matcher works on them.

    Examples
    --------
    >>> table = Candidates({"quantity_per_yr": np.array([5.0, 0.0, 7.0])})
    >>> table["score"] = np.array([0.5, 0.1, 0.9])
    >>> table.keep(np.array([0, 2]))
    >>> table["quantity_per_yr"].tolist(), len(table)
    ([5.0, 7.0], 2)
    """

    def __init__(self, columns: dict[str, Column]) -> None:
        self._pairs = columns
        self._kept: npt.NDArray[np.int64] | None = None
        self._columns: dict[str, Column] = dict(columns)

    def __len__(self) -> int:
        if self._kept is not None:
            return len(self._kept)
        return len(next(iter(self._columns.values()))) if self._columns else 0

    def __contains__(self, name: object) -> bool:
        return name in self._columns or name in self._pairs

    def __iter__(self) -> Iterator[str]:
        return iter([*self._pairs, *(name for name in self._columns if name not in self._pairs)])

    def __getitem__(self, name: str) -> Column:
        if name not in self._columns:
            # A column of the pairs, read for the first time since rows were dropped: taken at
            # the kept rows, and the whole column freed.
            assert self._kept is not None, name
            self._columns[name] = rows(self._pairs.pop(name), self._kept)
        return self._columns[name]

    def __setitem__(self, name: str, values: Column) -> None:
        if len(values) != len(self):
            raise ValueError(f"column {name} has {len(values)} rows, the table {len(self)}")
        self._columns[name] = values

    def __delitem__(self, name: str) -> None:
        self._columns.pop(name, None)
        self._pairs.pop(name, None)

    def keep(self, positions: npt.NDArray[np.int64], columns: Iterable[str] | None = None) -> None:
        """Keep the rows ``positions`` only, and only ``columns`` (all when None).

        A column is taken at the kept rows when a later step reads it; the others are freed.
        """
        if self._kept is not None:
            raise RuntimeError("rows were already dropped once")
        self._kept = positions
        every = {**self._pairs, **self._columns}
        wanted = every if columns is None else [name for name in columns if name in every]
        self._pairs = {name: every[name] for name in wanted}
        self._columns = {}

    def frame(self, names: Iterable[str]) -> pd.DataFrame:
        """The named columns as a DataFrame (no copy), for the steps that read tables."""
        return pd.DataFrame({name: self[name] for name in names}, copy=False)

    def in_order(self, names: Iterable[str], ordering: Ordering) -> dict[str, Column]:
        """The named columns in the order ``ordering``, categoricals as text."""
        return ordering.output_all({name: self[name] for name in names})
