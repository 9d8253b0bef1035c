"""The empty data-collection template a consultant takes to interviews.

One sheet (or CSV file) per table with its columns and no rows, and three documentation sheets
the readers skip: ``columns`` (every column: table, French headers, unit, whether it is required,
allowed values, example, description), ``resources`` (the catalogue) and ``uses``. A filled
template reads back with :func:`symbiosis.io.read_zone`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from symbiosis.catalogue import resource_catalogue, use_catalogue
from symbiosis.errors import InputError
from symbiosis.io.atomic import write_files_atomically
from symbiosis.io.columns import TABLES, columns_of
from symbiosis.io.csv_folder import check_folder_is_free, csv_bytes
from symbiosis.io.formats import FILE_SUFFIXES
from symbiosis.io.headers import documentation_rows
from symbiosis.io.layout import Table, table_frames
from symbiosis.io.spreadsheet import write_sheets

__all__ = ["template_tables", "write_template"]

_ZONE_YAML = """\
# The zone: its name and description. Outside parties (the sea, the water network, a landfill)
# and parameters that override the package defaults may be listed here too, or in
# outside_parties.csv and parameters.csv.
name:
description:
"""


def _table_header(table: str) -> list[str]:
    return [
        column.name for column in columns_of(table) if column.model_field != "contaminants_mg_per_l"
    ]


def template_tables() -> dict[str, Table]:
    """Sheets of the template: each table's header with no rows, then the documentation.

    Examples
    --------
    >>> tables = template_tables()
    >>> list(tables)
    ['companies', 'flows', 'outside_parties', 'parameters', 'zone', 'columns', 'resources', 'uses']
    >>> tables["companies"][0][:5]
    ['id', 'name', 'sector_nace', 'latitude', 'longitude']
    """
    sheets: dict[str, Table] = {spec.name: (_table_header(spec.name), []) for spec in TABLES}
    documentation = documentation_rows()
    sheets["columns"] = (list(documentation[0]), [list(row.values()) for row in documentation])
    resources: list[list[Any]] = [
        [
            resource.id,
            resource.family,
            resource.canonical_unit,
            resource.label_fr,
            resource.label_en,
            "; ".join(resource.ewc_codes),
            resource.transport,
        ]
        for resource in resource_catalogue().values()
    ]
    sheets["resources"] = (
        ["id", "family", "canonical_unit", "label_fr", "label_en", "ewc_codes", "transport"],
        resources,
    )
    uses: list[list[Any]] = [
        [use.id, use.label_fr, use.label_en, use.food_contact, use.clean_seawater_allowed]
        for use in use_catalogue().values()
    ]
    sheets["uses"] = (
        ["id", "label_fr", "label_en", "food_contact", "clean_seawater_allowed"],
        uses,
    )
    return sheets


def write_template(path: str | Path) -> Path:
    """Write the empty template: an ``.xlsx`` workbook, or else a folder of CSV files.

    Parameters
    ----------
    path : str or Path
        ``something.xlsx`` for a workbook; any other path is a folder that receives one CSV
        file per table, ``zone.yaml`` and the documentation files ``columns.csv``,
        ``resources.csv`` and ``uses.csv``.

    Returns
    -------
    Path
        What was written.

    Raises
    ------
    InputError
        When the workbook exists, or the folder already holds data files: a filled template is
        never overwritten.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     write_template(pathlib.Path(folder) / "interviews.xlsx").name
    'interviews.xlsx'
    """
    path = Path(path)
    tables = template_tables()
    if path.suffix.lower() == ".xlsx":
        if path.exists():
            raise InputError(f"{path} exists; write the template to a new file, or delete it")
        return write_sheets(table_frames(tables), path)
    if path.suffix.lower() in FILE_SUFFIXES:
        raise InputError(
            f"cannot write the template as {path.suffix}: give a .xlsx path, or a folder for CSV "
            "files"
        )
    check_folder_is_free(path, ())
    files = {path / f"{name}.csv": csv_bytes(*table) for name, table in tables.items()}
    del files[path / "zone.csv"]
    files[path / "zone.yaml"] = _ZONE_YAML.encode("utf-8")
    write_files_atomically(files)
    return path
