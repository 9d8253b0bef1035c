"""Graph measures do not depend on the process (issue 19, class 16).

Python orders a set of strings by their hash, which changes with PYTHONHASHSEED from one
process to the next. Betweenness adds up shortest paths node by node, so a view of the graph
whose nodes come in set order gives results that differ in the last digits between two runs of
the same command. The measures of one graph are computed in two processes with different seeds
and must be equal to the last bit.
"""

from __future__ import annotations

import os
import subprocess
import sys

_SCRIPT = """
import random
import networkx as nx
from symbiosis.graph import graph_measures

rng = random.Random(7)
graph = nx.MultiDiGraph()
nodes = [f"N{number:03d}" for number in range(60)]
graph.add_nodes_from((node, {"node_type": "company"}) for node in nodes)
graph.add_node("SEA", node_type="outside")  # left out of the view: a subgraph is taken
for _ in range(150):
    graph.add_edge(*rng.sample(nodes, 2), net_saving_eur_per_yr=1.0)
graph.add_edge("SEA", "N000")
measures = graph_measures(graph)
print(repr(measures["betweenness"].tolist()))
print(repr(measures[["node_id", "articulation_point", "group_id"]].to_numpy().tolist()))
"""


def _measures(hash_seed: str) -> str:
    environment = {**os.environ, "PYTHONHASHSEED": hash_seed}
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    )
    return run.stdout


def test_measures_are_equal_across_processes() -> None:
    first, second = _measures("0"), _measures("1")
    assert first.count("\n") == 2 and "N059" in first
    assert first == second
