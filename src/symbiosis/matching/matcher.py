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

from symbiosis.catalogue import SubstitutionRule, substitution_rules
from symbiosis.matching.candidates import candidate_pairs
from symbiosis.matching.checks import temperature_coverage
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.economics import Prices, economics
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
#: Text columns of the pairs, carried as categoricals.
_PAIR_TEXT = ("rule_id", "supply_resource", "demand_resource", "supplier_id", "transport_mode")
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
    # Index -1 reads the NaN appended at the end.
    return np.append(values, np.nan)[idx]


def _labels(values: pd.Series) -> pd.Categorical:
    """A text column as a categorical (missing stays missing).

    Candidates repeat a few rule ids, resources and companies many times: taking rows of a
    categorical moves integer codes, and the text is written once, for the rows kept, at the end.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    codes, uniques = pd.factorize(values)
    return pd.Categorical.from_codes(codes, categories=pd.Index(uniques, dtype="str"))


def _labels_of(flow_labels: pd.Categorical, idx: npt.NDArray[np.int64]) -> pd.Categorical:
    """The label of flow ``idx`` for each candidate."""
    return pd.Categorical.from_codes(flow_labels.codes[idx], dtype=flow_labels.dtype)


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


def _output_rows(values: Column, positions: npt.NDArray[np.int64]) -> Column:
    """The rows ``positions`` of a column as ``exchanges`` holds it: categoricals as text."""
    if isinstance(values, pd.Categorical):
        return values.categories.array.take(values.codes[positions], allow_fill=True)
    return _rows(values, positions)


def _gather(pairs: pd.DataFrame, inputs: MatchInputs) -> dict[str, Column]:
    """Each pair with the supply (``s_*``) and demand (``d_*``) fields the checks read.

    Columns are arrays, not a table, so that adding one never copies the others; text columns
    are categoricals. The flow ids are not gathered: ``supply_idx`` and ``demand_idx`` name them.
    """
    flows, outside = inputs.flows, inputs.outside
    supply = pairs["supply_idx"].to_numpy(dtype=np.int64)
    party = pairs["outside_idx"].to_numpy(dtype=np.int64)
    demand = pairs["demand_idx"].to_numpy(dtype=np.int64)
    table: dict[str, Column] = {
        name: _labels(pairs[name]) if name in _PAIR_TEXT else _array(pairs[name])
        for name in pairs.columns
    }
    # The supplier's row among the flows, then the outside parties after them.
    supplier = np.where(supply >= 0, supply, len(flows) + party)
    for column, field in _SUPPLY_FIELDS.items():
        quality = (flows[field].to_numpy(dtype=float), outside[field].to_numpy(dtype=float))
        table[column] = np.concatenate(quality)[supplier]
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
    table["d_use"] = _labels_of(_labels(flows["use"]), demand)
    for field in ["potable_required", "food_contact"]:
        table[f"d_{field}"] = pd.array(flows[field], dtype="boolean").take(demand)
    table["d_annual_quantity"] = flows["annual_quantity"].to_numpy(dtype=float)[demand]
    table["d_confidence"] = flows["confidence"].to_numpy(dtype=float)[demand]
    table["family"] = _labels_of(_labels(flows["family"]), demand)
    table["unit"] = _labels_of(_labels(flows["canonical_unit"]), demand)
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
    rule_id = candidates["rule_id"]
    assert isinstance(rule_id, pd.Categorical)
    approach = _is_one_of(
        rule_id, [rid for rid, rule in rules.items() if rule.temperature_approach]
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


def _is_one_of(labels: pd.Categorical, wanted: list[str]) -> npt.NDArray[np.bool_]:
    """Whether each label is one of ``wanted``, decided once per category (missing: False)."""
    per_category = np.append(labels.categories.isin(wanted), False)
    return np.asarray(per_category[labels.codes], dtype=bool)


def _identify(
    candidates: pd.DataFrame, flow_ids: npt.NDArray[np.object_]
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """Opportunity id and kind of each candidate (text as Python strings).

    ``EX-<supply flow>-<demand flow>`` for an exchange, ``SU-<outside party>-<demand flow>`` for a
    substitution (with ``-<resource>`` when the party offers several resources to that demand).
    """
    rules = substitution_rules()
    outside = candidates["supplier_is_outside"].to_numpy(dtype=bool)
    rule = candidates["rule_id"].array
    kind_of_rule = [rules[rule_id].kind for rule_id in rule.categories]
    named = np.array(
        [kind if kind in ("cascade", "heat_recovery") else "exchange" for kind in kind_of_rule],
        dtype=object,
    )
    kind = np.where(outside, "substitution", named[rule.codes]).astype(object)

    supply = candidates["supply_idx"].to_numpy(dtype=np.int64)
    demand_id = flow_ids[candidates["demand_idx"].to_numpy(dtype=np.int64)]
    ids = np.empty(len(candidates), dtype=object)
    # Prefixes are written once per flow or party, then joined to the demand's id.
    exchange = np.flatnonzero(~outside)
    supplying = np.zeros(len(flow_ids), dtype=bool)
    supplying[supply[exchange]] = True
    prefix = np.empty(len(flow_ids), dtype=object)
    prefix[supplying] = [f"EX-{flow_id}-" for flow_id in flow_ids[supplying]]
    ids[exchange] = prefix[supply[exchange]] + demand_id[exchange]
    substitution = np.flatnonzero(outside)
    supplier = candidates["supplier_id"].array
    party_prefix = np.array([f"SU-{party}-" for party in supplier.categories], dtype=object)
    ids[substitution] = party_prefix[supplier.codes[substitution]] + demand_id[substitution]
    # Exchange ids start "EX-", substitution ids "SU-": only substitutions can clash.
    clash = substitution[pd.Series(ids[substitution]).duplicated(keep=False).to_numpy()]
    resource = candidates["supply_resource"].array
    resource_suffix = np.array([f"-{name}" for name in resource.categories], dtype=object)
    ids[clash] = ids[clash] + resource_suffix[resource.codes[clash]]
    return ids, kind


def _ranking(ids: npt.NDArray[np.object_], score: npt.NDArray[np.float64]) -> npt.NDArray[np.intp]:
    """Order by score descending, then opportunity id."""
    # Not a stable sort: ties are ordered by id below, whatever order they come in.
    order = np.argsort(-score)
    by_score = -score[order]
    same = (by_score[1:] == by_score[:-1]) | (np.isnan(by_score[1:]) & np.isnan(by_score[:-1]))
    if not same.any():
        return order
    # Only runs of equal scores need their ids compared: sort those rows by id, then by run.
    tied = np.r_[same, False] | np.r_[False, same]
    run = np.cumsum(np.r_[True, ~same])[tied]
    tied_rows = order[tied]
    # Compared as fixed-width text in C, not as Python strings.
    by_id = np.argsort(ids[tied_rows].astype(str), kind="stable")
    by_run = by_id[np.argsort(run[by_id], kind="stable")]
    order[tied] = tied_rows[by_run]
    return order


def _notes(candidates: pd.DataFrame) -> pd.Series:
    unknown = ~candidates["position_known"].to_numpy(dtype=bool)
    notes = pd.Series("", index=candidates.index, dtype="str")
    if unknown.any():
        notes[unknown] = (
            candidates.loc[unknown, "supplier_id"].astype("str")
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
    "supply_idx",
    "demand_idx",
    "position_known",
    "s_confidence",
    "d_confidence",
    "s_cost_eur_per_unit",
    "d_cost_eur_per_unit",
)


def _check(
    gathered: dict[str, Column], rules: dict[str, SubstitutionRule], config: MatchConfig
) -> npt.NDArray[np.int64]:
    """Add the check columns, ``feasible`` and ``infeasible_reason``; the rows to keep."""
    table = pd.DataFrame(gathered, copy=False)
    checks, _ = run_checks(table, rules, config, reasons=False)
    feasible = np.ones(len(table), dtype=bool)
    for name in checks.columns:
        values = checks[name].array
        gathered[name] = values
        feasible &= values.to_numpy(dtype=bool, na_value=True)
    gathered["feasible"] = feasible
    reasons = np.full(len(table), "", dtype=object)
    if config.keep_infeasible:
        # Reasons are written for the failed candidates only.
        failed_rows = np.flatnonzero(~feasible)
        as_text = pd.DataFrame(
            {name: _output_rows(_array(table[name]), failed_rows) for name in table.columns},
            copy=False,
        )
        _, failed = run_checks(as_text, rules, config)
        reasons[~feasible] = failed.to_numpy(dtype=object)
    gathered["infeasible_reason"] = pd.array(reasons, dtype="str")
    return np.arange(len(feasible)) if config.keep_infeasible else np.flatnonzero(feasible)


def _price_and_score(
    candidates: pd.DataFrame,
    inputs: MatchInputs,
    rules: dict[str, SubstitutionRule],
    prices: Prices,
    config: MatchConfig,
) -> dict[str, Column]:
    """Money, CO2e, overlap, confidence, scores and the quantity per family of each candidate."""
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
    quantity = candidates["quantity_per_yr"].to_numpy(dtype=float)
    family = candidates["family"].array
    for column, family_name in [
        ("water_m3_per_yr", "water"),
        ("material_t_per_yr", "material"),
        ("heat_mwh_per_yr", "heat"),
    ]:
        columns[column] = np.where(_is_one_of(family, [family_name]), quantity, 0.0)
    return columns


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
    kept = _check(gathered, rules, config)
    # The supply and demand fields only the checks read are dropped here; the columns that go
    # to the exchanges unchanged are taken once, at the end, in their final order.
    candidates = pd.DataFrame(
        {name: _rows(gathered[name], kept) for name in _READ_AFTER_CHECKS}, copy=False
    )
    gathered = {name: gathered[name] for name in EXCHANGE_COLUMNS if name in gathered}
    columns = _price_and_score(candidates, inputs, rules, prices, config)
    flow_ids = inputs.flows["id"].to_numpy(dtype=object)
    ids, kind = _identify(candidates, flow_ids)
    columns["kind"] = pd.array(kind, dtype="str")
    columns["notes"] = _notes(candidates).array
    # The table is built once, already in its final order.
    order = _ranking(ids, np.asarray(columns["score"], dtype=float))
    rows = kept[order]
    supply = candidates["supply_idx"].to_numpy(dtype=np.int64)[order]
    demand = candidates["demand_idx"].to_numpy(dtype=np.int64)[order]
    del candidates
    text_ids = inputs.flows["id"].array
    final: dict[str, Column] = {
        "opportunity_id": pd.array(ids[order], dtype="str"),
        "supply_flow_id": text_ids.take(supply, allow_fill=True),
        "demand_flow_id": text_ids.take(demand),
        "receiver_id": inputs.flows["company_id"].array.take(demand),
    }
    exchanges = pd.DataFrame(
        {
            name: (
                final[name]
                if name in final
                else _output_rows(gathered[name], rows)
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
