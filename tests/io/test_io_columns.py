"""The column specification covers every model field and documents every column."""

from __future__ import annotations

import pytest

from symbiosis.io.columns import COLUMNS, columns_of
from symbiosis.io.headers import (
    documentation_rows,
    match_header,
    match_table,
    normalise,
    suggest_column,
)
from symbiosis.schemas import Company, Flow, OutsideParty


@pytest.mark.parametrize(
    ("model", "table"),
    [(Company, "companies"), (Flow, "flows"), (OutsideParty, "outside_parties")],
)
def test_every_model_field_has_a_column_and_every_column_a_field(model: type, table: str) -> None:
    assert {column.model_field for column in columns_of(table)} == set(model.model_fields)


def test_required_columns_are_the_required_model_fields() -> None:
    for model, table in [
        (Company, "companies"),
        (Flow, "flows"),
        (OutsideParty, "outside_parties"),
    ]:
        required = {name for name, info in model.model_fields.items() if info.is_required()}
        assert {c.model_field for c in columns_of(table) if c.required} == required


def test_aliases_never_name_two_columns_of_one_table() -> None:
    for table in {column.table for column in COLUMNS}:
        seen: dict[str, str] = {}
        for column in columns_of(table):
            for spelling in (column.name, *column.french, *column.english):
                key = normalise(spelling)
                assert seen.setdefault(key, column.name) == column.name, (table, spelling)


def test_every_column_is_documented() -> None:
    rows = documentation_rows()
    assert len(rows) == len(COLUMNS)
    assert all(row["description"] for row in rows)
    assert all(row["allowed_values"] for row in rows)
    quantity = next(r for r in rows if (r["table"], r["column"]) == ("flows", "quantity"))
    assert quantity["french"] == "quantité, qté, débit"
    assert quantity["required"] == "yes"


@pytest.mark.parametrize(
    ("table", "header", "name"),
    [
        ("companies", "Identifiant", "id"),
        ("companies", "NOM", "name"),
        ("companies", "Raison sociale", "name"),
        ("companies", "code naf", "sector_nace"),
        ("companies", "NACE", "sector_nace"),
        ("flows", "entreprise", "company_id"),
        ("flows", "ID Entreprise", "company_id"),
        ("flows", "sens", "direction"),
        ("flows", "Quantité (m³/an)", "quantity"),
        ("flows", "unite", "unit"),
        ("flows", "Heures de fonctionnement", "operating_hours_per_yr"),
        ("flows", "heures par an", "operating_hours_per_yr"),
        ("flows", "Jours par an", "operating_days_per_yr"),
        ("flows", "usage", "use"),
        ("flows", "température", "temperature_c"),
        ("flows", "salinité", "salinity_g_per_l"),
        ("flows", "DCO", "cod_mg_per_l"),
        ("flows", "MES", "suspended_solids_mg_per_l"),
        ("flows", "code déchet", "ewc_code"),
        ("flows", "Code CED", "ewc_code"),
        ("flows", "prix", "cost_eur_per_unit"),
        ("flows", "coût", "cost_eur_per_unit"),
        ("flows", "provenance", "provenance"),
        ("flows", "confidentiel", "confidential"),
        ("flows", "janv", "profile_01"),
        ("flows", "FÉVR", "profile_02"),
        ("flows", "août", "profile_08"),
        ("flows", "déc", "profile_12"),
        ("flows", "dec", "profile_12"),
        ("flows", "profile_07", "profile_07"),
    ],
)
def test_french_and_english_headers(table: str, header: str, name: str) -> None:
    found = match_header(table, header)
    assert found is not None
    assert found[0].name == name


def test_contaminant_columns() -> None:
    assert match_header("flows", "Contaminant Zinc (mg/L)") is not None
    assert match_header("flows", "contaminant_nitrates_mg_per_l")[1] == "nitrates"  # type: ignore[index]
    assert match_header("companies", "contaminant_zinc_mg_per_l") is None


def test_tables_and_suggestions() -> None:
    assert match_table("Entreprises").name == "companies"  # type: ignore[union-attr]
    assert match_table("Feuil1") is None
    assert suggest_column("companies", "lattitude") == "; did you mean 'latitude' or 'longitude'?"
    assert suggest_column("companies", "xyz") == ""
