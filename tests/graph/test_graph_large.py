"""graph_measures above the size where betweenness is exact: sampled, deterministic, same table."""

from __future__ import annotations

import os
import subprocess
import sys

import networkx as nx
import pytest

from symbiosis.graph import graph_measures
from symbiosis.graph.build import BETWEENNESS_SAMPLES, EXACT_BETWEENNESS_MAX_NODES


def _star(leaves: int) -> nx.MultiDiGraph:
    """A pool linked to every company: it lies on the path between every pair of companies."""
    graph = nx.MultiDiGraph()
    graph.add_node("HUB", node_type="pool", name="Hub")
    for number in range(leaves):
        company = f"C{number:04d}"
        graph.add_node(company, node_type="company", name=company)
        graph.add_edge("HUB", company, key="HUB", kind="pool_member")
    return graph


def test_the_defaults_are_documented_values():
    assert EXACT_BETWEENNESS_MAX_NODES == 2000
    assert BETWEENNESS_SAMPLES == 200


def test_sampled_betweenness_of_a_star_is_exact_by_hand():
    # Every shortest path between two leaves goes through the hub, from whichever sampled
    # source: the estimate is 1 for the hub and 0 for a leaf, as the exact value.
    graph = _star(300)
    exact = graph_measures(graph)
    sampled = graph_measures(graph, exact_max_nodes=100)
    assert list(sampled.columns) == list(exact.columns)
    assert exact.attrs == {"betweenness_sources": 301, "betweenness_exact": True}
    assert sampled.attrs == {
        "betweenness_sources": BETWEENNESS_SAMPLES,
        "betweenness_exact": False,
    }
    betweenness = sampled.set_index("node_id")["betweenness"]
    assert betweenness["HUB"] == pytest.approx(1.0)
    assert betweenness.drop("HUB").eq(0.0).all()
    assert sampled.drop(columns="betweenness").equals(exact.drop(columns="betweenness"))


def test_sampled_betweenness_is_close_to_exact_on_a_random_graph():
    simple = nx.barabasi_albert_graph(400, 2, seed=1)
    graph = nx.MultiDiGraph(nx.relabel_nodes(simple, {n: f"N{n:03d}" for n in simple}))
    exact = graph_measures(graph).set_index("node_id")["betweenness"]
    sampled = graph_measures(graph, exact_max_nodes=100).set_index("node_id")["betweenness"]
    again = graph_measures(graph, exact_max_nodes=100).set_index("node_id")["betweenness"]
    assert sampled.equals(again)
    top = exact.nlargest(5).index
    assert sampled[top].to_numpy() == pytest.approx(exact[top].to_numpy(), rel=0.25)


_SCRIPT = """
import networkx as nx
from symbiosis.graph import graph_measures
graph = nx.MultiDiGraph()
graph.add_nodes_from((f"OUT{n:04d}", {"node_type": "outside"}) for n in range(1000))
simple = nx.gnm_random_graph(300, 600, seed=2)
graph.add_edges_from((f"N{u:03d}", f"N{v:03d}") for u, v in simple.edges())
print(graph_measures(graph, exact_max_nodes=100)["betweenness"].round(12).tolist())
"""


def test_sampled_betweenness_is_the_same_in_every_process():
    # The view (300 nodes of 1,300) is a small subgraph, whose nodes a networkx view yields
    # in set order: string hashing differs from one process to the next.
    runs = {
        subprocess.run(
            [sys.executable, "-c", _SCRIPT],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
