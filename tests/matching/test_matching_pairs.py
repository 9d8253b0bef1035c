"""Candidate pairs: the vectorised search against a pair-by-pair reference, and determinism."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from symbiosis import Company, Flow, OutsideParty, Zone
from symbiosis.catalogue import resource_catalogue, rule_pairs, substitution_rules
from symbiosis.matching import MatchConfig, candidate_pairs, find_candidates, match
from symbiosis.matching.inputs import match_inputs

_SUPPLIES = [
    ("water.grey", "m3/yr"),
    ("water.sea", "m3/yr"),
    ("heat.low_grade", "MWh/yr"),
    ("heat.hot_water", "MWh/yr"),
    ("material.fish_byproducts", "t/yr"),
    ("material.cardboard", "t/yr"),
    ("material.sludge_food", "t/yr"),
    ("material.ice", "t/yr"),
]
_DEMANDS = [
    ("water.potable", "m3/yr"),
    ("water.cooling", "m3/yr"),
    ("heat.hot_water", "MWh/yr"),
    ("material.fish_byproducts", "t/yr"),
    ("material.organic_feedstock", "t/yr"),
    ("material.cardboard", "t/yr"),
    ("material.ice", "t/yr"),
    ("service.security", "h/yr"),
]
_USES = ["ice_for_whole_fish", "whole_fish_washing", "product_contact", "floor_and_crate_washing"]


def random_zone(seed: int, companies: int = 60, flows: int = 400) -> Zone:
    """Companies scattered over about 4 × 4 km, flows of resources that the rules pair."""
    rng = np.random.default_rng(seed)
    sites = [
        Company(
            id=f"C{i:03d}",
            name=f"Company {i}",
            sector_nace="10.20",
            latitude=50.70 + 0.036 * float(rng.random()),
            longitude=1.57 + 0.056 * float(rng.random()),
        )
        for i in range(companies)
    ]
    records = []
    for j in range(flows):
        supply = bool(rng.random() < 0.5)
        resource, unit = (_SUPPLIES if supply else _DEMANDS)[int(rng.integers(0, 8))]
        fields: dict[str, object] = {}
        if resource.startswith("heat"):
            if supply:
                fields = {"supply_temperature_c": float(rng.uniform(30, 90))}
            else:
                fields = {"supply_temperature_c": 15.0, "target_temperature_c": 60.0}
        elif resource == "water.potable":
            fields = {"use": _USES[int(rng.integers(0, 4))]}
        elif resource == "water.grey" and supply:
            fields = {"cod_mg_per_l": float(rng.uniform(50, 900))}
        records.append(
            Flow(
                id=f"F{j:04d}",
                company_id=f"C{int(rng.integers(0, companies)):03d}",
                direction="supply" if supply else "demand",
                resource=resource,
                quantity=float(rng.uniform(10, 1000)),
                unit=unit,
                provenance=["measured", "estimated", "assumed"][int(rng.integers(0, 3))],
                **fields,
            )
        )
    sea = OutsideParty(
        id="SEA", name="sea", kind="sea", latitude=50.71, longitude=1.57, supplies=("water.sea",)
    )
    return Zone(
        name=f"random-{seed}", companies=tuple(sites), flows=tuple(records), outside_parties=(sea,)
    )


def _haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * radius * math.asin(math.sqrt(a))


def _nearest(candidates: dict[str, float], k: int | None) -> set[str]:
    ranked = sorted(candidates, key=lambda cid: (candidates[cid], cid))
    return set(ranked if k is None else ranked[:k])


def naive_pairs(zone: Zone, config: MatchConfig) -> dict[tuple[str, str, str], float]:
    """Pair by pair: (rule, supplier flow or party, demand flow) → distance, the slow way.

    With K = max_suppliers_per_demand, a pair is kept when the supplier company is among the K
    nearest supplier companies of the demand, or the receiver among the K nearest receivers of
    the supply (per rule and supply resource).
    """
    rules = substitution_rules()
    catalogue = resource_catalogue()
    site = {company.id: (company.latitude, company.longitude) for company in zone.companies}
    k = config.max_suppliers_per_demand
    found: dict[tuple[str, str, str], float] = {}
    table = rule_pairs()
    for (rule_id, supply_resource), group in table.groupby(["rule_id", "supply_resource"]):
        resource = catalogue[supply_resource]
        if resource.transport == "none":
            continue
        limit = config.max_distance_km[resource.transport] or resource.max_distance_km
        demands = [
            f
            for f in zone.flows
            if f.direction == "demand" and f.resource in set(group["demand_resource"])
        ]
        supplies = [
            f for f in zone.flows if f.direction == "supply" and f.resource == supply_resource
        ]
        if "company" in rules[rule_id].suppliers:
            close: dict[tuple[str, str], float] = {}
            for demand in demands:
                for supply in supplies:
                    if supply.company_id == demand.company_id:
                        continue
                    distance = _haversine(*site[demand.company_id], *site[supply.company_id])
                    if distance <= limit:
                        close[supply.id, demand.id] = distance
            near_suppliers = {
                demand.id: _nearest(
                    {
                        s.company_id: close[s.id, demand.id]
                        for s in supplies
                        if (s.id, demand.id) in close
                    },
                    k,
                )
                for demand in demands
            }
            near_receivers = {
                supply.id: _nearest(
                    {
                        d.company_id: close[supply.id, d.id]
                        for d in demands
                        if (supply.id, d.id) in close
                    },
                    k,
                )
                for supply in supplies
            }
            companies = {f.id: f.company_id for f in zone.flows}
            for (supply_id, demand_id), distance in close.items():
                if (
                    companies[supply_id] in near_suppliers[demand_id]
                    or companies[demand_id] in near_receivers[supply_id]
                ):
                    found[rule_id, supply_id, demand_id] = distance
        if "outside" in rules[rule_id].suppliers:
            for demand in demands:
                for party in zone.outside_parties:
                    if supply_resource in party.supplies:
                        assert party.latitude is not None and party.longitude is not None
                        distance = _haversine(
                            *site[demand.company_id], party.latitude, party.longitude
                        )
                        if distance <= limit:
                            found[rule_id, party.id, demand.id] = distance
    return found


def _vectorised(zone: Zone, config: MatchConfig) -> dict[tuple[str, str, str], float]:
    inputs = match_inputs(zone)
    pairs = candidate_pairs(inputs.flows, inputs.outside, config)
    ids = inputs.flows["id"].to_numpy()
    result = {}
    for row in pairs.itertuples(index=False):
        supplier = row.supplier_id if row.supplier_is_outside else ids[row.supply_idx]
        result[row.rule_id, supplier, ids[row.demand_idx]] = row.distance_km
    assert len(result) == len(pairs)  # no pair twice
    return result


@pytest.mark.parametrize(
    "config",
    [
        MatchConfig(),
        MatchConfig(max_suppliers_per_demand=3),
        MatchConfig(max_suppliers_per_demand=None, max_distance_km={"pipe": 1.5, "truck": 2.0}),
    ],
    ids=["default", "three-nearest", "all-within-limits"],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_vectorised_pairs_equal_the_pair_by_pair_reference(seed: int, config: MatchConfig) -> None:
    zone = random_zone(seed)
    expected = naive_pairs(zone, config)
    found = _vectorised(zone, config)
    assert len(expected) > 200
    assert set(found) == set(expected)
    for key, distance in expected.items():
        assert found[key] == pytest.approx(distance, rel=1e-9, abs=1e-9)


def test_pairs_are_sorted_and_typed() -> None:
    inputs = match_inputs(random_zone(3))
    pairs = candidate_pairs(inputs.flows, inputs.outside, MatchConfig())
    assert pairs["demand_idx"].is_monotonic_increasing
    assert pairs["supply_idx"].dtype == np.int64 and pairs["distance_km"].dtype == float


def _shuffled(zone: Zone, seed: int) -> Zone:
    rng = np.random.default_rng(seed)
    flows = list(zone.flows)
    companies = list(zone.companies)
    rng.shuffle(flows)  # type: ignore[arg-type]
    rng.shuffle(companies)  # type: ignore[arg-type]
    return zone.model_copy(update={"flows": tuple(flows), "companies": tuple(companies)})


@pytest.mark.parametrize("keep", [False, True])
def test_same_input_gives_byte_identical_tables(keep: bool) -> None:
    zone = random_zone(4)
    config = MatchConfig(keep_infeasible=keep)
    first = match(zone, config)
    again = match(zone, config)
    shuffled = match(_shuffled(zone, 5), config)
    assert len(first.exchanges) > 100
    assert first.exchanges.to_csv() == again.exchanges.to_csv() == shuffled.exchanges.to_csv()
    assert first.pools.to_csv() == again.pools.to_csv() == shuffled.pools.to_csv()


def test_random_zone_has_every_kind() -> None:
    result = match(random_zone(6))
    kinds = set(result.exchanges["kind"])
    assert kinds == {"exchange", "substitution", "cascade", "heat_recovery"}
    assert set(result.pools["pool_kind"]) >= {"shared_supply", "shared_service"}


@pytest.mark.parametrize("keep_infeasible", [False, True], ids=["feasible", "all"])
def test_find_candidates_gives_the_candidates_match_prices(keep_infeasible):
    """The same pairs, quantities and checks as match's exchanges, before any price."""
    zone = random_zone(seed=5)
    config = MatchConfig(keep_infeasible=keep_infeasible)
    candidates = find_candidates(zone, config)
    exchanges = match(zone, config).exchanges
    assert len(candidates) == len(exchanges) > 100
    assert candidates["feasible"].all() != keep_infeasible
    key = ["rule_id", "supplier_id", "supply_flow_id", "demand_flow_id"]
    columns = [*key, "quantity_per_yr", "distance_km", "check_use_allowed", "infeasible_reason"]
    ours = candidates[columns].sort_values(key).reset_index(drop=True)
    theirs = exchanges[columns].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(ours, theirs)


def test_find_candidates_is_sorted_by_demand_then_supply():
    candidates = find_candidates(random_zone(seed=6))
    demand = candidates["demand_flow_id"].tolist()
    assert demand == sorted(demand)
    for _, group in candidates.groupby("demand_flow_id"):
        company_supplies = group["supply_flow_id"].dropna().tolist()
        assert company_supplies == sorted(company_supplies)
        # Outside suppliers come after the companies' supply flows.
        assert group["supply_flow_id"].isna().tolist() == sorted(group["supply_flow_id"].isna())


def test_a_demand_filter_removes_pairs_without_changing_the_others():
    """Refused demands take no pair; the nearest partners of the others stay the same."""
    inputs = match_inputs(random_zone(seed=7))
    config = MatchConfig(max_suppliers_per_demand=2)
    every = candidate_pairs(inputs.flows, inputs.outside, config)
    odd_rows = set(range(1, len(inputs.flows), 2))

    def odd_demands_only(groups):
        return groups["demand_idx"].isin(odd_rows).to_numpy()

    kept = candidate_pairs(inputs.flows, inputs.outside, config, demand_filter=odd_demands_only)
    expected = every[every["demand_idx"].isin(odd_rows)].reset_index(drop=True)
    assert 0 < len(kept) < len(every)
    pd.testing.assert_frame_equal(kept, expected, check_categorical=False)
