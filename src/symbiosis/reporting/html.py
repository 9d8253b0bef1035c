"""Small HTML building blocks: numbers as a reader reads them, escaped tables, the page shell.

Every piece of text that comes from an input (names, descriptions, sources, explanations)
goes through :func:`html.escape`; the only markup is written here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

__all__ = ["STYLE", "escape", "format_value", "html_table", "page"]

#: The report's whole style sheet, inline: no font, image or script is fetched.
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:#222;margin:0;background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 3rem;background:#fff}
h1{margin:.2rem 0 .3rem;font-size:1.8rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd;
 padding-bottom:.2rem}h3{margin:1.2rem 0 .4rem}
.lead{color:#555;margin-top:0}.note{color:#666;font-size:.9rem}
.share{background:#fff4e5;border-left:4px solid #E69F00;padding:.5rem .8rem}
nav ol{columns:2;margin:.5rem 0}
.cards{display:flex;flex-wrap:wrap;gap:.8rem;margin:.8rem 0}
.card{flex:1 1 180px;border:1px solid #ddd;border-radius:6px;padding:.6rem .8rem}
.card .value{font-size:1.5rem;font-weight:600}.card .unit{color:#666;font-size:.85rem}
.card .label{font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}
th,td{border-bottom:1px solid #e3e3e3;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
details summary{cursor:pointer;color:#0a5}
figure{margin:.5rem 0}figcaption{color:#555;font-size:.85rem}
svg{max-width:100%;height:auto;background:#fff}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.swatch{display:inline-block;width:.9rem;height:.9rem;border-radius:2px;margin-right:.3rem;
 vertical-align:middle}
footer{margin-top:3rem;color:#888;font-size:.8rem}
"""


def escape(value: object) -> str:
    """Text safe to put in HTML (and in an SVG inside it): ``<``, ``>``, ``&`` and quotes escaped.

    Examples
    --------
    >>> escape("<script>alert(1)</script>")
    '&lt;script&gt;alert(1)&lt;/script&gt;'
    """
    return html.escape("" if value is None else str(value), quote=True)


def format_value(value: object) -> str:
    """A number as the report shows it: thousands separated, three significant digits below 100.

    Missing values show as an en dash, infinity as ``∞``, text as it is.

    Examples
    --------
    >>> [format_value(v) for v in (1234567.8, 123.4, 12.34, 0.0512, 0.0, 3.0, float("nan"))]
    ['1,234,568', '123', '12.3', '0.0512', '0', '3', '–']
    """
    if value is None or value is pd.NA:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        try:
            value = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
    number = float(value)
    if math.isnan(number):
        return "–"
    if math.isinf(number):
        return "∞" if number > 0 else "−∞"
    if abs(number) >= 99.95:
        return f"{number:,.0f}"
    return f"{number:.3g}"


def html_table(
    rows: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    details: Sequence[str] | None = None,
    limit: int | None = None,
) -> str:
    """An HTML table of some columns of ``rows``, every cell escaped.

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
    """
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


def page(
    title: str, sections: Iterable[tuple[str, str, str]], *, lead: str = "", footer: str = ""
) -> str:
    """The whole HTML document: title, table of contents and sections.

    Parameters
    ----------
    title : str
        Plain text (escaped here).
    sections : iterable of (anchor, heading, body)
        ``heading`` is plain text (escaped here); ``body`` is HTML already built.
    lead, footer : str
        HTML shown under the title, and at the end.
    """
    sections = list(sections)
    contents = "".join(
        f'<li><a href="#{escape(anchor)}">{escape(heading)}</a></li>'
        for anchor, heading, _ in sections
    )
    body = "".join(
        f'<section id="{escape(anchor)}"><h2>{escape(heading)}</h2>{content}</section>'
        for anchor, heading, content in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"<h1>{escape(title)}</h1>\n{lead}\n<nav><ol>{contents}</ol></nav>\n{body}\n"
        f"<footer>{footer}</footer>\n</main>\n</body>\n</html>\n"
    )
