"""optimize() on the Capécure sample zone (data/capecure_sample), after symbiosis.match.

The plans are checked against the zone's flows, not against the solver's matrix: no supply is
over-used, no demand over-served, every COD, salinity and suspended-solids limit is met by the
reused water. Each objective's plan must also be at least as good on its own objective as the
plans of the other objectives (within the gap).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from symbiosis.io import load_example, read_zone
from symbiosis.matching import match
from symbiosis.optimization import optimize

# Objective values are compared across plans within the solver's relative gap.
GAP = 0.01
# The sample as shipped in the repository (the package carries the same files as "capecure").
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "capecure_sample"


@pytest.fixture(scope="module")
def sample() -> SimpleNamespace:
    zone = read_zone(SAMPLE) if SAMPLE.is_dir() else load_example("capecure")
    result = match(zone)
    plans = {
        objective: optimize(zone, result, objective, time_limit_s=8, mip_rel_gap=GAP)
        for objective in ("net_benefit", "freshwater", "co2e")
    }
    return SimpleNamespace(zone=zone, result=result, plans=plans)


@pytest.mark.parametrize("objective", ["net_benefit", "freshwater", "co2e"])
def test_sample_plans_respect_the_zone(sample, builders, objective):
    plan = sample.plans[objective]
    assert plan.status in ("optimal", "time limit")
    assert not plan.selected.empty
    builders.check(sample.zone, plan.selected)
    assert set(plan.selected["opportunity_id"]) <= set(
        sample.result.exchanges["opportunity_id"]
    ) | set(sample.result.pools["pool_id"])


def test_sample_pools_exclude_the_candidates_they_replace(sample):
    for plan in sample.plans.values():
        pools = plan.selected[plan.selected["kind"] == "pool"]
        pooled = {
            flow_id
            for cell in [*pools["supply_flow_id"], *pools["demand_flow_id"]]
            if isinstance(cell, str)
            for flow_id in cell.split(";")
        }
        exchanges = plan.selected[plan.selected["kind"] != "pool"]
        used = set(exchanges["supply_flow_id"].dropna()) | set(exchanges["demand_flow_id"])
        assert not pooled & used


def test_each_objective_is_best_at_its_own_measure(sample):
    plans = sample.plans
    net = {name: plan.indicators["net_saving_eur_per_yr"] for name, plan in plans.items()}
    water = {
        name: plan.indicators["potable_water_substituted_m3_per_yr"] for name, plan in plans.items()
    }
    co2e = {name: plan.indicators["co2e_avoided_t_per_yr"] for name, plan in plans.items()}
    assert net["net_benefit"] >= (1 - GAP) * max(net.values())
    assert water["freshwater"] >= (1 - GAP) * max(water.values())
    assert co2e["co2e"] >= (1 - GAP) * max(co2e.values())
    assert plans["net_benefit"].objective_value == pytest.approx(net["net_benefit"])
    assert plans["freshwater"].objective_value == pytest.approx(water["freshwater"])
    assert plans["co2e"].objective_value == pytest.approx(co2e["co2e"])


def test_sample_net_benefit_plan_chooses_only_what_pays(sample):
    selected = sample.plans["net_benefit"].selected
    # A candidate whose variable part alone loses money is never worth choosing.
    assert (
        selected["net_benefit_eur_per_yr"] + selected["annualised_investment_eur_per_yr"]
    ).min() > 0


def _regulated(resource: str) -> bool:
    """A supply some regulation governs: clean seawater, reused water, a by-product, a waste."""
    from symbiosis.catalogue import get_resource

    entry = get_resource(resource)
    return resource in ("water.sea", "water.grey", "water.treated") or bool(
        entry.ewc_codes or entry.abp_category
    )


def test_no_plan_holds_a_case_of_the_regulatory_review(sample):
    # Issue 14: retort cooling never takes seawater or reused water, evaporative make-up never
    # seawater, crates no grey or treated water, no by-product reaches food, no used box new
    # food-contact boxes; and every chosen opportunity under a regulation lists its permits.
    uses = {flow.id: flow.use for flow in sample.zone.flows}
    n_regulated = 0
    for plan in sample.plans.values():
        chosen = plan.selected
        flows = {
            flow_id
            for cell in [*chosen["supply_flow_id"], *chosen["demand_flow_id"]]
            if isinstance(cell, str)
            for flow_id in cell.split(";")
        }
        served = {uses[flow_id] for flow_id in flows}
        assert not served & {"container_cooling", "human_food", "food_contact_packaging"}
        exchanges = chosen[chosen["kind"] != "pool"]
        use = exchanges["demand_flow_id"].map(uses)
        supply = exchanges["supply_resource"]
        assert not ((use == "evaporative_makeup") & (supply == "water.sea")).any()
        crates = use.isin(["crate_washing", "floor_and_crate_washing"])
        assert not (crates & supply.isin(["water.grey", "water.treated"])).any()
        regulated = exchanges[exchanges["supply_resource"].map(_regulated)]
        n_regulated += len(regulated)
        assert (regulated["n_conditions"] >= 1).all()
        pools = chosen[chosen["kind"] == "pool"]
        waste_pools = pools[pools["resource"].map(_regulated)]
        assert (waste_pools["n_conditions"] >= 1).all()
    # Not vacuous: the CO2e plan sends wastes to recyclers (the net-benefit plan no longer moves
    # co-products between buyers, which gains the zone nothing).
    assert n_regulated > 0


def test_the_seawater_main_warns_of_the_salt_it_sends_to_the_town_plant(sample):
    # The town plant (C50) takes in 9,059,131 m³/yr (2012); 250 mg/L of added chloride there is
    # 250 × 9,059,131 / 10⁶ = 2,264.8 t/yr, the chloride of 2,264.8 × 10⁶ / 19,900 = 113,808
    # m³/yr of seawater. The net-benefit plan's seawater (about 700,000 m³/yr at 35 g/L, some
    # 24,500 t/yr of salt) is far above it.
    from symbiosis.optimization.downstream import sewer_salt

    plan = sample.plans["net_benefit"]
    load = sewer_salt(sample.zone, plan.selected)
    assert load.plant_ids == ("C50",)
    assert load.plant_inflow_m3_per_yr == pytest.approx(9_059_131)
    assert load.water_m3_per_yr > 113_808
    assert load.chloride_t_per_yr == pytest.approx(load.water_m3_per_yr * 19_900 / 1e6)
    assert load.salt_t_per_yr == pytest.approx(load.water_m3_per_yr * 35 / 1e3)
    (warning,) = plan.warnings
    assert "(C50) takes in 9,059,131 m³/yr: its mean inlet chloride rises by" in warning
