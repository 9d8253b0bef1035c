"""Economics, CO2e and each score component against hand computations.

Package defaults used below (catalogue/parameters.yaml, resources.yaml): water pipe 400 EUR/m,
heat pipe 1,000 EUR/m, connection 10,000 EUR, discount rate 10 %/yr over 15 yr (capital recovery
factor 0.1 × 1.1^15 / (1.1^15 − 1) = 0.1314738), trucks paid per trip (25 t or 90 m³, 50 EUR a
trip and 1.6 EUR/km there and back, 1.01 kgCO2e/km),
gas 65 EUR/MWh and 227 kgCO2e/MWh, boiler efficiency 0.9; potable water 2.21 EUR/m3 and
0.021 kgCO2e/m3, clean seawater 0.25 EUR/m3 and 0.007 kgCO2e/m3; route factor 1.3 (MatchConfig).
"""

from __future__ import annotations

import pytest

from symbiosis.matching import MatchConfig, match
from symbiosis.matching.economics import capital_recovery_factor

CRF = 0.1 * 1.1**15 / (1.1**15 - 1)


def test_capital_recovery_factor() -> None:
    assert capital_recovery_factor(0.05, 30) == pytest.approx(0.0650514, abs=1e-7)
    assert capital_recovery_factor(0.1, 15) == pytest.approx(0.1314738, abs=1e-7)
    assert capital_recovery_factor(0.1, 15) == pytest.approx(CRF)


@pytest.fixture
def seawater_row(zone_of, flow, sea_party):
    zone = zone_of(
        {"M": 1.0},
        [
            flow(
                "ICE",
                "M",
                "demand",
                "water.potable",
                100_000,
                "m3/yr",
                use="ice_for_whole_fish",
                provenance="measured",
            )
        ],
        outside=(sea_party(0.0),),
    )
    return match(zone).exchanges.iloc[0]


def test_seawater_economics_by_hand(seawater_row) -> None:
    row = seawater_row
    # pipe: 400 EUR/m × 1,000 m × 1.3 + 10,000 = 530,000 EUR; a seawater plant of its own
    # (Lorient Keroman's 2.47 MEUR for 250,000 m3/yr): 2,470,000 × 0.4^0.6 = 1,425,388 EUR
    investment = 530_000 + 2_470_000 * 0.4**0.6
    assert row["investment_eur"] == pytest.approx(investment, rel=1e-6)
    assert row["annualised_investment_eur_per_yr"] == pytest.approx(investment * CRF, rel=1e-6)
    # gross: 100,000 m3 × 2.21 = 221,000; new supply 100,000 × 0.25 = 25,000
    assert row["gross_saving_eur_per_yr"] == pytest.approx(221_000)
    assert row["new_supply_cost_eur_per_yr"] == pytest.approx(25_000)
    assert row["transport_cost_eur_per_yr"] == 0
    # net: 221,000 − 25,000 − 1,955,388 × 0.1314738 (257,082) = −61,082: alone, it loses
    assert row["net_saving_eur_per_yr"] == pytest.approx(-61_082, abs=1)
    # CO2e: 100,000 × (0.021 − 0.007) / 1,000 = 1.4 t
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(1.4)
    assert row["water_m3_per_yr"] == 100_000 and row["heat_mwh_per_yr"] == 0


def test_score_components_by_hand(seawater_row) -> None:
    row = seawater_row
    assert row["score_quantity"] == 1.0
    assert row["score_distance"] == pytest.approx(1 - 1.0 / 5.0, rel=1e-6)  # 1 km of 5 km
    assert row["score_overlap"] == 1.0  # the sea supplies whenever asked
    # a loss (−61,082 EUR/yr, its own plant included) scores 0 on saving
    assert row["score_saving"] == 0.0
    assert row["score_co2e"] == pytest.approx(1.4 / 11.4)  # 1.4 / (1.4 + 10)
    assert row["score_confidence"] == 1.0  # outside (1.0) × measured (1.0)
    # 0.2 × 1 + 0.1 × 0.8 + 0.1 × 1 + 0.3 × 0 + 0.2 × 0.122807 + 0.1 × 1 = 0.504561
    assert row["score"] == pytest.approx(0.504561, abs=1e-5)


def test_weights_change_the_score(zone_of, flow, sea_party) -> None:
    zone = zone_of(
        {"M": 1.0},
        [flow("ICE", "M", "demand", "water.potable", 100_000, "m3/yr", use="ice_for_whole_fish")],
        outside=(sea_party(0.0),),
    )
    row = match(zone, MatchConfig(weights={"distance": 1})).exchanges.iloc[0]
    assert row["score"] == pytest.approx(0.8, rel=1e-6)


def test_truck_exchange_by_hand(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 2.0},
        [
            flow(
                "HEADS",
                "S",
                "supply",
                "material.fish_byproducts",
                400,
                "t/yr",
                provenance="estimated",
            ),
            flow(
                "MEAL",
                "R",
                "demand",
                "material.fish_byproducts",
                4000,
                "t/yr",
                use="feed",
                provenance="assumed",
            ),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    # Co-products at 0.9 t/m³ fill a 90 m³ trailer at 81 t, so the 25 t payload limits: 400 / 25
    # = 16 trips of 2 × 2 km × 1.3 = 5.2 km, 83.2 km driven: 16 × 50 + 83.2 × 1.6 = 933.12 EUR;
    # 83.2 km × 1.01 kgCO2e/km = 0.084032 t CO2e
    assert row["transport_mode"] == "truck" and row["investment_eur"] == 0
    assert row["truck_trips_per_yr"] == pytest.approx(16.0)
    assert row["transport_cost_eur_per_yr"] == pytest.approx(933.12, rel=1e-6)
    # the processor buys co-products at 70 EUR/t and the producer sells them at 70 EUR/t today
    # (catalogue −70): 400 × (70 − 70) = 0 gained by changing buyer; the truck costs 933.12 EUR
    assert row["gross_saving_eur_per_yr"] == pytest.approx(0.0)
    assert row["net_saving_eur_per_yr"] == pytest.approx(-933.12, rel=1e-6)
    # sold today, so no incineration is avoided: only the truck's 0.084032 t counts
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(-0.084032, rel=1e-6)
    assert row["material_t_per_yr"] == 400
    assert row["score_confidence"] == pytest.approx(0.7 * 0.4)
    assert row["demand_share"] == pytest.approx(0.1) and row["supply_share"] == 1.0
    assert row["score_distance"] == pytest.approx(1 - 2 / 150, rel=1e-6)


def test_waste_supplier_saves_its_disposal_fee(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 1.0},
        [
            flow("BOXES", "S", "supply", "material.cardboard", 30, "t/yr", cost_eur_per_unit=55),
            flow("MILL", "R", "demand", "material.cardboard", 100, "t/yr"),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    # the mill pays nothing today for waste cardboard; the supplier paid 55 EUR/t to dispose
    assert row["gross_saving_eur_per_yr"] == pytest.approx(30 * 55)
    # Loose cardboard (0.063 t/m³, US EPA) fills the 90 m³ trailer at 5.67 t: 30 / 5.67 trips
    # of 2 × 1.3 km at 1.01 kgCO2e/km. Landfill avoided 300 kg/t: 9 t, less the trucks.
    trips = 30 / (90 * 0.063)
    assert row["truck_trips_per_yr"] == pytest.approx(trips)
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(9 - trips * 2.6 * 1.01 / 1000, rel=1e-6)


def test_waste_to_a_different_use_counts_its_disposal_route(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 1.0},
        [
            flow("SLUDGE", "S", "supply", "material.sludge_food", 50, "t/yr"),
            flow("AD", "R", "demand", "material.organic_feedstock", 1000, "t/yr"),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    # gate fee 80 EUR/t avoided by the supplier; the digester pays 0 for feedstock today
    assert row["gross_saving_eur_per_yr"] == pytest.approx(50 * 80)
    # landfill avoided (300 kg/t) + feedstock replaced (0): 15 t, less two 25 t trips of
    # 2 × 1.3 km at 1.01 kgCO2e/km
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(15 - 2 * 2.6 * 1.01 / 1000, rel=1e-6)


def test_heat_economics_by_hand(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            flow("COND", "S", "supply", "heat.low_grade", 900, "MWh/yr", supply_temperature_c=35),
            flow(
                "HOT",
                "R",
                "demand",
                "heat.hot_water",
                200,
                "MWh/yr",
                supply_temperature_c=15,
                target_temperature_c=60,
            ),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    heat = 200 * 10 / 45  # MWh/yr (temperature approach)
    # gas avoided = heat / 0.9 at 65 EUR/MWh and 227 kgCO2e/MWh
    assert row["gross_saving_eur_per_yr"] == pytest.approx(heat / 0.9 * 65)
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(heat / 0.9 * 227 / 1000)
    # heat pipe: 1,000 EUR/m × 200 m × 1.3 + 10,000 = 270,000 EUR
    assert row["investment_eur"] == pytest.approx(270_000, rel=1e-6)
    assert row["heat_mwh_per_yr"] == pytest.approx(heat)


def test_overrides_and_zone_parameters(zone_of, flow, sea_party) -> None:
    from symbiosis.catalogue import Parameter

    flows = [
        flow("ICE", "M", "demand", "water.potable", 100_000, "m3/yr", use="ice_for_whole_fish")
    ]
    zone = zone_of(
        {"M": 1.0},
        flows,
        outside=(sea_party(0.0),),
        parameters={
            "water.sea.price_eur_per_unit": Parameter(value=0.5, unit="EUR/m3", source="test"),
            "water_pipe_cost_eur_per_m": Parameter(value=100.0, unit="EUR/m", source="test"),
        },
    )
    row = match(zone).exchanges.iloc[0]
    assert row["new_supply_cost_eur_per_yr"] == pytest.approx(50_000)
    # pipe 100 × 1,000 × 1.3 + 10,000, and its own seawater plant, 2,470,000 × 0.4^0.6
    assert row["investment_eur"] == pytest.approx(
        100 * 1000 * 1.3 + 10_000 + 2_470_000 * 0.4**0.6, rel=1e-6
    )
    # The config's overrides win over the zone's parameters.
    config = MatchConfig(overrides={"water.sea.price_eur_per_unit": 0.1})
    row = match(zone, config).exchanges.iloc[0]
    assert row["new_supply_cost_eur_per_yr"] == pytest.approx(10_000)


def test_monthly_overlap_by_hand(zone_of, flow) -> None:
    half_year = (1 / 6,) * 6 + (0.0,) * 6
    zone = zone_of(
        {"S": 0.0, "R": 0.5},
        [
            flow("ICE", "S", "supply", "material.ice", 100, "t/yr", monthly_profile=half_year),
            flow("USE", "R", "demand", "material.ice", 100, "t/yr"),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    # Σ_m min(p_s, p_d) = 6 × min(1/6, 1/12) + 6 × 0 = 0.5
    assert row["monthly_overlap"] == pytest.approx(0.5)
    assert row["score_overlap"] == pytest.approx(0.5)


def test_a_sale_given_up_counts_against_the_exchange(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 1.0},
        [
            flow(
                "TRIM",
                "S",
                "supply",
                "material.fish_byproducts",
                100,
                "t/yr",
                cost_eur_per_unit=-70,
            ),
            flow(
                "FREEZER",
                "R",
                "demand",
                "material.fish_byproducts",
                100,
                "t/yr",
                use="pet_food",  # a by-product never returns to food (rules.yaml)
                cost_eur_per_unit=150,
            ),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    # the receiver stops paying 150 EUR/t elsewhere, the supplier stops getting 70 EUR/t from its
    # present buyer: together 100 t × (150 − 70) = 8,000 EUR/yr
    assert row["gross_saving_eur_per_yr"] == pytest.approx(8_000)


def test_a_waste_disposed_of_today_avoids_its_disposal_route(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 1.0},
        [
            flow("TRIM", "S", "supply", "material.fish_byproducts", 100, "t/yr",
                 cost_eur_per_unit=130),
            flow("MEAL", "R", "demand", "material.fish_byproducts", 100, "t/yr", use="feed"),
        ],
    )  # fmt: skip
    row = match(zone).exchanges.iloc[0]
    # incineration avoided (the default route of organic wastes disposed of, treatments.yaml)
    # 100 t × 29.3 kgCO2e/t = 2.93 t, the fish-meal plant's feed counts no route; less 4 trips
    # of 25 t over 2 × 1.3 km at 1.01 kgCO2e/km = 0.010504 t
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(2.93 - 0.010504, rel=1e-6)
