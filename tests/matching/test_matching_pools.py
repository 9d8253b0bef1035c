"""Pools: a shared seawater main, joint waste collection, shared service contracts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symbiosis.matching import MatchConfig, match
from symbiosis.matching.distance import radius_groups, spanning_tree_km
from symbiosis.matching.pools import pooled_cost

CRF = 0.1 * 1.1**15 / (1.1**15 - 1)  # the default 10 %/yr over 15 years


@given(
    st.lists(st.floats(0.1, 1e6), min_size=1, max_size=20),
    st.floats(0.1, 1000.0),
    st.floats(0.3, 1.0),
)
def test_pooled_cost_never_exceeds_the_separate_costs(quantities, unit_cost, exponent) -> None:
    q = np.array(quantities)
    separate = unit_cost * q
    assert pooled_cost(separate, q, exponent) <= separate.sum() * (1 + 1e-9)
    # n = 1: no economy of scale
    assert pooled_cost(separate, q, 1.0) == pytest.approx(separate.sum())


def test_spanning_tree_and_radius_groups_by_hand() -> None:
    # Three sites on a meridian 1 km apart: the tree is 2 km.
    lat = 50.0 + np.array([0.0, 1.0, 2.0]) / 111.19508
    assert spanning_tree_km(lat, [1.0, 1.0, 1.0]) == pytest.approx(2.0, rel=1e-6)
    assert spanning_tree_km(lat[:1], [1.0]) == 0.0
    # 0.6 km links A-B and B-C (1 km apart each) only at a radius of 1.1 km.
    assert radius_groups(lat, [1.0] * 3, 0.6).tolist() == [0, 1, 2]
    assert radius_groups(lat, [1.0] * 3, 1.1).tolist() == [0, 0, 0]


def test_shared_services_are_pooled(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 0.3, "C": 0.6, "D": 10.0},
        [
            flow("SA", "A", "demand", "service.security", 1000, "h/yr"),
            flow("SB", "B", "demand", "service.security", 500, "h/yr"),
            flow("SC", "C", "demand", "service.security", 250, "h/yr"),
            flow("SD", "D", "demand", "service.security", 300, "h/yr"),  # too far
            flow("LA", "A", "demand", "service.laboratory", 40, "h/yr"),  # alone
        ],
    )
    pools = match(zone).pools
    assert pools["pool_id"].tolist() == ["PO-service.security-01"]
    pool = pools.iloc[0]
    assert pool["pool_kind"] == "shared_service"
    assert pool["member_ids"] == "A;B;C" and pool["flow_ids"] == "SA;SB;SC"
    assert pool["member_count"] == 3 and pool["quantity_per_yr"] == 1750 and pool["unit"] == "h/yr"
    # a contract scales with contract_pooling_cost_exponent 0.9:
    # apart: 28 EUR/h × 1,750 h = 49,000; together 28 × 1,000 × 1.75^0.9 = 46,333.2
    assert pool["cost_separate_eur_per_yr"] == pytest.approx(49_000)
    assert pool["cost_pooled_eur_per_yr"] == pytest.approx(28_000 * 1.75**0.9)
    assert pool["saving_eur_per_yr"] == pytest.approx(49_000 - 28_000 * 1.75**0.9)
    assert pool["saving_eur_per_yr"] == pytest.approx(2666.8, abs=0.1)
    assert pool["investment_eur"] == 0
    assert pool["scaling_rule"] == "cost ∝ quantity^0.9, Q_ref = largest member"
    # centroid 0.3 km north of A; the farthest member is 0.3 km away
    assert pool["spread_km"] == pytest.approx(0.3, rel=1e-4)
    assert 0 <= pool["score"] <= 1
    # a smaller radius splits the chain
    assert match(zone, MatchConfig(pool_radius_km=0.2)).pools.empty


def test_joint_collection_of_a_waste_members_pay_for(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 0.5},
        [
            flow("CA", "A", "supply", "material.cardboard", 30, "t/yr"),
            flow("CB", "B", "supply", "material.cardboard", 10, "t/yr"),
            # co-products are sold (the producer is paid): nothing to pool
            flow("FA", "A", "supply", "material.fish_byproducts", 300, "t/yr"),
            flow("FB", "B", "supply", "material.fish_byproducts", 100, "t/yr"),
        ],
    )
    pools = match(zone).pools
    assert pools["pool_id"].tolist() == ["PO-material.cardboard-01"]
    pool = pools.iloc[0]
    assert pool["pool_kind"] == "joint_collection"
    # 40 EUR/t gate fee: apart 1,600; together 40 × 30 × (40/30)^0.9 = 1,554.63
    assert pool["cost_separate_eur_per_yr"] == pytest.approx(1600)
    assert pool["cost_pooled_eur_per_yr"] == pytest.approx(1200 * (4 / 3) ** 0.9)
    assert pool["net_saving_eur_per_yr"] == pytest.approx(pool["saving_eur_per_yr"])


def test_a_seawater_main_pools_every_eligible_demand(zone_of, flow, sea_party) -> None:
    zone = zone_of(
        {"A": 1.0, "B": 1.5, "C": 2.0, "F": 1.2},
        [
            flow("IA", "A", "demand", "water.potable", 10_000, "m3/yr", use="ice_for_whole_fish"),
            flow("IB", "B", "demand", "water.potable", 10_000, "m3/yr", use="whole_fish_washing"),
            flow("IC", "C", "demand", "water.potable", 10_000, "m3/yr", use="unloading"),
            flow("PF", "F", "demand", "water.potable", 10_000, "m3/yr", use="product_contact"),
        ],
        outside=(sea_party(0.0),),
    )
    result = match(zone)
    pools = result.pools
    assert pools["pool_id"].tolist() == ["PO-water.sea-01"]
    pool = pools.iloc[0]
    assert pool["pool_kind"] == "shared_supply"
    assert pool["member_ids"] == "A;B;C"  # never the product-contact demand of F
    assert pool["opportunity_ids"] == "SU-SEA-IA;SU-SEA-IB;SU-SEA-IC"
    # intake and sites on a meridian at 0, 1, 1.5 and 2 km: a 2 km tree
    assert pool["network_length_km"] == pytest.approx(2.0, rel=1e-6)
    # network 400 EUR/m × 2,000 m × 1.3 + 3 × 10,000 = 1,070,000 EUR; the plant of Lorient
    # Keroman (2.47 MEUR for 250,000 m³/yr) scaled to 30,000 m³/yr by the six-tenths rule
    plant = 2_470_000 * (30_000 / 250_000) ** 0.6  # 692,159 EUR
    assert pool["plant_investment_eur"] == pytest.approx(plant, rel=1e-6)
    assert pool["investment_eur"] == pytest.approx(1_070_000 + plant, rel=1e-6)
    # apart: pipes of 1, 1.5 and 2 km (2,370,000 EUR), a plant of 10,000 m³/yr each
    # (358,054 EUR), annualised, + 3 × 0.25 × 10,000 EUR of seawater
    own_plant = 2_470_000 * (10_000 / 250_000) ** 0.6
    separate = (2_370_000 + 3 * own_plant) * CRF + 7_500
    assert pool["cost_separate_eur_per_yr"] == pytest.approx(separate, rel=1e-6)
    # together: network and plant annualised + the running cost, 0.25 EUR/m³, NOT scaled
    pooled = (1_070_000 + plant) * CRF + 7_500  # 239,180 EUR/yr
    assert pool["cost_pooled_eur_per_yr"] == pytest.approx(pooled, rel=1e-6)
    assert pool["saving_eur_per_yr"] == pytest.approx(separate - pooled, rel=1e-6)
    # the members stop paying 3 × 10,000 × 2.21 EUR for drinking water: each loses money
    # (A alone: (530,000 + plant / 3) × CRF + 2,500 = 102,523 > 22,100 EUR/yr), so none is
    # left out for the others' sake and the pool as a whole loses money
    assert pool["net_saving_eur_per_yr"] == pytest.approx(66_300 - pooled, rel=1e-6)
    assert pool["left_out_member_ids"] == ""
    assert pool["co2e_avoided_t_per_yr"] == pytest.approx(3 * 10_000 * 0.014 / 1000)
    text = result.explain("PO-water.sea-01")
    assert "2 km" in text and "Company A (A)" in text and "six-tenths" in text


def test_a_member_that_loses_money_is_left_out_of_the_seawater_main(
    zone_of, flow, sea_party
) -> None:
    # Intake at 0 km; A and B (100,000 m³/yr each) at 0.1 and 0.2 km, C (5,000 m³/yr) 1 km
    # further on. With the three, C is charged its 1 km edge (400 × 1,000 × 1.3 = 520,000 EUR),
    # its connection (10,000) and 5/205 of the plant for 205,000 m³/yr
    # (2,470,000 × 0.82^0.6 = 2,192,731 EUR: 53,481), annualised at CRF 0.131474: 76,713
    # EUR/yr, plus 0.25 × 5,000 of running cost, against 5,000 × 2.21 = 11,050 EUR/yr of
    # drinking water: it loses money and stays out.
    zone = zone_of(
        {"A": 0.1, "B": 0.2, "C": 1.2},
        [
            flow("WA", "A", "demand", "water.potable", 100_000, "m3/yr", use="unloading"),
            flow("WB", "B", "demand", "water.potable", 100_000, "m3/yr", use="unloading"),
            flow("WC", "C", "demand", "water.potable", 5_000, "m3/yr", use="unloading"),
        ],
        outside=(sea_party(0.0),),
    )
    pool = match(zone).pools.iloc[0]
    assert pool["member_ids"] == "A;B"
    assert pool["left_out_member_ids"] == "C"
    assert pool["flow_ids"] == "WA;WB"
    assert pool["quantity_per_yr"] == pytest.approx(200_000)
    # A and B: network 0.2 km (104,000 EUR) + 2 connections; plant for 200,000 m³/yr
    plant = 2_470_000 * 0.8**0.6  # 2,160,483 EUR
    investment = 104_000 + 20_000 + plant  # 2,284,483 EUR
    assert pool["network_length_km"] == pytest.approx(0.2, rel=1e-6)
    assert pool["investment_eur"] == pytest.approx(investment, rel=1e-6)
    # each gains: 221,000 − (62,000 + plant / 2) × CRF − 25,000 = 45,825 EUR/yr
    pooled = investment * CRF + 0.25 * 200_000  # 350,349 EUR/yr
    assert pool["net_saving_eur_per_yr"] == pytest.approx(2 * 221_000 - pooled, rel=1e-6)
    assert pool["net_saving_eur_per_yr"] == pytest.approx(91_651, abs=1)
    assert "left out: C" in pool["assumptions"]
