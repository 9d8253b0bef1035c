"""Inline SVG pictures of the exchange graph: map of the sites, flow diagram, network.

They need nothing but the standard library: no tiles, no script, no font is fetched, so the
report opens offline. Hovering a mark shows its ``<title>`` (name, quantity).
"""

from __future__ import annotations

import math

import networkx as nx

from symbiosis.display import escape, format_value
from symbiosis.graph.layout import (
    FAMILY_COLOURS,
    NODE_COLOURS,
    SankeyPanel,
    labelled_nodes,
    network_positions,
    site_positions,
)

__all__ = ["map_svg", "network_svg", "sankey_svg"]

_FONT = 'font-family="system-ui,Helvetica,Arial,sans-serif"'
_MAX_LABELS = 25  # more labels than this on a map or network picture become unreadable


def _edge_colour(data: dict[str, object]) -> str:
    if data.get("kind") == "pool_member":
        return NODE_COLOURS["pool"]
    return FAMILY_COLOURS.get(str(data.get("family", "")), "#999999")


def _arrow_markers(prefix: str) -> str:
    colours = sorted({*FAMILY_COLOURS.values(), NODE_COLOURS["pool"], "#999999"})
    return "".join(
        f'<marker id="{prefix}-{colour[1:]}" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="6" markerHeight="6" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        for colour in colours
    )


def _node_mark(node_type: str, x: float, y: float, size: float, title: str, ring: bool) -> str:
    colour = NODE_COLOURS.get(node_type, "#333333")
    stroke = ' stroke="#D55E00" stroke-width="3"' if ring else ' stroke="#fff" stroke-width="1"'
    tip = f"<title>{escape(title)}</title>"
    if node_type == "outside":
        return (
            f'<rect x="{x - size:.1f}" y="{y - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="{colour}"{stroke}>{tip}</rect>'
        )
    if node_type == "pool":
        corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
        points = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in corners)
        return f'<polygon points="{points}" fill="{colour}"{stroke}>{tip}</polygon>'
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{size:.1f}" fill="{colour}"{stroke}>{tip}</circle>'
    )


def _edges_svg(
    graph: nx.MultiDiGraph, place: dict[str, tuple[float, float]], prefix: str
) -> list[str]:
    """Lines with arrows, thicker for larger quantities (relative to the family's largest)."""
    largest: dict[str, float] = {}
    for _, _, data in graph.edges(data=True):
        family = str(data.get("family", ""))
        largest[family] = max(largest.get(family, 0.0), float(data.get("quantity_per_yr", 0.0)))
    marks = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source not in place or target not in place or source == target:
            continue
        (x0, y0), (x1, y1) = place[source], place[target]
        family = str(data.get("family", ""))
        quantity = float(data.get("quantity_per_yr", 0.0))
        width = 1.2 + 4.0 * math.sqrt(quantity / largest[family]) if largest.get(family) else 1.2
        colour = _edge_colour(data)
        pooled = data.get("kind") == "pool_member"
        dash = ' stroke-dasharray="4 3"' if pooled else ""
        if pooled:  # a pool's many thin links must not hide the exchanges
            width = 0.8
        title = (
            f"{graph.nodes[source].get('name', source)} → {graph.nodes[target].get('name', target)}"
            f": {format_value(quantity)} {data.get('unit', '')} {data.get('resource', '')} ({key})"
        )
        marks.append(
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{colour}" '
            f'stroke-width="{width:.1f}" stroke-opacity="{0.35 if pooled else 0.75}"{dash} '
            f'marker-end="url(#{prefix}-{colour[1:]})"><title>{escape(title)}</title></line>'
        )
    return marks


def _nodes_svg(
    graph: nx.MultiDiGraph, place: dict[str, tuple[float, float]], rings: set[str]
) -> list[str]:
    linked = {node for node in place if graph.degree(node) > 0}
    labelled = labelled_nodes(graph, place, most=_MAX_LABELS)
    marks = []
    for node in sorted(place, key=lambda n: (n in linked, n)):
        data = graph.nodes[node]
        x, y = place[node]
        name = str(data.get("name", node))
        size = 6.0 if node in linked else 3.5
        marks.append(_node_mark(str(data.get("node_type", "")), x, y, size, name, node in rings))
        if node in labelled:
            marks.append(
                f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" font-size="11" {_FONT} '
                f'fill="#222">{escape(name)}</text>'
            )
    return marks


def map_svg(graph: nx.MultiDiGraph, *, width: int = 900, height: int = 560) -> str:
    """A map of the sites (north up, equal scale in x and y) with the exchanges drawn.

    Companies are dark dots (small and grey-labelled when they take part in nothing), outside
    parties blue squares, pools green diamonds at their centroid; exchanges are arrows coloured
    by family, pool links dashed. Nodes without a position are left out. A scale bar in km.
    """
    positions = site_positions(graph)
    if not positions:
        return '<p class="note">No site has a position; nothing to map.</p>'
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    margin = 40.0
    span_x, span_y = max(max(xs) - min(xs), 1e-3), max(max(ys) - min(ys), 1e-3)
    scale = min((width - 2 * margin - 120) / span_x, (height - 2 * margin) / span_y)
    scale = min(scale, (width - 2 * margin) / 0.05)  # a lone site: 50 m across the picture
    x_min, y_min = min(xs), min(ys)  # once: inside the loop they made the map quadratic
    place = {
        node: (margin + (x - x_min) * scale, height - margin - (y - y_min) * scale)
        for node, (x, y) in positions.items()
    }
    bar_km = _nice_length((width - 2 * margin) / scale / 5)
    bar_px = bar_km * scale
    scale_bar = (
        f'<g transform="translate({margin:.0f},{height - 15})"><line x1="0" y1="0" '
        f'x2="{bar_px:.1f}" y2="0" stroke="#222" stroke-width="2"/>'
        f'<text x="{bar_px + 6:.1f}" y="4" font-size="11" {_FONT}>'
        f"{format_value(bar_km)} km</text></g>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Map of the sites">'
        f"<defs>{_arrow_markers('map')}</defs>"
        f'<rect width="{width}" height="{height}" fill="#f7fbff"/>'
        + "".join(_edges_svg(graph, place, "map"))
        + "".join(_nodes_svg(graph, place, set()))
        + scale_bar
        + f'<text x="{width - 30}" y="30" font-size="14" {_FONT} text-anchor="middle">N ↑</text>'
        + "</svg>"
    )


def network_svg(
    graph: nx.MultiDiGraph, rings: set[str] | None = None, *, width: int = 900, height: int = 560
) -> str:
    """The exchange network with a force-directed layout; ``rings`` are circled in orange.

    Only nodes with at least one edge are drawn, and of those at most
    :data:`~symbiosis.graph.layout.NETWORK_MAX_NODES`, the most connected
    (:func:`~symbiosis.graph.layout.network_nodes`).
    """
    positions = network_positions(graph)
    if not positions:
        return '<p class="note">No exchange: the network is empty.</p>'
    margin = 50.0
    place = {
        node: (
            margin + (x + 1) / 2 * (width - 2 * margin - 150),
            margin + (1 - y) / 2 * (height - 2 * margin),
        )
        for node, (x, y) in positions.items()
    }
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Exchange network">'
        f"<defs>{_arrow_markers('net')}</defs>"
        + "".join(_edges_svg(graph, place, "net"))
        + "".join(_nodes_svg(graph, place, rings or set()))
        + "</svg>"
    )


def sankey_svg(panel: SankeyPanel, *, width: int = 1000) -> str:
    """One family's flows from suppliers (left) to receivers (right); band width ∝ quantity."""
    rows = max(sum(1 for node in panel.nodes if node.side == side) for side in ("source", "target"))
    height = max(160, 28 * rows + 40)
    top, plot_height = 30.0, height - 40.0
    box = 14.0
    # room for labels such as 'Entrepôts Frigorifiques de la Liane (1,974)' at 11 px
    left, right = 290.0, width - 290.0
    colour = FAMILY_COLOURS.get(panel.family, "#999999")
    marks = [
        f'<text x="{width / 2:.0f}" y="18" font-size="13" {_FONT} text-anchor="middle" '
        f'font-weight="600">{escape(panel.family)}: {format_value(panel.total)} '
        f"{escape(panel.unit)} exchanged</text>"
    ]
    names = {node.node_id: node.label for node in panel.nodes}
    for band in panel.bands:
        x0, x1, middle = left + box, right, (left + box + right) / 2
        sy0, sy1 = top + band.source_y0 * plot_height, top + band.source_y1 * plot_height
        ty0, ty1 = top + band.target_y0 * plot_height, top + band.target_y1 * plot_height
        path = (
            f"M{x0:.1f},{sy0:.1f} C{middle:.1f},{sy0:.1f} {middle:.1f},{ty0:.1f} "
            f"{x1:.1f},{ty0:.1f} L{x1:.1f},{ty1:.1f} C{middle:.1f},{ty1:.1f} "
            f"{middle:.1f},{sy1:.1f} {x0:.1f},{sy1:.1f} Z"
        )
        title = (
            f"{names[band.source]} → {names[band.target]}: {format_value(band.quantity)} "
            f"{panel.unit} {band.resource} ({band.key})"
        )
        marks.append(
            f'<path d="{path}" fill="{colour}" fill-opacity="0.4" stroke="{colour}" '
            f'stroke-opacity="0.6" stroke-width="0.5"><title>{escape(title)}</title></path>'
        )
    for node in panel.nodes:
        x = left if node.side == "source" else right
        y0, y1 = top + node.y0 * plot_height, top + node.y1 * plot_height
        label_x, anchor = (x - 6, "end") if node.side == "source" else (x + box + 6, "start")
        label = f"{node.label} ({format_value(node.quantity)})"
        marks.append(
            f'<rect x="{x:.1f}" y="{y0:.1f}" width="{box:.0f}" height="{max(y1 - y0, 1.0):.1f}" '
            f'fill="{colour}"><title>{escape(label)}</title></rect>'
            f'<text x="{label_x:.1f}" y="{(y0 + y1) / 2 + 4:.1f}" font-size="11" {_FONT} '
            f'text-anchor="{anchor}">{escape(label)}</text>'
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto" role="img" '
        f'aria-label="Flows of {escape(panel.family)}">' + "".join(marks) + "</svg>"
    )


def _nice_length(length: float) -> float:
    """1, 2 or 5 times a power of ten, at most ``length``."""
    if length <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(length))
    return max(step * power for step in (1, 2, 5) if step * power <= length)
