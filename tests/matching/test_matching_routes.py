"""CO2e against the route a waste takes today (issue 12 item 5; catalogue/treatments.yaml).

Companies sit on one meridian (conftest): S at 0 km, R at 1 km (route 1.3 km). 120 t/yr of
used EPS fish boxes go to a recycler R (use recycling). A truck carries 90 m³ × 0.01 t/m³ =
0.9 t of loose boxes: 120 / 0.9 = 133.3 trips of 2 × 1.3 km at 1.01 kgCO2e/km
= 133.33 × 2.6 × 1.01 / 1000 = 0.350133 t CO2e/yr of transport.
Factors (treatments.yaml, plastics): incineration without recovery 3,091 kgCO2e/t (RECORD
07-1017/1A), recycling −921 kgCO2e/t (BIO IS 2006).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import pytest

from symbiosis import Flow, match
from symbiosis.catalogue.treatments import todays_route, treatment_catalogue, waste_families
from symbiosis.io import read_zone
from symbiosis.schemas import Treatment

TRUCK_T = 120 / 0.9 * 2 * 1.3 * 1.01 / 1000


def _boxes(flow: Callable[..., Flow], zone_of: Callable[..., Any], **today: Any) -> tuple[Any, Any]:
    zone = zone_of(
        {"S": 0.0, "R": 1.0},
        [
            flow("BOXES", "S", "supply", "material.eps_boxes", 120, "t/yr", **today),
            flow("LINE", "R", "demand", "material.eps_boxes", 500, "t/yr", use="recycling"),
        ],
    )
    result = match(zone)
    return result, result.exchanges.set_index("opportunity_id").loc["EX-BOXES-LINE"]


def test_boxes_recycled_today_are_not_credited_as_incinerated(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # Recycled today, recycled with the exchange: 120 × (−921 − (−921)) = 0; only the trucks.
    result, row = _boxes(flow, zone_of, current_route="recovery", current_treatment="recycling")
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(-TRUCK_T, rel=1e-6)
    text = result.explain("EX-BOXES-LINE")
    today = "CO2e of the routes: today recycling (material recovery) (-921 kgCO2e/t; BIO IS 2006"
    assert today in text
    assert "assumed" not in text.split("CO2e of the routes")[1].split("Why it can work")[0]


def test_boxes_incinerated_today_are_credited_the_difference_of_the_routes(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # 120 t × (3,091 − (−921)) kgCO2e/t = 481.44 t, less the trucks.
    _, row = _boxes(flow, zone_of, current_route="disposal", current_treatment="incineration")
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(481.44 - TRUCK_T, rel=1e-6)


def test_an_unknown_treatment_takes_the_family_default_and_says_assumed(
    flow: Callable[..., Flow], zone_of: Callable[..., Any]
) -> None:
    # Collected for recovery, treatment not stated: plastics default to recycling (assumed).
    result, row = _boxes(flow, zone_of, current_route="recovery")
    assert row["co2e_avoided_t_per_yr"] == pytest.approx(-TRUCK_T, rel=1e-6)
    assert (
        "today recycling (material recovery) (-921 kgCO2e/t, assumed: its flow does not state "
        "current_treatment"
    ) in result.explain("EX-BOXES-LINE")
    # Disposed of, treatment not stated: plastics default to incineration without recovery.
    found = todays_route("material.eps_boxes", "disposal", None, False)
    assert found is not None
    assert (found.treatment, found.kgco2e_per_unit, found.assumed_route) == (
        "incineration",
        3091.0,
        True,
    )


def test_every_family_factor_is_sourced_and_every_route_is_a_flow_choice() -> None:
    for family in waste_families().values():
        for treatment, factor in family.factors.items():
            assert treatment in treatment_catalogue()
            assert factor.source
    assert tuple(treatment_catalogue()) == get_args(Treatment)


def test_directive_codes_and_french_words_read_as_treatments(tmp_path: Path) -> None:
    folder = tmp_path / "zone"
    folder.mkdir()
    (folder / "companies.csv").write_text(
        "id,name,sector_nace,latitude,longitude\nC1,One,10.20,50.7,1.6\n", encoding="utf-8"
    )
    (folder / "flows.csv").write_text(
        "id,company_id,direction,resource,quantity,unit,traitement actuel\n"
        "F1,C1,supply,material.eps_boxes,10,t/yr,D10\n"
        "F2,C1,supply,material.eps_boxes,10,t/yr,R1\n"
        "F3,C1,supply,material.food_waste,10,t/yr,méthanisation\n"
        "F4,C1,supply,material.cardboard,10,t/yr,enfouissement\n",
        encoding="utf-8",
    )
    treatments = [flow.current_treatment for flow in read_zone(folder).flows]
    assert treatments == [
        "incineration",
        "incineration_energy_recovery",
        "anaerobic_digestion",
        "landfill",
    ]


def test_a_demand_has_no_current_treatment() -> None:
    with pytest.raises(ValueError, match="current_treatment says how a supply is treated today"):
        Flow(
            id="D1",
            company_id="R",
            direction="demand",
            resource="material.eps_boxes",
            quantity=1,
            unit="t/yr",
            current_treatment="recycling",
        )


def test_a_treatment_the_family_does_not_take_is_refused_with_the_routes_it_takes() -> None:
    with pytest.raises(ValueError, match="composting is not a route of plastics, including"):
        Flow(
            id="S1",
            company_id="S",
            direction="supply",
            resource="material.eps_boxes",
            quantity=1,
            unit="t/yr",
            current_treatment="composting",
        )
    with pytest.raises(ValueError, match=r"material\.scrap_metal has no waste family"):
        Flow(
            id="S2",
            company_id="S",
            direction="supply",
            resource="material.scrap_metal",
            quantity=1,
            unit="t/yr",
            current_treatment="recycling",
        )
