"""merge_interviews: interview data replaces a draft's numbers by SIRET and resource."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from symbiosis import Company, Zone, match, read_zone
from symbiosis.errors import InputError
from symbiosis.sources import (
    MergedZone,
    draft_zone,
    merge_interviews,
    read_icpe,
    read_irep,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def merged() -> MergedZone:
    draft = draft_zone(
        "62",
        [
            read_irep(FIXTURES / "irep" / "2024"),
            read_icpe(FIXTURES / "icpe" / "installations_classees.json"),
        ],
    )
    return merge_interviews(draft, read_zone(FIXTURES / "interviews"))


def test_interview_replaces_the_declared_number_of_the_same_resource(merged: MergedZone) -> None:
    changes = merged.changes.set_index(["company_id", "direction", "resource"])
    water = changes.loc[("C01", "demand", "water.potable")]
    # IREP declared 125,000.5 m³ of mains water for 2024; the 2025 bills say 110,000 m³.
    assert (water["action"], water["draft_flow_ids"], water["interview_flow_ids"]) == (
        "replaced", "01234567800010-02", "C01-W1"
    )  # fmt: skip
    assert (water["draft_quantity_per_yr"], water["interview_quantity_per_yr"]) == (
        125000.5, 110000.0
    )  # fmt: skip
    kept = changes.loc[("C01", "supply", "material.fish_byproducts")]
    assert kept["action"] == "kept from draft" and math.isnan(kept["interview_quantity_per_yr"])
    assert changes.loc[("C02", "demand", "material.fish_byproducts"), "action"] == (
        "added from interview"
    )


def test_each_flow_keeps_its_provenance_and_source(merged: MergedZone) -> None:
    flows = {flow.id: flow for flow in merged.zone.flows}
    # 10 draft flows - 1 replaced + 2 interview flows.
    assert len(flows) == 11
    assert "01234567800010-02" not in flows
    assert (flows["C01-W1"].provenance, flows["C01-W1"].source) == ("measured", "water bills 2025")
    assert (flows["C02-M1"].provenance, flows["C02-M1"].source) == ("estimated", "interview")
    fish = flows["01234567800010-04"]
    # The declared flow now belongs to the interviewed company C01, still declared.
    assert (fish.company_id, fish.provenance, fish.source) == (
        "C01", "measured", "IREP 2024 Prod_dechets_non_dangereux.csv"
    )  # fmt: skip


def test_joined_company_keeps_the_interview_and_gains_the_registers(merged: MergedZone) -> None:
    companies = {company.id: company for company in merged.zone.companies}
    assert sorted(companies) == [
        "31234567800014", "41234567800012", "AIOT-0006200003", "C01", "C02"
    ]  # fmt: skip
    cannery = companies["C01"]
    assert (cannery.staff, cannery.siret) == (72, "01234567800010")
    assert cannery.source == "interview; ICPE (installations_classees.json); IREP 2024"


def test_merged_zone_matches_a_declared_supply_with_an_interviewed_demand(
    merged: MergedZone,
) -> None:
    exchanges = match(merged.zone).exchanges
    row = exchanges.set_index("opportunity_id").loc["EX-01234567800010-04-C02-M1"]
    # 4,200.5 t/yr declared by the cannery, of the 6,000 t/yr the pet-food plant buys: 70 %.
    assert row["quantity_per_yr"] == pytest.approx(4200.5)
    assert row["demand_share"] == pytest.approx(4200.5 / 6000)
    # (50.7244, 1.5952) to (50.7190, 1.6010): 0.0054° × 111,195 m = 600.5 m south and
    # 0.0058° × 111,195 m × cos(50.72°) = 408.2 m east; sqrt(600.5² + 408.2²) = 726 m.
    assert row["distance_km"] == pytest.approx(0.726, abs=0.001)


def test_one_siret_for_two_interview_companies_is_an_error() -> None:
    site = {"name": "A", "sector_nace": "10.20", "latitude": 50.7, "longitude": 1.6}
    interviews = Zone(
        name="i",
        companies=(
            Company(id="A1", siret="01234567800010", **site),
            Company(id="A2", siret="01234567800010", **site),
        ),
    )
    with pytest.raises(
        InputError,
        match="companies 'A1' and 'A2' of the interviews both have SIRET 01234567800010",
    ):
        merge_interviews(Zone(name="d"), interviews)
