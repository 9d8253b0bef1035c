"""Indicators of a plan: what the chosen exchanges and pools change for the zone.

:func:`indicators` sums the rows of a plan's ``selected`` table (see ``docs/tables.md``) into
the figures a director reads first; :func:`indicator_sources` says which opportunities make each
figure; :func:`indicator_contributions` gives every row's share of every additive indicator (the
optimiser uses it too, so that a plan's objective and its indicators count the same things).

What counts, row by row (quantities at the quantity the plan chose):

``potable_water_substituted_m3_per_yr``
    An exchange whose demand flow is ``water.potable`` and whose supply is another resource (the
    sea, grey or treated water ...): its quantity. A pool whose resource is not potable water:
    the potable water demands among its member flows, at most the pooled quantity.
``potable_water_substituted_percent``
    The above as a share of the zone's potable water demand (every ``water.potable`` demand
    flow). [%]
``waste_diverted_t_per_yr``
    An exchange whose supply flow is a material output of a company disposed of today: its
    quantity in t/yr. Disposed of today: the flow's ``current_route`` is ``disposal`` or
    ``sewer`` (``sold``, ``given``, ``recovery`` or ``on_site`` mean it is already put to use);
    without a route, a waste of the catalogue (it has EWC codes) whose company pays to get rid
    of it (its signed cost, else the catalogue's price, is above 0). A product such as ice or a
    co-product sold today does not count. A joint collection pool does not count either: the
    waste is still collected and disposed of.
``heat_recovered_mwh_per_yr``
    An exchange or pool of the ``heat`` family: its quantity in MWh/yr.
``co2e_avoided_t_per_yr``, ``net_saving_eur_per_yr``, ``investment_eur``
    Sums of the columns ``co2e_avoided_t_per_yr``, ``net_benefit_eur_per_yr`` and
    ``investment_eur``.
``simple_payback_yr``
    Investment divided by the yearly cash saving before the capital charge (net saving plus
    annualised investment); 0 without investment, infinite when the cash saving is not
    positive.
``companies_involved``
    Companies of the zone named as supplier or receiver (pool members included), each once.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
import pandas as pd

from symbiosis.errors import InputError
from symbiosis.matching.economics import capital_recovery_factor
from symbiosis.schemas import Zone
from symbiosis.tables import flows_table, join_ids, split_ids

__all__ = [
    "INDICATOR_LABELS",
    "INDICATOR_UNITS",
    "annualisation_factor",
    "indicator_contributions",
    "indicator_sources",
    "indicators",
    "payback_yr",
]

#: Every indicator, in the order of :func:`indicators`, with its unit.
INDICATOR_UNITS: dict[str, str] = {
    "potable_water_substituted_m3_per_yr": "m3/yr",
    "potable_water_substituted_percent": "% of the zone's potable water demand",
    "waste_diverted_t_per_yr": "t/yr",
    "heat_recovered_mwh_per_yr": "MWh/yr",
    "co2e_avoided_t_per_yr": "tCO2e/yr",
    "net_saving_eur_per_yr": "EUR/yr",
    "investment_eur": "EUR",
    "simple_payback_yr": "yr",
    "companies_involved": "companies",
}

#: Headline of each indicator in the report, same order as :data:`INDICATOR_UNITS`.
INDICATOR_LABELS: dict[str, str] = {
    "potable_water_substituted_m3_per_yr": "Potable water replaced",
    "potable_water_substituted_percent": "Share of the zone's potable water replaced",
    "waste_diverted_t_per_yr": "Wastes and co-products put to use",
    "heat_recovered_mwh_per_yr": "Heat recovered",
    "co2e_avoided_t_per_yr": "Greenhouse gases avoided",
    "net_saving_eur_per_yr": "Net saving",
    "investment_eur": "Investment",
    "simple_payback_yr": "Simple payback",
    "companies_involved": "Companies involved",
}
# Columns of indicator_contributions that add up over rows.
_ADDITIVE = [
    "potable_water_substituted_m3_per_yr",
    "waste_diverted_t_per_yr",
    "heat_recovered_mwh_per_yr",
    "co2e_avoided_t_per_yr",
    "net_saving_eur_per_yr",
    "investment_eur",
    "annualised_investment_eur_per_yr",
]

_REQUIRED_COLUMNS = (
    "opportunity_id",
    "kind",
    "supplier_id",
    "receiver_id",
    "supply_flow_id",
    "demand_flow_id",
    "resource",
    "family",
    "unit",
    "quantity_per_yr",
    "net_benefit_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "investment_eur",
)

POTABLE = "water.potable"


class _HasSelected(Protocol):
    @property
    def selected(self) -> pd.DataFrame: ...


def annualisation_factor(zone: Zone) -> float:
    """Capital recovery factor of the zone: the yearly charge of 1 EUR invested. [1/yr]

    :func:`~symbiosis.matching.economics.capital_recovery_factor` of the zone's
    ``discount_rate`` and ``pipe_lifetime_yr``, as the matcher annualises investments.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> round(annualisation_factor(load_example("toy")), 5)  # 10 % over 15 years
    0.13147
    """
    rate = zone.parameter("discount_rate").value
    lifetime_yr = zone.parameter("pipe_lifetime_yr").value
    if lifetime_yr <= 0:
        raise InputError(
            f"pipe_lifetime_yr is {lifetime_yr:g}; give a positive lifetime in years in zone.yaml"
        )
    return capital_recovery_factor(rate, lifetime_yr)


def _selected_table(plan: pd.DataFrame | _HasSelected) -> pd.DataFrame:
    table = plan if isinstance(plan, pd.DataFrame) else plan.selected
    missing = [column for column in _REQUIRED_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(
            f"the selected table is missing column(s) {', '.join(missing)}; pass Plan.selected "
            "or a table with the columns of docs/tables.md"
        )
    return table


def indicator_contributions(zone: Zone, plan: pd.DataFrame | _HasSelected) -> pd.DataFrame:
    """Every selected row's part of each additive indicator.

    Parameters
    ----------
    zone : Zone
        The zone the plan was made for (its flows say what each row replaces).
    plan : Plan or pandas.DataFrame
        A plan, or a table with the columns of ``Plan.selected``.

    Returns
    -------
    pandas.DataFrame
        Same index and order as the selected table: ``opportunity_id``,
        ``potable_water_substituted_m3_per_yr`` [m3/yr], ``waste_diverted_t_per_yr`` [t/yr],
        ``heat_recovered_mwh_per_yr`` [MWh/yr], ``co2e_avoided_t_per_yr`` [tCO2e/yr],
        ``net_saving_eur_per_yr`` [EUR/yr], ``investment_eur`` [EUR],
        ``annualised_investment_eur_per_yr`` [EUR/yr] (the column of the table when present,
        else investment × :func:`annualisation_factor`) and ``company_ids`` (the zone's companies
        the row involves, joined by ';').

    Raises
    ------
    InputError
        If a column of the selected table is missing.
    """
    table = _selected_table(plan)
    flows = flows_table(zone).set_index("id")
    resource_of = flows["resource"].to_dict()
    family_of = flows["family"].to_dict()
    direction_of = flows["direction"].to_dict()
    quantity_of = flows["quantity_per_yr"].to_dict()
    disposed_today = {flow.id: flow.disposed_of_today for flow in zone.flows}
    company_ids = {company.id for company in zone.companies}

    quantity = pd.to_numeric(table["quantity_per_yr"], errors="coerce").fillna(0.0).to_numpy()
    is_pool = (table["kind"] == "pool").to_numpy()
    potable = np.zeros(len(table))
    waste = np.zeros(len(table))
    involved: list[str] = []
    rows = zip(
        table["supply_flow_id"],
        table["demand_flow_id"],
        table["resource"],
        table["unit"],
        strict=True,
    )
    for position, (supply_cell, demand_cell, resource, unit) in enumerate(rows):
        supply_ids = split_ids(supply_cell)
        demand_ids = split_ids(demand_cell)
        if is_pool[position]:
            if resource != POTABLE:
                potable_demand = sum(
                    quantity_of[flow_id]
                    for flow_id in demand_ids
                    if resource_of.get(flow_id) == POTABLE and direction_of[flow_id] == "demand"
                )
                potable[position] = min(quantity[position], potable_demand)
        else:
            demand_is_potable = any(resource_of.get(flow_id) == POTABLE for flow_id in demand_ids)
            supply_resources = [resource_of.get(flow_id, resource) for flow_id in supply_ids]
            supply_is_potable = (supply_resources or [resource])[0] == POTABLE
            if demand_is_potable and not supply_is_potable:
                potable[position] = quantity[position]
            material_output = any(
                family_of.get(flow_id) == "material"
                and direction_of.get(flow_id) == "supply"
                and disposed_today.get(flow_id, False)
                for flow_id in supply_ids
            )
            if material_output and unit == "t/yr":
                waste[position] = quantity[position]
    for supplier_cell, receiver_cell in zip(
        table["supplier_id"], table["receiver_id"], strict=True
    ):
        members = {*split_ids(supplier_cell), *split_ids(receiver_cell)} & company_ids
        involved.append(join_ids(sorted(members)))

    investment = pd.to_numeric(table["investment_eur"], errors="coerce").fillna(0.0).to_numpy()
    if "annualised_investment_eur_per_yr" in table.columns:
        annualised = (
            pd.to_numeric(table["annualised_investment_eur_per_yr"], errors="coerce")
            .fillna(0.0)
            .to_numpy()
        )
    else:
        annualised = investment * annualisation_factor(zone) if len(table) else investment
    heat = np.where((table["family"] == "heat").to_numpy(), quantity, 0.0)
    return pd.DataFrame(
        {
            "opportunity_id": table["opportunity_id"].astype(str).to_numpy(),
            "potable_water_substituted_m3_per_yr": potable,
            "waste_diverted_t_per_yr": waste,
            "heat_recovered_mwh_per_yr": heat,
            "co2e_avoided_t_per_yr": pd.to_numeric(table["co2e_avoided_t_per_yr"], errors="coerce")
            .fillna(0.0)
            .to_numpy(),
            "net_saving_eur_per_yr": pd.to_numeric(table["net_benefit_eur_per_yr"], errors="coerce")
            .fillna(0.0)
            .to_numpy(),
            "investment_eur": investment,
            "annualised_investment_eur_per_yr": annualised,
            "company_ids": involved,
        },
        index=table.index,
    )


def _potable_demand_m3_per_yr(zone: Zone) -> float:
    return float(
        sum(
            flow.quantity_per_yr
            for flow in zone.flows
            if flow.direction == "demand" and flow.resource == POTABLE
        )
    )


def payback_yr(investment_eur: float, cash_saving_eur_per_yr: float) -> float:
    """Simple payback: investment / yearly cash saving before the capital charge. [yr]

    0 without investment; infinite when the cash saving is not positive.

    Examples
    --------
    >>> payback_yr(130_000.0, 73_000.0), payback_yr(0.0, 5.0), payback_yr(10.0, -1.0)
    (1.7808219178082192, 0.0, inf)
    """
    if investment_eur <= 0:
        return 0.0
    if cash_saving_eur_per_yr <= 0:
        return math.inf
    return investment_eur / cash_saving_eur_per_yr


def indicators(zone: Zone, plan: pd.DataFrame | _HasSelected) -> pd.Series:
    """The headline figures of a plan.

    Parameters
    ----------
    zone : Zone
        The zone the plan was made for.
    plan : Plan or pandas.DataFrame
        A plan, or a table with the columns of ``Plan.selected`` (docs/tables.md).

    Returns
    -------
    pandas.Series
        Float values named ``value``, indexed (``indicator``) in this order:
        ``potable_water_substituted_m3_per_yr`` [m3/yr], ``potable_water_substituted_percent``
        [% of the zone's potable water demand], ``waste_diverted_t_per_yr`` [t/yr],
        ``heat_recovered_mwh_per_yr`` [MWh/yr], ``co2e_avoided_t_per_yr`` [tCO2e/yr],
        ``net_saving_eur_per_yr`` [EUR/yr], ``investment_eur`` [EUR], ``simple_payback_yr``
        [yr] and ``companies_involved`` [count]. What each counts is in the module docstring;
        units are in :data:`INDICATOR_UNITS`.

    Raises
    ------
    InputError
        If a column of the selected table is missing.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> empty = pd.DataFrame(columns=["opportunity_id", "kind", "supplier_id", "receiver_id",
    ...     "supply_flow_id", "demand_flow_id", "resource", "family", "unit", "quantity_per_yr",
    ...     "net_benefit_eur_per_yr", "co2e_avoided_t_per_yr", "investment_eur"])
    >>> indicators(load_example("toy"), empty)["companies_involved"]
    np.float64(0.0)
    """
    contributions = indicator_contributions(zone, plan)
    totals = contributions[_ADDITIVE].sum()
    potable_demand = _potable_demand_m3_per_yr(zone)
    substituted = float(totals["potable_water_substituted_m3_per_yr"])
    companies = {
        company_id for cell in contributions["company_ids"] for company_id in split_ids(cell)
    }
    values = {
        "potable_water_substituted_m3_per_yr": substituted,
        "potable_water_substituted_percent": (
            100.0 * substituted / potable_demand if potable_demand > 0 else 0.0
        ),
        "waste_diverted_t_per_yr": float(totals["waste_diverted_t_per_yr"]),
        "heat_recovered_mwh_per_yr": float(totals["heat_recovered_mwh_per_yr"]),
        "co2e_avoided_t_per_yr": float(totals["co2e_avoided_t_per_yr"]),
        "net_saving_eur_per_yr": float(totals["net_saving_eur_per_yr"]),
        "investment_eur": float(totals["investment_eur"]),
        "simple_payback_yr": payback_yr(
            float(totals["investment_eur"]),
            float(totals["net_saving_eur_per_yr"] + totals["annualised_investment_eur_per_yr"]),
        ),
        "companies_involved": float(len(companies)),
    }
    series = pd.Series(values, name="value", dtype=float)
    series.index.name = "indicator"
    return series


def indicator_sources(zone: Zone, plan: pd.DataFrame | _HasSelected) -> pd.DataFrame:
    """Which opportunities make each indicator, and how much each brings.

    Parameters
    ----------
    zone : Zone
        The zone the plan was made for.
    plan : Plan or pandas.DataFrame
        A plan, or a table with the columns of ``Plan.selected``.

    Returns
    -------
    pandas.DataFrame
        One row per indicator and contributing opportunity: ``indicator``, ``opportunity_id``,
        ``contribution`` and ``company_ids`` (the companies the opportunity involves, joined by
        ';'). Contributions add up to the indicator, except for ``simple_payback_yr`` (the
        opportunity's own payback, for opportunities with an investment) and
        ``companies_involved`` (how many companies the opportunity involves; the indicator counts
        each company once). Rows with a zero contribution are left out. Sorted by the order of
        :data:`INDICATOR_UNITS`, then ``opportunity_id``.

    Raises
    ------
    InputError
        If a column of the selected table is missing.
    """
    contributions = indicator_contributions(zone, plan)
    potable_demand = _potable_demand_m3_per_yr(zone)
    columns: dict[str, pd.Series] = {
        name: contributions[name]
        for name in _ADDITIVE
        if name != "annualised_investment_eur_per_yr"
    }
    columns["potable_water_substituted_percent"] = (
        100.0 * contributions["potable_water_substituted_m3_per_yr"] / potable_demand
        if potable_demand > 0
        else contributions["potable_water_substituted_m3_per_yr"] * 0.0
    )
    columns["simple_payback_yr"] = pd.Series(
        [
            payback_yr(investment, net + annualised)
            for investment, net, annualised in zip(
                contributions["investment_eur"],
                contributions["net_saving_eur_per_yr"],
                contributions["annualised_investment_eur_per_yr"],
                strict=True,
            )
        ],
        index=contributions.index,
        dtype=float,
    ).where(contributions["investment_eur"] > 0, 0.0)
    columns["companies_involved"] = contributions["company_ids"].map(
        lambda cell: float(len(split_ids(cell)))
    )
    parts = []
    for name in INDICATOR_UNITS:
        part = pd.DataFrame(
            {
                "indicator": name,
                "opportunity_id": contributions["opportunity_id"],
                "contribution": columns[name].astype(float),
                "company_ids": contributions["company_ids"],
            }
        )
        parts.append(part[part["contribution"] != 0])
    sources = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    order = {name: rank for rank, name in enumerate(INDICATOR_UNITS)}
    sources["rank"] = sources["indicator"].map(order)
    sources = sources.sort_values(["rank", "opportunity_id"], kind="stable")
    return sources.drop(columns="rank").reset_index(drop=True)
