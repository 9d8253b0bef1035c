"""The IREP annual archive (GEREP declarations): establishments, water, discharges, waste.

A user downloads ``https://files.georisques.fr/irep/{year}.zip`` (the library never fetches
anything) and gives the ZIP, or the folder it unpacks to. The files sit under ``{year}/``; their
columns, with the names they had in other years, are listed in ``catalogue/registers.yaml``.
Quirks read: ``;`` separators, a byte-order mark, decimal commas, the literal ``< seuil`` (kept
as below the reporting threshold, never as a number), empty cells, identifiers with leading
zeros (read as text), a projection code per row, exact duplicate rows (set aside, with the row
they repeat).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pandas as pd

from symbiosis.errors import InputError, Problem
from symbiosis.io.cells import CellError, parse_number
from symbiosis.sources.positions import position_of
from symbiosis.sources.registers import (
    BELOW_THRESHOLD,
    RegisterRows,
    column_specs,
    raise_problems,
    read_quantity,
    register_catalogue,
    rows_of_text,
)

__all__ = ["IrepArchive", "naf_code", "read_irep"]

_SET_ASIDE_COLUMNS = ["file", "row", "identifiant", "reason"]


@dataclass(frozen=True)
class IrepArchive:
    """One year of IREP, as tables (one row per declared line, sorted).

    Attributes
    ----------
    year : int
        The declaration year.
    establishments : pandas.DataFrame
        ``aiot`` (IREP ``identifiant`` = ICPE code AIOT), ``name``, ``siret`` ('' when not
        given), ``address``, ``postcode``, ``code_insee``, ``commune``, ``departement``,
        ``longitude``, ``latitude`` [°, WGS84], ``nace`` (``10.20Z``), ``nace_label``,
        ``file``, ``row``.
    water : pandas.DataFrame
        Withdrawals and discharges: ``aiot``, ``year``, ``column`` (the IREP column),
        ``direction`` (``demand`` for a withdrawal, ``supply`` for a discharge), ``resource``,
        ``route``, ``label``, ``quantity_m3_per_yr`` (NaN when below the threshold),
        ``below_threshold``, ``file``, ``row``.
    waste : pandas.DataFrame
        ``aiot``, ``year``, ``hazardous``, ``operation`` (``R3``, ``D10``), ``route``
        (``recovery`` or ``disposal``), ``party_kind``, ``operation_label``, ``ewc_code``
        (``07 07 08*``), ``waste_label``, ``destination_departement``, ``country``,
        ``quantity_t_per_yr`` (NaN when below the threshold), ``below_threshold``, ``file``,
        ``row``.
    set_aside : pandas.DataFrame
        Rows not used, with the reason: ``file``, ``row``, ``identifiant``, ``reason``
        (duplicates; with ``strict=False``, rows with problems).
    problems : list of Problem
        Problems found (empty unless read with ``strict=False``).
    source : str
        ``IREP {year}``.
    """

    year: int
    establishments: pd.DataFrame
    water: pd.DataFrame
    waste: pd.DataFrame
    set_aside: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)

    @property
    def source(self) -> str:
        """How flows and companies name this register: ``IREP {year}``."""
        return f"IREP {self.year}"


def naf_code(text: str) -> str:
    """A NAF code with its dot: ``1020Z`` and ``10.20Z`` give ``10.20Z``; '' stays ''.

    Examples
    --------
    >>> naf_code("1020Z"), naf_code("10.20z"), naf_code("")
    ('10.20Z', '10.20Z', '')
    """
    compact = text.strip().replace(".", "").upper()
    if not compact:
        return ""
    return f"{compact[:2]}.{compact[2:]}"


_NAF = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


def _archive_files(path: Path) -> tuple[dict[str, tuple[str, bytes]], int | None]:
    """Every CSV of the archive by lower-case file name: (label, bytes); the year folder."""
    found: dict[str, tuple[str, bytes]] = {}
    year: int | None = None
    if path.is_dir():
        members = [
            (f"{path.name}/{member.relative_to(path).as_posix()}", member)
            for member in path.rglob("*")
        ]
        for name, member in sorted(members):
            if member.is_file() and name.lower().endswith(".csv"):
                found[PurePosixPath(name).name.lower()] = (name, member.read_bytes())
        names = [name for name, _ in members]
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = sorted(archive.namelist())
            for name in names:
                if name.lower().endswith(".csv"):
                    found[PurePosixPath(name).name.lower()] = (name, archive.read(name))
    else:
        raise InputError(
            f"{path} is neither a ZIP archive nor a folder; give the IREP archive as downloaded "
            "(e.g. 2024.zip) or the folder it unpacks to"
        )
    for name in names:
        for part in PurePosixPath(name).parts[:-1]:
            if re.fullmatch(r"(19|20)\d{2}", part):
                year = int(part)
    if year is None and re.fullmatch(r"(19|20)\d{2}", path.stem):
        year = int(path.stem)
    return found, year


def _read_file(
    files: dict[str, tuple[str, bytes]], kind: str, problems: list[Problem], required: bool
) -> RegisterRows | None:
    spec = register_catalogue()["irep"]["files"][kind]
    for name in spec["names"]:
        if name.lower() in files:
            label, data = files[name.lower()]
            return rows_of_text(data, label, column_specs(spec["columns"]), problems)
    if required:
        problems.append(
            Problem(
                spec["names"][0],
                None,
                None,
                "",
                f"not found in the archive; an IREP archive holds {spec['names'][0]}",
            )
        )
    return None


def _without_duplicates(
    rows: RegisterRows, set_aside: list[dict[str, Any]]
) -> list[tuple[int, dict[str, str]]]:
    """The rows, each exact duplicate set aside with the row it repeats."""
    first_row: dict[tuple[tuple[str, str], ...], int] = {}
    kept = []
    for number, values in rows.rows:
        key = tuple(sorted(values.items()))
        if key in first_row:
            set_aside.append(
                {
                    "file": rows.label,
                    "row": number,
                    "identifiant": values.get("identifiant", ""),
                    "reason": f"duplicate of row {first_row[key]}",
                }
            )
            continue
        first_row[key] = number
        kept.append((number, values))
    return kept


def _year_of(text: str, label: str, row: int, column: str, problems: list[Problem]) -> int | None:
    try:
        number = parse_number(text)
    except CellError:
        problems.append(Problem(label, row, column, text, "is not a year; write e.g. 2024"))
        return None
    if not number.is_integer() or not 1990 <= number <= 2100:
        problems.append(Problem(label, row, column, text, "is not a year; write e.g. 2024"))
        return None
    return int(number)


def _establishments(
    rows: RegisterRows, problems: list[Problem], set_aside: list[dict[str, Any]]
) -> pd.DataFrame:
    records = []
    for number, values in _without_duplicates(rows, set_aside):
        before = len(problems)
        siret = values.get("numero_siret", "").replace(" ", "")
        if siret and not re.fullmatch(r"\d{14}", siret):
            problems.append(
                Problem(
                    rows.label,
                    number,
                    "numero_siret",
                    siret,
                    "is not a SIRET (14 digits); if a spreadsheet dropped its leading zeros, "
                    "read the file again as text",
                )
            )
        nace = naf_code(values.get("code_ape", ""))
        if nace and not _NAF.match(nace):
            problems.append(
                Problem(rows.label, number, "code_ape", values["code_ape"], "is not a NAF code")
            )
        position = position_of(
            values.get("coordonnees_x", ""),
            values.get("coordonnees_y", ""),
            values.get("code_epsg", ""),
            (rows.label, number, "coordonnees_x", "coordonnees_y"),
            problems,
        )
        if len(problems) > before:
            set_aside.append(
                {
                    "file": rows.label,
                    "row": number,
                    "identifiant": values["identifiant"],
                    "reason": "; ".join(problem.message for problem in problems[before:]),
                }
            )
            continue
        longitude, latitude = position if position is not None else (float("nan"),) * 2
        records.append(
            {
                "aiot": values["identifiant"],
                "name": values.get("nom_etablissement", ""),
                "siret": siret,
                "address": values.get("adresse", ""),
                "postcode": values.get("code_postal", ""),
                "code_insee": values.get("code_insee", ""),
                "commune": values.get("commune", ""),
                "departement": values.get("code_departement", ""),
                "longitude": longitude,
                "latitude": latitude,
                "nace": nace,
                "nace_label": values.get("libelle_ape", ""),
                "file": rows.label,
                "row": number,
            }
        )
    columns = [
        "aiot",
        "name",
        "siret",
        "address",
        "postcode",
        "code_insee",
        "commune",
        "departement",
        "longitude",
        "latitude",
        "nace",
        "nace_label",
        "file",
        "row",
    ]
    return pd.DataFrame(records, columns=columns)


def _water(
    parts: list[tuple[RegisterRows, str, str]],
    problems: list[Problem],
    set_aside: list[dict[str, Any]],
) -> pd.DataFrame:
    """Withdrawals (demands) and discharges (supplies): one row per non-empty column."""
    catalogue = register_catalogue()["irep"]
    records = []
    for rows, direction, year_column in parts:
        mapping = catalogue["withdrawals" if direction == "demand" else "discharges"]
        for number, values in _without_duplicates(rows, set_aside):
            year = _year_of(values[year_column], rows.label, number, year_column, problems)
            for column, meaning in mapping.items():
                quantity = read_quantity(
                    values.get(column, ""), rows.label, number, column, problems
                )
                if quantity is None:
                    continue
                below = quantity == BELOW_THRESHOLD
                records.append(
                    {
                        "aiot": values["identifiant"],
                        "year": year,
                        "column": column,
                        "direction": direction,
                        "resource": meaning["resource"],
                        "route": meaning["route"],
                        "label": meaning["label"],
                        "quantity_m3_per_yr": float("nan") if below else quantity,
                        "below_threshold": below,
                        "file": rows.label,
                        "row": number,
                    }
                )
    columns = [
        "aiot",
        "year",
        "column",
        "direction",
        "resource",
        "route",
        "label",
        "quantity_m3_per_yr",
        "below_threshold",
        "file",
        "row",
    ]
    return pd.DataFrame(records, columns=columns)


def _waste(
    parts: list[tuple[RegisterRows, bool]],
    problems: list[Problem],
    set_aside: list[dict[str, Any]],
) -> pd.DataFrame:
    operations = register_catalogue()["waste_operations"]["codes"]
    records = []
    for rows, hazardous in parts:
        for number, values in _without_duplicates(rows, set_aside):
            before = len(problems)
            year = _year_of(values["annee"], rows.label, number, "annee", problems)
            operation = values["code_operation_eliminatio_valorisation"].replace(" ", "").upper()
            if operation not in operations:
                problems.append(
                    Problem(
                        rows.label,
                        number,
                        "code_operation_eliminatio_valorisation",
                        values["code_operation_eliminatio_valorisation"],
                        "is not a recovery or disposal code; write R1 to R13 or D1 to D15 "
                        "(Directive 2008/98/EC, Annexes I and II)",
                    )
                )
            unit = values.get("unite", "").strip().lower().replace(" ", "")
            if unit not in ("", "t/an", "tonnes/an", "t", "tonnes", "t/yr"):
                problems.append(
                    Problem(
                        rows.label,
                        number,
                        "unite",
                        values["unite"],
                        "is not tonnes per year; IREP waste quantities are in t/an",
                    )
                )
            quantity = read_quantity(values["quantite"], rows.label, number, "quantite", problems)
            if len(problems) > before or quantity is None:
                set_aside.append(
                    {
                        "file": rows.label,
                        "row": number,
                        "identifiant": values["identifiant"],
                        "reason": "; ".join(problem.message for problem in problems[before:])
                        or "no quantity declared",
                    }
                )
                continue
            below = quantity == BELOW_THRESHOLD
            departement = values.get("code_departement", "")
            # Some years lost the leading zero of a destination département (2 for 02).
            if departement.isdigit() and len(departement) == 1:
                departement = departement.zfill(2)
            meaning = operations[operation]
            records.append(
                {
                    "aiot": values["identifiant"],
                    "year": year,
                    "hazardous": hazardous,
                    "operation": operation,
                    "route": meaning["route"],
                    "party_kind": meaning["party"],
                    "operation_label": values.get("libelle_operation_eliminatio_valorisation", "")
                    or meaning["label"],
                    "ewc_code": values["code_dechet"],
                    "waste_label": values.get("libelle_dechet", ""),
                    "destination_departement": departement,
                    "country": values.get("pays", ""),
                    "quantity_t_per_yr": float("nan") if below else quantity,
                    "below_threshold": below,
                    "file": rows.label,
                    "row": number,
                }
            )
    columns = [
        "aiot",
        "year",
        "hazardous",
        "operation",
        "route",
        "party_kind",
        "operation_label",
        "ewc_code",
        "waste_label",
        "destination_departement",
        "country",
        "quantity_t_per_yr",
        "below_threshold",
        "file",
        "row",
    ]
    return pd.DataFrame(records, columns=columns)


def read_irep(path: str | Path, strict: bool = True) -> IrepArchive:
    """Read one year of the IREP archive.

    Parameters
    ----------
    path : str or Path
        The ZIP as downloaded (``2024.zip``) or the folder it unpacks to.
    strict : bool
        Raise every problem at once (default). With False, rows with problems are set aside
        with their reason and the problems are kept in ``IrepArchive.problems``.

    Returns
    -------
    IrepArchive
        Establishments, water withdrawals and discharges, waste production, rows set aside.

    Raises
    ------
    ValidationReport
        Every problem (file, row, column, value, fix) when ``strict``: a missing column, a
        quantity that is not a number, an unknown R/D code, a SIRET that is not 14 digits, a
        projection that is not read.
    InputError
        When the path is neither a ZIP nor a folder, or no year can be found.
    """
    path = Path(path)
    files, year = _archive_files(path)
    problems: list[Problem] = []
    set_aside: list[dict[str, Any]] = []
    establishments_rows = _read_file(files, "establishments", problems, required=True)
    withdrawals = _read_file(files, "withdrawals", problems, required=False)
    discharges = _read_file(files, "discharges", problems, required=False)
    hazardous = _read_file(files, "hazardous_waste", problems, required=False)
    non_hazardous = _read_file(files, "non_hazardous_waste", problems, required=False)
    establishments = (
        _establishments(establishments_rows, problems, set_aside)
        if establishments_rows is not None
        else pd.DataFrame()
    )
    water_parts = [
        (rows, direction, year_column)
        for rows, direction, year_column in (
            (withdrawals, "demand", "annee"),
            (discharges, "supply", "annee_rejet"),
        )
        if rows is not None
    ]
    water = _water(water_parts, problems, set_aside)
    waste_parts = [
        (rows, is_hazardous)
        for rows, is_hazardous in ((hazardous, True), (non_hazardous, False))
        if rows is not None
    ]
    waste = _waste(waste_parts, problems, set_aside)
    if strict:
        raise_problems(problems, str(path))
    if year is None:
        years = sorted(
            {int(value) for value in (*water["year"], *waste["year"]) if pd.notna(value)}
        )
        if len(years) != 1:
            raise InputError(
                f"{path}: the IREP year cannot be told (found {years or 'none'}); give the "
                "archive under its year's name, e.g. 2024.zip"
            )
        year = years[0]
    return IrepArchive(
        year=year,
        establishments=establishments.sort_values(["aiot", "row"], ignore_index=True)
        if len(establishments)
        else establishments,
        water=water.sort_values(["aiot", "file", "row", "column"], ignore_index=True),
        waste=waste.sort_values(["aiot", "file", "row"], ignore_index=True),
        set_aside=pd.DataFrame(set_aside, columns=_SET_ASIDE_COLUMNS).sort_values(
            ["file", "row"], ignore_index=True
        ),
        problems=sorted(problems, key=lambda problem: (problem.file, problem.row or 0)),
    )
