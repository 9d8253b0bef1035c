"""The area of a draft zone: a bounding box, départements, communes, or a polygon."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from symbiosis.errors import InputError

__all__ = ["Area", "as_area"]

AreaKind = Literal["bbox", "departements", "communes", "polygon"]


@dataclass(frozen=True)
class Area:
    """Where a draft zone lies.

    Build it with :meth:`bbox`, :meth:`departements`, :meth:`communes` or :meth:`polygon`
    (or give :func:`~symbiosis.sources.draft_zone` a 4-tuple, a département code, a list of
    commune codes or a list of (longitude, latitude) points).

    Examples
    --------
    >>> area = Area.bbox(1.55, 50.70, 1.65, 50.75)
    >>> area.contains(pd.DataFrame({"longitude": [1.6, 1.7], "latitude": [50.72, 50.72],
    ...                             "departement": ["62", "62"], "code_insee": ["", ""]})).tolist()
    [True, False]
    """

    kind: AreaKind
    codes: tuple[str, ...] = ()
    points: tuple[tuple[float, float], ...] = ()

    @classmethod
    def bbox(cls, west: float, south: float, east: float, north: float) -> Area:
        """A box between two longitudes and two latitudes. [°, WGS84]"""
        if not (west < east and south < north):
            raise InputError(
                f"a bounding box is (west, south, east, north) with west < east and south < "
                f"north; got ({west}, {south}, {east}, {north})"
            )
        corners = ((west, south), (east, south), (east, north), (west, north))
        return cls("bbox", points=corners)

    @classmethod
    def departements(cls, *codes: str) -> Area:
        """French départements by code (``"62"``, ``"2A"``, ``"974"``)."""
        return cls("departements", codes=tuple(sorted(str(code) for code in codes)))

    @classmethod
    def communes(cls, *codes: str) -> Area:
        """Communes by INSEE code (``"62160"`` is Boulogne-sur-Mer)."""
        return cls("communes", codes=tuple(sorted(str(code) for code in codes)))

    @classmethod
    def polygon(cls, points: Sequence[tuple[float, float]]) -> Area:
        """A polygon of (longitude, latitude) points [°], closed or not."""
        if len(points) < 3:
            raise InputError(f"a polygon needs at least 3 points, not {len(points)}")
        return cls("polygon", points=tuple((float(lon), float(lat)) for lon, lat in points))

    def contains(self, records: pd.DataFrame) -> pd.Series:
        """Which records lie in the area (columns ``longitude``, ``latitude``,
        ``departement``, ``code_insee``; a record without position is out of a box or
        polygon)."""
        if self.kind == "departements":
            return records["departement"].astype(str).isin(self.codes)
        if self.kind == "communes":
            return records["code_insee"].astype(str).isin(self.codes)
        return pd.Series(
            _inside(
                records["longitude"].to_numpy(float),
                records["latitude"].to_numpy(float),
                np.array(self.points),
            ),
            index=records.index,
        )

    def describe(self) -> str:
        """The area in words, for the zone's description."""
        if self.kind in ("departements", "communes"):
            return f"{self.kind} {', '.join(self.codes)}"
        if self.kind == "bbox":
            (west, south), _, (east, north), _ = self.points
            return f"longitude {west} to {east}, latitude {south} to {north}"
        return f"a polygon of {len(self.points)} points"


def _inside(x: np.ndarray, y: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """Even-odd rule: points strictly inside the polygon (NaN positions are outside)."""
    inside = np.zeros(x.shape, dtype=bool)
    count = len(polygon)
    for index in range(count):
        x1, y1 = polygon[index]
        x2, y2 = polygon[(index + 1) % count]
        if y1 == y2:
            continue
        crosses = (y1 > y) != (y2 > y)
        with np.errstate(invalid="ignore", divide="ignore"):
            at_x = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
        inside ^= crosses & (x < at_x)
    return inside


def as_area(area: Area | str | Sequence[object]) -> Area:
    """An :class:`Area` from what a user may write.

    A département code (``"62"``), a 4-tuple of numbers (west, south, east, north), a list
    of 5-character commune codes, or a list of (longitude, latitude) points.

    Examples
    --------
    >>> as_area("62").kind, as_area((1.5, 50.6, 1.7, 50.8)).kind, as_area(["62160"]).kind
    ('departements', 'bbox', 'communes')
    """
    if isinstance(area, Area):
        return area
    if isinstance(area, str):
        return Area.departements(area) if len(area) <= 3 else Area.communes(area)
    items = list(area)
    if len(items) == 4 and all(isinstance(item, int | float) for item in items):
        west, south, east, north = (float(item) for item in items)  # type: ignore[arg-type]
        return Area.bbox(west, south, east, north)
    if items and all(isinstance(item, str) and len(item) == 5 for item in items):
        return Area.communes(*(str(item) for item in items))
    if items and all(isinstance(item, str) and len(item) <= 3 for item in items):
        return Area.departements(*(str(item) for item in items))
    if len(items) >= 3 and all(isinstance(item, tuple | list) and len(item) == 2 for item in items):
        return Area.polygon([(float(p[0]), float(p[1])) for p in items])  # type: ignore[index]
    raise InputError(
        f"{area!r} is not an area; give a département code ('62'), commune codes "
        "(['62160']), a box (west, south, east, north) or a polygon [(lon, lat), ...]"
    )
