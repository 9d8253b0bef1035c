"""The validate and template sub-commands."""

from __future__ import annotations

from pathlib import Path

import pytest

from symbiosis.cli import main
from symbiosis.io import example_path


def test_validate_a_good_zone_prints_its_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(example_path("toy"))]) == 0
    out, err = capsys.readouterr()
    assert out == "OK toy: 4 companies, 9 flows (water 4, heat 2, material 3), 2 outside parties\n"
    assert err == ""


def test_validate_a_broken_zone_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "broken"
    folder.mkdir()
    for name in ("companies.csv", "flows.csv", "zone.yaml"):
        text = (example_path("toy") / name).read_text(encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
    flows = (folder / "flows.csv").read_text(encoding="utf-8")
    flows = flows.replace("F02,T1", "F02,T7").replace("150,kW,6000", "150,kW,")
    (folder / "flows.csv").write_text(flows, encoding="utf-8")
    assert main(["validate", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"2 problems found in {folder}:\n"
        "  - flows.csv, row 3, column company_id: 'T7' is not a company id of companies.csv; "
        "did you mean 'T1' or 'T2' or 'T3'?\n"
        "  - flows.csv, row 8, column unit: 'kW' is a rate while running: give "
        "operating_hours_per_yr (hours per year the flow runs), or write the quantity per year\n"
    )


def test_validate_a_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_template_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", str(tmp_path / "t.xlsx")]) == 0
    assert capsys.readouterr().out == f"template written to {tmp_path / 't.xlsx'}\n"
    assert main(["validate", str(tmp_path / "t.xlsx")]) == 0
    assert main(["template", str(tmp_path / "t.xlsx")]) == 2  # never overwrites a template
    assert main(["template", str(tmp_path / "folder")]) == 0
    assert (tmp_path / "folder" / "columns.csv").exists()


def test_version_names_the_distribution_people_install(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "symbiosis" on PyPI is an unrelated project (0.0.1): the package installs as
    # industrial-symbiosis and is imported as symbiosis.
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == "industrial-symbiosis 0.1.0 (import name: symbiosis)\n"


def test_the_installed_distribution_is_industrial_symbiosis() -> None:
    from importlib.metadata import version

    from symbiosis import __version__

    assert version("industrial-symbiosis") == __version__
