"""Paragraphs that tell one opportunity or pool in words, with the numbers and the sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from symbiosis.catalogue import get_resource, get_rule, get_use, resource_catalogue
from symbiosis.catalogue.quality import limit_checked_parameters, parameter_sentences
from symbiosis.catalogue.rules import RULE_KIND_SENTENCES
from symbiosis.catalogue.treatments import RouteFactor, new_route, todays_route, treatment_label
from symbiosis.matching.checks import format_number
from symbiosis.matching.conditions import CONDITION_SEPARATOR
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.context import MatchContext
from symbiosis.matching.heat_pumps import explain_heat_pump
from symbiosis.tables import split_ids

__all__ = ["explain_exchange", "explain_pool"]

_UNITS = {"m3/yr": "m³/yr", "t/yr": "t/yr", "MWh/yr": "MWh/yr", "h/yr": "h/yr"}
_MODE = {"pipe": "by pipe", "truck": "by truck", "none": "on site"}


def _money(value: float) -> str:
    return f"€{format_number(value)}" if value >= 0 else f"−€{format_number(-value)}"


def _name(context: MatchContext, party_id: str) -> str:
    name = context.names.get(party_id)
    return f"{name} ({party_id})" if name and name != party_id else party_id


def _true(value: object) -> bool:
    return not pd.isna(value) and bool(value)


def _value(record: Mapping[str, Any], field: str) -> float:
    value = record.get(field)
    return float("nan") if value is None or pd.isna(value) else float(value)


def _quality(row: pd.Series, context: MatchContext) -> Mapping[str, Any]:
    """The quality fields of the supply: the flow's, or the outside party's defaults."""
    if not row["supplier_is_outside"]:
        return context.flow_records[str(row["supply_flow_id"])]
    outside = context.outside
    match = outside[
        (outside["supplier_id"] == row["supplier_id"])
        & (outside["supply_resource"] == row["supply_resource"])
    ]
    return dict(match.iloc[0])


def _passed_checks(row: pd.Series, context: MatchContext, config: MatchConfig) -> list[str]:
    demand = context.flow_records[str(row["demand_flow_id"])]
    supply = _quality(row, context)
    passed: list[str] = []
    for parameter in limit_checked_parameters():
        if _true(row[parameter.check_column]):
            sentence = parameter_sentences(parameter).passed
            passed.append(
                sentence.format(
                    what=parameter.what_en,
                    unit=parameter.unit,
                    value=format_number(_value(supply, parameter.supply_field)),
                    limit=format_number(_value(demand, parameter.limit_field)),
                )
            )
    if _true(row["check_temperature"]):
        source = _value(supply, "supply_temperature_c")
        if source != source:
            source = _value(supply, "temperature_c")
        if get_rule(str(row["rule_id"])).temperature_approach:
            reach = format_number(source - config.dt_min_k)
            passed.append(
                f"temperature (the source at {format_number(source)} °C, less ΔTmin "
                f"{format_number(config.dt_min_k)} K, reaches {reach} °C)"
            )
        else:
            passed.append(
                f"temperature ({format_number(source)} °C supplied, at least "
                f"{format_number(_value(demand, 'min_temperature_c'))} °C needed)"
            )
    if _true(row["check_potable"]):
        passed.append("potable water is not required")
    if _true(row["check_use_allowed"]):
        use = get_use(str(demand["use"]))
        passed.append(f"use allowed ({use.label_en}: {use.source})")
    if _true(row["check_distance"]):
        mode = _MODE[str(row["transport_mode"])]
        passed.append(
            f"distance ({format_number(row['distance_km'])} km, within the "
            f"{format_number(row['max_distance_km'])} km sensible {mode})"
        )
    if _true(row["check_quantity"]):
        supply_part = (
            ""
            if pd.isna(row["supply_share"])
            else f" and {format_number(100 * row['supply_share'])} % of the supply"
        )
        passed.append(
            f"quantity ({format_number(100 * row['demand_share'])} % of the demand{supply_part}; "
            f"at least {format_number(100 * config.min_demand_share)} % of one is asked)"
        )
    return passed


def _displaced_part(row: pd.Series, partner: str) -> str:
    """What the company that buys the supply today loses, with the prices per unit."""
    displaced = float(row["displaced_partner_cost_eur_per_yr"])
    quantity = float(row["quantity_per_yr"])
    unit = str(row["unit"]).removesuffix("/yr")
    # displaced = q × (p_partner + c_supplier), supplier change = q × c_supplier
    paid_today = -float(row["supplier_change_eur_per_yr"]) / quantity
    elsewhere = displaced / quantity + paid_today
    more = "more" if displaced > 0 else "less"
    return (
        f"{partner}, which takes it today, pays {_money(abs(displaced))}/yr {more} to buy it "
        f"elsewhere ({_money(elsewhere)}/{unit} instead of {_money(paid_today)}/{unit})"
    )


def _money_sentence(row: pd.Series, supplier: str, receiver: str, partner: str) -> str:
    """The gross saving built party by party, then the costs and the net saving."""
    parts = [f"{receiver} stops paying {_money(row['receiver_avoided_eur_per_yr'])}/yr"]
    change = float(row["supplier_change_eur_per_yr"])
    if change > 0:
        parts.append(f"{supplier} stops paying {_money(change)}/yr to get rid of it")
    elif change < 0:
        parts.append(f"{supplier} gives up {_money(-change)}/yr of sales")
    if float(row["displaced_partner_cost_eur_per_yr"]) != 0:
        parts.append(_displaced_part(row, partner))
    money = f"It would save {_money(row['gross_saving_eur_per_yr'])}/yr gross ({'; '.join(parts)})"
    costs = []
    if row["new_supply_cost_eur_per_yr"] > 0:
        costs.append(f"{_money(row['new_supply_cost_eur_per_yr'])}/yr for the new supply")
    if row["transport_cost_eur_per_yr"] > 0:
        trips = float(row.get("truck_trips_per_yr", 0.0))
        load = float(row["quantity_per_yr"]) / trips if trips > 0 else 0.0
        per_trip = (
            f" ({format_number(trips)} truck trips a year of {format_number(load)} t)"
            if trips > 0
            else ""
        )
        costs.append(f"{_money(row['transport_cost_eur_per_yr'])}/yr of transport{per_trip}")
    if row["investment_eur"] > 0:
        supply = str(row.get("supply_resource", ""))
        own_plant = (
            bool(row.get("supplier_is_outside", False))
            and supply in resource_catalogue()
            and resource_catalogue()[supply].shared_plant_capex_eur is not None
        )
        what = "pipe, connections and a plant of its own (intake and treatment)"
        costs.append(
            f"{_money(row['annualised_investment_eur_per_yr'])}/yr to repay "
            f"{_money(row['investment_eur'])} of "
            f"{what if own_plant else 'pipe and connections'}"
        )
    net = _money(row["net_saving_eur_per_yr"])
    if costs:
        return money + f"; after {', '.join(costs)}, the net saving is {net}/yr."
    return money + f", {net}/yr net."


def _route_words(found: RouteFactor, unit: str) -> str:
    label = treatment_label(found.treatment)
    factor = f"{format_number(found.kgco2e_per_unit)} kgCO2e/{unit}"
    assumed = ", assumed: its flow does not state current_treatment" if found.assumed_route else ""
    return f"{label} ({factor}{assumed}; {found.source})"


def _routes_sentence(row: pd.Series, context: MatchContext) -> str:
    """Today's treatment of a waste supply and the one the exchange gives it, with factors."""
    if row["supplier_is_outside"]:
        return ""
    resource = str(row["supply_resource"])
    if get_resource(resource).waste_family is None:
        return ""
    supply = context.flow_records[str(row["supply_flow_id"])]
    route = supply.get("current_route")
    if not isinstance(route, str) and _value(supply, "signed_cost_eur_per_unit") < 0:
        route = "sold"
    treatment = supply.get("current_treatment")
    today = todays_route(
        resource,
        route if isinstance(route, str) else None,
        treatment if isinstance(treatment, str) else None,
        _true(supply.get("disposed_of_today")),
    )
    demand = context.flow_records[str(row["demand_flow_id"])]
    use = demand.get("use")
    new = new_route(resource, use if isinstance(use, str) else None)
    unit = str(row["unit"]).removesuffix("/yr")
    today_words = "no treatment" if today is None else _route_words(today, unit)
    new_words = (
        "none counted (the receiver uses it as an input of its own production)"
        if new is None
        else _route_words(new, unit)
    )
    return f"CO2e of the routes: today {today_words}; with the exchange {new_words}."


def explain_exchange(row: pd.Series, context: MatchContext, config: MatchConfig) -> str:
    """One candidate of ``MatchResult.exchanges`` in words."""
    if str(row["kind"]) == "heat_pump":
        return explain_heat_pump(
            row,
            _name(context, str(row["supplier_id"])),
            _name(context, str(row["receiver_id"])),
            context.prices,
        )
    rule = get_rule(str(row["rule_id"]))
    demand = context.flow_records[str(row["demand_flow_id"])]
    unit = _UNITS.get(str(row["unit"]), str(row["unit"]))
    supply_label = get_resource(str(row["supply_resource"])).label_en
    demand_label = get_resource(str(row["demand_resource"])).label_en
    supplier = _name(context, str(row["supplier_id"]))
    receiver = _name(context, str(row["receiver_id"]))
    use = demand["use"]
    purpose = f" for {get_use(str(use)).label_en}" if isinstance(use, str) else ""
    if row["supplier_is_outside"]:
        who = f"{supplier} could supply"
    else:
        who = f"{supplier} could pass on {supply_label} (supply {row['supply_flow_id']}), giving"
    quantity = f"{format_number(row['quantity_per_yr'])} {unit}"
    if row["supplier_is_outside"]:
        first = (
            f"{who} {quantity} of {supply_label} to {receiver}, in place of the {demand_label} it "
            f"uses{purpose} (demand {row['demand_flow_id']})"
        )
    else:
        first = (
            f"{who} {quantity} to {receiver} in place of the {demand_label} it buys{purpose} "
            f"(demand {row['demand_flow_id']})"
        )
    share = f"{format_number(100 * row['demand_share'])} % of that demand"
    if not row["supplier_is_outside"] and pd.notna(row["supply_share"]):
        share += f" and {format_number(100 * row['supply_share'])} % of the supply"
    mode = _MODE[str(row["transport_mode"])]
    sentences = [
        f"{row['opportunity_id']} is {RULE_KIND_SENTENCES[str(row['kind'])]}.",
        f"{first}: {share}.",
        f"The sites are {format_number(row['distance_km'])} km apart, {mode}.",
    ]
    if _true(row.get("existing", False)):
        sentences.append(
            f"This is today's arrangement: {supplier} already supplies {receiver} (the flows' "
            "current_partner_id). It is what the zone already does, not an opportunity, and "
            "saves nothing against today."
        )
    else:
        partner = ""
        if not row["supplier_is_outside"]:
            partner_id = context.flow_records[str(row["supply_flow_id"])]["current_partner_id"]
            partner = _name(context, str(partner_id)) if isinstance(partner_id, str) else ""
        sentences.append(_money_sentence(row, supplier, receiver, partner or "its partner"))
    co2e = float(row["co2e_avoided_t_per_yr"])
    if co2e >= 0:
        sentences.append(f"It avoids {format_number(co2e)} t CO2e a year.")
    else:
        sentences.append(f"It adds {format_number(-co2e)} t CO2e a year.")
    routes = _routes_sentence(row, context)
    if routes and not _true(row.get("existing", False)):
        sentences.append(routes)
    lead = "Why it can work" if row["feasible"] else "The rule applied"
    sentences.append(f"{lead}: “{rule.description_en}” (rule {rule.id}; source: {rule.source}).")
    passed = _passed_checks(row, context, config)
    if passed:
        sentences.append(f"Checks passed: {'; '.join(passed)}.")
    if not row["feasible"]:
        sentences.append(f"It is not feasible: {row['infeasible_reason']}.")
    if row["notes"]:
        sentences.append(f"Note: {row['notes']}.")
    if row["n_conditions"] > 0:
        sentences.append(f"Conditions and permits ({row['n_conditions']}): {row['conditions']}.")
    supply_trust = (
        "an outside source"
        if row["supplier_is_outside"]
        else f"a supply {context.flow_records[str(row['supply_flow_id'])]['provenance']}"
    )
    sentences.append(
        f"Confidence {format_number(row['confidence'])} ({supply_trust}, a demand "
        f"{demand['provenance']}); score {row['score']:.2f} of 1."
    )
    return " ".join(sentences)


def _plant(row: pd.Series) -> float:
    """The pool's plant investment (0 for a table without the column). [EUR]"""
    value = row.get("plant_investment_eur", 0.0)
    return float(value) if isinstance(value, (int, float)) and value == value else 0.0


def _plant_text(row: pd.Series) -> str:
    """What the pool's plant costs and who is left out, as the end of a sentence."""
    text = ""
    if _plant(row) > 0:
        text = f", and one plant (intake and treatment) costs {_money(_plant(row))}"
    left_out = split_ids(row.get("left_out_member_ids", "") or "")
    if left_out:
        text += (
            f"; {len(left_out)} eligible companies would lose money and are left out "
            f"({', '.join(left_out)})"
        )
    return text


def explain_pool(
    row: pd.Series, context: MatchContext, config: MatchConfig, conditions: str = ""
) -> str:
    """One pool of ``MatchResult.pools`` in words, with its ``conditions`` ('' for none)."""
    resource = get_resource(str(row["resource"]))
    unit = _UNITS.get(str(row["unit"]), str(row["unit"]))
    members = [_name(context, member) for member in split_ids(row["member_ids"])]
    quantity = f"{format_number(row['quantity_per_yr'])} {unit}"
    saving = (
        f"Apart they would pay {_money(row['cost_separate_eur_per_yr'])}/yr, together "
        f"{_money(row['cost_pooled_eur_per_yr'])}/yr ({row['scaling_rule']}): "
        f"{_money(row['saving_eur_per_yr'])}/yr saved."
    )
    flow_ids = str(row["flow_ids"]).replace(";", ", ")
    net = _money(row["net_saving_eur_per_yr"])
    co2e = format_number(row["co2e_avoided_t_per_yr"])
    where = f"The members lie within {format_number(row['spread_km'])} km of their centre."
    if row["pool_kind"] == "shared_supply":
        opportunities = split_ids(row["opportunity_ids"])
        source = _name(context, str(row["supplier_id"]))
        text = [
            f"{row['pool_id']} is a shared supply of {resource.label_en} from {source} for "
            f"{row['member_count']} companies: {', '.join(members)}.",
            f"Together they would take {quantity} (demands {flow_ids}).",
            f"One network of {format_number(row['network_length_km'])} km along the shortest tree "
            f"joining the sites and the intake "
            f"({_money(row['investment_eur'] - _plant(row))} with the connections) replaces a "
            f"separate pipe to each site{_plant_text(row)}.",
            saving,
            f"With what the members stop paying, the net saving is {net}/yr, and {co2e} t CO2e "
            "are avoided a year.",
            where,
            f"It pools the opportunities {', '.join(opportunities)}.",
        ]
    elif row["pool_kind"] == "joint_collection":
        text = [
            f"{row['pool_id']} is a joint collection of {resource.label_en} for "
            f"{row['member_count']} neighbouring companies: {', '.join(members)}.",
            f"Together they give off {quantity} (supplies {flow_ids}), "
            "which one contract could collect.",
            saving,
            where,
        ]
    else:
        text = [
            f"{row['pool_id']} is a shared contract for {resource.label_en} among "
            f"{row['member_count']} neighbouring companies: {', '.join(members)}.",
            f"Together they buy {quantity} (demands {flow_ids}).",
            saving,
            where,
        ]
    radius = format_number(config.pool_radius_km)
    text.append(
        f"Companies are pooled when a chain of sites, each within {radius} km of the next, joins "
        f"them; score {row['score']:.2f} of 1."
    )
    if row["pool_kind"] == "shared_supply":
        everyone = (
            "Every demand the source may serve is in the pool, but those of the companies left out"
            if split_ids(row.get("left_out_member_ids", "") or "")
            else "Every demand the source may serve is in the pool"
        )
        text[-1] = f"{everyone}; score {row['score']:.2f} of 1."
    assumptions = row.get("assumptions")
    if isinstance(assumptions, str) and assumptions:
        text.append(
            f"It rests on assumptions: {assumptions}; confidence "
            f"{format_number(float(row['confidence']))}."
        )
    if conditions:
        count = len(conditions.split(CONDITION_SEPARATOR))
        text.append(f"Conditions and permits ({count}): {conditions}.")
    return " ".join(text)
