"""The substitution rules (catalogue/rules.yaml): the loader, and each rule on a small zone."""

from __future__ import annotations

import pytest

from symbiosis.catalogue import (
    SubstitutionRule,
    expand_rules,
    get_rule,
    outside_supply_quality,
    rule_pairs,
    substitution_rules,
)
from symbiosis.errors import InputError
from symbiosis.matching import MatchConfig, match


def _rule(**fields: object) -> SubstitutionRule:
    base: dict[str, object] = {
        "id": "test_rule",
        "kind": "exchange",
        "description_en": "a test",
        "source": "the tests",
    }
    return SubstitutionRule.model_validate({**base, **fields})


def test_every_rule_has_a_description_and_a_source() -> None:
    rules = substitution_rules()
    assert len(rules) >= 10
    for rule in rules.values():
        assert rule.description_en.strip() and rule.source.strip()


def test_each_resource_pair_belongs_to_one_rule() -> None:
    table = rule_pairs()
    assert not table.duplicated(["supply_resource", "demand_resource"]).any()
    pairs = set(zip(table["supply_resource"], table["demand_resource"], strict=True))
    # Every water and material resource can meet a demand for itself.
    assert ("material.salt", "material.salt") in pairs
    assert ("water.grey", "water.grey") in pairs
    assert ("water.sea", "water.potable") in pairs
    assert ("water.potable", "water.sea") not in pairs


def test_two_rules_claiming_one_pair_are_refused() -> None:
    first = _rule(id="first", supply_resources=["material.ice"], demand_resources=["material.ice"])
    second = _rule(id="second", same_resource=True, supply_resources=["material.ice"])
    with pytest.raises(InputError, match=r"both pair material\.ice with material\.ice"):
        expand_rules([first, second])


def test_fallback_rules_yield_to_explicit_ones() -> None:
    explicit = _rule(id="ice", supply_resources=["material.ice"], demand_resources=["material.ice"])
    fallback = _rule(id="all", same_resource=True, families=["material"])
    owners = {(s, d): rule for rule, s, d in expand_rules([fallback, explicit])}
    assert owners["material.ice", "material.ice"] == "ice"
    assert owners["material.salt", "material.salt"] == "all"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"requires_use_flag": "salty"}, "not a flag of the uses"),
        ({"allowed_uses": ["floor_wash"]}, "did you mean 'floor_washing'"),
        ({"demand_resources": ["heat.hot_water"]}, "mixes families"),
        ({"supply_resources": ["water.seawater"]}, "not a resource of the catalogue"),
    ],
)
def test_a_malformed_rule_says_what_is_wrong(fields: dict[str, object], message: str) -> None:
    base = {"supply_resources": ["water.sea"], "demand_resources": ["water.potable"]}
    with pytest.raises(ValueError, match=message):
        _rule(**{**base, **fields})


def test_unknown_rule_id_suggests() -> None:
    with pytest.raises(InputError, match="did you mean 'heat_recovery'"):
        get_rule("heat_recover")


def test_outside_quality_of_seawater_is_sourced() -> None:
    quality = outside_supply_quality()["water.sea"]
    assert quality.value("salinity_g_per_l") == 35.0
    assert "Ifremer" in quality.source


# --- each rule on a two-company zone: supplier S, receiver R one km north ------------------


@pytest.mark.parametrize(
    ("supply", "demand", "rule_id", "kind", "quantity"),
    [
        # same resource: min(supply, demand)
        (
            ("material.ice", 300, "t/yr", {}),
            ("material.ice", 200, "t/yr", {}),
            "ice_to_ice_users",
            "exchange",
            200,
        ),
        (
            ("material.fish_byproducts", 400, "t/yr", {}),
            ("material.fish_byproducts", 4000, "t/yr", {"use": "feed"}),
            "fish_byproducts_to_processors",
            "exchange",
            400,
        ),
        (
            ("material.fish_byproducts", 400, "t/yr", {}),
            ("material.organic_feedstock", 1000, "t/yr", {"use": "biogas_or_compost"}),
            "organic_waste_to_digestion",
            "exchange",
            400,
        ),
        (
            ("material.sludge_wwtp", 50, "t/yr", {}),
            ("material.organic_feedstock", 1000, "t/yr", {"use": "biogas_or_compost"}),
            "sludge_to_digestion_or_land",
            "exchange",
            50,
        ),
        (
            ("material.eps_boxes", 12, "t/yr", {}),
            ("material.eps_boxes", 500, "t/yr", {}),
            "packaging_to_recyclers",
            "exchange",
            12,
        ),
        (
            ("material.cardboard", 30, "t/yr", {}),
            ("material.cardboard", 100, "t/yr", {}),
            "packaging_to_recyclers",
            "exchange",
            30,
        ),
        (
            ("material.gypsum", 900, "t/yr", {}),
            ("material.gypsum", 500, "t/yr", {}),
            "classic_park_byproducts",
            "exchange",
            500,
        ),
        (
            ("material.fly_ash", 10, "t/yr", {}),
            ("material.fly_ash", 100, "t/yr", {}),
            "classic_park_byproducts",
            "exchange",
            10,
        ),
        (
            ("material.slag", 10, "t/yr", {}),
            ("material.slag", 100, "t/yr", {}),
            "classic_park_byproducts",
            "exchange",
            10,
        ),
        (
            ("material.co2", 10, "t/yr", {}),
            ("material.co2", 100, "t/yr", {}),
            "classic_park_byproducts",
            "exchange",
            10,
        ),
        (
            ("material.scrap_metal", 10, "t/yr", {}),
            ("material.scrap_metal", 100, "t/yr", {}),
            "classic_park_byproducts",
            "exchange",
            10,
        ),
        (
            ("material.waste_oil", 10, "t/yr", {}),
            ("material.waste_oil", 100, "t/yr", {"use": "hazardous_waste_treatment"}),
            "classic_park_byproducts",
            "exchange",
            10,
        ),
        (
            ("material.salt", 10, "t/yr", {}),
            ("material.salt", 100, "t/yr", {}),
            "same_material",
            "exchange",
            10,
        ),
        (
            ("water.cooling", 900, "m3/yr", {}),
            ("water.cooling", 500, "m3/yr", {}),
            "same_water",
            "exchange",
            500,
        ),
        # cascade: grey water to floor washing and to a cooling circuit
        (
            ("water.grey", 2000, "m3/yr", {"cod_mg_per_l": 300}),
            (
                "water.potable",
                1500,
                "m3/yr",
                {"use": "floor_washing", "max_cod_mg_per_l": 500},
            ),
            "reuse_water_for_floors_and_cooling",
            "cascade",
            1500,
        ),
        (
            ("water.rain", 800, "m3/yr", {}),
            ("water.cooling", 1500, "m3/yr", {}),
            "reuse_water_for_cooling_water",
            "cascade",
            800,
        ),
        # heat: steam 180 °C to a steam demand 120 → 150 °C (all of it: 180 − 10 ≥ 150)
        (
            (
                "heat.steam",
                500,
                "MWh/yr",
                {"supply_temperature_c": 180, "target_temperature_c": 100},
            ),
            (
                "heat.steam",
                300,
                "MWh/yr",
                {"supply_temperature_c": 120, "target_temperature_c": 150},
            ),
            "steam_exchange",
            "exchange",
            300,
        ),
        (
            (
                "heat.flue_gas",
                500,
                "MWh/yr",
                {"supply_temperature_c": 250, "target_temperature_c": 120},
            ),
            (
                "heat.steam",
                300,
                "MWh/yr",
                {"supply_temperature_c": 100, "target_temperature_c": 180},
            ),
            "heat_recovery_flue_gas_to_steam",
            "heat_recovery",
            300,
        ),
    ],
)
def test_each_rule_finds_its_exchange(
    zone_of, flow, supply, demand, rule_id, kind, quantity
) -> None:
    s_resource, s_quantity, s_unit, s_fields = supply
    d_resource, d_quantity, d_unit, d_fields = demand
    zone = zone_of(
        {"S": 0.0, "R": 0.3},
        [
            flow("FS", "S", "supply", s_resource, s_quantity, s_unit, **s_fields),
            flow("FD", "R", "demand", d_resource, d_quantity, d_unit, **d_fields),
        ],
    )
    table = match(zone).exchanges
    assert table["opportunity_id"].tolist() == ["EX-FS-FD"]
    row = table.iloc[0]
    assert (row["rule_id"], row["kind"]) == (rule_id, kind)
    assert row["quantity_per_yr"] == pytest.approx(quantity)
    assert row["distance_km"] == pytest.approx(0.3, rel=1e-6)


def test_no_rule_means_no_candidate(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.5},
        [
            flow("FS", "S", "supply", "material.cardboard", 30, "t/yr"),
            flow("FD", "R", "demand", "material.eps_boxes", 30, "t/yr"),
            flow("FS2", "S", "supply", "material.fish_waste", 30, "t/yr"),
            flow("FD2", "R", "demand", "material.fish_byproducts", 30, "t/yr"),
        ],
    )
    result = match(zone, MatchConfig(keep_infeasible=True))
    # Category 2 fish waste must not go to feed; cardboard is not polystyrene.
    assert result.exchanges.empty


def test_a_company_does_not_exchange_with_itself(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0},
        [
            flow("FS", "S", "supply", "material.ice", 30, "t/yr"),
            flow("FD", "S", "demand", "material.ice", 30, "t/yr"),
        ],
    )
    assert match(zone).exchanges.empty


def test_rules_can_be_restricted_in_the_config(zone_of, flow) -> None:
    zone = zone_of(
        {"S": 0.0, "R": 0.5},
        [
            flow("FS", "S", "supply", "material.ice", 30, "t/yr"),
            flow("FD", "R", "demand", "material.ice", 30, "t/yr"),
        ],
    )
    assert match(zone, MatchConfig(rules=["same_material"])).exchanges.empty
    assert len(match(zone, MatchConfig(rules=["ice_to_ice_users"])).exchanges) == 1


def test_every_kind_of_candidate_has_the_sentence_explain_opens_with() -> None:
    from symbiosis.catalogue.rules import RULE_KIND_SENTENCES, RULE_KINDS

    assert tuple(RULE_KIND_SENTENCES) == RULE_KINDS
