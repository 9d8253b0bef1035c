"""The field tables (catalogue/fields/*.csv) agree with the models and document every column."""

from __future__ import annotations

from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, ValidationError

from symbiosis.catalogue import quality_parameters
from symbiosis.catalogue.fields import _parse_field_table
from symbiosis.errors import InputError
from symbiosis.io.assembly import _NamedParameter, _ZoneInfo
from symbiosis.io.cells import parse_cell
from symbiosis.io.columns import COLUMNS, TABLES, Column, columns_of
from symbiosis.io.headers import (
    documentation_rows,
    input_tables_markdown,
    match_header,
    match_table,
    normalise,
    suggest_column,
)
from symbiosis.schemas import DEMAND_ONLY_FIELDS, Company, Flow, OutsideParty, Zone

# The model a row of each table is validated as (see symbiosis.io.assembly.build_zone).
TABLE_MODELS: list[tuple[str, type[BaseModel]]] = [
    ("companies", Company),
    ("flows", Flow),
    ("outside_parties", OutsideParty),
    ("parameters", _NamedParameter),
    ("zone", _ZoneInfo),
]

# The value parse_cell gives for each kind of column.
KIND_TYPES: dict[str, Any] = {
    "id": str,
    "text": str,
    "nace": str,
    "ewc": str,
    "choice": str,
    "number": float,
    "share": float,
    "integer": int,
    "boolean": bool,
    "list": tuple[str, ...],
}


def _fields_filled(table: str) -> dict[str, list[Column]]:
    filled: dict[str, list[Column]] = {}
    for column in columns_of(table):
        filled.setdefault(column.model_field, []).append(column)
    return filled


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        assert len(kept) == 1, annotation
        return kept[0]
    return annotation


def _value_type(annotation: Any) -> Any:
    """The annotation without None nor constraints; a Literal of strings is str."""
    annotation = _without_none(annotation)
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Literal:
        assert all(isinstance(value, str) for value in get_args(annotation))
        return str
    return annotation


@pytest.mark.parametrize(("table", "model"), TABLE_MODELS)
def test_every_model_field_has_a_column_and_every_column_a_field(
    table: str, model: type[BaseModel]
) -> None:
    assert set(_fields_filled(table)) == set(model.model_fields)


def test_the_zone_table_and_the_other_tables_fill_every_zone_field() -> None:
    tables = {spec.name for spec in TABLES} - {"zone"}
    assert set(_fields_filled("zone")) | tables == set(Zone.model_fields)


@pytest.mark.parametrize(("table", "model"), TABLE_MODELS)
def test_required_columns_are_the_required_model_fields(table: str, model: type[BaseModel]) -> None:
    required = {name for name, info in model.model_fields.items() if info.is_required()}
    assert {c.model_field for c in columns_of(table) if c.required} == required


@pytest.mark.parametrize(("table", "model"), TABLE_MODELS)
def test_the_kind_of_a_column_is_the_type_of_its_field(table: str, model: type[BaseModel]) -> None:
    for name, columns in _fields_filled(table).items():
        kinds = {column.kind for column in columns}
        assert len(kinds) == 1, (table, name)
        cell = KIND_TYPES[kinds.pop()]
        if any("<name>" in column.name for column in columns):
            expected = dict[str, cell]  # a pattern: one column per key
        elif len(columns) > 1:
            expected = tuple[cell, ...]  # several columns fill one field, in their order
        else:
            expected = cell
        assert _value_type(model.model_fields[name].annotation) == expected, (table, name)


@pytest.mark.parametrize(("table", "model"), TABLE_MODELS)
def test_defaults_are_the_model_defaults(table: str, model: type[BaseModel]) -> None:
    for column in columns_of(table):
        info = model.model_fields[column.model_field]
        if column.required:
            assert column.default == "", column.name
            continue
        default = info.get_default(call_default_factory=True)
        if column.default:
            assert parse_cell(column, column.default) == default, column.name
        else:
            assert default in (None, (), {}), column.name


@pytest.mark.parametrize(("table", "model"), TABLE_MODELS)
def test_choices_are_the_values_the_model_allows(table: str, model: type[BaseModel]) -> None:
    for column in columns_of(table):
        if column.kind == "choice":
            annotation = _without_none(model.model_fields[column.model_field].annotation)
            assert tuple(value for value, _ in column.choices) == get_args(annotation)


def test_every_example_reads_as_its_kind() -> None:
    for column in COLUMNS:
        if column.example:
            value = parse_cell(column, column.example)
            assert isinstance(value, get_origin(KIND_TYPES[column.kind]) or KIND_TYPES[column.kind])


def test_a_supply_may_not_set_a_field_marked_demand_only() -> None:
    assert {"max_cod_mg_per_l", "potable_required"} <= set(DEMAND_ONLY_FIELDS)
    assert "temperature_c" not in DEMAND_ONLY_FIELDS
    for column in columns_of("flows"):
        if not column.demand_only:
            continue
        value = parse_cell(column, column.example)
        fields = {column.model_field: value}
        message = f"{column.name} is a requirement of a demand, but flow F1 is a supply"
        with pytest.raises(ValidationError, match=message):
            Flow(
                id="F1",
                company_id="C1",
                direction="supply",
                resource="water.potable",
                quantity=1.0,
                unit="m3/yr",
                **fields,
            )
        demand = Flow(
            id="F1",
            company_id="C1",
            direction="demand",
            resource="water.potable",
            quantity=1.0,
            unit="m3/yr",
            **fields,
        )
        assert getattr(demand, column.model_field) == value


def test_quality_fields_come_from_the_quality_registry() -> None:
    # flows.csv says where (@quality.supply, @quality.limit); quality.yaml says what.
    names = [column.name for column in columns_of("flows")]
    supply = [p.supply_field for p in quality_parameters().values()]
    limits = [p.limit_field for p in quality_parameters().values()]
    assert names[names.index("description") + 1 :][: len(supply)] == supply
    assert supply[:2] == ["temperature_c", "salinity_g_per_l"]
    assert names[names.index("contaminant_<name>_mg_per_l") + 1 :][: len(limits)] == limits
    flows = {column.name: column for column in columns_of("flows")}
    for parameter in quality_parameters().values():
        for field, demand_only in ((parameter.supply, False), (parameter.limit, True)):
            row = flows[field.name]
            assert (row.kind, row.unit, row.demand_only) == ("number", parameter.unit, demand_only)
            assert (row.french, row.english) == (field.french, field.english), field.name
            assert (row.example, row.description) == (field.example, field.description)


@pytest.mark.parametrize("model", [Company, Flow, OutsideParty])
def test_models_leave_the_description_of_their_fields_to_the_field_tables(
    model: type[BaseModel],
) -> None:
    # One description per field: a row of catalogue/fields/<table>.csv, not the docstring.
    assert "Attributes\n" not in (model.__doc__ or "")


def test_docs_inputs_is_what_the_field_tables_give() -> None:
    committed = (Path(__file__).parents[2] / "docs" / "inputs.md").read_text(encoding="utf-8")
    assert committed == input_tables_markdown(), (
        "docs/inputs.md differs from the field tables in src/symbiosis/catalogue/fields/; "
        "regenerate it with `python docs/make_inputs.py`"
    )


def test_a_malformed_row_names_its_file_and_line() -> None:
    text = (
        "# a note\n"
        "name,kind,unit,required,default,field,demand_only,french,english,choices,allowed,"
        "example,description\n"
        "id,id,,yes,,,,,,,,C01,the id\n"
        "size,big,,perhaps,,,,,,,,3,\n"
    )
    with pytest.raises(InputError) as raised:
        _parse_field_table("companies", "fields/companies.csv", text)
    assert str(raised.value) == (
        "fields/companies.csv, line 4: kind 'big' is not one of id, text, nace, ewc, number, "
        "integer, share, boolean, choice, list; required must be yes or no, not 'perhaps'; "
        "describe the column"
    )


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
