"""share=True: the written files name no company and hold no confidential flow.

Each file is read back as text (the workbook as the XML inside its zip) and searched for every
company name and id, and for the confidential flow FE2 and the pool that contains it.
"""

from __future__ import annotations

import zipfile

import pytest

from symbiosis.graph import (
    ShareMap,
    exchange_graph,
    write_geojson,
    write_gexf,
    write_graphml,
    write_node_link_json,
    write_workbook,
)


def _xlsx_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())


@pytest.mark.parametrize("writer", [write_graphml, write_gexf, write_node_link_json, write_geojson])
@pytest.mark.parametrize("source", ["result", "plan"])
def test_shared_graph_files_leak_nothing(zone, result, plan, secrets, tmp_path, writer, source):
    graph = exchange_graph(zone, {"result": result, "plan": plan}[source], share=True)
    text = writer(graph, tmp_path / "shared.out").read_text(encoding="utf-8")
    assert [secret for secret in secrets if secret in text] == []
    assert "C01" in text and "C05" in text  # the companies are there, as codes


def test_shared_workbook_leaks_nothing(zone, result, plan, secrets, tmp_path):
    path = write_workbook(zone, tmp_path / "shared.xlsx", result=result, plan=plan, share=True)
    text = _xlsx_text(path)
    assert [secret for secret in secrets if secret in text] == []
    assert "C05 (C05)" in text  # the rejection reason naming ECHO is kept, coded


def test_unshared_files_do_name_the_companies(zone, result, secrets, tmp_path):
    # The check above could pass for a writer that drops everything; here it must find them.
    text = write_graphml(exchange_graph(zone, result), tmp_path / "all.graphml").read_text()
    assert all(secret in text for secret in secrets)


def test_shared_graph_keeps_what_is_not_confidential(zone, result):
    graph = exchange_graph(zone, result, share=True)
    assert list(graph.nodes) == ["C01", "C02", "C03", "C04", "C05", "NET", "SEA"]
    assert {key for _, _, key in graph.edges(keys=True)} == {
        "EX-FA1-FB1", "HR-FB2-FC1", "EX-FC2-FD1", "SU-SEA-FE1",
    }  # fmt: skip
    echo = graph.nodes["C05"]
    assert echo["name"] == "C05" and echo["archetype"] == ""  # confidential: no archetype
    assert echo["supply_material_t_per_yr"] == 0.0  # FE2 is not counted either
    assert graph.nodes["C01"]["archetype"] == "filleting plant"
    assert graph.nodes["SEA"]["name"] == "English Channel"  # outside parties keep their names


def test_share_map_codes_names_and_ids_in_text(zone):
    share = ShareMap(zone)
    assert share.codes == {"ALPHA": "C01", "BRAVO": "C02", "CHARLIE": "C03", "DELTA": "C04",
                           "ECHO": "C05"}  # fmt: skip
    text = "Boréal Filets (BRAVO) sends heat to Cryo Froid Nord; BRAVOS and SEA stay."
    assert share.text(text) == "C02 (C02) sends heat to C03; BRAVOS and SEA stay."
    shared = share.zone()
    assert [flow.id for flow in shared.flows if flow.company_id == "C05"] == ["FE1"]
    assert all(flow.description is None for flow in shared.flows)
