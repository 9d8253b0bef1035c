"""The vectorised matcher checked against the pair-by-pair oracle of symbiosis.testing on a
generated region, and the oracle's comparison reporting a difference."""

from __future__ import annotations

import pytest

from symbiosis.catalogue import substitution_rules
from symbiosis.matching import MatchConfig, find_candidates, match
from symbiosis.synthetic import generate_region
from symbiosis.testing import compare_with_reference, reference_candidates

# Thirty companies (300 flows) on two estates 20 km apart at most, with receivers of every kind.
SMALL_MIX = {
    "seafood": 5,
    "food_processing": 6,
    "logistics": 5,
    "metals": 4,
    "chemicals": 2,
    "power_plant": 1,
    "recycler": 2,
    "anaerobic_digestion": 2,
    "utilities_wwtp": 1,
    "agriculture": 1,
    "building_materials": 1,
}


@pytest.fixture(scope="module")
def small_region():
    return generate_region(30, seed=11, n_estates=2, region_km=20.0, archetype_shares=SMALL_MIX)


@pytest.mark.parametrize(
    "config",
    [
        MatchConfig(),
        MatchConfig(max_suppliers_per_demand=2, dt_min_k=5.0, min_demand_share=0.2),
        MatchConfig(max_suppliers_per_demand=None, keep_infeasible=True),
    ],
    ids=["defaults", "nearest-two", "everything-kept"],
)
def test_matcher_and_reference_find_the_same_exchanges(small_region, config):
    result = match(small_region, config)
    reference = reference_candidates(small_region, config)
    assert len(reference) > 50
    assert compare_with_reference(result, reference) == []


@pytest.mark.parametrize(
    "config",
    [MatchConfig(), MatchConfig(max_suppliers_per_demand=None, keep_infeasible=True)],
    ids=["defaults", "everything-kept"],
)
def test_checked_candidates_and_reference_agree(small_region, config):
    candidates = find_candidates(small_region, config)
    assert compare_with_reference(candidates, reference_candidates(small_region, config)) == []


def test_reference_covers_every_kind_of_candidate(small_region):
    reference = reference_candidates(small_region)
    kinds = {substitution_rules()[rule_id].kind for rule_id in reference["rule_id"]}
    assert kinds == {"exchange", "substitution", "cascade", "heat_recovery"}
    assert reference["supply_flow_id"].isna().any()  # outside suppliers (the sea)


def test_comparison_reports_a_changed_quantity(small_region):
    result = match(small_region)
    reference = reference_candidates(small_region)
    changed = reference.copy()
    changed.loc[0, "quantity_per_yr"] *= 2
    (difference,) = compare_with_reference(result, changed)
    assert difference.startswith("1 pairs with other quantities")
