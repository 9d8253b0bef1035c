"""A command line that explains itself (issue 17 item 7): help, --force, --top-per-demand."""

from __future__ import annotations

import argparse
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from symbiosis import load_example, match
from symbiosis.cli import TOP_PER_DEMAND, build_parser, main

TOY = Path(str(resources.files("symbiosis").joinpath("examples", "toy")))


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = [
        action for action in parser._actions if isinstance(action, argparse._SubParsersAction)
    ]
    return dict(sub.choices)


def test_every_command_has_a_description_and_an_example():
    commands = _commands()
    assert sorted(commands) == ["graph", "match", "optimize", "report", "template", "validate"]
    for name, parser in commands.items():
        text = parser.format_help()
        assert f"example:\n  symbiosis {name} " in text, name
        assert parser.description and "\n\n" in parser.description, name


def test_every_option_and_argument_says_what_it_is():
    for name, parser in _commands().items():
        for action in parser._actions:
            assert action.help, f"{name} {action.dest} has no help"


def test_the_objectives_are_explained():
    text = _commands()["optimize"].format_help()
    for words in ("net_benefit (EUR/yr", "freshwater (m3/yr", "co2e (t CO2e/yr"):
        assert words in " ".join(text.split()), words


@pytest.mark.parametrize(
    "command",
    [
        ["optimize", str(TOY), "-o"],
        ["graph", str(TOY), "-o"],
        ["report", str(TOY), "-o"],
        ["match", str(TOY), "-o"],
    ],
)
def test_an_existing_output_needs_force(command, tmp_path: Path, capsys):
    suffix = {"optimize": ".csv", "graph": ".graphml", "report": ".html", "match": ".csv"}
    out = tmp_path / f"out{suffix[command[0]]}"
    out.write_text("previous", encoding="utf-8")
    assert main([*command, str(out)]) == 2
    assert capsys.readouterr().err == (
        f"error: -o {str(out)!r} already exists: add --force to overwrite it, or write to "
        "another file\n"
    )
    assert out.read_text(encoding="utf-8") == "previous"
    assert main([*command, str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8") != "previous"


def test_match_names_the_pools_file_that_exists(tmp_path: Path, capsys):
    (tmp_path / "x_pools.csv").write_text("previous", encoding="utf-8")
    assert main(["match", str(TOY), "-o", str(tmp_path / "x.csv")]) == 2
    assert "x_pools.csv' already exists: add --force" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


def test_an_existing_template_needs_force(tmp_path: Path, capsys):
    out = tmp_path / "collecte.xlsx"
    out.write_bytes(b"previous")
    assert main(["template", str(out)]) == 2
    assert "already exists: add --force" in capsys.readouterr().err
    assert out.read_bytes() == b"previous"


def test_match_writes_the_best_candidates_per_demand(tmp_path: Path, capsys):
    toy = load_example("toy")
    every = match(toy).exchanges
    # The toy's demand F08 has 2 candidates, F01, F05 and F09 one each: 5 rows, 4 with N = 1.
    assert every.groupby("demand_flow_id").size().to_dict() == {
        "F01": 1,
        "F05": 1,
        "F08": 2,
        "F09": 1,
    }
    out = tmp_path / "best.csv"
    assert main(["match", str(TOY), "-o", str(out), "--top-per-demand", "1"]) == 0
    assert "writing the 1 best candidates of each demand: 4 of 5 rows" in capsys.readouterr().out
    best = pd.read_csv(out)
    assert sorted(best["demand_flow_id"]) == ["F01", "F05", "F08", "F09"]
    kept = best.set_index("demand_flow_id").loc["F08", "opportunity_id"]
    f08 = every[every["demand_flow_id"] == "F08"]
    assert kept == f08.loc[f08["score"].idxmax(), "opportunity_id"]

    everything = tmp_path / "all.csv"
    assert main(["match", str(TOY), "-o", str(everything), "--top-per-demand", "0"]) == 0
    assert len(pd.read_csv(everything)) == 5
    help_text = " ".join(_commands()["match"].format_help().split())
    assert f"(default: {TOP_PER_DEMAND}; 0 writes every candidate)" in help_text
