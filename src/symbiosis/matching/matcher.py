"""`match`: build every candidate of a zone, check it, price it, score it, and find the pools.

The steps, each on whole columns: candidate pairs through the rules and a spatial index
(:mod:`~symbiosis.matching.candidates`), the quantity that can move (with the temperature
approach for heat), the checks (:mod:`~symbiosis.matching.checks`), money and CO2e
(:mod:`~symbiosis.matching.economics`), the scores (:mod:`~symbiosis.matching.scoring`) and the
pools (:mod:`~symbiosis.matching.pools`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import substitution_rules
from symbiosis.matching.candidates import candidate_pairs
from symbiosis.matching.checks import temperature_coverage
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.economics import Prices, economics, lookup
from symbiosis.matching.inputs import MatchInputs, match_inputs
from symbiosis.matching.pools import find_pools
from symbiosis.matching.progress import Progress
from symbiosis.matching.result import EXCHANGE_COLUMNS, MatchContext, MatchResult
from symbiosis.matching.rule_checks import run_checks
from symbiosis.matching.scoring import monthly_overlap, score_components
from symbiosis.schemas import Zone

__all__ = ["match"]

_AUTO_PROGRESS_FLOWS = 20_000

_SUPPLY_FIELDS = {
    "s_temperature_c": "temperature_c",
    "s_salinity_g_per_l": "salinity_g_per_l",
    "s_cod_mg_per_l": "cod_mg_per_l",
    "s_suspended_solids_mg_per_l": "suspended_solids_mg_per_l",
}
_DEMAND_FIELDS = [
    "max_salinity_g_per_l",
    "max_cod_mg_per_l",
    "max_suspended_solids_mg_per_l",
    "min_temperature_c",
    "supply_temperature_c",
    "target_temperature_c",
    "cost_eur_per_unit",
    "potable_required",
    "food_contact",
    "use",
]


def _take(values: npt.NDArray[np.float64], idx: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``values[idx]``, NaN where ``idx`` is -1."""
    taken = values[np.maximum(idx, 0)] if len(values) else np.full(len(idx), np.nan)
    return np.where(idx >= 0, taken, np.nan)


def _gather(pairs: pd.DataFrame, inputs: MatchInputs) -> pd.DataFrame:
    """Each pair with the supply (``s_*``) and demand (``d_*``) fields the checks read."""
    flows, outside = inputs.flows, inputs.outside
    supply = pairs["supply_idx"].to_numpy(dtype=np.int64)
    party = pairs["outside_idx"].to_numpy(dtype=np.int64)
    demand = pairs["demand_idx"].to_numpy(dtype=np.int64)
    table = pairs.copy()
    ids = flows["id"].to_numpy(dtype=object)
    table["supply_flow_id"] = pd.Series(
        np.where(supply >= 0, ids[np.maximum(supply, 0)] if len(ids) else None, None), dtype="str"
    )
    table["demand_flow_id"] = pd.Series(ids[demand], dtype="str")
    table["receiver_id"] = pd.Series(
        flows["company_id"].to_numpy(dtype=object)[demand], dtype="str"
    )
    for column, field in _SUPPLY_FIELDS.items():
        from_flow = _take(flows[field].to_numpy(dtype=float), supply)
        from_party = _take(outside[field].to_numpy(dtype=float), party)
        table[column] = np.where(supply >= 0, from_flow, from_party)
    for field in [
        "supply_temperature_c",
        "target_temperature_c",
        "cost_eur_per_unit",
        "annual_quantity",
    ]:
        table[f"s_{field}"] = _take(flows[field].to_numpy(dtype=float), supply)
    table["s_confidence"] = np.where(
        supply >= 0, _take(flows["confidence"].to_numpy(dtype=float), supply), 1.0
    )
    demand_rows = flows.iloc[demand].reset_index(drop=True)
    for field in _DEMAND_FIELDS:
        table[f"d_{field}"] = demand_rows[field].to_numpy()
    table["d_use"] = demand_rows["use"].astype("str").to_numpy()
    table["d_use"] = table["d_use"].where(demand_rows["use"].notna().to_numpy())
    for field in ["potable_required", "food_contact"]:
        table[f"d_{field}"] = pd.array(demand_rows[field], dtype="boolean")
    table["d_annual_quantity"] = demand_rows["annual_quantity"].to_numpy(dtype=float)
    table["d_confidence"] = demand_rows["confidence"].to_numpy(dtype=float)
    table["family"] = demand_rows["family"].astype("str").to_numpy()
    table["unit"] = demand_rows["canonical_unit"].astype("str").to_numpy()
    table["source_temperature_c"] = table["s_supply_temperature_c"].fillna(table["s_temperature_c"])
    table["demand_target_c"] = (
        table["d_target_temperature_c"]
        .astype(float)
        .fillna(table["d_min_temperature_c"].astype(float))
    )
    return table


def _quantities(candidates: pd.DataFrame, config: MatchConfig) -> pd.DataFrame:
    rules = substitution_rules()
    approach = (
        candidates["rule_id"]
        .isin([rid for rid, rule in rules.items() if rule.temperature_approach])
        .to_numpy()
    )
    demand_cover, supply_cover = temperature_coverage(
        candidates["source_temperature_c"].to_numpy(dtype=float),
        candidates["s_target_temperature_c"].to_numpy(dtype=float),
        candidates["d_supply_temperature_c"].to_numpy(dtype=float),
        candidates["demand_target_c"].to_numpy(dtype=float),
        config.dt_min_k,
    )
    demand_cover = np.where(approach, demand_cover, 1.0)
    supply_cover = np.where(approach, supply_cover, 1.0)
    outside = candidates["supplier_is_outside"].to_numpy(dtype=bool)
    supply_q = candidates["s_annual_quantity"].to_numpy(dtype=float)
    demand_q = candidates["d_annual_quantity"].to_numpy(dtype=float)
    available = np.where(outside, np.inf, supply_q * supply_cover)
    quantity = np.minimum(available, demand_q * demand_cover)
    with np.errstate(invalid="ignore", divide="ignore"):
        demand_share = np.where(demand_q > 0, quantity / demand_q, 0.0)
        supply_share = np.where(supply_q > 0, quantity / supply_q, 0.0)
    candidates = candidates.copy()
    candidates["temperature_share"] = demand_cover
    candidates["quantity_per_yr"] = quantity
    candidates["demand_share"] = np.clip(demand_share, 0.0, 1.0)
    candidates["supply_share"] = np.where(outside, np.nan, np.clip(supply_share, 0.0, 1.0))
    return candidates


def _text(values: pd.Series) -> npt.NDArray[np.str_]:
    return np.asarray(values.fillna("").to_numpy(dtype=object).astype(np.dtypes.StringDType()))


def _identify(candidates: pd.DataFrame) -> pd.DataFrame:
    rules = substitution_rules()
    outside = candidates["supplier_is_outside"].to_numpy(dtype=bool)
    rule_kind = lookup(
        candidates["rule_id"], {rid: rule.kind for rid, rule in rules.items()}, object
    )
    kind = np.where(
        outside,
        "substitution",
        np.where(np.isin(rule_kind, ["cascade", "heat_recovery"]), rule_kind, "exchange"),
    )
    add = np.strings.add
    demand = _text(candidates["demand_flow_id"])
    exchange_id = add(add(add("EX-", _text(candidates["supply_flow_id"])), "-"), demand)
    outside_id = add(add(add("SU-", _text(candidates["supplier_id"])), "-"), demand)
    ids = np.where(outside, outside_id, exchange_id)
    clash = pd.Series(ids).duplicated(keep=False).to_numpy() & outside
    ids[clash] = add(add(ids[clash], "-"), _text(candidates.loc[clash, "supply_resource"]))
    candidates = candidates.copy()
    candidates["opportunity_id"] = pd.Series(
        ids.astype(object), index=candidates.index, dtype="str"
    )
    candidates["kind"] = pd.Series(kind, index=candidates.index, dtype="str")
    return candidates


def _ranked(exchanges: pd.DataFrame) -> pd.DataFrame:
    """Sorted by score descending, then opportunity id (compared as text in C, not in Python)."""
    ids = exchanges["opportunity_id"].to_numpy(dtype=object).astype(np.dtypes.StringDType())
    by_id = np.argsort(ids, kind="stable")
    rank = np.empty(len(ids), dtype=np.int64)
    rank[by_id] = np.arange(len(ids))
    order = np.lexsort((rank, -exchanges["score"].to_numpy(dtype=float)))
    return exchanges.iloc[order].reset_index(drop=True)


def _notes(candidates: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    unknown = ~candidates["position_known"].to_numpy(dtype=bool)
    notes = pd.Series("", index=candidates.index, dtype="str")
    if unknown.any():
        notes[unknown] = (
            candidates.loc[unknown, "supplier_id"]
            + " has no position: distance taken as 0 km and the pipe cost as the connection only"
        )
    return notes


def match(zone: Zone, config: MatchConfig | None = None) -> MatchResult:
    """Find, check, price and score every exchange, substitution and pool of a zone.

    Parameters
    ----------
    zone : Zone
        Companies, flows, outside parties and parameters.
    config : MatchConfig, optional
        Thresholds, weights and overrides; the defaults when None.

    Returns
    -------
    MatchResult
        ``exchanges`` (one row per candidate, feasible ones only unless
        ``config.keep_infeasible``) and ``pools``, with the columns of ``docs/tables.md``;
        ``explain(opportunity_id)`` tells any row in words.

    Raises
    ------
    InputError
        An override or zone parameter the run needs is unknown.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> result = match(load_example("toy"))
    >>> result.exchanges[["opportunity_id", "kind", "quantity_per_yr"]].head(2)
      opportunity_id          kind  quantity_per_yr
    0     EX-F03-F09      exchange            400.0
    1     SU-SEA-F08  substitution           1500.0
    """
    config = config or MatchConfig()
    show = config.show_progress
    if show is None:
        show = len(zone.flows) >= _AUTO_PROGRESS_FLOWS
    progress = Progress(bool(show))
    progress(f"{zone.name}: {len(zone.companies)} companies, {len(zone.flows)} flows")
    inputs = match_inputs(zone)
    rules = substitution_rules()
    prices = Prices(zone=zone, overrides=config.overrides)
    pairs = candidate_pairs(inputs.flows, inputs.outside, config, progress=progress)
    progress(f"{len(pairs)} candidate pairs; checks and scores")
    candidates = _quantities(_gather(pairs, inputs), config)
    checks, _ = run_checks(candidates, rules, config, reasons=False)
    feasible = checks.fillna(True).all(axis=1).to_numpy(dtype=bool)
    candidates = pd.concat([candidates, checks], axis=1)
    candidates["feasible"] = feasible
    candidates["infeasible_reason"] = pd.Series("", index=candidates.index, dtype="str")
    if config.keep_infeasible:
        # Reasons are written for the failed candidates only.
        _, reasons = run_checks(candidates[~feasible], rules, config)
        candidates.loc[~feasible, "infeasible_reason"] = reasons
    else:
        candidates = candidates[feasible].reset_index(drop=True)
    candidates = pd.concat([candidates, economics(candidates, rules, prices, config)], axis=1)
    candidates["monthly_overlap"] = monthly_overlap(
        inputs.profiles,
        candidates["supply_idx"].to_numpy(dtype=np.int64),
        candidates["demand_idx"].to_numpy(dtype=np.int64),
    )
    candidates["confidence"] = candidates["s_confidence"].to_numpy(dtype=float) * candidates[
        "d_confidence"
    ].to_numpy(dtype=float)
    candidates = pd.concat([candidates, score_components(candidates, config)], axis=1)
    candidates = _identify(candidates)
    quantity = candidates["quantity_per_yr"].to_numpy(dtype=float)
    for column, family in [
        ("water_m3_per_yr", "water"),
        ("material_t_per_yr", "material"),
        ("heat_mwh_per_yr", "heat"),
    ]:
        candidates[column] = np.where(candidates["family"] == family, quantity, 0.0)
    candidates["notes"] = _notes(candidates, inputs.names)
    exchanges = _ranked(candidates[list(EXCHANGE_COLUMNS)])
    progress(f"{len(exchanges)} opportunities; pools")
    pools = find_pools(exchanges, inputs.flows, inputs.outside, prices, config)
    progress(f"done: {len(exchanges)} opportunities, {len(pools)} pools")
    context = MatchContext(
        flows=inputs.flows.set_index("id"),
        outside=inputs.outside,
        names=inputs.names,
        prices=prices,
    )
    return MatchResult(
        exchanges=exchanges, pools=pools, config=config, zone_name=zone.name, context=context
    )
