"""Sized estimates from ICPE capacities, and their backtest against IREP declarations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from symbiosis import match
from symbiosis.sources import (
    backtest_ratios,
    draft_zone,
    estimate_flows,
    ratio_table,
    read_icpe,
    read_irep,
)

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registers() -> tuple[object, object]:
    return (
        read_irep(FIXTURES / "irep" / "2024"),
        read_icpe(FIXTURES / "icpe" / "installations_classees.json"),
    )


def test_every_ratio_has_a_source_and_a_range() -> None:
    ratios = ratio_table()
    assert (ratios["low"] <= ratios["high"]).all()
    assert ratios["source"].str.len().gt(20).all() and ratios["year"].gt(1990).all()


def test_only_what_nobody_declared_is_estimated(registers: tuple[object, object]) -> None:
    draft = estimate_flows(draft_zone("62", registers))  # type: ignore[arg-type]
    estimates = draft.estimates.set_index("resource")
    # Only the filleting plant that declares nothing: the cannery declares all three
    # resources, the pet-food plant (10.92) has no ratio.
    assert set(draft.estimates["company_id"]) == {"31234567800014"}
    # 30,000 kg/j = 30 t/day × 250 days/yr (assumed) = 7,500 t/yr of raw fish;
    # water 5-11 m³/t: 37,500 to 82,500 m³/yr, middle 60,000.
    water = estimates.loc["water.potable"]
    assert (water["low_per_yr"], water["high_per_yr"], water["quantity_per_yr"]) == (
        pytest.approx(37500), pytest.approx(82500), pytest.approx(60000)
    )  # fmt: skip
    # By-products 0.49-0.64 t/t: 3,675 to 4,800 t/yr, middle 4,237.5.
    fish = estimates.loc["material.fish_byproducts"]
    assert (fish["low_per_yr"], fish["high_per_yr"]) == (pytest.approx(3675), pytest.approx(4800))
    flows = {flow.id: flow for flow in draft.zone.flows}
    flow = flows[fish["flow_id"]]
    assert (flow.provenance, flow.quantity_per_yr, flow.source_year) == ("estimated", 4237.5, 2000)
    assert flow.notes == (
        "estimated 3,675 to 4,800 t/yr (0.49 to 0.64 t/t x 30 t/day x 250 days/yr, assumed); "
        "the middle is shown"
    )
    # The estimated zone still matches.
    match(draft.zone)


def test_backtest_against_declarations(registers: tuple[object, object]) -> None:
    lines, by_activity = backtest_ratios(*registers)  # type: ignore[arg-type]
    rows = lines.set_index("resource")
    # The cannery: ICPE 2221 150 t/day x 250 days = 37,500 t/yr.
    water = rows.loc["water.potable"]
    # Declared 125,000.5 (mains) + 300,000 (sea) = 425,000.5 m³ (groundwater '< seuil');
    # predicted 5-11 m³/t: 187,500-412,500, middle 300,000: error -29.4 %, outside the range.
    assert water["declared_per_yr"] == 425000.5
    assert water["error"] == pytest.approx((300000 - 425000.5) / 425000.5)
    assert not water["within_range"] and water["partly_below_threshold"]
    # By-products: 0.49-0.64 t/t gives 18,375-24,000 t, middle 21,187.5, against 4,200.5
    # declared: +404 % (a permit's capacity is not the throughput).
    assert rows.loc["material.fish_byproducts", "error"] == pytest.approx(
        (21187.5 - 4200.5) / 4200.5
    )
    assert by_activity["establishments"].tolist() == [1, 1, 1]


def test_backtest_script_prints_its_error_table() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "backtest_ratios.py")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "mean_absolute_error" in run.stdout
    assert "material.fish_byproducts" in run.stdout
