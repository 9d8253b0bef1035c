"""Pooling (mutualisation): several companies sharing one supply, one collection or one service.

Three kinds of pool:

``shared_supply``
    The feasible substitutions from one outside party and resource (e.g. every demand that
    clean seawater may serve) share one network and one plant, costed as a project: a pipe
    along the minimum spanning tree of the intake and the members' sites instead of one pipe
    from the intake to each site, and one plant (:mod:`symbiosis.matching.plants`: intake,
    pumping, filtration, disinfection, storage) whose investment follows the six-tenths rule;
    the running cost per unit is the supply's price, not scaled. A company that would lose
    money in the pool is left out (see :func:`_shared_supply`).
``joint_collection``
    Companies within ``pool_radius_km`` of one another (linked in chains) that pay to dispose of
    the same waste share one collection contract.
``shared_service``
    Companies within ``pool_radius_km`` that buy the same service share one contract.

Economy of scale of contracts, exponent ``n``: the zone parameter
``contract_pooling_cost_exponent`` (0.9) for joint collections and shared services, whose cost
is mostly labour and truck trips that scale nearly in proportion (a shared supply's plant
follows ``pooling_cost_exponent``, 0.6, the six-tenths rule of equipment). Each member ``i`` pays
``c_i = p · Q_i`` apart, ``p = Σ c_i / Σ Q_i`` being the members' average unit cost; together they
pay ``p · Q_ref · (Q_total / Q_ref)^n`` with ``Q_ref`` the largest member's quantity. As
``Q_total / Q_ref ≥ 1`` and ``n ≤ 1``, the pooled cost never exceeds ``p · Q_total``, the sum of
the separate costs; ``n = 1`` means no economy of scale.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import breadth_first_order, minimum_spanning_tree
from scipy.spatial import cKDTree

from symbiosis.catalogue import resource_catalogue
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.distance import haversine_km, radius_groups, sphere_points
from symbiosis.matching.economics import Prices, capital_recovery_factor
from symbiosis.matching.inputs import PROVENANCE_CONFIDENCE
from symbiosis.matching.plants import plant_capex_eur, plant_reference
from symbiosis.matching.scoring import saturating

__all__ = ["POOL_COLUMNS", "find_pools", "pooled_cost"]

#: The confidence of an assumed figure: a joint contract's saving is never trusted more.
ASSUMED_CONFIDENCE = PROVENANCE_CONFIDENCE["assumed"]

#: Columns of ``MatchResult.pools`` (docs/tables.md), additions last.
POOL_COLUMNS: tuple[str, ...] = (
    "pool_id",
    "resource",
    "pool_kind",
    "member_ids",
    "flow_ids",
    "member_count",
    "quantity_per_yr",
    "unit",
    "centroid_latitude",
    "centroid_longitude",
    "spread_km",
    "cost_separate_eur_per_yr",
    "cost_pooled_eur_per_yr",
    "saving_eur_per_yr",
    "investment_eur",
    "scaling_rule",
    "co2e_avoided_t_per_yr",
    "score",
    "net_saving_eur_per_yr",
    "network_length_km",
    "opportunity_ids",
    "confidence",
    "supplier_id",
    "assumptions",
    "plant_investment_eur",
    "left_out_member_ids",
)


#: What :func:`_supply_pools` and :func:`_contract_pools` give per pool: the columns of
#: ``MatchResult.pools`` but the id, the saving and the score, which :func:`find_pools` adds.
_DRAFT_COLUMNS: tuple[str, ...] = tuple(
    column for column in POOL_COLUMNS if column not in ("pool_id", "saving_eur_per_yr", "score")
)

#: The text columns of ``MatchResult.pools``; ``member_count`` is an integer, the rest floats.
_TEXT_COLUMNS: tuple[str, ...] = (
    "supplier_id",
    "pool_id",
    "resource",
    "pool_kind",
    "member_ids",
    "flow_ids",
    "unit",
    "scaling_rule",
    "opportunity_ids",
    "assumptions",
    "left_out_member_ids",
)

#: The columns of the exchanges a shared supply reads.
_SUPPLY_POOL_INPUTS = [
    "supplier_id",
    "supply_resource",
    "receiver_id",
    "opportunity_id",
    "demand_flow_id",
    "quantity_per_yr",
    "unit",
    "new_supply_cost_eur_per_yr",
    "annualised_investment_eur_per_yr",
    "transport_cost_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "gross_saving_eur_per_yr",
    "confidence",
]


def pooled_cost(costs: np.ndarray, quantities: np.ndarray, exponent: float) -> float:
    """Cost of serving the members together by the six-tenths rule. [EUR/yr]

    Parameters
    ----------
    costs : array
        What each member pays apart. [EUR/yr]
    quantities : array
        Each member's quantity. [unit]
    exponent : float
        Scaling exponent ``n`` (0.6 by the six-tenths rule). [-]

    Examples
    --------
    Two members of 100 and 300 h/yr at 28 EUR/h pay 11,200 EUR/yr apart; together
    28 × 300 × (400 / 300)^0.6 = 9,983 EUR/yr.

    >>> round(pooled_cost(np.array([2800.0, 8400.0]), np.array([100.0, 300.0]), 0.6))
    9983
    """
    reference = float(np.max(quantities)) if len(quantities) else 0.0
    return _pooled_cost_of_totals(
        float(np.sum(costs)), float(np.sum(quantities)), reference, exponent
    )


def _pooled_cost_of_totals(
    cost_total: float, quantity_total: float, quantity_max: float, exponent: float
) -> float:
    """:func:`pooled_cost` from the members' total cost, total quantity and largest quantity."""
    if quantity_total <= 0 or quantity_max <= 0:
        return cost_total
    unit_cost = cost_total / quantity_total
    return unit_cost * quantity_max * (quantity_total / quantity_max) ** exponent


def _scaling_rule(exponent: float) -> str:
    named = " (six-tenths rule)" if exponent == 0.6 else ""
    return f"cost ∝ quantity^{exponent:g}{named}, Q_ref = largest member"


def _geometry(latitude: np.ndarray, longitude: np.ndarray) -> tuple[float, float, float]:
    centre_lat, centre_lon = float(np.mean(latitude)), float(np.mean(longitude))
    spread = float(np.max(haversine_km(latitude, longitude, centre_lat, centre_lon)))
    return centre_lat, centre_lon, spread


def _sites_of_flows(flows: pd.DataFrame, flow_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Latitude and longitude of each flow's company site. [degrees]

    ``flows`` are sorted by id, as :class:`~symbiosis.matching.inputs.MatchInputs` gives them, so
    each id is found by bisection.
    """
    rows = np.searchsorted(flows["id"].to_numpy(), flow_ids)
    return (
        flows["latitude"].to_numpy(dtype=float)[rows],
        flows["longitude"].to_numpy(dtype=float)[rows],
    )


def _grouped_sums(values: np.ndarray, group: np.ndarray, group_count: int) -> np.ndarray:
    """Sum of each column of ``values`` over the rows of each group, added in row order.

    ``group`` is the number of each row's group, in ``[0, group_count)``. Returns shape
    (group_count, columns).
    """
    return np.column_stack(
        [
            np.bincount(group, weights=values[:, column], minlength=group_count)
            for column in range(values.shape[1])
        ]
    ).reshape(group_count, values.shape[1])


def _supply_pools(
    exchanges: pd.DataFrame,
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    prices: Prices,
    config: MatchConfig,
) -> dict[str, list[Any]]:
    """One shared supply per outside party and resource serving two companies or more.

    Returns the :data:`_DRAFT_COLUMNS`, one entry per pool. There are few (one per outside party
    and resource), so each is worked out on its own.
    """
    drafts = _no_drafts()
    eligible_rows = np.flatnonzero(
        exchanges["feasible"].to_numpy(dtype=bool)
        & exchanges["supplier_is_outside"].to_numpy(dtype=bool)
    )
    if not len(eligible_rows):
        return drafts
    eligible = {
        column: exchanges[column].to_numpy()[eligible_rows] for column in _SUPPLY_POOL_INPUTS
    }
    party_of_row, resource_of_row = eligible["supplier_id"], eligible["supply_resource"]
    keys = zip(party_of_row.tolist(), resource_of_row.tolist(), strict=True)
    for party, resource in sorted(set(keys)):
        rows = np.flatnonzero((party_of_row == party) & (resource_of_row == resource))
        rows = rows[np.argsort(eligible["opportunity_id"][rows], kind="stable")]
        group = {column: values[rows] for column, values in eligible.items()}
        members, first_row, member_of_row = np.unique(
            group["receiver_id"], return_index=True, return_inverse=True
        )
        if len(members) < 2:
            continue
        intake = np.flatnonzero(
            (outside["supplier_id"].to_numpy() == party)
            & (outside["supply_resource"].to_numpy() == resource)
        )[0]
        pool = _shared_supply(
            group,
            members.tolist(),
            member_of_row,
            _sites_of_flows(flows, group["demand_flow_id"][first_row]),
            (float(outside["latitude"].iloc[intake]), float(outside["longitude"].iloc[intake])),
            prices,
            config,
        )
        for column in _DRAFT_COLUMNS:
            drafts[column].append(pool[column])
    return drafts


def _spanning_tree(
    latitude: np.ndarray, longitude: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The minimum spanning tree of the sites, rooted at site 0 (the intake).

    Returns each site's edge towards the root [km] (0 for the root), its parent (−1 for the
    root) and the sites in breadth-first order from the root (parents before children). Up to
    3,000 sites the tree is exact on the complete graph; above, edges come from each site's 30
    nearest neighbours (as :func:`~symbiosis.matching.distance.spanning_tree_km`); a site no
    edge reaches is joined straight to the root.
    """
    count = len(latitude)
    if count < 2:
        return np.zeros(count), np.full(count, -1), np.arange(count)
    if count <= 3000:
        rows, cols = np.triu_indices(count, k=1)
    else:
        points = sphere_points(latitude, longitude)
        _, neighbours = cKDTree(points).query(points, k=31)
        rows = np.repeat(np.arange(count), 30)
        cols = neighbours[:, 1:].ravel()
    weights = haversine_km(latitude[rows], longitude[rows], latitude[cols], longitude[cols])
    # Two sites at one place: a zero edge would vanish from the sparse graph.
    graph = coo_matrix((np.maximum(weights, 1e-12), (rows, cols)), shape=(count, count))
    tree = minimum_spanning_tree(graph)
    tree = (tree + tree.T).tocsr()
    order, parent = breadth_first_order(tree, 0, directed=False, return_predecessors=True)
    parent = np.asarray(parent, dtype=np.intp)
    parent[0] = -1
    unreached = np.setdiff1d(np.arange(1, count), order)
    parent[unreached] = 0
    order = np.r_[order, unreached]
    edges = np.zeros(count)
    child = np.arange(1, count)
    edges[child] = haversine_km(
        latitude[child], longitude[child], latitude[parent[child]], longitude[parent[child]]
    )
    return edges, parent, order


def _pruned_tree(
    own_net: np.ndarray, edge_cost: np.ndarray, parent: np.ndarray, order: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which sites the network reaches and which of them join, on a tree rooted at site 0.

    ``own_net`` is what joining brings each site (its saving minus its connection, running
    cost and share of the plant) and ``edge_cost`` the cost of its edge towards the root, both
    [EUR/yr]. A branch is kept when what its joining sites bring exceeds the cost of its edges;
    a site whose own net is negative does not join, though the main may pass by it towards
    sites beyond. This is the best subtree of the given tree (one pass from the leaves up).

    Returns
    -------
    reached, joins : numpy.ndarray of bool
        Per site: the network reaches it; it joins (a member).
    """
    branch = np.maximum(own_net, 0.0) - edge_cost
    branch[0] = 0.0
    for site in order[::-1]:
        if site != 0 and branch[site] > 0:
            branch[parent[site]] += branch[site]
    reached = np.zeros(len(own_net), dtype=bool)
    reached[0] = True
    for site in order[1:]:
        reached[site] = reached[parent[site]] and branch[site] > 0
    joins = reached & (own_net >= 0)
    joins[0] = False
    return reached, joins


def _shared_supply(
    group: dict[str, np.ndarray],
    members: list[str],
    member_of_row: np.ndarray,
    sites: tuple[np.ndarray, np.ndarray],
    intake: tuple[float, float],
    prices: Prices,
    config: MatchConfig,
) -> dict[str, Any]:
    """One shared supply: the feasible substitutions ``group`` of one party and resource.

    ``group`` holds the :data:`_SUPPLY_POOL_INPUTS` in order of opportunity id; ``members`` are
    the receivers, sorted, and ``member_of_row`` the member of each row. ``sites`` are the
    members' latitudes and longitudes, ``intake`` the party's (NaN when unknown). [degrees]

    The pool is a project: the plant (:func:`plant_capex_eur`, for the members' total
    quantity), the network (the minimum spanning tree of the intake and the members' sites,
    pipe cost × ``route_factor``, plus one connection per member), both annualised with
    ``discount_rate`` over ``pipe_lifetime_yr``, and the running cost of the supply (its price
    per unit, not scaled). Membership, on the spanning tree of the intake and every eligible
    site: each member's own net is what it stops paying less its running cost, its connection
    and its share of the plant (in proportion to its quantity), annualised; a branch of the tree
    is kept when the members beyond it bring more than its edges cost
    (:func:`_pruned_tree`), and a member whose own net is negative stays out (the main may still
    pass by its site). The plant is then sized for the members left, which raises the others'
    share, and the pruning repeats until no member leaves (members only ever leave, so this
    ends, and the result does not depend on their order).
    """
    party, resource = str(group["supplier_id"][0]), str(group["supply_resource"][0])
    lat, lon = sites
    intake_lat, intake_lon = intake
    intake_known = bool(np.isfinite(intake_lat) and np.isfinite(intake_lon))
    family = resource_catalogue()[resource].family
    pipe = prices.parameter(
        "heat_pipe_cost_eur_per_m" if family in ("heat", "cold") else "water_pipe_cost_eur_per_m"
    )
    connection = prices.parameter("connection_fixed_cost_eur")
    exponent = prices.parameter("pooling_cost_exponent")
    crf = capital_recovery_factor(
        prices.parameter("discount_rate"), prices.parameter("pipe_lifetime_yr")
    )
    by_member = _grouped_sums(
        np.column_stack(
            (
                group["quantity_per_yr"],
                np.nan_to_num(group["gross_saving_eur_per_yr"]),
                np.nan_to_num(group["new_supply_cost_eur_per_yr"]),
                np.nan_to_num(group["annualised_investment_eur_per_yr"])
                + np.nan_to_num(group["transport_cost_eur_per_yr"]),
            )
        ),
        member_of_row,
        len(members),
    )
    quantity, gross, running, own_pipes = by_member.T
    # Sites: the intake (0), then the members. Without the intake's position single pipes
    # were costed at 0 km; so is the network.
    if intake_known:
        edges, parent, order = _spanning_tree(np.r_[intake_lat, lat], np.r_[intake_lon, lon])
    else:
        count = len(members) + 1
        edges, parent = np.zeros(count), np.r_[-1, np.zeros(count - 1, dtype=np.intp)]
        order = np.arange(count)
    edge_cost = pipe * 1000.0 * edges * config.route_factor * crf
    joins = np.ones(len(members), dtype=bool)
    while True:
        total = float(quantity[joins].sum())
        plant = plant_capex_eur(resource, total, prices)
        plant_per_unit = plant / total if total > 0 else 0.0
        own_net = gross - running - (connection + plant_per_unit * quantity) * crf
        reached, joined = _pruned_tree(np.r_[0.0, own_net], edge_cost, parent, order)
        # Members only leave (each departure raises the others' share of the plant).
        now = joins & joined[1:]
        if not now.any() or (now == joins).all():
            break
        joins = now
    if not now.any():
        # Nobody gains: the pool of every eligible member, shown losing money.
        reached = np.ones(len(members) + 1, dtype=bool)
        joins = np.ones(len(members), dtype=bool)
        total = float(quantity.sum())
        plant = plant_capex_eur(resource, total, prices)
    keep = joins
    kept = np.flatnonzero(keep)
    length = float(edges[1:][reached[1:]].sum())
    network = pipe * 1000.0 * length * config.route_factor + connection * len(kept)
    investment = network + plant
    left_out = [members[i] for i in np.flatnonzero(~keep)]
    kept_members = [members[i] for i in kept]
    rows = np.flatnonzero(keep[member_of_row])
    capex_ref, capacity_ref = plant_reference(resource, prices)
    # Apart, each substitution pays its own pipe and a plant of its own size (matcher.price).
    separate = float(np.sum(own_pipes[kept]) + np.sum(running[kept]))
    pooled = investment * crf + float(running[kept].sum())
    centre_lat, centre_lon, spread = _geometry(lat[kept], lon[kept])
    plant_text = (
        f"the plant (intake, pumping, filtration, disinfection, storage) costs "
        f"{capex_ref:,.0f} EUR for {capacity_ref:,.0f} {group['unit'][0].split('/')[0]} a year, "
        f"scaled by the six-tenths rule ({resource_catalogue()[resource].shared_plant_source})"
        if capex_ref > 0
        else "the shared plant is not costed (the catalogue gives this resource none)"
    )
    left_text = (
        f"; {len(left_out)} companies whose share of the cost exceeds what they would save are "
        f"left out: {', '.join(left_out)}"
        if left_out
        else ""
    )
    return {
        "resource": resource,
        "pool_kind": "shared_supply",
        "member_ids": ";".join(kept_members),
        "flow_ids": ";".join(sorted(group["demand_flow_id"][rows].tolist())),
        "member_count": len(kept_members),
        "quantity_per_yr": float(np.nansum(group["quantity_per_yr"][rows])),
        "unit": str(group["unit"][0]),
        "centroid_latitude": centre_lat,
        "centroid_longitude": centre_lon,
        "spread_km": spread,
        "cost_separate_eur_per_yr": separate,
        "cost_pooled_eur_per_yr": pooled,
        "investment_eur": investment,
        "scaling_rule": (
            f"plant investment ∝ quantity^{exponent:g}"
            f"{' (six-tenths rule)' if exponent == 0.6 else ''}, Q_ref = "
            f"{capacity_ref:,.0f}; running cost per unit not scaled"
        ),
        "co2e_avoided_t_per_yr": float(np.nansum(group["co2e_avoided_t_per_yr"][rows])),
        "net_saving_eur_per_yr": float(gross[kept].sum()) - pooled,
        "network_length_km": length,
        "opportunity_ids": ";".join(group["opportunity_id"][rows].tolist()),
        "confidence": float(np.nanmean(group["confidence"][rows])),
        "supplier_id": party,
        "assumptions": (
            f"{plant_text}; the running cost of the supply is its price per unit; pooling "
            f"exponent {exponent:g} ({prices.zone.parameter('pooling_cost_exponent').source})"
            f"{left_text}"
        ),
        "plant_investment_eur": plant,
        "left_out_member_ids": ";".join(left_out),
    }


def _contract_flows(flows: pd.DataFrame, prices: Prices) -> dict[str, np.ndarray]:
    """The flows whose contract may be pooled: wastes paid to dispose of and services bought.

    Returns the columns ``is_service`` (else a waste), ``resource``, ``resource_code`` (numbers
    in the resources' sorted order), ``company_id``, ``id``, ``latitude``, ``longitude``,
    ``quantity_per_yr``, ``confidence`` and ``cost`` [EUR/yr], in order of flow id (``flows``
    are sorted by id, as :class:`~symbiosis.matching.inputs.MatchInputs` gives them); flows that
    cost nothing are left out.
    """
    family = flows["family"].to_numpy()
    direction = flows["direction"].to_numpy()
    # Wastes are material supplies; the family of a flow is that of its resource.
    material = np.flatnonzero(family == "material")
    service = np.flatnonzero(family == "service")
    is_candidate = np.zeros(len(family), dtype=bool)
    is_candidate[material[direction[material] == "supply"]] = True
    is_service = np.zeros(len(family), dtype=bool)
    is_service[service[direction[service] == "demand"]] = True
    is_candidate |= is_service
    rows = np.flatnonzero(is_candidate)
    is_service = is_service[rows]
    resource_codes, resources = pd.factorize(flows["resource"].to_numpy()[rows])
    catalogue = resource_catalogue()
    is_waste = np.array([bool(catalogue[rid].ewc_codes) for rid in resources], dtype=bool)
    pooled = is_service | is_waste[resource_codes]
    rows, resource_codes, is_service = rows[pooled], resource_codes[pooled], is_service[pooled]
    used = np.bincount(resource_codes, minlength=len(resources)) > 0
    default_price = np.array(
        [prices.price(rid) if use else np.nan for rid, use in zip(resources, used, strict=True)],
        dtype=float,
    )
    unit_cost = flows["signed_cost_eur_per_unit"].to_numpy(dtype=float)[rows]
    unit_cost = np.where(np.isnan(unit_cost), default_price[resource_codes], unit_cost)
    paid = unit_cost > 0
    rows, unit_cost, is_service = rows[paid], unit_cost[paid], is_service[paid]
    chosen = {
        column: flows[column].to_numpy()[rows]
        for column in ["resource", "company_id", "id", "latitude", "longitude", "confidence"]
    }
    chosen["resource_code"] = _ranks(np.asarray(resources))[resource_codes[paid]]
    chosen["is_service"] = is_service
    chosen["quantity_per_yr"] = flows["quantity_per_yr"].to_numpy(dtype=float)[rows]
    chosen["cost"] = unit_cost * chosen["quantity_per_yr"]
    return chosen


def _ranks(values: np.ndarray) -> np.ndarray:
    """Rank of each of ``values`` (distinct) in sorted order."""
    ranks = np.empty(len(values), dtype=np.intp)
    ranks[np.argsort(values)] = np.arange(len(values))
    return ranks


def _contract_members(
    chosen: dict[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Each company's flows of one kind and resource: the members of the contract pools.

    Returns the members' columns, in order of kind (wastes first), resource and company:
    ``is_service``, ``resource``, ``resource_code``, ``company_id``, ``latitude``,
    ``longitude`` (the company's site), the sums ``quantity_per_yr``, ``cost`` [EUR/yr] and
    ``confidence``, and the number of ``flows``; and the member of each flow.
    """
    # Joint collections ("joint_collection") sort before shared services ("shared_service").
    codes = [
        chosen["is_service"].astype(np.intp),
        chosen["resource_code"],
        pd.factorize(chosen["company_id"], sort=True)[0],
    ]
    # One number per (kind, resource, company), in the same order.
    member_key = np.ravel_multi_index(codes, [int(code.max()) + 1 for code in codes])
    _, first_flow, member_of_flow = np.unique(member_key, return_index=True, return_inverse=True)
    members = {
        column: chosen[column][first_flow]
        for column in (
            "is_service",
            "resource",
            "resource_code",
            "company_id",
            "latitude",
            "longitude",
        )
    }
    totals = _grouped_sums(
        np.column_stack([chosen["quantity_per_yr"], chosen["cost"], chosen["confidence"]]),
        member_of_flow,
        len(first_flow),
    )
    for column, total in zip(("quantity_per_yr", "cost", "confidence"), totals.T, strict=True):
        members[column] = np.ascontiguousarray(total)
    members["flows"] = np.bincount(member_of_flow)
    return members, member_of_flow


def _pool_sums(values: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Sum of each row of ``values`` over each pool's members (columns ``start:end``).

    Each pool is summed apart, as ``np.sum`` on its members would (pairwise), so that totals do
    not depend on how many pools there are; ``np.add.reduceat`` adds in another order.
    Returns shape (pools, rows of ``values``).
    """
    # Rows must be contiguous for each to be summed pairwise along its members.
    values = np.ascontiguousarray(values)
    sums = [values[:, start:end].sum(axis=1) for start, end in zip(starts, ends, strict=True)]
    return np.array(sums, dtype=float).reshape(len(starts), len(values))


def _contract_pools(
    flows: pd.DataFrame, prices: Prices, config: MatchConfig
) -> dict[str, list[Any]]:
    """Joint collection of wastes the members pay to dispose of, and shared service contracts.

    Members (see :func:`_contract_members`) of one kind and resource are pooled when within
    ``pool_radius_km`` of one another, in chains. Returns the :data:`_DRAFT_COLUMNS`, one entry
    per pool of two members or more.
    """
    chosen = _contract_flows(flows, prices)
    if not len(chosen["id"]):
        return _no_drafts()
    members, member_of_flow = _contract_members(chosen)
    is_service, resource = members["is_service"], members["resource"]
    latitude, longitude = members["latitude"], members["longitude"]
    # Members come sorted by kind, resource and company: each (kind, resource) is one block.
    kind_and_resource = np.ravel_multi_index(
        (is_service.astype(np.intp), members["resource_code"]),
        (2, int(members["resource_code"].max()) + 1),
    )
    block = np.cumsum(np.r_[False, kind_and_resource[1:] != kind_and_resource[:-1]])
    pool_of_member = radius_groups(latitude, longitude, config.pool_radius_km, block=block)
    size = np.bincount(pool_of_member)
    pooled = np.flatnonzero(size >= 2)
    if not len(pooled):
        return _no_drafts()
    # Members by pool, in company order within a pool; pools of one member are dropped.
    order = np.argsort(pool_of_member, kind="stable")
    order = order[(size >= 2)[pool_of_member[order]]]
    size = size[pooled]
    ends = np.cumsum(size)
    starts = ends - size
    quantity, cost, confidence, flow_count, latitude_sum, longitude_sum = _pool_sums(
        np.vstack(
            [
                members["quantity_per_yr"][order],
                members["cost"][order],
                members["confidence"][order],
                members["flows"][order].astype(float),
                latitude[order],
                longitude[order],
            ]
        ),
        starts,
        ends,
    ).T
    largest = np.maximum.reduceat(members["quantity_per_yr"][order], starts)
    # The centre is the members' mean position, as np.mean gives it.
    centre_lat, centre_lon = latitude_sum / size, longitude_sum / size
    # Spread: the farthest member from the centre.
    distance = haversine_km(
        latitude[order], longitude[order], np.repeat(centre_lat, size), np.repeat(centre_lon, size)
    )
    spread = np.maximum.reduceat(distance, starts)
    exponent = prices.parameter("contract_pooling_cost_exponent")
    cost_pooled = [
        _pooled_cost_of_totals(float(pool_cost), float(pool_quantity), float(largest_q), exponent)
        for pool_cost, pool_quantity, largest_q in zip(cost, quantity, largest, strict=True)
    ]
    # The flows of each pool, in order of flow id.
    pool_of_flow = pool_of_member[member_of_flow]
    by_pool = np.argsort(pool_of_flow, kind="stable")
    flow_ids = chosen["id"][by_pool].tolist()
    flow_starts = np.searchsorted(pool_of_flow[by_pool], pooled, side="left")
    flow_ends = np.searchsorted(pool_of_flow[by_pool], pooled, side="right")
    companies = members["company_id"][order].tolist()
    catalogue = resource_catalogue()
    pool_resource = [str(rid) for rid in resource[order[starts]]]
    count = len(pooled)
    return {
        "resource": pool_resource,
        "pool_kind": [
            "shared_service" if service else "joint_collection"
            for service in is_service[order[starts]].tolist()
        ],
        "member_ids": [
            ";".join(companies[start:end]) for start, end in zip(starts, ends, strict=True)
        ],
        "flow_ids": [
            ";".join(sorted(flow_ids[start:end]))
            for start, end in zip(flow_starts, flow_ends, strict=True)
        ],
        "member_count": size.tolist(),
        "quantity_per_yr": quantity.tolist(),
        "unit": [catalogue[rid].canonical_unit for rid in pool_resource],
        "centroid_latitude": centre_lat.tolist(),
        "centroid_longitude": centre_lon.tolist(),
        "spread_km": spread.tolist(),
        "cost_separate_eur_per_yr": cost.tolist(),
        "cost_pooled_eur_per_yr": cost_pooled,
        "investment_eur": [0.0] * count,
        "scaling_rule": [_scaling_rule(exponent)] * count,
        "co2e_avoided_t_per_yr": [0.0] * count,
        "net_saving_eur_per_yr": [
            separate - together
            for separate, together in zip(cost.tolist(), cost_pooled, strict=True)
        ],
        "network_length_km": [0.0] * count,
        "opportunity_ids": [""] * count,
        # The saving is a product of assumptions (the exponent above all): no more trusted
        # than an assumed figure, whatever the members measured.
        "confidence": np.minimum(confidence / flow_count, ASSUMED_CONFIDENCE).tolist(),
        "supplier_id": [""] * count,
        "assumptions": [
            "the saving rests on the economy of scale of contract_pooling_cost_exponent "
            f"{exponent:g} ({prices.zone.parameter('contract_pooling_cost_exponent').source}) "
            "applied to the members' costs today"
        ]
        * count,
        "plant_investment_eur": [0.0] * count,
        "left_out_member_ids": [""] * count,
    }


def _no_drafts() -> dict[str, list[Any]]:
    return {column: [] for column in _DRAFT_COLUMNS}


def _empty_pools() -> pd.DataFrame:
    table = pd.DataFrame({column: pd.Series([], dtype=float) for column in POOL_COLUMNS})
    for column in _TEXT_COLUMNS:
        table[column] = table[column].astype("str")
    table["member_count"] = table["member_count"].astype("int64")
    return table


def _pool_ids(resource: list[str]) -> list[str]:
    """``PO-<resource>-<nn>``, numbered in order within each resource."""
    count: dict[str, int] = {}
    ids = []
    for rid in resource:
        count[rid] = count.get(rid, 0) + 1
        ids.append(f"PO-{rid}-{count[rid]:02d}")
    return ids


def _scores(
    net_saving: np.ndarray, co2e: np.ndarray, confidence: np.ndarray, config: MatchConfig
) -> np.ndarray:
    """The pools' scores, in [0, 1] (see :func:`find_pools`)."""
    saving_score = saturating(net_saving, config.saving_reference_eur_per_yr)
    weights = config.weights
    total_weight = weights["saving"] + weights["co2e"] + weights["confidence"]
    if total_weight <= 0:
        return np.clip(saving_score, 0.0, 1.0)
    co2e_score = saturating(co2e, config.co2e_reference_t_per_yr)
    score = (
        weights["saving"] * saving_score
        + weights["co2e"] * co2e_score
        + weights["confidence"] * confidence
    ) / total_weight
    return np.clip(score, 0.0, 1.0)


def find_pools(
    exchanges: pd.DataFrame,
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    prices: Prices,
    config: MatchConfig,
) -> pd.DataFrame:
    """The pooling opportunities of a zone (see the module notes).

    Parameters
    ----------
    exchanges : pandas.DataFrame
        ``MatchResult.exchanges`` (the feasible outside substitutions make the shared supplies).
    flows, outside : pandas.DataFrame
        ``MatchInputs.flows`` and ``MatchInputs.outside``.
    prices : Prices
        Parameters of the run (pipe costs, the two pooling exponents, discount rate).
    config : MatchConfig
        ``pool_radius_km``, ``route_factor`` and the weights.

    Returns
    -------
    pandas.DataFrame
        :data:`POOL_COLUMNS`, sorted by ``saving_eur_per_yr`` descending, then ``pool_id``.
        ``score = (w_saving · sat(net saving) + w_co2e · sat(CO2e) + w_confidence · confidence)
        / (w_saving + w_co2e + w_confidence)`` with the saturations of
        :mod:`symbiosis.matching.scoring`.
    """
    supply = _supply_pools(exchanges, flows, outside, prices, config)
    contract = _contract_pools(flows, prices, config)
    drafts = {column: supply[column] + contract[column] for column in _DRAFT_COLUMNS}
    if not drafts["resource"]:
        return _empty_pools()
    # Numbered by resource, then kind and members.
    numbered = sorted(
        range(len(drafts["resource"])),
        key=lambda row: (
            drafts["resource"][row],
            drafts["pool_kind"][row],
            drafts["member_ids"][row],
        ),
    )
    columns: dict[str, np.ndarray] = {}
    for column, values in drafts.items():
        in_order = [values[row] for row in numbered]
        if column in _TEXT_COLUMNS:
            columns[column] = np.array(in_order, dtype=object)
        else:
            columns[column] = np.array(
                in_order, dtype=np.int64 if column == "member_count" else float
            )
    columns["pool_id"] = np.array(_pool_ids(columns["resource"].tolist()), dtype=object)
    columns["saving_eur_per_yr"] = (
        columns["cost_separate_eur_per_yr"] - columns["cost_pooled_eur_per_yr"]
    )
    columns["score"] = _scores(
        columns["net_saving_eur_per_yr"],
        columns["co2e_avoided_t_per_yr"],
        columns["confidence"],
        config,
    )
    # Saving descending (missing last), then pool id.
    ranked = np.lexsort((columns["pool_id"], -columns["saving_eur_per_yr"]))
    return pd.DataFrame(
        {
            column: pd.array(columns[column][ranked], dtype="str")
            if column in _TEXT_COLUMNS
            else columns[column][ranked]
            for column in POOL_COLUMNS
        }
    )
