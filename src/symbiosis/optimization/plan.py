"""The :class:`Plan` returned by :func:`symbiosis.optimization.optimize`, and how to write it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from symbiosis.display import format_value, notebook_html
from symbiosis.errors import InputError
from symbiosis.io.atomic import write_atomically
from symbiosis.io.spreadsheet import table_csv_bytes, with_company_names, write_sheets
from symbiosis.plan_indicators import INDICATOR_LABELS, INDICATOR_UNITS

__all__ = ["OBJECTIVE_UNITS", "PLAN_FORMATS", "Plan", "write_plan"]

#: Every objective with the unit of its value.
OBJECTIVE_UNITS: dict[str, str] = {
    "net_benefit": "EUR/yr",
    "freshwater": "m3/yr",
    "co2e": "tCO2e/yr",
}

# Columns of the notebook view, with their headers.
_HTML_COLUMNS = {
    "opportunity_id": "Opportunity",
    "kind": "Kind",
    "supplier_id": "Supplier",
    "receiver_id": "Receiver",
    "resource": "Resource",
    "quantity_per_yr": "Per year",
    "unit": "Unit",
    "net_benefit_eur_per_yr": "Net benefit [€/yr]",
    "co2e_avoided_t_per_yr": "CO2e avoided [t/yr]",
    "investment_eur": "Investment [€]",
}

#: File suffixes :meth:`Plan.write` can write.
PLAN_FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True, eq=False)
class Plan:
    """A consistent set of exchanges and pools chosen by the optimiser.

    Attributes
    ----------
    selected : pandas.DataFrame
        The chosen exchanges and pools, one row each, sorted by ``opportunity_id`` (columns in
        ``docs/tables.md``).
    indicators : pandas.Series
        :func:`symbiosis.plan_indicators.indicators` of the plan.
    status : str
        ``optimal`` (within the relative gap asked for), ``time limit`` (the best plan found
        when the time ran out; see ``mip_gap``) or ``no candidates`` (nothing to choose from).
    objective : str
        ``net_benefit``, ``freshwater`` or ``co2e``.
    objective_value : float
        The objective at the plan, in :attr:`objective_unit`.
    mip_gap : float
        Relative gap between the plan and the solver's bound on the best possible plan
        (0 = proven optimal; infinite when the time ran out before any bound was found).
    solve_time_s : float
        Wall-clock time spent in the solver. [s]
    n_candidates : int
        Options the model chose from (exchange candidates admitted, plus pools).
    message : str
        One sentence on the outcome, for people.
    zone_name : str
        The zone the plan is for.
    warnings : tuple of str
        What the plan's effects outside its rows put at risk, for people: the salt it sends to
        the town's treatment plant above the zone's threshold
        (:func:`~symbiosis.optimization.downstream.salt_warnings`); empty when none.
    """

    selected: pd.DataFrame = field(repr=False)
    indicators: pd.Series = field(repr=False)
    status: str
    objective: str
    objective_value: float
    mip_gap: float
    solve_time_s: float
    n_candidates: int
    message: str = ""
    zone_name: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def objective_unit(self) -> str:
        """Unit of :attr:`objective_value`."""
        return OBJECTIVE_UNITS[self.objective]

    def summary(self) -> str:
        """One line: objective, solver status, gap and time."""
        return (
            f"plan{f' for {self.zone_name}' if self.zone_name else ''}: {self.objective} = "
            f"{self.objective_value:,.2f} {self.objective_unit} (status {self.status}, gap "
            f"{100 * self.mip_gap:.2f} %, solved in {self.solve_time_s:.2f} s)"
        )

    def headline(self) -> str:
        """The indicators as a reader reads them: one line each, label, value and unit.

        ``print(plan.headline())`` gives, for instance, ``Net saving: 2,799,883 EUR/yr``;
        :attr:`indicators` keeps the exact numbers.
        """
        lines = []
        for name, value in self.indicators.items():
            unit = INDICATOR_UNITS.get(name, "")
            # The label already says what a percentage is of.
            unit = "%" if unit.startswith("%") else unit
            lines.append(
                f"{INDICATOR_LABELS.get(name, name)}: {format_value(value)} {unit}".rstrip()
            )
        return "\n".join(lines)

    def indicator_table(self) -> pd.DataFrame:
        """The indicators with their units, one row each."""
        return pd.DataFrame(
            {
                "value": self.indicators,
                "unit": [INDICATOR_UNITS.get(name, "") for name in self.indicators.index],
            }
        )

    def write(
        self,
        path: str | Path,
        dialect: str = "en",
        company_names: Mapping[str, str] | None = None,
    ) -> Path:
        """Write the selected table: ``.csv``, or ``.xlsx`` with a second sheet of indicators.

        The ``.xlsx`` workbook has the sheets ``plan`` (:attr:`selected`) and ``indicators``
        (:meth:`indicator_table`, with the indicator's name in a first column ``indicator``).
        Text a spreadsheet would take for a formula stays text
        (:mod:`symbiosis.io.spreadsheet`). The file is written to a temporary file first, so a
        failure leaves the previous file as it was.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write; the suffix chooses the format.
        dialect : {"en", "fr"}
            For ``.csv``: ``fr`` writes ``;``, decimal commas, 6 significant digits and a
            byte order mark, for French Excel (:func:`symbiosis.io.spreadsheet.table_csv_bytes`).
        company_names : mapping of str to str, optional
            Company id to name: adds ``supplier_name`` and ``receiver_name`` beside the ids
            (:func:`symbiosis.io.spreadsheet.with_company_names`).

        Returns
        -------
        pathlib.Path
            The path written.

        Raises
        ------
        InputError
            If the suffix is neither ``.csv`` nor ``.xlsx``.
        MissingDependencyError
            For ``.xlsx`` without openpyxl (install the ``excel`` extra).

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from symbiosis import load_example, match, optimize
        >>> toy = load_example("toy")
        >>> plan = optimize(toy, match(toy))
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     lines = plan.write(pathlib.Path(folder) / "plan.csv").read_text().splitlines()
        >>> lines[1].split(",")[:4]
        ['EX-F03-F09', 'exchange', 'T1', 'T4']
        """
        path = Path(path)
        suffix = path.suffix.lower()
        selected = self.selected
        if company_names is not None:
            selected = with_company_names(selected, company_names)
        if suffix == ".csv":
            return write_atomically(path, table_csv_bytes(selected, dialect))
        if suffix == ".xlsx":
            indicators = self.indicator_table().rename_axis("indicator").reset_index()
            return write_sheets({"plan": selected, "indicators": indicators}, path)
        raise InputError(
            f"cannot write a plan to {path.name!r}; use a file ending in "
            f"{' or '.join(PLAN_FORMATS)}"
        )

    def _repr_html_(self) -> str:
        """Jupyter display: the summary, the indicators and the chosen options, escaped."""
        return notebook_html(
            "plan",
            f"Plan for {self.zone_name}" if self.zone_name else "Plan",
            [self.summary(), self.message, *(f"Warning: {text}" for text in self.warnings)],
            [
                (
                    "Indicators",
                    self.indicator_table().reset_index(names="indicator"),
                    {"indicator": "Indicator", "value": "Value", "unit": "Unit"},
                ),
                ("Chosen exchanges and pools", self.selected, _HTML_COLUMNS),
            ],
        )


def write_plan(plan: Plan, path: str | Path) -> Path:
    """Write a plan: the same as ``plan.write(path)`` (:meth:`Plan.write`), kept for scripts.

    Returns
    -------
    pathlib.Path
        The path written.
    """
    return plan.write(path)
