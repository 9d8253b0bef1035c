"""A shared seawater heat-pump network ("thalassothermie"): heat and cold for the members.

Seawater pumped at the coast warms or cools a freshwater loop laid along the members' sites;
at each site a heat pump lifts the loop's heat to a heat demand's temperature, and a chiller
rejects the heat of a cold demand into the loop instead of into the air. This is the energy
project the Capécure study carried forward (about 25 M€ for some 20 companies, a demonstrator
at the ice plant; ``shared/reference/capecure-facts.md`` section 1.4).

What each demand gets (parameters of ``catalogue/parameters.yaml``; η
``heat_pump_carnot_efficiency``, approach ``heat_pump_approach_k``, the sea at
``seawater_temperature_c``, the loop ``seawater_loop_approach_k`` from it):

* a **cold** demand (family ``cold``, with its target temperature) keeps its cold, made by a
  chiller whose condenser is cooled by the loop: ``COP = η × T_evap / (T_cond − T_evap)`` with
  ``T_evap = target − approach``; today ``T_cond = chiller_condensing_temperature_c`` (an
  air-cooled condenser), on the network ``T_cond = sea + loop approach + approach``. The
  electricity saved is ``Q / COP_today − Q / COP_network``;
* a **heat** demand (hot water or low-grade heat, with its target temperature) gets a heat pump
  on the loop: ``COP = η × T_hot / (T_hot − T_cold)`` with ``T_hot = target + approach`` and
  ``T_cold = sea − loop approach − approach``. It joins when the electricity ``Q / COP``
  costs less than the heat it replaces (the flow's own price, else the gas it burns, ``gas
  price / boiler efficiency``). Steam demands are left to boilers;
* every demand that does not join is listed with its reason.

The members are the companies with a demand the network serves (or those given). The loop is
the minimum spanning tree of their sites and the seawater intake (the zone's outside party of
kind ``sea`` with a position), times ``MatchConfig.route_factor``, at
``heat_pipe_cost_eur_per_m``; each member pays ``connection_fixed_cost_eur``, and its heat
pumps and chillers ``heat_pump_cost_eur_per_kw`` of their power (``Q × 1000 / hours``, the
flow's ``operating_hours_per_yr``, else ``heat_pump_full_load_hours_per_yr``). The loop is
shared among the members in proportion to the heat and cold they get.

Not costed: the seawater intake and its screens, the sea-to-loop heat exchanger, the loop's
pumping and the maintenance; the sea at its annual mean (4-18 °C over the year); the heat the
chillers reject into the loop, which would warm it for the heat pumps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import suggest
from symbiosis.display import notebook_html
from symbiosis.errors import InputError
from symbiosis.matching.checks import format_number
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.distance import spanning_tree_km
from symbiosis.matching.economics import Prices, capital_recovery_factor
from symbiosis.matching.heat_pumps import (
    HEAT_PUMP_DEMANDS,
    KELVIN,
    _operating_hours,
    chiller_cop,
    heat_pump_cop,
)
from symbiosis.matching.inputs import match_inputs
from symbiosis.schemas import Zone

__all__ = [
    "NETWORK_FLOW_COLUMNS",
    "NETWORK_MEMBER_COLUMNS",
    "SeawaterNetwork",
    "seawater_heat_pump_network",
]

FloatArray = npt.NDArray[np.float64]

#: Columns of :attr:`SeawaterNetwork.flows`, one row per heat or cold demand of the zone.
NETWORK_FLOW_COLUMNS: tuple[str, ...] = (
    "flow_id",
    "company_id",
    "resource",
    "service",
    "quantity_mwh_per_yr",
    "target_temperature_c",
    "cop_today",
    "cop_network",
    "electricity_today_mwh_per_yr",
    "electricity_network_mwh_per_yr",
    "power_kw",
    "served",
    "reason",
)

#: Columns of :attr:`SeawaterNetwork.members`, one row per member company.
NETWORK_MEMBER_COLUMNS: tuple[str, ...] = (
    "company_id",
    "name",
    "heat_mwh_per_yr",
    "cold_mwh_per_yr",
    "refrigeration_electricity_today_mwh_per_yr",
    "refrigeration_electricity_saved_mwh_per_yr",
    "heat_pump_electricity_mwh_per_yr",
    "electricity_saved_mwh_per_yr",
    "heat_avoided_eur_per_yr",
    "saving_eur_per_yr",
    "electricity_bill_mwh_per_yr",
    "machines_kw",
    "machines_investment_eur",
    "connection_investment_eur",
    "loop_investment_eur",
    "investment_eur",
    "payback_yr",
    "co2e_avoided_t_per_yr",
)


@dataclass(frozen=True, eq=False)
class SeawaterNetwork:
    """A seawater heat-pump network evaluated on a zone (:func:`seawater_heat_pump_network`).

    Attributes
    ----------
    flows : pandas.DataFrame
        One row per heat or cold demand of the zone (:data:`NETWORK_FLOW_COLUMNS`): the COPs,
        the electricity today and on the network [MWh/yr], the machine's power [kW], whether
        the network serves it and, if not, why.
    members : pandas.DataFrame
        One row per member (:data:`NETWORK_MEMBER_COLUMNS`) [MWh/yr, EUR/yr, kW, EUR, yr,
        tCO2e/yr], sorted by company id.
    totals : pandas.Series
        The network's figures: ``members``, ``heat_mwh_per_yr``, ``cold_mwh_per_yr``,
        ``refrigeration_electricity_saved_mwh_per_yr``, ``heat_pump_electricity_mwh_per_yr``,
        ``electricity_saved_mwh_per_yr``, ``saving_eur_per_yr``, ``loop_km``,
        ``loop_investment_eur``, ``machines_investment_eur``, ``connection_investment_eur``,
        ``investment_eur``, ``annualised_investment_eur_per_yr``, ``net_benefit_eur_per_yr``,
        ``payback_yr``, ``co2e_avoided_t_per_yr``; each a sum of the members' column where
        there is one.
    assumptions : pandas.DataFrame
        The parameters used: ``name``, ``value``, ``unit``, ``source``.
    zone_name : str
        The zone evaluated.
    """

    flows: pd.DataFrame
    members: pd.DataFrame
    totals: pd.Series
    assumptions: pd.DataFrame
    zone_name: str

    def explain(self) -> str:
        """A paragraph a company director can read: what the network serves, costs and saves."""
        return explain_network(self)

    def _repr_html_(self) -> str:
        columns = {
            "company_id": "Member",
            "heat_mwh_per_yr": "Heat [MWh/yr]",
            "cold_mwh_per_yr": "Cold [MWh/yr]",
            "electricity_saved_mwh_per_yr": "Electricity saved [MWh/yr]",
            "investment_eur": "Investment [€]",
            "saving_eur_per_yr": "Saving [€/yr]",
            "payback_yr": "Payback [yr]",
        }
        return notebook_html(
            "seawater-network",
            f"Seawater heat-pump network, {self.zone_name}",
            [self.explain()],
            [("Members", self.members, columns)],
        )


_PARAMETERS = (
    "heat_pump_carnot_efficiency",
    "heat_pump_approach_k",
    "seawater_temperature_c",
    "seawater_loop_approach_k",
    "chiller_condensing_temperature_c",
    "heat_pump_cost_eur_per_kw",
    "heat_pump_full_load_hours_per_yr",
    "heat_pipe_cost_eur_per_m",
    "connection_fixed_cost_eur",
    "electricity_price_eur_per_mwh",
    "electricity_emission_factor_kgco2e_per_mwh",
    "gas_price_eur_per_mwh",
    "gas_emission_factor_kgco2e_per_mwh",
    "boiler_efficiency",
    "discount_rate",
    "pipe_lifetime_yr",
)


def _assumptions(zone: Zone, prices: Prices) -> pd.DataFrame:
    rows = []
    for name in _PARAMETERS:
        parameter = zone.parameter(name)
        overridden = name in prices.overrides
        rows.append(
            {
                "name": name,
                "value": prices.parameter(name),
                "unit": parameter.unit,
                "source": "MatchConfig.overrides" if overridden else parameter.source,
            }
        )
    return pd.DataFrame(rows)


def _flow_table(zone: Zone, prices: Prices) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every heat and cold demand with what the network would do for it; and the flows."""
    flows = match_inputs(zone).flows
    demand = flows["direction"].to_numpy(dtype=object) == "demand"
    cold = demand & (flows["family"].to_numpy(dtype=object) == "cold")
    heat = demand & (flows["family"].to_numpy(dtype=object) == "heat")
    rows = flows.loc[cold | heat].reset_index(drop=True)
    is_cold = (rows["family"] == "cold").to_numpy(dtype=bool)
    is_pumped = rows["resource"].isin(HEAT_PUMP_DEMANDS).to_numpy(dtype=bool)
    target = rows["target_temperature_c"].to_numpy(dtype=float)
    quantity = rows["quantity_per_yr"].to_numpy(dtype=float)
    unit = rows["canonical_unit"].astype(str).to_numpy()

    eta = prices.parameter("heat_pump_carnot_efficiency")
    approach = prices.parameter("heat_pump_approach_k")
    sea = prices.parameter("seawater_temperature_c")
    loop = prices.parameter("seawater_loop_approach_k")
    condensing_today = prices.parameter("chiller_condensing_temperature_c")
    condensing_network = sea + loop + approach
    cop_today = np.where(is_cold, chiller_cop(target, condensing_today, approach, eta), np.nan)
    cop_network = np.where(
        is_cold,
        chiller_cop(target, condensing_network, approach, eta),
        heat_pump_cop(sea - loop, target, approach, eta),
    )
    boiler = prices.parameter("boiler_efficiency")
    heat_price = rows["signed_cost_eur_per_unit"].to_numpy(dtype=float)
    heat_price = np.where(
        np.isnan(heat_price), prices.parameter("gas_price_eur_per_mwh") / boiler, heat_price
    )
    electricity_price = prices.parameter("electricity_price_eur_per_mwh")
    with np.errstate(divide="ignore", invalid="ignore"):
        per_mwh = electricity_price / cop_network

    reasons: list[str] = []
    for i in range(len(rows)):
        if unit[i] != "MWh/yr":
            reasons.append(f"quantity in {unit[i]}, not MWh/yr")
        elif not is_cold[i] and not is_pumped[i]:
            reasons.append("steam: left to boilers, the network's heat pumps make hot water")
        elif np.isnan(target[i]):
            reasons.append("no target temperature: the COP cannot be computed")
        elif is_cold[i]:
            if not cop_network[i] > cop_today[i]:
                reasons.append(
                    f"the loop ({format_number(condensing_network)} °C condensing) is no cooler "
                    f"than today's condensers ({format_number(condensing_today)} °C)"
                )
            else:
                reasons.append("")
        elif np.isnan(cop_network[i]) or cop_network[i] <= 1.0:
            reasons.append(
                "the loop is as warm as the demand, or the COP is at most 1: no heat pump"
            )
        elif per_mwh[i] >= heat_price[i]:
            reasons.append(
                f"its electricity, €{format_number(per_mwh[i])}/MWh of heat at COP "
                f"{cop_network[i]:.2f}, costs more than the heat it replaces "
                f"(€{format_number(heat_price[i])}/MWh)"
            )
        else:
            reasons.append("")
    served = np.array([reason == "" for reason in reasons], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        today = np.where(served & is_cold, quantity / cop_today, 0.0)
        network = np.where(served, quantity / cop_network, 0.0)
    hours = _operating_hours(zone, rows["id"], prices.parameter("heat_pump_full_load_hours_per_yr"))
    table = pd.DataFrame(
        {
            "flow_id": rows["id"].astype(str),
            "company_id": rows["company_id"].astype(str),
            "resource": rows["resource"].astype(str),
            "service": np.where(is_cold, "cold", "heat"),
            "quantity_mwh_per_yr": np.where(unit == "MWh/yr", quantity, np.nan),
            "target_temperature_c": target,
            "cop_today": cop_today,
            "cop_network": cop_network,
            "electricity_today_mwh_per_yr": today,
            "electricity_network_mwh_per_yr": network,
            "power_kw": np.where(served, quantity * 1000.0 / hours, 0.0),
            "served": served,
            "reason": reasons,
            "heat_price_eur_per_mwh": np.where(is_cold, np.nan, heat_price),
        }
    )
    return table.sort_values("flow_id", ignore_index=True), flows


def _sea_site(zone: Zone) -> tuple[float, float] | None:
    for party in sorted(zone.outside_parties, key=lambda p: p.id):
        if party.kind == "sea" and party.latitude is not None and party.longitude is not None:
            return float(party.latitude), float(party.longitude)
    return None


def seawater_heat_pump_network(
    zone: Zone,
    member_ids: Sequence[str] | None = None,
    config: MatchConfig | None = None,
    services: Sequence[str] = ("cold", "heat"),
) -> SeawaterNetwork:
    """Evaluate a shared seawater heat-pump network on a zone (see the module notes).

    Parameters
    ----------
    zone : Zone
        Companies, flows, outside parties and parameters.
    member_ids : sequence of str, optional
        The companies to connect; by default every company with a heat or cold demand the
        network serves.
    config : MatchConfig, optional
        ``route_factor`` for the loop and ``overrides`` of the parameters.
    services : sequence of {'cold', 'heat'}
        What the network makes: cold (chillers on the loop) and heat (heat pumps on the loop)
        by default; ``("cold",)`` evaluates a cold network alone.

    Returns
    -------
    SeawaterNetwork
        ``flows``, ``members``, ``totals``, ``assumptions`` and ``explain()``.

    Raises
    ------
    InputError
        A member id is not a company of the zone, a member has no position, or a service is
        neither ``cold`` nor ``heat``.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> network = seawater_heat_pump_network(load_example("toy"))
    >>> int(network.totals["members"]) >= 0
    True
    """
    config = config or MatchConfig()
    unknown_services = sorted(set(services) - {"cold", "heat"})
    if unknown_services:
        raise InputError(
            f"seawater network: service {', '.join(unknown_services)} is not 'cold' or 'heat'"
        )
    prices = Prices(zone=zone, overrides=config.overrides)
    flows, zone_flows = _flow_table(zone, prices)
    not_made = flows["served"] & ~flows["service"].isin(list(services))
    flows.loc[not_made, "reason"] = "the network is asked for " + " and ".join(services) + " only"
    flows.loc[not_made, ["electricity_today_mwh_per_yr", "electricity_network_mwh_per_yr"]] = 0.0
    flows.loc[not_made, "power_kw"] = 0.0
    flows.loc[not_made, "served"] = False
    companies = {company.id: company for company in zone.companies}
    if member_ids is None:
        members = sorted(set(flows.loc[flows["served"], "company_id"]))
    else:
        members = sorted(set(member_ids))
        unknown = [member for member in members if member not in companies]
        if unknown:
            hint = suggest(unknown[0], sorted(companies))
            raise InputError(
                f"seawater network: {', '.join(unknown)} is not a company of zone "
                f"{zone.name!r}{hint}; give ids of companies.csv"
            )
    unplaced = [
        m for m in members if companies[m].latitude is None or companies[m].longitude is None
    ]
    if unplaced:
        raise InputError(
            f"seawater network: {', '.join(unplaced)} has no position; give the company's "
            "latitude and longitude in companies.csv, or leave it out of member_ids"
        )
    outside = ~flows["company_id"].isin(members)
    flows.loc[outside & flows["served"], "reason"] = "its company is not a member"
    flows.loc[outside, ["electricity_today_mwh_per_yr", "electricity_network_mwh_per_yr"]] = 0.0
    flows.loc[outside, "power_kw"] = 0.0
    flows.loc[outside, "served"] = False

    latitude = [float(companies[m].latitude) for m in members]
    longitude = [float(companies[m].longitude) for m in members]
    intake = _sea_site(zone)
    if intake is not None and members:
        latitude.append(intake[0])
        longitude.append(intake[1])
    loop_km = spanning_tree_km(latitude, longitude) * config.route_factor if members else 0.0
    loop_investment = loop_km * 1000.0 * prices.parameter("heat_pipe_cost_eur_per_m")

    served = flows.loc[flows["served"]].copy()
    is_cold = (served["service"] == "cold").to_numpy(dtype=bool)
    quantity = served["quantity_mwh_per_yr"].to_numpy(dtype=float)
    served["heat_mwh_per_yr"] = np.where(is_cold, 0.0, quantity)
    served["cold_mwh_per_yr"] = np.where(is_cold, quantity, 0.0)
    served["refrigeration_electricity_today_mwh_per_yr"] = np.where(
        is_cold, served["electricity_today_mwh_per_yr"], 0.0
    )
    served["refrigeration_electricity_saved_mwh_per_yr"] = np.where(
        is_cold,
        served["electricity_today_mwh_per_yr"] - served["electricity_network_mwh_per_yr"],
        0.0,
    )
    served["heat_pump_electricity_mwh_per_yr"] = np.where(
        is_cold, 0.0, served["electricity_network_mwh_per_yr"]
    )
    served["heat_avoided_eur_per_yr"] = np.where(
        is_cold, 0.0, quantity * served["heat_price_eur_per_mwh"].to_numpy(dtype=float)
    )
    sums = [
        "heat_mwh_per_yr",
        "cold_mwh_per_yr",
        "refrigeration_electricity_today_mwh_per_yr",
        "refrigeration_electricity_saved_mwh_per_yr",
        "heat_pump_electricity_mwh_per_yr",
        "heat_avoided_eur_per_yr",
        "power_kw",
    ]
    table = served.groupby("company_id")[sums].sum().reindex(members, fill_value=0.0).reset_index()
    table = table.rename(columns={"power_kw": "machines_kw"})
    table["name"] = [companies[m].name for m in members]
    bought = zone_flows.loc[
        (zone_flows["direction"] == "demand")
        & (zone_flows["resource"] == "energy.electricity")
        & (zone_flows["canonical_unit"] == "MWh/yr")
    ]
    bill = bought.groupby("company_id")["quantity_per_yr"].sum()
    table["electricity_bill_mwh_per_yr"] = [float(bill.get(m, 0.0)) for m in members]
    table["electricity_saved_mwh_per_yr"] = (
        table["refrigeration_electricity_saved_mwh_per_yr"]
        - table["heat_pump_electricity_mwh_per_yr"]
    )
    price = prices.parameter("electricity_price_eur_per_mwh")
    factor = prices.parameter("electricity_emission_factor_kgco2e_per_mwh")
    gas_factor = prices.parameter("gas_emission_factor_kgco2e_per_mwh") / prices.parameter(
        "boiler_efficiency"
    )
    table["saving_eur_per_yr"] = (
        table["heat_avoided_eur_per_yr"] + table["electricity_saved_mwh_per_yr"] * price
    )
    table["machines_investment_eur"] = table["machines_kw"] * prices.parameter(
        "heat_pump_cost_eur_per_kw"
    )
    table["connection_investment_eur"] = prices.parameter("connection_fixed_cost_eur")
    energy = table["heat_mwh_per_yr"] + table["cold_mwh_per_yr"]
    total_energy = float(energy.sum())
    table["loop_investment_eur"] = (
        loop_investment * energy / total_energy if total_energy > 0 else 0.0
    )
    table["investment_eur"] = (
        table["machines_investment_eur"]
        + table["connection_investment_eur"]
        + table["loop_investment_eur"]
    )
    saving = table["saving_eur_per_yr"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["payback_yr"] = np.where(
            saving > 0, table["investment_eur"].to_numpy(dtype=float) / saving, np.inf
        )
    table["co2e_avoided_t_per_yr"] = (
        table["heat_mwh_per_yr"] * gas_factor + table["electricity_saved_mwh_per_yr"] * factor
    ) / 1000.0
    table = table[list(NETWORK_MEMBER_COLUMNS)]

    totals = _totals(table, loop_km, prices)
    return SeawaterNetwork(
        flows=flows[list(NETWORK_FLOW_COLUMNS)],
        members=table,
        totals=totals,
        assumptions=_assumptions(zone, prices),
        zone_name=zone.name,
    )


def _totals(table: pd.DataFrame, loop_km: float, prices: Prices) -> pd.Series:
    summed = [
        "heat_mwh_per_yr",
        "cold_mwh_per_yr",
        "refrigeration_electricity_today_mwh_per_yr",
        "refrigeration_electricity_saved_mwh_per_yr",
        "heat_pump_electricity_mwh_per_yr",
        "electricity_saved_mwh_per_yr",
        "saving_eur_per_yr",
        "electricity_bill_mwh_per_yr",
        "loop_investment_eur",
        "machines_investment_eur",
        "connection_investment_eur",
        "investment_eur",
        "co2e_avoided_t_per_yr",
    ]
    totals = {name: float(table[name].sum()) for name in summed}
    totals["members"] = float(len(table))
    totals["loop_km"] = float(loop_km)
    crf = capital_recovery_factor(
        prices.parameter("discount_rate"), prices.parameter("pipe_lifetime_yr")
    )
    totals["annualised_investment_eur_per_yr"] = totals["investment_eur"] * crf
    totals["net_benefit_eur_per_yr"] = (
        totals["saving_eur_per_yr"] - totals["annualised_investment_eur_per_yr"]
    )
    saving = totals["saving_eur_per_yr"]
    totals["payback_yr"] = totals["investment_eur"] / saving if saving > 0 else float("inf")
    order = [
        "members",
        "heat_mwh_per_yr",
        "cold_mwh_per_yr",
        "refrigeration_electricity_today_mwh_per_yr",
        "refrigeration_electricity_saved_mwh_per_yr",
        "heat_pump_electricity_mwh_per_yr",
        "electricity_saved_mwh_per_yr",
        "saving_eur_per_yr",
        "electricity_bill_mwh_per_yr",
        "loop_km",
        "loop_investment_eur",
        "machines_investment_eur",
        "connection_investment_eur",
        "investment_eur",
        "annualised_investment_eur_per_yr",
        "net_benefit_eur_per_yr",
        "payback_yr",
        "co2e_avoided_t_per_yr",
    ]
    return pd.Series({name: totals[name] for name in order}, name="seawater_network")


def explain_network(network: SeawaterNetwork) -> str:
    """The network's paragraph: members, heat and cold, electricity, money, CO2e, COPs."""
    t = network.totals
    values = dict(zip(network.assumptions["name"], network.assumptions["value"], strict=True))
    eta = values["heat_pump_carnot_efficiency"]
    approach = values["heat_pump_approach_k"]
    sea = values["seawater_temperature_c"]
    loop = values["seawater_loop_approach_k"]
    today = values["chiller_condensing_temperature_c"]
    if t["members"] == 0:
        return (
            f"A seawater heat-pump network would serve no company of {network.zone_name}: "
            "no heat or cold demand with a target temperature that it could serve."
        )
    flows = network.flows
    left_out = flows.loc[~flows["served"]]
    cold = flows.loc[flows["served"] & (flows["service"] == "cold")]
    example = ""
    if len(cold):
        row = cold.iloc[0]
        evap = float(row["target_temperature_c"]) - approach + KELVIN
        cond_today = today + KELVIN
        cond_sea = sea + loop + approach + KELVIN
        example = (
            f" For cold at {format_number(row['target_temperature_c'])} °C (evaporating at "
            f"{evap:.2f} K), a chiller's COP = η × T_evap / (T_cond − T_evap) is "
            f"{format_number(eta)} × {evap:.2f} / ({cond_today:.2f} − {evap:.2f}) = "
            f"{float(row['cop_today']):.2f} with today's condensers at {format_number(today)} °C, "
            f"and {format_number(eta)} × {evap:.2f} / ({cond_sea:.2f} − {evap:.2f}) = "
            f"{float(row['cop_network']):.2f} on the loop (sea {format_number(sea)} °C + "
            f"{format_number(loop)} K + {format_number(approach)} K)."
        )
    today_mwh = t["refrigeration_electricity_today_mwh_per_yr"]
    share = 100 * t["refrigeration_electricity_saved_mwh_per_yr"] / today_mwh if today_mwh else 0.0
    bill = t["electricity_bill_mwh_per_yr"]
    bill_share = (
        f" ({format_number(100 * t['electricity_saved_mwh_per_yr'] / bill)} % of the "
        f"{format_number(bill)} MWh/yr of electricity the members buy)"
        if bill > 0
        else ""
    )
    payback = (
        f"{format_number(t['payback_yr'])} years"
        if np.isfinite(t["payback_yr"])
        else "never (it saves nothing)"
    )
    return (
        f"A seawater heat-pump network for {format_number(t['members'])} companies of "
        f"{network.zone_name} would make {format_number(t['cold_mwh_per_yr'])} MWh/yr of cold "
        f"with chillers cooled by a freshwater loop on the sea, and "
        f"{format_number(t['heat_mwh_per_yr'])} MWh/yr of heat with heat pumps on the loop."
        f" The members' refrigeration would draw "
        f"{format_number(t['refrigeration_electricity_saved_mwh_per_yr'])} MWh/yr less "
        f"electricity ({format_number(share)} % of its "
        f"{format_number(t['refrigeration_electricity_today_mwh_per_yr'])} MWh/yr), the heat "
        f"pumps {format_number(t['heat_pump_electricity_mwh_per_yr'])} MWh/yr: "
        f"{format_number(t['electricity_saved_mwh_per_yr'])} MWh/yr saved in all{bill_share}."
        f"{example}"
        f" It saves €{format_number(t['saving_eur_per_yr'])}/yr and "
        f"{format_number(t['co2e_avoided_t_per_yr'])} tCO2e/yr, for "
        f"€{format_number(t['investment_eur'])}: a loop of {format_number(t['loop_km'])} km "
        f"(€{format_number(t['loop_investment_eur'])}), chillers and heat pumps "
        f"(€{format_number(t['machines_investment_eur'])}) and connections "
        f"(€{format_number(t['connection_investment_eur'])}); payback {payback}."
        f" {len(left_out)} heat or cold demands are left out, each with its reason."
        " Not costed: the seawater intake, the sea-to-loop exchanger, pumping "
        "and maintenance; the sea is taken at its annual mean."
    )
