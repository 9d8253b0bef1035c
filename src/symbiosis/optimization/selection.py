"""Rows of ``Plan.selected``: each option at the share the optimiser chose."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import get_resource
from symbiosis.matching.conditions import CONDITION_SEPARATOR, pool_condition_text
from symbiosis.optimization.options import Options
from symbiosis.plan_indicators import annualisation_factor, payback_yr
from symbiosis.schemas import Zone
from symbiosis.tables import split_ids

__all__ = ["SELECTED_COLUMNS", "selection_table"]

FloatArray = npt.NDArray[np.float64]

#: Columns of ``Plan.selected``, in order (docs/tables.md, plus the resources of both ends, the
#: candidate's own quantity and the annualised investment).
SELECTED_COLUMNS = [
    "opportunity_id",
    "kind",
    "supplier_id",
    "receiver_id",
    "supply_flow_id",
    "demand_flow_id",
    "resource",
    "supply_resource",
    "demand_resource",
    "family",
    "unit",
    "quantity_per_yr",
    "candidate_quantity_per_yr",
    "built",
    "net_benefit_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "investment_eur",
    "annualised_investment_eur_per_yr",
    "water_m3_per_yr",
    "material_t_per_yr",
    "heat_mwh_per_yr",
    "simple_payback_yr",
    "npv_eur",
    "conditions",
    "n_conditions",
]


_FAMILY_COLUMNS = {
    "water": "water_m3_per_yr",
    "material": "material_t_per_yr",
    "heat": "heat_mwh_per_yr",
}


def _joined(values: Sequence[str]) -> str | None:
    return ";".join(values) if values else None


def _pool_conditions(candidates: pd.DataFrame, pools: pd.DataFrame) -> list[str]:
    """The conditions of each pool (:func:`~symbiosis.matching.conditions.pool_condition_text`)."""
    known = candidates.get("conditions", pd.Series("", index=candidates.index)).fillna("")
    of_opportunity = dict(zip(candidates["opportunity_id"].astype(str), known, strict=True))
    opportunity_ids = pools.get("opportunity_ids", pd.Series("", index=pools.index))
    return [
        pool_condition_text(kind, resource, [of_opportunity.get(i, "") for i in split_ids(cell)])
        for cell, kind, resource in zip(
            opportunity_ids, pools["pool_kind"], pools["resource"], strict=True
        )
    ]


def selection_table(
    zone: Zone,
    options: Options,
    share: FloatArray,
    built: npt.NDArray[np.bool_],
    pool_chosen: npt.NDArray[np.bool_],
) -> pd.DataFrame:
    """Rows of every option at the given shares, in the columns of ``Plan.selected``.

    Parameters
    ----------
    share : numpy.ndarray
        Share of each candidate's quantity that moves, 0–1.
    built : numpy.ndarray of bool
        Per candidate: its fixed-cost connection is built (ignored where it has none).
    pool_chosen : numpy.ndarray of bool
        Per pool: it is set up.

    Returns
    -------
    pandas.DataFrame
        One row per candidate, then per pool, unsorted and unfiltered.
    """
    candidates = options.candidates
    pays_fixed = candidates["has_fixed_cost"].to_numpy() & built
    exchange_rows = pd.DataFrame(
        {
            "opportunity_id": candidates["opportunity_id"].astype(str),
            "kind": candidates["kind"],
            "supplier_id": candidates["supplier_id"],
            "receiver_id": candidates["receiver_id"],
            "supply_flow_id": candidates["supply_flow_id"],
            "demand_flow_id": candidates["demand_flow_id"],
            "resource": candidates["supply_resource"],
            "supply_resource": candidates["supply_resource"],
            "demand_resource": candidates["demand_resource"],
            "family": candidates["family"],
            "unit": candidates["unit"],
            "quantity_per_yr": candidates["quantity_per_yr"].to_numpy() * share,
            "candidate_quantity_per_yr": candidates["quantity_per_yr"],
            "built": (candidates["has_fixed_cost"].to_numpy() & built)
            | ~candidates["has_fixed_cost"].to_numpy(dtype=bool),
            "net_benefit_eur_per_yr": candidates["variable_eur_per_yr"].to_numpy() * share
            - np.where(pays_fixed, candidates["fixed_eur_per_yr"].to_numpy(), 0.0),
            "co2e_avoided_t_per_yr": candidates["co2e_avoided_t_per_yr"].to_numpy() * share,
            "investment_eur": np.where(pays_fixed, candidates["investment_eur"].to_numpy(), 0.0),
            "annualised_investment_eur_per_yr": np.where(
                pays_fixed, candidates["fixed_eur_per_yr"].to_numpy(), 0.0
            ),
            # A table written by hand may have no conditions: none known.
            "conditions": candidates.get("conditions", pd.Series("", index=candidates.index))
            .fillna("")
            .astype(str),
            "n_conditions": candidates.get("n_conditions", pd.Series(0, index=candidates.index))
            .fillna(0)
            .astype(np.int64),
        }
    )
    pools = options.pools
    pool_conditions = _pool_conditions(candidates, pools)
    direction = {flow.id: flow.direction for flow in zone.flows}
    chosen = pool_chosen.astype(float)
    pool_rows = pd.DataFrame(
        {
            "opportunity_id": pools["pool_id"].astype(str),
            "kind": "pool",
            "supplier_id": pools["pool_id"].astype(str),
            "receiver_id": pools["member_ids"],
            "supply_flow_id": [
                _joined([f for f in flow_list if direction[f] == "supply"])
                for flow_list in pools["flow_list"]
            ],
            "demand_flow_id": [
                _joined([f for f in flow_list if direction[f] == "demand"])
                for flow_list in pools["flow_list"]
            ],
            "resource": pools["resource"],
            "supply_resource": pools["resource"],
            "demand_resource": pools["resource"],
            "family": [get_resource(resource).family for resource in pools["resource"]],
            "unit": pools["unit"],
            "quantity_per_yr": pools["quantity_per_yr"].to_numpy() * chosen,
            "candidate_quantity_per_yr": pools["quantity_per_yr"],
            "built": pool_chosen,
            "net_benefit_eur_per_yr": pools["benefit_eur_per_yr"].to_numpy() * chosen,
            "co2e_avoided_t_per_yr": pools["co2e_avoided_t_per_yr"].to_numpy() * chosen,
            "investment_eur": pools["investment_eur"].to_numpy() * chosen,
            "annualised_investment_eur_per_yr": pools["annualised_investment_eur_per_yr"].to_numpy()
            * chosen,
            "conditions": pool_conditions,
            "n_conditions": [
                len(text.split(CONDITION_SEPARATOR)) if text else 0 for text in pool_conditions
            ],
        }
    )
    parts = [part for part in (exchange_rows, pool_rows) if not part.empty]
    table = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame(
            columns=[c for c in SELECTED_COLUMNS if c not in _FAMILY_COLUMNS.values()]
        )
    )
    for family, column in _FAMILY_COLUMNS.items():
        table[column] = np.where(
            table["family"] == family, table["quantity_per_yr"].astype(float), 0.0
        )
    table["built"] = table["built"].astype(bool)
    net = table["net_benefit_eur_per_yr"].astype(float).to_numpy()
    annualised = table["annualised_investment_eur_per_yr"].astype(float).to_numpy()
    investment = table["investment_eur"].astype(float).to_numpy()
    table["simple_payback_yr"] = [
        payback_yr(float(cost), float(cash))
        for cost, cash in zip(investment, net + annualised, strict=True)
    ]
    # The yearly net benefit already repays the investment (annuity): over the horizon of the
    # annuity, its present value is net / capital recovery factor.
    table["npv_eur"] = net / annualisation_factor(zone)
    table["n_conditions"] = table["n_conditions"].astype(np.int64)
    return table[SELECTED_COLUMNS]
