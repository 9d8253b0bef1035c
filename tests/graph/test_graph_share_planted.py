"""Share mode against a company name planted in every free text of a zone (issue 19, class 1).

The toy zone's company T2 is "Filets Beta". Its name is written into every text the zone
carries (the zone's name and description, the other companies' addresses, notes and
archetypes, every flow's description and notes, the outside parties' names and notes, a
parameter's source and note), once in capitals. T2 is made confidential and placed at
50.721234° N, 1.591234° E. Every file the commands write with ``--share`` is then read as
text (a workbook as the XML inside its zip) and searched for the name, in any case, and for
the six-decimal position.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import networkx as nx
import pytest

from symbiosis import load_example
from symbiosis.cli import main
from symbiosis.graph import ShareMap
from symbiosis.io import write_zone
from symbiosis.schemas import Parameter, Zone

NAME = "Filets Beta"
LATITUDE, LONGITUDE = "50.721234", "1.591234"


def planted_zone() -> Zone:
    toy = load_example("toy")
    planted = f"supplied by {NAME}"
    companies = tuple(
        company.model_copy(
            update={
                "latitude": float(LATITUDE),
                "longitude": float(LONGITUDE),
                "confidential": True,
            }
        )
        if company.id == "T2"
        else company.model_copy(
            update={"address": f"next to {NAME}", "notes": planted, "archetype": f"{NAME} twin"}
        )
        for company in toy.companies
    )
    flows = tuple(
        flow.model_copy(update={"description": f"{flow.description} for {NAME}", "notes": planted})
        for flow in toy.flows
    )
    parties = tuple(
        party.model_copy(update={"name": f"{party.name} of {NAME}", "notes": planted})
        for party in toy.outside_parties
    )
    parameters = {
        "water_pipe_cost_eur_per_m": Parameter(
            value=300.0, unit="EUR/m", source=f"quote from {NAME.upper()}", note=planted
        )
    }
    return toy.model_copy(
        update={
            "name": f"{NAME} and neighbours",
            "description": f"The zone around {NAME}.",
            "companies": companies,
            "flows": flows,
            "outside_parties": parties,
            "parameters": parameters,
        }
    )


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    return path.read_text(encoding="utf-8")


def _commands(zone_path: Path, out: Path) -> list[list[str]]:
    zone = str(zone_path)
    commands = [
        ["graph", zone, "-o", str(out / f"graph{suffix}")]
        for suffix in (".graphml", ".gexf", ".json", ".geojson", ".xlsx")
    ]
    commands += [
        ["graph", zone, "--plan", "-o", str(out / "plan-graph.graphml")],
        ["report", zone, "-o", str(out / "report.html")],
        ["match", zone, "-o", str(out / "exchanges.csv")],
        ["match", zone, "--keep-infeasible", "-o", str(out / "exchanges.xlsx")],
        ["optimize", zone, "-o", str(out / "plan.csv")],
        ["optimize", zone, "-o", str(out / "plan.xlsx")],
    ]
    return commands


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Text of every file written, shared and not, by file name."""
    folder = tmp_path_factory.mktemp("planted")
    zone_path = write_zone(planted_zone(), folder / "zone.json")
    texts: dict[str, dict[str, str]] = {}
    for mode, extra in (("shared", ["--share"]), ("named", [])):
        out = folder / mode
        out.mkdir()
        for command in _commands(zone_path, out):
            assert main([*command, *extra]) == 0, command
        texts[mode] = {path.name: _text(path) for path in sorted(out.iterdir())}
    return texts


def test_every_output_was_written(written: dict[str, dict[str, str]]) -> None:
    assert sorted(written["shared"]) == [
        "exchanges.csv", "exchanges.xlsx", "exchanges_config.json", "exchanges_pools.csv",
        "graph.geojson", "graph.gexf", "graph.graphml", "graph.json", "graph.xlsx",
        "plan-graph.graphml", "plan.csv", "plan.xlsx", "report.html",
    ]  # fmt: skip


def test_shared_outputs_never_name_the_company(written: dict[str, dict[str, str]]) -> None:
    leaks = [name for name, text in written["shared"].items() if NAME.lower() in text.lower()]
    assert leaks == []


def test_shared_outputs_hold_no_exact_position(written: dict[str, dict[str, str]]) -> None:
    leaks = [
        name for name, text in written["shared"].items() if LATITUDE in text or LONGITUDE in text
    ]
    assert leaks == []


def test_the_search_finds_the_name_when_not_shared(written: dict[str, dict[str, str]]) -> None:
    # Without --share the same files do carry the name: the search above can fail. The
    # exchanges carry it in supplier_name / receiver_name (Filets Beta, T2, is in an exchange);
    # the plan (Marée Alpha to Farine Delta only) does not.
    named = [name for name, text in written["named"].items() if NAME.lower() in text.lower()]
    assert named == [
        "exchanges.csv", "exchanges.xlsx",
        "graph.geojson", "graph.gexf", "graph.graphml", "graph.json", "graph.xlsx",
        "plan-graph.graphml", "report.html",
    ]  # fmt: skip
    assert LATITUDE in written["named"]["graph.json"]


def test_shared_graph_codes_the_texts_and_coarsens_the_confidential_company(
    written: dict[str, dict[str, str]],
) -> None:
    data = json.loads(written["shared"]["graph.json"])
    graph = nx.node_link_graph(data, edges="edges")
    assert graph.name == "C02 and neighbours"
    node = graph.nodes["C02"]
    # 50.721234 and 1.591234 to two decimals; the NACE code 10.20 to its division.
    assert (node["latitude"], node["longitude"], node["sector_nace"]) == (50.72, 1.59, "10")
    assert graph.nodes["C01"]["archetype"] == "C02 twin"  # not confidential: kept, coded
    assert graph.nodes["SEA"]["name"] == "English Channel (clean-seawater intake) of C02"
    assert graph.nodes["C04"]["sector_nace"] == "10.20"  # not confidential: kept


def test_share_map_codes_names_in_any_case_and_every_record() -> None:
    share = ShareMap(planted_zone())
    assert share.text("FILETS BETA, filets beta and t2") == "C02, C02 and C02"
    shared = share.zone()
    parameter = shared.parameters["water_pipe_cost_eur_per_m"]
    assert (parameter.source, parameter.note) == ("quote from C02", "supplied by C02")
    assert [party.notes for party in shared.outside_parties] == [None, None]
    assert all(company.address is None and company.notes is None for company in shared.companies)


def test_a_title_given_by_hand_is_coded_too() -> None:
    from symbiosis import match, optimize
    from symbiosis.reporting import report_html

    zone = planted_zone()
    result = match(zone)
    html = report_html(zone, result, optimize(zone, result), share=True, title=f"For {NAME}")
    assert "<title>For C02</title>" in html
    assert NAME.lower() not in html.lower()


def test_the_centroid_of_a_pool_with_a_confidential_member_is_rounded() -> None:
    import pandas as pd

    pools = pd.DataFrame(
        {
            "pool_id": ["PO-1", "PO-2"],
            "member_ids": ["T1;T2", "T1;T3"],  # T2 is confidential in the planted zone
            "centroid_latitude": [50.7205555, 50.7211111],
            "centroid_longitude": [1.5905555, 1.5911111],
        }
    )
    shared = ShareMap(planted_zone()).table(pools)
    assert shared["member_ids"].tolist() == ["C01;C02", "C01;C03"]
    assert shared["centroid_latitude"].tolist() == [50.72, 50.7211111]
    assert shared["centroid_longitude"].tolist() == [1.59, 1.5911111]
