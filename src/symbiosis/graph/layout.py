"""Where things go on a picture of the exchange graph: map projection, Sankey and network layouts.

Pure geometry, no drawing: the HTML report (inline SVG) and :mod:`symbiosis.plotting`
(matplotlib) draw the same layouts, so a figure in a notebook and in the report agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

__all__ = [
    "FAMILY_COLOURS",
    "NETWORK_MAX_NODES",
    "NODE_COLOURS",
    "Projection",
    "SankeyBand",
    "SankeyNode",
    "SankeyPanel",
    "labelled_nodes",
    "network_nodes",
    "network_positions",
    "sankey_panels",
    "site_positions",
]

#: One colour per resource family (colour-blind safe, Okabe–Ito).
FAMILY_COLOURS: dict[str, str] = {
    "water": "#0072B2",
    "heat": "#D55E00",
    "cold": "#56B4E9",
    "energy": "#E69F00",
    "material": "#8B5A2B",
    "service": "#777777",
}
#: One colour per node type.
NODE_COLOURS: dict[str, str] = {"company": "#333333", "outside": "#0072B2", "pool": "#009E73"}

#: Most nodes a network picture lays out. Force-directed layout costs O(nodes²) per iteration
#: and a picture 900 px wide shows a few hundred nodes at most; above this, only the most
#: connected nodes are laid out (see :func:`network_nodes`).
NETWORK_MAX_NODES = 300

_EARTH_RADIUS_KM = 6371.0088
_SANKEY_GAP = 0.02  # share of a Sankey panel's height between two nodes of a column, at most


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection around a reference point: kilometres east and north.

    Exact enough for a zone a few tens of kilometres wide (the error grows with the square of
    the distance to the reference latitude).

    Examples
    --------
    >>> projection = Projection(latitude0=50.72, longitude0=1.59)
    >>> x_km, y_km = projection(50.73, 1.59)
    >>> round(x_km, 3), round(y_km, 3)
    (0.0, 1.112)
    """

    latitude0: float
    longitude0: float

    def __call__(self, latitude: float, longitude: float) -> tuple[float, float]:
        """Position east and north of the reference point. [km]"""
        scale = math.pi / 180.0 * _EARTH_RADIUS_KM
        x_km = (longitude - self.longitude0) * scale * math.cos(math.radians(self.latitude0))
        return x_km, (latitude - self.latitude0) * scale


def site_positions(graph: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Every node with a latitude and a longitude, projected around their mean. [km]"""
    placed = {
        node: (data["latitude"], data["longitude"])
        for node, data in graph.nodes(data=True)
        if "latitude" in data and "longitude" in data
    }
    if not placed:
        return {}
    projection = Projection(
        latitude0=sum(lat for lat, _ in placed.values()) / len(placed),
        longitude0=sum(lon for _, lon in placed.values()) / len(placed),
    )
    return {node: projection(lat, lon) for node, (lat, lon) in placed.items()}


def labelled_nodes(graph: nx.MultiDiGraph, nodes: Iterable[str], most: int = 25) -> set[str]:
    """The nodes worth a label on a picture: those with edges, the ``most`` busiest if crowded.

    Examples
    --------
    >>> graph = nx.MultiDiGraph([("A", "B"), ("A", "C"), ("D", "E")])
    >>> sorted(labelled_nodes(graph, graph.nodes, most=2))
    ['A', 'B']
    """
    linked = sorted((node for node in nodes if graph.degree(node) > 0), key=str)
    ranked = sorted(linked, key=lambda node: -graph.degree(node))
    return set(ranked[:most])


def network_nodes(graph: nx.MultiDiGraph, most: int = NETWORK_MAX_NODES) -> list[str]:
    """The nodes a network picture shows: those with an edge, the ``most`` most connected if more.

    Nodes rank by weighted degree: the net savings of their exchanges plus, for a pool, its own
    saving [EUR/yr]; then by number of edges, then by id, so the choice is deterministic.

    Returns
    -------
    list of str
        In the graph's order (sorted by id for :func:`~symbiosis.graph.exchange_graph`).

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_edge("A", "B", net_saving_eur_per_yr=5.0)
    0
    >>> graph.add_edge("C", "D", net_saving_eur_per_yr=9.0)
    0
    >>> graph.add_node("E")
    >>> network_nodes(graph), network_nodes(graph, most=2)
    (['A', 'B', 'C', 'D'], ['C', 'D'])
    """
    linked = [node for node in graph.nodes if graph.degree(node) > 0]
    if len(linked) <= most:
        return linked
    saving = {node: float(graph.nodes[node].get("saving_eur_per_yr", 0.0)) for node in linked}
    for source, target, data in graph.edges(data=True):
        value = float(data.get("net_saving_eur_per_yr", 0.0))
        saving[source] += value
        saving[target] += value
    ranked = sorted(linked, key=lambda node: (-saving[node], -graph.degree(node), str(node)))
    chosen = set(ranked[:most])
    return [node for node in linked if node in chosen]


def network_positions(
    graph: nx.MultiDiGraph, seed: int = 7, most: int = NETWORK_MAX_NODES
) -> dict[str, tuple[float, float]]:
    """Force-directed positions of the nodes of :func:`network_nodes`, in [-1, 1].

    Deterministic for a given graph and seed (Fruchterman–Reingold, ``networkx.spring_layout``).
    At most ``most`` nodes are laid out, so the cost stays bounded however large the graph.
    """
    shown = network_nodes(graph, most)
    # Built node by node: a subgraph view of a few nodes iterates in set order, which changes
    # from one Python process to the next and would move the layout.
    simple = nx.Graph()
    simple.add_nodes_from(shown)
    kept = set(shown)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u in kept and v in kept)
    if not len(simple):
        return {}
    if len(simple) == 1:
        return {shown[0]: (0.0, 0.0)}
    # Twice networkx's default spacing: hubs (pools, the sea) otherwise pull everyone together.
    positions = nx.spring_layout(simple, k=2.0 / math.sqrt(len(simple)), seed=seed)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


@dataclass(frozen=True)
class SankeyNode:
    """A box of a Sankey panel; ``y0`` < ``y1`` are shares of the panel height from the top."""

    node_id: str
    label: str
    side: str  # "source" or "target"
    quantity: float
    y0: float
    y1: float


@dataclass(frozen=True)
class SankeyBand:
    """A band from a source box to a target box, with its ends as shares of the panel height."""

    source: str
    target: str
    key: str
    resource: str
    quantity: float
    source_y0: float
    source_y1: float
    target_y0: float
    target_y1: float


@dataclass(frozen=True)
class SankeyPanel:
    """Flows of one family, in its canonical unit."""

    family: str
    unit: str
    total: float
    nodes: list[SankeyNode] = field(default_factory=list)
    bands: list[SankeyBand] = field(default_factory=list)


def sankey_panels(graph: nx.MultiDiGraph) -> list[SankeyPanel]:
    """A two-column Sankey layout per resource family: suppliers left, receivers right.

    Every edge with a family and a positive quantity becomes a band whose height is
    proportional to its quantity; within a panel the scale is the same on both sides. Columns
    are sorted by quantity (largest on top), then id; a company that both gives and receives
    appears in both columns.

    Returns
    -------
    list of SankeyPanel
        One per family, sorted by family name.

    Examples
    --------
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_edge("A", "B", key="X1", family="water", unit="m3/yr", quantity_per_yr=3.0)
    'X1'
    >>> graph.add_edge("A", "C", key="X2", family="water", unit="m3/yr", quantity_per_yr=1.0)
    'X2'
    >>> panel = sankey_panels(graph)[0]
    >>> [(node.node_id, node.side, node.y0, node.y1) for node in panel.nodes][:1]
    [('A', 'source', 0.0, 0.98)]
    """
    by_family: dict[str, list[tuple[str, str, str, dict[str, object]]]] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        quantity = data.get("quantity_per_yr")
        family = data.get("family")
        if isinstance(family, str) and isinstance(quantity, float) and quantity > 0:
            by_family.setdefault(family, []).append((source, target, key, data))
    return [_panel(graph, family, edges) for family, edges in sorted(by_family.items())]


def _panel(
    graph: nx.MultiDiGraph, family: str, edges: list[tuple[str, str, str, dict[str, object]]]
) -> SankeyPanel:
    def quantity(edge: tuple[str, str, str, dict[str, object]]) -> float:
        return float(edge[3]["quantity_per_yr"])  # type: ignore[arg-type]

    total = sum(quantity(edge) for edge in edges)
    sides: dict[str, dict[str, float]] = {"source": {}, "target": {}}
    for edge in edges:
        for side, node in (("source", edge[0]), ("target", edge[1])):
            sides[side][node] = sides[side].get(node, 0.0) + quantity(edge)
    order = {
        side: sorted(totals, key=lambda node: (-totals[node], node))
        for side, totals in sides.items()
    }
    longest = max(len(nodes) for nodes in order.values())
    # Gaps take at most a third of the height, however many nodes a column has.
    gap = min(_SANKEY_GAP, 1.0 / 3.0 / max(longest - 1, 1))
    scale = (1.0 - gap * (longest - 1)) / total
    nodes: list[SankeyNode] = []
    top: dict[tuple[str, str], float] = {}
    for side, members in order.items():
        y = 0.0
        for node in members:
            height = sides[side][node] * scale
            label = str(graph.nodes[node].get("name", node)) if node in graph else node
            nodes.append(SankeyNode(node, label, side, sides[side][node], y, y + height))
            top[(side, node)] = y
            y += height + gap
    rank = {side: {node: i for i, node in enumerate(members)} for side, members in order.items()}
    bands = []
    for edge in sorted(edges, key=lambda e: (rank["source"][e[0]], rank["target"][e[1]], e[2])):
        source, target, key, data = edge
        height = quantity(edge) * scale
        source_y0, target_y0 = top[("source", source)], top[("target", target)]
        top[("source", source)] += height
        top[("target", target)] += height
        bands.append(
            SankeyBand(
                source,
                target,
                key,
                str(data.get("resource", "")),
                quantity(edge),
                source_y0,
                source_y0 + height,
                target_y0,
                target_y0 + height,
            )
        )
    unit = str(edges[0][3].get("unit", ""))
    return SankeyPanel(family=family, unit=unit, total=total, nodes=nodes, bands=bands)
