"""The Géorisques export of classified installations (ICPE): sites, regime, headings.

A user saves the JSON of ``https://www.georisques.gouv.fr/api/v1/installations_classees`` (a
page ``{"data": [...]}``, a list of pages, or a plain list of installations). Field names, as
seen in public reusers' code, are listed in ``catalogue/registers.yaml``. Headings (rubriques)
carry capacities: 2921 cooling towers (kW evacuated), 2910 combustion (MW), 4735 ammonia,
2221 animal-origin food (kg/day).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from symbiosis.errors import InputError, Problem
from symbiosis.io.cells import CellError, parse_number
from symbiosis.sources.irep import naf_code
from symbiosis.sources.positions import position_of
from symbiosis.sources.registers import raise_problems, register_catalogue

__all__ = ["IcpeExport", "read_icpe"]


@dataclass(frozen=True)
class IcpeExport:
    """Classified installations and their headings, as tables sorted by code AIOT.

    Attributes
    ----------
    installations : pandas.DataFrame
        ``aiot``, ``name``, ``siret``, ``nace`` (``10.20Z``), ``commune``, ``code_insee``,
        ``longitude``, ``latitude`` [°, WGS84], ``activity_state``, ``regime``, ``seveso``,
        ``file``, ``row`` (the installation's position in the file, from 1).
    headings : pandas.DataFrame
        ``aiot``, ``heading`` (``2921``), ``alinea``, ``nature``, ``regime``, ``quantity``
        (NaN when not given), ``unit``.
    problems : list of Problem
        Problems found (empty unless read with ``strict=False``).
    source : str
        ``ICPE``, with the file name.
    """

    installations: pd.DataFrame
    headings: pd.DataFrame
    source: str
    problems: list[Problem] = field(default_factory=list)


def _installations_of(loaded: Any, label: str) -> list[Any]:
    if isinstance(loaded, dict) and isinstance(loaded.get("data"), list):
        return list(loaded["data"])
    if isinstance(loaded, list) and all(isinstance(item, dict) for item in loaded):
        if all(isinstance(item.get("data"), list) for item in loaded):
            return [entry for page in loaded for entry in page["data"]]
        return loaded
    raise InputError(
        f'{label}: not a Géorisques installations export; expected {{"data": [...]}}, a list '
        "of such pages, or a list of installations"
    )


def _field(record: dict[str, Any], names: list[str]) -> Any:
    for name in names:
        if name in record and record[name] is not None:
            return record[name]
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_icpe(path: str | Path, strict: bool = True) -> IcpeExport:
    """Read a Géorisques ICPE export (JSON).

    Parameters
    ----------
    path : str or Path
        The JSON file as saved from the API.
    strict : bool
        Raise every problem at once (default); with False, keep them in ``problems`` and
        leave the position or quantity at fault empty.

    Returns
    -------
    IcpeExport

    Raises
    ------
    ValidationReport
        Every problem (installation number, field, value, fix) when ``strict``: a missing
        ``codeAIOT``, a position that cannot be read, a capacity that is not a number.
    InputError
        When the file is not JSON or not an installations export.
    """
    path = Path(path)
    label = path.name
    try:
        loaded = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{label}: cannot be read as JSON ({error})") from None
    spec = register_catalogue()["icpe"]
    names, heading_names = spec["fields"], spec["heading_fields"]
    problems: list[Problem] = []
    installations = []
    headings = []
    for number, record in enumerate(_installations_of(loaded, label), start=1):
        aiot = _text(_field(record, names["code_aiot"]))
        if not aiot:
            problems.append(
                Problem(label, number, "codeAIOT", "", "is missing; every installation has one")
            )
            continue
        position = None
        longitude, latitude = _field(record, names["longitude"]), _field(record, names["latitude"])
        if longitude is not None and latitude is not None:
            position = position_of(
                _text(longitude), _text(latitude), "4326",
                (label, number, "longitude", "latitude"), problems,
            )  # fmt: skip
        else:
            position = position_of(
                _text(_field(record, names["x"])),
                _text(_field(record, names["y"])),
                _text(_field(record, names["epsg"])),
                (label, number, "coordonneeXAIOT", "coordonneeYAIOT"),
                problems,
            )
        lon, lat = position if position is not None else (float("nan"), float("nan"))
        installations.append(
            {
                "aiot": aiot,
                "name": _text(_field(record, names["name"])),
                "siret": _text(_field(record, names["siret"])).replace(" ", ""),
                "nace": naf_code(_text(_field(record, names["nace"]))),
                "commune": _text(_field(record, names["commune"])),
                "code_insee": _text(_field(record, names["code_insee"])),
                "longitude": lon,
                "latitude": lat,
                "activity_state": _text(_field(record, names["activity_state"])),
                "regime": _text(_field(record, names["regime"])),
                "seveso": _text(_field(record, names["seveso"])),
                "file": label,
                "row": number,
            }
        )
        for heading in record.get("rubriques") or []:
            quantity_text = _text(_field(heading, heading_names["quantity"]))
            quantity = float("nan")
            if quantity_text:
                try:
                    quantity = parse_number(quantity_text)
                except CellError as error:
                    problems.append(
                        Problem(
                            label,
                            number,
                            "rubriques.quantiteTotale",
                            quantity_text,
                            f"{error}; write the capacity as a number",
                        )
                    )
            headings.append(
                {
                    "aiot": aiot,
                    "heading": _text(_field(heading, heading_names["heading"])),
                    "alinea": _text(_field(heading, heading_names["alinea"])),
                    "nature": _text(_field(heading, heading_names["nature"])),
                    "regime": _text(_field(heading, heading_names["regime"])),
                    "quantity": quantity,
                    "unit": _text(_field(heading, heading_names["unit"])),
                }
            )
    if strict:
        raise_problems(problems, str(path))
    installation_columns = [
        "aiot", "name", "siret", "nace", "commune", "code_insee", "longitude", "latitude",
        "activity_state", "regime", "seveso", "file", "row",
    ]  # fmt: skip
    heading_columns = ["aiot", "heading", "alinea", "nature", "regime", "quantity", "unit"]
    return IcpeExport(
        installations=pd.DataFrame(installations, columns=installation_columns).sort_values(
            ["aiot", "row"], ignore_index=True
        ),
        headings=pd.DataFrame(headings, columns=heading_columns).sort_values(
            ["aiot", "heading", "alinea"], ignore_index=True
        ),
        source=f"ICPE ({label})",
        problems=problems,
    )
