"""exchange_graph and graph_measures against the hand-drawn zone of conftest.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from symbiosis.graph import exchange_graph, graph_measures

POOL = "PO-material.cardboard-01"


def test_nodes_are_sorted_and_typed(zone, result):
    graph = exchange_graph(zone, result)
    assert list(graph.nodes) == [
        "ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "NET", POOL, "SEA",
    ]  # fmt: skip
    types = {node: data["node_type"] for node, data in graph.nodes(data=True)}
    assert types == {
        "ALPHA": "company", "BRAVO": "company", "CHARLIE": "company", "DELTA": "company",
        "ECHO": "company", "NET": "outside", "SEA": "outside", POOL: "pool",
    }  # fmt: skip
    assert graph.nodes["SEA"]["kind"] == "sea"
    assert "latitude" not in graph.nodes["NET"]  # the network has no position: left out


def test_company_totals_per_family(zone, result):
    graph = exchange_graph(zone, result)
    alpha = graph.nodes["ALPHA"]
    assert alpha["name"] == "Aqua Marée SAS"
    assert (alpha["latitude"], alpha["longitude"]) == (50.72, 1.59)
    assert alpha["supply_water_m3_per_yr"] == 2000.0
    assert alpha["supply_material_t_per_yr"] == 30.0
    assert alpha["demand_water_m3_per_yr"] == 0.0
    assert graph.nodes["CHARLIE"]["demand_heat_mwh_per_yr"] == 1000.0
    assert graph.nodes["ECHO"]["confidential"] is True


def test_one_edge_per_feasible_exchange_supplier_to_receiver(zone, result):
    graph = exchange_graph(zone, result)
    edges = {(u, v, key) for u, v, key in graph.edges(keys=True)}
    assert edges == {
        ("ALPHA", "BRAVO", "EX-FA1-FB1"),
        ("BRAVO", "CHARLIE", "HR-FB2-FC1"),
        ("CHARLIE", "DELTA", "EX-FC2-FD1"),
        ("SEA", "ECHO", "SU-SEA-FE1"),
        ("ALPHA", POOL, POOL),  # joint collection: members give to the pool
        ("ECHO", POOL, POOL),
    }  # the infeasible EX-FA1-FE1 is not drawn
    edge = graph.edges["ALPHA", "BRAVO", "EX-FA1-FB1"]
    assert edge["resource"] == "water.grey"
    assert edge["kind"] == "exchange"
    assert (edge["quantity_per_yr"], edge["unit"]) == (1500.0, "m3/yr")
    assert edge["distance_km"] == 0.14
    assert edge["net_saving_eur_per_yr"] == 1200.0
    assert edge["co2e_avoided_t_per_yr"] == 0.5
    assert edge["score"] == 0.8
    assert "supply_flow_id" not in graph.edges["SEA", "ECHO", "SU-SEA-FE1"]  # outside supplier


def test_pool_node_and_member_quantities(zone, result):
    graph = exchange_graph(zone, result)
    pool = graph.nodes[POOL]
    assert pool["node_type"] == "pool"
    assert (pool["latitude"], pool["longitude"]) == (50.7195, 1.589)
    assert pool["member_count"] == 2
    assert graph.edges["ALPHA", POOL, POOL]["quantity_per_yr"] == 30.0
    assert graph.edges["ECHO", POOL, POOL]["quantity_per_yr"] == 20.0


def test_attributes_are_graphml_safe(zone, result, plan):
    for source in (result, plan):
        graph = exchange_graph(zone, source)
        values = [v for _, data in graph.nodes(data=True) for v in data.values()]
        values += [v for _, _, data in graph.edges(data=True) for v in data.values()]
        assert all(type(value) in (str, bool, int, float) for value in values)
        assert not any(isinstance(v, float) and not math.isfinite(v) for v in values)


def test_plan_graph_uses_chosen_quantities_and_net_benefit(zone, plan):
    graph = exchange_graph(zone, plan)
    edge = graph.edges["BRAVO", "CHARLIE", "HR-FB2-FC1"]
    assert edge["net_saving_eur_per_yr"] == 30000.0
    assert edge["built"] is True
    # the plan's pool row names its flows in supply_flow_id: member links are found from them
    assert graph.edges["ALPHA", POOL, POOL]["quantity_per_yr"] == 30.0
    assert graph.nodes[POOL]["saving_eur_per_yr"] == 800.0
    # no centroid in Plan.selected: the mean of the members' positions
    assert graph.nodes[POOL]["latitude"] == pytest.approx((50.72 + 50.719) / 2)


def test_edge_order_does_not_depend_on_row_order(zone, result):
    shuffled = type(result)(result.exchanges.sample(frac=1.0, random_state=3), result.pools)
    first = list(exchange_graph(zone, result).edges(keys=True))
    assert list(exchange_graph(zone, shuffled).edges(keys=True)) == first
    assert first == sorted(first)


def test_measures_find_the_articulation_points_of_the_path(zone, result):
    # Company view: ECHO – pool – ALPHA – BRAVO – CHARLIE – DELTA (the sea is left out).
    measures = graph_measures(exchange_graph(zone, result)).set_index("node_id")
    holders = set(measures.index[measures["articulation_point"]])
    assert holders == {POOL, "ALPHA", "BRAVO", "CHARLIE"}
    # Path of 6 nodes: ALPHA lies between 2 × 3 = 6 of the 10 pairs of other nodes.
    assert measures.loc["ALPHA", "betweenness"] == pytest.approx(0.6)
    assert measures.loc["CHARLIE", "betweenness"] == pytest.approx(0.4)
    assert measures.loc["DELTA", "betweenness"] == 0.0
    assert math.isnan(measures.loc["SEA", "betweenness"])
    assert measures.loc["ALPHA", "group_id"] == 1
    assert measures.loc["ALPHA", "group_size"] == 6
    assert pd.isna(measures.loc["SEA", "group_id"])
    assert measures.loc["BRAVO", "degree"] == 2
    assert measures.loc["BRAVO", "weighted_degree_eur_per_yr"] == 1200.0 + 30000.0


def test_measures_share_of_inputs_covered_by_neighbours(zone, result):
    measures = graph_measures(exchange_graph(zone, result)).set_index("node_id")
    assert measures.loc["CHARLIE", "input_covered_share_heat"] == pytest.approx(900 / 1000)
    assert measures.loc["DELTA", "input_covered_share_material"] == pytest.approx(400 / 20000)
    assert measures.loc["BRAVO", "input_covered_share_water"] == 1.0
    assert measures.loc["ECHO", "input_covered_share_water"] == 0.0  # the sea is not a neighbour
    assert math.isnan(measures.loc["ALPHA", "input_covered_share_water"])  # no water demand


def test_measures_with_outside_parties(zone, result):
    measures = graph_measures(exchange_graph(zone, result), include_outside=True)
    measures = measures.set_index("node_id")
    assert measures.loc["ECHO", "input_covered_share_water"] == 1.0
    assert measures.loc["ECHO", "articulation_point"]  # the sea hangs on it
    assert measures.loc["SEA", "group_id"] == 1


def test_graph_without_exchanges(zone):
    graph = exchange_graph(zone)
    assert graph.number_of_edges() == 0
    measures = graph_measures(graph)
    assert measures["degree"].eq(0).all()
    companies = measures.loc[measures["node_type"] == "company"]
    assert sorted(companies["group_id"]) == [1, 2, 3, 4, 5]  # each company its own group
    assert not measures["articulation_point"].any()


def test_a_zone_without_companies_has_an_empty_measures_table_and_a_report() -> None:
    # The report read measures["node_type"] and stopped on a KeyError for an empty zone.
    from symbiosis import match, optimize
    from symbiosis.reporting import report_html
    from symbiosis.schemas import Zone

    empty = Zone(name="empty")
    measures = graph_measures(exchange_graph(empty))
    assert measures.empty
    assert list(measures.columns)[:3] == ["node_id", "node_type", "name"]
    result = match(empty)
    assert "<h1>Industrial symbiosis in empty</h1>" in report_html(
        empty, result, optimize(empty, result)
    )
