"""Text that reaches a spreadsheet: the one formula neutraliser and the one workbook writer.

A spreadsheet takes a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or a carriage
return before one) for a formula, so a company named ``=1+1`` would be computed, and a crafted
name could run a command (CSV injection). Every table the library writes keeps such text as text:

- in a CSV file, :func:`neutralise_formula` puts a ``'`` before the text, as a spreadsheet does
  when one types ``'=1+1``; the zone reader removes it again (:func:`restore_formula`), so
  ``read_zone`` gives back the exact text;
- in a workbook, :func:`write_sheets` stores it as a text cell marked as typed with a ``'``
  (Excel's *quote prefix*), so the value read back is the text itself.

Numbers stay numbers: only text is neutralised, never ``-5.0`` in a column of numbers. Every
file is written through :func:`symbiosis.io.atomic.write_atomically`.

A workbook is XML, which cannot hold every character: :func:`xml_text` writes each character
XML 1.0 forbids (control characters other than tab, line feed and carriage return, lone
surrogates, U+FFFE and U+FFFF) as U+FFFD, the replacement character, so that a name with a
stray control character is written, visibly marked, instead of stopping the export. The graph
writers (GraphML, GEXF) use the same function.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from symbiosis.errors import InputError, require
from symbiosis.io.atomic import write_atomically

__all__ = [
    "CSV_DIALECTS",
    "FORMULA_STARTS",
    "SIGNIFICANT_DIGITS",
    "french_number",
    "neutralise_formula",
    "neutralise_text",
    "restore_formula",
    "table_csv_bytes",
    "utf8_bytes",
    "with_company_names",
    "workbook_bytes",
    "write_sheets",
    "xml_text",
]

#: The CSV dialects: ``en`` (``,`` separator, ``.`` decimals, every bit of a float, no BOM) and
#: ``fr`` (``;`` separator, decimal comma, floats to :data:`SIGNIFICANT_DIGITS`, UTF-8 with BOM:
#: what French Excel opens in columns when the file is double-clicked).
CSV_DIALECTS = ("en", "fr")

#: Significant digits kept in a float of a French CSV, never fewer than the units: a measured
#: quantity or a cost estimate is not known to better than 6 digits, so ``1100.5357142889995``
#: is written ``1100,54`` and ``1234567.8`` is written ``1234568``.
SIGNIFICANT_DIGITS = 6

_BOM = "\ufeff"

#: Id columns and the name column written beside each by :func:`with_company_names`.
_NAME_COLUMNS = {"supplier_id": "supplier_name", "receiver_id": "receiver_name"}

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_QUOTE = "'"

# Characters that XML 1.0 cannot hold, even escaped (https://www.w3.org/TR/xml/#charsets).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REPLACEMENT_CHARACTER = "\ufffd"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def utf8_bytes(text: str) -> bytes:
    """Text as UTF-8, a lone surrogate (which UTF-8 cannot hold) written as U+FFFD.

    A lone surrogate reaches a zone only through a ``\\ud800`` escape in a JSON file.

    Examples
    --------
    >>> utf8_bytes("Marée\\ud800").decode("utf-8")
    'Marée�'
    """
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(_REPLACEMENT_CHARACTER, text).encode("utf-8")


def xml_text(text: str) -> str:
    """Text as an XML file can hold it: each character XML 1.0 forbids written as U+FFFD.

    Tab, line feed and carriage return are kept; the other control characters, lone surrogates,
    U+FFFE and U+FFFF are replaced.

    Examples
    --------
    >>> xml_text("Mar\\x01ée\\tNord"), xml_text("Marée")
    ('Mar�ée\\tNord', 'Marée')
    """
    return _NOT_XML.sub(_REPLACEMENT_CHARACTER, text)


def _takes_a_quote(text: str) -> bool:
    # Text that already starts with quotes before a formula start gets one more, so that
    # restore_formula removes exactly the quote added here.
    return text.lstrip(_QUOTE).startswith(FORMULA_STARTS)


def neutralise_formula(text: str) -> str:
    """Text as written to a CSV file: a ``'`` before text a spreadsheet would take for a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, possibly after
    some ``'``, gets one ``'`` more; other text is unchanged. :func:`restore_formula` undoes it.

    Examples
    --------
    >>> neutralise_formula("=1+1"), neutralise_formula("-cmd"), neutralise_formula("Marée")
    ("'=1+1", "'-cmd", 'Marée')
    >>> neutralise_formula("'=1+1"), neutralise_formula("'t Hoekje")
    ("''=1+1", "'t Hoekje")
    """
    return _QUOTE + text if _takes_a_quote(text) else text


def restore_formula(text: str) -> str:
    """The text :func:`neutralise_formula` was given: its added ``'`` removed.

    Examples
    --------
    >>> restore_formula("'=1+1"), restore_formula("''=1+1"), restore_formula("'t Hoekje")
    ('=1+1', "'=1+1", "'t Hoekje")
    """
    if text.startswith(_QUOTE) and _takes_a_quote(text):
        return text[1:]
    return text


def _neutralise_value(value: Any) -> Any:
    return neutralise_formula(value) if isinstance(value, str) else value


def neutralise_text(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table with every text cell and header through :func:`neutralise_formula`.

    Columns of numbers and booleans are left as they are.

    Examples
    --------
    >>> table = pd.DataFrame({"name": ["=1+1", "Alpha"], "value": [-5.0, 2.0]})
    >>> neutralise_text(table).to_dict("list")
    {'name': ["'=1+1", 'Alpha'], 'value': [-5.0, 2.0]}
    """
    neutralised = frame.copy()
    for position, (_, values) in enumerate(frame.items()):
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(object)
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            neutralised.isetitem(position, values.map(_neutralise_value))
    neutralised.columns = [_neutralise_value(name) for name in frame.columns]
    return neutralised


def french_number(value: float) -> str:
    """A float as French Excel reads it: decimal comma, :data:`SIGNIFICANT_DIGITS` digits.

    No thousands separator (French Excel reads ``1234,5`` as a number, and a space inside a
    number would be taken for text by other programs). Trailing zeros are left out; a missing
    value is an empty cell; infinities are written ``inf`` and ``-inf``.

    Examples
    --------
    >>> french_number(1100.5357142889995), french_number(0.484944), french_number(1234567.8)
    ('1100,54', '0,484944', '1234568')
    >>> french_number(-5.0), french_number(0.0), french_number(float("nan"))
    ('-5', '0', '')
    """
    if _missing(value):
        return ""
    if not math.isfinite(value):
        return "inf" if value > 0 else "-inf"
    if value == 0:
        return "0"
    decimals = max(0, SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value))))
    text = f"{round(value, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


def with_company_names(frame: pd.DataFrame, names: Mapping[str, str]) -> pd.DataFrame:
    """A copy of a table with ``supplier_name`` beside ``supplier_id``, ``receiver_name``
    beside ``receiver_id``.

    An id without a name in ``names`` (an outside party not listed, a pool) keeps its id as
    name, so no cell is left empty without a reason. A table without those columns is returned
    unchanged.

    Examples
    --------
    >>> table = pd.DataFrame({"supplier_id": ["T1"], "receiver_id": ["PO-1"], "q": [1.0]})
    >>> named = with_company_names(table, {"T1": "Marée Alpha"})
    >>> list(named.columns)
    ['supplier_id', 'supplier_name', 'receiver_id', 'receiver_name', 'q']
    >>> list(named.iloc[0, :4])
    ['T1', 'Marée Alpha', 'PO-1', 'PO-1']
    """
    named = frame.copy()
    for id_column, name_column in _NAME_COLUMNS.items():
        if id_column in named.columns and name_column not in named.columns:
            position = named.columns.get_loc(id_column) + 1
            values = named[id_column].map(
                lambda value: names.get(value, value) if isinstance(value, str) else value
            )
            named.insert(position, name_column, values)
    return named


def table_csv_bytes(frame: pd.DataFrame, dialect: str = "en") -> bytes:
    """A table as UTF-8 CSV without its index, text through :func:`neutralise_formula`.

    In the ``en`` dialect numbers are written as pandas writes them (``repr``, so without
    loss), separated by ``,``. In the ``fr`` dialect (see :data:`CSV_DIALECTS`) the separator is
    ``;``, floats go through :func:`french_number` and the file starts with a UTF-8 byte order
    mark, so that French Excel opens it in columns with its accents. Lines end with
    ``\\n``; Python's csv writer then leaves a lone carriage return in a text unquoted, which
    every reader takes for the end of a line, so a table with one has all its text quoted.

    Raises
    ------
    InputError
        When ``dialect`` is not one of :data:`CSV_DIALECTS`.

    Examples
    --------
    >>> table = pd.DataFrame({"name": ["=1+1"], "value": [-5.0]})
    >>> table_csv_bytes(table).decode()
    "name,value\\n'=1+1,-5.0\\n"
    >>> table_csv_bytes(pd.DataFrame({"name": ["a\\rb"], "value": [1.5]})).decode()
    '"name","value"\\n"a\\rb",1.5\\n'
    >>> table_csv_bytes(pd.DataFrame({"nom": ["Marée"], "m3": [1100.5357142889995]}), "fr")
    b'\\xef\\xbb\\xbfnom;m3\\nMar\\xc3\\xa9e;1100,54\\n'
    """
    if dialect not in CSV_DIALECTS:
        raise InputError(
            f"unknown CSV dialect {dialect!r}: use one of {', '.join(map(repr, CSV_DIALECTS))}"
        )
    neutralised = neutralise_text(frame)
    quoting = csv.QUOTE_NONNUMERIC if _holds_carriage_return(neutralised) else csv.QUOTE_MINIMAL
    if dialect == "en":
        text = neutralised.to_csv(index=False, lineterminator="\n", quoting=quoting)
        return utf8_bytes(text)
    for position, (_, values) in enumerate(neutralised.items()):
        if pd.api.types.is_float_dtype(values):
            neutralised.isetitem(position, values.map(french_number))
    text = neutralised.to_csv(index=False, lineterminator="\n", quoting=quoting, sep=";")
    return utf8_bytes(_BOM + text)


def _holds_carriage_return(frame: pd.DataFrame) -> bool:
    texts = [str(name) for name in frame.columns]
    for _, values in frame.items():
        if pd.api.types.is_object_dtype(values) or pd.api.types.is_string_dtype(values):
            texts += [value for value in values if isinstance(value, str)]
    return any("\r" in text for text in texts)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _cell(sheet: Any, value: Any) -> Any:
    """A value as a workbook cell: text stays text, floats keep every bit."""
    from openpyxl.cell import WriteOnlyCell

    if _missing(value):
        return None
    if isinstance(value, bool | int) or hasattr(value, "isoformat"):
        return value  # openpyxl writes booleans, integers and dates as they are
    if isinstance(value, float) and math.isfinite(value):
        # openpyxl writes '%.16g'; a numeric cell holding repr() keeps every bit.
        cell = WriteOnlyCell(sheet, value=repr(float(value)))
        cell.data_type = "n"
        return cell
    if hasattr(value, "item"):  # a numpy number
        return _cell(sheet, value.item())
    text = value if isinstance(value, str) else str(value)  # 'inf', or a list, as pandas shows it
    text = xml_text(text)
    return _text_cell(sheet, text) if text.startswith(FORMULA_STARTS) else text


def _text_cell(sheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    text = xml_text(text)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # text, never a formula
    # Marked as typed after a ', as Excel does, so that it stays text when edited in Excel.
    cell.quotePrefix = text.startswith(FORMULA_STARTS)
    return cell


def workbook_bytes(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """An ``.xlsx`` file with one sheet per table: bold headers, frozen first row, no index.

    Parameters
    ----------
    sheets : mapping of str to pandas.DataFrame
        Sheet name to table, in the order of the sheets. Text is written as text cells (never
        as a formula), floats exactly, missing values as empty cells.

    Raises
    ------
    MissingDependencyError
        When openpyxl is not installed (the ``excel`` extra).
    """
    openpyxl = require("openpyxl", "excel", "writing .xlsx files")
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name, table in sheets.items():
        sheet = book.create_sheet(name)
        sheet.freeze_panes = "A2"
        headers = [str(header) for header in table.columns]
        for position, header in enumerate(headers):
            width = max(12, min(40, len(header) + 2))
            sheet.column_dimensions[get_column_letter(position + 1)].width = width
        header_cells = []
        for header in headers:
            cell = _text_cell(sheet, header)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in table.itertuples(index=False, name=None):
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_sheets(sheets: Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write tables as an ``.xlsx`` workbook, one sheet each, atomically.

    Every workbook symbiosis writes (zones, the template, match results, plans, the graph's
    tables) is written here: see :func:`workbook_bytes` for the cells.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    MissingDependencyError
        When openpyxl is not installed (the ``excel`` extra).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import openpyxl
    >>> table = pd.DataFrame({"name": ["=1+1"], "value": [-5.0]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = write_sheets({"companies": table}, pathlib.Path(folder) / "x.xlsx")
    ...     cells = next(openpyxl.load_workbook(path)["companies"].iter_rows(min_row=2))
    >>> [(cell.value, cell.data_type) for cell in cells]
    [('=1+1', 's'), (-5.0, 'n')]
    """
    return write_atomically(Path(path), workbook_bytes(sheets))
