"""The Dunkerque heavy-industry port sample: the documented exchanges found from profiles alone."""

from __future__ import annotations

import csv
import filecmp
from pathlib import Path

import pandas as pd
import pytest

from symbiosis.cli import main
from symbiosis.io import example_path, load_example
from symbiosis.matching import match

DATA = Path(__file__).resolve().parents[2] / "data" / "dunkerque_sample"


def _documented() -> list[dict[str, str]]:
    with (DATA / "documented_exchanges.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_shipped_copy_is_the_generated_one() -> None:
    for name in ["companies.csv", "flows.csv", "zone.yaml", "README.md", "generate.py"]:
        assert filecmp.cmp(DATA / name, example_path("dunkerque") / name, shallow=False), name


def test_summary() -> None:
    # 8 companies; flows: heat K01-02, K04-01; energy K01-01, K02-01, K05-01, K07-01;
    # material K01-03, K03-01, K05-02, K06-01, K08-01
    assert load_example("dunkerque").summary() == (
        "dunkerque_sample: 8 companies, 11 flows (heat 2, energy 4, material 5), 0 outside parties"
    )


def test_every_documented_exchange_is_in_the_receivers_top_3() -> None:
    exchanges = match(load_example("dunkerque")).exchanges
    feasible = exchanges[exchanges["feasible"].astype(bool)]
    documented = _documented()
    assert len(documented) == 3
    for row in documented:
        for_demand = feasible[feasible["demand_flow_id"] == row["demand_flow_id"]]
        top = for_demand.sort_values("net_saving_eur_per_yr", ascending=False).head(3)
        assert row["supply_flow_id"] in set(top["supply_flow_id"]), row


def test_sinter_heat_covers_the_whole_network() -> None:
    exchanges = match(load_example("dunkerque")).exchanges
    row = exchanges[exchanges["demand_flow_id"] == "K04-01"].iloc[0]
    assert row["rule_id"] == "waste_heat_to_district_heating"
    # 60,000 kW × 5,000 h = 300,000 MWh supplied; 400 °C − ΔTmin ≥ 105 °C: all usable;
    # the network asks 300,000 MWh/yr
    assert row["quantity_per_yr"] == pytest.approx(300000.0)


def test_validate_match_and_report_run_from_the_command_line(tmp_path: Path, capsys) -> None:
    folder = str(example_path("dunkerque"))
    assert main(["validate", folder]) == 0
    assert main(["match", folder]) == 0
    assert "K01-03" in capsys.readouterr().out
    out = tmp_path / "report.html"
    assert main(["report", folder, "-o", str(out)]) == 0
    assert out.stat().st_size > 0


def test_documented_exchanges_name_flows_of_the_zone() -> None:
    flows = pd.read_csv(DATA / "flows.csv")
    ids = set(flows["id"])
    for row in _documented():
        assert {row["supply_flow_id"], row["demand_flow_id"]} <= ids
        assert row["source"]
