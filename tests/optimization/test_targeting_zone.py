"""Zone-level pinch targets on a two-company zone computed by hand.

Water (COD): Pêcherie Pi (P) releases 20 m³/h of rinse water at 100 mg/L for 4,000 h/yr
(FW1, 80,000 m³/yr). Quai Q needs 50 m³/h for 4,000 h/yr at most 50 mg/L (FW2) and 40,000 m³/yr
of drinking water with no limit (FW3). At 1 m³ = 1 t: the sink takes 50 t/h and at most
50 × 50 / 1000 = 2.5 kg/h of COD; all 20 t/h of the source bring 2.0 kg/h, so 30 t/h of
freshwater complete it (no wastewater): 30 t/h instead of 50. Counting FW3 as a sink at 0 ppm
(40,000 m³/yr over 4,000 h = 10 t/h) adds 10 t/h to both.

Heat: P cools 100 kW of process water from 90 to 40 °C (500 MWh/yr over 5,000 h:
CP = 100 kW / 50 K = 2 kW/K); Q heats 80 kW of water from 20 to 60 °C (400 MWh/yr over 5,000 h:
CP = 2 kW/K). At ΔTmin 10 K the shifted hot stream runs 85→35 °C, the cold 25→65 °C: 85–65 has a
surplus of 40 kW, 65–35 balances, 35–25 lacks 20 kW, so the cascade never goes negative: no hot
utility, 40 − 20 = 20 kW cold utility. Q alone needs 80 kW, P alone 0: 80 kW can be recovered
between them.
"""

from __future__ import annotations

import pytest

from symbiosis.errors import InputError
from symbiosis.targeting.zone import (
    zone_heat_recovery_potential,
    zone_heat_streams,
    zone_heat_target,
    zone_water_sinks_sources,
    zone_water_target,
)


@pytest.fixture
def zone(builders):
    return builders.zone(
        [("P", "Pêcherie Pi"), ("Q", "Quai Q")],
        [
            dict(id="FW1", company_id="P", direction="supply", resource="water.grey",
                 quantity=20, unit="m3/h", operating_hours_per_yr=4000, cod_mg_per_l=100,
                 salinity_g_per_l=2.0),
            dict(id="FW2", company_id="Q", direction="demand", resource="water.potable",
                 quantity=50, unit="m3/h", operating_hours_per_yr=4000, max_cod_mg_per_l=50),
            dict(id="FW3", company_id="Q", direction="demand", resource="water.potable",
                 quantity=40000, unit="m3/yr"),
            dict(id="FH1", company_id="P", direction="supply", resource="heat.hot_water",
                 quantity=100, unit="kW", operating_hours_per_yr=5000,
                 supply_temperature_c=90, target_temperature_c=40),
            dict(id="FH2", company_id="Q", direction="demand", resource="heat.hot_water",
                 quantity=400, unit="MWh/yr", operating_hours_per_yr=5000,
                 supply_temperature_c=20, target_temperature_c=60),
        ],
    )  # fmt: skip


def test_water_sinks_and_sources_in_tonnes_per_hour(zone):
    sinks, sources = zone_water_sinks_sources(zone)
    assert sinks.to_dict("records") == [
        {"id": "FW2", "flow_t_per_h": 50.0, "max_concentration_ppm": 50.0}
    ]
    assert sources.to_dict("records") == [
        {"id": "FW1", "flow_t_per_h": 20.0, "concentration_ppm": 100.0}
    ]


def test_water_target(zone):
    target = zone_water_target(zone)
    assert target.freshwater_t_per_h == pytest.approx(30)
    assert target.wastewater_t_per_h == pytest.approx(0)
    assert target.freshwater_without_reuse_t_per_h == pytest.approx(50)


def test_unlimited_demands_count_as_freshwater_sinks(zone):
    with pytest.raises(InputError, match="FW3 state no operating_hours_per_yr"):
        zone_water_target(zone, include_unlimited_demands=True)
    target = zone_water_target(zone, include_unlimited_demands=True, operating_hours_per_yr=4000)
    assert target.freshwater_t_per_h == pytest.approx(40)
    assert target.freshwater_without_reuse_t_per_h == pytest.approx(60)


def test_a_contaminant_without_limits_gives_no_sink(zone):
    # Salinity: the source states 2 g/L = 2,000 ppm, no demand has a limit.
    sinks, sources = zone_water_sinks_sources(zone, "salinity")
    assert sinks.empty
    assert sources["concentration_ppm"].tolist() == [2000.0]


def test_unknown_contaminant_is_refused(zone):
    with pytest.raises(InputError, match="contaminant 'lead' is not known"):
        zone_water_target(zone, "lead")


def test_heat_streams(zone):
    streams = zone_heat_streams(zone)
    assert streams.to_dict("records") == [
        {"id": "FH1", "company_id": "P", "supply_temperature_c": 90.0, "target_temperature_c": 40.0,
         "cp_kw_per_k": 2.0},
        {"id": "FH2", "company_id": "Q", "supply_temperature_c": 20.0, "target_temperature_c": 60.0,
         "cp_kw_per_k": 2.0},
    ]  # fmt: skip


def test_heat_target(zone):
    target = zone_heat_target(zone, dt_min_k=10)
    assert target.hot_utility_kw == pytest.approx(0)
    assert target.cold_utility_kw == pytest.approx(20)


def test_heat_recovery_potential_per_company_and_pair(zone):
    potential = zone_heat_recovery_potential(zone, dt_min_k=10)
    assert potential.potential_kw == pytest.approx(80)
    assert potential.per_company["company_id"].tolist() == ["P", "Q"]
    assert potential.per_company["stand_alone_hot_utility_kw"].tolist() == pytest.approx([0, 80])
    assert potential.per_pair[["company_a_id", "company_b_id"]].values.tolist() == [["P", "Q"]]
    assert potential.per_pair["potential_kw"].tolist() == pytest.approx([80])


def test_a_zone_without_heat_streams_says_what_to_fill_in(builders):
    zone = builders.zone(
        [("P", "Pi")],
        [dict(id="F1", company_id="P", direction="demand", resource="heat.hot_water",
              quantity=10, unit="MWh/yr")],
    )  # fmt: skip
    with pytest.raises(InputError, match="supply_temperature_c and target_temperature_c"):
        zone_heat_target(zone)
