"""Payback and net present value per action in ``Plan.selected`` (issue 12).

One mareyeur 1 km north of the seawater intake makes ice from 100,000 m³/yr of drinking water
(2.21 EUR/m³). Clean seawater at 0.25 EUR/m³ through a 400 EUR/m pipe of 1 km × 1.3 plus a
10,000 EUR connection: 530,000 EUR, annualised at 10 %/yr over 15 years (factor 0.1314738) =
69,681.10 EUR/yr. Net 221,000 − 25,000 − 69,681.10 = 126,318.90 EUR/yr; cash before the capital
charge 196,000 EUR/yr, so a payback of 530,000 / 196,000 = 2.7041 years; net present value over
the 15 years = 126,318.90 / 0.1314738 = 960,792 EUR.
"""

from __future__ import annotations

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
