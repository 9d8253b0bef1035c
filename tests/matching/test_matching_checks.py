"""Quality, use, potable, temperature, distance and quantity checks, with their reasons."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from symbiosis.matching import MatchConfig, match
from symbiosis.matching.checks import format_number, temperature_coverage

KEEP = MatchConfig(keep_infeasible=True)


def _failed(value: object) -> bool:
    return value is not pd.NA and not bool(value)


def _row(table: pd.DataFrame, opportunity_id: str) -> pd.Series:
    rows = table[table["opportunity_id"] == opportunity_id]
    assert len(rows) == 1, table["opportunity_id"].tolist()
    return rows.iloc[0]


# --- clean seawater ------------------------------------------------------------------------


@pytest.fixture
def seafood_zone(zone_of, flow, sea_party):
    """A mareyeur 1 km from the intake with four potable-water demands."""
    return zone_of(
        {"M": 1.0},
        [
            flow("ICE", "M", "demand", "water.potable", 5000, "m3/yr", use="ice_for_whole_fish"),
            flow("WASH", "M", "demand", "water.potable", 8000, "m3/yr", use="whole_fish_washing"),
            flow("FILLET", "M", "demand", "water.potable", 3000, "m3/yr", use="product_contact"),
            flow(
                "RINSE",
                "M",
                "demand",
                "water.potable",
                1000,
                "m3/yr",
                use="whole_fish_washing",
                potable_required=True,
            ),
        ],
        outside=(sea_party(0.0),),
    )


def test_seawater_replaces_potable_water_for_ice_and_whole_fish_washing(seafood_zone) -> None:
    table = match(seafood_zone).exchanges
    assert sorted(table["opportunity_id"]) == ["SU-SEA-ICE", "SU-SEA-WASH"]
    for opportunity in ("SU-SEA-ICE", "SU-SEA-WASH"):
        row = _row(table, opportunity)
        assert row["kind"] == "substitution"
        assert row["rule_id"] == "seawater_for_potable"
        assert row["supplier_is_outside"]
        assert pd.isna(row["supply_flow_id"])
        assert bool(row["check_use_allowed"]) and bool(row["check_potable"])
        assert row["distance_km"] == pytest.approx(1.0, rel=1e-6)


def test_seawater_never_serves_product_contact_or_potable_required(seafood_zone) -> None:
    table = match(seafood_zone, KEEP).exchanges
    fillet = _row(table, "SU-SEA-FILLET")
    assert not fillet["feasible"] and _failed(fillet["check_use_allowed"])
    assert "does not allow clean seawater" in fillet["infeasible_reason"]
    assert "852/2004" in fillet["infeasible_reason"]
    rinse = _row(table, "SU-SEA-RINSE")
    assert not rinse["feasible"] and _failed(rinse["check_potable"])
    assert rinse["check_use_allowed"]  # whole-fish washing allows it; potable_required forbids
    assert "requires potable water" in rinse["infeasible_reason"]


def test_seawater_fails_a_salinity_limit(zone_of, flow, sea_party) -> None:
    zone = zone_of(
        {"M": 1.0},
        [
            flow(
                "ICE",
                "M",
                "demand",
                "water.potable",
                5000,
                "m3/yr",
                use="ice_for_whole_fish",
                max_salinity_g_per_l=10,
            )
        ],
        outside=(sea_party(0.0),),
    )
    row = match(zone, KEEP).exchanges.iloc[0]
    # The sea carries 35 g/L (rules.yaml, Ifremer).
    assert _failed(row["check_salinity"])
    assert row["infeasible_reason"] == (
        "the demand tolerates at most 10 g/L of salt; the supply carries 35 g/L"
    )


def test_use_not_stated_fails_with_advice(zone_of, flow, sea_party) -> None:
    zone = zone_of(
        {"M": 1.0},
        [flow("W", "M", "demand", "water.potable", 5000, "m3/yr")],
        outside=(sea_party(0.0),),
    )
    row = match(zone, KEEP).exchanges.iloc[0]
    assert _failed(row["check_use_allowed"])
    assert "does not state its use" in row["infeasible_reason"]


def test_outside_party_without_position_is_taken_at_zero_km(zone_of, flow) -> None:
    from symbiosis import OutsideParty

    party = OutsideParty(id="SEA", name="sea", kind="sea", supplies=("water.sea",))
    zone = zone_of(
        {"M": 1.0},
        [flow("W", "M", "demand", "water.potable", 5000, "m3/yr", use="cooling")],
        outside=(party,),
    )
    result = match(zone)
    row = result.exchanges.iloc[0]
    assert row["distance_km"] == 0.0
    assert "no position" in row["notes"]
    assert "no position" in result.explain("SU-SEA-W")


# --- cascade and COD -----------------------------------------------------------------------


def test_cascade_rejected_when_cod_exceeds_the_limit(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            flow("GREY", "S", "supply", "water.grey", 2000, "m3/yr", cod_mg_per_l=1200),
            flow(
                "FLOOR",
                "R",
                "demand",
                "water.potable",
                1500,
                "m3/yr",
                use="floor_washing",
                max_cod_mg_per_l=500,
            ),
        ],
    )
    assert match(zone).exchanges.empty
    result = match(zone, KEEP)
    row = result.exchanges.iloc[0]
    assert row["kind"] == "cascade" and not row["feasible"]
    assert _failed(row["check_cod"])
    reason = "the demand tolerates at most 500 mg/L of COD; the supply carries 1,200 mg/L"
    assert row["infeasible_reason"] == reason
    assert reason in result.explain("EX-GREY-FLOOR")


def test_unknown_quality_fails_against_a_limit(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            flow("GREY", "S", "supply", "water.grey", 2000, "m3/yr"),
            flow(
                "FLOOR",
                "R",
                "demand",
                "water.potable",
                1500,
                "m3/yr",
                use="floor_washing",
                max_suspended_solids_mg_per_l=30,
            ),
        ],
    )
    row = match(zone, KEEP).exchanges.iloc[0]
    assert _failed(row["check_suspended_solids"])
    assert "quality unknown" in row["infeasible_reason"]
    # No limit on COD: the check does not apply.
    assert row["check_cod"] is pd.NA


def test_cascade_never_serves_food_contact(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            flow("GREY", "S", "supply", "water.grey", 2000, "m3/yr"),
            flow(
                "FLOOR",
                "R",
                "demand",
                "water.potable",
                1500,
                "m3/yr",
                use="floor_washing",
                food_contact=True,
            ),
            flow("WASH", "R", "demand", "water.potable", 1500, "m3/yr", use="whole_fish_washing"),
        ],
    )
    table = match(zone, KEEP).exchanges
    assert not table["feasible"].any()
    assert "touches food" in _row(table, "EX-GREY-FLOOR")["infeasible_reason"]
    assert "not one this rule serves" in _row(table, "EX-GREY-WASH")["infeasible_reason"]


# --- heat ----------------------------------------------------------------------------------


def test_temperature_coverage_by_hand() -> None:
    # Source 35 °C (cooled to 25), ΔTmin 10 K: reaches 25 °C.
    # Demand 15 → 60 °C: (25 − 15) / (60 − 15) = 0.2222; demand 30 → 60: 0; 10 → 20: 1.
    # Supply side with demand inlet 15 °C: heat above 15 + 10 = 25 °C, all of 35 → 25;
    # inlet 30 °C: heat above 40 °C, none of 35 → 25.
    # Supply 80 → 20 °C heating from 40 °C: heat above 50 °C only: (80 − 50) / 60 = 0.5.
    demand, supply = temperature_coverage(
        np.array([35.0, 35.0, 35.0, 80.0, np.nan]),
        np.array([25.0, 25.0, 25.0, 20.0, 25.0]),
        np.array([15.0, 30.0, 10.0, 40.0, 15.0]),
        np.array([60.0, 60.0, 20.0, 60.0, 60.0]),
        10.0,
    )
    assert demand.round(4).tolist() == [0.2222, 0.0, 1.0, 1.0, 0.0]
    assert supply.round(4).tolist() == [1.0, 0.0, 1.0, 0.5, 1.0]


def test_heat_recovery_quantity_limited_by_the_approach(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            # 150 kW × 6000 h = 900 MWh/yr of condenser heat from 35 to 25 °C
            flow(
                "COND",
                "S",
                "supply",
                "heat.low_grade",
                150,
                "kW",
                operating_hours_per_yr=6000,
                supply_temperature_c=35,
                target_temperature_c=25,
            ),
            # 100 kW × 2000 h = 200 MWh/yr heated from 15 to 60 °C
            flow(
                "HOT",
                "R",
                "demand",
                "heat.hot_water",
                100,
                "kW",
                operating_hours_per_yr=2000,
                supply_temperature_c=15,
                target_temperature_c=60,
            ),
        ],
    )
    row = match(zone).exchanges.iloc[0]
    # 200 × (25 − 15) / (60 − 15) = 44.44 MWh/yr
    assert row["quantity_per_yr"] == pytest.approx(200 * 10 / 45)
    assert row["demand_share"] == pytest.approx(10 / 45)
    assert row["supply_share"] == pytest.approx(200 * 10 / 45 / 900)
    assert row["kind"] == "heat_recovery" and bool(row["check_temperature"])


def test_heat_demand_hotter_than_source_minus_dtmin_is_rejected(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            flow("COND", "S", "supply", "heat.low_grade", 500, "MWh/yr", supply_temperature_c=45),
            flow(
                "HOT",
                "R",
                "demand",
                "heat.hot_water",
                200,
                "MWh/yr",
                supply_temperature_c=40,
                target_temperature_c=60,
            ),
        ],
    )
    assert match(zone).exchanges.empty
    result = match(zone, KEEP)
    row = result.exchanges.iloc[0]
    assert _failed(row["check_temperature"]) and row["quantity_per_yr"] == 0
    assert row["check_quantity"] is pd.NA  # no double reason
    reason = (
        "the demand is heated from 40 °C to 60 °C; the source at 45 °C, less ΔTmin 10 K, "
        "reaches only 35 °C"
    )
    assert row["infeasible_reason"] == reason
    assert reason in result.explain("EX-COND-HOT")
    # With ΔTmin 2 K the source reaches 43 °C: (43 − 40) / 20 = 15 % of the demand.
    relaxed = match(zone, MatchConfig(dt_min_k=2)).exchanges.iloc[0]
    assert relaxed["demand_share"] == pytest.approx(0.15)


def test_heat_supply_without_temperature_fails(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.2},
        [
            flow("COND", "S", "supply", "heat.low_grade", 500, "MWh/yr"),
            flow("HOT", "R", "demand", "heat.hot_water", 200, "MWh/yr", target_temperature_c=60),
        ],
    )
    row = match(zone, KEEP).exchanges.iloc[0]
    assert "temperature is unknown" in row["infeasible_reason"]


# --- distance and quantity -----------------------------------------------------------------


def test_distance_beyond_the_maximum(zone_of, flow) -> None:
    # Cardboard travels up to 200 km (catalogue); the truck limit is set to 2 km here.
    zone = zone_of(
        {"S": 0.0, "R": 3.0},
        [
            flow("C", "S", "supply", "material.cardboard", 30, "t/yr"),
            flow("D", "R", "demand", "material.cardboard", 30, "t/yr"),
        ],
    )
    config = {"max_distance_km": {"truck": 2.0}}
    assert match(zone, MatchConfig(**config)).exchanges.empty
    # Kept up to twice the limit when infeasible candidates are asked for.
    row = match(zone, MatchConfig(**config, keep_infeasible=True)).exchanges.iloc[0]
    assert _failed(row["check_distance"])
    assert row["infeasible_reason"] == "the sites are 3 km apart; trucking is sensible up to 2 km"
    far = zone_of(
        {"S": 0.0, "R": 5.0},
        [
            flow("C", "S", "supply", "material.cardboard", 30, "t/yr"),
            flow("D", "R", "demand", "material.cardboard", 30, "t/yr"),
        ],
    )
    assert match(far, MatchConfig(**config, keep_infeasible=True)).exchanges.empty


def test_quantity_below_the_minimum_share(zone_of, flow) -> None:
    # Between two flows of the same resource one side is always fully used, so the check bites
    # on heat: a 35 °C source less ΔTmin 10 K reaches 25 °C; a demand heated from 24 to 60 °C
    # gets (25 − 24) / 36 = 2.78 % of its 200 MWh/yr, i.e. 5.56 MWh/yr, 0.617 % of 900 MWh/yr.
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
                supply_temperature_c=24,
                target_temperature_c=60,
            ),
        ],
    )
    assert match(zone).exchanges.empty
    row = match(zone, KEEP).exchanges.iloc[0]
    assert bool(row["check_temperature"]) and _failed(row["check_quantity"])
    assert row["infeasible_reason"] == (
        "it would cover only 2.78 % of the demand and use 0.617 % of the supply "
        "(at least 5 % of one of them is asked)"
    )
    assert len(match(zone, MatchConfig(min_demand_share=0.02)).exchanges) == 1


def test_format_number() -> None:
    assert [format_number(x) for x in (1234567.8, 35.0, 0.0315, float("nan"))] == [
        "1,234,568",
        "35",
        "0.0315",
        "unknown",
    ]
