"""Refrigeration in the zone heat targets: a heat pump working across the pinch, listed with
the electricity it draws and the heat its condenser rejects (issue 13, item 5, targets part).

Condenser heat = cold × (1 + 1/COP); COP 3 for positive cold and 2 for negative cold (the
package's parameters ``refrigeration_cop_cold_chilled`` and ``refrigeration_cop_cold_negative``).
"""

from __future__ import annotations

import math

import pytest

from symbiosis.errors import InputError
from symbiosis.io import load_example
from symbiosis.targeting import zone_heat_target, zone_refrigeration


def _zone(builders, parameters=None):
    """P heats 20 MWh/yr of water from 10 to 60 °C over 1,000 h (20 kW); Q cools a chill room
    from 12 to 2 °C (60 MWh/yr over 1,500 h: 40 kW) and a freezer to −25 °C (100 MWh/yr, hours
    unknown)."""
    return builders.zone(
        [("P", "Cannery"), ("Q", "Cold store")],
        [
            dict(id="HW", company_id="P", direction="demand", resource="heat.hot_water",
                 quantity=20, unit="MWh/yr", operating_hours_per_yr=1000,
                 supply_temperature_c=10, target_temperature_c=60),
            dict(id="CH", company_id="Q", direction="demand", resource="cold.chilled",
                 quantity=60, unit="MWh/yr", operating_hours_per_yr=1500,
                 supply_temperature_c=12, target_temperature_c=2),
            dict(id="FR", company_id="Q", direction="demand", resource="cold.negative",
                 quantity=100, unit="MWh/yr", supply_temperature_c=4, target_temperature_c=-25),
        ],
        parameters,
    )  # fmt: skip


def test_condenser_heat_is_cold_times_one_plus_one_over_cop(builders):
    table = zone_refrigeration(_zone(builders)).set_index("id")
    # Chill room: 60 / 3 = 20 MWh/yr of electricity, 60 × (1 + 1/3) = 80 MWh/yr rejected;
    # 40 kW of cold while running, 40 × 4/3 = 53.33 kW at the condenser.
    chill = table.loc["CH"]
    assert chill["cop"] == 3.0
    assert chill["electricity_mwh_per_yr"] == pytest.approx(20.0)
    assert chill["condenser_heat_mwh_per_yr"] == pytest.approx(80.0)
    assert chill["cold_kw"] == pytest.approx(40.0)
    assert chill["condenser_heat_kw"] == pytest.approx(160.0 / 3)
    # Freezer: 100 / 2 = 50 MWh/yr of electricity, 100 × 1.5 = 150 MWh/yr rejected; no rate
    # without its operating hours.
    freezer = table.loc["FR"]
    assert (freezer["cop"], freezer["target_temperature_c"]) == (2.0, -25.0)
    assert freezer["electricity_mwh_per_yr"] == pytest.approx(50.0)
    assert freezer["condenser_heat_mwh_per_yr"] == pytest.approx(150.0)
    assert math.isnan(freezer["condenser_heat_kw"])


def test_a_zone_sets_its_own_cop(builders):
    """COP 4: 60 × (1 + 1/4) = 75 MWh/yr rejected."""
    zone = _zone(builders, {"refrigeration_cop_cold_chilled": 4.0})
    chill = zone_refrigeration(zone).set_index("id").loc["CH"]
    assert chill["condenser_heat_mwh_per_yr"] == pytest.approx(75.0)


def test_a_cop_that_is_not_positive_is_refused(builders):
    zone = _zone(builders, {"refrigeration_cop_cold_negative": 0.0})
    with pytest.raises(InputError, match=r"'refrigeration_cop_cold_negative' is 0\.0; a COP"):
        zone_refrigeration(zone)


def test_the_target_lists_refrigeration_apart_not_as_cold_utility(builders):
    """The hot water alone: 20 kW of hot utility, no cold utility; the two cold demands are in
    the refrigeration table and in left_out, none is dropped."""
    target = zone_heat_target(_zone(builders), dt_min_k=10, operating_hours_per_yr=2000)
    assert target.hot_utility_kw == pytest.approx(20.0)
    assert target.cold_utility_kw == 0.0
    assert target.refrigeration["id"].tolist() == ["CH", "FR"]
    # With 2,000 h given for flows without theirs: 100 MWh/yr / 2,000 h = 50 kW, × 1.5.
    freezer = target.refrigeration.set_index("id").loc["FR"]
    assert freezer["condenser_heat_kw"] == pytest.approx(75.0)
    reasons = target.left_out.set_index("id")["reason"]
    assert sorted(reasons.index) == ["CH", "FR"]
    assert "refrigeration table with its condenser heat" in reasons["CH"]


def test_the_sample_rejects_48_928_mwh_at_its_condensers():
    """35,848.8 MWh/yr of cold (issue 13): 29,069.6 positive at COP 3 and 6,779.2 negative at
    COP 2, so 29,069.6 × 4/3 + 6,779.2 × 1.5 = 38,759.47 + 10,168.8 = 48,928.27 MWh/yr at the
    condensers, for 29,069.6 / 3 + 6,779.2 / 2 = 13,079.47 MWh/yr of electricity."""
    table = zone_refrigeration(load_example("capecure"))
    assert table["cold_mwh_per_yr"].sum() == pytest.approx(35848.8)
    assert table["condenser_heat_mwh_per_yr"].sum() == pytest.approx(48928.27, abs=0.01)
    assert table["electricity_mwh_per_yr"].sum() == pytest.approx(13079.47, abs=0.01)
