"""Distances between sites: great-circle distance, a spatial index and spanning trees.

Sites are put on a sphere of the Earth's mean radius as 3-D points. The straight-line (chord)
distance between two such points grows with the great-circle distance, so a k-d tree on them
finds neighbours within a distance, and nearest neighbours, exactly, anywhere on the globe (a
flat projection would distort both). Great-circle distances are then computed by the haversine
formula.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from scipy.spatial import cKDTree

__all__ = [
    "EARTH_RADIUS_KM",
    "chord_km",
    "great_circle_km",
    "haversine_km",
    "radius_groups",
    "spanning_tree_km",
    "sphere_points",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: Mean radius of the Earth (IUGG). [km]
EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat1: npt.ArrayLike, lon1: npt.ArrayLike, lat2: npt.ArrayLike, lon2: npt.ArrayLike
) -> FloatArray:
    """Great-circle distance between points given in degrees. [km]

    The same number either way round: the differences are taken as absolute values, so the
    result does not hang on how the sine rounds a negative angle.

    Examples
    --------
    0.01° of latitude is 0.01 × π/180 × 6371.0088 = 1.11195 km:

    >>> round(float(haversine_km(50.72, 1.59, 50.73, 1.59)), 5)
    1.11195
    >>> bool(haversine_km(50.72, 1.59, 50.9, 1.7) == haversine_km(50.9, 1.7, 50.72, 1.59))
    True
    """
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    return great_circle_km(
        phi1, np.radians(lon1), np.cos(phi1), phi2, np.radians(lon2), np.cos(phi2)
    )


def great_circle_km(
    phi1: npt.ArrayLike,
    lambda1: npt.ArrayLike,
    cos_phi1: npt.ArrayLike,
    phi2: npt.ArrayLike,
    lambda2: npt.ArrayLike,
    cos_phi2: npt.ArrayLike,
) -> FloatArray:
    """:func:`haversine_km` from latitudes and longitudes in radians and the latitudes' cosines.

    For many pairs among few sites: the radians and cosines are computed once per site.
    """
    dphi = np.abs(np.subtract(phi2, phi1))
    dlambda = np.abs(np.subtract(lambda2, lambda1))
    a = np.sin(dphi / 2) ** 2 + np.multiply(cos_phi1, cos_phi2) * np.sin(dlambda / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))), dtype=float)


def sphere_points(latitude: npt.ArrayLike, longitude: npt.ArrayLike) -> FloatArray:
    """Sites as 3-D points on the sphere of the Earth's radius, shape (n, 3). [km]"""
    phi = np.radians(np.asarray(latitude, dtype=float))
    lam = np.radians(np.asarray(longitude, dtype=float))
    return EARTH_RADIUS_KM * np.column_stack(
        (np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi))
    )


def chord_km(distance_km: float) -> float:
    """Straight-line length of the chord under a great-circle distance, slightly widened. [km]

    The small widening keeps pairs that sit exactly at the distance despite rounding; callers
    filter on the haversine distance afterwards.
    """
    angle = min(distance_km / EARTH_RADIUS_KM, np.pi)
    return float(2 * EARTH_RADIUS_KM * np.sin(angle / 2) * (1 + 1e-9) + 1e-9)


def radius_groups(
    latitude: npt.ArrayLike,
    longitude: npt.ArrayLike,
    radius_km: float,
    block: npt.ArrayLike | None = None,
) -> IntArray:
    """Label of the connected group of each site, linking sites closer than ``radius_km``.

    Groups are single-linkage: two sites share a group when a chain of sites, each within the
    radius of the next, joins them. With ``block`` (an integer per site), sites of different
    blocks never share a group, so many independent groupings run at once. Labels are numbered
    in order of each group's first site.

    Examples
    --------
    >>> radius_groups([50.0, 50.001, 51.0], [1.0, 1.0, 1.0], 1.0).tolist()
    [0, 0, 1]
    >>> radius_groups([50.0, 50.001, 51.0], [1.0, 1.0, 1.0], 1.0, block=[0, 1, 1]).tolist()
    [0, 1, 2]
    """
    points = sphere_points(latitude, longitude)
    count = len(points)
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    reach = chord_km(radius_km)
    if block is not None:
        # Blocks are set apart along a fourth axis, farther than the radius: no pair crosses.
        apart = np.asarray(block, dtype=float) * 2.0 * (reach + 1.0)
        points = np.column_stack((points, apart))
    pairs = cKDTree(points).query_pairs(reach, output_type="ndarray")
    graph = coo_matrix(
        (np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])) if len(pairs) else ([], ([], [])),
        shape=(count, count),
    )
    _, labels = connected_components(graph, directed=False)
    # Renumber by first appearance so labels do not depend on scipy's internal order.
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(np.argsort(first))
    return np.asarray(order[labels], dtype=np.int64)


def spanning_tree_km(latitude: npt.ArrayLike, longitude: npt.ArrayLike) -> float:
    """Length of the minimum spanning tree joining the sites by great-circle edges. [km]

    Sites at the same place count once. Up to 3,000 distinct sites the tree is exact on the
    complete graph; above, edges are taken from each site's 30 nearest neighbours, which is
    exact unless the sites fall into far-apart clusters that no neighbour bridges (the length
    then leaves out the links between such clusters).

    Examples
    --------
    Three sites on a parallel, 0.01° and 0.02° of longitude apart: about 0.03° × cos 50°.

    >>> round(spanning_tree_km([50.0, 50.0, 50.0], [1.0, 1.01, 1.03]), 3)
    2.144
    """
    sites = np.unique(
        np.column_stack((np.asarray(latitude, float), np.asarray(longitude, float))), axis=0
    )
    count = len(sites)
    if count < 2:
        return 0.0
    lat, lon = sites[:, 0], sites[:, 1]
    if count <= 3000:
        rows, cols = np.triu_indices(count, k=1)
    else:
        _, neighbours = cKDTree(sphere_points(lat, lon)).query(sphere_points(lat, lon), k=31)
        rows = np.repeat(np.arange(count), 30)
        cols = neighbours[:, 1:].ravel()
    weights = haversine_km(lat[rows], lon[rows], lat[cols], lon[cols])
    # A zero-length edge would vanish from the sparse graph; sites are distinct, so none is 0.
    graph = coo_matrix((np.maximum(weights, 1e-12), (rows, cols)), shape=(count, count))
    return float(minimum_spanning_tree(graph).sum())
