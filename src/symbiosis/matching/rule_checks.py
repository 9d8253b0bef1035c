"""The checks of candidate pairs that the substitution rules ask for, on whole columns.

:func:`run_checks` applies, per rule, the conditions of ``catalogue/rules.yaml`` (quality
limits, temperature approach, potable requirement, the demand's use) plus the distance and
quantity checks, and writes the reason of every failure with the numbers compared. The
building blocks (limit comparison, temperature coverage, wording) are in
:mod:`symbiosis.matching.checks`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import SubstitutionRule, resource_catalogue, use_catalogue
from symbiosis.matching.checks import (
    CHECK_COLUMNS,
    format_number,
    formatted,
    join_reasons,
    limit_check,
    limit_reason,
)
from symbiosis.matching.config import MatchConfig

__all__ = ["run_checks"]

BoolArray = npt.NDArray[np.bool_]


def _nullable(values: BoolArray, applies: BoolArray, index: pd.Index) -> pd.Series:
    array = pd.array(values & applies, dtype="boolean")
    array[~applies] = pd.NA
    return pd.Series(array, index=index)


def _rule_mask(
    candidates: pd.DataFrame, rules: dict[str, SubstitutionRule], attribute: str
) -> BoolArray:
    wanted = [rule_id for rule_id, rule in rules.items() if getattr(rule, attribute)]
    return candidates["rule_id"].isin(wanted).to_numpy()


def _temperature(
    candidates: pd.DataFrame,
    rules: dict[str, SubstitutionRule],
    dt_min_k: float,
    with_reasons: bool,
) -> tuple[pd.Series, pd.Series]:
    index = candidates.index
    approach = _rule_mask(candidates, rules, "temperature_approach")
    source = candidates["source_temperature_c"]
    target = candidates["demand_target_c"]
    start = candidates["d_supply_temperature_c"]
    reach = source - dt_min_k
    passed_approach = candidates["temperature_share"].to_numpy() > 0
    # Other rules: the demand's minimum temperature against the supply's temperature.
    minimum = candidates["d_min_temperature_c"]
    plain = ~approach & minimum.notna().to_numpy()
    supply_t = candidates["s_temperature_c"]
    passed_plain = (supply_t.to_numpy() >= minimum.to_numpy()) & supply_t.notna().to_numpy()
    passed = _nullable(np.where(approach, passed_approach, passed_plain), approach | plain, index)
    reasons = pd.Series("", index=index, dtype="str")
    failed = passed.eq(False).fillna(False).to_numpy(dtype=bool)
    if with_reasons and failed.any():
        rows = index[failed]
        reach_text = (
            "the source at "
            + formatted(source[rows])
            + " °C, less ΔTmin "
            + format_number(dt_min_k)
            + " K, reaches only "
            + formatted(reach[rows])
            + " °C"
        )
        heated = (
            "the demand is heated from "
            + formatted(start[rows])
            + " °C to "
            + formatted(target[rows])
            + " °C; "
            + reach_text
        )
        needs = "the demand needs " + formatted(target[rows]) + " °C; " + reach_text
        at_least = (
            "the demand needs at least "
            + formatted(minimum[rows])
            + " °C; the supply is at "
            + formatted(supply_t[rows])
            + " °C"
        )
        text = np.select(
            [
                ~approach[failed] & supply_t[rows].isna().to_numpy(),
                ~approach[failed],
                source[rows].isna().to_numpy(),
                target[rows].isna().to_numpy(),
                start[rows].isna().to_numpy(),
            ],
            [
                "the supply's temperature is unknown (quality unknown)",
                at_least,
                "the supply's temperature is unknown (quality unknown)",
                "the temperature the demand must reach is unknown (give target_temperature_c)",
                needs,
            ],
            default=heated,
        )
        reasons[rows] = pd.Series(text, index=rows, dtype="str")
    return passed, reasons


def _use_allowed(
    candidates: pd.DataFrame, rules: dict[str, SubstitutionRule], with_reasons: bool
) -> tuple[pd.Series, pd.Series]:
    index = candidates.index
    uses = use_catalogue()
    labels = {rid: resource.label_en for rid, resource in resource_catalogue().items()}
    use = candidates["d_use"]
    stated = use.notna().to_numpy()
    rule_id = candidates["rule_id"]
    applies = np.zeros(len(candidates), dtype=bool)
    passed = np.ones(len(candidates), dtype=bool)
    reasons = pd.Series("", index=index, dtype="str")
    if with_reasons:
        supply_label = candidates["supply_resource"].map(labels).astype("str")
        use_label = use.map({uid: item.label_en for uid, item in uses.items()}).fillna("")
        use_source = use.map({uid: item.source for uid, item in uses.items()}).fillna("")
        use_label, use_source = use_label.astype("str"), use_source.astype("str")
    food_use = use.map({uid: item.food_contact for uid, item in uses.items()})
    touches_food = candidates["d_food_contact"].eq(True).fillna(False).to_numpy(
        dtype=bool
    ) | food_use.eq(True).fillna(False).to_numpy(dtype=bool)
    for rid, rule in rules.items():
        if not (rule.requires_use_flag or rule.allowed_uses or rule.forbid_food_contact):
            continue
        rows = (rule_id == rid).to_numpy()
        if not rows.any():
            continue
        applies |= rows
        unstated = rows & ~stated
        passed &= ~unstated
        if with_reasons:
            reasons[unstated] = (
                "the demand does not state its use, so "
                + supply_label[unstated]
                + " cannot be allowed (set the flow's use, e.g. whole_fish_washing)"
            )
        checked = rows & stated
        if rule.requires_use_flag:
            flag = use.map(
                {uid: getattr(item, rule.requires_use_flag) for uid, item in uses.items()}
            )
            refused = checked & ~flag.eq(True).fillna(False).to_numpy(dtype=bool)
            passed &= ~refused
            if with_reasons:
                reasons[refused] = (
                    "the demand's use, "
                    + use_label[refused]
                    + ", does not allow "
                    + supply_label[refused]
                    + " ("
                    + use_source[refused]
                    + ")"
                )
            checked &= ~refused
        if rule.allowed_uses:
            outside_scope = checked & ~use.isin(rule.allowed_uses).to_numpy()
            passed &= ~outside_scope
            if with_reasons:
                reasons[outside_scope] = (
                    "the demand's use, "
                    + use_label[outside_scope]
                    + ", is not one this rule serves ("
                    + ", ".join(rule.allowed_uses)
                    + ")"
                )
            checked &= ~outside_scope
        if rule.forbid_food_contact:
            food = checked & touches_food
            passed &= ~food
            if with_reasons:
                reasons[food] = (
                    "the demand's water touches food, which " + supply_label[food] + " must not"
                )
    return _nullable(passed, applies, index), reasons


def run_checks(
    candidates: pd.DataFrame,
    rules: dict[str, SubstitutionRule],
    config: MatchConfig,
    reasons: bool = True,
) -> tuple[pd.DataFrame, pd.Series]:
    """Every check of every candidate, and the reasons of the failures.

    Parameters
    ----------
    candidates : pandas.DataFrame
        Candidate pairs with the supply (``s_*``) and demand (``d_*``) columns gathered by the
        matcher, ``source_temperature_c``, ``demand_target_c``, ``temperature_share``,
        ``demand_share``, ``distance_km`` and ``max_distance_km``.
    rules : dict
        The substitution rules by id.
    config : MatchConfig
        ``dt_min_k`` and ``min_demand_share``.
    reasons : bool
        Write the reasons; False leaves them '' (faster when only feasible rows are kept).

    Returns
    -------
    checks : pandas.DataFrame
        The :data:`CHECK_COLUMNS`, nullable booleans.
    reasons : pandas.Series
        The failed checks in plain words with the numbers, '' for a feasible candidate.
    """
    index = candidates.index
    parts: list[pd.Series] = []
    checks: dict[str, pd.Series] = {}
    for name, supply_col, limit_col, what, unit, attribute in [
        (
            "check_salinity",
            "s_salinity_g_per_l",
            "d_max_salinity_g_per_l",
            "salt",
            "g/L",
            "check_salinity",
        ),
        ("check_cod", "s_cod_mg_per_l", "d_max_cod_mg_per_l", "COD", "mg/L", "check_cod"),
        (
            "check_suspended_solids",
            "s_suspended_solids_mg_per_l",
            "d_max_suspended_solids_mg_per_l",
            "suspended solids",
            "mg/L",
            "check_suspended_solids",
        ),
    ]:
        applies = _rule_mask(candidates, rules, attribute)
        passed, unknown = limit_check(candidates[supply_col], candidates[limit_col], applies)
        checks[name] = passed
        if reasons:
            supplied, limit = candidates[supply_col], candidates[limit_col]
            parts.append(limit_reason(passed, unknown, supplied, limit, what, unit))

    checks["check_temperature"], reason = _temperature(candidates, rules, config.dt_min_k, reasons)
    parts.append(reason)

    applies = _rule_mask(candidates, rules, "forbid_potable_required")
    needs_potable = candidates["d_potable_required"].eq(True).fillna(False).to_numpy(dtype=bool)
    not_potable = (candidates["supply_resource"] != "water.potable").to_numpy()
    checks["check_potable"] = _nullable(~(needs_potable & not_potable), applies, index)
    failed = applies & needs_potable & not_potable
    labels = {rid: resource.label_en for rid, resource in resource_catalogue().items()}
    if reasons:
        reason = pd.Series("", index=index, dtype="str")
        reason[failed] = "the demand requires potable water; the supply is " + candidates.loc[
            failed, "supply_resource"
        ].map(labels).astype("str")
        parts.append(reason)

    checks["check_use_allowed"], reason = _use_allowed(candidates, rules, reasons)
    parts.append(reason)

    distance = candidates["distance_km"]
    limit = candidates["max_distance_km"]
    within = (distance <= limit).to_numpy()
    checks["check_distance"] = _nullable(within, np.ones(len(index), dtype=bool), index)
    reason = pd.Series("", index=index, dtype="str")
    far = ~within
    if reasons and far.any():
        mode = candidates.loc[far, "transport_mode"].map({"pipe": "a pipe", "truck": "trucking"})
        reason[far] = (
            "the sites are "
            + formatted(distance[far])
            + " km apart; "
            + mode.astype("str")
            + " is sensible up to "
            + formatted(limit[far])
            + " km"
        )
    parts.append(reason)

    # Material to one side is enough: many small suppliers may feed one large processor.
    share = candidates["demand_share"]
    supply_share = candidates["supply_share"].fillna(0.0)
    applies = ~checks["check_temperature"].eq(False).fillna(False).to_numpy(dtype=bool)
    enough = (np.maximum(share, supply_share) >= config.min_demand_share).to_numpy()
    checks["check_quantity"] = _nullable(enough, applies, index)
    small = applies & ~enough
    reason = pd.Series("", index=index, dtype="str")
    if reasons:
        reason[small] = (
            "it would cover only "
            + formatted(100 * share[small])
            + " % of the demand and use "
            + formatted(100 * supply_share[small])
            + " % of the supply (at least "
            + format_number(100 * config.min_demand_share)
            + " % of one of them is asked)"
        )
    parts.append(reason)
    table = pd.DataFrame({name: checks[name] for name in CHECK_COLUMNS}, index=index)
    if not reasons:
        return table, pd.Series("", index=index, dtype="str")
    return table, join_reasons(parts)
