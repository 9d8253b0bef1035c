"""The French CSV dialect (issue 17 item 4): what French Excel opens in columns."""

from __future__ import annotations

import csv
import io
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from symbiosis import load_example, match, optimize
from symbiosis.cli import main
from symbiosis.errors import InputError
from symbiosis.io.spreadsheet import french_number, table_csv_bytes

BOM = b"\xef\xbb\xbf"


def _rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(BOM)
    return list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8")), delimiter=";"))


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1100.5357142889995, "1100,54"),  # 4 whole digits + 2 decimals = 6 significant digits
        (0.000123456789, "0,000123457"),  # 6 significant digits after the leading zeros
        (1234567.8, "1234568"),  # never fewer digits than the units
        (-79167.722109, "-79167,7"),
        (400.0, "400"),  # no trailing zeros
        (-0.0000001, "-0,0000001"),  # small, yet 6 significant digits: not "0"
        (-0.0, "0"),
        (float("nan"), ""),
    ],
)
def test_a_french_number_has_a_decimal_comma_and_six_significant_digits(value, text):
    assert french_number(value) == text


def test_a_french_plan_has_a_bom_semicolons_decimal_commas_names_and_accents(tmp_path: Path):
    toy = load_example("toy")
    plan = optimize(toy, match(toy))
    names = {company.id: company.name for company in toy.companies}
    data = plan.write(tmp_path / "plan.csv", dialect="fr", company_names=names).read_bytes()
    header = data[len(BOM) :].split(b"\n")[0].decode("utf-8")
    assert header.startswith("opportunity_id;kind;supplier_id;supplier_name;receiver_id;")
    (row,) = _rows(data)
    # Marée Alpha (T1) sends its 400 t/yr of heads and frames to Farine Delta (T4): 80,000
    # EUR/yr gross minus 832.277891 EUR/yr of trucking = 79,167.722109 EUR/yr, written with 6
    # significant digits as 79167,7.
    assert (row["supplier_id"], row["supplier_name"]) == ("T1", "Marée Alpha")
    assert (row["receiver_id"], row["receiver_name"]) == ("T4", "Farine Delta")
    assert row["quantity_per_yr"] == "400"
    assert row["net_benefit_eur_per_yr"] == "79167,7"


def test_the_english_dialect_is_unchanged(tmp_path: Path):
    toy = load_example("toy")
    plan = optimize(toy, match(toy))
    data = plan.write(tmp_path / "plan.csv").read_bytes()
    assert data == plan.selected.to_csv(index=False, lineterminator="\n").encode("utf-8")
    assert b",79167.722109" in data  # every digit pandas writes, a dot, no BOM
    assert not data.startswith(BOM)


def test_an_unknown_dialect_is_named():
    with pytest.raises(InputError, match=r"unknown CSV dialect 'de': use one of 'en', 'fr'"):
        table_csv_bytes(pd.DataFrame({"a": [1.5]}), "de")


def test_a_formula_stays_text_and_a_negative_number_stays_a_number_in_french():
    table = pd.DataFrame({"name": ["=1+1"], "value": [-5.25]})
    assert table_csv_bytes(table, "fr") == BOM + b"name;value\n'=1+1;-5,25\n"


def test_match_writes_french_csvs_with_names(tmp_path: Path, capsys):
    toy = Path(str(resources.files("symbiosis").joinpath("examples", "toy")))
    out = tmp_path / "echanges.csv"
    assert main(["match", str(toy), "-o", str(out), "--csv-dialect", "fr"]) == 0
    rows = _rows(out.read_bytes())
    assert {(row["supplier_id"], row["supplier_name"]) for row in rows} >= {("T1", "Marée Alpha")}
    assert (tmp_path / "echanges_pools.csv").read_bytes().startswith(BOM)


def test_shared_names_are_coded_like_the_ids(tmp_path: Path, capsys):
    toy = Path(str(resources.files("symbiosis").joinpath("examples", "toy")))
    out = tmp_path / "plan.csv"
    assert main(["optimize", str(toy), "-o", str(out), "--csv-dialect", "fr", "--share"]) == 0
    data = out.read_bytes()
    (row,) = _rows(data)
    # T1 and T4 are the first and fourth company ids in order: codes C01 and C04.
    assert (row["supplier_id"], row["supplier_name"]) == ("C01", "C01")
    assert (row["receiver_id"], row["receiver_name"]) == ("C04", "C04")
    for name in ("Marée Alpha", "Farine Delta", "T1", "T4"):
        assert name.encode("utf-8") not in data
