"""The finer uses of water (catalogue/uses.yaml): what retort cooling, evaporative make-up, crate
washing and floor washing each accept, and the default limits a use gives a demand.

The zone: a food plant M 1 km from a seawater intake, with six drinking-water demands, and a
neighbour G 100 m away that rejects grey water (100 mg/L of COD and of chloride, 0.5 g/L of salt,
10 mg/L of suspended solids) and a treated effluent (COD and solids at the limits of Directive
91/271/EEC, chloride 250 mg/L) of microbiological class B: indirect cooling takes class B, floor
washing and evaporative make-up class A only (uses.yaml).
"""

from __future__ import annotations

import pandas as pd
import pytest

from symbiosis.matching import MatchConfig, match
from symbiosis.tables import flows_table

KEEP = MatchConfig(keep_infeasible=True)

_QUALITY = {
    "cod_mg_per_l": 100.0,
    "chloride_mg_per_l": 100.0,
    "salinity_g_per_l": 0.5,
    "suspended_solids_mg_per_l": 10.0,
}


@pytest.fixture
def food_plant(zone_of, flow, sea_party):
    def demand(flow_id: str, use: str, **fields: object):
        return flow(flow_id, "M", "demand", "water.potable", 3000, "m3/yr", use=use, **fields)

    return zone_of(
        {"M": 1.0, "G": 1.1},
        [
            demand("RETORT", "container_cooling"),
            demand("EVAP", "evaporative_makeup", max_salinity_g_per_l=40.0),
            demand("EVAP316", "evaporative_makeup", max_chloride_mg_per_l=2000.0),
            demand("CRATES", "crate_washing"),
            demand("FLOOR", "floor_washing"),
            demand("HX", "cooling"),
            flow("GREY", "G", "supply", "water.grey", 20000, "m3/yr", **_QUALITY),
            flow(
                "TREATED",
                "G",
                "supply",
                "water.treated",
                20000,
                "m3/yr",
                cod_mg_per_l=125.0,
                suspended_solids_mg_per_l=35.0,
                salinity_g_per_l=0.5,
                chloride_mg_per_l=250.0,
                reuse_class=2,
            ),
        ],
        outside=(sea_party(0.0),),
    )


def _reason(table: pd.DataFrame, opportunity_id: str) -> str:
    row = table[table["opportunity_id"] == opportunity_id]
    assert len(row) == 1, sorted(table["opportunity_id"])
    return str(row["infeasible_reason"].iloc[0])


def test_each_use_takes_what_its_rules_allow(food_plant) -> None:
    feasible = match(food_plant).exchanges
    pairs = sorted(zip(feasible["supply_resource"], feasible["demand_flow_id"], strict=True))
    assert pairs == [
        ("water.grey", "EVAP"),
        ("water.grey", "EVAP316"),
        ("water.grey", "FLOOR"),
        ("water.grey", "HX"),
        ("water.sea", "CRATES"),
        ("water.sea", "FLOOR"),
        ("water.sea", "HX"),
        ("water.treated", "HX"),
    ]


def test_floors_and_evaporative_makeup_take_class_a_treated_water_only(food_plant) -> None:
    table = match(food_plant, config=KEEP).exchanges
    for demand in ("FLOOR", "EVAP", "EVAP316"):
        assert _reason(table, f"EX-TREATED-{demand}") == (
            "the demand needs reused water of microbiological class 1 or better (1 = A ... 4 = D); "
            "the supply is of class 2"
        )


def test_retort_cooling_takes_neither_seawater_nor_reused_water(food_plant) -> None:
    table = match(food_plant, config=KEEP).exchanges
    # container_cooling gives the demand potable_required (uses.yaml), which the flow left empty.
    assert "the demand requires potable water; the supply is clean seawater" in _reason(
        table, "SU-SEA-RETORT"
    )
    assert "does not allow clean seawater" in _reason(table, "SU-SEA-RETORT")
    for supply in ("GREY", "TREATED"):
        reason = _reason(table, f"EX-{supply}-RETORT")
        assert "the demand requires potable water" in reason
        assert "is not one this rule serves" in reason


def test_evaporative_makeup_refuses_seawater_by_the_chloride_of_its_use(food_plant) -> None:
    table = match(food_plant, config=KEEP).exchanges
    # The use's default limit, 300 mg/L (EVAPCO, galvanised steel), against 19,900 mg/L.
    assert _reason(table, "SU-SEA-EVAP") == (
        "the demand tolerates at most 300 mg/L of chloride; the supply carries 19,900 mg/L"
    )
    # A limit the flow states wins over the use's default: 2,000 mg/L (type 316 stainless).
    assert "at most 2,000 mg/L of chloride; the supply carries 19,900 mg/L" in _reason(
        table, "SU-SEA-EVAP316"
    )


def test_crate_washing_takes_clean_seawater_but_no_grey_or_treated_water(food_plant) -> None:
    table = match(food_plant, config=KEEP).exchanges
    assert _reason(table, "SU-SEA-CRATES") == ""
    for supply, label in (
        ("GREY", "lightly used (grey) process water fit for reuse"),
        ("TREATED", "treated wastewater (reuse quality)"),
    ):
        assert _reason(table, f"EX-{supply}-CRATES") == (
            "the demand's use, washing fish crates and boxes (they touch whole fish), is not "
            "one this rule serves (floor_washing, cooling, evaporative_makeup, "
            "equipment_cooling, fire_water, process_makeup, scrubber_makeup, "
            "ash_conditioning, industrial_washdown)"
        ), label


def test_a_demand_takes_the_default_limits_of_its_use(food_plant) -> None:
    table = flows_table(food_plant).set_index("id")
    assert table.loc["EVAP", "max_chloride_mg_per_l"] == 300.0
    assert table.loc["EVAP316", "max_chloride_mg_per_l"] == 2000.0
    assert pd.isna(table.loc["HX", "max_chloride_mg_per_l"])
    assert table.loc["RETORT", "potable_required"]
    # A supply never takes a demand's defaults.
    assert pd.isna(table.loc["GREY", "max_chloride_mg_per_l"])
