"""`match`: build every candidate of a zone, check it, price it, score it, and find the pools.

:func:`match` reads as its steps, each a function on whole columns that can be called and
tested on its own, working on one :class:`~symbiosis.matching.working.Candidates` table:

1. :func:`start`: the zone as the matcher reads it (:mod:`~symbiosis.matching.inputs`), the
   rules, the prices;
2. :func:`pair`: candidate pairs through the rules and a spatial index, with the supply and
   demand fields (:mod:`~symbiosis.matching.feasible`, :mod:`~symbiosis.matching.candidates`);
3. :func:`~symbiosis.matching.feasible.add_quantities`: what can move, month by month from
   the flows' monthly profiles, with the temperature approach for heat;
4. :func:`check`: every check (:mod:`~symbiosis.matching.rule_checks`), keeping the feasible
   rows unless infeasible candidates are asked for;
5. :func:`price`: money and CO2e (:mod:`~symbiosis.matching.economics`);
6. :func:`score`: overlap, confidence and the scores (:mod:`~symbiosis.matching.scoring`);
7. :func:`rank`: opportunity ids, kinds, notes, conditions and the exchanges table in rank order;
8. :func:`pool`: the pools (:mod:`~symbiosis.matching.pools`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import SubstitutionRule, substitution_rules
from symbiosis.catalogue.rules import RULE_KINDS
from symbiosis.matching.baseline import baseline
from symbiosis.matching.conditions import condition_columns
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.context import MatchContext
from symbiosis.matching.economics import Prices, capital_recovery_factor, economics
from symbiosis.matching.feasible import add_checks, add_quantities, candidate_table
from symbiosis.matching.heat_pumps import heat_pump_candidates
from symbiosis.matching.inputs import MatchInputs, match_inputs
from symbiosis.matching.labels import Ordering, is_one_of
from symbiosis.matching.plants import own_plant_investment_eur
from symbiosis.matching.pools import find_pools
from symbiosis.matching.progress import Progress
from symbiosis.matching.result import EXCHANGE_COLUMNS, MatchResult
from symbiosis.matching.scoring import monthly_overlap, score_components
from symbiosis.matching.working import Candidates
from symbiosis.schemas import Zone

__all__ = [
    "MatchRun",
    "add_heat_pumps",
    "check",
    "match",
    "pair",
    "pool",
    "price",
    "rank",
    "score",
    "start",
]

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
    kinds = pd.Index(RULE_KINDS, dtype="str")
    # A substitution rule applied between two companies gives an exchange.
    kind_of_rule = [rules[rule_id].kind for rule_id in rule.categories]
    kind_of_rule = ["exchange" if kind == "substitution" else kind for kind in kind_of_rule]
    code_of_rule = np.array([kinds.get_loc(kind) for kind in kind_of_rule], dtype=np.int8)
    substitution_code = np.int8(kinds.get_loc("substitution"))
    kind = pd.Categorical.from_codes(
        np.where(outside, substitution_code, code_of_rule[rule.codes]), categories=kinds
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
    """Order by score descending, then opportunity id.

    Scores (0 to 1) equal to 12 decimals are ties: sums in another order differ in the last bit
    between machines and library versions, and must not reorder the table.
    """
    score = np.round(score, 12)
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


#: Columns of the pairs read after the checks (by :func:`price`, :func:`score`, :func:`rank`),
#: beside the exchanges' own; the others are freed once infeasible rows are dropped.
_READ_AFTER_CHECKS = (
    "s_confidence",
    "d_confidence",
    "s_signed_cost_eur_per_unit",
    "d_signed_cost_eur_per_unit",
    "supply_idx",
    "demand_idx",
    "position_known",
    "s_disposed_of_today",
    "s_todays_route_ef",
    "d_use",
    "s_abp_category",
    "s_hazardous",
)


@dataclass(frozen=True, eq=False)
class MatchRun:
    """What every step of one :func:`match` reads: the zone, the settings and what follows."""

    zone: Zone
    config: MatchConfig
    inputs: MatchInputs
    rules: dict[str, SubstitutionRule]
    prices: Prices
    progress: Progress


def start(zone: Zone, config: MatchConfig) -> MatchRun:
    """The zone as the matcher reads it, the rules and the prices: step 1 of :func:`match`."""
    show = config.show_progress
    if show is None:
        show = len(zone.flows) >= _AUTO_PROGRESS_FLOWS
    progress = Progress(bool(show))
    progress(f"{zone.name}: {len(zone.companies)} companies, {len(zone.flows)} flows")
    return MatchRun(
        zone=zone,
        config=config,
        inputs=match_inputs(zone, config.dt_min_k),
        rules=substitution_rules(),
        prices=Prices(zone=zone, overrides=config.overrides),
        progress=progress,
    )


def pair(run: MatchRun) -> Candidates:
    """Candidate pairs with their supply and demand fields: step 2 of :func:`match`."""
    return candidate_table(run.inputs, run.config, progress=run.progress)


def check(run: MatchRun, candidates: Candidates) -> None:
    """Every check, ``feasible`` and ``infeasible_reason``; keep the feasible rows unless
    ``config.keep_infeasible`` (step 4 of :func:`match`)."""
    kept = add_checks(candidates, run.rules, run.config)
    candidates.keep(kept, columns=[*EXCHANGE_COLUMNS, *_READ_AFTER_CHECKS])


def price(run: MatchRun, candidates: Candidates) -> None:
    """Today's trade, then investment, costs, savings and CO2e of each candidate (step 5).

    ``existing`` marks today's arrangement (:mod:`~symbiosis.matching.baseline`), which saves
    nothing; ``displaced`` a diversion from a company of the zone, whose cost is counted. A
    substitution from an outside party that needs a plant (clean seawater) adds a plant of its
    own size to its investment (:mod:`~symbiosis.matching.plants`).
    """
    supplier = candidates["supplier_id"]
    assert isinstance(supplier, pd.Categorical)
    today = baseline(
        run.inputs,
        np.asarray(candidates["supply_idx"], dtype=np.int64),
        np.asarray(candidates["demand_idx"], dtype=np.int64),
        supplier,
    )
    candidates["existing"] = today.existing
    candidates["displaced"] = today.displaced
    table = candidates.frame(
        [
            "quantity_per_yr",
            "distance_km",
            "transport_mode",
            "family",
            "rule_id",
            "supply_resource",
            "demand_resource",
            "supplier_is_outside",
            "d_signed_cost_eur_per_unit",
            "s_signed_cost_eur_per_unit",
            "existing",
            "displaced",
            "s_disposed_of_today",
            "s_todays_route_ef",
            "d_use",
        ]
    )
    money = economics(table, run.rules, run.prices, run.config)
    # A substitution from an outside party that needs a plant (clean seawater) pays its own.
    plant = own_plant_investment_eur(
        table["supply_resource"].to_numpy(dtype=object),
        table["quantity_per_yr"].to_numpy(dtype=float),
        table["supplier_is_outside"].to_numpy(dtype=bool) & ~table["existing"].to_numpy(bool),
        run.prices,
    )
    if plant.any():
        annualised = plant * capital_recovery_factor(
            run.prices.parameter("discount_rate"), run.prices.parameter("pipe_lifetime_yr")
        )
        money["investment_eur"] += plant
        money["annualised_investment_eur_per_yr"] += annualised
        money["net_saving_eur_per_yr"] -= annualised
    for name, values in money.items():
        candidates[name] = values.to_numpy()


def score(run: MatchRun, candidates: Candidates) -> None:
    """Monthly overlap, confidence, the scores and the quantity per family: step 6."""
    candidates["monthly_overlap"] = monthly_overlap(
        run.inputs.profiles,
        np.asarray(candidates["supply_idx"], dtype=np.int64),
        np.asarray(candidates["demand_idx"], dtype=np.int64),
    )
    candidates["confidence"] = np.asarray(candidates["s_confidence"], dtype=float) * np.asarray(
        candidates["d_confidence"], dtype=float
    )
    score_input = candidates.frame(
        [
            "demand_share",
            "distance_km",
            "max_distance_km",
            "monthly_overlap",
            "net_saving_eur_per_yr",
            "co2e_avoided_t_per_yr",
            "confidence",
        ]
    )
    for name, values in score_components(score_input, run.config).items():
        candidates[name] = values.to_numpy()
    # Today's trade is not an opportunity: it ranks after every one, and pays nothing.
    existing = np.asarray(candidates["existing"], dtype=bool)
    candidates["score"] = np.where(existing, 0.0, candidates["score"])
    net = np.asarray(candidates["net_saving_eur_per_yr"], dtype=float)
    candidates["profitable"] = (net > 0) & ~existing
    quantity = np.asarray(candidates["quantity_per_yr"], dtype=float)
    family = candidates["family"]
    assert isinstance(family, pd.Categorical)
    for column, family_name in [
        ("water_m3_per_yr", "water"),
        ("material_t_per_yr", "material"),
        ("heat_mwh_per_yr", "heat"),
    ]:
        candidates[column] = np.where(is_one_of(family, [family_name]), quantity, 0.0)


def rank(run: MatchRun, candidates: Candidates) -> pd.DataFrame:
    """Opportunity ids, kinds, notes and conditions; the exchanges table in rank order (step 7).

    Ranked by score descending, then opportunity id; the columns are
    :data:`~symbiosis.matching.result.EXCHANGE_COLUMNS`.
    """
    frame = candidates.frame(
        [
            "supplier_is_outside",
            "supplier_id",
            "rule_id",
            "supply_resource",
            "supply_idx",
            "demand_idx",
            "position_known",
        ]
    )
    flows = run.inputs.flows
    ids, kind = _identify(frame, flows["id"].to_numpy(dtype=object))
    candidates["kind"] = kind
    candidates["notes"] = _notes(frame)
    candidates["conditions"], candidates["n_conditions"] = condition_columns(
        candidates.frame(["rule_id", "supply_resource", "d_use", "s_abp_category", "s_hazardous"])
    )
    ranked = Ordering(_ranking(ids, np.asarray(candidates["score"], dtype=float)))
    supply = ranked.output(np.asarray(candidates["supply_idx"], dtype=np.int64))
    demand = ranked.output(np.asarray(candidates["demand_idx"], dtype=np.int64))
    text_ids = flows["id"].array
    named = {
        "opportunity_id": pd.array(ranked.output(ids), dtype="str"),
        "supply_flow_id": text_ids.take(supply, allow_fill=True),
        "demand_flow_id": text_ids.take(demand),
        "receiver_id": flows["company_id"].array.take(demand),
    }
    ordered = candidates.in_order([c for c in EXCHANGE_COLUMNS if c not in named], ranked)
    ordered.update(named)
    return pd.DataFrame({name: ordered[name] for name in EXCHANGE_COLUMNS}, copy=False)


def pool(run: MatchRun, exchanges: pd.DataFrame) -> pd.DataFrame:
    """The pooling opportunities among the exchanges: step 8 of :func:`match`."""
    run.progress(f"{len(exchanges)} opportunities; pools")
    # Today's trade is pooled with nothing: only opportunities are.
    opportunities = exchanges.loc[~exchanges["existing"].to_numpy(dtype=bool)]
    pools = find_pools(opportunities, run.inputs.flows, run.inputs.outside, run.prices, run.config)
    run.progress(f"done: {len(exchanges)} opportunities, {len(pools)} pools")
    return pools


def add_heat_pumps(run: MatchRun, exchanges: pd.DataFrame) -> pd.DataFrame:
    """The exchanges with the heat-pump candidates (``MatchConfig.heat_pumps``), re-ranked.

    Heat pumps (:mod:`~symbiosis.matching.heat_pumps`) join after the pools are found: they
    pool with nothing. The table stays in rank order (score descending, then id), with the
    heat-pump columns at the end (NaN on the other rows).
    """
    heat_pumps = heat_pump_candidates(run.zone, run.inputs, run.prices, run.config)
    run.progress(f"{len(heat_pumps)} heat pumps")
    if heat_pumps.empty:
        return exchanges
    # The heat pumps' columns take the exchanges' types (text, nullable booleans).
    same = {
        column: exchanges[column].dtype
        for column in exchanges.columns
        if not isinstance(exchanges[column].dtype, pd.CategoricalDtype)
    }
    table = pd.concat([exchanges, heat_pumps.astype(same)], ignore_index=True)
    ids = table["opportunity_id"].to_numpy(dtype=object)
    order = _ranking(ids, table["score"].to_numpy(dtype=float))
    return table.iloc[order].reset_index(drop=True)


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
    run = start(zone, config or MatchConfig())
    candidates = pair(run)
    add_quantities(candidates, run.config, run.inputs.profiles, run.inputs.on_site)
    check(run, candidates)
    price(run, candidates)
    score(run, candidates)
    exchanges = rank(run, candidates)
    del candidates
    pools = pool(run, exchanges)
    if run.config.heat_pumps:
        exchanges = add_heat_pumps(run, exchanges)
    context = MatchContext(
        flows=run.inputs.flows.set_index("id"),
        outside=run.inputs.outside,
        names=run.inputs.names,
        prices=run.prices,
    )
    return MatchResult(
        exchanges=exchanges, pools=pools, config=run.config, zone_name=zone.name, context=context
    )
