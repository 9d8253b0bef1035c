"""Leads of a draft zone: disposal, drinking water near seawater, cooling towers."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis.sources import draft_leads, draft_zone, estimate_flows, read_icpe, read_irep

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def leads() -> object:
    draft = draft_zone(
        "62",
        [
            read_irep(FIXTURES / "irep" / "2024"),
            read_icpe(FIXTURES / "icpe" / "installations_classees.json"),
        ],
    )
    return draft_leads(estimate_flows(draft))


def test_leads_are_ranked_by_kind_then_quantity(leads) -> None:  # type: ignore[no-untyped-def]
    assert (
        leads["kind"].tolist()
        == ["waste to disposal"] * 2 + ["drinking water near the shore"] * 3 + ["cooling tower"] * 2
    )
    assert leads["rank"].tolist() == list(range(1, 8))
    # Cardboard (2,500 t/yr, D10) before fish waste (800 t/yr, D10).
    assert leads["quantity_per_yr"].iloc[:2].tolist() == [2500.0, 800.0]


def test_leads_say_which_numbers_are_declared_or_estimated(leads) -> None:  # type: ignore[no-untyped-def]
    water = leads[leads["kind"] == "drinking water near the shore"].set_index("company_id")
    assert water.loc["01234567800010", "numbers"] == "declared"
    assert water.loc["31234567800014", "numbers"] == "estimated"


def test_nearest_seawater_intake(leads) -> None:  # type: ignore[no-untyped-def]
    water = leads[leads["kind"] == "drinking water near the shore"].set_index("company_id")
    # The cannery pumps seawater itself: distance 0.
    assert water.loc["01234567800010", "distance_km"] == 0.0
    # Pet-food plant (50.7190, 1.6010) to the cannery (50.7243, 1.5951): 0.0053° × 111,195 m
    # = 589.3 m north, 0.0059° × 111,195 m × cos(50.72°) = 415.3 m west; sqrt = 720.9 m.
    assert water.loc["52345678900024", "distance_km"] == pytest.approx(0.721, abs=0.001)
    assert water.loc["52345678900024", "partner_id"] == "01234567800010"
