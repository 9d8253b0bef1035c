"""The quality-parameter registry (catalogue/quality.yaml) and the rules that name its checks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from symbiosis.catalogue import (
    SubstitutionRule,
    SupplyQuality,
    concentration_parameters,
    get_quality_parameter,
    limit_checked_parameters,
    quality_parameters,
    substitution_rules,
)
from symbiosis.errors import InputError
from symbiosis.matching.checks import CHECK_COLUMNS, limit_check, limit_reason


def test_every_parameter_names_distinct_flow_fields_of_the_flow_model() -> None:
    from symbiosis.schemas import Flow

    for parameter in quality_parameters().values():
        assert parameter.supply_field in Flow.model_fields, parameter.id
        assert parameter.limit_field in Flow.model_fields, parameter.id


def test_check_columns_follow_the_registry_then_the_fixed_checks() -> None:
    limits = [p.check_column for p in limit_checked_parameters()]
    assert list(CHECK_COLUMNS[: len(limits)]) == limits
    assert CHECK_COLUMNS[len(limits) :] == (
        "check_temperature",
        "check_potable",
        "check_use_allowed",
        "check_distance",
        "check_quantity",
    )


def test_salinity_converts_to_mg_per_l_by_a_thousand() -> None:
    # 35 g/L of sea salt is 35,000 mg/L: the factor the water targets use.
    assert concentration_parameters()["salinity"].to_mg_per_l == 1000.0
    assert "temperature" not in concentration_parameters()


def test_unknown_parameter_suggests_the_closest() -> None:
    with pytest.raises(InputError, match="'salinty' is not a quality parameter; did you mean"):
        get_quality_parameter("salinty")


def test_rules_name_their_checks_by_parameter() -> None:
    rules = substitution_rules()
    assert rules["seawater_for_cooling"].quality_checks[:2] == ("salinity", "suspended_solids")
    assert "cod" not in rules["seawater_for_cooling"].quality_checks


def _rule(**conditions: object) -> dict[str, object]:
    return {
        "id": "test_rule",
        "kind": "exchange",
        "supply_resources": ["water.grey"],
        "demand_resources": ["water.cooling"],
        "description_en": "a test",
        "source": "a test",
        **conditions,
    }


def test_a_rule_asking_for_an_unknown_check_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ValidationError, match="'salt' is not a quality parameter compared"):
        SubstitutionRule.model_validate(_rule(quality_checks=["salt"]))
    # The temperature has its own check (the temperature approach), not a limit check.
    with pytest.raises(ValidationError, match="'temperature' is not a quality parameter"):
        SubstitutionRule.model_validate(_rule(quality_checks=["temperature"]))


def test_outside_supply_quality_names_registry_fields() -> None:
    quality = SupplyQuality.model_validate({"cod_mg_per_l": 12.0, "source": "a measure"})
    assert quality.value("cod_mg_per_l") == 12.0
    assert quality.value("salinity_g_per_l") is None
    with pytest.raises(ValidationError, match="'cod_mg_l' is not the supply field"):
        SupplyQuality.model_validate({"cod_mg_l": 12.0, "source": "a measure"})
    with pytest.raises(ValidationError, match=r"cod_mg_per_l is -1\.0; a concentration is 0"):
        SupplyQuality.model_validate({"cod_mg_per_l": -1.0, "source": "a measure"})


def test_at_least_limits_pass_at_or_above_and_word_the_need() -> None:
    # A made-up parameter: a residual of free chlorine of at least 0.5 mg/L.
    parameter = quality_parameters()["cod"].model_copy(
        update={"id": "free_chlorine", "what_en": "free chlorine", "comparison": "at_least"}
    )
    value = pd.Series([0.2, 0.5, np.nan])
    limit = pd.Series([0.5, 0.5, 0.5])
    outcome, unknown = limit_check(
        value.to_numpy(), limit.to_numpy(), np.ones(3, dtype=bool), "at_least"
    )
    assert outcome.as_array().tolist() == [False, True, False]
    assert limit_reason(outcome, unknown, value, limit, parameter).tolist() == [
        "the demand needs at least 0.5 mg/L of free chlorine; the supply gives 0.2 mg/L",
        "",
        "the demand needs at least 0.5 mg/L of free chlorine; the supply's free chlorine is "
        "unknown (quality unknown)",
    ]
