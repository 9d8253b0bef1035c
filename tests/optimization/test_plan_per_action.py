"""Payback and net present value per action in ``Plan.selected`` (issue 12).

One mareyeur 1 km north of the seawater intake makes ice from 100,000 m³/yr of drinking water
(2.21 EUR/m³). Clean seawater at 0.25 EUR/m³ through a 400 EUR/m pipe of 1 km × 1.3 plus a
10,000 EUR connection: 530,000 EUR, annualised at 10 %/yr over 15 years (factor 0.1314738) =
69,681.10 EUR/yr. Net 221,000 − 25,000 − 69,681.10 = 126,318.90 EUR/yr; cash before the capital
charge 196,000 EUR/yr, so a payback of 530,000 / 196,000 = 2.7041 years; net present value over
the 15 years = 126,318.90 / 0.1314738 = 960,792 EUR.
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
                 quantity=100_000, unit="m3/yr", use="ice_for_whole_fish", provenance="measured"),
        ),
        outside_parties=(
            OutsideParty(id="SEA", name="Intake", kind="sea", latitude=50.72, longitude=1.59,
                         supplies=("water.sea",)),
        ),
    )  # fmt: skip
    row = optimize(zone, match(zone)).selected.set_index("opportunity_id").loc["SU-SEA-ICE"]
    assert row["investment_eur"] == pytest.approx(530_000, rel=1e-6)
    assert row["net_benefit_eur_per_yr"] == pytest.approx(126_318.90, abs=0.5)
    assert row["simple_payback_yr"] == pytest.approx(530_000 / 196_000, rel=1e-6)
    assert row["npv_eur"] == pytest.approx(960_792, abs=1)


def test_the_front_runs_from_the_best_money_to_the_most_co2e_on_the_toy() -> None:
    from symbiosis import load_example
    from symbiosis.errors import InputError
    from symbiosis.optimization import net_benefit_co2e_front

    zone = load_example("toy")
    result = match(zone)
    front = net_benefit_co2e_front(zone, result, n_points=4)
    best_money = optimize(zone, result, "net_benefit").indicators
    most_co2e = optimize(zone, result, "co2e").indicators
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
    free = optimize(zone, result, "co2e").indicators
    floored = optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=60_000).indicators
    assert floored["net_saving_eur_per_yr"] >= 60_000 - 1e-6
    # Without the floor the most CO2e costs money down to 24,647 EUR/yr net.
    assert free["net_saving_eur_per_yr"] == pytest.approx(24_646.84, abs=0.01)
    assert 11.579 < floored["co2e_avoided_t_per_yr"] <= free["co2e_avoided_t_per_yr"]
    with pytest.raises(
        InfeasibleModelError,
        match="no plan reaches a net benefit of at least 1,000,000,000 EUR/yr; lower the floor",
    ):
        optimize(zone, result, "co2e", min_net_benefit_eur_per_yr=1e9)
