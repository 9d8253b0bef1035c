"""Read and write a zone in any of its formats, chosen by the path.

========================== ======================================================
path                       format
========================== ======================================================
a folder                   ``companies.csv``, ``flows.csv``, optional ``zone.yaml``
                           (and ``outside_parties.csv``, ``parameters.csv``)
``*.xlsx``                 a workbook with one sheet per table
``*.json``                 the zone's ``model_dump``
========================== ======================================================
"""

from __future__ import annotations

import os
from pathlib import Path

from symbiosis.errors import InputError
from symbiosis.schemas import Zone

__all__ = ["FILE_SUFFIXES", "read_zone", "write_zone"]

#: Suffixes of files that are not written: a path ending so is not taken for a folder.
FILE_SUFFIXES = (".csv", ".xls", ".xlsm", ".ods", ".yaml", ".yml", ".txt", ".tsv")


def read_zone(path: str | os.PathLike[str]) -> Zone:
    """Read a zone from a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file.

    Every file is read completely and every problem is collected before anything is raised.
    The files are only read.

    Parameters
    ----------
    path : str or path-like
        A folder, or a ``.xlsx`` or ``.json`` file.

    Returns
    -------
    Zone

    Raises
    ------
    ValidationReport
        Every problem found, each with its file (or sheet), row as a spreadsheet shows it,
        column, value and what to do.
    InputError
        When the path does not exist or is of a format that is not read.

    Examples
    --------
    >>> from symbiosis.io import example_path
    >>> read_zone(example_path("toy")).name
    'toy'
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give a folder of CSV files, a .xlsx or a .json")
    if path.is_dir():
        from symbiosis.io.csv_folder import read_folder

        return read_folder(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from symbiosis.io.excel import read_workbook

        return read_workbook(path)
    if suffix == ".json":
        from symbiosis.io.json_file import read_json

        return read_json(path)
    if suffix == ".csv":
        raise InputError(
            f"{path} is one table; give the folder that holds companies.csv and flows.csv"
        )
    raise InputError(
        f"{path} is not a zone file: give a folder of CSV files, a .xlsx workbook (save an .xls "
        "or .ods as .xlsx) or a .json file"
    )


def write_zone(zone: Zone, path: str | os.PathLike[str]) -> Path:
    """Write a zone; the format follows the path: ``.xlsx``, ``.json``, else a folder.

    Each file is written to a temporary file, then renamed into place. Floats are written
    exactly, so reading what was written gives an equal zone.

    Parameters
    ----------
    zone : Zone
    path : str or path-like
        ``*.xlsx``, ``*.json``, or a folder (created when missing; it may hold only the files
        written here, ``companies.csv``, ``flows.csv`` and ``zone.yaml``, and non-data files).

    Returns
    -------
    Path
        What was written.

    Raises
    ------
    InputError
        A suffix that is not written (``.csv``, ``.xls`` ...), or a folder holding other data
        files.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from symbiosis.io import load_example
    >>> toy = load_example("toy")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_zone(toy, pathlib.Path(folder) / "toy.json")
    ...     read_zone(written) == toy
    True
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from symbiosis.io.excel import write_zone_workbook

        return write_zone_workbook(zone, path)
    if suffix == ".json":
        from symbiosis.io.json_file import write_json

        return write_json(zone, path)
    if suffix in FILE_SUFFIXES:
        raise InputError(
            f"cannot write a zone as {suffix}: give a .xlsx or .json path, or a folder for CSV "
            "files"
        )
    from symbiosis.io.csv_folder import write_folder

    return write_folder(zone, path)
