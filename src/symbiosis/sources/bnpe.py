"""The BNPE export of water abstractions (Banque nationale des prélèvements quantitatifs en eau).

Volumes are attached to works (*ouvrages*), come from water-agency levies, and carry no SIRET
and no operator's name: a BNPE line can only be tied to a company by place and usage, a weak
join that a draft zone never makes by itself (it lists the works for the consultant to tie).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from symbiosis.errors import InputError, Problem
from symbiosis.sources.positions import position_of
from symbiosis.sources.registers import (
    BELOW_THRESHOLD,
    column_specs,
    raise_problems,
    read_quantity,
    register_catalogue,
    rows_of_text,
)

__all__ = ["BnpeExport", "read_bnpe"]


@dataclass(frozen=True)
class BnpeExport:
    """Annual volumes abstracted per work, sorted by work and year.

    Attributes
    ----------
    abstractions : pandas.DataFrame
        ``work`` (Sandre code, ``OPR…``), ``work_name``, ``year``, ``code_insee``,
        ``commune``, ``volume_m3_per_yr``, ``usage`` (``IND``, ``AEP`` ...),
        ``usage_label``, ``water_type`` (``CONT``, ``SOUT``, ``LIT``), ``longitude``,
        ``latitude`` [°, WGS84], ``location_precision``, ``volume_method`` (``MED``
        measured, ``FOR`` flat rate, ``MEI``/``EST`` estimated), ``file``, ``row``.
    problems : list of Problem
        Problems found (empty unless read with ``strict=False``).
    source : str
        ``BNPE``, with the file name.
    """

    abstractions: pd.DataFrame
    source: str
    problems: list[Problem] = field(default_factory=list)


def read_bnpe(path: str | Path, strict: bool = True) -> BnpeExport:
    """Read a BNPE export (CSV, ``;`` or ``,``).

    Parameters
    ----------
    path : str or Path
        The export as downloaded.
    strict : bool
        Raise every problem at once (default).

    Returns
    -------
    BnpeExport

    Raises
    ------
    ValidationReport
        A missing column, a volume that is not a number, a position that cannot be read.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    problems: list[Problem] = []
    specs = column_specs(register_catalogue()["bnpe"]["columns"])
    rows = rows_of_text(path.read_bytes(), path.name, specs, problems)
    records: list[dict[str, Any]] = []
    for number, values in rows.rows:
        volume = read_quantity(values["volume_m3"], path.name, number, "volume_m3", problems)
        position = position_of(
            values["longitude"],
            values["latitude"],
            "4326",
            (path.name, number, "longitude", "latitude"),
            problems,
        )
        lon, lat = position if position is not None else (float("nan"), float("nan"))
        records.append(
            {
                "work": values["code_sandre_ouvrage"],
                "work_name": values.get("nom_ouvrage", ""),
                "year": values["annee"],
                "code_insee": values.get("code_insee", ""),
                "commune": values.get("commune", ""),
                "volume_m3_per_yr": volume
                if isinstance(volume, float) and volume != BELOW_THRESHOLD
                else float("nan"),
                "usage": values.get("code_usage_bnpe", ""),
                "usage_label": values.get("libelle_usage_bnpe", ""),
                "water_type": values.get("type_eau", ""),
                "longitude": lon,
                "latitude": lat,
                "location_precision": values.get("precision_localisation", ""),
                "volume_method": values.get("mode_obtention_volume", ""),
                "file": path.name,
                "row": number,
            }
        )
    if strict:
        raise_problems(problems, str(path))
    columns = [
        "work", "work_name", "year", "code_insee", "commune", "volume_m3_per_yr", "usage",
        "usage_label", "water_type", "longitude", "latitude", "location_precision",
        "volume_method", "file", "row",
    ]  # fmt: skip
    frame = pd.DataFrame(records, columns=columns)
    return BnpeExport(
        abstractions=frame.sort_values(["work", "year", "row"], ignore_index=True),
        source=f"BNPE ({path.name})",
        problems=problems,
    )
