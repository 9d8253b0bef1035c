"""The SIRENE establishment stock and its geolocation, filtered while they are read.

The national ``StockEtablissement`` has some 44 million rows: it is streamed in chunks with
pandas (only the columns used, every cell as text so SIRETs keep their leading zeros), and
each chunk keeps only the establishments of the asked départements or communes, activity
codes (NAF rév. 2 ``activitePrincipaleEtablissement`` or NAF 2025
``activitePrincipaleNAF25Etablissement``) and state ``A`` (active; the stock writes ``A``,
not ``Actif``). The geolocation file (INSEE's ``GeolocalisationEtablissement_Sirene_pour_etudes
_statistiques``: ``x``, ``y`` with a per-row ``epsg``, or ``x_longitude``/``y_latitude``) is
then streamed the same way, keeping the SIRETs found. data.gouv.fr's per-département
``geo_siret_{dep}.csv.gz`` carries ``longitude``/``latitude`` in the stock's own rows: no
second file is needed then.
"""

from __future__ import annotations

import csv
import gzip
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from symbiosis.errors import InputError, Problem
from symbiosis.io.csv_folder import sniff_delimiter
from symbiosis.sources.lambert import lambert93_to_wgs84
from symbiosis.sources.registers import (
    ColumnSpec,
    column_specs,
    map_headers,
    raise_problems,
    register_catalogue,
)

__all__ = ["SireneEstablishments", "departement_of", "read_sirene"]

#: Rows of a chunk: about 100 MB of text columns at the stock's width used here.
DEFAULT_CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class SireneEstablishments:
    """Active establishments of SIRENE kept by the filters, sorted by SIRET.

    Attributes
    ----------
    establishments : pandas.DataFrame
        ``siret``, ``name`` (sign or usual name, '' when SIRENE has none), ``nace``
        (``10.20Z``), ``nace_2025``, ``staff_band`` (INSEE code), ``staff_low``,
        ``staff_high`` [persons], ``code_commune``, ``departement``, ``diffusible``
        (``statutDiffusionEtablissement`` is ``O``), ``head_office``, ``longitude``,
        ``latitude`` [°, WGS84; NaN without a position], ``geo_quality``, ``file``, ``row``.
    rows_read : int
        Rows of the stock read (before filtering).
    problems : list of Problem
        Problems found in the kept rows (empty unless read with ``strict=False``).
    source : str
        ``SIRENE``, with the stock's file name.
    """

    establishments: pd.DataFrame
    rows_read: int
    source: str
    problems: list[Problem] = field(default_factory=list)


def departement_of(code_commune: pd.Series) -> pd.Series:
    """The département of INSEE commune codes: 2 characters, 3 overseas (``97x``).

    Examples
    --------
    >>> departement_of(pd.Series(["62160", "2A004", "97411"])).tolist()
    ['62', '2A', '974']
    """
    codes = code_commune.fillna("").astype(str).str.strip()
    return codes.str[:2].where(~codes.str.startswith("97"), codes.str[:3])


def _first_line(path: Path) -> str:
    """The first line of a CSV file, plain, gzip or the first member of a ZIP."""
    if path.suffix.lower() == ".gz":
        with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
            return handle.readline()
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = [name for name in archive.namelist() if not name.endswith("/")]
            if not members:
                raise InputError(f"{path}: the ZIP holds no file")
            with archive.open(members[0]) as handle:
                return handle.readline().decode("utf-8-sig")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return handle.readline()


def _header(path: Path) -> tuple[list[str], str]:
    """The header of a (possibly compressed) CSV file and its separator."""
    line = _first_line(path)
    separator = sniff_delimiter(line)
    headers = next(csv.reader([line.rstrip("\r\n")], delimiter=separator), [])
    return headers, separator


def _chunks(
    path: Path, specs: tuple[ColumnSpec, ...], problems: list[Problem], chunk_rows: int
) -> Iterator[tuple[int, pd.DataFrame]]:
    """Chunks of the known columns, renamed to their canonical names, with their first row."""
    headers, separator = _header(path)
    positions = map_headers(headers, specs, path.name, 1, problems)
    if any(problem.file == path.name and problem.row == 1 for problem in problems):
        return
    renames = {headers[index]: name for name, index in positions.items()}
    reader = pd.read_csv(
        path,
        sep=separator,
        dtype=object,
        keep_default_na=False,
        usecols=list(renames),
        chunksize=chunk_rows,
        encoding="utf-8-sig",
    )
    first_row = 2
    with reader:
        for chunk in reader:
            yield first_row, chunk.rename(columns=renames)
            first_row += len(chunk)


def _starts_with(values: pd.Series, prefixes: tuple[str, ...]) -> np.ndarray:
    """Which values start with one of the prefixes (a plain loop: faster than ``.str`` here)."""
    return np.fromiter(
        (isinstance(value, str) and value.startswith(prefixes) for value in values),
        dtype=bool,
        count=len(values),
    )


def _in_departements(codes: pd.Series, wanted: frozenset[str]) -> np.ndarray:
    """Which commune codes lie in the wanted départements (3 characters overseas)."""
    return np.fromiter(
        (
            isinstance(code, str) and (code[:3] if code[:2] == "97" else code[:2]) in wanted
            for code in codes
        ),
        dtype=bool,
        count=len(codes),
    )


def _activity_mask(chunk: pd.DataFrame, activities: tuple[str, ...]) -> np.ndarray:
    mask = np.zeros(len(chunk), dtype=bool)
    for column in ("activitePrincipaleEtablissement", "activitePrincipaleNAF25Etablissement"):
        if column in chunk:
            mask |= _starts_with(chunk[column], activities)
    return mask


def _numbers(text: pd.Series) -> pd.Series:
    """Text with decimal points or commas as floats; '' and bad text as NaN."""
    return pd.to_numeric(
        text.fillna("").astype(str).str.strip().str.replace(",", ".", regex=False),
        errors="coerce",
    )


def _positions(
    frame: pd.DataFrame, label: str, problems: list[Problem]
) -> tuple[pd.Series, pd.Series]:
    """Longitude and latitude [°] of each row: given directly, or converted by its EPSG."""
    longitude = _numbers(frame["longitude"]) if "longitude" in frame else None
    latitude = _numbers(frame["latitude"]) if "latitude" in frame else None
    result_lon = pd.Series(np.nan, index=frame.index)
    result_lat = pd.Series(np.nan, index=frame.index)
    if longitude is not None and latitude is not None:
        result_lon, result_lat = longitude.copy(), latitude.copy()
    if "x" in frame and "y" in frame:
        x, y = _numbers(frame["x"]), _numbers(frame["y"])
        epsg = (
            frame["epsg"].fillna("").astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
            if "epsg" in frame
            else pd.Series("2154", index=frame.index)
        )
        todo = result_lon.isna() & x.notna() & y.notna()
        lambert = todo & (epsg == "2154")
        if lambert.any():
            lon, lat = lambert93_to_wgs84(x[lambert].to_numpy(), y[lambert].to_numpy())
            result_lon[lambert], result_lat[lambert] = lon, lat
        degrees = todo & (epsg == "4326")
        result_lon[degrees], result_lat[degrees] = x[degrees], y[degrees]
        unread = todo & ~lambert & ~degrees
        for row, code in zip(frame.loc[unread, "row"], epsg[unread], strict=True):
            problems.append(
                Problem(
                    label,
                    int(row),
                    "epsg",
                    str(code),
                    "is a projection that is not read (only 2154 and 4326); use the file's "
                    "x_longitude and y_latitude columns, or convert to WGS84",
                )
            )
    return result_lon, result_lat


def _geolocation(
    path: Path, sirets: set[str], problems: list[Problem], chunk_rows: int
) -> pd.DataFrame:
    specs = column_specs(register_catalogue()["sirene"]["geolocation_columns"])
    kept = []
    for first_row, chunk in _chunks(path, specs, problems, chunk_rows):
        chunk = chunk.assign(row=np.arange(first_row, first_row + len(chunk)))
        chunk = chunk[chunk["siret"].str.strip().isin(sirets)]
        if len(chunk):
            longitude, latitude = _positions(chunk, path.name, problems)
            kept.append(
                pd.DataFrame(
                    {
                        "siret": chunk["siret"].str.strip(),
                        "longitude": longitude,
                        "latitude": latitude,
                        "geo_quality": chunk.get("qualite_xy", pd.Series("", index=chunk.index)),
                    }
                )
            )
    columns = ["siret", "longitude", "latitude", "geo_quality"]
    if not kept:
        return pd.DataFrame(columns=columns)
    return pd.concat(kept, ignore_index=True).drop_duplicates("siret", keep="first")


def _problems_of_kept(frame: pd.DataFrame, label: str, problems: list[Problem]) -> None:
    bands = register_catalogue()["sirene"]["staff_bands"]["codes"]
    for row, siret, band in zip(
        frame["row"].astype(int), frame["siret"], frame["staff_band"], strict=True
    ):
        if not re.fullmatch(r"\d{14}", siret):
            problems.append(
                Problem(
                    label,
                    row,
                    "siret",
                    siret,
                    "is not a SIRET (14 digits); if a spreadsheet dropped its leading zeros, "
                    "use the file as downloaded",
                )
            )
        if band and band not in bands:
            problems.append(
                Problem(
                    label,
                    row,
                    "trancheEffectifsEtablissement",
                    band,
                    f"is not an INSEE staff band; the codes are {', '.join(bands)}",
                )
            )


def read_sirene(
    stock: str | Path,
    geolocation: str | Path | None = None,
    *,
    departements: Iterable[str] = (),
    communes: Iterable[str] = (),
    activities: Iterable[str] = (),
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    strict: bool = True,
) -> SireneEstablishments:
    """Stream the SIRENE stock, keep the active establishments asked for, and place them.

    Parameters
    ----------
    stock : str or Path
        ``StockEtablissement_utf8.csv`` (or ``.zip``/``.gz``; ``,`` or ``;``), or a
        per-département ``geo_siret_{dep}.csv.gz`` that holds positions already.
    geolocation : str or Path, optional
        INSEE's geolocation file, streamed the same way (key ``siret``).
    departements : iterable of str
        Départements to keep (``"62"``, ``"2A"``, ``"974"``); empty keeps all.
    communes : iterable of str
        INSEE commune codes to keep (``"62160"``); empty keeps all.
    activities : iterable of str
        NAF code prefixes to keep on either NAF column (``"10.20"``, ``"10"``); empty
        keeps all.
    chunk_rows : int
        Rows read at a time; memory grows with it, not with the file.
    strict : bool
        Raise every problem of the kept rows at once (default).

    Returns
    -------
    SireneEstablishments

    Raises
    ------
    ValidationReport
        A missing column, a SIRET that is not 14 digits, an unknown staff band, a projection
        that is not read (each with its file, row and column).
    InputError
        When a file cannot be found.
    """
    stock, wanted_departements = Path(stock), tuple(str(code) for code in departements)
    wanted_communes = frozenset(str(code) for code in communes)
    wanted_activities = tuple(str(code).strip().upper() for code in activities)
    for path in (stock, geolocation):
        if path is not None and not Path(path).is_file():
            raise InputError(f"{path}: no such file")
    catalogue = register_catalogue()["sirene"]
    specs = column_specs(catalogue["stock_columns"])
    # The geolocation columns, when the stock carries them (geo_siret files).
    geo_specs = tuple(
        spec for spec in column_specs(catalogue["geolocation_columns"]) if spec.name != "siret"
    )
    problems: list[Problem] = []
    kept = []
    rows_read = 0
    departement_set = frozenset(wanted_departements)
    for first_row, chunk in _chunks(stock, (*specs, *geo_specs), problems, chunk_rows):
        rows_read += len(chunk)
        # Cheapest test first, each on what the previous kept (the stock's codes carry no
        # spaces: no stripping on 44 million rows).
        chunk = chunk.assign(row=np.arange(first_row, first_row + len(chunk)))
        chunk = chunk[chunk["etatAdministratifEtablissement"].to_numpy(dtype=object) == "A"]
        if wanted_departements:
            chunk = chunk[_in_departements(chunk["codeCommuneEtablissement"], departement_set)]
        if wanted_communes:
            chunk = chunk[chunk["codeCommuneEtablissement"].isin(wanted_communes)]
        if wanted_activities:
            chunk = chunk[_activity_mask(chunk, wanted_activities)]
        if len(chunk):
            kept.append(chunk)
    columns = [*(spec.name for spec in (*specs, *geo_specs)), "row"]
    frame = pd.concat(kept, ignore_index=True) if kept else pd.DataFrame(columns=columns)
    for name in columns:
        if name not in frame:
            frame[name] = ""
    frame["siret"] = frame["siret"].str.strip()
    frame["staff_band"] = frame["trancheEffectifsEtablissement"].str.strip()
    _problems_of_kept(frame, stock.name, problems)
    longitude, latitude = _positions(frame, stock.name, problems)
    frame["longitude"], frame["latitude"] = longitude, latitude
    frame["geo_quality"] = frame["qualite_xy"]
    if geolocation is not None:
        located = _geolocation(
            Path(geolocation), set(frame["siret"]), problems, chunk_rows
        ).set_index("siret")
        missing = frame["longitude"].isna()
        for column in ("longitude", "latitude", "geo_quality"):
            found = frame.loc[missing, "siret"].map(located[column])
            frame.loc[missing, column] = found
    bands = catalogue["staff_bands"]["codes"]
    name = frame["enseigne1Etablissement"].str.strip()
    name = name.where(name != "", frame["denominationUsuelleEtablissement"].str.strip())
    establishments = pd.DataFrame(
        {
            "siret": frame["siret"],
            "name": name,
            "nace": frame["activitePrincipaleEtablissement"].str.strip(),
            "nace_2025": frame["activitePrincipaleNAF25Etablissement"].str.strip(),
            "staff_band": frame["staff_band"],
            "staff_low": frame["staff_band"]
            .map(lambda code: (bands.get(code) or {}).get("low"))
            .astype(float),
            "staff_high": frame["staff_band"]
            .map(lambda code: (bands.get(code) or {}).get("high"))
            .astype(float),
            "code_commune": frame["codeCommuneEtablissement"].str.strip(),
            "departement": departement_of(frame["codeCommuneEtablissement"]),
            "diffusible": frame["statutDiffusionEtablissement"].str.strip().isin(["O", ""]),
            "head_office": frame["etablissementSiege"].str.strip().str.lower() == "true",
            "longitude": frame["longitude"].astype(float),
            "latitude": frame["latitude"].astype(float),
            "geo_quality": frame["geo_quality"].fillna("").astype(str),
            "file": stock.name,
            "row": frame["row"].astype(int),
        }
    )
    if strict:
        raise_problems(problems, str(stock))
    return SireneEstablishments(
        establishments=establishments.sort_values("siret", ignore_index=True),
        rows_read=rows_read,
        source=f"SIRENE ({stock.name})",
        problems=problems,
    )
