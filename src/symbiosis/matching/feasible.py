"""Checked candidates: every pair a rule allows, with the quantity that can move and the checks.

The first half of :func:`~symbiosis.matching.match`, and all of what the pair-by-pair oracle
of the tests (:func:`symbiosis.testing.reference_candidates`) does: candidate pairs through the
rules and a spatial index (:mod:`~symbiosis.matching.candidates`), the supply and demand fields
of each pair, the quantity that can move (with the temperature approach for heat) and the checks
(:mod:`~symbiosis.matching.rule_checks`). :func:`find_candidates` gives them as a table, before
any price or score.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import SubstitutionRule, substitution_rules
from symbiosis.matching.candidates import DemandFilter, candidate_pairs
from symbiosis.matching.checks import CHECK_COLUMNS, temperature_coverage
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.inputs import (
    DEMAND_NUMBERS,
    SUPPLY_QUALITY,
    MatchInputs,
    OnSite,
    match_inputs,
)
from symbiosis.matching.labels import (
    Column,
    array_of,
    is_one_of,
    labels,
    labels_at,
    output_rows,
)
from symbiosis.matching.rule_checks import demand_checks_pass, run_checks
from symbiosis.matching.working import Candidates
from symbiosis.schemas import Zone

__all__ = [
    "CANDIDATE_COLUMNS",
    "add_checks",
    "add_quantities",
    "candidate_table",
    "checked_candidates",
    "find_candidates",
    "monthly_quantity",
]

#: Text columns of the pairs, carried as categoricals.
_PAIR_TEXT = ("rule_id", "supply_resource", "demand_resource", "supplier_id", "transport_mode")


def _read_rows(
    sources: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]], count: int
) -> dict[str, npt.NDArray[np.float64]]:
    """``values[rows]`` for each column, -1 reading the last value; all in one block of memory.

    One large allocation instead of one per column: fresh memory is what costs most here.
    """
    block = np.empty((len(sources), count))
    for row, (values, rows) in zip(block, sources.values(), strict=True):
        np.take(values, rows, out=row)
    return dict(zip(sources, block, strict=True))


def gather_fields(pairs: pd.DataFrame, inputs: MatchInputs) -> dict[str, Column]:
    """Each pair with the supply (``s_*``) and demand (``d_*``) fields the checks read.

    Columns are arrays, not a table, so that adding one never copies the others; text columns
    are categoricals. The flow ids are not gathered: ``supply_idx`` and ``demand_idx`` name them.
    """
    flows, outside = inputs.flows, inputs.outside
    supply = pairs["supply_idx"].to_numpy(dtype=np.int64)
    party = pairs["outside_idx"].to_numpy(dtype=np.int64)
    demand = pairs["demand_idx"].to_numpy(dtype=np.int64)
    table: dict[str, Column] = {
        name: labels(pairs[name]) if name in _PAIR_TEXT else array_of(pairs[name])
        for name in pairs.columns
    }
    # Sources of the number fields, each read at one row per pair: the supplier's row among the
    # flows then the outside parties, or the supply flow's row with -1 (outside) reading the
    # value appended last, or the demand flow's row.
    supplier = np.where(supply >= 0, supply, len(flows) + party)
    sources: dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]] = {}
    for field in [*SUPPLY_QUALITY, "abp_category", "hazardous"]:
        quality = (flows[field].to_numpy(dtype=float), outside[field].to_numpy(dtype=float))
        sources[f"s_{field}"] = (np.concatenate(quality), supplier)
    for field in [
        "supply_temperature_c",
        "target_temperature_c",
        "signed_cost_eur_per_unit",
        "quantity_per_yr",
        "disposed_of_today",
        "todays_route_ef",
    ]:
        sources[f"s_{field}"] = (np.append(flows[field].to_numpy(dtype=float), np.nan), supply)
    # An outside party is trusted fully.
    sources["s_confidence"] = (np.append(flows["confidence"].to_numpy(dtype=float), 1.0), supply)
    for field in [*DEMAND_NUMBERS, "quantity_per_yr", "confidence"]:
        sources[f"d_{field}"] = (flows[field].to_numpy(dtype=float), demand)
    table.update(_read_rows(sources, len(pairs)))
    table["d_use"] = labels_at(labels(flows["use"]), demand)
    for field in ["potable_required", "food_contact"]:
        table[f"d_{field}"] = pd.array(flows[field], dtype="boolean").take(demand)
    table["family"] = labels_at(labels(flows["family"]), demand)
    table["unit"] = labels_at(labels(flows["canonical_unit"]), demand)
    source_t = np.asarray(table["s_supply_temperature_c"], dtype=float)
    quality_t = np.asarray(table["s_temperature_c"], dtype=float)
    table["source_temperature_c"] = np.where(np.isnan(source_t), quality_t, source_t)
    target_t = np.asarray(table["d_target_temperature_c"], dtype=float)
    minimum_t = np.asarray(table["d_min_temperature_c"], dtype=float)
    table["demand_target_c"] = np.where(np.isnan(target_t), minimum_t, target_t)
    return table


# Pairs whose monthly minimum is taken at once (bounds the (rows, 12) temporaries).
_MONTHLY_CHUNK = 65_536


def monthly_quantity(
    available: npt.NDArray[np.float64],
    wanted: npt.NDArray[np.float64],
    profiles: npt.NDArray[np.float64],
    supply_idx: npt.NDArray[np.int64],
    demand_idx: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """What can move in a year, month by month: ``Σ_m min(available p_s,m, wanted p_d,m)``.

    Parameters
    ----------
    available, wanted : arrays
        Annual quantity the supply can give (inf for an outside party) and the demand can
        take. [canonical unit per year]
    profiles : array, shape (n_flows, 12)
        Monthly shares of each flow, each row summing to 1 (flat: 1/12).
    supply_idx, demand_idx : integer arrays
        Rows of the supply (-1 for an outside party, which follows the demand) and demand.

    Examples
    --------
    A supply of 600 running from April to September and a demand of 600 from October to March
    share no month; two flat flows share min(600, 300) = 300.

    >>> summer = np.r_[np.zeros(3), np.full(6, 1 / 6), np.zeros(3)]
    >>> winter = 1 / 6 - summer
    >>> flat = np.full(12, 1 / 12)
    >>> monthly_quantity(np.array([600.0, 600.0]), np.array([600.0, 300.0]),
    ...     np.vstack([summer, winter, flat]), np.array([0, 2]), np.array([1, 2])).round(9)
    array([  0., 300.])
    """
    quantity = np.minimum(available, wanted)
    company = np.flatnonzero(supply_idx >= 0)
    # Most flows have the same flat profile: Σ_m min(a/12, b/12) = min(a, b), left as it is.
    first_month = profiles[:, 0]
    flat = np.all(profiles == first_month[:, None], axis=1)
    supply, demand = supply_idx[company], demand_idx[company]
    same_flat = flat[supply] & flat[demand] & (first_month[supply] == first_month[demand])
    company = company[~same_flat]
    for start in range(0, len(company), _MONTHLY_CHUNK):
        rows = company[start : start + _MONTHLY_CHUNK]
        by_month = np.minimum(
            available[rows, None] * profiles[supply_idx[rows]],
            wanted[rows, None] * profiles[demand_idx[rows]],
        )
        quantity[rows] = by_month.sum(axis=1)
    return quantity


def add_quantities(
    candidates: MutableMapping[str, Column],
    config: MatchConfig,
    profiles: npt.NDArray[np.float64] | None = None,
    on_site: OnSite | None = None,
) -> None:
    """Add the temperature share, the quantity that can move and both shares (in place).

    With the flows' monthly ``profiles`` (:attr:`MatchInputs.profiles`), the quantity is
    limited month by month (:func:`monthly_quantity`): a summer supply cannot serve a winter
    demand. Without them, it is ``min(supply, demand)`` over the year.

    With ``on_site`` (:attr:`MatchInputs.on_site`), a heat exchange between two companies (or
    from an outside party) moves only what the flows leave once each company has recovered
    its own heat (:mod:`symbiosis.targeting.on_site`): a demand's part its own company could
    heat, and a supply's part its own company could use, are not offered to a neighbour. The
    shares stay shares of the whole flows.
    """
    rules = substitution_rules()
    rule_id = candidates["rule_id"]
    assert isinstance(rule_id, pd.Categorical)
    approach = is_one_of(rule_id, [rid for rid, rule in rules.items() if rule.temperature_approach])
    # Only heat recovery and cascades have a temperature approach: the other rows cover 1.
    heat_rows = np.flatnonzero(approach)
    demand_cover = np.ones(len(approach))
    supply_cover = np.ones(len(approach))
    heat = {
        name: np.asarray(candidates[name], dtype=float)[heat_rows]
        for name in (
            "source_temperature_c",
            "s_target_temperature_c",
            "d_supply_temperature_c",
            "demand_target_c",
        )
    }
    outside = np.asarray(candidates["supplier_is_outside"], dtype=bool)
    supply_q = np.asarray(candidates["s_quantity_per_yr"], dtype=float)
    demand_q = np.asarray(candidates["d_quantity_per_yr"], dtype=float)
    supply_left, demand_left = supply_q, demand_q
    if on_site is not None:
        supply_left, demand_left = supply_q.copy(), demand_q.copy()
        heat = _after_on_site(heat, heat_rows, candidates, outside, on_site)
        supply_left[heat_rows] = np.where(
            np.isnan(heat["s_left"]), supply_q[heat_rows], heat["s_left"]
        )
        demand_left[heat_rows] = np.where(
            np.isnan(heat["d_left"]), demand_q[heat_rows], heat["d_left"]
        )
        # Where the receiver's own recovery heats the demand first, for the reasons.
        own_heating = np.full(len(approach), np.nan)
        moved_up = (
            heat["d_supply_temperature_c"]
            > np.asarray(candidates["d_supply_temperature_c"], dtype=float)[heat_rows]
        )
        own_heating[heat_rows] = np.where(moved_up, heat["d_supply_temperature_c"], np.nan)
        candidates["d_on_site_to_c"] = own_heating
    demand_cover[heat_rows], supply_cover[heat_rows] = temperature_coverage(
        heat["source_temperature_c"],
        heat["s_target_temperature_c"],
        heat["d_supply_temperature_c"],
        heat["demand_target_c"],
        config.dt_min_k,
    )
    available = np.where(outside, np.inf, supply_left * supply_cover)
    wanted = demand_left * demand_cover
    if profiles is None:
        quantity = np.minimum(available, wanted)
    else:
        quantity = monthly_quantity(
            available,
            wanted,
            profiles,
            np.asarray(candidates["supply_idx"], dtype=np.int64),
            np.asarray(candidates["demand_idx"], dtype=np.int64),
        )
    with np.errstate(invalid="ignore", divide="ignore"):
        demand_share = np.where(demand_q > 0, quantity / demand_q, 0.0)
        supply_share = np.where(supply_q > 0, quantity / supply_q, 0.0)
    candidates["temperature_share"] = demand_cover
    candidates["quantity_per_yr"] = quantity
    candidates["demand_share"] = np.clip(demand_share, 0.0, 1.0)
    candidates["supply_share"] = np.where(outside, np.nan, np.clip(supply_share, 0.0, 1.0))


def _after_on_site(
    heat: dict[str, npt.NDArray[np.float64]],
    heat_rows: npt.NDArray[np.int64],
    candidates: MutableMapping[str, Column],
    outside: npt.NDArray[np.bool_],
    on_site: OnSite,
) -> dict[str, npt.NDArray[np.float64]]:
    """The heat rows' temperatures and quantities (``s_left``, ``d_left``; NaN to keep the
    flow's) once each company has recovered its own heat, for exchanges between companies."""
    supply = np.asarray(candidates["supply_idx"], dtype=np.int64)[heat_rows]
    demand = np.asarray(candidates["demand_idx"], dtype=np.int64)[heat_rows]
    from_party = outside[heat_rows] | (supply < 0)
    supply_row = np.where(from_party, 0, supply)
    between = from_party | (on_site.company[supply_row] != on_site.company[demand])
    nan = np.full(heat_rows.size, np.nan)
    supply_start = np.where(from_party, nan, on_site.supply_temperature_c[supply_row])
    demand_start = on_site.supply_temperature_c[demand]
    result = dict(heat)
    result["source_temperature_c"] = np.where(
        between & ~np.isnan(supply_start), supply_start, heat["source_temperature_c"]
    )
    result["d_supply_temperature_c"] = np.where(
        between & ~np.isnan(demand_start), demand_start, heat["d_supply_temperature_c"]
    )
    result["s_left"] = np.where(between & ~from_party, on_site.quantity_per_yr[supply_row], np.nan)
    result["d_left"] = np.where(between, on_site.quantity_per_yr[demand], np.nan)
    return result


def add_checks(
    gathered: MutableMapping[str, Column], rules: dict[str, SubstitutionRule], config: MatchConfig
) -> npt.NDArray[np.int64]:
    """Add the check columns, ``feasible`` and ``infeasible_reason``; the rows to keep."""
    table = pd.DataFrame({name: gathered[name] for name in gathered}, copy=False)
    checks, _ = run_checks(table, rules, config, reasons=False)
    feasible = np.ones(len(table), dtype=bool)
    for name in checks.columns:
        values = checks[name].array
        gathered[name] = values
        feasible &= values.to_numpy(dtype=bool, na_value=True)
    gathered["feasible"] = feasible
    if not config.keep_infeasible:
        gathered["infeasible_reason"] = pd.Categorical.from_codes(
            np.zeros(len(table), dtype=np.int8), categories=pd.Index([""], dtype="str")
        )
        return np.flatnonzero(feasible)
    # Reasons are written for the failed candidates only.
    failed_rows = np.flatnonzero(~feasible)
    as_text = pd.DataFrame(
        {name: output_rows(array_of(table[name]), failed_rows) for name in table.columns},
        copy=False,
    )
    _, failed = run_checks(as_text, rules, config)
    reasons = np.full(len(table), "", dtype=object)
    reasons[failed_rows] = failed.to_numpy(dtype=object)
    gathered["infeasible_reason"] = pd.array(reasons, dtype="str")
    return np.arange(len(feasible))


def _demand_checks(flows: pd.DataFrame) -> DemandFilter:
    """The checks of a rule and a demand alone (:func:`rule_checks.demand_checks_pass`), as a
    filter of :func:`candidate_pairs`."""
    use = labels(flows["use"])
    potable_required = pd.array(flows["potable_required"], dtype="boolean")
    food_contact = pd.array(flows["food_contact"], dtype="boolean")

    def allowed(groups: pd.DataFrame) -> npt.NDArray[np.bool_]:
        demand = groups["demand_idx"].to_numpy(dtype=np.int64)
        table = pd.DataFrame(
            {
                "rule_id": groups["rule_id"],
                "supply_resource": groups["supply_resource"],
                "d_use": labels_at(use, demand),
                "d_food_contact": food_contact.take(demand),
                "d_potable_required": potable_required.take(demand),
            }
        )
        return demand_checks_pass(table, substitution_rules())

    return allowed


def candidate_table(
    inputs: MatchInputs, config: MatchConfig, progress: Callable[[str], None] | None = None
) -> Candidates:
    """Every candidate pair through the rules and a spatial index, with its supply and demand
    fields (:func:`gather_fields`).

    When only feasible candidates are kept, demands that their use refuses take no pair at all.
    """
    refused_early = None if config.keep_infeasible else _demand_checks(inputs.flows)
    pairs = candidate_pairs(
        inputs.flows, inputs.outside, config, progress=progress, demand_filter=refused_early
    )
    if progress is not None:
        progress(f"{len(pairs)} candidate pairs; checks and scores")
    return Candidates(gather_fields(pairs, inputs))


def checked_candidates(
    inputs: MatchInputs,
    config: MatchConfig,
    progress: Callable[[str], None] | None = None,
) -> tuple[Candidates, npt.NDArray[np.int64]]:
    """Every candidate pair with its fields, quantity and checks, and the rows to keep.

    Returns
    -------
    columns : Candidates
        One entry per column, one row per pair (:data:`~symbiosis.matching.candidates.PAIR_COLUMNS`,
        the supply ``s_*`` and demand ``d_*`` fields, ``quantity_per_yr``, ``demand_share``,
        ``supply_share``, the check columns, ``feasible`` and ``infeasible_reason``); text
        columns are categoricals.
    kept : numpy.ndarray
        The feasible rows, or every row when ``config.keep_infeasible``.
    """
    columns = candidate_table(inputs, config, progress)
    add_quantities(columns, config, inputs.profiles, inputs.on_site)
    kept = add_checks(columns, substitution_rules(), config)
    return columns, kept


#: Columns of :func:`find_candidates`.
CANDIDATE_COLUMNS: tuple[str, ...] = (
    "rule_id",
    "supplier_id",
    "supplier_is_outside",
    "supply_flow_id",
    "demand_flow_id",
    "supply_resource",
    "demand_resource",
    "quantity_per_yr",
    "demand_share",
    "supply_share",
    "distance_km",
    *CHECK_COLUMNS,
    "feasible",
    "infeasible_reason",
)


def find_candidates(zone: Zone, config: MatchConfig | None = None) -> pd.DataFrame:
    """The candidates of :func:`~symbiosis.matching.match` with their checks, before any price.

    What :func:`symbiosis.testing.reference_candidates` computes pair by pair, vectorised:
    which supplies could meet which demands, how much could move and which checks pass.

    Parameters
    ----------
    zone : Zone
    config : MatchConfig, optional
        The matcher's settings (the defaults when None).

    Returns
    -------
    pandas.DataFrame
        :data:`CANDIDATE_COLUMNS`, one row per feasible candidate (every candidate with
        ``config.keep_infeasible``): ``supply_flow_id`` missing for an outside supplier,
        ``quantity_per_yr`` [canonical unit per year], ``distance_km`` [km]. Sorted by demand
        flow, then supply flow (outside suppliers last).

    Examples
    --------
    >>> from symbiosis import load_example
    >>> table = find_candidates(load_example("toy"))
    >>> row = table[table["demand_flow_id"] == "F09"].iloc[0]
    >>> str(row["rule_id"]), str(row["supply_flow_id"]), float(row["quantity_per_yr"])
    ('fish_byproducts_to_processors', 'F03', 400.0)
    """
    config = config or MatchConfig()
    inputs = match_inputs(zone, config.dt_min_k)
    columns, kept = checked_candidates(inputs, config)
    text_ids = inputs.flows["id"].array
    supply = np.asarray(columns["supply_idx"])[kept]
    ids = {
        "supply_flow_id": text_ids.take(supply, allow_fill=True),
        "demand_flow_id": text_ids.take(np.asarray(columns["demand_idx"])[kept]),
    }
    return pd.DataFrame(
        {
            name: ids[name] if name in ids else output_rows(columns[name], kept)
            for name in CANDIDATE_COLUMNS
        },
        copy=False,
    )
