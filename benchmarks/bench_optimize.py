"""How the plan optimiser scales: solve time, status and gap on random candidate tables.

Run from the repository root (the package installed, e.g. ``pip install -e .``)::

    python benchmarks/bench_optimize.py                  # 1,000 and 5,000 exchanges
    python benchmarks/bench_optimize.py --sizes 20000 --time-limit 120

For each size it draws a seeded, realistic zone and candidate table in the columns of
docs/tables.md, without running the matcher (so the figures are the optimiser's alone):

* companies on the Capécure site (about one per ten candidates), each with a few supplies and
  demands: grey water with a COD, fish co-products, low-grade heat; drinking water, fish-meal
  raw material and hot water demands, half of the water demands with a COD limit;
* about four candidates per supply and per demand, so supplies and demands are shared; one
  water candidate in ten comes from the sea (an outside party, unlimited);
* heat supplies at 30–95 °C cooled by 5–20 K and heat demands warmed from 8–20 °C to
  40–85 °C, so the optimiser's temperature intervals (ΔTmin 10 K) bind; a heat candidate moves
  what the temperature approach allows (:func:`symbiosis.matching.checks.temperature_coverage`);
* pipes for water and heat (400 and 1,000 EUR/m over 1.3 × the distance, plus 10,000 EUR per
  connection; a fixed cost, so a binary build decision), trucks for materials (no fixed cost);
  prices and emission factors from the package's defaults;
* candidates whose source is dirtier than the demand's COD limit are rejected (as the matcher
  does), and the ``--blending`` run admits them so that contaminant balances bind;
* seawater mains (pools) of two to six sea-substituted demands.

It prints one row per size and objective: candidates, variables (continuous / binary), rows,
status, relative gap, the optimiser's wall time (building the model included) and the solver
time, and the objective value. The target is a plan within 1 % of optimal in under 60 s at
5,000 exchanges.
"""

from __future__ import annotations

import argparse
import time
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from symbiosis.matching.checks import temperature_coverage
from symbiosis.optimization import optimize
from symbiosis.optimization.model import build_model
from symbiosis.optimization.options import prepare_options
from symbiosis.plan_indicators import annualisation_factor
from symbiosis.schemas import Company, Flow, OutsideParty, Zone

# (supply resource, demand resource, family, unit, EUR per unit replaced, tCO2e per unit replaced)
_KINDS = [
    ("water.grey", "water.potable", "water", "m3/yr", 2.21, 0.000021),
    ("material.fish_byproducts", "material.fish_byproducts", "material", "t/yr", 120.0, 0.3),
    ("heat.low_grade", "heat.hot_water", "heat", "MWh/yr", 65.0 / 0.9, 0.227 / 0.9),
]


def _zone_and_candidates(n_exchanges: int, seed: int) -> tuple[Zone, pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    n_companies = max(10, n_exchanges // 10)
    n_flows_each = max(3, n_exchanges // 4)  # per direction, so ~4 candidates per flow
    companies = tuple(
        Company(
            id=f"C{i:05d}",
            name=f"Company {i}",
            sector_nace="10.20",
            latitude=float(rng.uniform(50.715, 50.730)),
            longitude=float(rng.uniform(1.585, 1.602)),
        )
        for i in range(n_companies)
    )
    flows: list[Flow] = []
    supplies: list[list[tuple[str, str, float, float | None]]] = [[] for _ in _KINDS]
    demands: list[list[tuple[str, str, float, float | None]]] = [[] for _ in _KINDS]
    # (supply or inlet temperature, target temperature) of each heat flow. [°C]
    temperatures: dict[str, tuple[float, float]] = {}
    kind_of = rng.choice(len(_KINDS), size=(2, n_flows_each), p=[0.6, 0.2, 0.2])
    for direction, bucket in ((0, supplies), (1, demands)):
        for j in range(n_flows_each):
            kind = int(kind_of[direction, j])
            supply_resource, demand_resource, family, unit, _, _ = _KINDS[kind]
            company = companies[int(rng.integers(n_companies))].id
            quantity = float(
                {"water": rng.lognormal(8.0, 1.0), "material": rng.lognormal(5.0, 1.0),
                 "heat": rng.lognormal(6.0, 0.8)}[family]
            )  # fmt: skip
            flow_id = f"F{direction}{j:06d}"
            cod = None
            if family == "water":
                cod = float(rng.uniform(50, 600)) if direction == 0 else (
                    float(rng.uniform(100, 800)) if rng.random() < 0.5 else None
                )  # fmt: skip
            if family == "heat":
                start = float(rng.uniform(30, 95)) if direction == 0 else float(rng.uniform(8, 20))
                end = (
                    start - float(rng.uniform(5, 20))
                    if direction == 0
                    else float(rng.uniform(40, 85))
                )
                temperatures[flow_id] = (round(start, 1), round(end, 1))
            flows.append(
                Flow(
                    id=flow_id,
                    company_id=company,
                    direction="supply" if direction == 0 else "demand",
                    resource=supply_resource if direction == 0 else demand_resource,
                    quantity=round(quantity, 1),
                    unit=unit,
                    **(
                        {"cod_mg_per_l": cod}
                        if direction == 0 and cod is not None
                        else {"max_cod_mg_per_l": cod}
                        if cod is not None
                        else {}
                    ),
                    **(
                        {
                            "supply_temperature_c": temperatures[flow_id][0],
                            "target_temperature_c": temperatures[flow_id][1],
                        }
                        if flow_id in temperatures
                        else {}
                    ),
                )
            )
            bucket[kind].append((flow_id, company, round(quantity, 1), cod))
    zone = Zone(
        name=f"benchmark {n_exchanges}",
        companies=companies,
        flows=tuple(flows),
        outside_parties=(
            OutsideParty(id="SEA", name="Channel", kind="sea", supplies=("water.sea",)),
        ),
    )
    crf = annualisation_factor(zone)

    rows: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    sea_demands: list[tuple[str, str, float]] = []
    while len(rows) < n_exchanges:
        kind = int(rng.choice(len(_KINDS), p=[0.6, 0.2, 0.2]))
        if not supplies[kind] or not demands[kind]:
            continue
        supply_resource, demand_resource, family, unit, price, factor = _KINDS[kind]
        demand_id, receiver, demand_quantity, limit = demands[kind][
            int(rng.integers(len(demands[kind])))
        ]
        outside = family == "water" and rng.random() < 0.1
        if outside:
            supply_id, supplier, supply_quantity, cod = None, "SEA", np.inf, 0.0
        else:
            supply_id, supplier, supply_quantity, cod = supplies[kind][
                int(rng.integers(len(supplies[kind])))
            ]
        if supplier == receiver or (str(supply_id), demand_id) in seen:
            continue
        seen.add((str(supply_id), demand_id))
        quantity = float(min(supply_quantity, demand_quantity))
        if family == "heat":
            source = temperatures[str(supply_id)]
            demand_in, demand_target = temperatures[demand_id]
            demand_cover, supply_cover = temperature_coverage(
                *(np.array([value]) for value in (*source, demand_in, demand_target)), 10.0
            )
            quantity = float(
                min(supply_quantity * supply_cover[0], demand_quantity * demand_cover[0])
            )
            if quantity <= 0:
                continue
        distance_km = float(rng.uniform(0.05, 2.5))
        if family == "material":
            investment, transport = 0.0, 0.08 * quantity * distance_km * 1.3
        else:
            per_m = 1000.0 if family == "heat" else 400.0
            investment, transport = per_m * 1000 * distance_km * 1.3 + 10_000.0, 0.0
        new_supply = quantity * (0.25 if outside else 0.0)
        gross = quantity * price * float(rng.uniform(0.8, 1.2))
        annualised = investment * crf
        feasible = limit is None or cod is None or cod <= limit
        rows.append(
            {
                "opportunity_id": f"{'SU' if outside else 'EX'}-{supply_id or 'SEA'}-{demand_id}",
                "kind": "substitution" if outside else "exchange",
                "supplier_id": supplier,
                "supplier_is_outside": outside,
                "supply_flow_id": supply_id,
                "receiver_id": receiver,
                "demand_flow_id": demand_id,
                "supply_resource": "water.sea" if outside else supply_resource,
                "demand_resource": demand_resource,
                "family": family,
                "unit": unit,
                "quantity_per_yr": quantity,
                "supply_share": np.nan if outside else quantity / supply_quantity,
                "investment_eur": investment,
                "annualised_investment_eur_per_yr": annualised,
                "check_cod": pd.NA if limit is None or cod is None else bool(feasible),
                "feasible": feasible,
                "infeasible_reason": "" if feasible else f"COD {cod:.0f} above {limit:.0f}",
                "net_saving_eur_per_yr": gross - new_supply - transport - annualised,
                "co2e_avoided_t_per_yr": quantity * factor,
            }
        )
        if outside:
            sea_demands.append((demand_id, receiver, quantity))
    exchanges = pd.DataFrame(rows)
    exchanges["check_cod"] = exchanges["check_cod"].astype("boolean")

    pools = []
    order = rng.permutation(len(sea_demands))
    position = 0
    while position < len(order):
        size = int(rng.integers(2, 7))
        members = [sea_demands[k] for k in order[position : position + size]]
        position += size
        if len(members) < 2 or len({m[1] for m in members}) < len(members):
            continue
        quantity = sum(m[2] for m in members)
        investment = 400.0 * 1000 * float(rng.uniform(0.5, 3.0)) + 10_000.0 * len(members)
        pools.append(
            {
                "pool_id": f"PO-water.sea-{len(pools) + 1:03d}",
                "resource": "water.sea",
                "pool_kind": "shared_supply",
                "member_ids": ";".join(sorted(m[1] for m in members)),
                "flow_ids": ";".join(sorted(m[0] for m in members)),
                "quantity_per_yr": quantity,
                "unit": "m3/yr",
                "saving_eur_per_yr": quantity * (2.21 - 0.25) * float(rng.uniform(0.8, 1.1)),
                "investment_eur": investment,
                "co2e_avoided_t_per_yr": quantity * 0.000014,
            }
        )
    pool_table = pd.DataFrame(
        pools,
        columns=[
            "pool_id", "resource", "pool_kind", "member_ids", "flow_ids", "quantity_per_yr",
            "unit", "saving_eur_per_yr", "investment_eur", "co2e_avoided_t_per_yr",
        ],
    )  # fmt: skip
    return zone, exchanges, pool_table


def main() -> None:
    """Run the benchmark and print one row per size and objective."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--objectives", nargs="+", default=["net_benefit", "freshwater", "co2e"])
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per solve")
    parser.add_argument("--mip-gap", type=float, default=0.01)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--blending", action="store_true", help="also run with allow_blending")
    args = parser.parse_args()

    header = (
        f"{'exchanges':>9} {'objective':>11} {'blend':>5} {'cand.':>6} {'cont.':>6} "
        f"{'binary':>6} {'rows':>6} {'status':>10} {'gap %':>6} {'wall s':>7} {'solve s':>7} "
        f"{'value':>14} {'unit':<9}"
    )
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        zone, exchanges, pools = _zone_and_candidates(size, args.seed)
        result = SimpleNamespace(exchanges=exchanges, pools=pools)
        for blending in [False, True] if args.blending else [False]:
            options = prepare_options(zone, exchanges, pools, blending)
            model = build_model(zone, options, allow_blending=blending)
            for objective in args.objectives:
                start = time.perf_counter()
                plan = optimize(
                    zone,
                    result,
                    objective,
                    allow_blending=blending,
                    time_limit_s=args.time_limit,
                    mip_rel_gap=args.mip_gap,
                )
                wall_s = time.perf_counter() - start
                print(
                    f"{size:>9,} {objective:>11} {('yes' if blending else 'no'):>5} "
                    f"{plan.n_candidates:>6} {model.n_x + model.n_w:>6} {model.n_y + model.n_z:>6} "
                    f"{model.matrix.shape[0]:>6} {plan.status:>10} {100 * plan.mip_gap:>6.2f} "
                    f"{wall_s:>7.2f} {plan.solve_time_s:>7.2f} {plan.objective_value:>14,.1f} "
                    f"{plan.objective_unit:<9}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
