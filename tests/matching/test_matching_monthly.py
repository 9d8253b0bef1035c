"""Quantities limited month by month from the monthly profiles (issue 13, item 7).

The toy zone's grey water of T2 (F04, 2,000 m³/yr) can serve the floor washing of T3 (F08,
1,500 m³/yr): over the year, min(2,000, 1,500) = 1,500 m³/yr.
"""

from __future__ import annotations

import pytest

from symbiosis.io import load_example
from symbiosis.matching import match
from symbiosis.schemas import Flow, Zone
from symbiosis.testing import compare_with_reference, reference_candidates

SUMMER = (0.0, 0.0, 0.0, *([1 / 6] * 6), 0.0, 0.0, 0.0)  # April to September
WINTER = tuple(1 / 6 - share for share in SUMMER)  # October to March


def _with_profiles(zone: Zone, profiles: dict[str, tuple[float, ...]]) -> Zone:
    flows = tuple(
        Flow.model_validate({**flow.model_dump(), "monthly_profile": profiles[flow.id]})
        if flow.id in profiles
        else flow
        for flow in zone.flows
    )
    return zone.model_copy(update={"flows": flows})


def _grey_to_floor(zone: Zone) -> float | None:
    exchanges = match(zone).exchanges.set_index("opportunity_id")
    if "EX-F04-F08" not in exchanges.index:
        return None
    return float(exchanges.loc["EX-F04-F08", "quantity_per_yr"])


def test_without_profiles_the_year_is_one_block():
    assert _grey_to_floor(load_example("toy")) == pytest.approx(1500.0)


def test_a_summer_only_source_cannot_serve_a_winter_only_demand():
    """Grey water from April to September, floor washing from October to March: no month in
    common, so nothing can move and the candidate is dropped."""
    zone = _with_profiles(load_example("toy"), {"F04": SUMMER, "F08": WINTER})
    assert _grey_to_floor(zone) is None


def test_a_summer_only_source_serves_a_year_round_demand_in_summer_only():
    """Grey water 2,000 m³/yr from April to September (333.3 m³ a month); floor washing
    1,500 m³/yr all year (125 m³ a month): 6 months × 125 = 750 m³/yr, half the annual
    minimum."""
    zone = _with_profiles(load_example("toy"), {"F04": SUMMER})
    assert _grey_to_floor(zone) == pytest.approx(750.0)


def test_the_oracle_limits_month_by_month_too():
    zone = _with_profiles(load_example("toy"), {"F04": SUMMER})
    reference = reference_candidates(zone)
    row = reference[reference["demand_flow_id"] == "F08"].set_index("supply_flow_id")
    assert row.loc["F04", "quantity_per_yr"] == pytest.approx(750.0)
    assert compare_with_reference(match(zone), reference) == []
