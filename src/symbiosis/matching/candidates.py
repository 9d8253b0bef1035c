"""Candidate pairs: which supplies could meet which demands, before any check or score.

Flows are joined through the expanded substitution rules (:func:`symbiosis.catalogue.rule_pairs`):
for each rule and supply resource, the supplies of that resource face the demands of the
resources the rule pairs it with. Distance prunes next, with a k-d tree over the supplier
companies' sites (see :mod:`symbiosis.matching.distance`): each demand looks only at supplier
sites within the maximum distance, keeping its ``max_suppliers_per_demand`` nearest supplier
companies, and each supply its nearest receivers, so the number of candidates grows with the
neighbours of each site, not with the square of the flows. Sites are searched per company (all
flows of a company share its site), then each pair of companies gives the pairs of their flows.
Nothing here loops over pairs; loops run over rules and resources.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from symbiosis.catalogue import resource_catalogue, rule_pairs, substitution_rules
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.distance import chord_km, great_circle_km, haversine_km, sphere_points
from symbiosis.matching.labels import labels, labels_at

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


@dataclass(frozen=True, eq=False)
class _Sites:
    """The company site of every flow, as integer codes, with a k-d tree per set of sites.

    A company is one site: all its flows share its position. Codes number the companies in
    order of id, so that ties broken by code are broken by company id.

    Attributes
    ----------
    company : numpy.ndarray
        Code of the company of each flow (row of ``flows``).
    latitude, longitude : numpy.ndarray
        Position of each company, by code. [degrees]
    points : numpy.ndarray
        Position of each company on the sphere, shape (n_companies, 3). [km]
    """

    company: IntArray
    latitude: FloatArray
    longitude: FloatArray
    points: FloatArray
    _trees: dict[bytes, cKDTree] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Number of companies."""
        return len(self.latitude)

    def tree(self, companies: IntArray) -> cKDTree:
        """k-d tree over the sites of ``companies`` (codes, ascending); built once per set."""
        key = companies.tobytes()
        if key not in self._trees:
            self._trees[key] = cKDTree(self.points[companies])
        return self._trees[key]

    def distance_km(self, first: IntArray, second: IntArray) -> FloatArray:
        """Great-circle distance between the sites of companies ``first`` and ``second``. [km]"""
        phi, longitude, cos_phi = self.radians
        return great_circle_km(
            phi[first],
            longitude[first],
            cos_phi[first],
            phi[second],
            longitude[second],
            cos_phi[second],
        )

    @cached_property
    def radians(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Latitude and longitude of each company [radians] and the cosine of its latitude."""
        phi = np.radians(self.latitude)
        return phi, np.radians(self.longitude), np.cos(phi)

    def of_flows(self, rows: IntArray) -> IntArray:
        """Codes of the companies of the flows at ``rows``, each once, ascending."""
        return np.flatnonzero(np.bincount(self.company[rows], minlength=self.count))


def _flow_sites(flows: pd.DataFrame) -> _Sites:
    """Company codes of the flows and the position of each company (from its first flow)."""
    company, _ = pd.factorize(flows["company_id"], sort=True)
    company = company.astype(np.int64)
    _, first_flow = np.unique(company, return_index=True)
    latitude = flows["latitude"].to_numpy(dtype=float)[first_flow]
    longitude = flows["longitude"].to_numpy(dtype=float)[first_flow]
    return _Sites(company, latitude, longitude, sphere_points(latitude, longitude))


def _near_companies(
    sites: _Sites,
    receivers: IntArray,
    suppliers: IntArray,
    radius_km: float,
    nearest: int | None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Pairs of other companies within ``radius_km``, kept when one is among the other's nearest.

    Returns (receiver, supplier, distance [km]) sorted by receiver, then supplier. With
    ``nearest``, a pair is kept when the supplier is among the ``nearest`` closest suppliers of
    the receiver, or the receiver among the ``nearest`` closest receivers of the supplier (ties
    broken by company id).
    """
    supplier_tree, receiver_tree = sites.tree(suppliers), sites.tree(receivers)
    chord = chord_km(radius_km)
    hits = receiver_tree.sparse_distance_matrix(supplier_tree, chord, output_type="ndarray")
    # Hits numbered receiver-major, sorted: a pair of positions is found again by bisection.
    hit_keys = np.sort(hits["i"].astype(np.int64) * len(suppliers) + hits["j"])
    receiver_pos, supplier_pos = np.divmod(hit_keys, len(suppliers))
    receiver, supplier = receivers[receiver_pos], suppliers[supplier_pos]
    if nearest is None:
        distance = sites.distance_km(receiver, supplier)
        keep = (receiver != supplier) & (distance <= radius_km)
        return receiver[keep], supplier[keep], distance[keep]

    # One more than asked: the company's own site may be among the nearest.
    k = nearest + 1
    receiver_picks, crowded, picked = _nearest_sites(
        receiver_pos, supplier_tree, sites.points[receivers], k, chord
    )
    receiver_picks[_positions(hit_keys, crowded * len(suppliers) + picked)] = True
    supplier_picks, crowded, picked = _nearest_sites(
        supplier_pos, receiver_tree, sites.points[suppliers], k, chord
    )
    supplier_picks[_positions(hit_keys, picked * len(suppliers) + crowded)] = True
    candidate = (receiver != supplier) & (receiver_picks | supplier_picks)
    receiver, supplier = receiver[candidate], supplier[candidate]
    receiver_picks, supplier_picks = receiver_picks[candidate], supplier_picks[candidate]
    distance = sites.distance_km(receiver, supplier)
    close = distance <= radius_km
    receiver_picks &= close
    receiver_picks[receiver_picks] = ~_one_too_many(
        receiver[receiver_picks], supplier[receiver_picks], distance[receiver_picks], nearest
    )
    supplier_picks &= close
    supplier_picks[supplier_picks] = ~_one_too_many(
        supplier[supplier_picks], receiver[supplier_picks], distance[supplier_picks], nearest
    )
    keep = receiver_picks | supplier_picks
    return receiver[keep], supplier[keep], distance[keep]


def _nearest_sites(
    query_pos: IntArray, tree: cKDTree, points: FloatArray, k: int, chord: float
) -> tuple[npt.NDArray[np.bool_], IntArray, IntArray]:
    """The ``k`` nearest sites of ``tree`` within ``chord`` of each point of ``points``.

    ``query_pos`` gives the point of each hit (a pair within ``chord``). A point with no more
    than ``k`` hits keeps them all; the others, crowded, ask the tree for their ``k`` nearest,
    which breaks ties between equally far sites as the tree does.

    Returns
    -------
    tuple
        (whether each hit's point is not crowded, crowded point, one of its nearest sites).
    """
    crowded = np.bincount(query_pos, minlength=len(points)) > k
    uncrowded_hits = ~crowded[query_pos]
    rows = np.flatnonzero(crowded)
    if not len(rows):
        return uncrowded_hits, rows, rows
    chords, found = tree.query(points[rows], k=k, distance_upper_bound=chord)
    reached = np.isfinite(chords).ravel()
    return uncrowded_hits, np.repeat(rows, k)[reached], found.ravel()[reached].astype(np.int64)


def _positions(sorted_keys: IntArray, keys: IntArray) -> IntArray:
    """Positions in ``sorted_keys`` of the ``keys`` it holds."""
    if not len(sorted_keys):
        return np.zeros(0, dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return at[sorted_keys[at] == keys]


def _one_too_many(
    query_company: IntArray, target_company: IntArray, distance: FloatArray, nearest: int
) -> npt.NDArray[np.bool_]:
    """Pairs beyond the ``nearest`` closest of their query company (by distance, then id).

    The query companies have at most ``nearest + 1`` pairs each (one more than asked, in case
    one was the company itself or out of reach), so a company has at most one pair too many:
    its farthest, or of equally far ones the larger company id.
    """
    pairs_per_company = np.bincount(query_company)
    full = pairs_per_company[query_company] > nearest
    if not full.any():
        return full
    farthest = np.full(len(pairs_per_company), -np.inf)
    np.maximum.at(farthest, query_company[full], distance[full])
    at_farthest = full & (distance == farthest[query_company])
    last_id = np.full(len(pairs_per_company), -1, dtype=np.int64)
    np.maximum.at(last_id, query_company[at_farthest], target_company[at_farthest])
    return at_farthest & (target_company == last_id[query_company])


def _ranges(starts: IntArray, counts: IntArray) -> IntArray:
    """Positions ``start, start + 1, ..., start + count - 1`` of every range, concatenated."""
    ends = np.cumsum(counts)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - counts), counts)


def _flow_pairs(
    company: IntArray,
    receiver: IntArray,
    supplier: IntArray,
    distance: FloatArray,
    supply_idx: IntArray,
    demand_idx: IntArray,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Flow pairs of company pairs: (supply flow, demand flow, distance [km]).

    ``receiver`` and ``supplier`` are company codes sorted by receiver; every demand flow of
    ``demand_idx`` (ascending) gets the supply flows of ``supply_idx`` of each supplier its
    company pairs with, by supplier and then row, so the pairs come out nearly in table order.
    """
    demand_company = company[demand_idx]
    first_pair = np.searchsorted(receiver, demand_company, side="left")
    pair_count = np.searchsorted(receiver, demand_company, side="right") - first_pair
    pair = _ranges(first_pair, pair_count)
    demand_flow = np.repeat(demand_idx, pair_count)

    supplies = supply_idx[np.argsort(company[supply_idx], kind="stable")]
    supplies_company = company[supplies]
    first_supply = np.searchsorted(supplies_company, supplier, side="left")
    supply_count = np.searchsorted(supplies_company, supplier, side="right") - first_supply
    counts = supply_count[pair]
    supply_flow = supplies[_ranges(first_supply[pair], counts)]
    return supply_flow, np.repeat(demand_flow, counts), np.repeat(distance[pair], counts)


def _company_pairs(
    sites: _Sites,
    supply_idx: IntArray,
    demand_idx: IntArray,
    paired_idx: IntArray,
    radius_km: float,
    nearest: int | None,
) -> tuple[IntArray, IntArray, FloatArray]:
    """Supply and demand flows of other companies within ``radius_km``, nearest first.

    Returns (flows of ``supply_idx``, flows of ``paired_idx``, distance [km]); see
    :func:`_near_companies` for which pairs of companies are kept, among the companies of all
    of ``demand_idx``. ``paired_idx`` are the demand flows that take pairs (ascending).
    """
    suppliers, receivers = sites.of_flows(supply_idx), sites.of_flows(demand_idx)
    receiver, supplier, distance = _near_companies(sites, receivers, suppliers, radius_km, nearest)
    return _flow_pairs(sites.company, receiver, supplier, distance, supply_idx, paired_idx)


@dataclass(frozen=True, eq=False)
class _Piece:
    """The pairs found for one rule and supply resource, before the table is assembled.

    Suppliers are numbered as rows of ``flows`` and then, after them, rows of ``outside``
    (``len(flows) + outside row``), so that one array holds both kinds.
    """

    rule_id: str
    supply_resource: str
    transport_mode: str
    max_distance_km: float
    supplier: IntArray
    demand_idx: IntArray
    distance_km: FloatArray
    position_known: npt.NDArray[np.bool_]


def _outside_pairs(
    latitude: FloatArray,
    longitude: FloatArray,
    outside: pd.DataFrame,
    outside_idx: IntArray,
    demand_idx: IntArray,
    radius_km: float,
) -> tuple[IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]]:
    """Outside suppliers and demands within ``radius_km``; a party without position is at 0 km.

    ``latitude`` and ``longitude`` are those of every flow [degrees]; returns (row of
    ``outside``, demand flow, distance [km], whether the party's position is known).
    """
    pieces_o, pieces_d, pieces_km, pieces_known = [], [], [], []
    demand_lat, demand_lon = latitude[demand_idx], longitude[demand_idx]
    party_lats = outside["latitude"].to_numpy(dtype=float)
    party_lons = outside["longitude"].to_numpy(dtype=float)
    for position in outside_idx:
        party_lat, party_lon = float(party_lats[position]), float(party_lons[position])
        known = bool(np.isfinite(party_lat) and np.isfinite(party_lon))
        if known:
            distance = haversine_km(demand_lat, demand_lon, party_lat, party_lon)
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


def _rows_by_resource(
    resource: npt.NDArray[np.object_], selected: npt.NDArray[np.bool_]
) -> dict[str, IntArray]:
    """Rows holding each resource among the ``selected`` ones, ascending."""
    codes, names = pd.factorize(resource)
    codes[~selected] = -1
    return {str(name): np.flatnonzero(codes == code) for code, name in enumerate(names)}


def _rows_of(rows_by_resource: dict[str, IntArray], resources: list[str]) -> IntArray:
    """Rows holding any of ``resources``, ascending."""
    found = [rows_by_resource[name] for name in resources if name in rows_by_resource]
    if not found:
        return np.zeros(0, dtype=np.int64)
    return found[0] if len(found) == 1 else np.sort(np.concatenate(found))


def _empty_pairs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "rule_id": pd.Series(labels(np.array([], dtype=object))),
            "supply_resource": pd.Series(labels(np.array([], dtype=object))),
            "demand_resource": pd.Series(labels(np.array([], dtype=object))),
            "supplier_id": pd.Series(labels(np.array([], dtype=object))),
            "supplier_is_outside": pd.Series([], dtype=bool),
            "supply_idx": pd.Series([], dtype=np.int64),
            "outside_idx": pd.Series([], dtype=np.int64),
            "demand_idx": pd.Series([], dtype=np.int64),
            "distance_km": pd.Series([], dtype=float),
            "position_known": pd.Series([], dtype=bool),
            "max_distance_km": pd.Series([], dtype=float),
            "transport_mode": pd.Series(labels(np.array([], dtype=object))),
        }
    )


def candidate_pairs(
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    config: MatchConfig,
    progress: Callable[[str], None] | None = None,
    demand_filter: DemandFilter | None = None,
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
    demand_filter : callable, optional
        Called once with a table of ``rule_id``, ``supply_resource`` and ``demand_idx``: every
        demand flow each rule and supply resource would pair. It returns which of them may be
        paired; the others get no pair. They still count when the nearest partners are chosen,
        so the pairs kept are the same, only fewer.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAIR_COLUMNS`: the rule and resources, ``supplier_id`` (company or outside
        party), ``supply_idx`` (row of the supply flow, -1 for an outside party),
        ``outside_idx`` (row of ``outside``, -1 for a company), ``demand_idx``, ``distance_km``
        (great-circle; 0 with ``position_known`` False for an outside party without
        coordinates) [km], ``max_distance_km`` [km] and ``transport_mode``; the text columns
        are categoricals (a few distinct values over many pairs). A company never pairs with
        itself. Sorted by demand, then outside parties after companies, then supply.
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
    supply_rows = _rows_by_resource(resource, is_supply)
    demand_rows = _rows_by_resource(resource, ~is_supply)
    outside_resource = outside["supply_resource"].to_numpy(dtype=object)
    outside_rows = _rows_by_resource(outside_resource, np.ones(len(outside), dtype=bool))
    sites = _flow_sites(flows)
    latitude = flows["latitude"].to_numpy(dtype=float)
    longitude = flows["longitude"].to_numpy(dtype=float)
    groups = []
    for (rule_id, supply_resource), demand_resources in _rule_groups(expanded).items():
        mode, max_distance, radius = pair_radius_km(supply_resource, config)
        demand_idx = _rows_of(demand_rows, demand_resources)
        if mode != "none" and len(demand_idx):  # services are pooled, not exchanged
            groups.append((rule_id, supply_resource, mode, max_distance, radius, demand_idx))
    paired = _paired_demands([(group[0], group[1], group[5]) for group in groups], demand_filter)
    pieces: list[_Piece] = []
    for (rule_id, supply_resource, mode, max_distance, radius, demand_idx), paired_idx in zip(
        groups, paired, strict=True
    ):
        rule = rules[rule_id]
        if progress is not None:
            progress(f"pairs: rule {rule_id}, {supply_resource}")
        found: list[tuple[IntArray, IntArray, FloatArray, npt.NDArray[np.bool_]]] = []
        supply_idx = _rows_of(supply_rows, [supply_resource])
        if "company" in rule.suppliers and len(supply_idx):
            s_flow, d_flow, km = _company_pairs(
                sites, supply_idx, demand_idx, paired_idx, radius, config.max_suppliers_per_demand
            )
            found.append((s_flow, d_flow, km, np.ones(len(s_flow), dtype=bool)))
        outside_idx = _rows_of(outside_rows, [supply_resource])
        if "outside" in rule.suppliers and len(outside_idx):
            o_pos, d_flow, km, known = _outside_pairs(
                latitude, longitude, outside, outside_idx, paired_idx, radius
            )
            found.append((len(flows) + o_pos, d_flow, km, known))
        pieces.extend(
            _Piece(rule_id, supply_resource, mode, max_distance, supplier, d_flow, km, known)
            for supplier, d_flow, km, known in found
            if len(d_flow)
        )
    if not pieces:
        return _empty_pairs()
    return _pairs_table(flows, outside, pieces)


#: Which demand flows may take pairs: given ``rule_id``, ``supply_resource`` and ``demand_idx``.
DemandFilter = Callable[[pd.DataFrame], npt.NDArray[np.bool_]]


def _paired_demands(
    groups: list[tuple[str, str, IntArray]], demand_filter: DemandFilter | None
) -> list[IntArray]:
    """The demand flows of each (rule, supply resource, demand flows) that take pairs."""
    if demand_filter is None or not groups:
        return [demand_idx for _, _, demand_idx in groups]
    sizes = [len(demand_idx) for _, _, demand_idx in groups]
    group_of_row = np.repeat(np.arange(len(groups)), sizes)
    table = pd.DataFrame(
        {
            "rule_id": labels_at(
                labels(np.array([group[0] for group in groups], dtype=object)), group_of_row
            ),
            "supply_resource": labels_at(
                labels(np.array([group[1] for group in groups], dtype=object)), group_of_row
            ),
            "demand_idx": np.concatenate([demand_idx for _, _, demand_idx in groups]),
        }
    )
    allowed = np.asarray(demand_filter(table), dtype=bool)
    return [
        demand_idx[keep]
        for (_, _, demand_idx), keep in zip(
            groups, np.split(allowed, np.cumsum(sizes)[:-1]), strict=True
        )
    ]


def _rule_groups(expanded: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """Demand resources of each (rule, supply resource) of the expanded rules, in file order."""
    groups: dict[tuple[str, str], list[str]] = {}
    for rule_id, supply_resource, demand_resource in zip(
        expanded["rule_id"], expanded["supply_resource"], expanded["demand_resource"], strict=True
    ):
        groups.setdefault((str(rule_id), str(supply_resource)), []).append(str(demand_resource))
    return groups


def _pairs_table(flows: pd.DataFrame, outside: pd.DataFrame, pieces: list[_Piece]) -> pd.DataFrame:
    """One table of the pairs found, sorted once; text columns are categoricals."""
    supplier, demand_idx, distance_km = (
        np.concatenate([getattr(piece, name) for piece in pieces])
        for name in ("supplier", "demand_idx", "distance_km")
    )
    position_known = np.concatenate([piece.position_known for piece in pieces])
    # Sorting on demand, then supplier, puts companies (by supply row) before outside parties
    # (by outside row). Each piece comes nearly sorted, which a stable sort is quick on.
    key = demand_idx * (len(flows) + len(outside))
    key += supplier
    order = np.argsort(key, kind="stable")
    del key
    piece_of_pair = np.repeat(
        np.arange(len(pieces), dtype=np.int32), [len(piece.demand_idx) for piece in pieces]
    )[order]
    supplier, demand_idx = supplier[order], demand_idx[order]
    from_outside = supplier >= len(flows)

    def per_piece(values: list[str]) -> pd.Categorical:
        return labels_at(labels(np.array(values, dtype=object)), piece_of_pair)

    suppliers = np.concatenate(
        (flows["company_id"].to_numpy(dtype=object), outside["supplier_id"].to_numpy(dtype=object))
    )
    max_distance = np.array([piece.max_distance_km for piece in pieces], dtype=float)
    return pd.DataFrame(
        {
            "rule_id": per_piece([piece.rule_id for piece in pieces]),
            "supply_resource": per_piece([piece.supply_resource for piece in pieces]),
            "demand_resource": labels_at(labels(flows["resource"]), demand_idx),
            "supplier_id": labels_at(labels(suppliers), supplier),
            "supplier_is_outside": from_outside,
            "supply_idx": np.where(from_outside, -1, supplier),
            "outside_idx": np.where(from_outside, supplier - len(flows), -1),
            "demand_idx": demand_idx,
            "distance_km": distance_km[order],
            "position_known": position_known[order],
            "max_distance_km": max_distance[piece_of_pair],
            "transport_mode": per_piece([piece.transport_mode for piece in pieces]),
        },
        copy=False,
    )
