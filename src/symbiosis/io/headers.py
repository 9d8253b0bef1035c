"""Match headers, sheet and file names to the column specification; document the columns.

The documentation of the columns (the template's ``columns`` sheet and ``docs/inputs.md``) is
built here from :data:`symbiosis.io.columns.COLUMNS`, so it says what the readers do.

Headers are compared after :func:`normalise`: case, accents, punctuation and a unit in brackets
do not matter, so ``Quantité``, ``quantite`` and ``QUANTITÉ (m³/an)`` all name ``quantity``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from symbiosis.catalogue import suggest
from symbiosis.io.columns import COLUMNS, TABLES, YES_NO, Column, TableSpec, columns_of

__all__ = [
    "CONTAMINANT_PATTERN",
    "allowed_values",
    "documentation_rows",
    "input_tables_markdown",
    "match_header",
    "match_table",
    "normalise",
    "suggest_column",
]

#: A contaminant column, normalised: ``contaminant_<name>_mg_per_l`` (the suffix may be left out).
CONTAMINANT_PATTERN = re.compile(r"^(?:contaminant|polluant)_([a-z0-9_]+?)(?:_mg_per_l|_mg_l)?$")


@lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """A header or a word as compared: lower-case ASCII words joined by ``_``, without a unit.

    Examples
    --------
    >>> normalise(" Quantité (m³/an) ")
    'quantite'
    >>> normalise("Heures/an")
    'heures_an'
    """
    text = str(text).replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", _without_brackets(text)).strip("_")


def _without_brackets(text: str) -> str:
    """Text with each ``(...)`` and ``[...]`` on one line replaced by a space, in linear time.

    A bracket opens a part only when its closing bracket follows on the same line (a lone
    ``(`` stays). Where the next closing bracket and the next line break are is looked up once
    and reused until the scan passes it, so 100,000 ``(`` take milliseconds, not minutes.

    Examples
    --------
    >>> _without_brackets("quantite (m3/an) [x] (open")
    'quantite     (open'
    """
    closing = {"(": ")", "[": "]"}
    next_at = {")": -1, "]": -1, "\n": -1}

    def following(character: str, start: int) -> int:
        if next_at[character] != len(text) and next_at[character] < start:
            found = text.find(character, start)
            next_at[character] = len(text) if found < 0 else found
        return next_at[character]

    parts: list[str] = []
    position = kept_from = 0
    while position < len(text):
        close = closing.get(text[position])
        if close is not None:
            end = following(close, position + 1)
            if end < len(text) and end < following("\n", position + 1):
                parts += [text[kept_from:position], " "]
                position = kept_from = end + 1
                continue
        position += 1
    parts.append(text[kept_from:])
    return "".join(parts)


@cache
def _aliases(table: str) -> dict[str, Column]:
    found: dict[str, Column] = {}
    for column in columns_of(table):
        if column.model_field == "contaminants_mg_per_l":
            continue
        for spelling in (column.name, *column.french, *column.english):
            found.setdefault(normalise(spelling), column)
    return found


def match_header(table: str, header: str) -> tuple[Column, str | None] | None:
    """The column a header names, with the contaminant's name for a contaminant column.

    Parameters
    ----------
    table : str
        ``companies``, ``flows``, ``outside_parties``, ``parameters`` or ``zone``.
    header : str
        The header as written.

    Returns
    -------
    tuple of (Column, str or None), or None
        None when the header names no column of the table.

    Examples
    --------
    >>> column, _ = match_header("flows", "Code CED")
    >>> column.name
    'ewc_code'
    >>> match_header("flows", "contaminant_zinc_mg_per_l")[1]
    'zinc'
    >>> match_header("flows", "colour") is None
    True
    """
    key = normalise(header)
    column = _aliases(table).get(key)
    if column is not None:
        return column, None
    contaminant = CONTAMINANT_PATTERN.match(key)
    if table == "flows" and contaminant:
        pattern = next(c for c in columns_of("flows") if c.model_field == "contaminants_mg_per_l")
        return pattern, contaminant.group(1)
    return None


def suggest_column(table: str, header: str) -> str:
    """A 'did you mean' phrase naming the canonical columns closest to an unknown header.

    Examples
    --------
    >>> suggest_column("flows", "quantiy")
    "; did you mean 'quantity'?"
    """
    aliases = _aliases(table)
    phrase = suggest(normalise(header), aliases)
    names = [column.name for alias, column in aliases.items() if repr(alias) in phrase]
    if not names:
        return ""
    return "; did you mean " + " or ".join(repr(name) for name in dict.fromkeys(names)) + "?"


def match_table(name: str) -> TableSpec | None:
    """The table a sheet or a file stem names (canonical or French), or None.

    Examples
    --------
    >>> match_table("Flux").name
    'flows'
    """
    key = normalise(name)
    for table in TABLES:
        if key == table.name or key in table.aliases:
            return table
    return None


def allowed_values(column: Column) -> str:
    """The values a column accepts, in words, for the documentation sheet and messages.

    Examples
    --------
    >>> allowed_values(match_header("outside_parties", "type")[0])[:38]
    "'sea' (mer) or 'water_network' (réseau"
    """
    if column.allowed:
        return column.allowed
    if column.choices:
        return " or ".join(f"{value!r} ({', '.join(words)})" for value, words in column.choices)
    return {
        "id": "text without spaces, ';' or ','",
        "nace": "NN.NN, optionally with a NAF letter (46.38A)",
        "ewc": "six digits in pairs, e.g. 02 02 02; '*' marks a hazardous waste",
        "number": "a number; a decimal comma and spaces between thousands are accepted",
        "integer": "a whole number",
        "share": "a number from 0 to 1, or a percentage such as 8,5 %",
        "boolean": YES_NO,
    }.get(column.kind, "text")


def documentation_rows() -> list[dict[str, str]]:
    """One row per column of every table: the ``columns`` sheet of the template.

    Returns
    -------
    list of dict
        Keys ``table``, ``column``, ``french``, ``unit``, ``required``, ``allowed_values``,
        ``example`` and ``description``.
    """
    return [
        {
            "table": column.table,
            "column": column.name,
            "french": ", ".join(column.french),
            "unit": column.unit,
            "required": "yes" if column.required else "no",
            "allowed_values": allowed_values(column),
            "example": column.example,
            "description": column.description,
        }
        for column in COLUMNS
    ]


_INPUTS_INTRO = """\
# Input tables: the columns of a zone

<!-- Generated from src/symbiosis/catalogue/fields/*.csv by `python docs/make_inputs.py`;
edit those files, then run it again. -->

A zone is a folder of CSV files, an `.xlsx` workbook with one sheet per table, or a `.json`
file. In a folder, the `zone` table is `zone.yaml`, which may also list the outside parties and
the parameters. A header is compared without case, accents, punctuation or a unit in brackets,
so `Quantité (m³/an)` names `quantity`, and any of a column's French or English headers may
stand in for its name. A column that is not required may be left out; an empty cell takes the
default (nothing when none is given). The template (`symbiosis template interviews.xlsx`) has
these tables with their headers and a `columns` sheet with this list. The tables the library
produces are in [tables.md](tables.md).
"""

_INPUTS_HEADER = (
    "| column | kind | unit | required | default | French headers | English headers "
    "| allowed values | example | description |"
)


def _markdown_cell(text: str) -> str:
    return text.replace("|", "\\|")


def input_tables_markdown() -> str:
    """``docs/inputs.md``: each input table and its columns, from the field tables.

    Returns
    -------
    str
        Markdown: one section per table, one row per column.

    Examples
    --------
    >>> text = input_tables_markdown()
    >>> [line for line in text.splitlines() if line.startswith("## ")][1]
    '## `flows`: one row per flow into or out of a company'
    >>> staff = next(line for line in text.splitlines() if line.startswith("| `staff`"))
    >>> staff.split(" | ")[1:6]
    ['integer', 'persons', 'no', '', 'effectif, salariés, nombre de salariés']
    """
    lines = [_INPUTS_INTRO]
    for table in TABLES:
        kind = "A required table" if table.required else "An optional table"
        also = ", ".join(f"`{alias}`" for alias in table.aliases)
        lines += [
            f"## `{table.name}`: {table.description}",
            "",
            f"{kind}; a sheet or file may also be named {also}." if also else f"{kind}.",
            "",
            _INPUTS_HEADER,
            "|---" * 10 + "|",
        ]
        for column in columns_of(table.name):
            cells = (
                f"`{column.name}`",
                column.kind,
                column.unit,
                "yes" if column.required else "no",
                column.default,
                ", ".join(column.french),
                ", ".join(column.english),
                allowed_values(column),
                column.example,
                column.description,
            )
            lines.append("| " + " | ".join(_markdown_cell(cell) for cell in cells) + " |")
        lines.append("")
    return "\n".join(lines)
