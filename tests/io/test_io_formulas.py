"""Text that looks like a formula stays text in every CSV and workbook the library writes.

The zone is the toy zone with awkward names: company T1 is ``=1+1`` (id and name), the sea is
``@SEA`` named ``@SUM(A1)``, flow F03 is ``-cmd`` described ``+33 3 21``, flow F04 is described
``<tab>cmd`` and flow F06 has a temperature of -5 °C, a number that must stay a number. Its best
plan is the exchange of T1's fish by-products (``-cmd``) to the meal plant T4 (flow F09).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from symbiosis import load_example, match, optimize, read_zone, write_zone
from symbiosis.graph import write_workbook
from symbiosis.io.spreadsheet import FORMULA_STARTS
from symbiosis.schemas import Zone

FORMULAS = ["=1+1", "@SEA", "@SUM(A1)", "-cmd", "+33 3 21", "\tcmd"]


@pytest.fixture(scope="module")
def zone() -> Zone:
    toy = load_example("toy")
    flows = {
        "F03": {"id": "-cmd", "description": "+33 3 21"},
        "F04": {"description": "\tcmd"},
        "F06": {"temperature_c": -5.0},
    }
    return toy.model_copy(
        update={
            "companies": tuple(
                company.model_copy(update={"id": "=1+1", "name": "=1+1"})
                if company.id == "T1"
                else company
                for company in toy.companies
            ),
            "outside_parties": tuple(
                party.model_copy(update={"id": "@SEA", "name": "@SUM(A1)"})
                if party.id == "SEA"
                else party
                for party in toy.outside_parties
            ),
            "flows": tuple(
                flow.model_copy(
                    update={
                        **flows.get(flow.id, {}),
                        **({"company_id": "=1+1"} if flow.company_id == "T1" else {}),
                    }
                )
                for flow in toy.flows
            ),
        }
    )


def csv_cells(path: Path) -> list[str]:
    """Every cell of a CSV file as written, with no quote or separator taken away."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [cell for row in csv.reader(handle) for cell in row]


def assert_csv_neutralised(path: Path, expected: list[str]) -> None:
    cells = csv_cells(path)
    for text in expected:
        assert "'" + text in cells, f"{text!r} is not neutralised in {path.name}"
    for cell in cells:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only a number may start with - or +


def workbook_cells(path: Path) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(path)
    return [cell for sheet in book for row in sheet.iter_rows() for cell in row]


def assert_workbook_neutralised(path: Path, expected: list[str]) -> None:
    cells = workbook_cells(path)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]  # no formula
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    for text in expected:
        assert text in texts, f"{text!r} is not a text cell of {path.name}"
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


def test_zone_as_csv_folder_neutralises_and_reads_back(zone: Zone, tmp_path: Path) -> None:
    folder = write_zone(zone, tmp_path / "zone")
    assert_csv_neutralised(folder / "companies.csv", ["=1+1"])
    assert_csv_neutralised(folder / "flows.csv", ["=1+1", "-cmd", "+33 3 21", "\tcmd"])
    assert "-5" in csv_cells(folder / "flows.csv")  # the temperature, a number
    back = read_zone(folder)
    assert (back.companies[0].id, back.companies[0].name) == ("=1+1", "=1+1")
    assert (back.outside_parties[0].id, back.outside_parties[0].name) == ("@SEA", "@SUM(A1)")
    flows = {flow.id: flow for flow in back.flows}
    assert flows["-cmd"].description == "+33 3 21"
    assert flows["-cmd"].company_id == "=1+1"
    assert flows["F06"].temperature_c == -5.0
    # A spreadsheet drops the blanks at either end of a cell: the tab is not read back.
    assert flows["F04"].description == "cmd"
    with_tab = {"F04": flows["F04"].model_copy(update={"description": "\tcmd"})}
    restored = tuple(with_tab.get(flow.id, flow) for flow in back.flows)
    assert back.model_copy(update={"flows": restored}) == zone


def test_zone_as_workbook_keeps_text_and_reads_back(zone: Zone, tmp_path: Path) -> None:
    path = write_zone(zone, tmp_path / "zone.xlsx")
    assert_workbook_neutralised(path, FORMULAS)
    temperature = [
        cell for cell in workbook_cells(path) if cell.value == -5.0 and cell.data_type == "n"
    ]
    assert len(temperature) == 1
    back = read_zone(path)
    flows = {flow.id: flow for flow in back.flows}
    assert (back.companies[0].id, back.companies[0].name) == ("=1+1", "=1+1")
    assert (back.outside_parties[0].id, back.outside_parties[0].name) == ("@SEA", "@SUM(A1)")
    assert flows["-cmd"].description == "+33 3 21"
    assert flows["F04"].description == "cmd"  # blanks at the ends of a cell are dropped


def test_zone_as_json_is_unchanged(zone: Zone, tmp_path: Path) -> None:
    path = write_zone(zone, tmp_path / "zone.json")
    assert '"name": "=1+1"' in path.read_text(encoding="utf-8")  # JSON is not a spreadsheet
    back = read_zone(path)
    # Every reader drops the blanks at either end of a text, as the model does: the fixture's
    # "\tcmd" (set by model_copy, which skips validation) reads back as "cmd" here too.
    assert {flow.id: flow.description for flow in back.flows}["F04"] == "cmd"
    assert back == zone.model_validate(zone.model_dump())


def test_match_result_files(zone: Zone, tmp_path: Path) -> None:
    result = match(zone)
    exchanges, pools, _ = result.write(tmp_path / "exchanges.csv")
    assert_csv_neutralised(exchanges, ["=1+1", "@SEA", "-cmd"])
    assert_csv_neutralised(pools, [])
    (workbook,) = result.write(tmp_path / "exchanges.xlsx")
    assert_workbook_neutralised(workbook, ["=1+1", "@SEA", "-cmd"])


def test_plan_files(zone: Zone, tmp_path: Path) -> None:
    plan = optimize(zone, match(zone))
    assert list(plan.selected["opportunity_id"]) == ["EX--cmd-F09"]
    path = plan.write(tmp_path / "plan.csv")
    assert_csv_neutralised(path, ["=1+1", "-cmd"])
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert (rows[0]["supplier_id"], rows[0]["supply_flow_id"]) == ("'=1+1", "'-cmd")
    assert_workbook_neutralised(plan.write(tmp_path / "plan.xlsx"), ["=1+1", "-cmd"])


def test_graph_workbook(zone: Zone, tmp_path: Path) -> None:
    result = match(zone)
    path = write_workbook(zone, tmp_path / "graph.xlsx", result=result, plan=optimize(zone, result))
    assert_workbook_neutralised(path, ["=1+1", "-cmd", "+33 3 21", "\tcmd", "@SEA"])
    book = openpyxl.load_workbook(path)
    companies = list(book["companies"].iter_rows(min_row=1, max_row=2, values_only=True))
    assert companies[1][companies[0].index("name")] == "=1+1"


@pytest.mark.parametrize("share", [[], ["--share"]])
def test_every_table_the_commands_write(
    zone: Zone, tmp_path: Path, share: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # The same writers, reached from the command line, shared or not; the sea is named "=SEA".
    # (A name with a carriage return is refused by every reader, issue 19 class 6.)
    from symbiosis.cli import main

    parties = tuple(
        party.model_copy(update={"name": "=SEA"}) if party.id == "@SEA" else party
        for party in zone.outside_parties
    )
    path = write_zone(zone.model_copy(update={"outside_parties": parties}), tmp_path / "z.json")
    out = tmp_path / "out"
    out.mkdir()
    for command, name in [
        ("match", "exchanges.csv"),
        ("match", "exchanges.xlsx"),
        ("optimize", "plan.csv"),
        ("optimize", "plan.xlsx"),
        ("graph", "graph.xlsx"),
    ]:
        assert main([command, str(path), "-o", str(out / name), *share]) == 0
    capsys.readouterr()
    # Shared, T1 "=1+1" is the code C01: what stays is the sea and the flow "-cmd".
    expected = ["@SEA", "-cmd"] if share else ["=1+1", "@SEA", "-cmd"]
    assert_csv_neutralised(out / "exchanges.csv", expected)
    assert_csv_neutralised(out / "exchanges_pools.csv", [])
    assert_csv_neutralised(out / "plan.csv", expected[-1:])
    assert_workbook_neutralised(out / "exchanges.xlsx", expected)
    assert_workbook_neutralised(out / "plan.xlsx", expected[-1:])
    # The sea's name is text in the workbook, not a formula.
    assert_workbook_neutralised(out / "graph.xlsx", expected)


def test_the_template_has_no_formula(tmp_path: Path) -> None:
    from symbiosis.io import write_template

    path = write_template(tmp_path / "template.xlsx")
    assert_workbook_neutralised(path, [])
