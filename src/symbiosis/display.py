"""How numbers and tables read: the one number formatter, escaped HTML tables, notebook views.

:func:`format_value` writes every number a person reads (explanations, the report, messages);
:func:`html_table` and :func:`notebook_html` build the escaped HTML of the report's tables and of
what Jupyter shows for a ``Zone``, a ``MatchResult`` and a ``Plan``. This module imports nothing
from symbiosis, so every layer may use it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["NOTEBOOK_ROWS", "escape", "format_value", "html_table", "notebook_html"]

#: Rows a notebook view shows of each table; the tables themselves hold them all.
NOTEBOOK_ROWS = 30


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


def notebook_html(
    kind: str,
    title: str,
    lines: Sequence[str],
    tables: Sequence[tuple[str, pd.DataFrame, Mapping[str, str]]],
    *,
    limit: int = NOTEBOOK_ROWS,
) -> str:
    """What Jupyter shows for an object: a title, a few lines, then headed tables, all escaped.

    Parameters
    ----------
    kind : str
        Names the block: ``<div class="symbiosis-{kind}">``.
    title : str
        Plain text.
    lines : sequence of str
        Plain text, one paragraph each; empty ones are left out.
    tables : sequence of (heading, rows, columns)
        ``heading`` plain text; ``rows`` and ``columns`` as :func:`html_table` takes them.
    limit : int, default NOTEBOOK_ROWS
        Rows shown of each table; the view says how many were left out.

    Examples
    --------
    >>> rows = pd.DataFrame({"id": ["A", "B"], "kw": [250.0, 12.5]})
    >>> print(notebook_html("demo", "Demo <1>", ["two streams", ""],
    ...                     [("Streams", rows, {"id": "Id", "kw": "kW"})], limit=1))
    <div class="symbiosis-demo"><h3>Demo &lt;1&gt;</h3><p>two streams</p><h4>Streams</h4><table><thead><tr><th>Id</th><th>kW</th></tr></thead><tbody><tr><td>A</td><td class="num">250</td></tr></tbody></table><p class="note">1 more rows are not shown.</p></div>
    """  # noqa: E501
    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
    sections = "".join(
        f"<h4>{escape(heading)}</h4>{html_table(rows, columns, limit=limit)}"
        for heading, rows, columns in tables
    )
    return (
        f'<div class="symbiosis-{escape(kind)}"><h3>{escape(title)}</h3>'
        f"{paragraphs}{sections}</div>"
    )
