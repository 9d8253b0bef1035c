"""The European List of Waste (catalogue/waste_list.csv) and the resource of each entry
(waste_classes.yaml): a flow may give only its code, and a hazardous code goes only to an
authorised treatment."""

from __future__ import annotations

import pytest

from symbiosis import Flow
from symbiosis.catalogue import waste_entry, waste_list, waste_resource, waste_table
from symbiosis.errors import InputError


def test_the_list_has_every_chapter_and_its_entries() -> None:
    entries = waste_list()
    # Decision 2000/532/EC as amended by 2014/955/EU: 20 chapters, 842 entries, 408 hazardous
    assert len({code[:2] for code in entries}) == 20
    assert len(entries) == 842
    assert sum(entry.hazardous for entry in entries.values()) == 408


@pytest.mark.parametrize(
    ("code", "label_en", "label_fr", "hazardous"),
    [
        ("02 02 02", "animal-tissue waste", "déchets de tissus animaux", False),
        (
            "10 01 04*",
            "oil fly ash and boiler dust",
            "cendres volantes et cendres sous chaudière d'hydrocarbures",
            True,
        ),
        (
            "130205*",
            "mineral-based non-chlorinated engine, gear and lubricating oils",
            "huiles moteur, de boîte de vitesses et de lubrification non chlorées à base minérale",
            True,
        ),
        (
            "19 08 05",
            "sludges from treatment of urban waste water",
            "boues provenant du traitement des eaux usées urbaines",
            False,
        ),
    ],
)
def test_entries_read_however_spaced(code, label_en, label_fr, hazardous) -> None:
    entry = waste_entry(code)
    assert (entry.label_en, entry.label_fr, entry.hazardous) == (label_en, label_fr, hazardous)


def test_a_star_the_list_does_not_give_is_refused_with_the_code_to_write() -> None:
    with pytest.raises(
        InputError,
        match=r"10 01 05 \(calcium-based reaction wastes from flue-gas "
        r"desulphurisation in solid form\) is not hazardous: write '10 01 05'",
    ):
        waste_entry("10 01 05*")
    with pytest.raises(InputError, match="is hazardous: write '13 02 05\\*'"):
        waste_entry("13 02 05")


def test_an_unknown_entry_lists_its_neighbours() -> None:
    with pytest.raises(
        InputError, match=r"'10 01 55' is not an entry .* the entries of 10 01 are 10 01 01"
    ):
        waste_entry("10 01 55")


@pytest.mark.parametrize(
    ("code", "resource"),
    [
        ("02 02 02", "material.fish_byproducts"),  # resources.yaml lists it
        ("15 01 02", "material.plastic_film"),  # listed by two resources: the key decides
        ("10 01 04*", "material.fly_ash"),  # an entry of waste_classes.yaml
        ("13 01 10*", "material.waste_oil"),  # a sub-chapter (13 01) of waste_classes.yaml
        ("10 01 05", "material.gypsum"),
        ("17 05 04", "material.landfill_cover"),
    ],
)
def test_the_resource_of_an_entry(code: str, resource: str) -> None:
    assert waste_resource(code) == resource


def test_an_entry_without_a_class_asks_for_the_resource() -> None:
    with pytest.raises(InputError, match=r"10 11 12 \(waste glass .*\) .* write the resource"):
        waste_resource("10 11 12")
    assert waste_table().loc["10 11 12", "resource"] == ""


def test_every_code_of_the_resources_is_an_entry_with_its_star() -> None:
    # waste_table() loads waste_classes.yaml over resources.yaml, checking each code
    table = waste_table()
    assert table.loc["13 02 08", "resource"] == "material.waste_oil"


def test_a_flow_given_only_its_code() -> None:
    flow = Flow(
        id="F1",
        company_id="C1",
        direction="supply",
        resource="10 01 04*",
        quantity=100,
        unit="t/yr",
    )
    assert (flow.resource, flow.ewc_code) == ("material.fly_ash", "10 01 04*")
    flow = Flow(
        id="F2",
        company_id="C1",
        direction="supply",
        resource="",
        ewc_code="020202",
        quantity=100,
        unit="t/yr",
    )
    assert (flow.resource, flow.ewc_code) == ("material.fish_byproducts", "02 02 02")
