"""The ORACLE: a pair-by-pair reference for the matcher's candidate finding, for tests only.

:func:`reference_candidates` is a deliberately plain, slow, row-by-row re-implementation of what
:func:`symbiosis.matching.find_candidates` and :func:`symbiosis.matching.match` find: a Python
double loop over demand and supply flows (and outside parties) that applies, one pair at a time,
the rule that pairs the two resources, the distance limit, the nearest partners and every check.
Its cost grows with the product of supplies and demands. It exists so that the test suite
(``tests/testing/``) and the scale benchmark (``benchmarks/bench_scale.py``) can check the
vectorised matcher against an implementation simple enough to read line by line;
:func:`compare_with_reference` lists the differences between the two.

It must not be used for real work: it is slow, it returns only the pairs and their quantities
(no prices, scores, rankings or pools), and it follows the matcher rather than defining it.
When the two disagree, either may be wrong; read both.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import pandas as pd

from symbiosis.catalogue import (
    expand_rules,
    get_resource,
    is_hazardous,
    outlet_refusal,
    outside_supply_quality,
    substitution_rules,
    supply_abp_category,
    use_catalogue,
)
from symbiosis.catalogue.quality import QualityParameter, quality_parameters
from symbiosis.matching import MatchConfig
from symbiosis.schemas import Flow, Zone
from symbiosis.targeting.on_site import heat_after_on_site

__all__ = [
    "REFERENCE_COLUMNS",
    "compare_with_reference",
    "reference_candidates",
    "second_law_heat_mwh",
]

#: Columns of :func:`reference_candidates`.
REFERENCE_COLUMNS: tuple[str, ...] = (
    "rule_id",
    "supplier_id",
    "supply_flow_id",
    "demand_flow_id",
    "quantity_per_yr",
    "distance_km",
)

_EARTH_RADIUS_KM = 6371.0088


def _haversine_km(
    latitude1: float, longitude1: float, latitude2: float, longitude2: float
) -> float:
    phi1, phi2 = math.radians(latitude1), math.radians(latitude2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = (math.radians(longitude2) - math.radians(longitude1)) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


def _coverage(
    source_c: float | None,
    source_out_c: float | None,
    demand_in_c: float | None,
    demand_target_c: float | None,
    dt_min_k: float,
) -> tuple[float, float]:
    """Shares of the demand and of the source a heat source covers (temperature approach)."""
    if source_c is None or demand_target_c is None:
        demand_share = 0.0
    else:
        reach = source_c - dt_min_k
        if demand_in_c is not None and demand_target_c - demand_in_c > 0:
            demand_share = (min(reach, demand_target_c) - demand_in_c) / (
                demand_target_c - demand_in_c
            )
        else:
            demand_share = 1.0 if reach >= demand_target_c else 0.0
    supply_share = 1.0
    if source_c is not None and source_out_c is not None and demand_in_c is not None:
        drop = source_c - source_out_c
        if drop > 0:
            supply_share = (source_c - max(source_out_c, demand_in_c + dt_min_k)) / drop
    return min(max(demand_share, 0.0), 1.0), min(max(supply_share, 0.0), 1.0)


def _within_limit(value: float | None, limit: float | None, parameter: QualityParameter) -> bool:
    """A supply's quality against a demand's limit: no limit passes, an unknown value fails."""
    if limit is None:
        return True
    if value is None:
        return False
    return value <= limit if parameter.comparison == "at_most" else value >= limit


def reference_candidates(zone: Zone, config: MatchConfig | None = None) -> pd.DataFrame:
    """The feasible candidates of :func:`symbiosis.matching.match`, found pair by pair.

    A deliberately plain reimplementation of the matcher's candidate generation, for tests and
    the scale benchmark: a Python double loop over demand and supply flows (and outside
    parties) that applies, one pair at a time, the rule that pairs the two resources
    (``catalogue/rules.yaml``), the distance limit of the supply's transport mode, the nearest
    partners and every check of :mod:`symbiosis.matching` (quality limits, temperature
    approach, potable water, use, quantity; a heat exchange between two companies moves only
    what each company leaves after its own recovery, from
    :func:`symbiosis.targeting.on_site.heat_after_on_site`). With
    ``max_suppliers_per_demand`` = K a pair stays when the supplier company is among the K
    nearest supplier companies of the demand or the receiver among the K nearest receiver
    companies of the supply (per rule and supply resource; ties by company id). Its cost grows
    with the product of supplies and demands, which is what the vectorised matcher avoids.

    Parameters
    ----------
    zone : Zone
    config : MatchConfig, optional
        The matcher's settings; read are ``rules``, ``max_distance_km``,
        ``max_suppliers_per_demand``, ``keep_infeasible`` with ``infeasible_distance_factor``
        (for the search radius), ``dt_min_k`` and ``min_demand_share``.

    Returns
    -------
    pandas.DataFrame
        :data:`REFERENCE_COLUMNS`: one row per feasible candidate, ``supply_flow_id`` None for
        an outside supplier, ``quantity_per_yr`` [canonical unit per year] and ``distance_km``
        [km]; sorted by demand flow, rule, supplier and supply flow.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> pairs = reference_candidates(load_example("toy"))
    >>> row = pairs[pairs["demand_flow_id"] == "F09"].iloc[0]
    >>> str(row["rule_id"]), str(row["supply_flow_id"]), float(row["quantity_per_yr"])
    ('fish_byproducts_to_processors', 'F03', 400.0)
    """
    config = config or MatchConfig()
    rules = substitution_rules()
    owner: dict[tuple[str, str], str] = {}
    for rule_id, supply_resource, demand_resource in expand_rules(rules.values()):
        if config.rules is None or rule_id in config.rules:
            owner[supply_resource, demand_resource] = rule_id
    uses = use_catalogue()
    left = {
        row.id: (row.after_on_site_per_yr, row.supply_temperature_c)
        for row in heat_after_on_site(zone, config.dt_min_k).itertuples()
    }
    default_quality = outside_supply_quality()
    sites = {company.id: (company.latitude, company.longitude) for company in zone.companies}
    supplies = [flow for flow in zone.flows if flow.direction == "supply"]
    demands = [flow for flow in zone.flows if flow.direction == "demand"]
    offers = [
        (party, resource)
        for party in sorted(zone.outside_parties, key=lambda party: party.id)
        for resource in sorted(set(party.supplies))
    ]

    def reach_km(resource_id: str) -> tuple[str, float, float]:
        resource = get_resource(resource_id)
        limit = config.max_distance_km.get(resource.transport)
        max_distance = float(resource.max_distance_km if limit is None else limit)
        factor = config.infeasible_distance_factor if config.keep_infeasible else 1.0
        return resource.transport, max_distance, max_distance * factor

    def evaluate(
        rule_id: str,
        supply_resource: str,
        supply: Flow | None,
        quality: dict[str, float | None],
        demand: Flow,
    ) -> float | None:
        """The quantity of a feasible candidate, or None when a check fails."""
        rule = rules[rule_id]
        # What the demand leaves empty, its use gives (uses.yaml).
        use_of_demand = None if demand.use is None else uses[demand.use]
        for parameter_id in rule.quality_checks:
            parameter = quality_parameters()[parameter_id]
            if parameter.supply_resources and supply_resource not in parameter.supply_resources:
                continue
            value = quality[parameter.supply_field]
            limit = getattr(demand, parameter.limit_field)
            if limit is None and use_of_demand is not None:
                limit = use_of_demand.quality_limits.get(parameter.limit_field)
            if not _within_limit(value, limit, parameter):
                return None
        demand_cover = supply_cover = 1.0
        demand_q = demand.quantity_per_yr
        supply_q = None if supply is None else supply.quantity_per_yr
        if rule.temperature_approach:
            source_c = quality["temperature_c"]
            if supply is not None and supply.supply_temperature_c is not None:
                source_c = supply.supply_temperature_c
            target_c = demand.target_temperature_c
            if target_c is None:
                target_c = demand.min_temperature_c
            demand_in_c = demand.supply_temperature_c
            # Between companies, only what each one leaves after its own recovery.
            if supply is None or supply.company_id != demand.company_id:
                if demand.id in left:
                    demand_q, start_c = left[demand.id]
                    demand_in_c = demand_in_c if math.isnan(start_c) else start_c
                if supply is not None and supply.id in left:
                    supply_q, start_c = left[supply.id]
                    source_c = source_c if math.isnan(start_c) else start_c
            demand_cover, supply_cover = _coverage(
                source_c,
                None if supply is None else supply.target_temperature_c,
                demand_in_c,
                target_c,
                config.dt_min_k,
            )
            if demand_cover <= 0:
                return None
        elif demand.min_temperature_c is not None and (
            quality["temperature_c"] is None or quality["temperature_c"] < demand.min_temperature_c
        ):
            return None
        potable_required = demand.potable_required
        if potable_required is None and use_of_demand is not None:
            potable_required = use_of_demand.potable_required
        if (
            rule.forbid_potable_required
            and potable_required is True
            and supply_resource != "water.potable"
        ):
            return None
        abp_category = supply_abp_category(
            supply_resource, None if supply is None else supply.abp_category
        )
        hazardous = is_hazardous(supply_resource, None if supply is None else supply.ewc_code)
        if outlet_refusal(supply_resource, abp_category, hazardous, demand.use) is not None:
            return None
        if rule.requires_use_flag or rule.allowed_uses or rule.forbid_food_contact:
            if demand.use is None:
                return None
            use = uses[demand.use]
            if rule.requires_use_flag and getattr(use, rule.requires_use_flag) is not True:
                return None
            if rule.allowed_uses and demand.use not in rule.allowed_uses:
                return None
            if rule.forbid_food_contact and (demand.food_contact is True or use.food_contact):
                return None
        if supply is None or supply_q is None:
            quantity = demand_q * demand_cover
            supply_share = 0.0
        else:
            available, wanted = supply_q * supply_cover, demand_q * demand_cover
            if supply.monthly_profile is None and demand.monthly_profile is None:
                quantity = min(available, wanted)
            else:
                # Month by month: a flow without a profile runs 1/12 of its year each month.
                supply_months = supply.monthly_profile or (1 / 12,) * 12
                demand_months = demand.monthly_profile or (1 / 12,) * 12
                quantity = math.fsum(
                    min(available * supply_m, wanted * demand_m)
                    for supply_m, demand_m in zip(supply_months, demand_months, strict=True)
                )
            whole_supply = supply.quantity_per_yr
            supply_share = min(max(quantity / whole_supply, 0.0), 1.0) if whole_supply > 0 else 0.0
        whole_demand = demand.quantity_per_yr
        demand_share = min(max(quantity / whole_demand, 0.0), 1.0) if whole_demand > 0 else 0.0
        if max(demand_share, supply_share) < config.min_demand_share:
            return None
        return quantity

    rows: list[tuple[str, str, str | None, str, float, float]] = []
    # Every (supply, demand, distance) within reach, by (rule, supply resource).
    within: dict[tuple[str, str], list[tuple[Flow, Flow, float]]] = {}
    for demand in demands:
        demand_latitude, demand_longitude = sites[demand.company_id]
        for supply in supplies:
            company_rule = owner.get((supply.resource, demand.resource))
            if company_rule is None or "company" not in rules[company_rule].suppliers:
                continue
            if supply.company_id == demand.company_id:
                continue
            mode, _, radius_km = reach_km(supply.resource)
            if mode == "none":
                continue  # services are pooled, not exchanged
            distance_km = _haversine_km(
                demand_latitude, demand_longitude, *sites[supply.company_id]
            )
            if distance_km <= radius_km:
                within.setdefault((company_rule, supply.resource), []).append(
                    (supply, demand, distance_km)
                )
        for party, offer_resource in offers:
            outside_rule = owner.get((offer_resource, demand.resource))
            if outside_rule is None or "outside" not in rules[outside_rule].suppliers:
                continue
            mode, max_distance_km, radius_km = reach_km(offer_resource)
            if mode == "none":
                continue
            if party.latitude is None or party.longitude is None:
                distance_km = 0.0
            else:
                distance_km = _haversine_km(
                    demand_latitude, demand_longitude, party.latitude, party.longitude
                )
            if distance_km > radius_km or distance_km > max_distance_km:
                continue
            known = default_quality.get(offer_resource)
            quality = {
                name: None if known is None else known.value(name) for name in _quality_fields()
            }
            quantity = evaluate(outside_rule, offer_resource, None, quality, demand)
            if quantity is not None:
                rows.append((outside_rule, party.id, None, demand.id, quantity, distance_km))

    nearest_count = config.max_suppliers_per_demand
    for (rule_id, supply_resource), found in within.items():
        _, max_distance_km, _ = reach_km(supply_resource)
        if nearest_count is not None:
            # A pair stays when the supplier company is among the demand's K nearest supplier
            # companies, or the receiver among the supply's K nearest receiver companies
            # (ties by company id).
            suppliers_of: dict[str, dict[str, float]] = {}
            receivers_of: dict[str, dict[str, float]] = {}
            for supply, demand, distance_km in found:
                suppliers_of.setdefault(demand.id, {})[supply.company_id] = distance_km
                receivers_of.setdefault(supply.id, {})[demand.company_id] = distance_km
            nearest_suppliers = {
                flow_id: set(sorted(by_company, key=lambda c: (by_company[c], c))[:nearest_count])
                for flow_id, by_company in suppliers_of.items()
            }
            nearest_receivers = {
                flow_id: set(sorted(by_company, key=lambda c: (by_company[c], c))[:nearest_count])
                for flow_id, by_company in receivers_of.items()
            }
            found = [
                (supply, demand, distance_km)
                for supply, demand, distance_km in found
                if supply.company_id in nearest_suppliers[demand.id]
                or demand.company_id in nearest_receivers[supply.id]
            ]
        for supply, demand, distance_km in found:
            if distance_km > max_distance_km:
                continue
            quality = {name: getattr(supply, name) for name in _quality_fields()}
            quantity = evaluate(rule_id, supply_resource, supply, quality, demand)
            if quantity is not None:
                rows.append(
                    (rule_id, supply.company_id, supply.id, demand.id, quantity, distance_km)
                )
    table = pd.DataFrame(rows, columns=list(REFERENCE_COLUMNS))
    table = table.sort_values(
        ["demand_flow_id", "rule_id", "supplier_id", "supply_flow_id"],
        kind="stable",
        na_position="last",
    )
    return table.reset_index(drop=True)


def _quality_fields() -> list[str]:
    return [parameter.supply_field for parameter in quality_parameters().values()]


def compare_with_reference(
    result: Any, reference: pd.DataFrame, *, rtol: float = 1e-9
) -> list[str]:
    """Differences between feasible candidates and :func:`reference_candidates`.

    ``result`` is a :class:`~symbiosis.matching.MatchResult` (its exchanges are compared) or
    the table of :func:`~symbiosis.matching.find_candidates`. Pairs are keyed by (rule, supply
    flow or outside supplier, demand flow).

    Returns
    -------
    list of str
        Empty when both hold the same pairs with the same quantities (relative tolerance
        ``rtol``); otherwise one line per kind of difference with a few examples.
    """
    exchanges = result if isinstance(result, pd.DataFrame) else result.exchanges
    if "feasible" in exchanges:
        exchanges = exchanges[exchanges["feasible"].to_numpy(dtype=bool)]

    def keyed(table: pd.DataFrame) -> dict[tuple[str, str, str], float]:
        supplier = table["supply_flow_id"].where(
            table["supply_flow_id"].notna(), table["supplier_id"]
        )
        return dict(
            zip(
                zip(table["rule_id"], supplier, table["demand_flow_id"], strict=True),
                table["quantity_per_yr"].astype(float),
                strict=True,
            )
        )

    matched, expected = keyed(exchanges), keyed(reference)
    differences = []
    missing = sorted(set(expected) - set(matched))
    extra = sorted(set(matched) - set(expected))
    if missing:
        differences.append(f"{len(missing)} reference pairs missing from match, e.g. {missing[:3]}")
    if extra:
        differences.append(f"{len(extra)} match pairs not in the reference, e.g. {extra[:3]}")
    unequal = sorted(
        key
        for key in set(matched) & set(expected)
        if not math.isclose(matched[key], expected[key], rel_tol=rtol, abs_tol=1e-9)
    )
    if unequal:
        examples = [(key, matched[key], expected[key]) for key in unequal[:3]]
        differences.append(f"{len(unequal)} pairs with other quantities, e.g. {examples}")
    if len(matched) != len(exchanges):
        differences.append(f"{len(exchanges) - len(matched)} duplicate pairs in match")
    return differences


def second_law_heat_mwh(zone: Zone, selected: pd.DataFrame, dt_min_k: float) -> float:
    """The most heat a plan's heat exchanges can move without heat flowing uphill. [MWh/yr]

    A check of a plan written apart from the optimiser (for tests): the exchanges of
    ``selected`` (a plan's rows, or any table with ``family``, ``supply_flow_id``,
    ``demand_flow_id`` and ``quantity_per_yr``) between two heat flows of the zone, each moving
    at most its ``quantity_per_yr``, over one grid of every temperature involved (a supply's
    temperatures lowered by ``dt_min_k``), solved as a linear program (scipy ``linprog``): the
    heat an exchange brings into a demand's interval comes from the same supply at the same
    shifted level or above, a demand takes at most its heat in each interval (its annual heat
    spread evenly from its inlet to its target), and for every level L a supply gives at most
    its heat above L to intervals above L. A plan obeys the second law when this equals the
    sum of its heat quantities.

    Each heat flow needs both temperatures (``supply_temperature_c`` and
    ``target_temperature_c``); the other rows are left out.

    Examples
    --------
    A 35 °C condenser (cooled to 25 °C) can bring water from 15 °C only to 25 °C at ΔTmin 10 K:
    10/45 of a 450 MWh/yr demand.

    >>> from symbiosis.schemas import Company, Flow
    >>> zone = Zone(name="two", companies=(Company(id="A", name="A", sector_nace="10.20",
    ...     latitude=50.7, longitude=1.6),), flows=(
    ...     Flow(id="S", company_id="A", direction="supply", resource="heat.low_grade",
    ...          quantity=1000, unit="MWh/yr", supply_temperature_c=35, target_temperature_c=25),
    ...     Flow(id="D", company_id="A", direction="demand", resource="heat.hot_water",
    ...          quantity=450, unit="MWh/yr", supply_temperature_c=15, target_temperature_c=60)))
    >>> plan = pd.DataFrame({"family": ["heat"], "supply_flow_id": ["S"],
    ...     "demand_flow_id": ["D"], "quantity_per_yr": [450.0]})
    >>> round(second_law_heat_mwh(zone, plan, 10.0), 6)
    100.0
    """
    from scipy.optimize import linprog

    flows = {flow.id: flow for flow in zone.flows}

    def both_temperatures(flow_id: object) -> bool:
        flow = flows.get(str(flow_id))
        return (
            flow is not None
            and flow.supply_temperature_c is not None
            and flow.target_temperature_c is not None
        )

    exchanges = [
        (str(supply_id), str(demand_id), float(quantity))
        for family, supply_id, demand_id, quantity in selected[
            ["family", "supply_flow_id", "demand_flow_id", "quantity_per_yr"]
        ].itertuples(index=False)
        if family == "heat" and both_temperatures(supply_id) and both_temperatures(demand_id)
    ]
    if not exchanges:
        return 0.0

    def hot_span(flow_id: str) -> tuple[float, float]:  # shifted (low, high)
        flow = flows[flow_id]
        return (
            float(flow.target_temperature_c or 0.0) - dt_min_k,
            float(flow.supply_temperature_c or 0.0) - dt_min_k,
        )

    def cold_span(flow_id: str) -> tuple[float, float]:
        flow = flows[flow_id]
        return float(flow.supply_temperature_c or 0.0), float(flow.target_temperature_c or 0.0)

    levels = sorted(
        {t for s, d, _ in exchanges for t in (*hot_span(s), *cold_span(d))}
    )  # ascending
    grid = list(itertools.pairwise(levels))

    def share_between(span: tuple[float, float], low: float, high: float) -> float:
        overlap = max(0.0, min(span[1], high) - max(span[0], low))
        return overlap / (span[1] - span[0])

    # One variable per exchange and interval it may fill: inside the demand's span, at or
    # below the supply's shifted supply temperature.
    variables = [
        (e, k)
        for e, (s, d, _) in enumerate(exchanges)
        for k, (low, high) in enumerate(grid)
        if share_between(cold_span(d), low, high) > 0 and high <= hot_span(s)[1] + 1e-9
    ]
    if not variables:
        return 0.0
    rows: list[list[float]] = []
    bounds: list[float] = []

    def row(members: list[int], bound: float) -> None:
        line = [0.0] * len(variables)
        for v in members:
            line[v] = 1.0
        rows.append(line)
        bounds.append(bound)

    for e, (_, _, quantity) in enumerate(exchanges):
        row([v for v, (ve, _) in enumerate(variables) if ve == e], quantity)
    for d in sorted({d for _, d, _ in exchanges}):
        for k, (low, high) in enumerate(grid):
            members = [v for v, (e, vk) in enumerate(variables) if vk == k and exchanges[e][1] == d]
            if members:
                row(members, flows[d].quantity_per_yr * share_between(cold_span(d), low, high))
    for s in sorted({s for s, _, _ in exchanges}):
        for level in levels:
            members = [
                v
                for v, (e, vk) in enumerate(variables)
                if exchanges[e][0] == s and grid[vk][0] >= level - 1e-9
            ]
            if members:
                above = share_between(hot_span(s), level, math.inf)
                row(members, flows[s].quantity_per_yr * above)
    solution = linprog(
        [-1.0] * len(variables), A_ub=rows, b_ub=bounds, bounds=(0, None), method="highs"
    )
    return float(-solution.fun)
