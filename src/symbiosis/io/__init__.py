"""Read and write zones: a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file.

:func:`read_zone` reads every file completely and raises one
:class:`~symbiosis.errors.ValidationReport` listing every problem with its file, row, column
and value. French spreadsheets are normal input: ``;`` separators, decimal commas, thousands
separated by spaces, UTF-8 with a byte-order mark or Windows-1252, French headers (see
:mod:`symbiosis.io.columns`). :func:`write_zone` writes losslessly; :func:`write_template` writes
the empty data-collection template; :func:`load_example` reads a zone shipped with the package.
"""

from symbiosis.io.columns import COLUMNS, TABLES, Column, columns_of
from symbiosis.io.examples import example_names, example_path, load_example
from symbiosis.io.formats import read_zone, write_zone
from symbiosis.io.template import write_template

__all__ = [
    "COLUMNS",
    "TABLES",
    "Column",
    "columns_of",
    "example_names",
    "example_path",
    "load_example",
    "read_zone",
    "write_template",
    "write_zone",
]
