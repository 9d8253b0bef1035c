"""Cells read as their column expects them."""

from __future__ import annotations

import datetime as dt

import pytest

from symbiosis.io.cells import CellError, cell_text, format_cell, parse_cell, parse_number
from symbiosis.io.headers import match_header


def column(table: str, header: str):  # type: ignore[no-untyped-def]
    found = match_header(table, header)
    assert found is not None
    return found[0]


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("12 000", 12000.0),
        ("12\u00a0000", 12000.0),
        ("12\u202f000,25", 12000.25),
        ("1.234.567,5", 1234567.5),
        ("1,234,567.5", 1234567.5),
        ("-0,5", -0.5),
        (",5", 0.5),
        ("1e3", 1000.0),
        ("1,5E-3", 0.0015),
        ("1,234", 1.234),  # a decimal comma wins over an English thousands separator
    ],
)
def test_numbers_as_written_in_spreadsheets(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["12,5,3", "1.2.3,4,5", "douze", "3,5 m3", "1 2,3.4", ""])
def test_not_numbers(text: str) -> None:
    with pytest.raises(CellError, match=r"^is not a number$"):
        parse_number(text)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("oui", True),
        ("NON", False),
        ("Vrai", True),
        ("faux", False),
        ("x", True),
        ("X", True),
        ("true", True),
        ("0", False),
        (1, True),
        (0.0, False),
        (True, True),
    ],
)
def test_booleans(word: object, value: bool) -> None:
    assert parse_cell(column("flows", "food_contact"), word) is value


@pytest.mark.parametrize(
    ("word", "direction"),
    [
        ("Entrée", "demand"),
        ("entree", "demand"),
        ("BESOIN", "demand"),
        ("entrant", "demand"),
        ("sortie", "supply"),
        ("Offre", "supply"),
        ("sortant", "supply"),
        ("supply", "supply"),
    ],
)
def test_directions(word: str, direction: str) -> None:
    assert parse_cell(column("flows", "sens"), word) == direction


@pytest.mark.parametrize(
    ("word", "provenance"),
    [
        ("mesuré", "measured"),
        ("Estimé", "estimated"),
        ("supposé", "assumed"),
        ("hypothèse", "assumed"),
        ("measured", "measured"),
    ],
)
def test_provenance(word: str, provenance: str) -> None:
    assert parse_cell(column("flows", "provenance"), word) == provenance


def test_spreadsheet_numbers_in_code_columns() -> None:
    nace = column("companies", "code NAF")
    assert parse_cell(nace, 10.2) == "10.20"
    assert parse_cell(nace, "4638a") == "46.38A"
    assert parse_cell(nace, "46.38") == "46.38"
    assert parse_cell(column("flows", "code déchet"), 20202) == "020202"
    assert parse_cell(column("flows", "id"), 12) == "12"
    assert parse_cell(column("flows", "id"), 12.0) == "12"


def test_integers_shares_and_lists() -> None:
    assert parse_cell(column("companies", "effectif"), "1 200") == 1200
    with pytest.raises(CellError, match="must be a whole number"):
        parse_cell(column("companies", "effectif"), "12,5")
    assert parse_cell(column("flows", "janv"), "8,5 %") == pytest.approx(0.085)
    assert parse_cell(column("outside_parties", "fournit"), "water.sea; water.potable") == (
        "water.sea",
        "water.potable",
    )
    with pytest.raises(CellError, match="is not a number"):
        parse_cell(column("flows", "quantité"), True)


def test_cell_text_and_format_cell() -> None:
    assert cell_text(dt.date(2024, 3, 12)) == "2024-03-12"
    assert cell_text(False) == "false"
    assert format_cell(1 / 3) == "0.3333333333333333"
    assert float(format_cell(1e-300)) == 1e-300
    assert format_cell(1e20) == "1e+20"
    assert format_cell(("a", "b")) == "a;b"
