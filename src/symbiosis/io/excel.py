"""A zone as an ``.xlsx`` workbook: sheets ``companies``, ``flows``, ``outside_parties``,
``parameters`` and ``zone`` (one row: name and description).

The header is row 1 of each sheet; row numbers in messages are those Excel shows. The
documentation sheets of the template (``columns``, ``resources``, ``uses``) are skipped. Floats
are written exactly (openpyxl alone rounds them to 16 digits). Needs the ``excel`` extra
(openpyxl).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import ModuleType
from typing import Any

from symbiosis.errors import MissingDependencyError, Problem, ValidationReport
from symbiosis.io.assembly import ZoneEntries, build_zone
from symbiosis.io.atomic import write_atomically
from symbiosis.io.columns import DOCUMENTATION_SHEETS, TABLES
from symbiosis.io.headers import match_table, normalise
from symbiosis.io.layout import Table, zone_tables
from symbiosis.io.records import RawTable, table_entries
from symbiosis.schemas import Zone

__all__ = ["read_workbook", "workbook_bytes", "write_workbook"]


def _openpyxl() -> ModuleType:
    try:
        import openpyxl
    except ImportError as error:  # pragma: no cover - openpyxl is installed in the test run
        raise MissingDependencyError(
            "reading and writing .xlsx files needs openpyxl: pip install 'symbiosis[excel]'"
        ) from error
    return openpyxl


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
    openpyxl = _openpyxl()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
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
            raw = _raw_table(sheet, label)
            getattr(entries, table.name).extend(table_entries(raw, table.name, entries.problems))
    finally:
        book.close()
    for spec in TABLES:
        if spec.required and spec.name not in found:
            message = f"has no sheet {spec.name!r}: a zone needs {spec.description}"
            entries.problems.append(Problem(path.name, None, None, "", message))
            entries.unread.add(spec.name)
    return build_zone(entries, str(path))


def _cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, float):
        # openpyxl writes '%.16g'; a numeric cell holding repr() keeps every bit.
        cell = WriteOnlyCell(sheet, value=repr(value))
        cell.data_type = "n"
        return cell
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # text, not a formula
        return cell
    return value


def workbook_bytes(sheets: dict[str, Table]) -> bytes:
    """An ``.xlsx`` file holding one sheet per table: bold headers, frozen first row.

    Parameters
    ----------
    sheets : dict
        Sheet name to (headers, rows), in the order of the sheets.
    """
    openpyxl = _openpyxl()
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name, (headers, rows) in sheets.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        for position, header in enumerate(headers):
            width = max(12, min(40, len(header) + 2))
            sheet.column_dimensions[get_column_letter(position + 1)].width = width
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, value=header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_workbook(zone: Zone, path: Path) -> Path:
    """Write a zone as an ``.xlsx`` workbook, atomically.

    Returns
    -------
    Path
        ``path``.
    """
    return write_atomically(path, workbook_bytes(zone_tables(zone)))
