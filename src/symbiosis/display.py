"""How numbers and tables read: the one number formatter and escaped HTML tables.

:func:`format_value` writes every number a person reads (explanations, the report, messages);
:func:`html_table` builds the escaped HTML tables of the report. This module imports nothing
from symbiosis, so every layer may use it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["escape", "format_value", "html_table"]


def escape(value: object) -> str:
    """Text safe to put in HTML (and in an SVG inside it): ``<``, ``>``, ``&`` and quotes escaped.

    Examples
    --------
    >>> escape("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def format_value(value: object, *, missing: str = "–", scientific: bool = True) -> str:
    """A number as a reader reads it: thousands separated, three significant digits below 100.

    Infinity shows as ``∞``, a boolean as ``yes`` or ``no``, text as it is.

    Parameters
    ----------
    value : object
        A number, or anything else (shown as text).
    missing : str, default "–"
        What None, NaN and NA show as. The explanations say ``"unknown"``.
    scientific : bool, default True
        Numbers smaller than 0.0001 in scientific notation (``5.12e-05``, as in the report);
        False writes them with at most six decimals (``0.000051``, as in the explanations).

    Examples
    --------
    >>> [format_value(v) for v in (1234567.8, 123.4, 12.34, 0.0512, 0.0, 3.0, float("nan"))]
    ['1,234,568', '123', '12.3', '0.0512', '0', '3', '–']
    >>> format_value(0.0000512), format_value(0.0000512, scientific=False)
    ('5.12e-05', '0.000051')
    >>> format_value(None, missing="unknown"), format_value(float("-inf")), format_value(True)
    ('unknown', '−∞', 'yes')
    """
    if value is None or value is pd.NA:
        return missing
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        try:
            value = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
    number = float(value)
    if math.isnan(number):
        return missing
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if abs(number) >= 99.95:  # where three significant digits reach the units
        return f"{number:,.0f}"
    text = f"{number:.3g}"
    if "e" in text and not scientific:
        text = f"{number:.6f}".rstrip("0").rstrip(".")
    return text


def html_table(
    rows: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    details: Sequence[str] | None = None,
    limit: int | None = None,
) -> str:
    """An HTML table of some columns of ``rows``, every cell escaped, numbers by format_value.

    Parameters
    ----------
    rows : pandas.DataFrame
        The rows, in the order shown.
    columns : mapping of str to str
        Column name to header text; columns missing from ``rows`` are skipped.
    details : sequence of str, optional
        One text per row (an explanation), shown in a collapsed last column.
    limit : int, optional
        Show at most this many rows, and say how many were left out.

    Examples
    --------
    >>> html_table(pd.DataFrame({"name": ["<b>"], "kw": [1234.5]}), {"name": "Name", "kw": "kW"})
    '<table><thead><tr><th>Name</th><th>kW</th></tr></thead><tbody><tr><td>&lt;b&gt;</td><td class="num">1,234</td></tr></tbody></table>'
    """  # noqa: E501
    present = [column for column in columns if column in rows.columns]
    shown = rows if limit is None else rows.head(limit)
    header = "".join(f"<th>{escape(columns[column])}</th>" for column in present)
    if details is not None:
        header += "<th>Explanation</th>"
    body = []
    for position, record in enumerate(shown[present].itertuples(index=False, name=None)):
        cells = "".join(_cell(value) for value in record)
        if details is not None:
            cells += (
                f"<td><details><summary>why</summary>{escape(details[position])}</details></td>"
            )
        body.append(f"<tr>{cells}</tr>")
    table = f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    if limit is not None and len(rows) > limit:
        table += f'<p class="note">{len(rows) - limit:,} more rows are not shown.</p>'
    return table


def _cell(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return f"<td>{escape(format_value(value) if not isinstance(value, str) else value)}</td>"
    return f'<td class="num">{escape(format_value(value))}</td>'
