"""Backtest of the estimation ratios against IREP declarations (issue 18, Deliver 3).

For every IREP establishment with an ICPE capacity that a ratio of
``symbiosis/catalogue/ratios.yaml`` uses (joined by code AIOT), prints what the ratio predicts
beside what the establishment declared, and the error per activity, so nobody trusts an
estimate more than its measured error.

Run from the repository root::

    python benchmarks/backtest_ratios.py                          # the synthetic fixtures
    python benchmarks/backtest_ratios.py 2024.zip installations_classees.json

With real files, give the IREP archive and a Géorisques ICPE export that covers the same
establishments (one page per département, merged in a list, is enough).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from symbiosis.sources import backtest_ratios, read_icpe, read_irep

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "sources" / "fixtures"


def main(argv: list[str] | None = None) -> None:
    """Read the two files, backtest, print both tables."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("irep", nargs="?", default=FIXTURES / "irep" / "2024", type=Path)
    parser.add_argument(
        "icpe", nargs="?", default=FIXTURES / "icpe" / "installations_classees.json", type=Path
    )
    options = parser.parse_args(argv)
    lines, by_activity = backtest_ratios(
        read_irep(options.irep, strict=False), read_icpe(options.icpe, strict=False)
    )
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print("Predicted (ICPE capacity x ratio x operating days) against declared (IREP):")
        print(lines.to_string(index=False, float_format=lambda value: f"{value:,.2f}"))
        print()
        print("Error per activity (error = (predicted - declared) / declared):")
        print(by_activity.to_string(index=False, float_format=lambda value: f"{value:,.2f}"))


if __name__ == "__main__":
    main()
