"""Payback and net present value per action in ``Plan.selected`` (issue 12).

One mareyeur 1 km north of the seawater intake makes ice from 400,000 m³/yr of drinking water
(2.21 EUR/m³). Clean seawater at 0.25 EUR/m³ through a 400 EUR/m pipe of 1 km × 1.3 plus a
10,000 EUR connection (530,000 EUR) and a seawater plant of its own, Lorient Keroman's
(2,470,000 EUR for 250,000 m³/yr) scaled by the six-tenths rule: 2,470,000 × 1.6^0.6 =
3,274,681 EUR; together 3,804,681 EUR, annualised at 10 %/yr over 15 years (factor 0.1314738)
= 500,216 EUR/yr. Net 884,000 − 100,000 − 500,216 = 283,784 EUR/yr; cash before the capital
charge 784,000 EUR/yr, so a payback of 3,804,681 / 784,000 = 4.853 years; net present value
over the 15 years = 283,784 / 0.1314738 = 2,158,486 EUR.
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from symbiosis import Company, Flow, OutsideParty, Zone, match, optimize


def test_payback_and_npv_of_a_seawater_pipe_by_hand() -> None:
    zone = Zone(
        name="ice",
        companies=(
            Company(id="M", name="Mareyeur", sector_nace="46.38",
                    latitude=50.72 + 1 / 111.19508, longitude=1.59),
        ),
        flows=(
            Flow(id="ICE", company_id="M", direction="demand", resource="water.potable",
                 quantity=400_000, unit="m3/yr", use="ice_for_whole_fish", provenance="measured"),
        ),
        outside_parties=(
            OutsideParty(id="SEA", name="Intake", kind="sea", latitude=50.72, longitude=1.59,
                         supplies=("water.sea",)),
        ),
    )  # fmt: skip
    row = optimize(zone, match(zone)).selected.set_index("opportunity_id").loc["SU-SEA-ICE"]
    investment = 530_000 + 2_470_000 * 1.6**0.6
    assert row["investment_eur"] == pytest.approx(investment, rel=1e-6)
    assert row["net_benefit_eur_per_yr"] == pytest.approx(283_784, abs=1)
    assert row["simple_payback_yr"] == pytest.approx(investment / 784_000, rel=1e-6)
    assert row["npv_eur"] == pytest.approx(2_158_486, abs=1)


def test_the_front_runs_from_the_best_money_to_the_most_co2e_on_the_toy() -> None:
    from symbiosis import load_example
    from symbiosis.errors import InputError
    from symbiosis.optimization import net_benefit_co2e_front

    zone = load_example("toy")
    result = match(zone)
    front = net_benefit_co2e_front(zone, result, n_points=4)
    best_money = optimize(zone, result, "net_benefit").indicators
    most_co2e = optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=None).indicators
    # The ends are the two single-objective plans: 79,167.72 EUR/yr for the fish co-products
    # alone (80,000 less 16 truck trips of 52.02 EUR), and the plan of the most CO2e.
    first, last = front.iloc[0], front.iloc[-1]
    assert first["net_benefit_eur_per_yr"] == pytest.approx(79_167.72, abs=0.01)
    assert first["net_benefit_eur_per_yr"] == pytest.approx(best_money["net_saving_eur_per_yr"])
    assert last["co2e_avoided_t_per_yr"] == pytest.approx(most_co2e["co2e_avoided_t_per_yr"])
    # Every point keeps its floor, and more CO2e never costs less (within the 1 % gap).
    assert (front["co2e_avoided_t_per_yr"] >= front["co2e_floor_t_per_yr"] * (1 - 1e-5)).all()
    money = front["net_benefit_eur_per_yr"].to_numpy()
    assert all(later <= earlier + 0.01 * abs(earlier) for earlier, later in pairwise(money))
    with pytest.raises(InputError, match="n_points is 1; a front needs at least its two ends"):
        net_benefit_co2e_front(zone, result, n_points=1)


def test_a_floor_on_money_holds_for_the_co2e_objective_and_says_when_it_cannot() -> None:
    from symbiosis import load_example
    from symbiosis.errors import InfeasibleModelError

    zone = load_example("toy")
    result = match(zone)
    free = optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=None).indicators
    floored = optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=60_000).indicators
    assert floored["net_saving_eur_per_yr"] >= 60_000 - 1e-6
    # Without the floor the most CO2e costs money down to 1,788 EUR/yr net: 24,646.84 with the
    # seawater pipe SU-SEA-F01 (3,000 m³/yr, 0.042 t) less the plant of its own,
    # 2,470,000 × (3,000 / 250,000)^0.6 = 173,862 EUR annualised (22,858 EUR/yr).
    crf = 0.1 * 1.1**15 / (1.1**15 - 1)
    own_plant = 2_470_000 * (3_000 / 250_000) ** 0.6
    assert free["net_saving_eur_per_yr"] == pytest.approx(24_646.84 - own_plant * crf, abs=0.01)
    # By default the plan breaks even: it drops the seawater pipe and the grey water, which
    # lose money for 0.07 t, and keeps 22.79 of the 22.86 t.
    default = optimize(zone, result, "co2e").indicators
    assert default["net_saving_eur_per_yr"] >= 0
    assert default["co2e_avoided_t_per_yr"] == pytest.approx(
        free["co2e_avoided_t_per_yr"] - 0.042 - 0.0315, abs=1e-6
    )
    assert 11.579 < floored["co2e_avoided_t_per_yr"] <= free["co2e_avoided_t_per_yr"]
    with pytest.raises(
        InfeasibleModelError,
        match="no plan reaches a net benefit of at least 1,000,000,000 EUR/yr; lower the floor",
    ):
        optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=1e9)


def test_the_co2e_plan_breaks_even_by_default(builders) -> None:
    # Three reuses of grey water, each between its own two companies, without investment:
    # A→B saves 1,000 EUR/yr and 1 t, C→D 2,500 EUR/yr and 0.5 t, E→F loses 5,000 EUR/yr for
    # 10 t (all of each flow). Most CO2e whatever it costs: all three, 11.5 t for −1,500 EUR/yr.
    # Breaking even: A→B and C→D (3,500) pay for 3,500 / 5,000 = 70 % of E→F: 1 + 0.5 + 7 =
    # 8.5 t at exactly 0 EUR/yr.
    names = "ABCDEF"
    flows = []
    for supplier, receiver in ("AB", "CD", "EF"):
        flows += [
            dict(id=f"S{supplier}", company_id=supplier, direction="supply",
                 resource="water.grey", quantity=100, unit="m3/yr"),
            dict(id=f"D{receiver}", company_id=receiver, direction="demand",
                 resource="water.potable", quantity=100, unit="m3/yr"),
        ]  # fmt: skip
    zone = builders.zone([(name, f"Company {name}") for name in names], flows)
    rows = [
        builders.exchange(f"EX-S{s}-D{r}", s, f"S{s}", r, f"D{r}", 100, net_saving=net, co2e=t)
        for (s, r), net, t in ((("A", "B"), 1_000, 1.0), (("C", "D"), 2_500, 0.5),
                               (("E", "F"), -5_000, 10.0))
    ]  # fmt: skip
    result = builders.result(rows)
    free = optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=None)
    # (within the tenth of the 1 % gap the second pass may give up for money)
    assert free.selected["co2e_avoided_t_per_yr"].sum() == pytest.approx(11.5, rel=1e-3)
    assert free.selected["net_benefit_eur_per_yr"].sum() == pytest.approx(-1_500, abs=6)
    plan = optimize(zone, result, "co2e")
    assert plan.selected["co2e_avoided_t_per_yr"].sum() == pytest.approx(8.5, rel=1e-3)
    assert plan.selected["net_benefit_eur_per_yr"].sum() >= -1e-6
    chosen = plan.selected
    quantities = dict(zip(chosen["opportunity_id"], chosen["quantity_per_yr"], strict=True))
    expected = {"EX-SA-DB": 100, "EX-SC-DD": 100, "EX-SE-DF": 70}
    assert quantities == pytest.approx(expected, rel=2e-3)
