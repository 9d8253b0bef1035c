"""Workbooks: sheets, row numbers as Excel shows them, cells Excel typed, the template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from symbiosis.errors import InputError, ValidationReport
from symbiosis.io import read_zone, write_template

COMPANY_HEADER = ["Identifiant", "Nom", "Code NAF", "Latitude", "Longitude"]
FLOW_HEADER = ["Identifiant", "Entreprise", "Sens", "Ressource", "Quantité", "Unité"]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_cells_typed_by_excel_are_read(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "enquete.xlsx",
        {
            "entreprises": [
                COMPANY_HEADER,
                ["C01", "Marée", 10.2, 50.72, 1.59],
                [12, "B", 46.38, 50, 1],
            ],
            "flux": [
                [*FLOW_HEADER, "Code CED", "Contact alimentaire", "jan"],
                ["F1", "C01", "Entrée", "water.potable", 1200, "m3/an", None, True, None],
                [
                    "F2",
                    "12",
                    "sortie",
                    "material.fish_byproducts",
                    "2,5",
                    "t/an",
                    20202,
                    None,
                    None,
                ],
            ],
        },
    )
    zone = read_zone(path)
    assert zone.name == "enquete"
    assert [(c.id, c.sector_nace) for c in zone.companies] == [("C01", "10.20"), ("12", "46.38")]
    f1, f2 = zone.flows
    assert (f1.direction, f1.quantity, f1.food_contact) == ("demand", 1200.0, True)
    assert (f2.company_id, f2.quantity, f2.ewc_code) == ("12", 2.5, "02 02 02")


def test_rows_are_numbered_as_excel_shows_them(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "zone.xlsx",
        {
            "companies": [COMPANY_HEADER, ["C01", "Marée", "10.20", 50.72, 1.59]],
            "flows": [
                FLOW_HEADER,
                ["F1", "C01", "entrée", "water.potable", 1200, "m3/an"],
                [None] * 6,
                ["F2", "C01", "entrée", "water.potable", -3, "m3/an"],
            ],
            "Feuil1": [["notes"]],
            "columns": [["anything"]],
        },
    )
    with pytest.raises(ValidationReport) as raised:
        read_zone(path)
    assert [str(problem) for problem in raised.value.problems] == [
        "zone.xlsx, sheet Feuil1: is not a table of a zone; name it one of companies, flows, "
        "outside_parties, parameters, zone, or delete the sheet",
        "zone.xlsx, sheet flows, row 4, column Quantité: '-3' must be 0 or more",
    ]


def test_missing_sheet_and_broken_file(tmp_path: Path) -> None:
    path = workbook(tmp_path / "zone.xlsx", {"companies": [COMPANY_HEADER]})
    with pytest.raises(ValidationReport, match=r"zone\.xlsx: has no sheet 'flows'"):
        read_zone(path)
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(ValidationReport, match=r"broken\.xlsx: cannot be opened as an \.xlsx"):
        read_zone(broken)


def test_zone_sheet_gives_name_and_description(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "zone.xlsx",
        {
            "zone": [["nom", "description"], ["Capécure", "port de Boulogne"]],
            "companies": [COMPANY_HEADER],
            "flows": [FLOW_HEADER],
        },
    )
    zone = read_zone(path)
    assert (zone.name, zone.description) == ("Capécure", "port de Boulogne")


def test_template_has_every_table_and_documentation(tmp_path: Path) -> None:
    path = write_template(tmp_path / "interviews.xlsx")
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == [
        "companies",
        "flows",
        "outside_parties",
        "parameters",
        "zone",
        "columns",
        "resources",
        "uses",
    ]
    header = next(book["columns"].iter_rows(values_only=True))
    assert header == (
        "table",
        "column",
        "french",
        "unit",
        "required",
        "allowed_values",
        "example",
        "description",
    )
    flows_header = next(book["flows"].iter_rows(values_only=True))
    assert flows_header[:6] == ("id", "company_id", "direction", "resource", "quantity", "unit")
    assert "profile_12" in flows_header
    resources = list(book["resources"].iter_rows(values_only=True))
    assert ("water.sea", "water", "m3/yr", "eau de mer propre") in [row[:4] for row in resources]
    book.close()
    assert read_zone(path).summary() == "interviews: 0 companies, 0 flows, 0 outside parties"
    with pytest.raises(InputError, match="exists; write the template to a new file"):
        write_template(path)


def test_a_filled_template_reads_back(tmp_path: Path) -> None:
    path = write_template(tmp_path / "interviews.xlsx")
    book = openpyxl.load_workbook(path)
    companies, flows = book["companies"], book["flows"]
    headers = [cell.value for cell in flows[1]]

    def flow_row(**values: Any) -> list[Any]:
        return [values.get(header) for header in headers]

    companies.append(["C01", "Marée Nord", "46.38", 50.72, 1.59])
    flows.append(
        flow_row(
            id="F1",
            company_id="C01",
            direction="besoin",
            resource="water.potable",
            quantity="2,5",
            unit="m3/h",
            operating_hours_per_yr=4000,
            use="whole_fish_washing",
        )
    )
    book["zone"].append(["capecure", "interviews of March"])
    book.save(path)
    zone = read_zone(path)
    assert zone.summary() == "capecure: 1 companies, 1 flows (water 1), 0 outside parties"
    assert zone.flows[0].quantity_per_yr == 10000.0


def test_a_filled_template_folder_reads_back(tmp_path: Path) -> None:
    folder = write_template(tmp_path / "interviews")
    assert sorted(path.name for path in folder.iterdir()) == [
        "columns.csv",
        "companies.csv",
        "flows.csv",
        "outside_parties.csv",
        "parameters.csv",
        "resources.csv",
        "uses.csv",
        "zone.yaml",
    ]
    assert read_zone(folder).summary() == "interviews: 0 companies, 0 flows, 0 outside parties"
    with (folder / "companies.csv").open("a", encoding="utf-8") as handle:
        handle.write("C01,Marée Nord,46.38,50.72,1.59,,,,,\n")
    flows = (folder / "flows.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    row = dict.fromkeys(flows, "")
    row.update(
        id="F1",
        company_id="C01",
        direction="demand",
        resource="water.sea",
        quantity="10",
        unit="m3/yr",
    )
    with (folder / "flows.csv").open("a", encoding="utf-8") as handle:
        handle.write(",".join(row.values()) + "\n")
    assert read_zone(folder).flows[0].quantity_per_yr == 10.0
    with pytest.raises(InputError, match="already holds"):
        write_template(folder)
    with pytest.raises(InputError, match=r"cannot write the template as \.csv"):
        write_template(tmp_path / "template.csv")
