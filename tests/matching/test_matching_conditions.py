"""The approvals and permits of each opportunity (catalogue/conditions.yaml): the conditions
column, its count, explain, Plan.selected, and the catalogue's validation."""

from __future__ import annotations

import pytest

from symbiosis import load_example, match, optimize
from symbiosis.catalogue import get_resource
from symbiosis.catalogue.conditions import check_condition_ids, condition_catalogue
from symbiosis.catalogue.rules import SubstitutionRule, exchange_conditions
from symbiosis.errors import InputError


@pytest.fixture(scope="module")
def toy():
    zone = load_example("toy")
    return zone, match(zone)


def _row(result, opportunity_id):
    table = result.exchanges.set_index("opportunity_id")
    return table.loc[opportunity_id]


def test_seawater_needs_the_dgal_authorisation_and_a_sewer_agreement(toy) -> None:
    _, result = toy
    row = _row(result, "SU-SEA-F01")
    assert row["n_conditions"] == 2
    first, second = row["conditions"].split("; ")
    assert first.startswith("prefectoral authorisation to pump and use clean seawater")
    assert "instruction technique DGAL/SDSSA/2014-311 of 22 April 2014" in first
    assert second.startswith("sewer discharge authorisation")
    assert "Code de la santé publique Art. L. 1331-10" in second
    text = result.explain("SU-SEA-F01")
    assert "Conditions and permits (2): prefectoral authorisation to pump" in text


def test_a_by_product_needs_a_sanitary_approval_and_heat_recovery_nothing(toy) -> None:
    _, result = toy
    row = _row(result, "EX-F03-F09")
    assert row["n_conditions"] == 2
    assert "Reg. (EC) 1069/2009 Art. 23 and 24" in row["conditions"]
    assert "heading 2731" in row["conditions"]
    heat = _row(result, "EX-F07-F05")
    assert (heat["n_conditions"], heat["conditions"]) == (0, "")
    assert "Conditions and permits" not in result.explain("EX-F07-F05")


def test_grey_water_needs_the_food_business_reuse_authorisation(toy) -> None:
    _, result = toy
    row = _row(result, "EX-F04-F08")
    # The rule lists the treated-wastewater permit too, which holds for water.treated only.
    assert row["n_conditions"] == 1
    assert "décret 2024-33 of 24 January 2024" in row["conditions"]


def test_the_plan_carries_the_conditions(toy) -> None:
    zone, result = toy
    selected = optimize(zone, result).selected.set_index("opportunity_id")
    for opportunity_id in selected.index:
        exchange = _row(result, opportunity_id)
        assert selected.loc[opportunity_id, "conditions"] == exchange["conditions"]
        assert selected.loc[opportunity_id, "n_conditions"] == exchange["n_conditions"]


def test_retort_cooling_asks_for_chlorinated_water_with_a_residual() -> None:
    found = exchange_conditions("same_water", "water.potable", "container_cooling", None, False)
    assert [c.id for c in found] == ["container_cooling_chlorination"]
    assert "21 CFR 113.60(b)" in found[0].text


def test_every_condition_names_a_text_and_holds_for_known_resources() -> None:
    for condition in condition_catalogue().values():
        assert any(word in condition.text for word in ("Art.", "CFR", "instruction", "Directive"))
        for resource in condition.supply_resources:
            get_resource(resource)


def test_an_unknown_condition_is_refused_with_the_closest_id() -> None:
    with pytest.raises(InputError, match="did you mean 'abp_sanitary_approval'"):
        check_condition_ids(("abp_sanitary_aproval",), "rules.yaml")
    with pytest.raises(ValueError, match=r"not a condition of conditions\.yaml"):
        SubstitutionRule(
            id="x",
            kind="exchange",
            same_resource=True,
            supply_resources=("material.ice",),
            conditions=("a_permit",),
            description_en="x",
            source="x",
        )


def test_a_pool_explains_its_members_and_its_own_conditions() -> None:
    zone = load_example("capecure")
    result = match(zone)
    # A joint collection of Category 2 fish waste: a permitted receiver of waste (its kind) and
    # the approval and ICPE heading of animal by-products (the outlet rule of its resource).
    text = result.explain("PO-material.fish_waste-01")
    assert "Conditions and permits (3): waste register and a permitted receiver" in text
    assert "Reg. (EC) 1069/2009 Art. 23 and 24" in text
    # The seawater main: its members' two, once each.
    assert "Conditions and permits (2): prefectoral authorisation" in result.explain(
        "PO-water.sea-01"
    )
    assert "Conditions and permits" not in result.explain("PO-service.security-01")
