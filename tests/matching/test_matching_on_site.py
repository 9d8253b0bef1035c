"""On-site recovery first in the matcher (issue 13, item 3): a heat exchange between companies
moves only what the receiver cannot recover on its own site, and what the supplier cannot use
on its own.

Company R has a condenser, 35 → 25 °C, 150 MWh/yr (CP 15 MWh/yr per K), and cleaning water
heated from 15 to 60 °C, 90 MWh/yr (CP 2 MWh/yr per K). At ΔTmin 10 K its condenser heats the
water up to 35 − 10 = 25 °C: 2 × (25 − 15) = 20 MWh/yr on site. What is left for other
companies is the water's 70 MWh/yr from 25 to 60 °C, and the condenser's 130 MWh/yr from
25 °C up to 25 + 130 / 15 = 33.67 °C.
"""

from __future__ import annotations

import pytest

from symbiosis.matching import MatchConfig, find_candidates
from symbiosis.targeting.on_site import heat_after_on_site


@pytest.fixture
def zone(zone_of, flow):
    """R as above; S, 400 m away, has 100 MWh/yr of hot water cooled from 70 to 60 °C and a
    condenser at 35 → 25 °C like R's."""
    return zone_of(
        {"R": 0.0, "S": 0.4},
        [
            flow("R-cond", "R", "supply", "heat.low_grade", 150, "MWh/yr",
                 supply_temperature_c=35, target_temperature_c=25),
            flow("R-water", "R", "demand", "heat.hot_water", 90, "MWh/yr",
                 supply_temperature_c=15, target_temperature_c=60),
            flow("S-hot", "S", "supply", "heat.low_grade", 100, "MWh/yr",
                 supply_temperature_c=70, target_temperature_c=60),
            flow("S-cond", "S", "supply", "heat.low_grade", 150, "MWh/yr",
                 supply_temperature_c=35, target_temperature_c=25),
        ],
    )  # fmt: skip


def test_what_each_flow_leaves_for_other_companies(zone):
    after = heat_after_on_site(zone, 10.0).set_index("id")
    assert after.loc["R-water", "on_site_per_yr"] == pytest.approx(20.0)
    assert after.loc["R-water", "after_on_site_per_yr"] == pytest.approx(70.0)
    assert after.loc["R-water", "supply_temperature_c"] == pytest.approx(25.0)
    assert after.loc["R-cond", "after_on_site_per_yr"] == pytest.approx(130.0)
    assert after.loc["R-cond", "supply_temperature_c"] == pytest.approx(25 + 130 / 15)
    # S recovers nothing on its own: it has no demand.
    assert after.loc["S-hot", "after_on_site_per_yr"] == 100.0
    assert after.loc["S-hot", "supply_temperature_c"] == 70.0


def test_a_neighbour_serves_only_what_the_receiver_cannot_recover_itself(zone):
    """S's 70 °C water reaches 60 °C: it could heat all 90 MWh/yr, but R heats the first
    20 MWh/yr itself, so the exchange moves 70 MWh/yr (a demand share of 70 / 90). S's
    35 °C condenser reaches only 25 °C, where R's own condenser already heats the water: no
    exchange (without on-site first it would move 2 × 10 = 20 MWh/yr)."""
    candidates = find_candidates(zone)
    heat = candidates[candidates["demand_flow_id"] == "R-water"].set_index("supply_flow_id")
    assert heat.loc["S-hot", "quantity_per_yr"] == pytest.approx(70.0)
    assert heat.loc["S-hot", "demand_share"] == pytest.approx(70 / 90)
    assert "S-cond" not in heat.index


def test_the_reason_says_the_receiver_heats_the_demand_first(zone):
    candidates = find_candidates(zone, MatchConfig(keep_infeasible=True))
    row = candidates.set_index(["supply_flow_id", "demand_flow_id"]).loc[("S-cond", "R-water")]
    assert not row["feasible"]
    assert row["infeasible_reason"] == (
        "the demand is heated from 15 °C to 60 °C, its own company heating it to 25 °C first "
        "(on-site recovery); the source at 35 °C, less ΔTmin 10 K, reaches only 25 °C"
    )
