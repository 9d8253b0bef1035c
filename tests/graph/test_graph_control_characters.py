"""Control characters in names do not stop an export (issue 19, class 6, the writing side).

XML 1.0 cannot hold most control characters, even escaped: openpyxl refuses them and
networkx writes them raw, which makes GraphML and GEXF files no XML parser reads. The readers
refuse them in a zone's files; a zone built by a script can still carry them, and the writers
then put U+FFFD, the replacement character, in their place.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import networkx as nx
import openpyxl
import pytest

from symbiosis import load_example, match, optimize
from symbiosis.graph import (
    exchange_graph,
    write_geojson,
    write_gexf,
    write_graphml,
    write_node_link_json,
    write_workbook,
)
from symbiosis.schemas import Zone

MARKED = "\ufffd"


@pytest.fixture(scope="module")
def zone() -> Zone:
    toy = load_example("toy")
    companies = tuple(
        company.model_copy(update={"name": "Marée\x01Alpha"}) if company.id == "T1" else company
        for company in toy.companies
    )
    parties = tuple(
        party.model_copy(update={"name": "\x1b[31mChannel\x0b\x00"}) if party.id == "SEA" else party
        for party in toy.outside_parties
    )
    return toy.model_copy(
        update={"name": "toy\x07", "companies": companies, "outside_parties": parties}
    )


@pytest.fixture(scope="module")
def graph(zone: Zone) -> nx.MultiDiGraph:
    return exchange_graph(zone, match(zone))


def test_graphml_is_well_formed(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_graphml(graph, tmp_path / "g.graphml")
    ElementTree.parse(path)  # raises on a file that is not XML
    back = nx.read_graphml(path)
    assert back.nodes["T1"]["name"] == f"Marée{MARKED}Alpha"
    assert back.nodes["SEA"]["name"] == f"{MARKED}[31mChannel{MARKED}{MARKED}"
    assert graph.nodes["T1"]["name"] == "Marée\x01Alpha"  # the graph itself is unchanged


def test_gexf_is_well_formed(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = write_gexf(graph, tmp_path / "g.gexf")
    ElementTree.parse(path)
    assert nx.read_gexf(path).nodes["T1"]["label"] == f"Marée{MARKED}Alpha"


def test_json_formats_keep_the_characters(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    # JSON escapes control characters (\u0001): nothing needs replacing.
    data = json.loads(write_node_link_json(graph, tmp_path / "g.json").read_text("utf-8"))
    assert {node["id"]: node["name"] for node in data["nodes"]}["T1"] == "Marée\x01Alpha"
    geo = json.loads(write_geojson(graph, tmp_path / "g.geojson").read_text("utf-8"))
    assert geo["name"] == "toy\x07"


def test_workbooks_are_written(zone: Zone, tmp_path: Path) -> None:
    result = match(zone)
    plan = optimize(zone, result)
    paths = [
        write_workbook(zone, tmp_path / "g.xlsx", result=result, plan=plan),
        *result.write(tmp_path / "m.xlsx"),
        plan.write(tmp_path / "p.xlsx"),
    ]
    book = openpyxl.load_workbook(paths[0])
    names = [row[1] for row in book["companies"].iter_rows(min_row=2, values_only=True)]
    assert names[0] == f"Marée{MARKED}Alpha"
    for path in paths[1:]:
        openpyxl.load_workbook(path)  # opens


def test_a_lone_surrogate_is_written_as_the_replacement_character(
    zone: Zone, tmp_path: Path
) -> None:
    # "\ud800" reaches a zone through a JSON escape; UTF-8 cannot hold it (UnicodeEncodeError).
    from symbiosis.reporting import report

    odd = zone.model_copy(update={"name": "toy\ud800"})
    result = match(odd)
    html = report(odd, result, optimize(odd, result), tmp_path / "r.html").read_text("utf-8")
    assert f"<h1>Industrial symbiosis in toy{MARKED}" in html
    graph = exchange_graph(odd, result)
    data = json.loads(write_node_link_json(graph, tmp_path / "g.json").read_text("utf-8"))
    assert data["graph"]["name"] == f"toy{MARKED}"
    ElementTree.parse(write_graphml(graph, tmp_path / "g.graphml"))
