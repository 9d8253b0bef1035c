"""The general catalogue (issue 16): fuels, water upgraded, building materials, agriculture and
district heating, each rule on a two-company zone with its numbers worked by hand.

Companies sit on one meridian (conftest): B is 1 km north of A. The matcher's default route
factor is 1.3, so a pipe or a truck runs 1.3 km.
"""

from __future__ import annotations

import pandas as pd
import pytest

from symbiosis.matching import MatchConfig, match

KEEP = MatchConfig(keep_infeasible=True)


def _only(exchanges: pd.DataFrame) -> pd.Series:
    assert len(exchanges) == 1, exchanges[["rule_id", "infeasible_reason"]]
    return exchanges.iloc[0]


def test_refinery_fuel_gas_replaces_natural_gas_by_lower_heating_value(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 1.0},
        [
            flow("GAS", "A", "supply", "energy.fuel_gas", 1000, "t/yr"),
            flow("BOILER", "B", "demand", "energy.natural_gas", 20000, "MWh/yr"),
        ],
    )
    row = _only(match(zone, config=KEEP).exchanges)
    assert row["rule_id"] == "fuel_gas_for_natural_gas"
    assert row["feasible"]
    # 1,000 t × 13.75 MWh/t (IPCC 2006 refinery gas 49.5 TJ/Gg / 3.6) = 13,750 MWh
    assert row["quantity_per_yr"] == pytest.approx(13750.0)
    # 13,750 MWh × 65 EUR/MWh of natural gas no longer bought = 893,750 EUR/yr
    assert row["gross_saving_eur_per_yr"] == pytest.approx(893750.0)
    # 13,750 MWh × 227 kgCO2e/MWh of natural gas (the surplus gas was flared anyway) = 3,121.25 t
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(3121.25)


def test_wood_chips_replace_coal_and_their_trucks_are_counted_in_tonnes(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 1.0},
        [
            flow("CHIPS", "A", "supply", "energy.wood_chips", 1000, "t/yr"),
            flow("COAL", "B", "demand", "energy.coal", 10000, "MWh/yr"),
        ],
    )
    row = _only(match(zone, config=KEEP).exchanges)
    assert row["rule_id"] == "solid_fuel_for_solid_fuel"
    # 1,000 t × 4.33 MWh/t (IPCC wood 15.6 TJ/Gg / 3.6) = 4,330 MWh
    assert row["quantity_per_yr"] == pytest.approx(4330.0)
    # back to 4,330 / 4.33 = 1,000 t; a truck carries min(25 t, 90 m³ × 0.371 t/m³) = 25 t:
    # 40 trips × (50 EUR + 2 × 1.3 km × 1.6 EUR/km) = 40 × 54.16 = 2,166.4 EUR/yr
    assert row["transport_cost_eur_per_yr"] == pytest.approx(2166.4)
    # 4,330 MWh × 16.7 EUR/MWh of coal = 72,311 EUR/yr
    assert row["gross_saving_eur_per_yr"] == pytest.approx(72311.0)


def test_treated_water_upgraded_to_demineralised_water_pays_the_treatment(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 1.0},
        [
            flow("EFFLUENT", "A", "supply", "water.treated", 10000, "m3/yr"),
            flow("DEMIN", "B", "demand", "water.demineralised", 10000, "m3/yr"),
        ],
    )
    row = _only(match(zone, config=KEEP).exchanges)
    assert row["rule_id"] == "water_upgraded_by_treatment"
    # 10,000 m³ × (0.5 EUR/m³ treated water + 0.8 EUR/m³ reverse osmosis) = 13,000 EUR/yr
    assert row["new_supply_cost_eur_per_yr"] == pytest.approx(13000.0)
    # 10,000 m³ × 3.0 EUR/m³ of demineralised water no longer bought = 30,000 EUR/yr
    assert row["receiver_avoided_eur_per_yr"] == pytest.approx(30000.0)
    # 10,000 m³ × (0.1 − 0.03 − 0.086) kgCO2e/m³ / 1000 = −0.16 t: the treatment emits more
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(-0.16)


def test_gypsum_replaces_natural_gypsum_and_the_quarried_gypsum_is_its_value(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 1.0},
        [
            flow("FGD", "A", "supply", "material.gypsum", 5000, "t/yr"),
            flow("PLASTER", "B", "demand", "material.natural_gypsum", 8000, "t/yr"),
        ],
    )
    row = _only(match(zone, config=KEEP).exchanges)
    assert row["rule_id"] == "gypsum_to_plaster"
    # 5,000 t × 20 EUR/t of natural gypsum the plaster plant no longer buys
    assert row["receiver_avoided_eur_per_yr"] == pytest.approx(100000.0)
    # 5,000 t × 10 kgCO2e/t of quarrying avoided, on the gypsum's factor (the natural
    # gypsum's is 0 so as not to count it twice) / 1000 = 50 t, less 200 trips × 2 × 1.3 km ×
    # 1.01 kgCO2e/km of trucks = 0.525 t (parameters.yaml)
    trips = 5000 / 25
    truck_t = trips * 2 * 1.3 * _truck_kg_per_km() / 1000
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(50.0 - truck_t)


def _truck_kg_per_km() -> float:
    from symbiosis.catalogue import default_parameters

    return default_parameters()["truck_emission_factor_kgco2e_per_km"].value


@pytest.mark.parametrize(
    ("supply", "demand", "rule"),
    [
        ("material.slag", "material.cement_constituents", "ash_and_slag_to_cement"),
        ("material.fly_ash", "material.cement_constituents", "ash_and_slag_to_cement"),
        ("material.slag", "material.aggregates", "ash_and_slag_to_aggregates"),
        ("material.fly_ash", "material.landfill_cover", "ash_and_slag_to_aggregates"),
        ("material.sludge_wwtp", "material.fertiliser", "sludge_and_digestate_to_agriculture"),
        ("material.digestate", "material.fertiliser", "sludge_and_digestate_to_agriculture"),
        (
            "material.fermentation_biomass",
            "material.fertiliser",
            "sludge_and_digestate_to_agriculture",
        ),
        ("material.yeast_slurry", "material.animal_feed", "yeast_to_feed"),
        ("material.co2", "material.co2", "classic_park_byproducts"),
        ("material.sulphur", "material.sulphur", "same_material"),
        ("energy.hydrogen", "energy.natural_gas", "fuel_gas_for_natural_gas"),
        ("energy.hydrogen", "energy.hydrogen", "same_fuel"),
        ("water.groundwater", "water.groundwater", "same_raw_water"),
    ],
)
def test_each_new_pair_is_matched_by_its_rule(zone_of, flow, supply, demand, rule) -> None:
    family_unit = "MWh/yr" if supply.startswith("energy") else "t/yr"
    family_unit = "m3/yr" if supply.startswith("water") else family_unit
    zone = zone_of(
        {"A": 0.0, "B": 1.0},
        [
            flow("S", "A", "supply", supply, 100, family_unit),
            flow("D", "B", "demand", demand, 100, family_unit),
        ],
    )
    row = _only(match(zone, config=KEEP).exchanges)
    assert (row["rule_id"], row["feasible"]) == (rule, True)


def test_waste_heat_feeds_a_district_heating_network_above_the_approach(zone_of, flow) -> None:
    network = {"supply_temperature_c": 50.0, "target_temperature_c": 75.0}
    zone = zone_of(
        {"A": 0.0, "B": 1.0},
        [
            flow(
                "WARM",
                "A",
                "supply",
                "heat.hot_water",
                2000,
                "MWh/yr",
                supply_temperature_c=95.0,
                target_temperature_c=60.0,
            ),
            flow("DH", "B", "demand", "heat.district_heating", 5000, "MWh/yr", **network),
        ],
    )
    row = _only(match(zone, config=KEEP).exchanges)
    assert row["rule_id"] == "waste_heat_to_district_heating"
    # 95 °C − ΔTmin 10 K = 85 °C ≥ the network's 75 °C: the whole 2,000 MWh is usable
    assert row["feasible"]
    assert row["quantity_per_yr"] == pytest.approx(2000.0)


def test_reused_water_serves_industrial_process_make_up(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 0.1},
        [
            flow("GREY", "A", "supply", "water.grey", 1000, "m3/yr", cod_mg_per_l=50.0),
            flow("MAKEUP", "B", "demand", "water.potable", 1000, "m3/yr", use="process_makeup"),
            flow("RINSE", "B", "demand", "water.potable", 1000, "m3/yr", use="final_rinse"),
        ],
    )
    table = match(zone, config=KEEP).exchanges.set_index("demand_flow_id")
    assert table.loc["MAKEUP", "feasible"]
    assert not table.loc["RINSE", "feasible"]


def test_a_hazardous_code_goes_only_to_an_authorised_treatment(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0, "B": 1.0, "C": 2.0},
        [
            flow("ASH", "A", "supply", "10 01 04*", 500, "t/yr"),
            flow("CEMENT", "B", "demand", "material.fly_ash", 500, "t/yr", use="recycling"),
            flow(
                "TREAT",
                "C",
                "demand",
                "material.fly_ash",
                500,
                "t/yr",
                use="hazardous_waste_treatment",
            ),
        ],
    )
    table = match(zone, config=MatchConfig(keep_infeasible=True)).exchanges
    table = table.set_index("demand_flow_id")
    assert table.loc["TREAT", "feasible"]
    assert not table.loc["CEMENT", "feasible"]
    assert "Hazardous waste" in table.loc["CEMENT", "infeasible_reason"]
