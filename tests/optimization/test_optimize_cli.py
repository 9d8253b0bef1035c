"""The ``symbiosis optimize`` command, Plan.write and write_plan."""

from __future__ import annotations

import io
import sys
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from symbiosis.cli import main
from symbiosis.errors import InputError, MissingDependencyError
from symbiosis.optimization import SELECTED_COLUMNS, optimize, write_plan


@pytest.fixture
def toy_path() -> Path:
    return Path(str(resources.files("symbiosis").joinpath("examples", "toy")))


def test_optimize_command_writes_the_plan_and_prints_the_indicators(toy_path, tmp_path, capsys):
    out = tmp_path / "plan.csv"
    assert main(["optimize", str(toy_path), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "net_benefit" in printed
    assert "status optimal" in printed
    # Each indicator with its unit; the 400 t/yr of heads and frames below.
    assert "\nWastes and co-products put to use: 400 t/yr\n" in printed
    assert f"plan written to {out}" in printed
    plan = pd.read_csv(out)
    # The command writes each company's name beside its id.
    named = list(SELECTED_COLUMNS)
    named.insert(named.index("supplier_id") + 1, "supplier_name")
    named.insert(named.index("receiver_id") + 1, "receiver_name")
    assert list(plan.columns) == named
    # The toy's fish-meal plant (T4) takes all 400 t/yr of Marée Alpha's heads and frames (F03).
    row = plan.set_index("opportunity_id").loc["EX-F03-F09"]
    assert row["quantity_per_yr"] == pytest.approx(400)


def test_optimize_command_other_objective_to_excel(toy_path, tmp_path, capsys):
    pytest.importorskip("openpyxl")
    out = tmp_path / "plan.xlsx"
    assert main(["optimize", str(toy_path), "--objective", "freshwater", "-o", str(out),
                 "--time-limit", "10", "--mip-gap", "0"]) == 0  # fmt: skip
    assert "freshwater" in capsys.readouterr().out
    sheets = pd.read_excel(out, sheet_name=None)
    assert list(sheets) == ["plan", "indicators"]


def test_optimize_command_refuses_an_unknown_suffix_before_solving(toy_path, tmp_path, capsys):
    assert main(["optimize", str(toy_path), "-o", str(tmp_path / "plan.txt")]) == 2
    assert ".csv or .xlsx" in capsys.readouterr().err


def test_write_plan_without_openpyxl_names_the_extra(builders, tmp_path, monkeypatch):
    zone = builders.zone([("A", "Alpha")], [])
    plan = optimize(zone, builders.result([]))
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingDependencyError, match=r"symbiosis\[excel\]"):
        write_plan(plan, tmp_path / "plan.xlsx")


def test_plan_write_and_write_plan_write_the_same_files(builders, tmp_path):
    zone = builders.zone([("A", "Alpha")], [])
    plan = optimize(zone, builders.result([]))
    assert plan.write(tmp_path / "a.csv") == tmp_path / "a.csv"
    assert write_plan(plan, tmp_path / "b.csv") == tmp_path / "b.csv"
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a.csv").read_text(encoding="utf-8") == ",".join(SELECTED_COLUMNS) + "\n"


def test_plan_workbook_names_the_indicator_column(toy_path, tmp_path):
    pytest.importorskip("openpyxl")
    from symbiosis import load_example, match

    zone = load_example("toy")
    plan = optimize(zone, match(zone))
    indicators = pd.read_excel(plan.write(tmp_path / "plan.xlsx"), sheet_name="indicators")
    assert list(indicators.columns) == ["indicator", "value", "unit"]
    assert list(indicators["indicator"]) == list(plan.indicators.index)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_failed_plan_write_leaves_the_previous_file(builders, tmp_path, monkeypatch, suffix):
    openpyxl = pytest.importorskip("openpyxl")
    zone = builders.zone([("A", "Alpha")], [])
    plan = optimize(zone, builders.result([]))
    path = tmp_path / f"plan{suffix}"
    path.write_text("previous", encoding="utf-8")
    save = openpyxl.Workbook.save

    def broken_csv(table, path_or_buf=None, *args, **kwargs):
        if path_or_buf is not None:
            Path(path_or_buf).write_text("half a", encoding="utf-8")
        raise OSError("disk full")

    def broken_xlsx(book, target):
        save(book, io.BytesIO())
        target.write(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", broken_csv)
    monkeypatch.setattr(openpyxl.Workbook, "save", broken_xlsx)
    with pytest.raises(OSError, match="disk full"):
        plan.write(path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [file.name for file in tmp_path.iterdir()] == [path.name]


def test_write_plan_refuses_an_unknown_suffix(builders, tmp_path):
    zone = builders.zone([("A", "Alpha")], [])
    plan = optimize(zone, builders.result([]))
    with pytest.raises(InputError, match=r"plan\.json"):
        write_plan(plan, tmp_path / "plan.json")
