"""Steam in the zone heat targets, and the flows the targets leave out (issue 13, item 6).

Steam table values are those of the cited table (symbiosis.catalogue.steam): at 150 °C,
476.16 kPa and h_fg 2,113.8 kJ/kg; at 160 °C, 2,082.0 kJ/kg.
"""

from __future__ import annotations

import pytest

from symbiosis.catalogue.steam import (
    latent_heat_kj_per_kg,
    saturation_pressure_kpa,
    saturation_temperature_c,
)
from symbiosis.errors import InputError
from symbiosis.io import load_example
from symbiosis.targeting import zone_heat_left_out, zone_heat_streams, zone_heat_target


def test_the_steam_table():
    assert saturation_temperature_c(476.16) == pytest.approx(150.0)
    assert saturation_pressure_kpa(150.0) == pytest.approx(476.16)
    assert latent_heat_kj_per_kg(150.0) == pytest.approx(2113.8)
    # Halfway between 150 and 160 °C: (2,113.8 + 2,082.0) / 2.
    assert latent_heat_kj_per_kg(155.0) == pytest.approx(2097.9)
    # 6 bar gauge ≈ 701 kPa absolute: between 160 (618.23) and 170 °C (792.18).
    assert 160 < saturation_temperature_c(701.3) < 170
    with pytest.raises(InputError, match="covers 100 to 250 °C"):
        latent_heat_kj_per_kg(300.0)


@pytest.fixture
def steam_zone(builders):
    """Company P raises 1,000 kW of steam at 150 °C for 1,000 h (1,000 MWh/yr). Company Q
    cools flue gas from 200 to 150 °C, 10 kW/K (500 kW over 1,000 h). Q has a chill room
    cooled from 12 to 2 °C and a hot-water demand with no temperatures."""
    return builders.zone(
        [("P", "Cannery"), ("Q", "Smokehouse")],
        [
            dict(id="ST", company_id="P", direction="demand", resource="heat.steam",
                 quantity=1000, unit="kW", operating_hours_per_yr=1000,
                 target_temperature_c=150),
            dict(id="FG", company_id="Q", direction="supply", resource="heat.flue_gas",
                 quantity=500, unit="kW", operating_hours_per_yr=1000,
                 supply_temperature_c=200, target_temperature_c=150),
            dict(id="CH", company_id="Q", direction="demand", resource="cold.chilled",
                 quantity=50, unit="MWh/yr", operating_hours_per_yr=1000,
                 supply_temperature_c=12, target_temperature_c=2),
            dict(id="HW", company_id="Q", direction="demand", resource="heat.hot_water",
                 quantity=20, unit="MWh/yr"),
        ],
    )  # fmt: skip


def test_a_steam_demand_is_in_the_zone_heat_target(steam_zone):
    """The steam takes all its heat at 150 °C (a stream over the 1 K from 149 to 150 °C,
    1,000 kW/K). At ΔTmin 10 K the flue gas reaches it down to 149 + 10 = 159 °C: 10 kW/K ×
    (200 − 159) K = 410 kW. Hot utility 1,000 − 410 = 590 kW; the flue gas's 90 kW below
    159 °C go to cold utility. (Without the 1 K span it would be 400 kW, 600 and 100.)"""
    streams = zone_heat_streams(steam_zone)
    steam = streams.set_index("id").loc["ST"]
    assert (steam["supply_temperature_c"], steam["target_temperature_c"]) == (149.0, 150.0)
    assert steam["cp_kw_per_k"] == pytest.approx(1000.0)
    target = zone_heat_target(steam_zone, dt_min_k=10)
    assert target.hot_utility_kw == pytest.approx(590.0)
    assert target.cold_utility_kw == pytest.approx(90.0)


def test_the_target_lists_what_it_leaves_out(steam_zone):
    target = zone_heat_target(steam_zone, dt_min_k=10)
    left_out = target.left_out.set_index("id")
    assert sorted(left_out.index) == ["CH", "HW"]
    assert left_out.loc["CH", "reason"].startswith(
        "refrigeration to 2 °C: a heat pump working across the pinch"
    )
    assert left_out.loc["HW", "reason"] == "no supply_temperature_c and target_temperature_c"
    assert left_out.loc["HW", "quantity_per_yr"] == 20.0


def test_steam_without_a_temperature_is_listed(builders):
    zone = builders.zone(
        [("P", "Cannery")],
        [
            dict(id="ST", company_id="P", direction="demand", resource="heat.steam",
                 quantity=10, unit="MWh/yr"),
            dict(id="HW", company_id="P", direction="demand", resource="heat.hot_water",
                 quantity=10, unit="MWh/yr", supply_temperature_c=10, target_temperature_c=60),
        ],
    )  # fmt: skip
    reason = zone_heat_left_out(zone).set_index("id").loc["ST", "reason"]
    assert reason.startswith("steam without a saturation temperature")


def test_the_sample_counts_its_steam_and_lists_its_refrigeration():
    """Issue 13: steam is 63 % of the sample's heat demand (28,130 of 44,570 MWh/yr), and
    35,849 MWh/yr of cold demand is refrigeration."""
    zone = load_example("capecure")
    streams = zone_heat_streams(zone, operating_hours_per_yr=8760)
    steam_ids = {flow.id for flow in zone.flows if flow.resource == "heat.steam"}
    assert steam_ids == {"F34-12", "F35-12", "F47-02"}
    assert steam_ids <= set(streams["id"])
    left_out = zone_heat_left_out(zone)
    refrigeration = left_out[left_out["reason"].str.startswith("refrigeration")]
    assert refrigeration["quantity_per_yr"].sum() == pytest.approx(35848.8)
    assert set(left_out["id"]) == set(refrigeration["id"])


def test_a_steam_demand_in_tonnes_per_hour_is_in_the_zone_heat_target(builders):
    """2 t/h of steam raised at 150 °C: 2,000 kg/h × 2,113.8 kJ/kg (latent heat at 150 °C) /
    3,600 s/h = 1,174.33 kW, taken over the 1 K below 150 °C, all of it hot utility."""
    zone = builders.zone(
        [("P", "Cannery")],
        [dict(id="ST", company_id="P", direction="demand", resource="heat.steam", quantity=2,
              unit="t/h", operating_hours_per_yr=1000, target_temperature_c=150)],
    )  # fmt: skip
    steam = zone_heat_streams(zone).set_index("id").loc["ST"]
    assert (steam["supply_temperature_c"], steam["target_temperature_c"]) == (149.0, 150.0)
    assert steam["cp_kw_per_k"] == pytest.approx(2000 * 2113.8 / 3600)
    assert zone_heat_target(zone).hot_utility_kw == pytest.approx(1174.333, abs=1e-3)


def test_a_steam_demand_with_its_feed_water_counts_the_water_heat_too(builders):
    """Feed water at 20 °C: 2,000 × (2,113.8 + 632.18 − 4.18 × 20) / 3,600 = 1,479.1 kW."""
    zone = builders.zone(
        [("P", "Cannery")],
        [dict(id="ST", company_id="P", direction="demand", resource="heat.steam", quantity=2,
              unit="t/h", operating_hours_per_yr=1000, target_temperature_c=150,
              supply_temperature_c=20)],
    )  # fmt: skip
    assert zone_heat_target(zone).hot_utility_kw == pytest.approx(1479.1, abs=1e-6)
