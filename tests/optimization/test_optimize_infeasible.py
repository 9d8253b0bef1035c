"""Demands that must be served but cannot be: the error explains it in the zone's words.

Conserverie Alpha (A) has 1,000 m³/yr of grey water (FA1). Marée Beta (B) needs 800 m³/yr
(FB1), Glacière Gamma (C) 600 m³/yr (FC1); A is their only possible supplier. Each demand can be
served alone; together they need 1,400 m³/yr from 1,000. A third, Hangar Delta (D), needs
500 m³/yr (FD1) but only 300 m³/yr of Epsilon's water (FE1) may reach it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from symbiosis.errors import InfeasibleModelError, InputError
from symbiosis.optimization import optimize


@pytest.fixture
def shortage(builders: SimpleNamespace) -> SimpleNamespace:
    zone = builders.zone(
        [("A", "Conserverie Alpha"), ("B", "Marée Beta"), ("C", "Glacière Gamma"),
         ("D", "Hangar Delta"), ("E", "Epsilon"), ("G", "Gamma Bis")],
        [
            dict(id="FA1", company_id="A", direction="supply", resource="water.grey",
                 quantity=1000, unit="m3/yr"),
            dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
                 quantity=800, unit="m3/yr", description="washing whole fish"),
            dict(id="FC1", company_id="C", direction="demand", resource="water.potable",
                 quantity=600, unit="m3/yr", description="floor washing"),
            dict(id="FD1", company_id="D", direction="demand", resource="water.potable",
                 quantity=500, unit="m3/yr", description="crate washing"),
            dict(id="FE1", company_id="E", direction="supply", resource="water.grey",
                 quantity=300, unit="m3/yr"),
            dict(id="FG1", company_id="G", direction="demand", resource="water.potable",
                 quantity=50, unit="m3/yr", potable_required=True, description="drinking"),
        ],
    )  # fmt: skip
    exchanges = [
        builders.exchange("EX-FA1-FB1", "A", "FA1", "B", "FB1", 800, net_saving=100,
                          supply_quantity=1000),
        builders.exchange("EX-FA1-FC1", "A", "FA1", "C", "FC1", 600, net_saving=100,
                          supply_quantity=1000),
        builders.exchange("EX-FE1-FD1", "E", "FE1", "D", "FD1", 300, net_saving=100),
        builders.exchange("EX-FE1-FG1", "E", "FE1", "G", "FG1", 50, net_saving=10,
                          feasible=False, reason="FG1 requires potable water"),
    ]  # fmt: skip
    return SimpleNamespace(zone=zone, result=builders.result(exchanges))


def test_each_demand_alone_can_be_served(shortage):
    for flow_id in ("FB1", "FC1"):
        plan = optimize(shortage.zone, shortage.result, require_served=[flow_id])
        served = plan.selected.loc[plan.selected["demand_flow_id"] == flow_id, "quantity_per_yr"]
        assert served.sum() == pytest.approx({"FB1": 800, "FC1": 600}[flow_id])


def test_a_demand_out_of_reach_is_named_with_what_can_reach_it(shortage):
    with pytest.raises(InfeasibleModelError) as caught:
        optimize(shortage.zone, shortage.result, require_served=["FD1"])
    message = str(caught.value)
    assert "demand FD1 of Hangar Delta (D)" in message
    assert "crate washing" in message
    assert "500 m3/yr" in message
    assert "at most 300 m3/yr (60 %)" in message
    assert "EX-FE1-FD1 from Epsilon (E)" in message
    assert "require_served" in message


def test_competing_required_demands_are_named_with_the_supply_they_share(shortage):
    with pytest.raises(InfeasibleModelError, match="not together") as caught:
        optimize(shortage.zone, shortage.result, require_served=["FB1", "FC1"])
    message = str(caught.value)
    assert "demand FB1 of Marée Beta (B)" in message
    assert "demand FC1 of Glacière Gamma (C)" in message
    assert "1,400 m3/yr" in message
    assert "supply FA1 of Conserverie Alpha (A)" in message


def test_the_conflict_is_narrowed_to_the_demands_that_clash(shortage):
    # FD1 alone is out of reach, so it is the one reported even with the others listed.
    with pytest.raises(InfeasibleModelError) as caught:
        optimize(shortage.zone, shortage.result, require_served=["FB1", "FD1"])
    assert "FD1" in str(caught.value)
    assert "demand FB1" not in str(caught.value)


def test_a_demand_no_candidate_serves_quotes_the_matcher(shortage):
    with pytest.raises(InfeasibleModelError) as caught:
        optimize(shortage.zone, shortage.result, require_served=["FG1"])
    message = str(caught.value)
    assert "demand FG1 of Gamma Bis (G)" in message
    assert "no feasible candidate serves it" in message
    assert "EX-FE1-FG1 (FG1 requires potable water)" in message


def test_required_demand_with_nothing_feasible_at_all_raises(builders):
    zone = builders.zone(
        [("B", "Marée Beta")],
        [dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
              quantity=800, unit="m3/yr")],
    )  # fmt: skip
    with pytest.raises(InfeasibleModelError, match="demand FB1 of Marée Beta"):
        optimize(zone, builders.result([]), require_served=["FB1"])


def test_an_unknown_required_demand_is_an_input_error(shortage):
    with pytest.raises(InputError, match=r"'FB2', which is not a demand flow.*'FB1'"):
        optimize(shortage.zone, shortage.result, require_served=["FB2"])
    with pytest.raises(InputError, match="'FA1', which is not a demand flow"):
        optimize(shortage.zone, shortage.result, require_served=["FA1"])


def test_an_empty_required_demand_is_always_served(builders):
    zone = builders.zone(
        [("B", "Marée Beta")],
        [dict(id="FB1", company_id="B", direction="demand", resource="water.potable",
              quantity=0, unit="m3/yr")],
    )  # fmt: skip
    plan = optimize(zone, builders.result([]), require_served=["FB1"])
    assert plan.status == "no candidates"
