"""Read one cell as its column expects, and write a value back as text.

Cells come from CSV files (always text) or from workbooks (text, numbers, booleans). French
spreadsheet habits are understood: a decimal comma (``3,5``), spaces or non-breaking spaces
between thousands (``12 000``), ``oui``/``non`` and ``x`` for yes, a NAF code without its dot
(``1020Z``), an EWC code that a spreadsheet turned into a number (``20202``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from typing import Any

from symbiosis.io.columns import Column
from symbiosis.io.headers import allowed_values, normalise
from symbiosis.schemas import MAX_TEXT_CHARACTERS, text_problem

__all__ = [
    "MAX_CELL_CHARACTERS",
    "CellError",
    "cell_text",
    "check_text",
    "format_cell",
    "parse_cell",
    "parse_number",
]

#: Longest text a cell may hold [characters] (Excel's limit; see :mod:`symbiosis.schemas`).
MAX_CELL_CHARACTERS = MAX_TEXT_CHARACTERS


class CellError(ValueError):
    """A cell that cannot be read as its column expects; the message follows the quoted value."""


_TRUE = frozenset({"oui", "o", "vrai", "true", "yes", "y", "1", "x"})
_FALSE = frozenset({"non", "n", "faux", "false", "no", "0"})

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_GROUPED_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5
_GROUPED_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.5
_NON_FINITE = frozenset({"inf", "+inf", "-inf", "infinity", "-infinity", "nan"})
_NAF = re.compile(r"^(\d{2})\.?(\d{1,2})([A-Za-z]?)$")
_WHOLE = re.compile(r"^[+-]?\d+$")


def check_text(text: str) -> None:
    """Refuse text no file format keeps: control characters, lone surrogates, overlong text.

    Tabs and line feeds are allowed; any other control character (C0, DEL, C1, a carriage
    return), a surrogate or U+FFFE/U+FFFF is refused, because an ``.xlsx`` or XML file cannot
    hold it, or turns it into something else (a carriage return becomes a line feed). The
    readers and the models apply this same rule (:func:`symbiosis.schemas.text_problem`).

    Raises
    ------
    CellError
        Naming the character and its position, or the limit.

    Examples
    --------
    >>> check_text("Marée\\tNord")
    >>> check_text("supply\\x00")
    Traceback (most recent call last):
    ...
    symbiosis.io.cells.CellError: holds the control character U+0000 (NUL) at character 7; \
delete it
    """
    problem = text_problem(text)
    if problem is not None:
        raise CellError(problem)


def cell_text(value: Any) -> str:
    """A cell as text, the way it is shown in messages ('' for an empty cell).

    Examples
    --------
    >>> cell_text(3000.0), cell_text(0.1), cell_text("  T1 "), cell_text(None)
    ('3000', '0.1', 'T1', '')
    """
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return format_cell(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def format_cell(value: Any) -> str:
    """A value as written to a CSV file: floats without loss (``repr``), ``true``/``false``.

    Examples
    --------
    >>> format_cell(0.1 + 0.2), format_cell(3000.0), format_cell(True), format_cell(None)
    ('0.30000000000000004', '3000', 'true', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, tuple | list):
        return ";".join(str(item) for item in value)
    return str(value)


def parse_number(text: str) -> float:
    """A number written with a decimal point or comma and any thousands separator.

    Raises
    ------
    CellError
        When the text is not a number, or not a finite one.

    Examples
    --------
    >>> parse_number("3,5"), parse_number("12 000"), parse_number("1.234.567,5")
    (3.5, 12000.0, 1234567.5)
    >>> parse_number("12,5,3")
    Traceback (most recent call last):
    ...
    symbiosis.io.cells.CellError: is not a number
    """
    compact = _SPACES.sub("", text)
    if _PLAIN.match(compact):
        number = float(compact.replace(",", "."))
    elif _GROUPED_DOT.match(compact):
        number = float(compact.replace(".", "").replace(",", "."))
    elif _GROUPED_COMMA.match(compact):
        number = float(compact.replace(",", ""))
    elif compact.lower() in _NON_FINITE:
        raise CellError("must be a finite number")
    else:
        raise CellError("is not a number")
    if not math.isfinite(number):
        raise CellError("must be a finite number")
    return number


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise CellError("is not a number")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer of more than 308 digits
            raise CellError("must be a finite number") from None
        if not math.isfinite(number):
            raise CellError("must be a finite number")
        return number
    return parse_number(cell_text(value))


def _share(value: Any) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        return _number(value.strip()[:-1]) / 100
    return _number(value)


def _integer(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value  # exactly, even above 2**53
    if isinstance(value, str) and _WHOLE.match(_SPACES.sub("", value)):
        return int(_SPACES.sub("", value))
    number = _number(value)
    if not number.is_integer():
        raise CellError("must be a whole number")
    return int(number)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    # Compared as written, without punctuation dropped: '-1' is not '1'.
    word = cell_text(value).casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise CellError("is not a yes/no value: write oui or non (true/false, 1/0, or x for yes)")


@cache
def _choice_words(column: Column) -> dict[str, str]:
    return {
        normalise(spelling): canonical
        for canonical, words in column.choices
        for spelling in (canonical, *words)
    }


def _choice(column: Column, value: Any) -> str:
    canonical = _choice_words(column).get(normalise(cell_text(value)))
    if canonical is None:
        raise CellError(f"is not a valid {column.name}: write {allowed_values(column)}")
    return canonical


def _nace(value: Any) -> str:
    if isinstance(value, float) and not isinstance(value, bool):
        return f"{value:.2f}"  # a spreadsheet turned 10.20 into 10.2
    text = cell_text(value)
    naf = _NAF.match(text)
    if naf and len(naf.group(2)) == 2:
        return f"{naf.group(1)}.{naf.group(2)}{naf.group(3).upper()}"
    return text


def _ewc(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return f"{int(value):06d}"  # a spreadsheet dropped the leading zero of 020202
    return cell_text(value)


def parse_cell(column: Column, value: Any) -> Any:
    """The value of a non-empty cell, as the model field of its column expects it.

    Parameters
    ----------
    column : Column
        The column the cell is in.
    value : str, float, int, bool or datetime
        The cell as read from a CSV file (text) or a workbook.

    Returns
    -------
    str, float, int, bool or tuple of str

    Raises
    ------
    CellError
        The message follows the quoted cell, e.g. ``is not a number``.

    Examples
    --------
    >>> from symbiosis.io.headers import match_header
    >>> parse_cell(match_header("flows", "sens")[0], "Entrée")
    'demand'
    >>> parse_cell(match_header("flows", "quantité")[0], "12 000,5")
    12000.5
    """
    kind = column.kind
    if kind == "number":
        return _number(value)
    if kind == "share":
        return _share(value)
    if kind == "integer":
        return _integer(value)
    if kind == "boolean":
        return _boolean(value)
    if kind == "choice":
        return _choice(column, value)
    if kind == "nace":
        return _nace(value)
    if kind == "ewc":
        return _ewc(value)
    if kind == "list":
        return tuple(item for item in re.split(r"[;,|\s]+", cell_text(value)) if item)
    return cell_text(value)
