"""Salt a plan sends to the town's treatment plant (issue 14 item 5; optimization/downstream.py).

Clean seawater carries 35 g/L of salt and 19,900 mg/L of chloride (rules.yaml):
10,000 m³/yr × 19,900 mg/L / 10⁶ = 199 t/yr of chloride; × 35 g/L / 10³ = 350 t/yr of salt.
The zone: a fish trader T 0.5 km from a seawater intake washes whole fish with 100,000 m³/yr of
drinking water (1,990 t/yr of chloride, 3,500 t/yr of salt once seawater replaces it); the town
plant P takes in the zone's wastewater (a demand of water.waste).
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from symbiosis import Company, Flow, OutsideParty, Zone, match, optimize
from symbiosis.catalogue import Parameter
from symbiosis.optimization.downstream import sewer_salt


def _zone(plant_inflow_m3: float | None) -> Zone:
    def company(company_id: str, north_km: float) -> Company:
        return Company(
            id=company_id,
            name=f"Company {company_id}",
            sector_nace="46.38" if company_id == "T" else "37.00",
            latitude=50.72 + north_km / 111.19508,
            longitude=1.59,
        )

    flows = [
        Flow(
            id="WASH",
            company_id="T",
            direction="demand",
            resource="water.potable",
            quantity=100_000,
            unit="m3/yr",
            use="whole_fish_washing",
            max_salinity_g_per_l=40.0,
        )
    ]
    if plant_inflow_m3 is not None:
        flows.append(
            Flow(
                id="INLET",
                company_id="P",
                direction="demand",
                resource="water.waste",
                quantity=plant_inflow_m3,
                unit="m3/yr",
            )
        )
    sea = OutsideParty(
        id="SEA",
        name="Channel intake",
        kind="sea",
        latitude=50.72,
        longitude=1.59,
        supplies=("water.sea",),
    )
    # The seawater plant is free here (its cost is not what these tests are about), so the plan
    # takes the substitution whose salt is counted.
    free_plant = Parameter(value=0.0, unit="EUR", source="test: plant cost left out")
    return Zone(
        name="salt",
        companies=(company("T", 0.5), company("P", 1.5)),
        flows=tuple(flows),
        outside_parties=(sea,),
        parameters={"water.sea.shared_plant_capex_eur": free_plant},
    )


def test_ten_thousand_cubic_metres_of_seawater_carry_199_t_of_chloride() -> None:
    rows = pd.DataFrame(
        {
            "kind": ["substitution", "exchange"],
            "resource": ["water.sea", "water.grey"],
            "family": ["water", "water"],
            "quantity_per_yr": [10_000.0, 5_000.0],
        }
    )
    # Grey water passed between companies adds no salt: it reached the sewer before.
    load = sewer_salt(_zone(plant_inflow_m3=100_000), rows)
    assert (load.water_m3_per_yr, load.resources) == (10_000.0, ("water.sea",))
    assert load.chloride_t_per_yr == pytest.approx(199.0)
    assert load.salt_t_per_yr == pytest.approx(350.0)
    # 199 t = 199 × 10⁹ mg over 100,000 m³ = 10⁸ L: 1,990 mg/L at the plant's inlet.
    assert load.added_chloride_mg_per_l == pytest.approx(1_990.0)


def test_the_salt_of_seawater_reaches_the_plant_and_breaches_its_threshold() -> None:
    zone = _zone(plant_inflow_m3=1_000_000)
    plan = optimize(zone, match(zone))
    assert "SU-SEA-WASH" in set(plan.selected["opportunity_id"])
    # 1,990 t/yr = 1,990 × 10⁹ mg over 10⁹ L: 1,990 mg/L, above the 250 mg/L threshold.
    (warning,) = plan.warnings
    assert warning == (
        "Salt to the sewer: the plan brings 100,000 m³/yr of water from outside the zone (clean "
        "seawater) that ends in the sewer with 3,500 t/yr of salt, 1,990 t/yr of chloride. The "
        "plant Company P (P) takes in 1,000,000 m³/yr: its mean inlet chloride rises by "
        "1,990 mg/L, above the 250 mg/L of wwtp_max_added_chloride_mg_per_l. Agree the "
        "discharge with the plant (sewer discharge agreement) or treat the salt water before "
        "the sewer."
    )


def test_a_large_plant_takes_the_salt_without_a_warning() -> None:
    # 1,990 t/yr over 10,000,000 m³/yr: 199 mg/L, within 250 mg/L.
    zone = _zone(plant_inflow_m3=10_000_000)
    plan = optimize(zone, match(zone))
    assert sewer_salt(zone, plan.selected).added_chloride_mg_per_l == pytest.approx(199.0)
    assert plan.warnings == ()


def test_without_a_plant_the_load_is_stated_but_not_compared() -> None:
    zone = _zone(plant_inflow_m3=None)
    plan = optimize(zone, match(zone))
    assert math.isnan(sewer_salt(zone, plan.selected).added_chloride_mg_per_l)
    (warning,) = plan.warnings
    assert "1,990 t/yr of chloride; no company of the zone states the wastewater" in warning
