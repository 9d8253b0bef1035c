"""Write the exchange graph and the tables of a zone for other tools.

GraphML and GEXF open in Gephi, yEd and Cytoscape; node-link JSON feeds web libraries such as
d3; GeoJSON opens in QGIS and web maps; the Excel workbook has one sheet per table, written by
:func:`symbiosis.io.spreadsheet.write_sheets` (text stays text: a company named ``=1+1`` is not a
formula). Every file is written atomically (:func:`symbiosis.io.atomic.write_atomically`): built
in memory, written to a temporary file beside the target, then renamed over it, so a failure
never leaves half a file behind nor spoils the previous one.

Shareable files (codes for names, no confidential flow) come from a graph built with
``exchange_graph(..., share=True)`` and from ``write_workbook(..., share=True)``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from symbiosis.errors import InputError
from symbiosis.graph.build import exchange_graph, graph_measures
from symbiosis.graph.share import ShareMap
from symbiosis.io.atomic import write_atomically
from symbiosis.io.spreadsheet import utf8_bytes, write_sheets, xml_text
from symbiosis.plan_indicators import indicators as plan_indicators
from symbiosis.schemas import Zone
from symbiosis.tables import companies_table, flows_table

__all__ = [
    "GRAPH_FORMATS",
    "geojson",
    "write_geojson",
    "write_gexf",
    "write_graph",
    "write_graphml",
    "write_node_link_json",
    "write_workbook",
]

# Company columns that may identify a company; left out of shareable tables.
_PRIVATE_COMPANY_COLUMNS = ("address", "staff", "notes")
_COORDINATE_DECIMALS = 6  # about 0.1 m


def _xml_safe(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose text XML can hold (:func:`~symbiosis.io.spreadsheet.xml_text`)."""

    def safe(value: Any) -> Any:
        return xml_text(value) if isinstance(value, str) else value

    def attributes(data: dict[str, Any]) -> dict[str, Any]:
        return {safe(name): safe(value) for name, value in data.items()}

    copy = graph.__class__()
    copy.graph.update(attributes(graph.graph))
    copy.add_nodes_from((safe(node), attributes(data)) for node, data in graph.nodes(data=True))
    copy.add_edges_from(
        (safe(source), safe(target), safe(key), attributes(data))
        for source, target, key, data in graph.edges(keys=True, data=True)
    )
    return copy


def write_graphml(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the graph as GraphML (read back with ``networkx.read_graphml``).

    A character XML cannot hold (a control character in a name, say) is written as U+FFFD.
    """
    buffer = io.BytesIO()
    nx.write_graphml(_xml_safe(graph), buffer)
    return write_atomically(Path(path), buffer.getvalue())


def write_gexf(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the graph as GEXF 1.2 for Gephi.

    Nodes are labelled with their name. Edge ids are the opportunity ids (a pool link's id is
    ``<pool id>:<source>:<target>``). A character XML cannot hold is written as U+FFFD.
    """
    labelled = _xml_safe(graph)
    for node, data in labelled.nodes(data=True):
        data["label"] = str(data.get("name", node))
    keys = [key for _, _, key in labelled.edges(keys=True)]
    for source, target, key, data in labelled.edges(keys=True, data=True):
        # GEXF edge ids are unique: a pool's key is shared by its links to each member.
        data["id"] = str(key) if keys.count(key) == 1 else f"{key}:{source}:{target}"
    buffer = io.BytesIO()
    nx.write_gexf(labelled, buffer)
    return write_atomically(Path(path), buffer.getvalue())


def write_node_link_json(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the graph as node-link JSON (``networkx.node_link_data`` with ``edges="edges"``).

    Read it back with ``networkx.node_link_graph(json.load(file), edges="edges")``.
    """
    data = nx.node_link_data(graph, edges="edges")
    return _write_json(data, path)


def geojson(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as a GeoJSON FeatureCollection (RFC 7946, WGS84, ``[longitude, latitude]``).

    Companies, placed outside parties and pools (at their centroid) are Points; exchanges and
    pool links are LineStrings from supplier to receiver. An edge with an end that has no
    position (the public water network, say) is left out. Each feature's properties hold the
    node's or edge's attributes plus ``id`` and ``feature_type`` (``company``, ``outside``,
    ``pool``, ``exchange`` or ``pool_member``); edges add ``source`` and ``target``.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> from symbiosis.graph import exchange_graph
    >>> collection = geojson(exchange_graph(load_example("toy")))
    >>> [feature["properties"]["id"] for feature in collection["features"]][:2]
    ['SEA', 'T1']
    >>> collection["features"][0]["geometry"]
    {'type': 'Point', 'coordinates': [1.585, 50.725]}
    """
    position = {
        node: [
            round(data["longitude"], _COORDINATE_DECIMALS),
            round(data["latitude"], _COORDINATE_DECIMALS),
        ]
        for node, data in graph.nodes(data=True)
        if "latitude" in data and "longitude" in data
    }
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": position[node]},
            "properties": {"id": node, "feature_type": data.get("node_type", ""), **data},
        }
        for node, data in graph.nodes(data=True)
        if node in position
    ]
    features += [
        {
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [position[source], position[target]]},
            "properties": {
                "id": key,
                "feature_type": "pool_member" if data.get("kind") == "pool_member" else "exchange",
                "source": source,
                "target": target,
                **data,
            },
        }
        for source, target, key, data in graph.edges(keys=True, data=True)
        if source in position and target in position
    ]
    return {"type": "FeatureCollection", "name": graph.name, "features": features}


def write_geojson(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write :func:`geojson` of the graph to a ``.geojson`` file."""
    return _write_json(geojson(graph), path)


GRAPH_FORMATS: dict[str, Callable[[nx.MultiDiGraph, str | Path], Path]] = {
    ".graphml": write_graphml,
    ".gexf": write_gexf,
    ".json": write_node_link_json,
    ".geojson": write_geojson,
}


def write_graph(graph: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write the graph in the format named by the file's extension (see ``GRAPH_FORMATS``).

    Raises
    ------
    InputError
        For an extension that is not ``.graphml``, ``.gexf``, ``.json`` or ``.geojson``.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in GRAPH_FORMATS:
        raise InputError(
            f"cannot write a graph to {str(path)!r}: use one of the extensions "
            f"{', '.join(GRAPH_FORMATS)} (or .xlsx for the workbook of tables)"
        )
    return GRAPH_FORMATS[suffix](graph, path)


def write_workbook(
    zone: Zone,
    path: str | Path,
    *,
    result: Any = None,
    plan: Any = None,
    share: bool = False,
) -> Path:
    """Write an Excel workbook with one sheet per table.

    Parameters
    ----------
    zone : Zone
        The zone.
    path : str or Path
        The ``.xlsx`` file to write.
    result : MatchResult, optional
        Adds the sheets ``exchanges`` (every candidate kept by the match) and ``pools``.
    plan : Plan, optional
        Adds the sheets ``plan`` (the selected rows) and ``indicators`` (with ``share``,
        recomputed from the rows left in the shared plan).
    share : bool
        Shareable version (:class:`~symbiosis.graph.ShareMap`): company names and ids replaced
        by codes in every sheet (parameters' sources included), addresses, staff and notes left
        out, confidential sites placed to 0.01° and their sector to the NACE division, and no
        row of any sheet touching a confidential flow.

    Returns
    -------
    Path
        The file written. Sheets, in order: ``companies``, ``flows``, ``exchanges``, ``pools``,
        ``plan``, ``indicators``, ``measures`` (:func:`graph_measures` of the plan's graph, or
        of the result's when there is no plan) and ``parameters`` (the zone's effective
        parameters with unit and source).

    Raises
    ------
    MissingDependencyError
        When openpyxl is not installed.
    """
    return write_sheets(workbook_tables(zone, result=result, plan=plan, share=share), path)


def workbook_tables(
    zone: Zone, *, result: Any = None, plan: Any = None, share: bool = False
) -> dict[str, pd.DataFrame]:
    """The tables of :func:`write_workbook`, by sheet name."""
    share_map = ShareMap(zone) if share else None
    shown_zone = share_map.zone() if share_map else zone
    companies = companies_table(shown_zone)
    if share_map:
        companies = companies.drop(columns=list(_PRIVATE_COMPANY_COLUMNS))
    flows = flows_table(shown_zone)
    flows["monthly_profile"] = flows["monthly_profile"].map(
        lambda profile: ";".join(f"{share:g}" for share in profile) if profile else None
    )
    flows["contaminants_mg_per_l"] = flows["contaminants_mg_per_l"].map(
        lambda found: json.dumps(found, sort_keys=True) if found else None
    )
    sheets = {"companies": companies, "flows": flows}

    def shown(table: pd.DataFrame) -> pd.DataFrame:
        return share_map.table(table) if share_map else table

    if result is not None:
        sheets["exchanges"] = shown(result.exchanges)
        sheets["pools"] = shown(result.pools)
    if plan is not None:
        sheets["plan"] = shown(plan.selected)
        # Shared figures count only the exchanges the shared tables show.
        indicators = plan_indicators(shown_zone, sheets["plan"]) if share_map else plan.indicators
        sheets["indicators"] = pd.DataFrame(
            {"indicator": list(indicators.index), "value": list(indicators.to_numpy())}
        )
    source = plan if plan is not None else result
    if source is not None:
        sheets["measures"] = graph_measures(exchange_graph(zone, source, share=share))
    sheets["parameters"] = pd.DataFrame(
        [
            {"parameter": name, **parameter.model_dump()}
            for name, parameter in shown_zone.effective_parameters().items()
        ],
        columns=["parameter", "value", "unit", "source", "note"],
    )
    return sheets


def _write_json(data: Any, path: str | Path) -> Path:
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    return write_atomically(Path(path), utf8_bytes(text))
