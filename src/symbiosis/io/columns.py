"""The column specification: one table of data that drives reading, writing and the template.

Each :class:`Column` gives a table's column its canonical name, the kind of value it holds (which
decides how a cell is read), whether it is required, its unit, the French and English headers
accepted in its place, an example and a description. The columns are data, one file per table in
``symbiosis/catalogue/fields/`` (loaded once by :func:`symbiosis.catalogue.fields.field_table`),
and ``docs/inputs.md`` lists them. Readers match headers through
:func:`symbiosis.io.headers.match_header`; writers and the template write :attr:`Column.name`; the
``columns`` sheet of the template is :func:`symbiosis.io.headers.documentation_rows`.
"""

from __future__ import annotations

from symbiosis.catalogue.fields import TABLES, Column, Kind, TableSpec, field_table

__all__ = [
    "COLUMNS",
    "DOCUMENTATION_SHEETS",
    "TABLES",
    "YES_NO",
    "Column",
    "Kind",
    "TableSpec",
    "columns_of",
]

#: Sheets (or ``.csv`` files) the template adds for reference; readers skip them by name.
DOCUMENTATION_SHEETS: tuple[str, ...] = ("columns", "resources", "uses")


#: Every column of every table, in the order they are written (``catalogue/fields/*.csv``).
COLUMNS: tuple[Column, ...] = tuple(
    column for table in TABLES for column in field_table(table.name)
)

YES_NO = "oui/non, vrai/faux, true/false, 1/0, x for yes; empty for not known"


def columns_of(table: str) -> tuple[Column, ...]:
    """The columns of a table, in the order they are written.

    Examples
    --------
    >>> [column.name for column in columns_of("parameters")]
    ['name', 'value', 'unit', 'source', 'note']
    """
    return tuple(column for column in COLUMNS if column.table == table)
