"""Inline SVG pictures: well-formed, north up, bands as wide as their quantities."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import networkx as nx
import pytest

from symbiosis.graph import graph_measures
from symbiosis.graph.layout import NETWORK_MAX_NODES, Projection, network_nodes, sankey_panels
from symbiosis.reporting.document import _network
from symbiosis.reporting.svg import map_svg, network_svg, sankey_svg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """West (A) sends water to east (B) and north-east (C); one name is hostile."""
    graph = nx.MultiDiGraph(name="picture")
    graph.add_node("A", node_type="company", name="West <b>", latitude=50.0, longitude=1.0)
    graph.add_node("B", node_type="company", name="East", latitude=50.0, longitude=1.01)
    graph.add_node("C", node_type="company", name="North", latitude=50.01, longitude=1.01)
    graph.add_node("S", node_type="outside", name="Sea", latitude=50.02, longitude=0.99)
    for target, key, quantity in (("B", "X1", 300.0), ("C", "X2", 100.0)):
        graph.add_edge("A", target, key=key, family="water", unit="m3/yr",
                       quantity_per_yr=quantity, resource="water.grey")  # fmt: skip
    return graph


def _marks(svg: str, tag: str) -> dict[str, ElementTree.Element]:
    """Elements of a tag by the text of their <title>."""
    root = ElementTree.fromstring(svg)
    return {element.find(f"{SVG}title").text: element for element in root.iter(f"{SVG}{tag}")}


def test_map_puts_north_up_and_east_right(graph):
    circles = _marks(map_svg(graph), "circle")
    west, east, north = circles["West <b>"], circles["East"], circles["North"]
    assert float(east.get("cx")) > float(west.get("cx"))
    assert float(east.get("cy")) == pytest.approx(float(west.get("cy")))
    assert float(north.get("cy")) < float(east.get("cy"))  # SVG y grows downwards


def test_map_keeps_distances_to_scale(graph):
    circles = _marks(map_svg(graph), "circle")
    west, east, north = circles["West <b>"], circles["East"], circles["North"]
    east_px = float(east.get("cx")) - float(west.get("cx"))
    north_px = float(east.get("cy")) - float(north.get("cy"))
    projection = Projection(latitude0=50.0, longitude0=1.0)
    east_km = projection(50.0, 1.01)[0]
    north_km = projection(50.01, 1.0)[1]
    assert north_px / east_px == pytest.approx(north_km / east_km, rel=0.02)


def test_pictures_are_well_formed_and_escape_names(graph):
    for svg in (map_svg(graph), network_svg(graph), sankey_svg(sankey_panels(graph)[0])):
        ElementTree.fromstring(svg)  # raises on a stray '<' or '&'
        assert "West <b>" not in svg and "West &lt;b&gt;" in svg


def test_sankey_bands_are_proportional_to_quantities(graph):
    svg = sankey_svg(sankey_panels(graph)[0])
    bands = [path.get("d") for path in ElementTree.fromstring(svg).iter(f"{SVG}path")]
    assert len(bands) == 2

    def height(path: str) -> float:
        numbers = [float(n) for n in re.findall(r"-?\d+\.?\d*", path)]
        # M x0,sy0 ... x1,ty0 L x1,ty1 ...: the band's height at the receiver end
        return numbers[9] - numbers[7]

    assert height(bands[0]) / height(bands[1]) == pytest.approx(3.0, rel=0.02)


def test_empty_pictures_say_so():
    graph = nx.MultiDiGraph()
    graph.add_node("A", node_type="company", name="Alone")
    assert "No site has a position" in map_svg(graph)
    assert "network is empty" in network_svg(graph)


def _chain(links: int) -> nx.MultiDiGraph:
    """Companies N000 → N001 → ... ; the saving of a link grows with its number."""
    graph = nx.MultiDiGraph()
    for number in range(links + 1):
        graph.add_node(f"N{number:03d}", node_type="company", name=f"N{number:03d}")
    for number in range(links):
        graph.add_edge(f"N{number:03d}", f"N{number + 1:03d}", key=f"X{number:03d}",
                       family="water", unit="m3/yr", quantity_per_yr=1.0,
                       net_saving_eur_per_yr=float(number))  # fmt: skip
    return graph


def test_large_network_shows_its_most_connected_nodes_only():
    graph = _chain(400)  # 401 linked nodes, more than NETWORK_MAX_NODES
    assert NETWORK_MAX_NODES == 300
    shown = network_nodes(graph)
    # Weighted degree of N{k} is (k - 1) + k, largest at the end of the chain.
    assert shown == [f"N{number:03d}" for number in range(101, 401)]
    svg = network_svg(graph)
    assert svg == network_svg(graph)  # deterministic
    assert len(ElementTree.fromstring(svg).findall(f"{SVG}circle")) == 300
    section = _network(graph, graph_measures(graph))
    assert "Only the 300 most connected of the 401 linked nodes are shown" in section


def test_small_network_shows_every_linked_node():
    graph = _chain(20)
    assert network_nodes(graph) == sorted(graph.nodes)
    assert "most connected" not in _network(graph, graph_measures(graph))
