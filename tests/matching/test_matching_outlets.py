"""Where regulated materials may go (rules.yaml: outlet_rules): animal by-products by category
(Reg. (EC) 1069/2009 Art. 12 to 14), recycled plastic into food contact (Reg. (EU) 2022/1616)
and hazardous waste (Directive 2008/98/EC), whatever rule pairs them.

The zone: a filleting plant F with heads and frames (Category 3), a downgraded lot declared
Category 1, used EPS fish boxes and used engine oil (EWC 13 02 05*); around it, within 1 km, a
co-product freezer selling food (human_food), a fish-meal plant (feed), a receiver of
by-products that states no use, a box maker (food_contact_packaging), a recycler (recycling), an
oil regenerator (hazardous_waste_treatment) and a garage that states no use.
"""

from __future__ import annotations

import pandas as pd
import pytest

from symbiosis.catalogue import outlet_rules
from symbiosis.matching import MatchConfig, match

KEEP = MatchConfig(keep_infeasible=True)


@pytest.fixture
def by_products(zone_of, flow):
    def receiver(flow_id: str, company: str, resource: str, use: str | None):
        return flow(flow_id, company, "demand", resource, 500, "t/yr", use=use)

    return zone_of(
        {"F": 0.0, "Z": 0.2, "M": 0.3, "U": 0.4, "B": 0.5, "R": 0.6, "O": 0.7, "G": 0.8},
        [
            flow("HEADS", "F", "supply", "material.fish_byproducts", 400, "t/yr"),
            flow("SPOILED", "F", "supply", "material.fish_byproducts", 300, "t/yr", abp_category=1),
            flow("BOXES", "F", "supply", "material.eps_boxes", 100, "t/yr", ewc_code="15 01 02"),
            flow("OIL", "F", "supply", "material.waste_oil", 10, "t/yr", ewc_code="13 02 05*"),
            receiver("FOOD", "Z", "material.fish_byproducts", "human_food"),
            receiver("MEAL", "M", "material.fish_byproducts", "feed"),
            receiver("ANY", "U", "material.fish_byproducts", None),
            receiver("NEWBOX", "B", "material.eps_boxes", "food_contact_packaging"),
            receiver("RECYCLE", "R", "material.eps_boxes", "recycling"),
            receiver("REGEN", "O", "material.waste_oil", "hazardous_waste_treatment"),
            receiver("GARAGE", "G", "material.waste_oil", None),
        ],
    )


def _reason(table: pd.DataFrame, opportunity_id: str) -> str:
    row = table[table["opportunity_id"] == opportunity_id]
    assert len(row) == 1, sorted(table["opportunity_id"])
    return str(row["infeasible_reason"].iloc[0])


def test_only_the_allowed_outlets_are_feasible(by_products) -> None:
    feasible = match(by_products).exchanges
    assert sorted(feasible["opportunity_id"]) == [
        "EX-BOXES-RECYCLE",
        "EX-HEADS-MEAL",
        "EX-OIL-REGEN",
    ]


def test_a_category_3_by_product_never_reaches_a_food_demand(by_products) -> None:
    table = match(by_products, config=KEEP).exchanges
    reason = _reason(table, "EX-HEADS-FOOD")
    assert reason.startswith(
        "Category 3 animal by-products may go only to: processing into feed (fish meal, fish "
        "oil, hydrolysates); pet food; anaerobic digestion or composting; rendering, "
        "incineration or co-incineration; the demand's use is food for people (food-grade "
        "co-products) (Reg. (EC) 1069/2009 Art. 14"
    )
    check = table.loc[table["opportunity_id"] == "EX-HEADS-FOOD", "check_use_allowed"]
    assert check.tolist() == [False]
    # A receiver that does not say what it makes is not trusted with animal by-products.
    assert "the demand does not state its use (set the flow's use to one of feed, pet_food" in (
        _reason(table, "EX-HEADS-ANY")
    )


def test_a_category_1_by_product_goes_to_rendering_or_incineration_only(by_products) -> None:
    table = match(by_products, config=KEEP).exchanges
    reason = _reason(table, "EX-SPOILED-MEAL")
    assert reason.startswith(
        "Category 1 animal by-products may go only to: rendering, incineration or "
        "co-incineration; the demand's use is processing into feed"
    )
    assert "Reg. (EC) 1069/2009 Art. 12" in reason


def test_recycled_polystyrene_never_reaches_food_contact_packaging(by_products) -> None:
    table = match(by_products, config=KEEP).exchanges
    assert _reason(table, "EX-BOXES-NEWBOX") == (
        "Recycled plastic may not go to packaging or boxes that touch food ("
        + outlet_rules()["recycled_plastic_food_contact"].source
        + ")"
    )
    assert "Reg. (EU) 2022/1616" in _reason(table, "EX-BOXES-NEWBOX")


def test_hazardous_waste_goes_only_to_an_authorised_treatment(by_products) -> None:
    table = match(by_products, config=KEEP).exchanges
    assert _reason(table, "EX-OIL-GARAGE").startswith(
        "Hazardous waste may go only to: an authorised treatment of hazardous waste "
        "(regeneration, incineration); the demand does not state its use"
    )
    assert "Directive 2008/98/EC Art. 17 and 23" in _reason(table, "EX-OIL-GARAGE")
