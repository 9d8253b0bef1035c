"""`MatchResult`: the tables `match` returns, with `explain`, file output and a Jupyter view."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from symbiosis.catalogue import suggest
from symbiosis.display import notebook_html
from symbiosis.errors import InputError
from symbiosis.io.atomic import write_files_atomically
from symbiosis.io.spreadsheet import table_csv_bytes, with_company_names, write_sheets
from symbiosis.matching.checks import CHECK_COLUMNS
from symbiosis.matching.conditions import pool_condition_text
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.context import MatchContext
from symbiosis.matching.explain import explain_exchange, explain_pool
from symbiosis.matching.scoring import SCORE_COLUMNS
from symbiosis.tables import split_ids

__all__ = ["EXCHANGE_COLUMNS", "MatchResult", "one_row_per_opportunity", "result_files"]

#: Columns of ``MatchResult.exchanges`` in order (docs/tables.md); additions at the end.
EXCHANGE_COLUMNS: tuple[str, ...] = (
    "opportunity_id",
    "kind",
    "rule_id",
    "supplier_id",
    "supplier_is_outside",
    "supply_flow_id",
    "receiver_id",
    "demand_flow_id",
    "supply_resource",
    "demand_resource",
    "family",
    "unit",
    "quantity_per_yr",
    "demand_share",
    "supply_share",
    "distance_km",
    "transport_mode",
    "investment_eur",
    "annualised_investment_eur_per_yr",
    "transport_cost_eur_per_yr",
    "monthly_overlap",
    *CHECK_COLUMNS,
    "feasible",
    "infeasible_reason",
    "gross_saving_eur_per_yr",
    "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "confidence",
    *SCORE_COLUMNS,
    "score",
    "water_m3_per_yr",
    "material_t_per_yr",
    "heat_mwh_per_yr",
    "new_supply_cost_eur_per_yr",
    "max_distance_km",
    "notes",
    "existing",
    "profitable",
    "receiver_avoided_eur_per_yr",
    "supplier_change_eur_per_yr",
    "displaced_partner_cost_eur_per_yr",
    "truck_trips_per_yr",
    "conditions",
    "n_conditions",
)

# Columns of the notebook view, with their headers.
_HTML_COLUMNS = {
    "opportunity_id": "Opportunity",
    "kind": "Kind",
    "supplier_id": "Supplier",
    "receiver_id": "Receiver",
    "demand_resource": "Resource",
    "quantity_per_yr": "Per year",
    "unit": "Unit",
    "net_saving_eur_per_yr": "Net saving [€/yr]",
    "score": "Score",
    "alternatives": "Alternatives",
}
_HTML_POOL_COLUMNS = {
    "pool_id": "Pool",
    "pool_kind": "Kind",
    "member_count": "Members",
    "saving_eur_per_yr": "Saving [€/yr]",
    "score": "Score",
}


def one_row_per_opportunity(exchanges: pd.DataFrame) -> pd.DataFrame:
    """The feasible, profitable rows that are not today's trade, one per opportunity.

    An opportunity is a demand to serve (``demand_flow_id``), or for a supply sent to an
    outside outlet, the supply to place (``supply_flow_id``). Its row is the first in the
    table's order (:attr:`MatchResult.exchanges` is in rank order); ``alternatives`` counts the
    other such rows of the same opportunity and ``alternative_ids`` lists them, joined by ``;``
    in the same order.

    Parameters
    ----------
    exchanges : pandas.DataFrame
        ``MatchResult.exchanges``: ``feasible``, and ``profitable`` (else a positive
        ``net_saving_eur_per_yr``) and ``existing`` if present.

    Returns
    -------
    pandas.DataFrame
        The kept rows with the two added columns, in the table's order.

    Examples
    --------
    >>> table = pd.DataFrame({"opportunity_id": ["A", "B", "C", "D"],
    ...     "demand_flow_id": ["F1", "F1", "F2", "F1"], "supply_flow_id": ["S1", "S2", "S1", "S3"],
    ...     "feasible": [True, True, True, True], "profitable": [True, True, True, False]})
    >>> one_row_per_opportunity(table)[["opportunity_id", "alternatives", "alternative_ids"]]
      opportunity_id  alternatives alternative_ids
    0              A             1               B
    2              C             0
    """
    profitable = (
        exchanges["profitable"].astype(bool)
        if "profitable" in exchanges.columns
        else pd.to_numeric(exchanges["net_saving_eur_per_yr"], errors="coerce").gt(0)
    )
    keep = exchanges["feasible"].astype(bool) & profitable
    if "existing" in exchanges.columns:
        keep &= ~exchanges["existing"].astype("boolean").fillna(False).astype(bool)
    kept = exchanges.loc[keep]
    demand = kept["demand_flow_id"].astype(object)
    opportunity = demand.where(demand.notna(), "supply " + kept["supply_flow_id"].astype(str))
    first = ~opportunity.duplicated()
    ids = kept["opportunity_id"].astype(str)
    others: dict[object, list[str]] = {}
    for key, opportunity_id, is_first in zip(opportunity, ids, first, strict=True):
        if not is_first:
            others.setdefault(key, []).append(opportunity_id)
    best = kept.loc[first].copy()
    keys = opportunity[first]
    best["alternatives"] = [len(others.get(key, [])) for key in keys]
    best["alternative_ids"] = [";".join(others.get(key, [])) for key in keys]
    return best


@dataclass(frozen=True, eq=False)
class MatchResult:
    """Candidates and pools of a zone, as :func:`symbiosis.matching.match` returns them.

    Attributes
    ----------
    exchanges : pandas.DataFrame
        One row per candidate exchange, substitution, cascade or heat recovery; columns and order
        in ``docs/tables.md``.
    pools : pandas.DataFrame
        One row per pooling opportunity (``docs/tables.md``).
    config : MatchConfig
        The settings of the run.
    zone_name : str
        Name of the zone matched.
    """

    exchanges: pd.DataFrame
    pools: pd.DataFrame
    config: MatchConfig
    zone_name: str
    context: MatchContext = field(repr=False)

    def explain(self, opportunity_id: str) -> str:
        """A paragraph a company director can read about one opportunity or pool.

        Parameters
        ----------
        opportunity_id : str
            An ``opportunity_id`` of :attr:`exchanges` or a ``pool_id`` of :attr:`pools`.

        Raises
        ------
        InputError
            Unknown id; the message suggests the closest ids.

        Examples
        --------
        >>> from symbiosis import load_example
        >>> from symbiosis.matching import match
        >>> text = match(load_example("toy")).explain("SU-SEA-F01")
        >>> "3,000 m³/yr" in text and "852/2004" in text
        True
        """

        if opportunity_id in self._positions:
            row = self.exchanges.iloc[self._positions[opportunity_id]]
            return explain_exchange(row, self.context, self.config)
        rows = self.pools.index[self.pools["pool_id"] == opportunity_id]
        if len(rows):
            pool = self.pools.loc[rows[0]]
            known = self.exchanges.get("conditions", pd.Series("", index=self.exchanges.index))
            pooled = split_ids(pool.get("opportunity_ids"))
            members = known.iloc[[self._positions[i] for i in pooled if i in self._positions]]
            conditions = pool_condition_text(str(pool["pool_kind"]), str(pool["resource"]), members)
            return explain_pool(pool, self.context, self.config, conditions)
        known = [*self.exchanges["opportunity_id"], *self.pools["pool_id"]]
        hint = suggest(opportunity_id, known)
        if not hint and not known:
            hint = "; this result has no opportunity"
        raise InputError(
            f"{opportunity_id!r} is not an opportunity or pool of zone {self.zone_name!r}{hint}"
        )

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {str(key): position for position, key in enumerate(self.exchanges["opportunity_id"])}

    def summary(self) -> str:
        """One line: feasible candidates by kind and pools.

        Examples
        --------
        >>> from symbiosis import load_example
        >>> from symbiosis.matching import match
        >>> print(match(load_example("toy")).summary())
        toy: 5 feasible opportunities (cascade 1, exchange 1, heat_recovery 1,
        substitution 2), 1 of them profitable, 1 pools
        """
        exchanges = self.exchanges
        existing = exchanges["existing"].to_numpy(dtype=bool)
        feasible = exchanges[exchanges["feasible"].to_numpy(dtype=bool) & ~existing]
        counts = feasible["kind"].value_counts().sort_index()
        kinds = ", ".join(f"{kind} {count}" for kind, count in counts.items())
        profitable = int(feasible["profitable"].sum())
        extra = len(exchanges) - len(feasible) - int(existing.sum())
        rejected = f", {extra} infeasible kept" if extra else ""
        today = f", {int(existing.sum())} already today's trade" if existing.any() else ""
        return (
            f"{self.zone_name}: {len(feasible)} feasible opportunities"
            f"{f' ({kinds})' if kinds else ''}, {profitable} of them profitable{today}"
            f"{rejected}, {len(self.pools)} pools"
        )

    def best(self) -> pd.DataFrame:
        """The opportunities worth showing first: one row per demand (or per supply for an
        outlet), its best source, with the alternatives under it.

        Only rows that are feasible, profitable and not today's trade are kept; of those that
        serve one demand, the first in rank order (score, then id) stands for the opportunity,
        and the others are counted in ``alternatives`` and listed, in rank order, in
        ``alternative_ids`` (see :func:`one_row_per_opportunity`).
        """
        return one_row_per_opportunity(self.exchanges)

    def top(self, n: int = 10) -> pd.DataFrame:
        """The ``n`` best opportunities (:meth:`best`) as a compact table (id, kind, ...)."""
        head = self.best().head(n)
        return pd.DataFrame(
            {
                "id": head["opportunity_id"],
                "kind": head["kind"],
                "supplier → receiver": head["supplier_id"] + " → " + head["receiver_id"],
                "resource": head["supply_resource"],
                "quantity": head["quantity_per_yr"].round(1).astype(str) + " " + head["unit"],
                "EUR/yr": head["net_saving_eur_per_yr"].round(0),
                "score": head["score"].round(3),
                "alternatives": head["alternatives"],
            }
        )

    def write(
        self,
        path: str | Path,
        dialect: str = "en",
        company_names: Mapping[str, str] | None = None,
    ) -> list[Path]:
        """Write both tables and the config, atomically.

        ``x.csv`` gives ``x.csv`` (exchanges), ``x_pools.csv`` and ``x_config.json``; ``x.xlsx``
        gives one workbook with the sheets ``exchanges``, ``pools`` and ``config`` (needs
        openpyxl, the ``excel`` extra). Text a spreadsheet would take for a formula stays text
        (:mod:`symbiosis.io.spreadsheet`). Every file is written to a temporary file first, so a
        failure leaves the previous files as they were.

        Parameters
        ----------
        path : str or pathlib.Path
            Where to write; the suffix chooses the format.
        dialect : {"en", "fr"}
            For ``.csv``: ``fr`` writes ``;``, decimal commas, 6 significant digits and a
            byte order mark, for French Excel (:func:`symbiosis.io.spreadsheet.table_csv_bytes`).
        company_names : mapping of str to str, optional
            Company id to name: adds ``supplier_name`` and ``receiver_name`` beside the ids of
            the exchanges (:func:`symbiosis.io.spreadsheet.with_company_names`).

        Returns
        -------
        list of pathlib.Path
            The files written.

        Raises
        ------
        InputError
            Any other suffix.
        MissingDependencyError
            ``.xlsx`` without openpyxl.
        """
        path = Path(path)
        suffix = path.suffix.lower()
        exchanges = self.exchanges
        if company_names is not None:
            exchanges = with_company_names(exchanges, company_names)
        if suffix == ".csv":
            _, pools, config = result_files(path)
            write_files_atomically(
                {
                    path: table_csv_bytes(exchanges, dialect),
                    pools: table_csv_bytes(self.pools, dialect),
                    config: self.config.to_json().encode("utf-8"),
                }
            )
            return [path, pools, config]
        if suffix == ".xlsx":
            settings = json.loads(self.config.model_dump_json())
            config_sheet = pd.DataFrame(
                {
                    "setting": list(settings),
                    "value": [json.dumps(value, ensure_ascii=False) for value in settings.values()],
                }
            )
            sheets = {"exchanges": exchanges, "pools": self.pools, "config": config_sheet}
            return [write_sheets(sheets, path)]
        raise InputError(f"cannot write results to {path.name!r}: use a .csv or .xlsx file name")

    def _repr_html_(self) -> str:
        """Jupyter display: the summary, the 10 best opportunities and pools, escaped."""
        return notebook_html(
            "match-result",
            f"Match result for {self.zone_name}" if self.zone_name else "Match result",
            [self.summary()],
            [
                ("Best opportunities (feasible, profitable)", self.best(), _HTML_COLUMNS),
                ("Pools", self.pools, _HTML_POOL_COLUMNS),
            ],
            limit=10,
        )


def result_files(path: str | Path) -> list[Path]:
    """The files :meth:`MatchResult.write` writes for ``path``.

    Examples
    --------
    >>> [file.name for file in result_files("out/x.csv")]
    ['x.csv', 'x_pools.csv', 'x_config.json']
    >>> [file.name for file in result_files("out/x.xlsx")]
    ['x.xlsx']
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return [path]
    return [
        path,
        path.with_name(f"{path.stem}_pools.csv"),
        path.with_name(f"{path.stem}_config.json"),
    ]
