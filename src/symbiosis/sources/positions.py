"""A position per row: coordinates in the projection a register names, turned into WGS84."""

from __future__ import annotations

from symbiosis.errors import Problem
from symbiosis.io.cells import CellError, parse_number
from symbiosis.sources.lambert import lambert93_to_wgs84

__all__ = ["SUPPORTED_EPSG", "position_of"]

#: The projections read: WGS84 longitude/latitude and Lambert 93.
SUPPORTED_EPSG = ("4326", "2154")


def _guess_epsg(x: float, y: float) -> str | None:
    """The projection of coordinates without a code, when their range says it."""
    if -180 <= x <= 180 and -90 <= y <= 90:
        return "4326"
    # Lambert 93 covers metropolitan France: X about 100 to 1,250 km, Y 6,000 to 7,150 km.
    if 0 < x < 1_300_000 and 6_000_000 < y < 7_200_000:
        return "2154"
    return None


def position_of(
    x_text: str,
    y_text: str,
    epsg_text: str,
    where: tuple[str, int, str, str],
    problems: list[Problem],
) -> tuple[float, float] | None:
    """Longitude and latitude [°] of one row's coordinates, or None (and a problem).

    Parameters
    ----------
    x_text, y_text : str
        The coordinates as written (decimal comma allowed): longitude and latitude for EPSG
        4326, easting and northing [m] for EPSG 2154.
    epsg_text : str
        The row's projection code ('' when the file has none: guessed from the range).
    where : tuple
        File label, row number, and the names of the x and y columns, for messages.
    problems : list of Problem
        Where a problem is added.

    Examples
    --------
    >>> problems = []
    >>> position_of("1,6", "50,7", "4326", ("f.csv", 2, "x", "y"), problems)
    (1.6, 50.7)
    >>> lon, lat = position_of("700000", "6600000", "", ("f.csv", 3, "x", "y"), problems)
    >>> round(lon, 6), round(lat, 6)
    (3.0, 46.5)
    """
    label, row, x_column, y_column = where
    if not x_text and not y_text:
        return None
    try:
        x = parse_number(x_text)
    except CellError as error:
        problems.append(Problem(label, row, x_column, x_text, f"{error}: write a coordinate"))
        return None
    try:
        y = parse_number(y_text)
    except CellError as error:
        problems.append(Problem(label, row, y_column, y_text, f"{error}: write a coordinate"))
        return None
    epsg = epsg_text.strip().upper().removeprefix("EPSG:")
    epsg = epsg.split(".")[0] if epsg.endswith(".0") else epsg
    if not epsg:
        guessed = _guess_epsg(x, y)
        if guessed is None:
            problems.append(
                Problem(
                    label,
                    row,
                    x_column,
                    f"{x_text} {y_text}",
                    "no projection code and the coordinates are neither longitude/latitude "
                    "nor Lambert 93; give the row's EPSG code",
                )
            )
            return None
        epsg = guessed
    if epsg == "4326":
        longitude, latitude = x, y
    elif epsg == "2154":
        lon, lat = lambert93_to_wgs84([x], [y])
        longitude, latitude = float(lon[0]), float(lat[0])
    else:
        problems.append(
            Problem(
                label,
                row,
                x_column,
                epsg_text,
                f"projection EPSG:{epsg} is not read (only {' and '.join(SUPPORTED_EPSG)}); "
                "convert the coordinates to WGS84 longitude/latitude",
            )
        )
        return None
    if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
        problems.append(
            Problem(
                label,
                row,
                x_column,
                f"{x_text} {y_text}",
                f"is outside the earth in EPSG:{epsg}; check the projection code",
            )
        )
        return None
    return longitude, latitude
