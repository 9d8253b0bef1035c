"""Resources and uses by their French or English labels (issue 16): the labels the template
prints, with accents, case and plurals as people write them."""

from __future__ import annotations

import pytest

from symbiosis import Flow
from symbiosis.catalogue import get_resource, get_use
from symbiosis.catalogue.resources import _name_index
from symbiosis.errors import InputError


@pytest.mark.parametrize(
    ("name", "resource_id"),
    [
        ("eau potable", "water.potable"),
        ("Eaux potables", "water.potable"),
        ("vapeur", "heat.steam"),
        ("chaleur basse température", "heat.low_grade"),
        ("Chaleur basse temperature", "heat.low_grade"),
        ("gaz naturel", "energy.natural_gas"),
        ("GAZ NATUREL", "energy.natural_gas"),
        ("eau déminéralisée", "water.demineralised"),
        ("eau d'alimentation chaudière", "water.demineralised"),
        ("gaz de raffinerie", "energy.fuel_gas"),
        ("drinking water", "water.potable"),
        ("cendres volantes", "material.fly_ash"),
    ],
)
def test_resources_by_name(name: str, resource_id: str) -> None:
    assert get_resource(name).id == resource_id


def test_uses_by_name() -> None:
    assert get_use("lavage et déglaçage du poisson entier").id == "whole_fish_washing"
    assert get_use("Appoint chaudière").id == "boiler_feed"
    assert get_use("Eau d'appoint d'un procédé industriel").id == "process_makeup"


def test_a_flow_written_in_french_keeps_the_ids() -> None:
    flow = Flow(
        id="F1",
        company_id="C1",
        direction="demand",
        resource="eau potable",
        quantity=10,
        unit="m3/jour",
        operating_days_per_yr=250,
        use="lavage et déglaçage du poisson entier",
    )
    assert (flow.resource, flow.use, flow.quantity_per_yr) == (
        "water.potable",
        "whole_fish_washing",
        2500.0,  # 10 m³/day × 250 days
    )


def test_an_unknown_name_points_to_the_template_sheet() -> None:
    with pytest.raises(InputError) as error:
        get_resource("eau potabl")
    assert str(error.value) == (
        "'eau potabl' is not a resource of the catalogue; did you mean 'water.potable'?; write "
        "an id, or a French or English label of the 'resources' sheet of the template "
        "(symbiosis template)"
    )


def test_every_label_names_one_entry() -> None:
    # A label two entries share is left out of the index (refused as ambiguous): none today.
    from symbiosis.catalogue import resource_catalogue, use_catalogue
    from symbiosis.catalogue.resources import normalise_label

    for kind, entries in (("resources", resource_catalogue()), ("uses", use_catalogue())):
        index = _name_index(kind)
        for entry in entries.values():
            assert index[normalise_label(entry.label_fr)] == entry.id, (kind, entry.id)


def test_steam_by_its_french_name_in_tonnes_is_steam() -> None:
    fields = {
        "id": "F1",
        "company_id": "C1",
        "direction": "demand",
        "quantity": 2,
        "unit": "t/h",
        "operating_hours_per_yr": 5000,
        "target_temperature_c": 180.0,
    }
    by_name = Flow(resource="vapeur", **fields)
    by_id = Flow(resource="heat.steam", **fields)
    assert by_name.resource == "heat.steam"
    assert by_name.quantity_per_yr == by_id.quantity_per_yr > 0
