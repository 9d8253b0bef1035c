"""Lambert 93 (EPSG:2154) to longitude and latitude (RGF93, taken as WGS84), in numpy.

The inverse Lambert conformal conic projection of the IGN note NT/G 71 ("Projection
cartographique conique conforme de Lambert", IGN/SGN, January 1995): algorithm ALG0054 gives
the constants of a secant projection, ALG0004 turns (X, Y) into (longitude, latitude) and
ALG0002 the isometric latitude back into a latitude by iteration. Lambert 93 is defined on the
GRS 80 ellipsoid with standard parallels 44° and 49° N, origin 46° 30' N, 3° E, false easting
700,000 m and false northing 6,600,000 m (IGN, "Lambert 93", décret 2000-1276). RGF93 and WGS84
differ by less than a metre, far below what a zone needs, so no datum shift is applied.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "LAMBERT_93",
    "LambertConic",
    "lambert93_to_wgs84",
    "lambert_inverse",
]

# GRS 80 (IAG 1979): semi-major axis [m] and flattening.
_GRS80_A = 6378137.0
_GRS80_F = 1 / 298.257222101


@dataclass(frozen=True)
class LambertConic:
    """Constants of a Lambert conformal conic projection (NT/G 71 notation).

    Parameters
    ----------
    n : float
        Exponent of the projection. [-]
    c : float
        Constant of the projection. [m]
    xs, ys : float
        Coordinates of the pole in the projection. [m]
    lon0_rad : float
        Longitude of the central meridian. [rad]
    e : float
        First eccentricity of the ellipsoid. [-]
    """

    n: float
    c: float
    xs: float
    ys: float
    lon0_rad: float
    e: float


def _isometric_latitude(lat_rad: float, e: float) -> float:
    """ALG0001: isometric latitude of a latitude. [-]"""
    e_sin = e * math.sin(lat_rad)
    return math.log(math.tan(math.pi / 4 + lat_rad / 2) * ((1 - e_sin) / (1 + e_sin)) ** (e / 2))


def _secant_constants(
    a: float,
    e: float,
    lon0_deg: float,
    lat0_deg: float,
    lat1_deg: float,
    lat2_deg: float,
    x0: float,
    y0: float,
) -> LambertConic:
    """ALG0054: constants of a secant Lambert projection from its two standard parallels."""
    lat0, lat1, lat2 = (math.radians(value) for value in (lat0_deg, lat1_deg, lat2_deg))

    def grand_normal(lat: float) -> float:
        return a / math.sqrt(1 - (e * math.sin(lat)) ** 2)

    n1 = grand_normal(lat1) * math.cos(lat1)
    n2 = grand_normal(lat2) * math.cos(lat2)
    l1, l2 = _isometric_latitude(lat1, e), _isometric_latitude(lat2, e)
    n = math.log(n2 / n1) / (l1 - l2)
    c = n1 / n * math.exp(n * l1)
    ys = y0 + c * math.exp(-n * _isometric_latitude(lat0, e))
    return LambertConic(n=n, c=c, xs=x0, ys=ys, lon0_rad=math.radians(lon0_deg), e=e)


#: Lambert 93 (EPSG:2154): GRS 80, standard parallels 44° and 49° N, origin 46.5° N 3° E,
#: false easting 700,000 m and northing 6,600,000 m. IGN publishes n = 0.7256077650,
#: C = 11,754,255.426 m, Ys = 12,655,612.050 m (checked by the tests).
LAMBERT_93: LambertConic = _secant_constants(
    _GRS80_A,
    math.sqrt(_GRS80_F * (2 - _GRS80_F)),
    lon0_deg=3.0,
    lat0_deg=46.5,
    lat1_deg=44.0,
    lat2_deg=49.0,
    x0=700000.0,
    y0=6600000.0,
)


def lambert_inverse(
    x_m: ArrayLike, y_m: ArrayLike, projection: LambertConic, tolerance_rad: float = 1e-11
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """ALG0004: longitude and latitude of points of a Lambert conformal conic projection.

    Parameters
    ----------
    x_m, y_m : array_like
        Projected coordinates. [m]
    projection : LambertConic
        The constants of the projection.
    tolerance_rad : float
        Stop the latitude iteration (ALG0002) when it moves less than this. [rad]

    Returns
    -------
    longitude_rad, latitude_rad : numpy.ndarray
        Geographic coordinates on the projection's ellipsoid. [rad]
    """
    x = np.asarray(x_m, dtype=float)
    y = np.asarray(y_m, dtype=float)
    dx, dy = x - projection.xs, projection.ys - y
    radius = np.hypot(dx, dy)
    gamma = np.arctan2(dx, dy)
    longitude = projection.lon0_rad + gamma / projection.n
    isometric = -np.log(np.abs(radius / projection.c)) / projection.n
    e = projection.e
    latitude = 2 * np.arctan(np.exp(isometric)) - np.pi / 2
    for _ in range(50):
        e_sin = e * np.sin(latitude)
        following = (
            2 * np.arctan(((1 + e_sin) / (1 - e_sin)) ** (e / 2) * np.exp(isometric)) - np.pi / 2
        )
        moved = np.nanmax(np.abs(following - latitude), initial=0.0)
        latitude = following
        if moved < tolerance_rad:
            break
    return longitude, latitude


def lambert93_to_wgs84(
    x_m: ArrayLike, y_m: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Longitude and latitude of Lambert 93 points (EPSG:2154 to EPSG:4326).

    Parameters
    ----------
    x_m, y_m : array_like
        Lambert 93 easting and northing. [m]

    Returns
    -------
    longitude_deg, latitude_deg : numpy.ndarray
        WGS84 coordinates (RGF93, within a metre of WGS84). [°]

    Examples
    --------
    The origin of the projection is 3° E, 46.5° N:

    >>> lon, lat = lambert93_to_wgs84([700000.0], [6600000.0])
    >>> round(float(lon[0]), 9), round(float(lat[0]), 9)
    (3.0, 46.5)
    """
    longitude, latitude = lambert_inverse(x_m, y_m, LAMBERT_93)
    return np.degrees(longitude), np.degrees(latitude)
