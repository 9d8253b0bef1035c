"""Zones shipped with the package."""

from __future__ import annotations

import pytest

from symbiosis.errors import InputError
from symbiosis.io import example_names, load_example


def test_toy_example() -> None:
    toy = load_example("toy")
    assert toy.summary() == (
        "toy: 4 companies, 9 flows (water 4, heat 2, material 3), 2 outside parties"
    )
    # F05: 100 kW for 2000 h/yr is 200 MWh/yr; F07: 150 kW for 6000 h/yr is 900 MWh/yr.
    annual = {flow.id: flow.quantity_per_yr for flow in toy.flows}
    assert (annual["F05"], annual["F07"]) == (200.0, 900.0)
    assert toy.parameter("water_pipe_cost_eur_per_m").value == 300.0


def test_unknown_example_lists_the_available_ones() -> None:
    assert "toy" in example_names()
    with pytest.raises(
        InputError,
        match=r"no example zone named 'toi'; did you mean 'toy'\?; "
        r"available examples: .*toy",
    ):
        load_example("toi")
