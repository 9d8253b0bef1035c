"""A zone as an ``.xlsx`` workbook: sheets ``companies``, ``flows``, ``outside_parties``,
``parameters`` and ``zone`` (one row: name and description).

The header is row 1 of each sheet; row numbers in messages are those Excel shows. The
documentation sheets of the template (``columns``, ``resources``, ``uses``) are skipped. A
formula is read as the result Excel saved with it; a formula saved without its result (a
workbook written by a program) and merged cells (whose value belongs to the first cell only)
are reported with their cell, and a sheet that cannot be parsed with its name. The
workbook is written by :func:`symbiosis.io.spreadsheet.write_sheets`: floats exactly, text as
text (a name such as ``=1+1`` is never a formula). Needs the ``excel`` extra (openpyxl).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from symbiosis.errors import Problem, ValidationReport, require
from symbiosis.io.assembly import ZoneEntries, build_zone
from symbiosis.io.columns import DOCUMENTATION_SHEETS, TABLES
from symbiosis.io.headers import match_table, normalise
from symbiosis.io.layout import table_frames, zone_tables
from symbiosis.io.records import RawTable, table_entries
from symbiosis.io.spreadsheet import write_sheets
from symbiosis.schemas import Zone

__all__ = ["read_workbook", "write_zone_workbook"]


#: What a damaged workbook raises while it is opened or read.
_UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    ParseError,
    KeyError,
    OSError,
    EOFError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
)
# A formula (<f>) or a merged range (<mergeCell>) in a sheet's XML, with any namespace prefix.
_FORMULA_OR_MERGE = re.compile(rb"<(?:\w+:)?(?:f|mergeCell)[\s>/]")


def _has_formulas_or_merges(path: Path) -> bool:
    """Whether any sheet of the workbook holds a formula or merged cells (read from its XML)."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            sheet = name.startswith("xl/worksheets/") and name.endswith(".xml")
            if sheet and _FORMULA_OR_MERGE.search(archive.read(name)):
                return True
    return False


def _formula_and_merge_problems(sheet: Any, raw: RawTable) -> list[Problem]:
    """Merged ranges, and formulas whose result was not saved, of one sheet (full mode)."""
    headers = {position + 1: str(header) for position, header in enumerate(raw.headers) if header}
    values = dict(raw.rows)
    problems = []
    for merged in sorted(sheet.merged_cells.ranges, key=lambda found: str(found)):
        first = merged.start_cell.coordinate
        message = (
            f"cells {merged.coord} are merged, so their value belongs to {first} only; unmerge "
            "them and write the value in each cell"
        )
        column = headers.get(merged.min_col)
        problems.append(Problem(raw.file, merged.min_row, column, "", message))
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type != "f":
                continue
            cached = values.get(cell.row, ())
            position = cell.column - 1
            if position < len(cached) and cached[position] is not None:
                continue
            if cell.row == raw.header_row:
                continue  # a header row formula with a result is read as its result
            message = (
                f"cell {cell.coordinate} holds a formula whose result was not saved (a workbook "
                "written by a program); open and save it in Excel or LibreOffice, or paste the "
                "values"
            )
            formula = str(cell.value)
            problems.append(Problem(raw.file, cell.row, headers.get(cell.column), formula, message))
    return problems


def _raw_table(sheet: Any, label: str) -> RawTable:
    sheet.reset_dimensions()  # some writers store wrong dimensions; read every row there is
    header: tuple[int, tuple[Any, ...]] | None = None
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        if header is None:
            header = (number, tuple(cells))
        else:
            rows.append((number, tuple(cells)))
    header_row, headers = header if header is not None else (1, ())
    return RawTable(label, headers, header_row, tuple(rows))


def read_workbook(path: Path) -> Zone:
    """Read a zone from an ``.xlsx`` workbook; the file is only read.

    Raises
    ------
    ValidationReport
        Every problem of every sheet, at once.
    MissingDependencyError
        When openpyxl is not installed.
    """
    openpyxl = require("openpyxl", "excel", "reading .xlsx files")
    # Opened here so that the file is closed whatever openpyxl meets in a damaged workbook.
    handle = path.open("rb")
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        formulas = None
        if _has_formulas_or_merges(path):
            with path.open("rb") as full:
                formulas = openpyxl.load_workbook(full, data_only=False)
    except _UNREADABLE as error:
        handle.close()
        message = f"cannot be opened as an .xlsx workbook ({error}); save it from Excel as .xlsx"
        raise ValidationReport([Problem(path.name, None, None, "", message)], str(path)) from None
    entries = ZoneEntries(default_name=path.stem)
    try:
        found: dict[str, str] = {}
        for sheet in book.worksheets:
            label = f"{path.name}, sheet {sheet.title}"
            if normalise(sheet.title) in DOCUMENTATION_SHEETS:
                continue
            table = match_table(sheet.title)
            if table is None:
                expected = ", ".join(spec.name for spec in TABLES)
                message = (
                    f"is not a table of a zone; name it one of {expected}, or delete the sheet"
                )
                entries.problems.append(Problem(label, None, None, "", message))
                continue
            if table.name in found:
                message = f"holds the same table as sheet {found[table.name]}; keep one of them"
                entries.problems.append(Problem(label, None, None, "", message))
                continue
            found[table.name] = sheet.title
            try:
                raw = _raw_table(sheet, label)
            except _UNREADABLE as error:
                message = (
                    f"cannot be read ({type(error).__name__}: {error}); the workbook is damaged: "
                    "open it in Excel, save it again, or copy the table into a new workbook"
                )
                entries.problems.append(Problem(label, None, None, "", message))
                entries.unread.add(table.name)
                continue
            if formulas is not None:
                entries.problems += _formula_and_merge_problems(formulas[sheet.title], raw)
            getattr(entries, table.name).extend(table_entries(raw, table.name, entries.problems))
    finally:
        book.close()
        handle.close()
    for spec in TABLES:
        if spec.required and spec.name not in found:
            message = f"has no sheet {spec.name!r}: a zone needs {spec.description}"
            entries.problems.append(Problem(path.name, None, None, "", message))
            entries.unread.add(spec.name)
    return build_zone(entries, str(path))


def write_zone_workbook(zone: Zone, path: Path) -> Path:
    """Write a zone as an ``.xlsx`` workbook, atomically.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    MissingDependencyError
        When openpyxl is not installed.
    """
    return write_sheets(table_frames(zone_tables(zone)), path)
