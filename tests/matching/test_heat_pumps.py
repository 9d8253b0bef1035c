"""Heat pumps (matching/heat_pumps.py): COP from Carnot, a hand-built candidate, the second law.

Package defaults used (catalogue/parameters.yaml): η 0.5, approaches 5 K, heat pump 1,200 EUR/kW,
electricity 172 EUR/MWh and 57 kgCO2e/MWh, gas 65 EUR/MWh and 227 kgCO2e/MWh at a boiler
efficiency of 0.9, discount rate 10 %/yr over 15 years, ΔTmin 10 K (MatchConfig).
"""

from __future__ import annotations

import numpy as np
import pytest

from symbiosis import load_example
from symbiosis.matching import MatchConfig, match
from symbiosis.matching.economics import capital_recovery_factor
from symbiosis.matching.heat_pumps import chiller_cop, heat_pump_cop
from symbiosis.optimization.options import prepare_options


def test_cop_of_a_heat_pump_from_carnot() -> None:
    # 35 °C source to 80 °C with 5 K approaches, η = 0.5:
    # T_hot = 80 + 5 + 273.15 = 358.15 K, T_cold = 35 − 5 + 273.15 = 303.15 K,
    # COP = 0.5 × 358.15 / 55 = 3.25591.
    assert heat_pump_cop(35.0, 80.0, 5.0, 0.5)[0] == pytest.approx(3.25591, abs=1e-5)


def test_cop_of_a_chiller_from_carnot() -> None:
    # Cold at 2 °C evaporates at −3 °C = 270.15 K; condensing at 40 °C = 313.15 K:
    # COP = 0.5 × 270.15 / 43 = 3.14128.
    assert chiller_cop(2.0, 40.0, 5.0, 0.5)[0] == pytest.approx(3.14128, abs=1e-5)


def test_no_cop_without_a_lift() -> None:
    # A 90 °C source for a 60 °C demand: T_cold 358.15 K above T_hot 338.15 K.
    assert np.isnan(heat_pump_cop(90.0, 60.0, 5.0, 0.5)[0])


def _one_site_zone(zone_of, flow, **parameters):
    return zone_of(
        {"A": 0.0},
        [
            flow(
                "S",
                "A",
                "supply",
                "heat.low_grade",
                1000,
                "MWh/yr",
                supply_temperature_c=35,
                target_temperature_c=25,
            ),
            flow(
                "D",
                "A",
                "demand",
                "heat.hot_water",
                450,
                "MWh/yr",
                supply_temperature_c=15,
                target_temperature_c=60,
                operating_hours_per_yr=3000,
            ),
        ],
        parameters=parameters,
    )


def test_a_hand_built_heat_pump(zone_of, flow) -> None:
    zone = _one_site_zone(zone_of, flow)
    result = match(zone, MatchConfig(heat_pumps=True))
    row = result.exchanges.set_index("opportunity_id").loc["HP-S-D"]
    assert row["kind"] == "heat_pump"
    # The evaporator works below the 25 °C the condenser water leaves at: T_cold = 25 − 5 °C
    # = 293.15 K; T_hot = 60 + 5 °C = 338.15 K; COP = 0.5 × 338.15 / 45 = 3.757222.
    assert row["cop"] == pytest.approx(3.757222, abs=1e-6)
    assert row["source_temperature_c"] == 25.0
    # The source could give 1000 × COP / (COP − 1) = 1,363 > 450: the whole demand, 450 MWh/yr.
    assert row["quantity_per_yr"] == pytest.approx(450.0)
    # Electricity 450 / 3.757222 = 119.7693 MWh/yr; from the source 450 − 119.7693 = 330.2307.
    assert row["electricity_mwh_per_yr"] == pytest.approx(119.7693, abs=1e-4)
    assert row["supply_share"] == pytest.approx(0.3302307, abs=1e-6)
    # Electricity cost 119.7693 × 172 = 20,600.33 EUR/yr; heat avoided 450 × 65 / 0.9 = 32,500.
    assert row["new_supply_cost_eur_per_yr"] == pytest.approx(20_600.33, abs=0.01)
    assert row["gross_saving_eur_per_yr"] == pytest.approx(32_500.0)
    # 450 MWh over 3,000 h = 150 kW × 1,200 EUR/kW = 180,000 EUR on one site (no pipe),
    # × the capital recovery factor at 10 %/yr over 15 years (0.13147378) = 23,665.28 EUR/yr.
    assert row["investment_eur"] == pytest.approx(180_000.0)
    assert capital_recovery_factor(0.1, 15) == pytest.approx(0.1314738, abs=1e-7)
    assert row["annualised_investment_eur_per_yr"] == pytest.approx(23_665.28, abs=0.01)
    # Net 32,500 − 20,600.33 − 23,665.28 = −11,765.61 EUR/yr: not profitable at 1,200 EUR/kW.
    assert row["net_saving_eur_per_yr"] == pytest.approx(-11_765.61, abs=0.01)
    assert not row["profitable"]
    # CO2e (450 × 227 / 0.9 − 119.7693 × 57) / 1000 = (113,500 − 6,826.85) / 1000 = 106.673 t.
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(106.673, abs=1e-3)
    text = result.explain("HP-S-D")
    assert "0.5 × 338.15 K / (338.15 − 293.15) K = 3.76" in text
    assert "120 MWh/yr of electricity" in text
    assert "net saving −€11,766/yr" in text


def test_heat_pumps_are_off_by_default_and_not_chosen_by_the_optimiser(zone_of, flow) -> None:
    zone = _one_site_zone(zone_of, flow)
    assert "heat_pump" not in set(match(zone).exchanges["kind"].astype(str))
    result = match(zone, MatchConfig(heat_pumps=True))
    options = prepare_options(zone, result.exchanges, result.pools)
    assert "HP-S-D" in set(result.exchanges["opportunity_id"])
    assert "HP-S-D" not in set(options.candidates["opportunity_id"])


def test_a_source_that_reaches_the_demand_is_no_heat_pump(zone_of, flow) -> None:
    zone = zone_of(
        {"A": 0.0},
        [
            flow("S", "A", "supply", "heat.hot_water", 500, "MWh/yr", supply_temperature_c=80),
            flow(
                "D",
                "A",
                "demand",
                "heat.hot_water",
                100,
                "MWh/yr",
                supply_temperature_c=15,
                target_temperature_c=60,
            ),
        ],
    )
    exchanges = match(zone, MatchConfig(heat_pumps=True)).exchanges
    assert "HP-S-D" not in set(exchanges["opportunity_id"])
    kept = match(zone, MatchConfig(heat_pumps=True, keep_infeasible=True)).exchanges
    row = kept.set_index("opportunity_id").loc["HP-S-D"]
    assert not row["feasible"]
    assert row["infeasible_reason"].startswith("no lift needed: the source, less ΔTmin")


def test_a_cop_at_most_one_is_infeasible(zone_of, flow) -> None:
    # η = 0.1: COP = 0.1 × 338.15 / 45 = 0.751 ≤ 1.
    zone = _one_site_zone(
        zone_of,
        flow,
        heat_pump_carnot_efficiency={"value": 0.1, "unit": "1", "source": "test"},
    )
    config = MatchConfig(heat_pumps=True, keep_infeasible=True)
    row = match(zone, config).exchanges.set_index("opportunity_id").loc["HP-S-D"]
    assert row["cop"] == pytest.approx(0.751444, abs=1e-6)
    assert not row["feasible"]
    assert row["infeasible_reason"].startswith("COP at most 1")
    assert row["quantity_per_yr"] == 0.0


def test_no_heat_pump_of_the_sample_breaks_the_second_law() -> None:
    zone = load_example("capecure")
    config = MatchConfig(heat_pumps=True)
    exchanges = match(zone, config).exchanges
    pumps = exchanges[exchanges["kind"].astype(str) == "heat_pump"]
    assert len(pumps) > 0
    source = pumps["source_temperature_c"].to_numpy(dtype=float)
    delivery = pumps["delivery_temperature_c"].to_numpy(dtype=float)
    cop = pumps["cop"].to_numpy(dtype=float)
    # Each lifts heat uphill: the temperature the source leaves at, less ΔTmin, stays below the
    # demand's (the source's start, less ΔTmin, too: else it is a heat recovery).
    assert (source - config.dt_min_k < delivery).all()
    flows = {flow.id: flow for flow in zone.flows}
    start = np.array([flows[i].supply_temperature_c for i in pumps["supply_flow_id"]], float)
    assert (start - config.dt_min_k < delivery).all()
    assert (source <= start).all()
    # Each COP is η = 0.5 times the Carnot COP of its temperatures, and above 1.
    hot = delivery + 5.0 + 273.15
    cold = source - 5.0 + 273.15
    assert np.allclose(cop, 0.5 * hot / (hot - cold))
    assert (cop > 1.0).all()
    # Energy balance: heat delivered = heat from the source + electricity.
    assert np.allclose(
        pumps["quantity_per_yr"],
        pumps["source_heat_mwh_per_yr"] + pumps["electricity_mwh_per_yr"],
    )
    assert np.allclose(pumps["electricity_mwh_per_yr"] * cop, pumps["quantity_per_yr"])
