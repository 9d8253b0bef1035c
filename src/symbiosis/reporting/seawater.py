"""The report's section on a shared seawater heat-pump network (thalassothermie).

:func:`seawater_network_html` evaluates :func:`symbiosis.seawater_heat_pump_network` on the
zone and shows its headline figures, the members, the demands left out with their reason and
the parameters it rests on. A zone that states the figures of an earlier study of such a
network (the zone parameters ``seawater_network_study_investment_eur`` and
``seawater_network_study_members``, with their source) gets the comparison.
"""

from __future__ import annotations

import math

import pandas as pd

from symbiosis.catalogue.resources import STUDY_FIGURES
from symbiosis.display import escape, format_value, html_table
from symbiosis.matching import MatchConfig, seawater_heat_pump_network
from symbiosis.schemas import Zone

__all__ = ["STUDY_PARAMETERS", "seawater_network_html"]

#: Zone parameters that state an earlier study's network, compared in the section when given.
STUDY_PARAMETERS = tuple(STUDY_FIGURES)

_MEMBER_COLUMNS = {
    "company_id": "Member",
    "name": "Company",
    "heat_mwh_per_yr": "Heat [MWh/yr]",
    "cold_mwh_per_yr": "Cold [MWh/yr]",
    "electricity_saved_mwh_per_yr": "Electricity saved [MWh/yr]",
    "saving_eur_per_yr": "Saving [EUR/yr]",
    "investment_eur": "Investment [EUR]",
    "payback_yr": "Payback [yr]",
    "co2e_avoided_t_per_yr": "CO2e avoided [t/yr]",
}
_LEFT_OUT_COLUMNS = {
    "flow_id": "Flow",
    "company_id": "Company",
    "resource": "Resource",
    "quantity_mwh_per_yr": "Per year [MWh]",
    "target_temperature_c": "Temperature [°C]",
    "reason": "Why it is left out",
}
_ASSUMPTION_COLUMNS = {"name": "Parameter", "value": "Value", "unit": "Unit", "source": "Source"}


def _comparison(zone: Zone, totals: pd.Series) -> str:
    if not all(name in zone.parameters for name in STUDY_PARAMETERS):
        return ""
    investment = zone.parameters["seawater_network_study_investment_eur"]
    members = zone.parameters["seawater_network_study_members"]
    per_member = investment.value / members.value if members.value else math.nan
    ours = totals["investment_eur"] / totals["members"] if totals["members"] else math.nan
    bill = totals["electricity_bill_mwh_per_yr"]
    saved_share = 100 * totals["electricity_saved_mwh_per_yr"] / bill if bill else math.nan
    return (
        "<p>For comparison, the study of the zone put the network at about "
        f"{escape(format_value(investment.value))} EUR for some "
        f"{escape(format_value(members.value))} companies "
        f"({escape(format_value(per_member))} EUR a company; {escape(investment.source)}; "
        f"{escape(members.source)}). "
        f"Here: {escape(format_value(totals['investment_eur']))} EUR for "
        f"{escape(format_value(totals['members']))} companies "
        f"({escape(format_value(ours))} EUR a company), without the seawater intake and the "
        "sea-to-loop exchanger, which the study includes; the members would buy "
        f"{escape(format_value(saved_share))} % less electricity.</p>"
    )


def seawater_network_html(zone: Zone, config: MatchConfig | None = None) -> str:
    """The section's HTML; empty when no company of the zone has a demand it could serve."""
    network = seawater_heat_pump_network(zone, config=config)
    totals = network.totals
    if totals["members"] == 0:
        return ""
    headline = pd.DataFrame(
        [
            {"figure": "Members", "value": totals["members"], "unit": "companies"},
            {"figure": "Heat served", "value": totals["heat_mwh_per_yr"], "unit": "MWh/yr"},
            {"figure": "Cold served", "value": totals["cold_mwh_per_yr"], "unit": "MWh/yr"},
            {
                "figure": "Electricity saved by the members' refrigeration",
                "value": totals["refrigeration_electricity_saved_mwh_per_yr"],
                "unit": "MWh/yr",
            },
            {
                "figure": "Electricity of the members' refrigeration today",
                "value": totals["refrigeration_electricity_today_mwh_per_yr"],
                "unit": "MWh/yr",
            },
            {
                "figure": "Electricity drawn by the heat pumps",
                "value": totals["heat_pump_electricity_mwh_per_yr"],
                "unit": "MWh/yr",
            },
            {
                "figure": "Electricity the members buy today",
                "value": totals["electricity_bill_mwh_per_yr"],
                "unit": "MWh/yr",
            },
            {
                "figure": "Investment",
                "value": totals["investment_eur"],
                "unit": "EUR",
            },
            {"figure": "Saving", "value": totals["saving_eur_per_yr"], "unit": "EUR/yr"},
            {"figure": "Payback", "value": totals["payback_yr"], "unit": "years"},
            {
                "figure": "CO2e avoided",
                "value": totals["co2e_avoided_t_per_yr"],
                "unit": "t/yr",
            },
        ]
    )
    left_out = network.flows.loc[~network.flows["served"]]
    parts = [
        f"<p>{escape(network.explain())}</p>",
        html_table(headline, {"figure": "Figure", "value": "Value", "unit": "Unit"}),
        _comparison(zone, totals),
        "<h3>Members</h3>",
        html_table(network.members, _MEMBER_COLUMNS),
    ]
    if len(left_out):
        parts += [
            "<h3>Heat and cold demands left out</h3>",
            html_table(left_out, _LEFT_OUT_COLUMNS),
        ]
    parts += [
        "<h3>What the evaluation rests on</h3>",
        html_table(network.assumptions, _ASSUMPTION_COLUMNS),
    ]
    return "".join(parts)
