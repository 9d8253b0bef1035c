"""Pools as alternatives to individual candidates, and contaminant balances with blending.

Pools: Marée Beta (B, 800 m³/yr, FB1) and Glacière Gamma (C, 600 m³/yr, FC1) buy drinking
water that clean seawater could replace, saving 1.9 EUR/m³. Each can have its own seawater pipe
(30,000 EUR, 1,500 EUR/yr annualised: B nets 800 × 1.9 − 1,500 = +20, C 600 × 1.9 − 1,500 =
−360), or both can share a seawater main (the pool: 1,400 m³/yr, saving 2,660 EUR/yr). The zone
annualises at 0 % over 20 years, so the factor is 1/20: a 40,000 EUR main costs 2,000 EUR/yr and
the pool brings 660 > 20; a 60,000 EUR main costs 3,000 EUR/yr, the pool brings −340 and B's own
pipe (+20) wins.

Blending: Delta (D) needs 1,000 m³/yr with COD at most 100 mg/L (FD1). Epsilon's water (FS1,
300 mg/L) is worth 2 EUR/m³ but too dirty alone; Zeta's (FS2, 20 mg/L) 1 EUR/m³. Without
blending only FS2 can go: 1,000 EUR/yr. With blending, the potable water still bought dilutes:
maximise 2 q1 + q2 with q1 + q2 <= 1,000 and 300 q1 + 20 q2 <= 100 × 1,000, so
q1 = 2,000/7, q2 = 5,000/7 and 9,000/7 = 1,285.71 EUR/yr.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from symbiosis.optimization import optimize


@pytest.fixture
def seawater(builders: SimpleNamespace) -> SimpleNamespace:
    zone = builders.zone(
        [("B", "Marée Beta"), ("C", "Glacière Gamma")],
        [
            dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
                 quantity=800, unit="m3/yr", use="whole_fish_washing"),
            dict(id="FC1", company_id="C", direction="demand", resource="water.potable",
                 quantity=600, unit="m3/yr", use="floor_washing"),
        ],
        parameters={"discount_rate": 0.0, "pipe_lifetime_yr": 20.0},
    )  # fmt: skip
    exchanges = [
        builders.exchange("SU-SEA-FB1", "SEA", None, "B", "FB1", 800, net_saving=20,
                          investment=30_000, annualised=1_500, co2e=0.01,
                          supply_resource="water.sea"),
        builders.exchange("SU-SEA-FC1", "SEA", None, "C", "FC1", 600, net_saving=-360,
                          investment=30_000, annualised=1_500, co2e=0.008,
                          supply_resource="water.sea"),
    ]  # fmt: skip

    def result(main_investment: float) -> SimpleNamespace:
        pool = builders.pool("PO-water.sea-01", "water.sea", ["FB1", "FC1"], ["B", "C"], 1_400,
                             saving=2_660, investment=main_investment, co2e=0.018)  # fmt: skip
        return builders.result(exchanges, [pool])

    return SimpleNamespace(zone=zone, result=result)


def test_a_cheap_main_beats_the_individual_pipe(seawater, builders):
    plan = optimize(seawater.zone, seawater.result(40_000))
    assert plan.selected["opportunity_id"].tolist() == ["PO-water.sea-01"]
    assert plan.objective_value == pytest.approx(660)
    row = plan.selected.iloc[0]
    assert row["kind"] == "pool"
    assert row["supplier_id"] == "PO-water.sea-01"
    assert row["receiver_id"] == "B;C"
    assert row["demand_flow_id"] == "FB1;FC1"
    assert row["investment_eur"] == 40_000
    assert row["annualised_investment_eur_per_yr"] == pytest.approx(2_000)
    assert plan.indicators["potable_water_substituted_m3_per_yr"] == pytest.approx(1_400)
    assert plan.indicators["companies_involved"] == 2
    builders.check(seawater.zone, plan.selected)


def test_a_dear_main_loses_to_the_individual_pipe(seawater, builders):
    plan = optimize(seawater.zone, seawater.result(60_000))
    assert plan.selected["opportunity_id"].tolist() == ["SU-SEA-FB1"]
    assert plan.objective_value == pytest.approx(20)
    builders.check(seawater.zone, plan.selected)


def test_a_demand_is_never_served_by_both_a_pool_and_its_own_pipe(seawater, builders):
    # Freshwater counts 1,400 m3 either way; the pool alone reaches it at the best net benefit,
    # and the pool plus B's pipe (which would double count FB1) is not allowed.
    plan = optimize(seawater.zone, seawater.result(40_000), objective="freshwater")
    assert plan.objective_value == pytest.approx(1_400)
    assert plan.selected["opportunity_id"].tolist() == ["PO-water.sea-01"]
    builders.check(seawater.zone, plan.selected)


def test_two_pools_sharing_a_flow_are_exclusive(seawater, builders):
    exchanges = seawater.result(40_000).exchanges
    pools = [
        builders.pool("PO-a", "water.sea", ["FB1", "FC1"], ["B", "C"], 1_400, saving=2_660,
                      investment=40_000),
        builders.pool("PO-b", "water.sea", ["FB1"], ["B"], 800, saving=1_520, investment=20_000),
    ]  # fmt: skip
    result = builders.result(exchanges.to_dict("records"), pools)
    plan = optimize(seawater.zone, result)
    # PO-a 660, PO-b 1,520 − 1,000 = 520 (plus C's own pipe, −360, not worth it): PO-a alone.
    assert plan.selected["opportunity_id"].tolist() == ["PO-a"]
    assert plan.objective_value == pytest.approx(660)


def test_the_matchers_net_saving_of_a_pool_is_preferred(seawater, builders):
    # symbiosis.match states a shared supply's saving against separate pipes (here 5,000) and
    # adds net_saving_eur_per_yr against today, network annualised (660): the latter counts.
    pool = builders.pool("PO-water.sea-01", "water.sea", ["FB1", "FC1"], ["B", "C"], 1_400,
                         saving=5_000, investment=40_000)  # fmt: skip
    pool["net_saving_eur_per_yr"] = 660.0
    exchanges = seawater.result(40_000).exchanges.to_dict("records")
    plan = optimize(seawater.zone, builders.result(exchanges, [pool]))
    assert plan.selected["opportunity_id"].tolist() == ["PO-water.sea-01"]
    assert plan.objective_value == pytest.approx(660)


def test_co2e_counts_pools(seawater):
    plan = optimize(seawater.zone, seawater.result(40_000), objective="co2e")
    assert plan.objective_value == pytest.approx(0.018)


@pytest.fixture
def dilution(builders: SimpleNamespace) -> SimpleNamespace:
    zone = builders.zone(
        [("D", "Delta"), ("E", "Epsilon"), ("Z", "Zeta")],
        [
            dict(id="FD1", company_id="D", direction="demand", resource="water.potable",
                 quantity=1000, unit="m3/yr", max_cod_mg_per_l=100),
            dict(id="FS1", company_id="E", direction="supply", resource="water.grey",
                 quantity=1000, unit="m3/yr", cod_mg_per_l=300),
            dict(id="FS2", company_id="Z", direction="supply", resource="water.grey",
                 quantity=1000, unit="m3/yr", cod_mg_per_l=20),
        ],
    )  # fmt: skip
    exchanges = [
        builders.exchange("EX-FS1-FD1", "E", "FS1", "D", "FD1", 1000, net_saving=2_000,
                          feasible=False, check_cod=False,
                          reason="COD 300 mg/L above the 100 mg/L limit"),
        builders.exchange("EX-FS2-FD1", "Z", "FS2", "D", "FD1", 1000, net_saving=1_000,
                          check_cod=True),
    ]  # fmt: skip
    return SimpleNamespace(zone=zone, result=builders.result(exchanges))


def test_without_blending_only_clean_enough_water_is_reused(dilution, builders):
    plan = optimize(dilution.zone, dilution.result)
    assert plan.selected["opportunity_id"].tolist() == ["EX-FS2-FD1"]
    assert plan.objective_value == pytest.approx(1_000)
    builders.check(dilution.zone, plan.selected)


def test_blending_dilutes_dirty_water_up_to_the_limit(dilution, builders):
    plan = optimize(dilution.zone, dilution.result, allow_blending=True)
    quantities = dict(
        zip(plan.selected["opportunity_id"], plan.selected["quantity_per_yr"], strict=True)
    )
    assert quantities == pytest.approx({"EX-FS1-FD1": 2_000 / 7, "EX-FS2-FD1": 5_000 / 7})
    assert plan.objective_value == pytest.approx(9_000 / 7)
    # Independent check: 1,000 m3 at (300 q1 + 20 q2) / 1,000 = 100 mg/L exactly.
    load = 300 * quantities["EX-FS1-FD1"] + 20 * quantities["EX-FS2-FD1"]
    assert load / 1_000 == pytest.approx(100)
    builders.check(dilution.zone, plan.selected, blending=True)


def test_the_reused_mixture_meets_the_limit_on_its_own_without_blending(builders):
    # A candidate the matcher let through above the limit (its check was not applicable) must be
    # mixed with cleaner reused water: q1 (300 − 100) + q2 (20 − 100) <= 0, so with FS2 at
    # most 1,000 m3 and the demand 1,000: q1 + q2 <= 1,000 and 200 q1 <= 80 q2 give
    # q1 = 2,000/7, q2 = 5,000/7 again (2 q1 + q2 is maximised on both constraints).
    zone = builders.zone(
        [("D", "Delta"), ("E", "Epsilon"), ("Z", "Zeta")],
        [
            dict(id="FD1", company_id="D", direction="demand", resource="water.potable",
                 quantity=1000, unit="m3/yr", max_cod_mg_per_l=100),
            dict(id="FS1", company_id="E", direction="supply", resource="water.grey",
                 quantity=1000, unit="m3/yr", cod_mg_per_l=300),
            dict(id="FS2", company_id="Z", direction="supply", resource="water.grey",
                 quantity=1000, unit="m3/yr", cod_mg_per_l=20),
        ],
    )  # fmt: skip
    result = builders.result(
        [
            builders.exchange("EX-FS1-FD1", "E", "FS1", "D", "FD1", 1000, net_saving=2_000),
            builders.exchange("EX-FS2-FD1", "Z", "FS2", "D", "FD1", 1000, net_saving=1_000),
        ]
    )
    plan = optimize(zone, result)
    assert plan.selected["quantity_per_yr"].tolist() == pytest.approx([2_000 / 7, 5_000 / 7])
    builders.check(zone, plan.selected)


@pytest.fixture
def baling(builders: SimpleNamespace) -> SimpleNamespace:
    """Two packers (P, Q) each buy 100 h/yr of cardboard baling and give off 20 t/yr of
    cardboard; a baler (R) would take P's cardboard. Pooling the baling saves 900 EUR/yr;
    shipping P's cardboard to R saves 700 EUR/yr (and makes P's baling useless)."""
    zone = builders.zone(
        [("P", "Emballages Pi"), ("Q", "Marée Qu"), ("R", "Presse Rho")],
        [
            dict(id="PB", company_id="P", direction="demand", resource="service.cardboard_baling",
                 quantity=100, unit="h/yr"),
            dict(id="QB", company_id="Q", direction="demand", resource="service.cardboard_baling",
                 quantity=100, unit="h/yr"),
            dict(id="PC", company_id="P", direction="supply", resource="material.cardboard",
                 quantity=20, unit="t/yr"),
            dict(id="QC", company_id="Q", direction="supply", resource="material.cardboard",
                 quantity=20, unit="t/yr"),
            dict(id="RC", company_id="R", direction="demand", resource="material.cardboard",
                 quantity=20, unit="t/yr"),
        ],
    )  # fmt: skip
    ship = builders.exchange("EX-PC-RC", "P", "PC", "R", "RC", 20, net_saving=700, co2e=2.0,
                             supply_resource="material.cardboard",
                             demand_resource="material.cardboard", family="material")  # fmt: skip
    pool = builders.pool("PO-service.cardboard_baling-01", "service.cardboard_baling",
                         ["PB", "QB"], ["P", "Q"], 200, saving=900, investment=0.0,
                         kind="shared_service")  # fmt: skip
    pool["unit"] = "h/yr"
    return SimpleNamespace(zone=zone, result=builders.result([ship], [pool]))


def test_a_member_is_never_served_by_both_its_pool_and_an_exchange(baling):
    # Baling pooled (900) or P's cardboard shipped (700), never both (1,600): P's cardboard
    # shipped away needs no baling. The best plan is the pool alone, 900 EUR/yr.
    plan = optimize(baling.zone, baling.result)
    assert plan.selected["opportunity_id"].tolist() == ["PO-service.cardboard_baling-01"]
    assert plan.objective_value == pytest.approx(900)
    # CO2e (shipping avoids 2 t, the pool none) takes the exchange and drops the pool.
    plan = optimize(baling.zone, baling.result, "co2e")
    assert plan.selected["opportunity_id"].tolist() == ["EX-PC-RC"]
    assert plan.indicators["net_saving_eur_per_yr"] == pytest.approx(700)
