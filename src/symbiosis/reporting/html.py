"""The report's page shell and style sheet.

Every piece of text that comes from an input (names, descriptions, sources, explanations)
goes through :func:`symbiosis.display.escape`; numbers through
:func:`symbiosis.display.format_value`, tables through :func:`symbiosis.display.html_table`.
"""

from __future__ import annotations

from collections.abc import Iterable

from symbiosis.display import escape

__all__ = ["STYLE", "page"]

#: The report's whole style sheet, inline: no font, image or script is fetched.
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
 color:#222;margin:0;background:#fafafa;line-height:1.45}
main{max-width:1100px;margin:0 auto;padding:1.5rem 2rem 3rem;background:#fff}
h1{margin:.2rem 0 .3rem;font-size:1.8rem}h2{margin-top:2.2rem;border-bottom:2px solid #ddd;
 padding-bottom:.2rem}h3{margin:1.2rem 0 .4rem}
.lead{color:#555;margin-top:0}.note{color:#666;font-size:.9rem}
.warning{color:#8a4b00;font-weight:600}
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
