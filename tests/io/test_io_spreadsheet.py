"""The one formula neutraliser, the one workbook writer and the optional-dependency message."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from symbiosis.errors import MissingDependencyError, require
from symbiosis.io.atomic import write_atomically, write_files_atomically
from symbiosis.io.spreadsheet import (
    neutralise_formula,
    restore_formula,
    table_csv_bytes,
    write_sheets,
)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+33 3 21", "'+33 3 21"),
        ("-cmd", "'-cmd"),
        ("\tcmd", "'\tcmd"),
        ("\r=1", "'\r=1"),
        ("'=1+1", "''=1+1"),  # a quote of its own is kept: one more is added, one removed
        ("Marée Alpha", "Marée Alpha"),
        ("a=b", "a=b"),
        ("'t Hoekje", "'t Hoekje"),
        ("'", "'"),
        ("", ""),
    ],
)
def test_neutralise_formula(text: str, written: str) -> None:
    assert neutralise_formula(text) == written
    assert restore_formula(written) == text


@given(st.text(alphabet=st.sampled_from("'=+-@\t\rab ;,\"é"), max_size=8))
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore_formula(neutralise_formula(text)) == text


def test_csv_of_a_table_keeps_numbers_and_neutralises_text() -> None:
    table = pd.DataFrame(
        {
            "name": ["=1+1", "-cmd", "Alpha"],
            "kind": pd.Categorical(["@x", "y", "y"]),
            "value": [-5.0, 0.1 + 0.2, 3.0],
            "count": [-1, 0, 1],
            "ok": [True, False, True],
        }
    )
    text = table_csv_bytes(table).decode("utf-8")
    assert text.splitlines() == [
        "name,kind,value,count,ok",
        "'=1+1,'@x,-5.0,-1,True",
        "'-cmd,y,0.30000000000000004,0,False",
        "Alpha,y,3.0,1,True",
    ]


def test_workbook_cells_keep_text_as_text_and_numbers_as_numbers(tmp_path: Path) -> None:
    table = pd.DataFrame(
        {
            "name": ["=1+1", "@SUM(A1)", "+33 3 21", "-cmd", "\tcmd", "plain", None],
            "value": [-5.0, 0.1 + 0.2, 1e-300, -0.0, float("nan"), 3.0, 2.0],
        }
    )
    path = write_sheets({"first": table, "second": table.head(1)}, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["first", "second"]
    rows = list(book["first"].iter_rows())
    assert [(cell.value, cell.data_type, cell.font.b) for cell in rows[0]] == [
        ("name", "s", True),
        ("value", "s", True),
    ]
    names = [(row[0].value, row[0].data_type, row[0].quotePrefix) for row in rows[1:]]
    assert names == [
        ("=1+1", "s", True),
        ("@SUM(A1)", "s", True),
        ("+33 3 21", "s", True),
        ("-cmd", "s", True),
        ("\tcmd", "s", True),
        ("plain", "s", False),
        (None, "n", False),
    ]
    values = [(row[1].value, row[1].data_type) for row in rows[1:]]
    # Floats keep every bit (openpyxl alone writes 16 digits); NaN is an empty cell.
    assert values == [
        (-5.0, "n"),
        (0.30000000000000004, "n"),
        (1e-300, "n"),
        (-0.0, "n"),
        (None, "n"),
        (3.0, "n"),
        (2.0, "n"),
    ]
    assert book["first"].freeze_panes == "A2"


def test_failed_workbook_leaves_the_previous_file(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "t.xlsx"
    path.write_text("previous")
    save = openpyxl.Workbook.save

    def broken(book, target):  # type: ignore[no-untyped-def]
        save(book, io.BytesIO())  # closes the write-only sheets
        target.write(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        write_sheets({"sheet": pd.DataFrame({"a": [1]})}, path)
    assert path.read_text() == "previous"
    assert [file.name for file in tmp_path.iterdir()] == ["t.xlsx"]


def test_failed_rename_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text("previous")

    def broken(source, target):  # type: ignore[no-untyped-def]
        raise OSError("read-only file system")

    monkeypatch.setattr("symbiosis.io.atomic.os.replace", broken)
    with pytest.raises(OSError, match="read-only"):
        write_atomically(first, b"new")
    with pytest.raises(OSError, match="read-only"):
        write_files_atomically({first: b"new", second: b"new"})
    assert [file.name for file in tmp_path.iterdir()] == ["a.csv"]
    assert first.read_text() == "previous"


def test_require_names_the_extra(monkeypatch) -> None:
    assert require("json", "none", "reading JSON").__name__ == "json"
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingDependencyError) as raised:
        require("openpyxl", "excel", "writing .xlsx files")
    assert str(raised.value) == 'writing .xlsx files needs openpyxl: pip install "symbiosis[excel]"'
    assert isinstance(raised.value, ImportError)


def test_workbook_without_openpyxl_names_the_extra_and_writes_nothing(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingDependencyError, match=r'pip install "symbiosis\[excel\]"'):
        write_sheets({"sheet": pd.DataFrame({"a": [1]})}, tmp_path / "t.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_a_lone_carriage_return_stays_inside_its_cell() -> None:
    # Python's csv writer quotes a "\r" only when it is part of the line ending (issue 19,
    # class 10); unquoted, every reader splits the row there.
    table = pd.DataFrame({"name": ["a\rb", "=c"], "value": [1.5, -2.0]})
    text = table_csv_bytes(table).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["name", "value"], ["a\rb", "1.5"], ["'=c", "-2.0"]]
    # Without a carriage return the file is as before: text quoted only when needed.
    assert table_csv_bytes(table.iloc[1:]).decode("utf-8") == "name,value\n'=c,-2.0\n"
