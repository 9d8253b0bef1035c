"""Score components of candidates, each in [0, 1], and their weighted sum.

Every component depends on its own row only, so a candidate's score does not move when other
flows are added to the zone:

=================== ===============================================================
``score_quantity``  ``demand_share``: the share of the demand covered
``score_distance``  ``1 − distance_km / max_distance_km``, clipped to [0, 1]
``score_overlap``   ``monthly_overlap = Σ_m min(supply share_m, demand share_m)``
                    (a flow without profile is flat, 1/12 a month; an outside party
                    supplies whenever asked, so its overlap is 1)
``score_saving``    ``s / (s + s_ref)`` with ``s = max(net saving, 0)`` and
                    ``s_ref = saving_reference_eur_per_yr`` (a saving of s_ref scores 0.5)
``score_co2e``      ``c / (c + c_ref)`` with ``c = max(CO2e avoided, 0)`` and
                    ``c_ref = co2e_reference_t_per_yr``
``score_confidence`` ``confidence``: product of the two flows' provenance (measured
                    1.0, estimated 0.7, assumed 0.4; an outside party counts 1.0)
=================== ===============================================================

``score = Σ_k w_k × score_k`` with the normalised ``MatchConfig.weights``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.matching.config import SCORE_COMPONENTS, MatchConfig

__all__ = ["SCORE_COLUMNS", "monthly_overlap", "saturating", "score_components"]

FloatArray = npt.NDArray[np.float64]

#: The score columns of ``MatchResult.exchanges``.
SCORE_COLUMNS: tuple[str, ...] = tuple(f"score_{name}" for name in SCORE_COMPONENTS)

_CHUNK = 200_000


def saturating(value: npt.ArrayLike, reference: float) -> FloatArray:
    """``v / (v + reference)`` for positive ``v``, 0 otherwise: 0.5 at the reference, below 1.

    Examples
    --------
    >>> saturating([0.0, 10_000.0, 30_000.0, -5.0], 10_000.0).tolist()
    [0.0, 0.5, 0.75, 0.0]
    """
    positive = np.maximum(np.asarray(value, dtype=float), 0.0)
    return np.asarray(positive / (positive + reference), dtype=float)


def monthly_overlap(
    profiles: FloatArray, supply_idx: npt.NDArray[np.int64], demand_idx: npt.NDArray[np.int64]
) -> FloatArray:
    """``Σ_m min(p_supply,m, p_demand,m)`` per pair; 1 where the supply index is -1 (outside).

    Parameters
    ----------
    profiles : array, shape (n_flows, 12)
        Monthly shares of each flow, each row summing to 1.
    supply_idx, demand_idx : integer arrays
        Rows of the supply and demand flows of each pair.

    Examples
    --------
    >>> flat = np.full(12, 1 / 12)
    >>> summer = np.r_[np.zeros(6), np.full(6, 1 / 6)]
    >>> monthly_overlap(np.vstack([flat, summer]), np.array([0, -1]), np.array([1, 1])).round(3)
    array([0.5, 1. ])
    """
    overlap = np.ones(len(supply_idx), dtype=float)
    company = np.flatnonzero(supply_idx >= 0)
    # Most flows have no profile (flat): two equal flat profiles overlap by their own sum,
    # computed once per flow, summed exactly as the pairs are.
    first_month = profiles[:, 0]
    flat = np.all(profiles == first_month[:, None], axis=1)
    own_sum = np.ascontiguousarray(profiles).sum(axis=1)
    supply, demand = supply_idx[company], demand_idx[company]
    same_flat = flat[supply] & flat[demand] & (first_month[supply] == first_month[demand])
    overlap[company[same_flat]] = own_sum[supply[same_flat]]
    company = company[~same_flat]
    for start in range(0, len(company), _CHUNK):
        rows = company[start : start + _CHUNK]
        overlap[rows] = np.minimum(profiles[supply_idx[rows]], profiles[demand_idx[rows]]).sum(
            axis=1
        )
    return np.clip(overlap, 0.0, 1.0)


def score_components(candidates: pd.DataFrame, config: MatchConfig) -> pd.DataFrame:
    """The six score components and the weighted ``score`` of each candidate.

    Parameters
    ----------
    candidates : pandas.DataFrame
        Needs ``demand_share``, ``distance_km``, ``max_distance_km``, ``monthly_overlap``,
        ``net_saving_eur_per_yr``, ``co2e_avoided_t_per_yr`` and ``confidence``.

    Returns
    -------
    pandas.DataFrame
        :data:`SCORE_COLUMNS` and ``score``, each in [0, 1].
    """
    distance = candidates["distance_km"].to_numpy(dtype=float)
    limit = candidates["max_distance_km"].to_numpy(dtype=float)
    scores = pd.DataFrame(
        {
            "score_quantity": np.clip(candidates["demand_share"].to_numpy(dtype=float), 0, 1),
            "score_distance": np.clip(1.0 - distance / limit, 0.0, 1.0),
            "score_overlap": np.clip(candidates["monthly_overlap"].to_numpy(dtype=float), 0, 1),
            "score_saving": saturating(
                candidates["net_saving_eur_per_yr"], config.saving_reference_eur_per_yr
            ),
            "score_co2e": saturating(
                candidates["co2e_avoided_t_per_yr"], config.co2e_reference_t_per_yr
            ),
            "score_confidence": np.clip(candidates["confidence"].to_numpy(dtype=float), 0, 1),
        },
        index=candidates.index,
    )
    weights = np.array([config.weights[name] for name in SCORE_COMPONENTS])
    scores["score"] = np.clip(scores[list(SCORE_COLUMNS)].to_numpy() @ weights, 0.0, 1.0)
    return scores
