"""Hostile and malformed inputs (issue 19): every one gives a located problem, none a crash.

One test per class of the issue; each checks the exact message a consultant reads.
"""

from __future__ import annotations

import copy
import json
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from symbiosis.catalogue import Parameter
from symbiosis.errors import ValidationReport
from symbiosis.io import example_path, load_example, read_zone, write_zone
from symbiosis.io.headers import normalise
from symbiosis.schemas import Company, Flow, OutsideParty, Zone


def toy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "toy"
    shutil.copytree(example_path("toy"), folder)
    return folder


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ValidationReport) as raised:
        read_zone(path)
    return [str(problem) for problem in raised.value.problems]


def replace_in(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert old in data
    path.write_bytes(data.replace(old, new, 1))


def toy_json(tmp_path: Path, change: Any = None, text: str | None = None) -> Path:
    data = load_example("toy").model_dump(mode="json")
    if change is not None:
        change(data)
    path = tmp_path / "toy.json"
    path.write_text(text if text is not None else json.dumps(data), encoding="utf-8")
    return path


# class 3: denial of service on small inputs


def test_normalise_is_linear_in_brackets() -> None:
    started = time.perf_counter()
    assert normalise("(" * 100_000) == ""  # every '(' becomes '_', stripped
    assert normalise("Quantité (m³/an) [x] (open") == "quantite_open"
    # The quadratic pattern took minutes on 100,000 '('; a linear scan takes milliseconds.
    assert time.perf_counter() - started < 2


def test_yaml_aliases_are_refused(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    (folder / "zone.yaml").write_text("name: &a toy\ndescription: *a\n", encoding="utf-8")
    assert problems_of(folder) == [
        "zone.yaml, row 1: is not valid YAML: uses an anchor or an alias (& or *); write each "
        "value out in full"
    ]


def test_yaml_repeated_keys_are_refused(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    (folder / "zone.yaml").write_text("name: toy\nname: other\n", encoding="utf-8")
    assert problems_of(folder) == [
        "zone.yaml, row 2, column name: 'name' appears twice in one mapping; keep one of them "
        "(the second would silently replace the first)"
    ]


def test_yaml_scalars_stay_as_written(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    text = (folder / "zone.yaml").read_text(encoding="utf-8")
    text = text.replace("name: toy", "name: no").replace("  - id: NET", "  - id: 0012")
    (folder / "zone.yaml").write_text(text, encoding="utf-8")
    zone = read_zone(folder)
    # YAML 1.1 would read no as False and 0012 as the octal 10.
    assert zone.name == "no"
    assert [party.id for party in zone.outside_parties] == ["SEA", "0012"]


def test_json_repeated_keys_are_refused(tmp_path: Path) -> None:
    text = json.dumps(load_example("toy").model_dump(mode="json"), indent=1)
    path = toy_json(tmp_path, text=text[:-2] + ',\n "flows": []\n}')
    lines = path.read_text(encoding="utf-8").count("\n")
    assert problems_of(path) == [
        f"toy.json, row {lines}, column flows: 'flows' appears twice in one object; keep one of "
        "them (the second would silently replace the first)"
    ]


# class 5: deep nesting


def test_deep_json_and_yaml_are_located(tmp_path: Path) -> None:
    path = toy_json(tmp_path, text='{"name": ' + "[" * 3000 + "]" * 3000 + "}")
    assert problems_of(path) == [
        "toy.json, row 1: nests lists and objects 3,001 levels deep; a zone file nests at most "
        "32 (MAX_NESTING)"
    ]
    folder = toy_folder(tmp_path)
    (folder / "zone.yaml").write_text("name: toy\nx: " + "[" * 3000 + "]" * 3000 + "\n")
    assert problems_of(folder) == [
        "zone.yaml, row 2: is not valid YAML: nests lists and mappings more than 32 levels deep "
        "(MAX_NESTING); a zone.yaml needs 4"
    ]


def test_damaged_workbook_sheet_is_located(tmp_path: Path) -> None:
    written = write_zone(load_example("toy"), tmp_path / "toy.xlsx")
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]  # cut in the middle of an XML element
            target.writestr(item, data)
    (problem,) = problems_of(damaged)
    assert problem.startswith("damaged.xlsx")
    assert "save it from Excel as .xlsx" in problem or "the workbook is damaged" in problem


# class 6 and 15: control characters, '-1', NUL in choices


def test_control_characters_are_refused_with_row_and_column(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    replace_in(folder / "companies.csv", b"Alpha", b"Al\x07pha")
    replace_in(folder / "flows.csv", b"F01,T1,demand", b"F01,T1,demand\x00")
    assert problems_of(folder) == [
        "companies.csv, row 2, column name: 'Marée Al\\x07pha' holds the control character "
        "U+0007 at character 9; delete it",
        "flows.csv, row 2, column direction: 'demand\\x00' holds the control character U+0000 "
        "(NUL) at character 7; delete it",
    ]


def test_minus_one_is_not_yes(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    replace_in(folder / "companies.csv", b"25,false", b"25,-1")
    assert problems_of(folder) == [
        "companies.csv, row 2, column confidential: '-1' is not a yes/no value: write oui or non "
        "(true/false, 1/0, or x for yes)"
    ]


def test_the_model_refuses_what_the_readers_refuse() -> None:
    with pytest.raises(ValidationError, match=r"U\+000D \(carriage return\) at character 2"):
        Company(id="C1", name="a\rb", sector_nace="10.20", latitude=50, longitude=1)
    with pytest.raises(ValidationError, match="at most 32,767"):
        OutsideParty(id="S", name="x" * 32_768, kind="sea")
    with pytest.raises(ValidationError, match="at least 1 character"):
        Zone(name="")
    # Text is kept as a cell is read: without surrounding blanks, an empty note is no note.
    company = Company(
        id="C1", name="\u00a0Marée ", sector_nace="10.20", latitude=50, longitude=1, notes=" "
    )
    assert (company.name, company.notes) == ("Marée", None)


# class 7: the JSON reader applies the cell rules


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("temperature_c", float("nan"), "'nan' must be a finite number"),
        ("temperature_c", float("inf"), "'inf' must be a finite number"),
        ("cost_eur_per_unit", True, "'true' is not a number"),
        ("quantity", 10**400, "must be a finite number"),
        ("description", 5, "'5' must be text; write it in quotes"),
        ("description", ["a"], "must be a single value, not a list"),
    ],
)
def test_json_values_follow_the_cell_rules(
    tmp_path: Path, field: str, value: Any, message: str
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["flows"][0][field] = value

    (problem,) = problems_of(toy_json(tmp_path, change))
    assert problem.startswith(f"toy.json, column flows[0].{field}: ")
    assert problem.endswith(message)


def test_json_latitude_true_is_refused(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["companies"][0]["latitude"] = True

    assert problems_of(toy_json(tmp_path, change)) == [
        "toy.json, column companies[0].latitude: 'true' is not a number"
    ]


def test_json_keeps_whole_numbers_exactly(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["companies"][0]["staff"] = 2**53 + 1  # 9007199254740993: a float would give ...992

    assert read_zone(toy_json(tmp_path, change)).companies[0].staff == 9_007_199_254_740_993


# class 8: workbooks


def test_formula_without_result_and_merged_cells_are_located(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = write_zone(load_example("toy"), tmp_path / "toy.xlsx")
    book = openpyxl.load_workbook(path)
    flows = book["flows"]
    flows["E2"] = "=1000*3"  # openpyxl saves formulas without their result
    flows.merge_cells("C3:C4")
    book.save(path)
    problems = problems_of(path)
    assert problems[0] == (
        "toy.xlsx, sheet flows, row 2, column quantity: '=1000*3' cell E2 holds a formula whose "
        "result was not saved (a workbook written by a program); open and save it in Excel or "
        "LibreOffice, or paste the values"
    )
    assert (
        "toy.xlsx, sheet flows, row 3, column direction: cells C3:C4 are merged, so their value "
        "belongs to C3 only; unmerge them and write the value in each cell"
    ) in problems


# class 9: encodings


def test_one_bad_byte_is_reported_not_turned_into_mojibake(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    data = (folder / "companies.csv").read_bytes()
    (folder / "companies.csv").write_bytes(data + b"T9,\xff,46.38,50.7,1.59,,,false\n")
    assert problems_of(folder) == [
        "companies.csv, row 6: holds the byte 0xFF at byte 4 of the line, which is not UTF-8 "
        "text; save the file as UTF-8 (in Excel: CSV UTF-8)"
    ]


def test_a_windows_1252_file_is_read_as_such(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    text = (folder / "companies.csv").read_text(encoding="utf-8")
    (folder / "companies.csv").write_bytes(text.encode("cp1252"))
    assert read_zone(folder).companies[0].name == "Marée Alpha"


# class 10, 13 and 14: round trips


@pytest.mark.parametrize("target", ["zone.xlsx", "zone.json", "zone_folder"])
def test_hostile_text_round_trips(tmp_path: Path, target: str) -> None:
    toy = load_example("toy")
    texts = ["\u00a0 Marée\tNord\n2 ", "=1+1", "'=1+1", '"; DROP', "Ünï 🙂", "x" * 32_767]
    companies = tuple(
        company.model_validate({**company.model_dump(), "notes": text})
        for company, text in zip(toy.companies, texts, strict=False)
    )
    zone = Zone.model_validate({**toy.model_dump(), "name": " (toy) ", "companies": companies})
    assert zone.name == "(toy)" and zone.companies[0].notes == "Marée\tNord\n2"
    assert read_zone(write_zone(zone, tmp_path / target)) == zone


def test_contaminant_names_are_written_as_headers_carry_them() -> None:
    with pytest.raises(ValidationError, match="write its name in lower-case letters"):
        Flow(
            id="F1",
            company_id="C1",
            direction="supply",
            resource="water.grey",
            quantity=1,
            unit="m3/yr",
            contaminants_mg_per_l={"Zinc": 1.0},
        )


# class 11: parameters


def test_parameters_are_checked_by_name_and_unit(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    (folder / "zone.yaml").write_text(
        "parameters:\n"
        "  water_pipe_cost_eur_per_metre: {value: 300, unit: EUR/m, source: quote}\n"
        "  heat_pipe_cost_eur_per_m: {value: 3, unit: kg, source: quote}\n"
        "  truck_cost_eur_per_km: {value: 2, unit: kEUR/km, source: quote}\n"
        "  boiler_efficiency: {value: yes, unit: '1', source: quote}\n",
        encoding="utf-8",
    )
    assert problems_of(folder) == [
        "zone.yaml, row 2, column name: 'water_pipe_cost_eur_per_metre' is not a parameter of "
        "symbiosis, so it would never be used; write the name of a package default "
        "(catalogue/parameters.yaml), <resource>.price_eur_per_unit or "
        "<resource>.emission_factor_kgco2e_per_unit; did you mean 'water_pipe_cost_eur_per_m' "
        "or 'heat_pipe_cost_eur_per_m' or 'heat_pump_cost_eur_per_kw'?",
        "zone.yaml, row 3, column unit: 'kg' does not measure what heat_pipe_cost_eur_per_m "
        "measures; give it in EUR/m",
        "zone.yaml, row 4, column unit: 'kEUR/km' is 1000 EUR/km; values are used as written, "
        "so convert the value to EUR/km and write that unit",
        "zone.yaml, row 5, column value: 'yes' is not a number",
    ]


def test_a_resource_price_is_a_known_parameter(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    (folder / "zone.yaml").write_text(
        "parameters:\n  water.potable.price_eur_per_unit: {value: 2.38, unit: EUR/m³, source: s}\n",
        encoding="utf-8",
    )
    assert read_zone(folder).parameters == {
        "water.potable.price_eur_per_unit": Parameter(value=2.38, unit="EUR/m³", source="s")
    }


# class 12: physical bounds


def test_impossible_values_are_refused(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    replace_in(folder / "flows.csv", b"washing whole fish,,", b"washing whole fish,-1e308,")
    replace_in(
        folder / "flows.csv",
        b"F02,T1,demand,water.potable,1000,m3/yr,,",
        b"F02,T1,demand,water.potable,1e308,m3/h,8000,",
    )
    problems = problems_of(folder)
    assert problems == [
        "flows.csv, row 2, column temperature_c: '-1e308' must be more than -273.15",
        # 1e308 m3/h x 8,000 h/yr overflows: the annual quantity would be infinite
        "flows.csv, row 3, column quantity: '1e308' 1e+308 m3/h is beyond any number per year "
        "(m3/yr); check the quantity and its unit",
    ]


def test_negative_contaminant_is_refused(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        data["flows"][0]["contaminants_mg_per_l"] = {"zinc": -1.0}

    (problem,) = problems_of(toy_json(tmp_path, change))
    assert problem.endswith("concentration must be a finite number of 0 mg/L or more, not -1")


# class 17: errors carry a row


def test_long_cell_and_yaml_nul_give_their_row(tmp_path: Path) -> None:
    folder = toy_folder(tmp_path)
    replace_in(folder / "companies.csv", b"Filets Beta", b"F" * 200_000)
    (folder / "zone.yaml").write_text("name: toy\ndescription: a\x00\n", encoding="utf-8")
    problems = problems_of(folder)
    assert problems[0] == (
        f"companies.csv, row 3, column name: '{'F' * 80}'... (200,000 characters) holds "
        "200,000 characters; a cell holds "
        "at most 32,767 (Excel's limit); shorten it"
    )
    assert problems[1] == (
        "zone.yaml, row 2: holds the character U+0000, which YAML does not allow; delete it"
    )


def test_unchanged_copies_still_read(tmp_path: Path) -> None:
    # The guards leave the shipped zones as they were.
    for name in ("toy", "capecure"):
        assert read_zone(example_path(name)) == load_example(name)
    assert copy.deepcopy(load_example("toy")) == load_example("toy")
