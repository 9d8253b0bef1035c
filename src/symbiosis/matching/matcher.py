"""`match`: build every candidate of a zone, check it, price it, score it, and find the pools.

The steps, each on whole columns: candidate pairs through the rules and a spatial index
(:mod:`~symbiosis.matching.candidates`), the quantity that can move (with the temperature
approach for heat), the checks (:mod:`~symbiosis.matching.checks`), money and CO2e
(:mod:`~symbiosis.matching.economics`), the scores (:mod:`~symbiosis.matching.scoring`) and the
pools (:mod:`~symbiosis.matching.pools`).
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.extensions import ExtensionArray

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


Column: TypeAlias = npt.NDArray[Any] | ExtensionArray


def _take(values: npt.NDArray[np.float64], idx: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``values[idx]``, NaN where ``idx`` is -1."""
    taken = values[np.maximum(idx, 0)] if len(values) else np.full(len(idx), np.nan)
    return np.where(idx >= 0, taken, np.nan)


def _text_column(values: pd.Series) -> ExtensionArray:
    """A column as a text array ("str" dtype), so that taking rows skips validating each string."""
    return pd.array(values, dtype="str")


def _array(values: pd.Series) -> Column:
    """The values of a column without its index: numpy for numpy dtypes, else the pandas array."""
    if isinstance(values.dtype, np.dtype):
        return values.to_numpy()
    return values.array


def _rows(values: Column, positions: npt.NDArray[np.int64]) -> Column:
    """The rows ``positions`` of a column."""
    if isinstance(values, np.ndarray):
        return values[positions]
    return values.take(positions)


def _gather(pairs: pd.DataFrame, inputs: MatchInputs) -> dict[str, Column]:
    """Each pair with the supply (``s_*``) and demand (``d_*``) fields the checks read.

    Columns are arrays, not a table, so that adding one never copies the others.
    """
    flows, outside = inputs.flows, inputs.outside
    supply = pairs["supply_idx"].to_numpy(dtype=np.int64)
    party = pairs["outside_idx"].to_numpy(dtype=np.int64)
    demand = pairs["demand_idx"].to_numpy(dtype=np.int64)
    table: dict[str, Column] = {name: _array(pairs[name]) for name in pairs.columns}
    ids = _text_column(flows["id"])
    table["supply_flow_id"] = ids.take(np.where(supply >= 0, supply, -1), allow_fill=True)
    table["demand_flow_id"] = ids.take(demand)
    table["receiver_id"] = _text_column(flows["company_id"]).take(demand)
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
    for field in _DEMAND_FIELDS:
        if field in ("use", "potable_required", "food_contact"):
            continue
        table[f"d_{field}"] = flows[field].to_numpy()[demand]
    use = flows["use"].astype("str").where(flows["use"].notna())
    table["d_use"] = _text_column(use).take(demand)
    for field in ["potable_required", "food_contact"]:
        table[f"d_{field}"] = pd.array(flows[field], dtype="boolean").take(demand)
    table["d_annual_quantity"] = flows["annual_quantity"].to_numpy(dtype=float)[demand]
    table["d_confidence"] = flows["confidence"].to_numpy(dtype=float)[demand]
    table["family"] = _text_column(flows["family"].astype("str")).take(demand)
    table["unit"] = _text_column(flows["canonical_unit"].astype("str")).take(demand)
    source_t = np.asarray(table["s_supply_temperature_c"], dtype=float)
    quality_t = np.asarray(table["s_temperature_c"], dtype=float)
    table["source_temperature_c"] = np.where(np.isnan(source_t), quality_t, source_t)
    target_t = np.asarray(table["d_target_temperature_c"], dtype=float)
    minimum_t = np.asarray(table["d_min_temperature_c"], dtype=float)
    table["demand_target_c"] = np.where(np.isnan(target_t), minimum_t, target_t)
    return table


def _quantities(candidates: dict[str, Column], config: MatchConfig) -> None:
    """Add the temperature share, the quantity that can move and both shares (in place)."""
    rules = substitution_rules()
    approach = np.isin(
        np.asarray(candidates["rule_id"], dtype=object),
        [rid for rid, rule in rules.items() if rule.temperature_approach],
    )
    demand_cover, supply_cover = temperature_coverage(
        np.asarray(candidates["source_temperature_c"], dtype=float),
        np.asarray(candidates["s_target_temperature_c"], dtype=float),
        np.asarray(candidates["d_supply_temperature_c"], dtype=float),
        np.asarray(candidates["demand_target_c"], dtype=float),
        config.dt_min_k,
    )
    demand_cover = np.where(approach, demand_cover, 1.0)
    supply_cover = np.where(approach, supply_cover, 1.0)
    outside = np.asarray(candidates["supplier_is_outside"], dtype=bool)
    supply_q = np.asarray(candidates["s_annual_quantity"], dtype=float)
    demand_q = np.asarray(candidates["d_annual_quantity"], dtype=float)
    available = np.where(outside, np.inf, supply_q * supply_cover)
    quantity = np.minimum(available, demand_q * demand_cover)
    with np.errstate(invalid="ignore", divide="ignore"):
        demand_share = np.where(demand_q > 0, quantity / demand_q, 0.0)
        supply_share = np.where(supply_q > 0, quantity / supply_q, 0.0)
    candidates["temperature_share"] = demand_cover
    candidates["quantity_per_yr"] = quantity
    candidates["demand_share"] = np.clip(demand_share, 0.0, 1.0)
    candidates["supply_share"] = np.where(outside, np.nan, np.clip(supply_share, 0.0, 1.0))


def _text(values: Column) -> npt.NDArray[np.str_]:
    return np.asarray(
        pd.Series(values).fillna("").to_numpy(dtype=object).astype(np.dtypes.StringDType())
    )


def _identify(
    candidates: pd.DataFrame,
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.str_]]:
    """Opportunity id (numpy text) and kind of each candidate."""
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
    # Exchange ids start "EX-", substitution ids "SU-": only substitutions can clash.
    clash = np.zeros(len(ids), dtype=bool)
    clash[outside] = pd.Series(ids[outside]).duplicated(keep=False).to_numpy()
    resource = candidates["supply_resource"].to_numpy()[clash]
    ids[clash] = add(add(ids[clash], "-"), _text(resource))
    return ids, kind


def _ranking(ids: npt.NDArray[np.str_], score: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    """Order by score descending, then opportunity id (compared as text in C, not in Python)."""
    descending = -score
    by_score = np.sort(descending)
    same = (by_score[1:] == by_score[:-1]) | (np.isnan(by_score[1:]) & np.isnan(by_score[:-1]))
    # Only candidates sharing a score need their ids compared.
    shared = np.zeros(len(ids), dtype=bool)
    if same.any():
        values = np.unique(by_score[1:][same])
        shared = np.isin(descending, values) | (np.isnan(descending) & bool(np.isnan(values).any()))
    rows = np.flatnonzero(shared)
    rank = np.zeros(len(ids), dtype=np.int64)
    rank[rows[np.argsort(ids[rows], kind="stable")]] = np.arange(len(rows))
    return np.lexsort((rank, descending))


def _notes(candidates: pd.DataFrame) -> pd.Series:
    unknown = ~candidates["position_known"].to_numpy(dtype=bool)
    notes = pd.Series("", index=candidates.index, dtype="str")
    if unknown.any():
        notes[unknown] = (
            candidates.loc[unknown, "supplier_id"]
            + " has no position: distance taken as 0 km and the pipe cost as the connection only"
        )
    return notes


#: Columns read after the checks, to price, score and name the feasible candidates.
_READ_AFTER_CHECKS = (
    "quantity_per_yr",
    "distance_km",
    "max_distance_km",
    "demand_share",
    "transport_mode",
    "family",
    "rule_id",
    "supply_resource",
    "demand_resource",
    "supplier_id",
    "supplier_is_outside",
    "supply_flow_id",
    "demand_flow_id",
    "supply_idx",
    "demand_idx",
    "position_known",
    "s_confidence",
    "d_confidence",
    "s_cost_eur_per_unit",
    "d_cost_eur_per_unit",
)


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
    gathered = _gather(pairs, inputs)
    del pairs
    _quantities(gathered, config)
    table = pd.DataFrame(gathered, copy=False)
    checks, _ = run_checks(table, rules, config, reasons=False)
    feasible = checks.fillna(True).all(axis=1).to_numpy(dtype=bool)
    for name in checks.columns:
        gathered[name] = checks[name].array
    gathered["feasible"] = feasible
    infeasible_reason = pd.Series("", index=table.index, dtype="str")
    if config.keep_infeasible:
        # Reasons are written for the failed candidates only.
        _, reasons = run_checks(table[~feasible], rules, config)
        infeasible_reason.loc[~feasible] = reasons
    gathered["infeasible_reason"] = infeasible_reason.array
    del table, checks
    # The supply and demand fields only the checks read are dropped here; the columns that go
    # to the exchanges unchanged are taken once, at the end, in their final order.
    kept = np.arange(len(feasible)) if config.keep_infeasible else np.flatnonzero(feasible)
    candidates = pd.DataFrame(
        {name: _rows(gathered[name], kept) for name in _READ_AFTER_CHECKS}, copy=False
    )
    gathered = {name: gathered[name] for name in EXCHANGE_COLUMNS if name in gathered}
    columns: dict[str, Column] = {}
    for name, values in economics(candidates, rules, prices, config).items():
        columns[name] = values.to_numpy()
    columns["monthly_overlap"] = monthly_overlap(
        inputs.profiles,
        candidates["supply_idx"].to_numpy(dtype=np.int64),
        candidates["demand_idx"].to_numpy(dtype=np.int64),
    )
    columns["confidence"] = candidates["s_confidence"].to_numpy(dtype=float) * candidates[
        "d_confidence"
    ].to_numpy(dtype=float)
    score_input = pd.DataFrame(
        {
            **{
                name: candidates[name]
                for name in ["demand_share", "distance_km", "max_distance_km"]
            },
            **{
                name: columns[name]
                for name in [
                    "monthly_overlap",
                    "net_saving_eur_per_yr",
                    "co2e_avoided_t_per_yr",
                    "confidence",
                ]
            },
        },
        copy=False,
    )
    for name, values in score_components(score_input, config).items():
        columns[name] = values.to_numpy()
    ids, kind = _identify(candidates)
    columns["kind"] = pd.array(kind, dtype="str")
    quantity = candidates["quantity_per_yr"].to_numpy(dtype=float)
    family = candidates["family"]
    for column, family_name in [
        ("water_m3_per_yr", "water"),
        ("material_t_per_yr", "material"),
        ("heat_mwh_per_yr", "heat"),
    ]:
        columns[column] = np.where((family == family_name).to_numpy(dtype=bool), quantity, 0.0)
    columns["notes"] = _notes(candidates).array
    del candidates
    # The table is built once, already in its final order.
    order = _ranking(ids, np.asarray(columns["score"], dtype=float))
    columns["opportunity_id"] = pd.array(ids[order].astype(object), dtype="str")
    rows = kept[order]
    exchanges = pd.DataFrame(
        {
            name: (
                columns[name]
                if name == "opportunity_id"
                else _rows(gathered[name], rows)
                if name in gathered
                else _rows(columns[name], order)
            )
            for name in EXCHANGE_COLUMNS
        },
        copy=False,
    )
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
