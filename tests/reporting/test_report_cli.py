"""``symbiosis report`` and ``symbiosis graph`` on the toy zone."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from symbiosis.cli import main
from symbiosis.io import example_path

TOY_NAMES = ("Marée Alpha", "Filets Beta", "Froid Gamma", "Farine Delta")


def test_report_command_writes_the_report(tmp_path, capsys):
    out = tmp_path / "report.html"
    assert main(["report", str(example_path("toy")), "-o", str(out)]) == 0
    assert f"report written to {out}" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8")
    assert "Marée Alpha" in text and "What was left out, and why" in text
    assert "SU-SEA-F02" in text  # the command keeps rejected candidates for the report


def test_report_command_share(tmp_path):
    out = tmp_path / "shared.html"
    assert main(["report", str(example_path("toy")), "-o", str(out), "--share"]) == 0
    text = out.read_text(encoding="utf-8")
    assert not [name for name in TOY_NAMES if name in text]


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json", ".geojson"])
def test_graph_command_writes_each_format(tmp_path, capsys, suffix):
    out = tmp_path / f"toy{suffix}"
    assert main(["graph", str(example_path("toy")), "-o", str(out)]) == 0
    assert "nodes" in capsys.readouterr().out
    assert out.stat().st_size > 0


def test_graph_command_plan_only(tmp_path):
    every = tmp_path / "all.graphml"
    plan = tmp_path / "plan.graphml"
    assert main(["graph", str(example_path("toy")), "-o", str(every)]) == 0
    assert main(["graph", str(example_path("toy")), "-o", str(plan), "--plan"]) == 0
    # 5 feasible candidates on the toy zone and the seawater pool's 2 member links; the plan
    # keeps the fish co-products only
    assert nx.read_graphml(every).number_of_edges() == 7
    assert [k for *_, k in nx.read_graphml(plan, force_multigraph=True).edges(keys=True)] == [
        "EX-F03-F09"
    ]


def test_graph_command_workbook_share(tmp_path):
    out = tmp_path / "toy.xlsx"
    assert main(["graph", str(example_path("toy")), "-o", str(out), "--share"]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"companies", "exchanges", "plan", "indicators", "measures"} <= set(sheets)
    assert list(sheets["companies"]["name"]) == ["C01", "C02", "C03", "C04"]


def test_graph_command_refuses_unknown_extension(tmp_path, capsys):
    assert main(["graph", str(example_path("toy")), "-o", str(tmp_path / "toy.dot")]) == 2
    assert ".graphml" in capsys.readouterr().err


def test_geojson_from_command_is_valid(tmp_path):
    out = tmp_path / "toy.geojson"
    assert main(["graph", str(example_path("toy")), "-o", str(out), "--plan"]) == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    lines = [f for f in collection["features"] if f["geometry"]["type"] == "LineString"]
    assert [f["properties"]["id"] for f in lines] == ["EX-F03-F09"]
    # T1 at 50.72 N 1.59 E to T4 at 50.723 N 1.595 E, longitude first
    assert lines[0]["geometry"]["coordinates"] == [[1.59, 50.72], [1.595, 50.723]]
