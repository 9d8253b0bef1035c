"""The exchange graph of a zone and the measures that say which companies hold it together.

Nodes are companies (``node_type="company"``), outside parties (``"outside"``: the sea, the
public water network ...) and pools (``"pool"``: a shared supply, collection or service). Edges
go from supplier to receiver; an exchange's edge key is its ``opportunity_id``, a pool's links to
its members have the pool id as key. Every attribute value is a ``str``, ``bool``, ``int`` or
finite-or-omitted ``float``, so the graph writes to GraphML and GEXF as it is: a missing value is
left out rather than stored as None or NaN.

Glossary
--------
exchange
    A row of ``MatchResult.exchanges`` (feasible ones only) or an exchange row of
    ``Plan.selected``: an exchange, a substitution by an outside party, a cascade or a heat
    recovery.
pool
    A row of ``MatchResult.pools`` or a pool row of ``Plan.selected``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from symbiosis.catalogue import get_resource
from symbiosis.graph.share import ShareMap
from symbiosis.schemas import Zone
from symbiosis.tables import flows_table, join_ids, split_ids

__all__ = [
    "BETWEENNESS_SAMPLES",
    "BETWEENNESS_SEED",
    "EXACT_BETWEENNESS_MAX_NODES",
    "exchange_graph",
    "graph_measures",
    "opportunity_tables",
    "total_attribute",
]

#: Largest view (nodes) whose betweenness :func:`graph_measures` computes exactly. Exact
#: betweenness costs one breadth-first search per node, O(nodes × edges): ~2 s for the plan
#: graph of a 1,000-company region (1,112 nodes), ~9 s at 2,000 nodes, ten minutes at 11,000.
#: A zone studied company by company (a few hundred) stays well below it, hence exact.
EXACT_BETWEENNESS_MAX_NODES = 2000
#: Sources sampled to estimate betweenness above that size (Brandes & Pich, 2007); the cost is
#: one breadth-first search per source, ~60 ms on the 11,000-node plan graph of a
#: 10,000-company region, so 200 sources take ~12 s (500 would take 30 s). On the 1,112-node
#: plan graph of a 1,000-company region, 200 sources found 19 of the 20 nodes of highest exact
#: betweenness (rank correlation 0.97 over the top 50); the error shrinks as 1/sqrt(sources).
BETWEENNESS_SAMPLES = 200
#: Seed of the sampled sources, so the same graph always gives the same estimate.
BETWEENNESS_SEED = 0

# Exchange columns copied onto edges (when present in the table).
_EDGE_COLUMNS = (
    "kind",
    "rule_id",
    "supply_flow_id",
    "demand_flow_id",
    "demand_resource",
    "family",
    "unit",
    "quantity_per_yr",
    "distance_km",
    "transport_mode",
    "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "investment_eur",
    "score",
    "built",
)
_POOL_COLUMNS = (
    "resource",
    "pool_kind",
    "member_count",
    "flow_ids",
    "quantity_per_yr",
    "unit",
    "spread_km",
    "saving_eur_per_yr",
    "investment_eur",
    "co2e_avoided_t_per_yr",
    "score",
    "built",
)
_INTEGER_ATTRIBUTES = frozenset({"member_count"})
# Columns of graph_measures before the input_covered_share_<family> columns.
_MEASURE_COLUMNS = (
    "node_id",
    "node_type",
    "name",
    "in_degree",
    "out_degree",
    "degree",
    "weighted_degree_eur_per_yr",
    "betweenness",
    "articulation_point",
    "group_id",
    "group_size",
)


def total_attribute(direction: str, family: str, unit: str) -> str:
    """Name of a company node's total, e.g. ``demand_water_m3_per_yr``.

    Examples
    --------
    >>> total_attribute("supply", "heat", "MWh/yr")
    'supply_heat_mwh_per_yr'
    """
    return f"{direction}_{family}_{unit.lower().replace('/', '_per_')}"


def opportunity_tables(result_or_plan: Any) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The exchanges and the pools a graph is drawn from.

    Parameters
    ----------
    result_or_plan : MatchResult, Plan or None
        A match result (its feasible exchanges and its pools), a plan (the selected rows, split
        into exchanges and pools) or None (no exchange).

    Returns
    -------
    exchanges, pools : pandas.DataFrame
        Exchanges with the columns of ``MatchResult.exchanges`` that are present; for a plan,
        ``net_saving_eur_per_yr`` is the net benefit at the chosen quantity. Pools with the
        columns of ``MatchResult.pools`` that are present; for a plan, ``pool_id``,
        ``member_ids`` (the receivers) and ``saving_eur_per_yr`` (the net benefit).
    """
    if result_or_plan is None:
        return pd.DataFrame(), pd.DataFrame()
    if hasattr(result_or_plan, "selected"):
        selected = result_or_plan.selected
        is_pool = selected["kind"].eq("pool")
        exchanges = selected.loc[~is_pool].copy()
        if "net_benefit_eur_per_yr" in exchanges.columns:
            exchanges["net_saving_eur_per_yr"] = exchanges["net_benefit_eur_per_yr"]
        pools = selected.loc[is_pool].copy()
        pools["pool_id"] = pools["opportunity_id"]
        if "member_ids" not in pools.columns:
            pools["member_ids"] = pools["receiver_id"]
        if "flow_ids" not in pools.columns:
            pools["flow_ids"] = [
                join_ids(
                    split_ids(row.get("supply_flow_id")) + split_ids(row.get("demand_flow_id"))
                )
                for row in pools.to_dict("records")
            ]
        if "net_benefit_eur_per_yr" in pools.columns:
            pools["saving_eur_per_yr"] = pools["net_benefit_eur_per_yr"]
        return exchanges.reset_index(drop=True), pools.reset_index(drop=True)
    exchanges = result_or_plan.exchanges
    if "feasible" in exchanges.columns:
        exchanges = exchanges.loc[exchanges["feasible"].fillna(False).astype(bool)]
    return exchanges.reset_index(drop=True), result_or_plan.pools.reset_index(drop=True)


def exchange_graph(
    zone: Zone, result_or_plan: Any = None, *, share: bool = False
) -> nx.MultiDiGraph:
    """The exchange graph: companies, outside parties and pools linked by exchanges.

    Parameters
    ----------
    zone : Zone
        The zone the result or plan was computed on.
    result_or_plan : MatchResult, Plan or None
        Feasible candidates of a match result, or the selected rows of a plan; None draws the
        companies and outside parties alone.
    share : bool
        Shareable version (:class:`~symbiosis.graph.share.ShareMap`): company names and ids
        replaced by codes, no confidential flow, exchange or pool.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes sorted by id. A company carries ``node_type="company"``, ``name``,
        ``sector_nace``, ``latitude``, ``longitude`` [degrees], ``archetype``, ``confidential``
        and its totals per family, e.g. ``supply_water_m3_per_yr`` and
        ``demand_heat_mwh_per_yr`` (every family of the zone, 0 when none). An outside party
        carries ``node_type="outside"``, ``name``, ``kind`` and its position when known. A pool
        carries ``node_type="pool"``, ``resource``, ``pool_kind``, ``quantity_per_yr`` and
        ``unit``, ``saving_eur_per_yr`` and its centroid as ``latitude``/``longitude``. Edges
        come sorted by (supplier, receiver, key); an exchange goes supplier → receiver with
        key ``opportunity_id`` and ``resource``, ``kind``, ``quantity_per_yr`` [unit],
        ``unit``, ``distance_km`` [km], ``net_saving_eur_per_yr`` [EUR/yr],
        ``co2e_avoided_t_per_yr`` [tCO2e/yr], ``score`` and the other exchange columns
        present; a pool link goes pool → member for a demand
        and member → pool for a supply, with key the pool id, ``kind="pool_member"`` and the
        member's ``quantity_per_yr``.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> graph = exchange_graph(load_example("toy"))
    >>> list(graph.nodes)
    ['NET', 'SEA', 'T1', 'T2', 'T3', 'T4']
    >>> graph.nodes["T3"]["supply_heat_mwh_per_yr"]
    900.0
    """
    exchanges, pools = opportunity_tables(result_or_plan)
    if share:
        share_map = ShareMap(zone)
        zone = share_map.zone()
        exchanges, pools = share_map.table(exchanges), share_map.table(pools)
    nodes = _company_nodes(zone)
    for party in zone.outside_parties:
        nodes[party.id] = _attributes(
            {
                "node_type": "outside",
                "name": party.name,
                "kind": party.kind,
                "latitude": party.latitude,
                "longitude": party.longitude,
            }
        )
    edges = [_exchange_edge(row) for row in exchanges.to_dict("records")]
    flows = {flow.id: flow for flow in zone.flows}
    for row in pools.to_dict("records"):
        pool_id = str(row["pool_id"])
        members = split_ids(row.get("member_ids"))
        node = {"node_type": "pool", "name": pool_id, **{c: row.get(c) for c in _POOL_COLUMNS}}
        node.update(_centroid(row, [nodes[m] for m in members if m in nodes]))
        nodes[pool_id] = _attributes(node)
        edges += _pool_links(pool_id, row, members, flows)
    for supplier, receiver, _, _ in edges:
        for node_id in (supplier, receiver):
            nodes.setdefault(node_id, {"node_type": "outside", "name": node_id})
    graph = nx.MultiDiGraph(name=zone.name)
    graph.add_nodes_from((node_id, nodes[node_id]) for node_id in sorted(nodes))
    graph.add_edges_from(sorted(edges, key=lambda edge: edge[:3]))
    return graph


def graph_measures(
    graph: nx.MultiDiGraph,
    *,
    include_outside: bool = False,
    exact_max_nodes: int = EXACT_BETWEENNESS_MAX_NODES,
) -> pd.DataFrame:
    """Which nodes hold the network together, its connected groups, and inputs covered.

    Structural measures are computed on the undirected simple view of the graph (one link per
    pair of nodes, whatever the direction and the number of exchanges). By default the view
    leaves out outside parties: the sea supplying two companies does not tie them together.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        From :func:`exchange_graph`.
    include_outside : bool
        Keep outside parties in the view (their betweenness and groups are then computed, and
        what they supply counts as covered).
    exact_max_nodes : int
        Largest view whose betweenness is exact (default
        :data:`EXACT_BETWEENNESS_MAX_NODES`). Above it, betweenness is estimated from
        :data:`BETWEENNESS_SAMPLES` source nodes drawn with seed :data:`BETWEENNESS_SEED`
        (``networkx.betweenness_centrality(k=..., seed=...)``): the same graph gives the same
        estimate, in time linear in the graph instead of quadratic.

    Returns
    -------
    pandas.DataFrame
        One row per node, in the graph's order: ``node_id``, ``node_type``, ``name``,
        ``in_degree``, ``out_degree``, ``degree`` (edges, every exchange counted),
        ``weighted_degree_eur_per_yr`` (sum of the net savings of the node's exchanges)
        [EUR/yr], ``betweenness`` (normalised, 0–1), ``articulation_point`` (removing the node
        splits a group), ``group_id`` (connected group, 1 = largest; NA outside the view),
        ``group_size``, and for each family of demand ``input_covered_share_<family>``: the
        share of the company's demand of that family covered by exchanges coming from nodes in
        the view (pool links do not count: a shared supply still comes from outside), capped
        at 1 (candidates of a match result compete for the same demand); NaN when the company
        demands nothing of that family.

        ``table.attrs["betweenness_sources"]`` is the number of source nodes the betweenness
        was computed from, and ``table.attrs["betweenness_exact"]`` says whether that was every
        node of the view (exact) or a sample (estimate).

    Examples
    --------
    >>> from symbiosis import load_example
    >>> measures = graph_measures(exchange_graph(load_example("toy")))
    >>> measures.loc[measures["node_id"] == "T1", ["degree", "group_id"]].iloc[0].tolist()
    [0, 1]
    """
    in_view = [
        node
        for node, data in graph.nodes(data=True)
        if include_outside or data.get("node_type") != "outside"
    ]
    in_view_set = set(in_view)
    # Built node by node in the graph's order (sorted ids), never from a subgraph view, whose
    # order follows a set and changes between Python processes: betweenness adds up shortest
    # paths in the order of the nodes, and a different order changes its last digits.
    view = nx.Graph()
    view.add_nodes_from(in_view)
    view.add_edges_from((u, v) for u, v in graph.edges() if u in in_view_set and v in in_view_set)
    sources = len(view) if len(view) <= exact_max_nodes else min(BETWEENNESS_SAMPLES, len(view))
    exact = sources == len(view)
    if exact:
        betweenness = nx.betweenness_centrality(view, normalized=True) if len(view) else {}
    else:
        betweenness = nx.betweenness_centrality(
            view, k=sources, normalized=True, seed=BETWEENNESS_SEED
        )
    articulation = set(nx.articulation_points(view))
    components = sorted(nx.connected_components(view), key=lambda group: (-len(group), min(group)))
    group_of = {node: number for number, group in enumerate(components, 1) for node in group}
    size_of = {node: len(group) for group in components for node in group}
    families = sorted(
        {
            name.split("_")[1]
            for _, data in graph.nodes(data=True)
            for name in data
            if name.startswith("demand_")
        }
    )
    rows = []
    for node, data in graph.nodes(data=True):
        incident = [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]
        row: dict[str, Any] = {
            "node_id": node,
            "node_type": data.get("node_type", ""),
            "name": data.get("name", node),
            "in_degree": graph.in_degree(node),
            "out_degree": graph.out_degree(node),
            "degree": graph.degree(node),
            "weighted_degree_eur_per_yr": float(
                sum(edge.get("net_saving_eur_per_yr", 0.0) for _, _, edge in incident)
            ),
            "betweenness": betweenness.get(node, math.nan),
            "articulation_point": node in articulation,
            "group_id": group_of.get(node, pd.NA),
            "group_size": size_of.get(node, pd.NA),
        }
        inflow = _inflow_by_family(graph, node, in_view_set)
        for family in families:
            demand = next(
                (v for k, v in data.items() if k.startswith(f"demand_{family}_")), math.nan
            )
            covered = inflow.get(family, 0.0)
            row[f"input_covered_share_{family}"] = (
                min(1.0, covered / demand) if demand and demand > 0 else math.nan
            )
        rows.append(row)
    # Named columns even without a node: a zone with no company still gets its (empty) table.
    table = pd.DataFrame(rows, columns=[*_MEASURE_COLUMNS] if not rows else None)
    if not table.empty:
        for column in ("group_id", "group_size"):
            table[column] = table[column].astype("Int64")
    table.attrs["betweenness_sources"] = sources
    table.attrs["betweenness_exact"] = exact
    return table


def _company_nodes(zone: Zone) -> dict[str, dict[str, Any]]:
    flows = flows_table(zone)
    # A dict: looking a tuple up in a MultiIndex costs ~40 µs, ten seconds for a region.
    totals = (
        flows.groupby(["company_id", "direction", "family", "canonical_unit"])["quantity_per_yr"]
        .sum()
        .to_dict()
    )
    families = sorted(set(zip(flows["family"], flows["canonical_unit"], strict=True)))
    nodes = {}
    for company in zone.companies:
        node: dict[str, Any] = {
            "node_type": "company",
            "name": company.name,
            "sector_nace": company.sector_nace,
            "latitude": company.latitude,
            "longitude": company.longitude,
            "archetype": company.archetype or "",
            "confidential": company.confidential,
        }
        for direction in ("supply", "demand"):
            for family, unit in families:
                key = (company.id, direction, family, unit)
                node[total_attribute(direction, family, unit)] = float(totals.get(key, 0.0))
        nodes[company.id] = _attributes(node)
    return nodes


def _exchange_edge(row: Mapping[str, Any]) -> tuple[str, str, str, dict[str, Any]]:
    resource = row.get("supply_resource", row.get("resource"))
    attributes = {"resource": resource, **{column: row.get(column) for column in _EDGE_COLUMNS}}
    return (
        str(row["supplier_id"]),
        str(row["receiver_id"]),
        str(row["opportunity_id"]),
        _attributes(attributes),
    )


def _pool_links(
    pool_id: str, row: Mapping[str, Any], members: list[str], flows: Mapping[str, Any]
) -> list[tuple[str, str, str, dict[str, Any]]]:
    """Pool ↔ member edges; quantities from the members' flows when the pool lists them."""
    resource = row.get("resource")
    common = {
        "kind": "pool_member",
        "resource": resource,
        "family": get_resource(resource).family if isinstance(resource, str) else None,
        "unit": row.get("unit"),
    }
    per_link: dict[tuple[str, str], float] = {}
    for flow_id in split_ids(row.get("flow_ids")):
        flow = flows.get(flow_id)
        if flow is None:
            continue
        link = (
            (flow.company_id, pool_id) if flow.direction == "supply" else (pool_id, flow.company_id)
        )
        per_link[link] = per_link.get(link, 0.0) + flow.quantity_per_yr
    linked = {node for link in per_link for node in link}
    collects = row.get("pool_kind") == "joint_collection"
    for member in members:
        if member not in linked:
            per_link[(member, pool_id) if collects else (pool_id, member)] = math.nan
    return [
        (source, target, pool_id, _attributes({**common, "quantity_per_yr": quantity}))
        for (source, target), quantity in per_link.items()
    ]


def _centroid(row: Mapping[str, Any], members: list[Mapping[str, Any]]) -> dict[str, float]:
    latitude, longitude = row.get("centroid_latitude"), row.get("centroid_longitude")
    if _present(latitude) and _present(longitude):
        return {"latitude": float(latitude), "longitude": float(longitude)}  # type: ignore[arg-type]
    placed = [m for m in members if "latitude" in m and "longitude" in m]
    if not placed:
        return {}
    return {
        "latitude": float(np.mean([m["latitude"] for m in placed])),
        "longitude": float(np.mean([m["longitude"] for m in placed])),
    }


def _inflow_by_family(graph: nx.MultiDiGraph, node: str, view: set[str]) -> dict[str, float]:
    inflow: dict[str, float] = {}
    for source, _, edge in graph.in_edges(node, data=True):
        family = edge.get("family")
        if (
            source not in view
            or family is None
            or edge.get("kind") == "pool_member"
            or "quantity_per_yr" not in edge
        ):
            continue
        inflow[family] = inflow.get(family, 0.0) + edge["quantity_per_yr"]
    return inflow


def _present(value: object) -> bool:
    if value is None or value is pd.NA:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _attributes(values: Mapping[str, Any]) -> dict[str, Any]:
    """GraphML-safe attributes: python scalars only, missing values left out."""
    clean: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, np.generic):
            value = value.item()
        if not _present(value):
            continue
        if isinstance(value, bool | str):
            clean[name] = value
        elif isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                continue
            clean[name] = int(value) if name in _INTEGER_ATTRIBUTES else float(value)
        else:
            clean[name] = str(value)
    return clean
