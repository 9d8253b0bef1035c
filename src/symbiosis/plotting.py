"""Figures with matplotlib: map of the sites, flow diagram, network, pinch curves.

matplotlib is an optional extra (``pip install "symbiosis[plot]"``) imported inside each
function, so ``import symbiosis`` stays light. Every function draws on the axes it is given (or
on new ones) and returns them, so figures compose with the rest of a notebook. The layouts are
those of the HTML report (:mod:`symbiosis.graph.layout`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from symbiosis.errors import require
from symbiosis.graph import exchange_graph, graph_measures
from symbiosis.graph.layout import (
    FAMILY_COLOURS,
    NODE_COLOURS,
    labelled_nodes,
    network_positions,
    sankey_panels,
    site_positions,
)
from symbiosis.schemas import Zone

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "plot_composite_curves",
    "plot_grand_composite_curve",
    "plot_network",
    "plot_sankey",
    "plot_sites",
]

_MARKERS = {"company": "o", "outside": "s", "pool": "D"}
_HOT, _COLD = "#D55E00", "#0072B2"


def _new_axes(ax: Axes | None) -> Axes:
    plt = require("matplotlib.pyplot", "plot", "plotting")
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=(8, 6))
    return new


def _draw_graph(
    graph: nx.MultiDiGraph,
    place: dict[str, tuple[float, float]],
    ax: Axes,
    rings: set[str],
    labels: bool,
) -> None:
    largest: dict[str, float] = {}
    for _, _, data in graph.edges(data=True):
        family = str(data.get("family", ""))
        largest[family] = max(largest.get(family, 0.0), float(data.get("quantity_per_yr", 0.0)))
    for source, target, data in graph.edges(data=True):
        if source not in place or target not in place or source == target:
            continue
        family = str(data.get("family", ""))
        pooled = data.get("kind") == "pool_member"
        share = float(data.get("quantity_per_yr", 0.0)) / largest[family] if largest[family] else 0
        ax.annotate(
            "",
            xy=place[target],
            xytext=place[source],
            arrowprops={
                "arrowstyle": "-|>",
                "color": NODE_COLOURS["pool"] if pooled else FAMILY_COLOURS.get(family, "#999"),
                # a pool's many thin links must not hide the exchanges
                "lw": 0.6 if pooled else 0.8 + 3.0 * share**0.5,
                "linestyle": "--" if pooled else "-",
                "alpha": 0.3 if pooled else 0.8,
                "shrinkA": 4,
                "shrinkB": 4,
            },
        )
    for node_type, marker in _MARKERS.items():
        nodes = [n for n in place if graph.nodes[n].get("node_type", "company") == node_type]
        if not nodes:
            continue
        ax.scatter(
            [place[n][0] for n in nodes],
            [place[n][1] for n in nodes],
            marker=marker,
            s=[45 if graph.degree(n) else 15 for n in nodes],
            c=NODE_COLOURS[node_type],
            edgecolors=["#D55E00" if n in rings else "white" for n in nodes],
            linewidths=[2.0 if n in rings else 0.5 for n in nodes],
            zorder=3,
            label=node_type,
        )
    if labels:
        shown = labelled_nodes(graph, place)
        for node, (x, y) in place.items():
            if node in shown:
                ax.annotate(
                    str(graph.nodes[node].get("name", node)),
                    (x, y),
                    xytext=(5, 3),
                    textcoords="offset points",
                    fontsize=8,
                )


def plot_sites(
    zone: Zone, result_or_plan: Any = None, ax: Axes | None = None, *, share: bool = False
) -> Axes:
    """Map of the sites, with the exchanges of a match result or a plan drawn as arrows.

    Parameters
    ----------
    zone : Zone
        The zone.
    result_or_plan : MatchResult, Plan or None
        Whose exchanges to draw (feasible candidates, or the plan); None draws the sites only.
    ax : matplotlib.axes.Axes, optional
        Where to draw; new axes when None.
    share : bool
        Codes instead of names and no confidential flow (see :func:`exchange_graph`).

    Returns
    -------
    matplotlib.axes.Axes
        Axes in kilometres east and north of the sites' mean position, equal scale.
    """
    ax = _new_axes(ax)
    graph = exchange_graph(zone, result_or_plan, share=share)
    _draw_graph(graph, site_positions(graph), ax, set(), labels=True)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_xlabel("east [km]")
    ax.set_ylabel("north [km]")
    ax.set_title(f"Sites of {graph.graph.get('name', '')}")
    ax.legend(loc="best", fontsize=8)
    return ax


def plot_network(graph: nx.MultiDiGraph, ax: Axes | None = None) -> Axes:
    """The exchange network (force-directed layout); nodes that hold it together are ringed.

    Only nodes with at least one edge are drawn, and of those at most
    :data:`~symbiosis.graph.layout.NETWORK_MAX_NODES`, the most connected
    (:func:`~symbiosis.graph.layout.network_nodes`). ``graph`` comes from
    :func:`exchange_graph`.
    """
    ax = _new_axes(ax)
    measures = graph_measures(graph)
    rings = set(measures.loc[measures["articulation_point"], "node_id"]) if len(measures) else set()
    positions = network_positions(graph)
    _draw_graph(graph, positions, ax, rings, labels=True)
    ax.set_axis_off()
    linked = sum(1 for node in graph.nodes if graph.degree(node) > 0)
    if len(positions) < linked:
        ax.set_title(f"Exchange network: the {len(positions):,} most connected of {linked:,} nodes")
    else:
        ax.set_title("Exchange network")
    return ax


def plot_sankey(
    zone: Zone,
    result_or_plan: Any,
    ax: Axes | None = None,
    *,
    family: str | None = None,
    share: bool = False,
) -> Axes:
    """Flow diagram: suppliers left, receivers right, one panel per family stacked downwards.

    Band widths are proportional to the quantity per year within a panel (units differ
    between families, so panels are not on one scale). ``family`` (``"water"``, ``"heat"``
    ...) draws that family only.
    """
    import matplotlib.patches as patches
    from matplotlib.path import Path as CurvePath

    ax = _new_axes(ax)
    graph = exchange_graph(zone, result_or_plan, share=share)
    panels = [p for p in sankey_panels(graph) if family is None or p.family == family]
    left, right, box = 0.0, 1.0, 0.03
    for index, panel in enumerate(panels):
        base = -1.25 * index  # each panel is one unit high, top at `base`
        colour = FAMILY_COLOURS.get(panel.family, "#999999")
        ax.text(
            0.5 + box / 2,
            base + 0.08,
            f"{panel.family} [{panel.unit}]",
            ha="center",
            fontweight="bold",
        )
        for band in panel.bands:
            x0, x1, middle = left + box, right, (left + box + right) / 2
            sy0, sy1 = base - band.source_y0, base - band.source_y1
            ty0, ty1 = base - band.target_y0, base - band.target_y1
            vertices = [
                (x0, sy0),
                (middle, sy0),
                (middle, ty0),
                (x1, ty0),
                (x1, ty1),
                (middle, ty1),
                (middle, sy1),
                (x0, sy1),
                (x0, sy0),
            ]
            codes = [
                CurvePath.MOVETO,
                *[CurvePath.CURVE4] * 3,
                CurvePath.LINETO,
                *[CurvePath.CURVE4] * 3,
                CurvePath.CLOSEPOLY,
            ]
            ax.add_patch(
                patches.PathPatch(
                    CurvePath(vertices, codes),
                    facecolor=colour,
                    alpha=0.4,
                    edgecolor=colour,
                    lw=0.5,
                )
            )
        for node in panel.nodes:
            x = left if node.side == "source" else right
            ax.add_patch(
                patches.Rectangle((x, base - node.y1), box, node.y1 - node.y0, color=colour)
            )
            ax.text(
                x - 0.01 if node.side == "source" else x + box + 0.01,
                base - (node.y0 + node.y1) / 2,
                node.label,
                ha="right" if node.side == "source" else "left",
                va="center",
                fontsize=8,
            )
    ax.set_xlim(-0.45, 1.45 + box)
    ax.set_ylim(-1.25 * max(len(panels), 1) + 0.2, 0.2)
    ax.set_axis_off()
    return ax


def _curves(target: Any, attribute: str) -> pd.DataFrame:
    return target if isinstance(target, pd.DataFrame) else getattr(target, attribute)


def plot_composite_curves(heat_target_result: Any, ax: Axes | None = None) -> Axes:
    """Hot and cold composite curves: temperature [°C] against enthalpy [kW].

    ``heat_target_result`` is a :class:`~symbiosis.targeting.HeatTarget` (or its
    ``composite_curves`` table). The gap at the top is the minimum hot utility, at the bottom
    the minimum cold utility; the closest approach is the pinch.
    """
    ax = _new_axes(ax)
    curves = _curves(heat_target_result, "composite_curves")
    for name, colour in (("hot", _HOT), ("cold", _COLD)):
        curve = curves.loc[curves["curve"] == name].sort_values("temperature_c")
        if len(curve):
            ax.plot(
                curve["enthalpy_kw"],
                curve["temperature_c"],
                color=colour,
                marker=".",
                label=f"{name} composite",
            )
    pinch = getattr(heat_target_result, "pinch_hot_c", None)
    if pinch is not None:
        ax.axhline(
            pinch, color="#777777", linestyle=":", lw=1, label=f"pinch (hot side {pinch:g} °C)"
        )
    ax.set_xlabel("enthalpy [kW]")
    ax.set_ylabel("temperature [°C]")
    ax.set_title("Composite curves")
    ax.legend(fontsize=8)
    return ax


def plot_grand_composite_curve(heat_target_result: Any, ax: Axes | None = None) -> Axes:
    """Grand composite curve: shifted temperature [°C] against net heat flow [kW].

    ``heat_target_result`` is a :class:`~symbiosis.targeting.HeatTarget` (or its
    ``grand_composite_curve`` table). The curve touches zero at the pinch; its top is the
    minimum hot utility and its bottom the minimum cold utility.
    """
    ax = _new_axes(ax)
    curve = _curves(heat_target_result, "grand_composite_curve")
    ax.plot(curve["net_heat_flow_kw"], curve["shifted_temperature_c"], color=_HOT, marker=".")
    ax.axvline(0.0, color="#777777", lw=0.8)
    ax.set_xlabel("net heat flow [kW]")
    ax.set_ylabel("shifted temperature [°C]")
    ax.set_title("Grand composite curve")
    return ax
