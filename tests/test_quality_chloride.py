"""Chloride, the first quality parameter added through the registry (catalogue/quality.yaml),
end to end: input columns with French headers, the matcher's check and reason, explain, the
optimiser's blending balance and the zone water target.

The zone: company A's grey water (800 m³/yr, 2,000 h/yr) and company B's cooling water bought
as drinking water (1,000 m³/yr, 2,000 h/yr, at most 300 mg/L of chloride, the limit EVAPCO gives
for a galvanised-steel evaporative condenser), 200 m apart, with a seawater intake between them.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from symbiosis import (
    Company,
    Flow,
    MatchConfig,
    OutsideParty,
    Zone,
    match,
    optimize,
    read_zone,
    write_zone,
)
from symbiosis.io.columns import columns_of
from symbiosis.targeting.zone import zone_water_target


def _zone(grey_chloride_mg_per_l: float) -> Zone:
    def site(company_id: str, north_km: float) -> Company:
        return Company(
            id=company_id,
            name=f"Company {company_id}",
            sector_nace="10.20",
            latitude=50.72 + north_km / 111.19508,
            longitude=1.59,
        )

    return Zone(
        name="chloride",
        companies=(site("A", 0.0), site("B", 0.2)),
        flows=(
            Flow(
                id="G1",
                company_id="A",
                direction="supply",
                resource="water.grey",
                quantity=800,
                unit="m3/yr",
                operating_hours_per_yr=2000,
                chloride_mg_per_l=grey_chloride_mg_per_l,
                provenance="measured",
            ),
            Flow(
                id="D1",
                company_id="B",
                direction="demand",
                resource="water.potable",
                quantity=1000,
                unit="m3/yr",
                operating_hours_per_yr=2000,
                use="cooling",
                max_chloride_mg_per_l=300,
                potable_required=False,
                food_contact=False,
                provenance="measured",
            ),
        ),
        outside_parties=(
            OutsideParty(
                id="SEA",
                name="Channel intake",
                kind="sea",
                latitude=50.72 + 0.1 / 111.19508,
                longitude=1.59,
                supplies=("water.sea",),
            ),
        ),
    )


def _row(exchanges: pd.DataFrame, opportunity_id: str) -> pd.Series:
    return exchanges.set_index("opportunity_id").loc[opportunity_id]


def test_seawater_and_salty_grey_water_fail_the_chloride_limit_with_the_numbers() -> None:
    exchanges = match(_zone(600.0), MatchConfig(keep_infeasible=True)).exchanges
    seawater = _row(exchanges, "SU-SEA-D1")
    assert not seawater["check_chloride"]
    assert seawater["infeasible_reason"] == (
        "the demand tolerates at most 300 mg/L of chloride; the supply carries 19,900 mg/L"
    )
    grey = _row(exchanges, "EX-G1-D1")
    assert not grey["check_chloride"]
    assert grey["infeasible_reason"] == (
        "the demand tolerates at most 300 mg/L of chloride; the supply carries 600 mg/L"
    )
    # No other quality limit is set, so those checks do not apply.
    assert pd.isna(grey["check_salinity"]) and pd.isna(grey["check_cod"])


def test_grey_water_within_the_limit_passes_and_explain_quotes_both_figures() -> None:
    result = match(_zone(150.0))
    assert result.exchanges["opportunity_id"].tolist() == ["EX-G1-D1"]
    assert "chloride (150 mg/L supplied, at most 300 mg/L tolerated)" in result.explain("EX-G1-D1")


def test_blending_takes_only_what_the_chloride_balance_allows() -> None:
    zone = _zone(600.0)
    result = match(zone, MatchConfig(keep_infeasible=True))
    # Without blending the grey water exceeds the limit on its own: nothing is chosen. (The
    # pipe does not pay for 500 m³/yr: the floor on money is lifted to test the balance.)
    alone = optimize(zone, result, objective="freshwater", min_net_benefit_eur_per_yr=None)
    assert alone.indicators["potable_water_substituted_m3_per_yr"] == pytest.approx(0.0)
    # Diluted by the drinking water still bought: q × 600 <= 300 × 1,000, so q <= 500 m³/yr.
    blended = optimize(
        zone, result, objective="freshwater", allow_blending=True, min_net_benefit_eur_per_yr=None
    )
    chosen = blended.selected.set_index("opportunity_id")
    assert chosen.loc["EX-G1-D1", "quantity_per_yr"] == pytest.approx(500.0, rel=1e-6)
    assert blended.indicators["potable_water_substituted_m3_per_yr"] == pytest.approx(500.0)


def test_water_target_with_chloride_as_the_contaminant() -> None:
    # Sink 0.5 t/h at <= 300 mg/L, source 0.4 t/h at 600 mg/L, freshwater at 0 mg/L:
    # 600 x <= 0.5 × 300 gives x <= 0.25 t/h of the source, so 0.25 t/h of freshwater.
    target = zone_water_target(_zone(600.0), contaminant="chloride")
    assert target.freshwater_t_per_h == pytest.approx(0.25)
    assert target.freshwater_without_reuse_t_per_h == pytest.approx(0.5)


def test_chloride_columns_are_read_under_their_french_headers(tmp_path: Path) -> None:
    flows = {column.name: column for column in columns_of("flows")}
    assert flows["chloride_mg_per_l"].french == ("chlorures", "chlorure")
    assert flows["max_chloride_mg_per_l"].demand_only
    zone = _zone(600.0)
    write_zone(zone, tmp_path / "zone")
    path = tmp_path / "zone" / "flows.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("max_chloride_mg_per_l", "chlorures max").replace(
        "chloride_mg_per_l", "chlorures"
    )
    path.write_text(text, encoding="utf-8")
    again = read_zone(tmp_path / "zone")
    by_id = {flow.id: flow for flow in again.flows}
    assert by_id["G1"].chloride_mg_per_l == 600.0
    assert by_id["D1"].max_chloride_mg_per_l == 300.0
