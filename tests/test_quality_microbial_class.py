"""The microbiological class of reused water (catalogue/quality.yaml: microbial_class), an
ordinal quality in the registry: class A to D as the rank 1 to 4, compared at most, worded in
its own sentences.

The zone: a floor-washing demand W (1,000 m³/yr) that accepts class A only, and three treated
effluents 100 m to 300 m away: class A, class C, and one whose class is not stated.
"""

from __future__ import annotations

import pandas as pd
import pytest

from symbiosis import Company, Flow, MatchConfig, Zone, match
from symbiosis.catalogue import get_quality_parameter, get_use


def _zone() -> Zone:
    def site(company_id: str, north_km: float) -> Company:
        return Company(
            id=company_id,
            name=f"Company {company_id}",
            sector_nace="10.20",
            latitude=50.72 + north_km / 111.19508,
            longitude=1.59,
        )

    def treated(flow_id: str, company_id: str, reuse_class: float | None) -> Flow:
        return Flow(
            id=flow_id,
            company_id=company_id,
            direction="supply",
            resource="water.treated",
            quantity=5000,
            unit="m3/yr",
            cod_mg_per_l=30.0,
            suspended_solids_mg_per_l=5.0,
            reuse_class=reuse_class,
        )

    return Zone(
        name="microbial class",
        companies=(site("W", 0.0), site("A", 0.1), site("C", 0.2), site("U", 0.3)),
        flows=(
            Flow(
                id="FLOOR",
                company_id="W",
                direction="demand",
                resource="water.potable",
                quantity=1000,
                unit="m3/yr",
                use="floor_washing",
                max_reuse_class=1,
            ),
            treated("CLASS_A", "A", 1),
            treated("CLASS_C", "C", 3),
            treated("UNKNOWN", "U", None),
        ),
    )


@pytest.fixture(scope="module")
def result():
    return match(_zone(), MatchConfig(keep_infeasible=True))


def _row(result, opportunity_id: str):
    return result.exchanges.set_index("opportunity_id").loc[opportunity_id]


def test_only_class_a_washes_the_floors(result) -> None:
    assert _row(result, "EX-CLASS_A-FLOOR")["feasible"]
    assert _row(result, "EX-CLASS_A-FLOOR")["check_microbial_class"]
    assert _row(result, "EX-CLASS_C-FLOOR")["infeasible_reason"] == (
        "the demand needs reused water of microbiological class 1 or better (1 = A ... 4 = D); "
        "the supply is of class 3"
    )
    assert _row(result, "EX-UNKNOWN-FLOOR")["infeasible_reason"] == (
        "the demand needs reused water of microbiological class 1 or better (1 = A ... 4 = D); "
        "the supply's class is unknown (quality unknown)"
    )


def test_explain_words_the_class_in_its_own_sentence(result) -> None:
    text = result.explain("EX-CLASS_A-FLOOR")
    assert "microbiological class (class 1 supplied, class 1 or better needed; 1 = A" in text


def test_a_class_is_compared_never_blended() -> None:
    parameter = get_quality_parameter("microbial_class")
    assert (parameter.comparison, parameter.to_mg_per_l) == ("at_most", None)
    assert "arrêté of 2 August 2010" in parameter.source
    with pytest.raises(ValueError, match="less than or equal to 4"):
        Flow(
            id="X",
            company_id="W",
            direction="supply",
            resource="water.treated",
            quantity=1,
            unit="m3/yr",
            reuse_class=5,
        )


def test_the_use_states_the_class_it_accepts() -> None:
    # floor_washing accepts class A only (uses.yaml); the demand states no limit of its own.
    zone = _zone()
    floor = zone.flows[0].model_copy(update={"max_reuse_class": None})
    grey = Flow(
        id="GREY",
        company_id="U",
        direction="supply",
        resource="water.grey",
        quantity=5000,
        unit="m3/yr",
        cod_mg_per_l=30.0,
        suspended_solids_mg_per_l=5.0,
    )
    zone = zone.model_copy(update={"flows": (floor, *zone.flows[1:3], grey)})
    rows = match(zone, MatchConfig(keep_infeasible=True)).exchanges.set_index("opportunity_id")
    assert rows.loc["EX-CLASS_A-FLOOR", "feasible"]
    assert rows.loc["EX-CLASS_C-FLOOR", "infeasible_reason"] == (
        "the demand needs reused water of microbiological class 1 or better (1 = A ... 4 = D); "
        "the supply is of class 3"
    )
    # The classes are those of treated wastewater: grey water is not checked against them.
    assert pd.isna(rows.loc["EX-GREY-FLOOR", "check_microbial_class"])
    assert rows.loc["EX-GREY-FLOOR", "feasible"]


def test_uses_that_take_reused_water_state_a_sourced_class() -> None:
    # Every use the reuse rule allows states the worst class it takes, with a source.
    for use_id in ("floor_washing", "cooling", "evaporative_makeup", "equipment_cooling"):
        use = get_use(use_id)
        assert use.quality_limits["max_reuse_class"] in (1, 2)
        assert use.limits_source and "arrêté of 2 August 2010" in use.limits_source
    assert get_use("floor_washing").quality_limits["max_reuse_class"] == 1
