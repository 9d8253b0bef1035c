"""optimize() on small zones whose best plan was worked out by hand.

The competition zone: Conserverie Alpha (A) has 1,000 m³/yr of grey rinse water (COD
200 mg/L, FA1). Marée Beta (B) buys 800 m³/yr of drinking water for washing whole fish (FB1,
COD at most 500 mg/L) and Glacière Gamma (C) 600 m³/yr for floor washing (FC1, COD at most
300 mg/L). Candidates (variable value = net saving + annualised investment):

=============  =====  ==========  ==========  ==========  ===========  ========
candidate      Q      investment  annualised  net saving  EUR/m³ var.  tCO2e
=============  =====  ==========  ==========  ==========  ===========  ========
EX-FA1-FB1     800    20,000      1,000       200         1.5          0.8
EX-FA1-FC1     600    0           0           1,200       2.0          0.3
SU-SEA-FB1     800    60,000      3,000       −2,600      0.5          0.2
=============  =====  ==========  ==========  ==========  ===========  ========

net_benefit: C takes 600 m³ of A's water at 2 EUR/m³ (+1,200). The 400 m³ left would bring
B 400 × 1.5 − 1,000 = −400 EUR/yr, so the A→B pipe is not worth building even though its own
pairwise net saving is +200 EUR/yr; serving B fully instead (800 × 1.5 − 1,000 + 200 × 2 = 600)
is worse than 1,200. The sea pipe loses 2,600. Best: 1,200 EUR/yr, EX-FA1-FC1 alone.

freshwater: B and C can both be fully served (C only from A; B from the sea or A's 400 m³
left): 1,400 m³/yr. Among those plans the best net benefit: A→C 600 (+1,200) and the sea for B
(800 × 0.5 − 3,000 = −2,600) gives −1,400; A→B 400 plus the sea 400 gives
1,200 + 600 − 1,000 + 200 − 3,000 = −2,000. So −1,400 EUR/yr with the sea serving B.

co2e: per m³, A→B 0.001 t, A→C 0.0005 t, sea→B 0.00025 t. A's water goes first to B (800 m³,
0.8 t), the 200 m³ left to C (0.1 t): 0.9 t/yr (the sea serving B instead gives at most 0.8 t).
Net benefit of that plan: 1,200 − 1,000 + 200 × 2 = 600 EUR/yr.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from symbiosis.errors import InputError
from symbiosis.optimization import SELECTED_COLUMNS, Plan, optimize


@pytest.fixture
def competition(builders: SimpleNamespace) -> SimpleNamespace:
    zone = builders.zone(
        [("A", "Conserverie Alpha"), ("B", "Marée Beta"), ("C", "Glacière Gamma")],
        [
            dict(id="FA1", company_id="A", direction="supply", resource="water.grey",
                 quantity=1000, unit="m3/yr", cod_mg_per_l=200, description="rinse water"),
            dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
                 quantity=800, unit="m3/yr", max_cod_mg_per_l=500,
                 description="washing whole fish"),
            dict(id="FC1", company_id="C", direction="demand", resource="water.potable",
                 quantity=600, unit="m3/yr", max_cod_mg_per_l=300, description="floor washing"),
        ],
    )  # fmt: skip
    exchanges = [
        builders.exchange("EX-FA1-FB1", "A", "FA1", "B", "FB1", 800, net_saving=200,
                          investment=20_000, annualised=1_000, co2e=0.8, supply_quantity=1000),
        builders.exchange("EX-FA1-FC1", "A", "FA1", "C", "FC1", 600, net_saving=1_200,
                          co2e=0.3, supply_quantity=1000),
        builders.exchange("SU-SEA-FB1", "SEA", None, "B", "FB1", 800, net_saving=-2_600,
                          investment=60_000, annualised=3_000, co2e=0.2,
                          supply_resource="water.sea"),
    ]  # fmt: skip
    return SimpleNamespace(zone=zone, result=builders.result(exchanges))


def _quantities(plan: Plan) -> dict[str, float]:
    return dict(zip(plan.selected["opportunity_id"], plan.selected["quantity_per_yr"], strict=True))


def test_net_benefit_leaves_the_competing_pipe_unbuilt(competition, builders):
    plan = optimize(competition.zone, competition.result)
    assert plan.status == "optimal"
    assert plan.objective == "net_benefit"
    assert plan.objective_value == pytest.approx(1_200)
    assert _quantities(plan) == pytest.approx({"EX-FA1-FC1": 600})
    assert plan.n_candidates == 3
    assert plan.mip_gap <= 0.01
    assert plan.solve_time_s >= 0
    builders.check(competition.zone, plan.selected)


def test_net_benefit_selected_columns(competition):
    plan = optimize(competition.zone, competition.result)
    assert list(plan.selected.columns) == SELECTED_COLUMNS
    row = plan.selected.iloc[0]
    assert row["kind"] == "exchange"
    assert row["resource"] == "water.grey"
    assert row["demand_resource"] == "water.potable"
    assert bool(row["built"])
    assert row["net_benefit_eur_per_yr"] == pytest.approx(1_200)
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(0.3)
    assert row["investment_eur"] == 0
    assert row["water_m3_per_yr"] == pytest.approx(600)
    assert row["material_t_per_yr"] == row["heat_mwh_per_yr"] == 0


def test_freshwater_serves_both_and_then_minimises_the_loss(competition, builders):
    plan = optimize(
        competition.zone,
        competition.result,
        objective="freshwater",
        min_net_benefit_eur_per_yr=None,
    )
    assert plan.objective_value == pytest.approx(1_400)
    assert _quantities(plan) == pytest.approx({"EX-FA1-FC1": 600, "SU-SEA-FB1": 800})
    assert plan.indicators["net_saving_eur_per_yr"] == pytest.approx(-1_400)
    assert plan.indicators["investment_eur"] == pytest.approx(60_000)
    assert plan.indicators["potable_water_substituted_percent"] == pytest.approx(100)
    builders.check(competition.zone, plan.selected)


def test_freshwater_breaks_even_by_default(competition, builders):
    # At a net benefit of at least 0 the sea (−2,600 EUR/yr for B) is out: A's 1,000 m³ go
    # 600 to C (+1,200) and 400 to B (1.5 EUR/m³ × 400 − the 1,000 EUR/yr pipe = −400):
    # 1,000 m³ for 800 EUR/yr, better than 800 to B and 200 to C (600 EUR/yr).
    plan = optimize(competition.zone, competition.result, objective="freshwater")
    assert plan.objective_value == pytest.approx(1_000)
    assert _quantities(plan) == pytest.approx({"EX-FA1-FB1": 400, "EX-FA1-FC1": 600})
    assert plan.indicators["net_saving_eur_per_yr"] == pytest.approx(800)
    builders.check(competition.zone, plan.selected)


def test_co2e_sends_the_water_where_it_avoids_most(competition, builders):
    # An exact plan: with the default gap the tie-break may give up 0.1 % of the CO2e.
    plan = optimize(competition.zone, competition.result, objective="co2e", mip_rel_gap=0.0)
    assert plan.objective_value == pytest.approx(0.9)
    assert _quantities(plan) == pytest.approx({"EX-FA1-FB1": 800, "EX-FA1-FC1": 200})
    assert plan.indicators["net_saving_eur_per_yr"] == pytest.approx(600)
    builders.check(competition.zone, plan.selected)


def test_required_demand_is_served_at_the_least_loss(competition, builders):
    # B must be fully served: A→B 800 (+200) and A→C 200 (+400) = 600 beats the sea (−1,400).
    plan = optimize(competition.zone, competition.result, require_served=["FB1"])
    assert plan.objective_value == pytest.approx(600)
    assert _quantities(plan) == pytest.approx({"EX-FA1-FB1": 800, "EX-FA1-FC1": 200})
    builders.check(competition.zone, plan.selected)


def test_plan_indicators_match_the_plan(competition):
    plan = optimize(competition.zone, competition.result)
    assert plan.indicators["potable_water_substituted_m3_per_yr"] == pytest.approx(600)
    assert plan.indicators["potable_water_substituted_percent"] == pytest.approx(600 / 1400 * 100)
    assert plan.indicators["companies_involved"] == 2


def test_nothing_worth_doing_is_an_empty_optimal_plan(builders):
    zone = builders.zone(
        [("A", "Alpha"), ("B", "Beta")],
        [
            dict(id="FA1", company_id="A", direction="supply", resource="water.grey",
                 quantity=100, unit="m3/yr"),
            dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
                 quantity=100, unit="m3/yr"),
        ],
    )  # fmt: skip
    result = builders.result(
        [builders.exchange("EX-FA1-FB1", "A", "FA1", "B", "FB1", 100, net_saving=-50,
                           investment=1_000, annualised=100)]
    )  # fmt: skip
    plan = optimize(zone, result)
    assert plan.status == "optimal"
    assert plan.selected.empty
    assert list(plan.selected.columns) == SELECTED_COLUMNS
    assert "changes nothing" in plan.message
    assert plan.objective_value == 0


def test_no_feasible_candidate_returns_an_empty_plan_that_says_so(builders):
    zone = builders.zone(
        [("A", "Alpha"), ("B", "Beta")],
        [
            dict(id="FA1", company_id="A", direction="supply", resource="water.grey",
                 quantity=100, unit="m3/yr", cod_mg_per_l=900),
            dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
                 quantity=100, unit="m3/yr", max_cod_mg_per_l=100),
        ],
    )  # fmt: skip
    result = builders.result(
        [builders.exchange("EX-FA1-FB1", "A", "FA1", "B", "FB1", 100, net_saving=50,
                           feasible=False, check_cod=False,
                           reason="COD 900 mg/L above the 100 mg/L limit")]
    )  # fmt: skip
    plan = optimize(zone, result)
    assert plan.status == "no candidates"
    assert plan.selected.empty
    assert plan.n_candidates == 0
    assert "1 candidates were rejected" in plan.message
    assert plan.indicators["net_saving_eur_per_yr"] == 0


def test_unknown_objective_and_bad_limits_are_refused(competition):
    with pytest.raises(InputError, match="objective 'money' is not known"):
        optimize(competition.zone, competition.result, objective="money")
    with pytest.raises(InputError, match="time_limit_s"):
        optimize(competition.zone, competition.result, time_limit_s=0)
    with pytest.raises(InputError, match="mip_rel_gap"):
        optimize(competition.zone, competition.result, mip_rel_gap=1.5)


def test_a_result_from_another_zone_is_refused(competition, builders):
    result = builders.result(
        [builders.exchange("EX-FX-FB1", "A", "FX", "B", "FB1", 10, net_saving=1)]
    )
    with pytest.raises(InputError, match="supply flow 'FX', which is not in the zone"):
        optimize(competition.zone, result)


def test_missing_columns_are_named(competition):
    result = SimpleNamespace(
        exchanges=competition.result.exchanges.drop(columns=["net_saving_eur_per_yr"]),
        pools=competition.result.pools,
    )
    with pytest.raises(InputError, match="net_saving_eur_per_yr"):
        optimize(competition.zone, result)


def test_plan_shows_itself_in_jupyter(competition):
    plan = optimize(competition.zone, competition.result)
    page = plan._repr_html_()
    assert "net_benefit" in page
    assert "EX-FA1-FC1" in page
    assert "potable_water_substituted_m3_per_yr" in page
    assert "status optimal" in plan.summary()


def test_plan_is_frozen(competition):
    plan = optimize(competition.zone, competition.result)
    with pytest.raises(AttributeError):
        plan.status = "other"  # type: ignore[misc]


def test_input_tables_are_not_modified(competition):
    before = competition.result.exchanges.copy()
    optimize(competition.zone, competition.result)
    pd.testing.assert_frame_equal(competition.result.exchanges, before)
