"""Properties of optimize() on random small zones (hypothesis).

Whatever the candidates: the plan respects every supply, demand and contaminant limit of the
zone; its objective is the sum of its rows; and it is at least as good as the best single
candidate taken alone at its full quantity (a feasible plan on its own, since a candidate never
moves more than its supply or its demand).
"""

from __future__ import annotations

from itertools import product
from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symbiosis.optimization import optimize

SUPPLIES = [("S1", "A", 1000.0, 50.0), ("S2", "B", 400.0, 300.0), ("S3", "C", 2500.0, 150.0)]
DEMANDS = [("D1", "D", 800.0, 100.0), ("D2", "E", 1200.0, None), ("D3", "F", 300.0, 400.0)]

candidate = st.fixed_dictionaries(
    {
        "supply": st.sampled_from([*range(len(SUPPLIES)), None]),
        "demand": st.integers(0, len(DEMANDS) - 1),
        "value_per_m3": st.floats(-1.0, 3.0),
        "investment": st.sampled_from([0.0, 5_000.0, 40_000.0]),
        "co2e_per_m3": st.floats(0.0, 0.01),
    }
)


def _case(builders, draws) -> SimpleNamespace:
    companies = [(c, f"Company {c}") for c in "ABCDEF"]
    flows = [
        dict(id=i, company_id=c, direction="supply", resource="water.grey", quantity=q,
             unit="m3/yr", cod_mg_per_l=cod)
        for i, c, q, cod in SUPPLIES
    ] + [
        dict(id=i, company_id=c, direction="demand", resource="water.potable", quantity=q,
             unit="m3/yr", max_cod_mg_per_l=limit)
        for i, c, q, limit in DEMANDS
    ]  # fmt: skip
    zone = builders.zone(companies, flows, parameters={"discount_rate": 0.0})
    rows, seen = [], set()
    for draw in draws:
        key = (draw["supply"], draw["demand"])
        if key in seen:
            continue
        seen.add(key)
        demand_id, receiver, demand_quantity, limit = DEMANDS[draw["demand"]]
        if draw["supply"] is None:
            supply_id, supplier, quantity, cod = None, "SEA", demand_quantity, None
        else:
            supply_id, supplier, supply_quantity, cod = SUPPLIES[draw["supply"]]
            quantity = min(supply_quantity, demand_quantity)
        feasible = limit is None or cod is None or cod <= limit
        annualised = draw["investment"] / 30
        rows.append(
            builders.exchange(
                f"EX-{supply_id or 'SEA'}-{demand_id}", supplier, supply_id, receiver, demand_id,
                quantity, net_saving=draw["value_per_m3"] * quantity - annualised,
                investment=draw["investment"], annualised=annualised,
                co2e=draw["co2e_per_m3"] * quantity, feasible=feasible,
                check_cod=None if limit is None or cod is None else feasible,
                supply_resource="water.sea" if supply_id is None else "water.grey",
                supply_quantity=None if supply_id is None else SUPPLIES[draw["supply"]][2],
            )
        )  # fmt: skip
    return SimpleNamespace(zone=zone, result=builders.result(rows), rows=rows)


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(draws=st.lists(candidate, min_size=1, max_size=10))
def test_random_plans_are_consistent_and_beat_any_single_candidate(builders, draws):
    case = _case(builders, draws)
    plan = optimize(case.zone, case.result, mip_rel_gap=0.0)
    builders.check(case.zone, plan.selected)
    assert abs(plan.objective_value - plan.selected["net_benefit_eur_per_yr"].sum()) < 1e-6
    singles = [row["net_saving_eur_per_yr"] for row in case.rows if row["feasible"]]
    assert plan.objective_value >= max([0.0, *singles]) - 1e-6


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(draws=st.lists(candidate, min_size=1, max_size=10), blending=st.booleans())
def test_random_freshwater_and_co2e_plans_are_consistent(builders, draws, blending):
    case = _case(builders, draws)
    for objective, floor in product(("freshwater", "co2e"), (None, 0.0)):
        plan = optimize(
            case.zone,
            case.result,
            objective,
            allow_blending=blending,
            mip_rel_gap=0.0,
            min_net_benefit_eur_per_yr=floor,
        )
        builders.check(case.zone, plan.selected, blending=blending)
        # Any single candidate is a plan; with the default floor, one that breaks even alone.
        singles = [
            row["quantity_per_yr"] if objective == "freshwater" else row["co2e_avoided_t_per_yr"]
            for row in case.rows
            if row["feasible"] and (floor is None or row["net_saving_eur_per_yr"] >= 0)
        ]
        # HiGHS treats improvements below its 1e-7 tolerances as zero
        assert plan.objective_value >= max([0.0, *singles]) * (1 - 1e-9) - 1e-6
        if floor is not None:
            assert plan.selected["net_benefit_eur_per_yr"].sum() >= -1e-6
