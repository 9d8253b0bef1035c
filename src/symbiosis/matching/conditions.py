"""The approvals and permits of each candidate, from the rules, the uses and the outlet rules.

``conditions`` lists them in words with their texts and articles (``'; '``-joined, '' for none)
and ``n_conditions`` counts them, so that opportunities can be ranked by how much paperwork they
need (``catalogue/conditions.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue.rules import exchange_conditions, pool_conditions

__all__ = ["CONDITION_SEPARATOR", "condition_columns", "pool_condition_text"]

#: What separates two conditions in the ``conditions`` column.
CONDITION_SEPARATOR = "; "


def condition_columns(
    candidates: pd.DataFrame,
) -> tuple[pd.Categorical, npt.NDArray[np.int64]]:
    """The ``conditions`` text and the ``n_conditions`` count of each candidate.

    Parameters
    ----------
    candidates : pandas.DataFrame
        ``rule_id``, ``supply_resource``, ``d_use`` (the demand's use), ``s_abp_category``
        (NaN for none) and ``s_hazardous`` (1.0 for a hazardous waste).

    Returns
    -------
    conditions : pandas.Categorical
        ``label (text and article)`` of each condition, joined by :data:`CONDITION_SEPARATOR`.
    n_conditions : numpy.ndarray of int
        How many conditions.
    """
    category = candidates["s_abp_category"].to_numpy(dtype=float)
    hazardous = candidates["s_hazardous"].to_numpy(dtype=float) > 0
    keys = pd.MultiIndex.from_arrays(
        [
            candidates["rule_id"].astype(object).to_numpy(),
            candidates["supply_resource"].astype(object).to_numpy(),
            candidates["d_use"].astype(object).to_numpy(),
            category,
            hazardous,
        ]
    )
    # One look-up per distinct combination: a zone has a few dozen.
    codes, distinct = pd.factorize(keys)
    texts: list[str] = []
    counts = np.zeros(len(distinct) + 1, dtype=np.int64)
    for position, (rule_id, resource, use, abp, danger) in enumerate(distinct):
        found = exchange_conditions(
            str(rule_id),
            str(resource),
            None if pd.isna(use) else str(use),
            None if np.isnan(abp) else int(abp),
            bool(danger),
        )
        texts.append(CONDITION_SEPARATOR.join(c.sentence() for c in found))
        counts[position] = len(found)
    categories = list(dict.fromkeys(["", *texts]))
    text_code = np.array([categories.index(text) for text in texts] + [0], dtype=np.int64)
    conditions = pd.Categorical.from_codes(
        text_code[codes], categories=pd.Index(categories, dtype="str")
    )
    return conditions, counts[codes]


def pool_condition_text(pool_kind: str, resource: str, member_conditions: Iterable[object]) -> str:
    """The conditions of a pool: its opportunities' and its own, each once, in that order.

    Parameters
    ----------
    pool_kind, resource : str
        Of the pool (``MatchResult.pools``): they give its own conditions
        (:func:`symbiosis.catalogue.rules.pool_conditions`).
    member_conditions : iterable
        The ``conditions`` cells of the exchanges it pools.
    """
    found = [
        condition
        for text in member_conditions
        for condition in str(text).split(CONDITION_SEPARATOR)
        if condition and text == text  # not NaN
    ]
    found += [condition.sentence() for condition in pool_conditions(pool_kind, resource)]
    return CONDITION_SEPARATOR.join(dict.fromkeys(found))
