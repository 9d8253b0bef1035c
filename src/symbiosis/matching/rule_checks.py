"""The checks of candidate pairs that the substitution rules ask for, on whole columns.

:func:`run_checks` applies, per rule, the conditions of ``catalogue/rules.yaml`` (quality
limits, temperature approach, potable requirement, the demand's use) plus the distance and
quantity checks, and writes the reason of every failure with the numbers compared. The
building blocks (limit comparison, temperature coverage, wording) are in
:mod:`symbiosis.matching.checks`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import (
    SubstitutionRule,
    outlet_refusal,
    outlet_rules,
    resource_catalogue,
    use_catalogue,
)
from symbiosis.catalogue.quality import QualityParameter, limit_checked_parameters
from symbiosis.matching.checks import (
    CHECK_COLUMNS,
    CheckOutcome,
    format_number,
    formatted,
    join_reasons,
    limit_check,
    limit_reason,
)
from symbiosis.matching.config import MatchConfig

__all__ = ["demand_checks_pass", "run_checks"]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]


class _Codes(NamedTuple):
    """A text column as integer codes into its distinct values, -1 where the value is missing.

    Looking a property up once per distinct value, then by code, is much faster than
    ``Series.map`` or ``isin`` on text: a column has a few dozen values over 100,000 rows.
    """

    codes: npt.NDArray[np.intp]
    values: list[Any]

    @classmethod
    def of(cls, column: pd.Series) -> _Codes:
        codes, uniques = pd.factorize(column)
        return cls(np.asarray(codes, dtype=np.intp), list(uniques))

    def lookup(self, table: Mapping[Any, bool], missing: bool) -> BoolArray:
        """``table[value]`` of each row; ``missing`` where the value is missing or not in it."""
        per_value = [table.get(value, missing) for value in self.values] + [missing]
        # A missing value has code -1, which takes the last entry.
        return np.array(per_value, dtype=bool)[self.codes]

    def rows_of(self, value: Any) -> BoolArray:
        """The rows holding ``value``."""
        return self.lookup({value: True}, missing=False)


def _floats(candidates: pd.DataFrame, column: str) -> FloatArray:
    """A column as floats, NaN where missing."""
    return candidates[column].to_numpy(dtype=float)


def _true(candidates: pd.DataFrame, column: str) -> BoolArray:
    """A nullable boolean column as bool, missing values as False."""
    return candidates[column].to_numpy(dtype=bool, na_value=False)


def _rule_mask(
    rule_of_row: _Codes, rules: dict[str, SubstitutionRule], attribute: str
) -> BoolArray:
    """The rows whose rule sets ``attribute`` (a condition of ``rules.yaml``)."""
    return rule_of_row.lookup(
        {rule_id: bool(getattr(rule, attribute)) for rule_id, rule in rules.items()},
        missing=False,
    )


def _asks_for(
    rule_of_row: _Codes, rules: dict[str, SubstitutionRule], parameter: QualityParameter
) -> BoolArray:
    """The rows whose rule compares ``parameter`` (``quality_checks`` of ``rules.yaml``)."""
    return rule_of_row.lookup(
        {rule_id: parameter.id in rule.quality_checks for rule_id, rule in rules.items()},
        missing=False,
    )


def _supply_column(parameter: QualityParameter) -> str:
    return "s_" + parameter.supply_field


def _limit_column(parameter: QualityParameter) -> str:
    return "d_" + parameter.limit_field


def _temperature(candidates: pd.DataFrame, approach: BoolArray) -> CheckOutcome:
    """Heat by the temperature approach (the share covered, > 0); else the demand's minimum."""
    passed_approach = _floats(candidates, "temperature_share") > 0
    minimum = _floats(candidates, "d_min_temperature_c")
    supply_t = _floats(candidates, "s_temperature_c")
    plain = ~approach & ~np.isnan(minimum)
    passed_plain = (supply_t >= minimum) & ~np.isnan(supply_t)
    applies = approach | plain
    return CheckOutcome(applies & np.where(approach, passed_approach, passed_plain), applies)


def _temperature_reason(
    candidates: pd.DataFrame, outcome: CheckOutcome, approach: BoolArray, dt_min_k: float
) -> pd.Series:
    index = candidates.index
    reasons = pd.Series("", index=index, dtype="str")
    failed = outcome.failed
    if not failed.any():
        return reasons
    source = candidates["source_temperature_c"]
    target = candidates["demand_target_c"]
    start = candidates["d_supply_temperature_c"]
    minimum = candidates["d_min_temperature_c"]
    supply_t = candidates["s_temperature_c"]
    reach = source - dt_min_k
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
    if "d_on_site_to_c" in candidates.columns:
        # On-site first: the receiver's own recovery heats the bottom of the demand.
        own = candidates["d_on_site_to_c"][rows]
        by_itself = (
            "the demand is heated from "
            + formatted(start[rows])
            + " °C to "
            + formatted(target[rows])
            + " °C, its own company heating it to "
            + formatted(own)
            + " °C first (on-site recovery); "
            + reach_text
        )
        heated = by_itself.where(own.notna().to_numpy(), heated)
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
    return reasons


def _potable(candidates: pd.DataFrame, applies: BoolArray) -> CheckOutcome:
    """A demand that requires potable water takes nothing but ``water.potable``."""
    asked = applies & _true(candidates, "d_potable_required")
    refused = np.zeros(len(candidates), dtype=bool)
    # The supply's resource is compared only where it matters: a fraction of the rows.
    refused[asked] = (candidates["supply_resource"][asked] != "water.potable").to_numpy(dtype=bool)
    return CheckOutcome(applies & ~refused, applies)


def _potable_reason(candidates: pd.DataFrame, outcome: CheckOutcome) -> pd.Series:
    reasons = pd.Series("", index=candidates.index, dtype="str")
    failed = outcome.failed
    if failed.any():
        labels = {rid: resource.label_en for rid, resource in resource_catalogue().items()}
        supply = candidates.loc[failed, "supply_resource"]
        reasons[failed] = "the demand requires potable water; the supply is " + supply.map(
            labels
        ).astype("str")
    return reasons


class _UseRefusals(NamedTuple):
    """Why the demand's use refuses a candidate, one mask per reason (at most one per row)."""

    unstated: BoolArray
    flag_unset: BoolArray
    outside_scope: BoolArray
    touches_food: BoolArray

    def refused(self) -> BoolArray:
        """Refused for any reason."""
        return self.unstated | self.flag_unset | self.outside_scope | self.touches_food


def _use_allowed(
    candidates: pd.DataFrame, rule_of_row: _Codes, rules: dict[str, SubstitutionRule]
) -> tuple[CheckOutcome, _UseRefusals]:
    """The demand's use against the rule's use flag, allowed uses and food contact."""
    uses = use_catalogue()
    use_of_row = _Codes.of(candidates["d_use"])
    stated = use_of_row.codes >= 0
    food_use = use_of_row.lookup({uid: item.food_contact for uid, item in uses.items()}, False)
    food_contact = _true(candidates, "d_food_contact") | food_use
    count = len(candidates)
    applies = np.zeros(count, dtype=bool)
    refusals = _UseRefusals(*(np.zeros(count, dtype=bool) for _ in _UseRefusals._fields))
    for rid, rule in rules.items():
        if not (rule.requires_use_flag or rule.allowed_uses or rule.forbid_food_contact):
            continue
        rows = rule_of_row.rows_of(rid)
        if not rows.any():
            continue
        applies |= rows
        refusals.unstated[rows & ~stated] = True
        checked = rows & stated
        if rule.requires_use_flag:
            flag = use_of_row.lookup(
                {uid: bool(getattr(item, rule.requires_use_flag)) for uid, item in uses.items()},
                missing=False,
            )
            refusals.flag_unset[checked & ~flag] = True
            checked &= flag
        if rule.allowed_uses:
            served = use_of_row.lookup(dict.fromkeys(rule.allowed_uses, True), missing=False)
            refusals.outside_scope[checked & ~served] = True
            checked &= served
        if rule.forbid_food_contact:
            refusals.touches_food[checked & food_contact] = True
    return CheckOutcome(applies & ~refusals.refused(), applies), refusals


def _use_reason(
    candidates: pd.DataFrame,
    refusals: _UseRefusals,
    rule_id: pd.Series,
    rules: dict[str, SubstitutionRule],
) -> pd.Series:
    """Plain words for each refusal of :func:`_use_allowed`, at most one per row."""
    reasons = pd.Series("", index=candidates.index, dtype="str")
    if not refusals.refused().any():
        return reasons
    uses = use_catalogue()
    labels = {rid: resource.label_en for rid, resource in resource_catalogue().items()}
    use = candidates["d_use"]
    supply_label = candidates["supply_resource"].map(labels).astype("str")
    # As text before filling, so that a categorical column takes '' too.
    use_label = use.map({uid: item.label_en for uid, item in uses.items()}).astype("str")
    use_source = use.map({uid: item.source for uid, item in uses.items()}).astype("str")
    use_label, use_source = use_label.fillna(""), use_source.fillna("")
    unstated, flag_unset, outside_scope, food = refusals
    reasons[unstated] = (
        "the demand does not state its use, so "
        + supply_label[unstated]
        + " cannot be allowed (set the flow's use, e.g. whole_fish_washing)"
    )
    reasons[flag_unset] = (
        "the demand's use, "
        + use_label[flag_unset]
        + ", does not allow "
        + supply_label[flag_unset]
        + " ("
        + use_source[flag_unset]
        + ")"
    )
    served = rule_id[outside_scope].map(
        {rid: ", ".join(rule.allowed_uses or ()) for rid, rule in rules.items()}
    )
    reasons[outside_scope] = (
        "the demand's use, "
        + use_label[outside_scope]
        + ", is not one this rule serves ("
        + served.astype("str")
        + ")"
    )
    reasons[food] = "the demand's water touches food, which " + supply_label[food] + " must not"
    return reasons


def _outlets(candidates: pd.DataFrame) -> tuple[CheckOutcome, pd.Series]:
    """Where a regulated supply may go (``rules.yaml``: ``outlet_rules``), and the refusals.

    Animal by-products by category, recycled plastic and hazardous waste, whatever rule pairs
    them: the demand's use is the outlet. Reads ``supply_resource``, ``s_abp_category``,
    ``s_hazardous`` and ``d_use``; the reasons name the regulation.
    """
    count = len(candidates)
    applies = np.zeros(count, dtype=bool)
    refused = np.zeros(count, dtype=bool)
    reasons = pd.Series("", index=candidates.index, dtype="str")
    rules = outlet_rules()
    resources = {r for rule in rules.values() for r in rule.when.supply_resources}
    category = _floats(candidates, "s_abp_category")
    hazardous = _floats(candidates, "s_hazardous") > 0
    supply = candidates["supply_resource"]
    # Only regulated supplies are looked at: a few rows of a zone's candidates.
    regulated = ~np.isnan(category) | hazardous | supply.isin(resources).to_numpy(dtype=bool)
    if not regulated.any():
        return CheckOutcome(applies, applies), reasons
    rows = np.flatnonzero(regulated)
    keys = pd.MultiIndex.from_arrays(
        [
            supply.iloc[rows].astype(str).to_numpy(),
            category[rows],
            hazardous[rows],
            candidates["d_use"].iloc[rows].astype(object).to_numpy(),
        ]
    )
    codes, distinct = pd.factorize(keys)
    for position, (resource, abp, danger, use) in enumerate(distinct):
        abp_category = None if np.isnan(abp) else int(abp)
        covered = any(rule.applies(resource, abp_category, bool(danger)) for rule in rules.values())
        if not covered:
            continue
        at = rows[codes == position]
        applies[at] = True
        stated = None if pd.isna(use) else str(use)
        refusal = outlet_refusal(resource, abp_category, bool(danger), stated)
        if refusal is not None:
            refused[at] = True
            reasons.iloc[at] = refusal.reason
    return CheckOutcome(applies & ~refused, applies), reasons


def _distance_reason(candidates: pd.DataFrame, outcome: CheckOutcome) -> pd.Series:
    reasons = pd.Series("", index=candidates.index, dtype="str")
    far = outcome.failed
    if far.any():
        distance = candidates["distance_km"]
        limit = candidates["max_distance_km"]
        mode = candidates.loc[far, "transport_mode"].map({"pipe": "a pipe", "truck": "trucking"})
        reasons[far] = (
            "the sites are "
            + formatted(distance[far])
            + " km apart; "
            + mode.astype("str")
            + " is sensible up to "
            + formatted(limit[far])
            + " km"
        )
    return reasons


def _quantity(
    candidates: pd.DataFrame, temperature: CheckOutcome, min_demand_share: float
) -> CheckOutcome:
    """Enough of the demand or of the supply moves; not asked when the temperature fails."""
    # Material to one side is enough: many small suppliers may feed one large processor.
    supply_share = _floats(candidates, "supply_share")
    supply_share = np.where(np.isnan(supply_share), 0.0, supply_share)
    enough = np.maximum(_floats(candidates, "demand_share"), supply_share) >= min_demand_share
    applies = ~temperature.failed
    return CheckOutcome(applies & enough, applies)


def _quantity_reason(
    candidates: pd.DataFrame, outcome: CheckOutcome, min_demand_share: float
) -> pd.Series:
    reasons = pd.Series("", index=candidates.index, dtype="str")
    small = outcome.failed
    if small.any():
        share = candidates["demand_share"]
        supply_share = candidates["supply_share"].fillna(0.0)
        reasons[small] = (
            "it would cover only "
            + formatted(100 * share[small])
            + " % of the demand and use "
            + formatted(100 * supply_share[small])
            + " % of the supply (at least "
            + format_number(100 * min_demand_share)
            + " % of one of them is asked)"
        )
    return reasons


def demand_checks_pass(candidates: pd.DataFrame, rules: dict[str, SubstitutionRule]) -> BoolArray:
    """Whether each candidate passes the checks that depend on its rule and demand only.

    The use the demand's water serves (``check_use_allowed``) and its need of potable water
    (``check_potable``), exactly as :func:`run_checks` decides them; a check that does not apply
    passes. The matcher asks before pairing: a demand refused here fails with every supplier.

    Parameters
    ----------
    candidates : pandas.DataFrame
        ``rule_id``, ``supply_resource``, ``d_use``, ``d_food_contact`` and
        ``d_potable_required``.
    rules : dict
        The substitution rules by id.
    """
    rule_of_row = _Codes.of(candidates["rule_id"])
    use, _ = _use_allowed(candidates, rule_of_row, rules)
    potable = _potable(candidates, _rule_mask(rule_of_row, rules, "forbid_potable_required"))
    return ~use.failed & ~potable.failed


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
    rule_of_row = _Codes.of(candidates["rule_id"])
    outcomes: dict[str, CheckOutcome] = {}
    unknown: dict[str, BoolArray] = {}
    limits = limit_checked_parameters()
    for parameter in limits:
        check = parameter.check_column
        asks = _asks_for(rule_of_row, rules, parameter)
        if parameter.supply_resources:
            supplied = candidates["supply_resource"].astype("str")
            asks = asks & supplied.isin(parameter.supply_resources).to_numpy(dtype=bool)
        outcomes[check], unknown[check] = limit_check(
            _floats(candidates, _supply_column(parameter)),
            _floats(candidates, _limit_column(parameter)),
            asks,
            parameter.comparison,
        )
    approach = _rule_mask(rule_of_row, rules, "temperature_approach")
    outcomes["check_temperature"] = _temperature(candidates, approach)
    outcomes["check_potable"] = _potable(
        candidates, _rule_mask(rule_of_row, rules, "forbid_potable_required")
    )
    use_outcome, refusals = _use_allowed(candidates, rule_of_row, rules)
    # The outlet of a regulated material is a condition on the demand's use too.
    outlet, outlet_reasons = _outlets(candidates)
    applies = use_outcome.applies | outlet.applies
    outcomes["check_use_allowed"] = CheckOutcome(
        applies & ~use_outcome.failed & ~outlet.failed, applies
    )
    within = _floats(candidates, "distance_km") <= _floats(candidates, "max_distance_km")
    outcomes["check_distance"] = CheckOutcome(within, np.ones(len(index), dtype=bool))
    outcomes["check_quantity"] = _quantity(
        candidates, outcomes["check_temperature"], config.min_demand_share
    )
    table = pd.DataFrame(
        {name: outcomes[name].as_array() for name in CHECK_COLUMNS}, index=index, copy=False
    )
    if not reasons:
        return table, pd.Series("", index=index, dtype="str")
    parts = [
        limit_reason(
            outcomes[parameter.check_column],
            unknown[parameter.check_column],
            candidates[_supply_column(parameter)],
            candidates[_limit_column(parameter)],
            parameter,
        )
        for parameter in limits
    ]
    parts += [
        _temperature_reason(candidates, outcomes["check_temperature"], approach, config.dt_min_k),
        _potable_reason(candidates, outcomes["check_potable"]),
        _use_reason(candidates, refusals, candidates["rule_id"], rules),
        outlet_reasons,
        _distance_reason(candidates, outcomes["check_distance"]),
        _quantity_reason(candidates, outcomes["check_quantity"], config.min_demand_share),
    ]
    return table, join_reasons(parts)
