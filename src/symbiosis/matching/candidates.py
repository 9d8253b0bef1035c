"""Candidate pairs: which supplies could meet which demands, before any check or score.

Flows are joined through the expanded substitution rules (:func:`symbiosis.catalogue.rule_pairs`):
for each rule and supply resource, the supplies of that resource face the demands of the
resources the rule pairs it with. Distance prunes next, with a k-d tree over the supplier
companies' sites (see :mod:`symbiosis.matching.distance`): each demand looks only at supplier
sites within the maximum distance, keeping its ``max_suppliers_per_demand`` nearest supplier
companies, and each supply its nearest receivers, so the number of candidates grows with the
neighbours of each site, not with the square of the flows. Nothing here loops over pairs;
loops run over rules and resources.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from symbiosis.catalogue import resource_catalogue, rule_pairs, substitution_rules
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.distance import chord_km, haversine_km, sphere_points

__all__ = ["PAIR_COLUMNS", "candidate_pairs", "pair_radius_km"]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

#: Columns of the table :func:`candidate_pairs` returns.
PAIR_COLUMNS: tuple[str, ...] = (
    "rule_id",
    "supply_resource",
    "demand_resource",
    "supplier_id",
    "supplier_is_outside",
    "supply_idx",
    "outside_idx",
    "demand_idx",
    "distance_km",
    "position_known",
    "max_distance_km",
    "transport_mode",
)


def pair_radius_km(supply_resource: str, config: MatchConfig) -> tuple[str, float, float]:
    """Transport mode, maximum distance and search radius for a supply resource.

    Returns
    -------
    tuple
        ``(mode, max_distance_km, radius_km)``: the mode of the resource (catalogue), the
        config's maximum for that mode or else the resource's own [km], and the radius searched
        (the maximum, times ``infeasible_distance_factor`` when infeasible candidates are kept)
        [km].

    Examples
    --------
    >>> pair_radius_km("water.sea", MatchConfig())
    ('pipe', 5.0, 5.0)
    """
    resource = resource_catalogue()[supply_resource]
    mode = resource.transport
    limit = config.max_distance_km.get(mode)
    max_distance = float(resource.max_distance_km if limit is None else limit)
    factor = config.infeasible_distance_factor if config.keep_infeasible else 1.0
    return mode, max_distance, max_distance * factor


def _company_pairs(
    flows: pd.DataFrame,
    supply_idx: IntArray,
    demand_idx: IntArray,
    radius_km: float,
    nearest: int | None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs within ``radius_km`` between other companies, nearest sites of the first kind.

    Returns (flows of ``supply_idx``, flows of ``demand_idx``, distance): each flow of
    ``demand_idx`` with the flows of its ``nearest`` closest companies among ``supply_idx``. The
    roles are symmetric, so swapping the arguments gives each supply its nearest receivers.
    """
    company = flows["company_id"].to_numpy(dtype=object)
    latitude = flows["latitude"].to_numpy(dtype=float)
    longitude = flows["longitude"].to_numpy(dtype=float)
    site_ids, site_of_supply = np.unique(company[supply_idx], return_inverse=True)
    by_site = np.argsort(site_of_supply, kind="stable")
    supplies_by_site = supply_idx[by_site]
    site_counts = np.bincount(site_of_supply, minlength=len(site_ids))
    site_starts = np.concatenate(([0], np.cumsum(site_counts)[:-1]))
    first_flow = supplies_by_site[site_starts]
    site_lat, site_lon = latitude[first_flow], longitude[first_flow]

    tree = cKDTree(sphere_points(site_lat, site_lon))
    points = sphere_points(latitude[demand_idx], longitude[demand_idx])
    chord = chord_km(radius_km)
    if nearest is None:
        hits = cKDTree(points).sparse_distance_matrix(tree, chord, output_type="ndarray")
        demand_pos, site_pos = hits["i"].astype(np.int64), hits["j"].astype(np.int64)
    else:
        # One more than asked: the receiver's own site may be among the nearest.
        k = min(nearest + 1, len(site_ids))
        chords, found = tree.query(points, k=k, distance_upper_bound=chord)
        chords, found = chords.reshape(len(points), k), found.reshape(len(points), k)
        keep = np.isfinite(chords).ravel()
        demand_pos = np.repeat(np.arange(len(points), dtype=np.int64), k)[keep]
        site_pos = found.ravel()[keep].astype(np.int64)

    other = site_ids[site_pos] != company[demand_idx[demand_pos]]
    demand_pos, site_pos = demand_pos[other], site_pos[other]
    demand_flow = demand_idx[demand_pos]
    distance = haversine_km(
        latitude[demand_flow], longitude[demand_flow], site_lat[site_pos], site_lon[site_pos]
    )
    close = distance <= radius_km
    demand_pos, site_pos, distance = demand_pos[close], site_pos[close], distance[close]
    if nearest is not None and len(demand_pos):
        order = np.lexsort((site_pos, distance, demand_pos))
        demand_pos, site_pos, distance = demand_pos[order], site_pos[order], distance[order]
        group_start = np.flatnonzero(np.r_[True, demand_pos[1:] != demand_pos[:-1]])
        sizes = np.diff(np.r_[group_start, len(demand_pos)])
        rank = np.arange(len(demand_pos)) - np.repeat(group_start, sizes)
        keep_rank = rank < nearest
        demand_pos, site_pos, distance = (
            demand_pos[keep_rank],
            site_pos[keep_rank],
            distance[keep_rank],
        )

    # Every supply flow of each supplier site found.
    counts = site_counts[site_pos]
    total = int(counts.sum())
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    supply_flow = supplies_by_site[np.repeat(site_starts[site_pos], counts) + offsets]
    return (
        supply_flow.astype(np.int64),
        demand_idx[np.repeat(demand_pos, counts)].astype(np.int64),
        np.repeat(distance, counts),
    )


def _union(
    count: int,
    first: tuple[IntArray, IntArray, FloatArray],
    second: tuple[IntArray, IntArray, FloatArray],
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs found either way, each once."""
    supply = np.concatenate((first[0], second[0]))
    demand = np.concatenate((first[1], second[1]))
    distance = np.concatenate((first[2], second[2]))
    _, keep = np.unique(supply * count + demand, return_index=True)
    return supply[keep], demand[keep], distance[keep]


def _outside_pairs(
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    outside_idx: IntArray,
    demand_idx: IntArray,
    radius_km: float,
) -> tuple[IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]]:
    """Outside suppliers and demands within ``radius_km``; a party without position is at 0 km."""
    pieces_o, pieces_d, pieces_km, pieces_known = [], [], [], []
    latitude = flows["latitude"].to_numpy(dtype=float)[demand_idx]
    longitude = flows["longitude"].to_numpy(dtype=float)[demand_idx]
    for position in outside_idx:
        party_lat = float(outside["latitude"].iloc[position])
        party_lon = float(outside["longitude"].iloc[position])
        known = bool(np.isfinite(party_lat) and np.isfinite(party_lon))
        if known:
            distance = haversine_km(latitude, longitude, party_lat, party_lon)
        else:
            distance = np.zeros(len(demand_idx))
        close = distance <= radius_km
        pieces_o.append(np.full(int(close.sum()), position, dtype=np.int64))
        pieces_d.append(demand_idx[close])
        pieces_km.append(distance[close])
        pieces_known.append(np.full(int(close.sum()), known))
    return (
        np.concatenate(pieces_o),
        np.concatenate(pieces_d).astype(np.int64),
        np.concatenate(pieces_km),
        np.concatenate(pieces_known),
    )


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rule_id": pd.Series([], dtype="str"),
            "supply_resource": pd.Series([], dtype="str"),
            "demand_resource": pd.Series([], dtype="str"),
            "supplier_id": pd.Series([], dtype="str"),
            "supplier_is_outside": pd.Series([], dtype=bool),
            "supply_idx": pd.Series([], dtype=np.int64),
            "outside_idx": pd.Series([], dtype=np.int64),
            "demand_idx": pd.Series([], dtype=np.int64),
            "distance_km": pd.Series([], dtype=float),
            "position_known": pd.Series([], dtype=bool),
            "max_distance_km": pd.Series([], dtype=float),
            "transport_mode": pd.Series([], dtype="str"),
        }
    )


def candidate_pairs(
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    config: MatchConfig,
    progress: Callable[[str], None] | None = None,
) -> pd.DataFrame:
    """Every (supplier, demand) pair that a rule allows and that lies within reach.

    Parameters
    ----------
    flows : pandas.DataFrame
        One row per flow with a positional index (``MatchInputs.flows``): ``id``,
        ``company_id``, ``direction``, ``resource``, ``latitude`` and ``longitude`` [degrees].
    outside : pandas.DataFrame
        One row per (outside party, resource it supplies) (``MatchInputs.outside``).
    config : MatchConfig
        Maximum distances, ``max_suppliers_per_demand``, ``keep_infeasible``, ``rules``.
    progress : callable, optional
        Called with a short message per rule.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIR_COLUMNS`: the rule and resources, ``supplier_id`` (company or outside
        party), ``supply_idx`` (row of the supply flow, -1 for an outside party),
        ``outside_idx`` (row of ``outside``, -1 for a company), ``demand_idx``, ``distance_km``
        (great-circle; 0 with ``position_known`` False for an outside party without
        coordinates) [km], ``max_distance_km`` [km] and ``transport_mode``. A company never
        pairs with itself. Sorted by demand, then outside parties after companies, then supply.
        With ``max_suppliers_per_demand`` = K, per rule and supply resource a pair is kept when
        the supplier company is among the K nearest supplier companies of the demand, or the
        receiver company among the K nearest receiver companies of the supply (ties broken by
        company id), so every flow keeps its nearest partners.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> from symbiosis.matching.inputs import match_inputs
    >>> inputs = match_inputs(load_example("toy"))
    >>> pairs = candidate_pairs(inputs.flows, inputs.outside, MatchConfig())
    >>> sorted(set(pairs["rule_id"]))[:3]
    ['fish_byproducts_to_processors', 'heat_recovery', 'reuse_water_for_floors_and_cooling']
    """
    rules = substitution_rules()
    expanded = rule_pairs()
    if config.rules is not None:
        expanded = expanded[expanded["rule_id"].isin(config.rules)]
    resource = flows["resource"].to_numpy(dtype=object)
    is_supply = (flows["direction"] == "supply").to_numpy()
    # Per group of pairs: (rule, supply resource, mode, maximum distance) and the pair arrays.
    pieces: list[tuple[str, str, str, float]] = []
    arrays: list[tuple[IntArray, IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]]] = []
    for (rule_id, supply_resource), group in expanded.groupby(
        ["rule_id", "supply_resource"], sort=False
    ):
        rule = rules[str(rule_id)]
        mode, max_distance, radius = pair_radius_km(str(supply_resource), config)
        if mode == "none":
            continue  # services are pooled, not exchanged
        demand_idx = np.flatnonzero(~is_supply & np.isin(resource, group["demand_resource"]))
        if not len(demand_idx):
            continue
        if progress is not None:
            progress(f"pairs: rule {rule_id}, {supply_resource}")
        found: list[tuple[IntArray, IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]]] = []
        if "company" in rule.suppliers:
            supply_idx = np.flatnonzero(is_supply & (resource == supply_resource))
            if len(supply_idx):
                nearest = config.max_suppliers_per_demand
                s_flow, d_flow, km = _company_pairs(flows, supply_idx, demand_idx, radius, nearest)
                if nearest is not None:
                    # And the other way round: each supply keeps its nearest receivers.
                    d_back, s_back, km_back = _company_pairs(
                        flows, demand_idx, supply_idx, radius, nearest
                    )
                    s_flow, d_flow, km = _union(
                        len(flows), (s_flow, d_flow, km), (s_back, d_back, km_back)
                    )
                none = np.full(len(s_flow), -1, dtype=np.int64)
                found.append((s_flow, none, d_flow, km, np.ones(len(s_flow), dtype=bool)))
        if "outside" in rule.suppliers:
            outside_idx = np.flatnonzero((outside["supply_resource"] == supply_resource).to_numpy())
            if len(outside_idx):
                o_pos, d_flow, km, known = _outside_pairs(
                    flows, outside, outside_idx, demand_idx, radius
                )
                found.append((np.full(len(o_pos), -1, dtype=np.int64), o_pos, d_flow, km, known))
        for s_flow, o_pos, d_flow, km, known in found:
            if not len(d_flow):
                continue
            pieces.append((str(rule_id), str(supply_resource), mode, max_distance))
            arrays.append((s_flow, o_pos, d_flow, km, known))
    if not pieces:
        return _empty_pairs()
    return _pairs_table(flows, outside, pieces, arrays)


def _pairs_table(
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    pieces: list[tuple[str, str, str, float]],
    arrays: list[tuple[IntArray, IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]]],
) -> pd.DataFrame:
    """One table of the pairs found, sorted once; text columns are taken from short lists."""
    sizes = [len(piece[2]) for piece in arrays]
    supply_idx, outside_idx, demand_idx, distance_km, position_known = (
        np.concatenate([piece[column] for piece in arrays]) for column in range(5)
    )
    from_outside = outside_idx >= 0
    order = np.lexsort((outside_idx, supply_idx, from_outside, demand_idx))
    piece_of_pair = np.repeat(np.arange(len(pieces)), sizes)[order]
    supply_idx, outside_idx, demand_idx = supply_idx[order], outside_idx[order], demand_idx[order]
    from_outside = from_outside[order]

    def per_piece(position: int) -> pd.api.extensions.ExtensionArray:
        values = np.array([piece[position] for piece in pieces], dtype=object)
        return pd.array(values, dtype="str").take(piece_of_pair)

    resources = pd.array(flows["resource"].to_numpy(dtype=object), dtype="str")
    suppliers = pd.array(
        np.concatenate(
            (
                flows["company_id"].to_numpy(dtype=object),
                outside["supplier_id"].to_numpy(dtype=object),
            )
        ),
        dtype="str",
    )
    supplier = np.where(from_outside, len(flows) + outside_idx, supply_idx)
    max_distance = np.array([piece[3] for piece in pieces], dtype=float)
    pairs = pd.DataFrame(
        {
            "rule_id": per_piece(0),
            "supply_resource": per_piece(1),
            "demand_resource": resources.take(demand_idx),
            "supplier_id": suppliers.take(supplier),
            "supplier_is_outside": from_outside,
            "supply_idx": supply_idx.astype(np.int64),
            "outside_idx": outside_idx.astype(np.int64),
            "demand_idx": demand_idx.astype(np.int64),
            "distance_km": distance_km[order].astype(float),
            "position_known": position_known[order].astype(bool),
            "max_distance_km": max_distance[piece_of_pair],
            "transport_mode": per_piece(2),
        },
        copy=False,
    )
    return pairs
