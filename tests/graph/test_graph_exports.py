"""Exports re-read by networkx and pandas, GeoJSON structure, atomic writes."""

from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from symbiosis.errors import InputError
from symbiosis.graph import (
    exchange_graph,
    geojson,
    write_geojson,
    write_gexf,
    write_graph,
    write_graphml,
    write_node_link_json,
    write_workbook,
)

POOL = "PO-material.cardboard-01"


def _edges(graph: nx.MultiDiGraph) -> list[tuple[str, str, str]]:
    return sorted((u, v, str(k)) for u, v, k in graph.edges(keys=True))


def test_graphml_round_trip(zone, result, tmp_path):
    graph = exchange_graph(zone, result)
    path = write_graphml(graph, tmp_path / "zone.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert isinstance(back, nx.MultiDiGraph)
    assert list(back.nodes) == list(graph.nodes)
    assert _edges(back) == _edges(graph)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert back.edges["ALPHA", "BRAVO", "EX-FA1-FB1"] == graph.edges["ALPHA", "BRAVO", "EX-FA1-FB1"]


def test_gexf_round_trip(zone, result, tmp_path):
    graph = exchange_graph(zone, result)
    back = nx.read_gexf(write_gexf(graph, tmp_path / "zone.gexf"))
    assert sorted(back.nodes) == sorted(graph.nodes)
    # no parallel edges here, so networkx reads a DiGraph; the edge ids carry the keys
    assert sorted((u, v, data["id"]) for u, v, data in back.edges(data=True)) == [
        ("ALPHA", "BRAVO", "EX-FA1-FB1"),
        ("ALPHA", POOL, f"{POOL}:ALPHA:{POOL}"),
        ("BRAVO", "CHARLIE", "HR-FB2-FC1"),
        ("CHARLIE", "DELTA", "EX-FC2-FD1"),
        ("ECHO", POOL, f"{POOL}:ECHO:{POOL}"),
        ("SEA", "ECHO", "SU-SEA-FE1"),
    ]
    assert back.nodes["ALPHA"]["label"] == "Aqua Marée SAS"  # Gephi shows the name
    assert back.edges["CHARLIE", "DELTA"]["quantity_per_yr"] == 400.0
    assert "label" not in graph.nodes["ALPHA"]  # the graph given is not changed


def test_node_link_json_round_trip(zone, plan, tmp_path):
    graph = exchange_graph(zone, plan)
    path = write_node_link_json(graph, tmp_path / "zone.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert {"directed", "multigraph", "graph", "nodes", "edges"} <= set(data)
    assert data["directed"] and data["multigraph"]
    assert [node["id"] for node in data["nodes"]] == list(graph.nodes)
    back = nx.node_link_graph(data, edges="edges")
    assert _edges(back) == _edges(graph)
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))


def test_geojson_points_and_lines_in_lon_lat_order(zone, result, tmp_path):
    graph = exchange_graph(zone, result)
    collection = json.loads(write_geojson(graph, tmp_path / "zone.geojson").read_text())
    assert collection["type"] == "FeatureCollection"
    by_id = {
        (f["properties"]["feature_type"], f["properties"]["id"]): f for f in collection["features"]
    }
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] in {"Point", "LineString"}
    alpha = by_id[("company", "ALPHA")]["geometry"]
    assert alpha == {"type": "Point", "coordinates": [1.59, 50.72]}  # [longitude, latitude]
    assert by_id[("pool", POOL)]["geometry"]["coordinates"] == [1.589, 50.7195]  # centroid
    line = by_id[("exchange", "EX-FA1-FB1")]
    assert line["geometry"] == {
        "type": "LineString",
        "coordinates": [[1.59, 50.72], [1.591, 50.721]],
    }
    assert line["properties"]["source"] == "ALPHA" and line["properties"]["target"] == "BRAVO"
    assert ("outside", "NET") not in by_id  # no position, no feature
    assert ("exchange", "SU-SEA-FE1") in by_id  # the sea has a position


def test_geojson_of_graph_without_positions_is_empty():
    graph = nx.MultiDiGraph(name="none")
    graph.add_edge("A", "B", key="X")
    assert geojson(graph) == {"type": "FeatureCollection", "name": "none", "features": []}


def test_workbook_has_one_sheet_per_table(zone, result, plan, tmp_path):
    path = write_workbook(zone, tmp_path / "zone.xlsx", result=result, plan=plan)
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == [
        "companies", "flows", "exchanges", "pools", "plan", "indicators", "measures", "parameters",
    ]  # fmt: skip
    assert sorted(sheets["companies"]["id"]) == ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO"]
    assert len(sheets["exchanges"]) == 5  # infeasible rows too: the workbook has every candidate
    assert (
        sheets["indicators"].set_index("indicator").loc["net_saving_eur_per_yr", "value"] == 54500
    )
    measures = sheets["measures"].set_index("node_id")
    assert bool(measures.loc["ALPHA", "articulation_point"])
    water_pipe = sheets["parameters"].set_index("parameter").loc["water_pipe_cost_eur_per_m"]
    assert water_pipe["unit"] == "EUR/m" and water_pipe["source"]


def test_unknown_extension_is_refused(zone, tmp_path):
    with pytest.raises(InputError, match=r"\.graphml, \.gexf, \.json, \.geojson"):
        write_graph(exchange_graph(zone), tmp_path / "zone.dot")


def test_write_graph_picks_the_format_from_the_extension(zone, result, tmp_path):
    graph = exchange_graph(zone, result)
    assert write_graph(graph, tmp_path / "a.GEXF").read_text().lstrip().startswith("<?xml")
    assert json.loads(write_graph(graph, tmp_path / "a.geojson").read_text())["features"]


def test_failed_export_leaves_previous_file(zone, result, tmp_path, monkeypatch):
    path = tmp_path / "zone.graphml"
    path.write_text("previous")

    def broken(graph, handle):
        handle.write(b"<?xml half")
        raise OSError("disk full")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        write_graphml(exchange_graph(zone, result), path)
    assert path.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["zone.graphml"]
