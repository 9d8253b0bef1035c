"""`match`: build every candidate of a zone, check it, price it, score it, and find the pools.

The steps, each on whole columns: the checked candidates (:mod:`~symbiosis.matching.feasible`:
pairs through the rules and a spatial index, the quantity that can move, the checks), money and
CO2e (:mod:`~symbiosis.matching.economics`), the scores (:mod:`~symbiosis.matching.scoring`),
the opportunity ids and ranking, and the pools (:mod:`~symbiosis.matching.pools`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import SubstitutionRule, substitution_rules
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.economics import Prices, economics
from symbiosis.matching.feasible import checked_candidates
from symbiosis.matching.inputs import MatchInputs, match_inputs
from symbiosis.matching.labels import Column, Ordering, is_one_of, rows
from symbiosis.matching.pools import find_pools
from symbiosis.matching.progress import Progress
from symbiosis.matching.result import EXCHANGE_COLUMNS, MatchContext, MatchResult
from symbiosis.matching.scoring import monthly_overlap, score_components
from symbiosis.schemas import Zone

__all__ = ["match"]

_AUTO_PROGRESS_FLOWS = 20_000


def _identify(
    candidates: pd.DataFrame, flow_ids: npt.NDArray[np.object_]
) -> tuple[npt.NDArray[np.object_], pd.Categorical]:
    """Opportunity id (Python strings) and kind of each candidate.

    ``EX-<supply flow>-<demand flow>`` for an exchange, ``SU-<outside party>-<demand flow>`` for a
    substitution (with ``-<resource>`` when the party offers several resources to that demand).
    """
    rules = substitution_rules()
    outside = candidates["supplier_is_outside"].to_numpy(dtype=bool)
    rule = candidates["rule_id"].array
    kinds = pd.Index(["exchange", "substitution", "cascade", "heat_recovery"], dtype="str")
    kind_of_rule = [rules[rule_id].kind for rule_id in rule.categories]
    code_of_rule = np.array(
        [
            kinds.get_loc(kind) if kind in ("cascade", "heat_recovery") else 0
            for kind in kind_of_rule
        ],
        dtype=np.int8,
    )
    kind = pd.Categorical.from_codes(
        np.where(outside, np.int8(1), code_of_rule[rule.codes]), categories=kinds
    )

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
    parties, party_of_row = np.unique(supplier.codes[substitution], return_inverse=True)
    party_prefix = np.array([f"SU-{supplier.categories[code]}-" for code in parties], dtype=object)
    ids[substitution] = party_prefix[party_of_row] + demand_id[substitution]
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


def _notes(candidates: pd.DataFrame) -> pd.Categorical:
    """A note on each candidate whose supplier has no position ('' otherwise)."""
    supplier = candidates["supplier_id"].array
    known = candidates["position_known"].to_numpy(dtype=bool)
    texts = [""] + [
        f"{party} has no position: distance taken as 0 km and the pipe cost as the connection only"
        for party in supplier.categories
    ]
    codes = np.where(known, 0, supplier.codes + 1)
    return pd.Categorical.from_codes(codes, categories=pd.Index(texts, dtype="str"))


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
        columns[column] = np.where(is_one_of(family, [family_name]), quantity, 0.0)
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
    gathered, kept = checked_candidates(inputs, config, progress=progress)
    # The supply and demand fields only the checks read are dropped here; the columns that go
    # to the exchanges unchanged are taken once, at the end, in their final order.
    compact = {name: rows(gathered[name], kept) for name in _READ_AFTER_CHECKS}
    candidates = pd.DataFrame(compact, copy=False)
    gathered = {name: gathered[name] for name in EXCHANGE_COLUMNS if name in gathered}
    columns = _price_and_score(candidates, inputs, rules, prices, config)
    flow_ids = inputs.flows["id"].to_numpy(dtype=object)
    ids, kind = _identify(candidates, flow_ids)
    columns["kind"] = kind
    columns["notes"] = _notes(candidates)
    # The table is built once, already in its final order.
    ranked = Ordering(_ranking(ids, np.asarray(columns["score"], dtype=float)))
    supply = ranked.output(candidates["supply_idx"].to_numpy(dtype=np.int64))
    demand = ranked.output(candidates["demand_idx"].to_numpy(dtype=np.int64))
    del candidates
    text_ids = inputs.flows["id"].array
    final: dict[str, Column] = {
        "opportunity_id": pd.array(ranked.output(ids), dtype="str"),
        "supply_flow_id": text_ids.take(supply, allow_fill=True),
        "demand_flow_id": text_ids.take(demand),
        "receiver_id": inputs.flows["company_id"].array.take(demand),
    }
    unordered = {
        name: (
            columns[name]
            if name in columns
            else compact[name]
            if name in compact
            else rows(gathered[name], kept)
        )
        for name in EXCHANGE_COLUMNS
        if name not in final
    }
    ordered = {**final, **ranked.output_all(unordered)}
    exchanges = pd.DataFrame({name: ordered[name] for name in EXCHANGE_COLUMNS}, copy=False)
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
