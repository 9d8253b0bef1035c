"""draft_zone on the synthetic registers: joins, today's routes, what is not joined."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis import match, read_zone, report, write_zone
from symbiosis.errors import InputError
from symbiosis.sources import (
    Area,
    DraftZone,
    draft_zone,
    read_bnpe,
    read_icpe,
    read_irep,
    read_sirene,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def registers() -> list[object]:
    return [
        read_irep(FIXTURES / "irep" / "2024"),
        read_icpe(FIXTURES / "icpe" / "installations_classees.json"),
        read_sirene(
            FIXTURES / "sirene" / "StockEtablissement_extrait.csv",
            FIXTURES / "sirene" / "GeolocalisationEtablissement_extrait.csv",
            departements=["62"],
            activities=["10", "37", "46.38", "52.10"],
        ),
        read_bnpe(FIXTURES / "bnpe" / "export_bnpe.csv"),
    ]


@pytest.fixture(scope="module")
def draft(registers: list[object]) -> DraftZone:
    return draft_zone("62", registers)  # type: ignore[arg-type]


def test_companies_joined_by_siret_and_aiot(draft: DraftZone) -> None:
    companies = {company.id: company for company in draft.zone.companies}
    # 3 IREP establishments + 2 ICPE-only installations (the cold store joined to SIRENE by
    # SIRET) + 1 SIRENE-only wholesaler; the WWTP has no SIRET, so its id is its code AIOT.
    assert sorted(companies) == [
        "01234567800010", "31234567800014", "41234567800012", "52345678900024",
        "79912345600011", "AIOT-0006200003",
    ]  # fmt: skip
    cannery = companies["01234567800010"]
    assert cannery.source == (
        "ICPE (installations_classees.json); IREP 2024; SIRENE (StockEtablissement_extrait.csv)"
    )
    assert cannery.siret == "01234567800010"  # leading zero kept through three registers
    # The cold store is in ICPE (code AIOT 0006200777) and SIRENE, joined by its SIRET.
    assert companies["41234567800012"].source == (
        "ICPE (installations_classees.json); SIRENE (StockEtablissement_extrait.csv)"
    )
    assert "SIRENE staff band 12 (20 to 49 employees)" in (companies["41234567800012"].notes or "")


def test_declared_flows_carry_source_year_and_provenance(draft: DraftZone) -> None:
    flows = {flow.id: flow for flow in draft.zone.flows}
    assert len(flows) == 10
    assert {flow.provenance for flow in flows.values()} == {"measured"}
    assert {flow.source_year for flow in flows.values()} == {2024}
    seawater = flows["01234567800010-01"]
    assert (seawater.resource, seawater.quantity, seawater.current_route) == (
        "water.sea", 300000.0, "own_production"
    )  # fmt: skip
    assert seawater.source == "IREP 2024 Prelevements.csv"
    mains = flows["01234567800010-02"]
    # "125 000,5" m³/yr bought from the network.
    assert (mains.quantity_per_yr, mains.current_partner_id) == (125000.5, "NET")


def test_waste_routes_from_recovery_and_disposal_codes(draft: DraftZone) -> None:
    waste = {(flow.company_id, flow.ewc_code): flow for flow in draft.zone.flows if flow.ewc_code}
    fish = waste[("01234567800010", "02 02 02")]
    assert (fish.resource, fish.quantity_per_yr, fish.current_route, fish.current_partner_id) == (
        "material.fish_byproducts", 4200.5, "recovery", "RECYCLER"
    )  # fmt: skip
    cardboard = waste[("01234567800010", "15 01 01")]
    # D10: incineration on land, a disposal: a lead for recovery.
    assert (cardboard.current_route, cardboard.current_partner_id) == ("disposal", "INCINERATION")
    assert cardboard.disposed_of_today
    assert "a lead for recovery" in (cardboard.notes or "")


def test_nothing_is_dropped_silently(draft: DraftZone) -> None:
    reasons = {(row.key, row.file, row.row): row.reason for row in draft.not_joined.itertuples()}
    assert reasons[("0006200001", "2024/Prelevements.csv", 2)] == (
        "below the reporting threshold (< seuil): ask the company"
    )
    assert reasons[("0006200002", "2024/Prod_dechets_dangereux.csv", 3)] == (
        "List of Waste code 07 07 08* has no resource in the catalogue; add it to the "
        "ewc_codes of a resource in catalogue/resources.yaml"
    )
    # The BNPE industrial borehole is listed with the nearest company, the cannery:
    # (50.7250 - 50.7243)° × 111,195 m/° = 77.8 m north, (1.5960 - 1.5951)° × 111,195 m/° ×
    # cos(50.72°) = 63.4 m east; sqrt(77.8² + 63.4²) = 100.4 m.
    assert reasons[("OPR0000620001", "export_bnpe.csv", 2)] == (
        "BNPE names no SIRET nor operator: tie the work to a company by hand; nearest "
        "company 01234567800010 at 100 m"
    )
    assert len(draft.not_joined) == 5


def test_capacities_of_icpe_headings(draft: DraftZone) -> None:
    towers = draft.capacities[draft.capacities["heading"] == "2921"]
    assert towers[["company_id", "quantity", "unit"]].values.tolist() == [
        ["01234567800010", 3000.0, "kW"],
        ["41234567800012", 800.0, "kW"],
    ]


def test_draft_validates_round_trips_matches_and_reports(draft: DraftZone, tmp_path: Path) -> None:
    write_zone(draft.zone, tmp_path / "draft")
    assert read_zone(tmp_path / "draft") == draft.zone
    result = match(draft.zone)
    assert report(draft.zone, result, None, tmp_path / "draft.html").stat().st_size > 0


def test_areas_box_communes_polygon(registers: list[object]) -> None:
    # A box around the cannery (1.5951 E, 50.7243 N) and the wholesaler (1.5930, 50.7262) only.
    box = draft_zone((1.590, 50.722, 1.597, 50.7265), registers)  # type: ignore[arg-type]
    assert [company.id for company in box.zone.companies] == ["01234567800010", "79912345600011"]
    # The same box as a polygon (a triangle would cut it: the even-odd rule).
    square = [(1.590, 50.722), (1.597, 50.722), (1.597, 50.7265), (1.590, 50.7265)]
    polygon = draft_zone(square, registers)  # type: ignore[arg-type]
    assert polygon.zone.companies == box.zone.companies
    communes = draft_zone(["62160"], registers)  # type: ignore[arg-type]
    assert len(communes.zone.companies) == 6
    elsewhere = draft_zone(Area.departements("59"), registers)  # type: ignore[arg-type]
    assert elsewhere.zone.companies == ()


def test_area_that_cannot_be_read() -> None:
    with pytest.raises(InputError, match=r"a bounding box is \(west, south, east, north\)"):
        Area.bbox(2.0, 50.0, 1.0, 51.0)
    with pytest.raises(InputError, match="is not an area"):
        draft_zone([1, 2], [])
