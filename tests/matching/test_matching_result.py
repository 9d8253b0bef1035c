"""MatchConfig, MatchResult (explain, files, HTML) and the `symbiosis match` command."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from symbiosis.cli import main
from symbiosis.errors import InputError, MissingDependencyError
from symbiosis.io import example_path, load_example
from symbiosis.matching import EXCHANGE_COLUMNS, POOL_COLUMNS, MatchConfig, match

CONTRACT_EXCHANGES = [
    "opportunity_id", "kind", "rule_id", "supplier_id", "supplier_is_outside", "supply_flow_id",
    "receiver_id", "demand_flow_id", "supply_resource", "demand_resource", "family", "unit",
    "quantity_per_yr", "demand_share", "supply_share", "distance_km", "transport_mode",
    "investment_eur", "annualised_investment_eur_per_yr", "transport_cost_eur_per_yr",
    "monthly_overlap", "check_salinity", "check_cod", "check_suspended_solids",
    "check_temperature", "check_potable", "check_use_allowed", "check_distance", "feasible",
    "infeasible_reason", "gross_saving_eur_per_yr", "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr", "confidence", "score_quantity", "score_distance", "score_overlap",
    "score_saving", "score_co2e", "score_confidence", "score", "water_m3_per_yr",
    "material_t_per_yr", "heat_mwh_per_yr",
]  # fmt: skip
CONTRACT_POOLS = [
    "pool_id", "resource", "pool_kind", "member_ids", "flow_ids", "member_count",
    "quantity_per_yr", "unit", "centroid_latitude", "centroid_longitude", "spread_km",
    "cost_separate_eur_per_yr", "cost_pooled_eur_per_yr", "saving_eur_per_yr", "investment_eur",
    "scaling_rule", "co2e_avoided_t_per_yr", "score",
]  # fmt: skip


def test_columns_follow_the_contract_in_docs_tables() -> None:
    result = match(load_example("toy"))
    assert list(result.exchanges.columns) == list(EXCHANGE_COLUMNS)
    assert list(result.pools.columns) == list(POOL_COLUMNS)
    assert set(CONTRACT_EXCHANGES) <= set(EXCHANGE_COLUMNS)
    assert set(CONTRACT_POOLS) <= set(POOL_COLUMNS)
    # contract columns keep their relative order
    assert [c for c in EXCHANGE_COLUMNS if c in CONTRACT_EXCHANGES] == CONTRACT_EXCHANGES
    docs = (Path(__file__).parents[2] / "docs" / "tables.md").read_text(encoding="utf-8")
    for column in [*EXCHANGE_COLUMNS, *POOL_COLUMNS]:
        if not column.startswith(("check_", "score_")) and column not in (
            "water_m3_per_yr",
            "material_t_per_yr",
            "heat_mwh_per_yr",
            "centroid_latitude",
            "centroid_longitude",
        ):
            assert f"`{column}`" in docs, column


def test_config_weights_are_validated_and_normalised() -> None:
    config = MatchConfig(weights={"saving": 2, "co2e": 2})
    assert config.weights == {
        "quantity": 0.0, "distance": 0.0, "overlap": 0.0, "saving": 0.5, "co2e": 0.5,
        "confidence": 0.0,
    }  # fmt: skip
    with pytest.raises(ValueError, match="did you mean 'saving'"):
        MatchConfig(weights={"savings": 1})
    with pytest.raises(ValueError, match="at least 0"):
        MatchConfig(weights={"saving": -1, "co2e": 2})
    with pytest.raises(ValueError, match="at least one weight"):
        MatchConfig(weights={"saving": 0})
    with pytest.raises(ValueError, match="did you mean 'gas_price_eur_per_mwh'"):
        MatchConfig(overrides={"gas_price_eur_per_mhw": 50})
    with pytest.raises(ValueError, match="not a substitution rule"):
        MatchConfig(rules=["seawater"])
    assert MatchConfig(overrides={"water.sea.price_eur_per_unit": 0.3}).overrides


def test_config_round_trips_through_files(tmp_path: Path) -> None:
    config = MatchConfig(dt_min_k=5, keep_infeasible=True, max_distance_km={"pipe": 3})
    saved = config.save(tmp_path / "config.json")
    assert MatchConfig.from_file(saved) == config
    (tmp_path / "config.yaml").write_text("dt_min_k: 5\nweights: {saving: 1}\n", encoding="utf-8")
    assert MatchConfig.from_file(tmp_path / "config.yaml").dt_min_k == 5
    (tmp_path / "bad.yaml").write_text("dt_min_k: -1\n", encoding="utf-8")
    with pytest.raises(InputError, match="dt_min_k"):
        MatchConfig.from_file(tmp_path / "bad.yaml")
    with pytest.raises(InputError, match="cannot read"):
        MatchConfig.from_file(tmp_path / "missing.yaml")


def test_explain_every_row_and_unknown_ids() -> None:
    result = match(load_example("toy"), MatchConfig(keep_infeasible=True))
    for opportunity_id in result.exchanges["opportunity_id"]:
        text = result.explain(opportunity_id)
        assert opportunity_id in text and "source:" in text
    with pytest.raises(InputError, match="did you mean 'SU-SEA-F01'"):
        result.explain("SU-SEA-F1")
    with pytest.raises(InputError, match="not an opportunity or pool"):
        result.explain("nothing like it")


def test_explain_names_the_numbers() -> None:
    text = match(load_example("toy")).explain("EX-F04-F08")
    assert "1,500 m³/yr" in text
    assert "0.132 km" in text
    assert "COD (300 mg/L supplied, at most 500 mg/L tolerated)" in text
    assert "t CO2e" in text and "€" in text


def test_write_csv_and_xlsx(tmp_path: Path) -> None:
    result = match(load_example("toy"))
    written = result.write(tmp_path / "exchanges.csv")
    assert [path.name for path in written] == [
        "exchanges.csv",
        "exchanges_pools.csv",
        "exchanges_config.json",
    ]
    table = pd.read_csv(tmp_path / "exchanges.csv")
    assert list(table.columns) == list(EXCHANGE_COLUMNS)
    config = json.loads((tmp_path / "exchanges_config.json").read_text(encoding="utf-8"))
    assert MatchConfig.model_validate(config) == result.config
    result.write(tmp_path / "exchanges.xlsx")
    sheets = pd.read_excel(tmp_path / "exchanges.xlsx", sheet_name=None)
    assert list(sheets) == ["exchanges", "pools", "config"]
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        result.write(tmp_path / "exchanges.parquet")


def test_failed_csv_write_leaves_the_previous_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = match(load_example("toy"))
    names = ["exchanges.csv", "exchanges_pools.csv", "exchanges_config.json"]
    for name in names:
        (tmp_path / name).write_text("previous", encoding="utf-8")

    def broken(config: MatchConfig) -> str:
        raise OSError("disk full")  # the last file's serialiser, after both tables

    monkeypatch.setattr(MatchConfig, "to_json", broken)
    with pytest.raises(OSError, match="disk full"):
        result.write(tmp_path / "exchanges.csv")
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)
    assert {(tmp_path / name).read_text(encoding="utf-8") for name in names} == {"previous"}


def test_failed_xlsx_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = match(load_example("toy"))
    path = tmp_path / "exchanges.xlsx"
    path.write_text("previous", encoding="utf-8")
    save = openpyxl.Workbook.save

    def broken(book: Any, target: Any) -> None:
        save(book, io.BytesIO())
        target.write(b"PK half a workbook")
        raise OSError("disk full")

    monkeypatch.setattr(openpyxl.Workbook, "save", broken)
    with pytest.raises(OSError, match="disk full"):
        result.write(path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [file.name for file in tmp_path.iterdir()] == ["exchanges.xlsx"]


def test_failed_config_save_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "config.json"
    path.write_text("previous", encoding="utf-8")

    def broken(descriptor: int) -> None:
        raise OSError("disk full")  # the bytes are written, the disk fails before they are kept

    monkeypatch.setattr("symbiosis.io.atomic.os.fsync", broken)
    with pytest.raises(OSError, match="disk full"):
        MatchConfig(dt_min_k=5).save(path)
    assert path.read_text(encoding="utf-8") == "previous"
    assert [file.name for file in tmp_path.iterdir()] == ["config.json"]


def test_xlsx_without_openpyxl_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = match(load_example("toy"))
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(
        MissingDependencyError,
        match=r'^writing \.xlsx files needs openpyxl: pip install "symbiosis\[excel\]"$',
    ):
        result.write(tmp_path / "exchanges.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_html_and_summary() -> None:
    result = match(load_example("toy"))
    html = result._repr_html_()
    # The toy's seawater pipes lose money (SU-SEA-F01: −€11,465/yr): not among the best.
    assert "<table" in html and "EX-F03-F09" in html and "SU-SEA-F01" not in html
    assert "5 feasible opportunities" in result.summary()
    assert "1 of them profitable" in result.summary()
    assert result.best()["opportunity_id"].tolist() == ["EX-F03-F09"]
    assert (result.best()["net_saving_eur_per_yr"] > 0).all()
    assert (
        "infeasible kept" in match(load_example("toy"), MatchConfig(keep_infeasible=True)).summary()
    )


def test_match_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "toy.csv"
    config = tmp_path / "config.yaml"
    config.write_text("dt_min_k: 10\n", encoding="utf-8")
    code = main(
        ["match", str(example_path("toy")), "-o", str(out), "--config", str(config), "--top", "3"]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert "EX-F03-F09" in printed and "T1 → T4" in printed
    assert out.exists() and (tmp_path / "toy_pools.csv").exists()
    assert (tmp_path / "toy_config.json").exists()
    code = main(["match", str(example_path("toy")), "--keep-infeasible", "--top", "20"])
    assert code == 0
    # The best list holds only feasible opportunities that pay: the losing seawater pipes and
    # the infeasible candidates stay out of it (they are in the written tables).
    printed = capsys.readouterr().out
    assert "EX-F03-F09" in printed and "SU-SEA-F02" not in printed


def test_progress_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    match(load_example("toy"), MatchConfig(show_progress=True))
    captured = capsys.readouterr()
    assert "match [" in captured.err and captured.out == ""
