"""What the optimiser may choose: a match result checked against its zone.

The exchange and pool tables follow docs/tables.md; :func:`prepare_options` keeps the
candidates the model may use, with the cost split of each (variable part per unit moved, fixed
part per connection built) and each pool's yearly benefit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from symbiosis.catalogue.quality import concentration_parameters
from symbiosis.errors import InputError
from symbiosis.plan_indicators import annualisation_factor
from symbiosis.schemas import Zone
from symbiosis.tables import flows_table, split_ids

__all__ = [
    "EXCHANGE_COLUMNS",
    "POOL_COLUMNS",
    "Options",
    "is_missing",
    "prepare_options",
]

#: Columns of ``MatchResult.exchanges`` the optimiser reads (docs/tables.md).
EXCHANGE_COLUMNS = (
    "opportunity_id",
    "kind",
    "supplier_id",
    "supplier_is_outside",
    "supply_flow_id",
    "receiver_id",
    "demand_flow_id",
    "supply_resource",
    "demand_resource",
    "family",
    "unit",
    "quantity_per_yr",
    "supply_share",
    "investment_eur",
    "annualised_investment_eur_per_yr",
    "feasible",
    "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr",
)

#: Columns of ``MatchResult.pools`` the optimiser reads (docs/tables.md).
POOL_COLUMNS = (
    "pool_id",
    "resource",
    "pool_kind",
    "member_ids",
    "flow_ids",
    "quantity_per_yr",
    "unit",
    "saving_eur_per_yr",
    "investment_eur",
    "co2e_avoided_t_per_yr",
)


@dataclass(frozen=True, eq=False)
class Options:
    """What the optimiser may choose, read from a match result.

    Attributes
    ----------
    candidates : pandas.DataFrame
        Admitted exchange candidates sorted by ``opportunity_id``, with the exchange columns
        plus ``variable_eur_per_yr`` (net saving + annualised investment at the full quantity
        [EUR/yr]), ``fixed_eur_per_yr`` (annualised investment [EUR/yr]), ``has_fixed_cost``
        and ``blended`` (admitted only because contaminants may be diluted).
    pools : pandas.DataFrame
        Pools sorted by ``pool_id`` with ``benefit_eur_per_yr`` (what the members save each year
        compared with today, see :func:`prepare_options`), ``annualised_investment_eur_per_yr``
        and ``flow_list`` (list of flow ids).
    rejected : pandas.DataFrame
        Candidates the matcher found infeasible (for explanations).
    """

    candidates: pd.DataFrame
    pools: pd.DataFrame
    rejected: pd.DataFrame

    @property
    def empty(self) -> bool:
        """True when there is nothing to choose."""
        return self.candidates.empty and self.pools.empty


def _missing(table: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise InputError(
            f"{name} is missing column(s) {', '.join(missing)}; pass the table made by "
            "symbiosis.match (columns in docs/tables.md)"
        )


def _numbers(table: pd.DataFrame, columns: Sequence[str], id_column: str, name: str) -> None:
    problems = []
    for column in columns:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = table.loc[values.isna() | ~np.isfinite(values.astype(float)), id_column]
        problems += [f"{name} {row_id}: {column} is missing or not finite" for row_id in bad]
    if problems:
        raise InputError("; ".join(problems) + "; fix the match result before optimising")


def _boolean(series: pd.Series) -> pd.Series:
    """True where the cell is True; NA and anything else is False."""
    return series.astype("boolean").fillna(False).astype(bool)


def is_missing(value: object) -> bool:
    """True for None, NA and NaN."""
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _blendable(exchanges: pd.DataFrame, flows: pd.DataFrame) -> pd.Series:
    """Rejected candidates whose only failed checks are contaminant limits with known sources."""
    check_columns = [column for column in exchanges.columns if column.startswith("check_")]
    concentration_of_check = {
        parameter.check_column: parameter.supply_field
        for parameter in concentration_parameters().values()
    }
    failed_other = pd.Series(False, index=exchanges.index)
    failed_contaminant = pd.Series(False, index=exchanges.index)
    known = pd.Series(True, index=exchanges.index)
    for column in check_columns:
        failed = ~_boolean(exchanges[column]) & exchanges[column].notna()
        if column in concentration_of_check:
            failed_contaminant |= failed
            concentration_column = concentration_of_check[column]
            concentration = exchanges["supply_flow_id"].map(flows[concentration_column])
            known &= ~failed | concentration.notna()
        else:
            failed_other |= failed
    return (exchanges["family"] == "water") & failed_contaminant & ~failed_other & known


def prepare_options(
    zone: Zone, exchanges: pd.DataFrame, pools: pd.DataFrame, allow_blending: bool = False
) -> Options:
    """Check a match result against the zone and keep what the optimiser may choose.

    Candidates: the feasible ones (plus, with ``allow_blending``, water candidates rejected
    only for a contaminant limit whose source concentration is known), with a positive
    quantity. Pools: all of them. A pool's yearly benefit against today is its
    ``net_saving_eur_per_yr`` when the table has it (``symbiosis.match`` adds it: the members'
    gross saving minus the pooled cost, network annualised); otherwise ``saving_eur_per_yr``
    minus ``investment_eur`` annualised with the zone's ``discount_rate`` and
    ``pipe_lifetime_yr`` (:func:`symbiosis.plan_indicators.annualisation_factor`).

    Raises
    ------
    InputError
        A column is missing, a number is missing, an id is repeated, or a flow id is not a flow
        of the zone.
    """
    _missing(exchanges, EXCHANGE_COLUMNS, "MatchResult.exchanges")
    _missing(pools, POOL_COLUMNS, "MatchResult.pools")
    flows = flows_table(zone).set_index("id")
    for name, table, id_column in (
        ("exchanges", exchanges, "opportunity_id"),
        ("pools", pools, "pool_id"),
    ):
        repeated = sorted(table.loc[table[id_column].duplicated(), id_column].astype(str))
        if repeated:
            raise InputError(f"{name}: {id_column} {', '.join(repeated)} repeated; ids are unique")

    feasible = _boolean(exchanges["feasible"])
    admitted = feasible | (_blendable(exchanges, flows) if allow_blending else False)
    if "existing" in exchanges:
        # Today's trade is not an option: it is what the zone already does.
        admitted &= ~_boolean(exchanges["existing"])
    # Heat pumps (MatchConfig.heat_pumps) lift heat uphill, which the temperature intervals of
    # the plan do not represent: they are shown by match and not chosen yet.
    admitted &= (exchanges["kind"].astype(str) != "heat_pump").to_numpy(dtype=bool)
    candidates = exchanges.loc[admitted].copy()
    rejected = exchanges.loc[~feasible].copy()
    numeric = [
        "quantity_per_yr",
        "investment_eur",
        "annualised_investment_eur_per_yr",
        "net_saving_eur_per_yr",
        "co2e_avoided_t_per_yr",
    ]
    _numbers(candidates, numeric, "opportunity_id", "exchange")
    for column in numeric:
        candidates[column] = pd.to_numeric(candidates[column]).astype(float)
    candidates = candidates.loc[candidates["quantity_per_yr"] > 0]
    unknown = [
        f"{row_id} names {role} flow {flow_id!r}"
        for role, column in (("supply", "supply_flow_id"), ("demand", "demand_flow_id"))
        for row_id, flow_id in candidates[["opportunity_id", column]].itertuples(index=False)
        if not is_missing(flow_id) and flow_id not in flows.index
    ]
    if unknown:
        raise InputError(
            "exchanges: " + "; ".join(unknown) + ", which is not in the zone; match the same zone"
        )
    candidates["blended"] = ~_boolean(candidates["feasible"])
    candidates["has_fixed_cost"] = (candidates["investment_eur"] > 0) | (
        candidates["annualised_investment_eur_per_yr"] > 0
    )
    candidates["fixed_eur_per_yr"] = candidates["annualised_investment_eur_per_yr"]
    candidates["variable_eur_per_yr"] = (
        candidates["net_saving_eur_per_yr"] + candidates["annualised_investment_eur_per_yr"]
    )
    candidates = candidates.sort_values("opportunity_id", kind="stable").reset_index(drop=True)

    pools = pools.copy()
    _numbers(
        pools,
        ["quantity_per_yr", "saving_eur_per_yr", "investment_eur", "co2e_avoided_t_per_yr"],
        "pool_id",
        "pool",
    )
    for column in (
        "quantity_per_yr",
        "saving_eur_per_yr",
        "investment_eur",
        "co2e_avoided_t_per_yr",
    ):
        pools[column] = pd.to_numeric(pools[column]).astype(float)
    pools["flow_list"] = [sorted(set(split_ids(cell))) for cell in pools["flow_ids"]]
    unknown = [
        f"pool {pool_id} names flow {flow_id!r}"
        for pool_id, flow_list in pools[["pool_id", "flow_list"]].itertuples(index=False)
        for flow_id in flow_list
        if flow_id not in flows.index
    ]
    if unknown:
        raise InputError("; ".join(unknown) + ", which is not in the zone; match the same zone")
    factor = annualisation_factor(zone)
    pools["annualised_investment_eur_per_yr"] = pools["investment_eur"] * factor
    fallback = pools["saving_eur_per_yr"] - pools["annualised_investment_eur_per_yr"]
    if "net_saving_eur_per_yr" in pools.columns:
        # The matcher's own figure against today, its network already annualised.
        stated = pd.to_numeric(pools["net_saving_eur_per_yr"], errors="coerce")
        pools["benefit_eur_per_yr"] = stated.fillna(fallback).astype(float)
    else:
        pools["benefit_eur_per_yr"] = fallback
    pools = pools.sort_values("pool_id", kind="stable").reset_index(drop=True)
    return Options(candidates=candidates, pools=pools, rejected=rejected)
