"""The resource catalogue, the uses and the default parameters are complete and sourced."""

import re

import pytest

from symbiosis.catalogue import (
    default_parameters,
    get_resource,
    get_use,
    resource_catalogue,
    use_catalogue,
)
from symbiosis.errors import InputError

REQUIRED_RESOURCES = [
    "water.potable",
    "water.sea",
    "water.grey",
    "water.waste",
    "water.cooling",
    "heat.steam",
    "heat.hot_water",
    "heat.low_grade",
    "cold.chilled",
    "material.fish_byproducts",
    "material.eps_boxes",
    "material.cardboard",
    "material.sludge_food",
    "material.fly_ash",
    "material.gypsum",
    "material.co2",
    "service.waste_collection",
    "service.cardboard_baling",
    "service.maintenance",
    "service.security",
]


@pytest.mark.parametrize("resource_id", REQUIRED_RESOURCES)
def test_seafood_zone_and_classic_park_resources_exist(resource_id):
    assert get_resource(resource_id).id == resource_id


def test_every_resource_has_labels_and_sources():
    for resource in resource_catalogue().values():
        assert resource.label_en and resource.label_fr
        assert resource.price_source.strip() and resource.emission_factor_source.strip()
        assert resource.id.split(".")[0] in {
            "water",
            "heat",
            "cold",
            "energy",
            "material",
            "service",
        }


def test_ewc_codes_are_well_formed():
    for resource in resource_catalogue().values():
        for code in resource.ewc_codes:
            assert re.fullmatch(r"\d{2} \d{2} \d{2}\*?", code), (resource.id, code)


def test_fish_byproducts_map_to_animal_tissue_waste():
    resource = get_resource("material.fish_byproducts")
    assert resource.ewc_codes == ("02 02 02",)
    assert resource.abp_category == 3


def test_unknown_resource_suggests_the_closest_ids():
    with pytest.raises(
        InputError,
        match=r"'water.potabel' is not a resource of the catalogue; did you mean 'water.potable'",
    ):
        get_resource("water.potabel")


def test_seawater_uses_follow_regulation_852_2004():
    uses = use_catalogue()
    allowed = {use_id for use_id, use in uses.items() if use.clean_seawater_allowed}
    assert {
        "whole_fish_washing",
        "ice_for_whole_fish",
        "floor_and_crate_washing",
        "cooling",
    } <= allowed
    assert not {"product_contact", "final_rinse", "ingredient"} & allowed
    assert all("852/2004" in uses[u].source or "853/2004" in uses[u].source for u in allowed)


def test_unknown_use_lists_the_known_ones():
    with pytest.raises(InputError, match=r"'ice' is not a known use.*known uses: unloading"):
        get_use("ice")


def test_default_parameters_carry_unit_and_source():
    parameters = default_parameters()
    assert parameters["gas_price_eur_per_mwh"].value == 65.0
    assert parameters["electricity_price_eur_per_mwh"].value == 172.0
    for name, parameter in parameters.items():
        assert parameter.unit and parameter.source, name


def test_services_handle_known_resources_and_plants_carry_a_source():
    catalogue = resource_catalogue()
    for resource in catalogue.values():
        for handled in resource.service_for:
            assert resource.family == "service", resource.id
            assert handled in catalogue, (resource.id, handled)
        if resource.shared_plant_capex_eur is not None:
            assert resource.shared_plant_capacity_per_yr and resource.shared_plant_source
    # Lorient Keroman's clean-seawater unit: 2.47 MEUR for up to 250,000 m3/yr
    sea = catalogue["water.sea"]
    assert (sea.shared_plant_capex_eur, sea.shared_plant_capacity_per_yr) == (2.47e6, 250_000)
    assert catalogue["service.cardboard_baling"].service_for == ("material.cardboard",)
