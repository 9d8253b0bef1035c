"""The HTML report: one self-contained file a company director can open offline.

Sections: the headline figures of the plan; a map of the sites with the exchanges; a flow
diagram per resource family; the exchange network and the companies that hold it together; the
plan, the feasible opportunities that pay, what the zone already does (today's trade) and every
pool, each with its explanation; a shared seawater heat-pump network for the zone's heat and cold
(:mod:`~symbiosis.reporting.seawater`); the assumptions with their sources; what was left out
and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from symbiosis._version import __version__
from symbiosis.display import escape, format_value, html_table
from symbiosis.errors import SymbiosisError
from symbiosis.graph import ShareMap, exchange_graph, graph_measures
from symbiosis.graph.layout import FAMILY_COLOURS, NODE_COLOURS, network_nodes, sankey_panels
from symbiosis.io.atomic import write_atomically
from symbiosis.io.spreadsheet import utf8_bytes
from symbiosis.matching.result import one_row_per_opportunity
from symbiosis.plan_indicators import INDICATOR_LABELS, INDICATOR_UNITS, indicators
from symbiosis.reporting.appendix import assumptions_html, excluded_html, feasible_rows
from symbiosis.reporting.html import page
from symbiosis.reporting.seawater import seawater_network_html
from symbiosis.reporting.svg import map_svg, network_svg, sankey_svg
from symbiosis.schemas import Zone
from symbiosis.tables import split_ids

__all__ = ["front_html", "report", "report_html"]

_ROW_LIMIT = 200  # longer tables go to the workbook
_EXCHANGE_COLUMNS = {
    "opportunity_id": "Opportunity",
    "kind": "Kind",
    "supplier_name": "From",
    "receiver_name": "To",
    "resource_text": "Resource",
    "quantity_per_yr": "Quantity per year",
    "unit": "Unit",
    "distance_km": "Distance [km]",
    "net_saving_eur_per_yr": "Net saving [EUR/yr]",
    "net_benefit_eur_per_yr": "Net benefit [EUR/yr]",
    "co2e_avoided_t_per_yr": "CO2e avoided [t/yr]",
    "investment_eur": "Investment [EUR]",
    "n_conditions": "Permits",
    "score": "Score",
    "alternatives": "Alternatives",
}


def report(
    zone: Zone,
    result: Any,
    plan: Any,
    path: str | Path,
    *,
    share: bool = False,
    title: str | None = None,
    front: pd.DataFrame | None = None,
) -> Path:
    """Write the HTML report of a zone, its match result and its plan.

    The file holds everything (inline SVG and style, no script, no link to fetch), so it opens
    offline and can be sent by e-mail. It is written atomically: built in memory, written to a
    temporary file beside ``path`` and renamed, so a failure leaves any previous report as it was.

    Parameters
    ----------
    zone : Zone
        The zone.
    result : MatchResult
        From ``match``; its rejected candidates (``keep_infeasible``) feed the section on what
        was left out.
    plan : Plan or None
        From ``optimize``; None reports the feasible candidates of ``result`` instead.
    path : str or Path
        The ``.html`` file to write.
    share : bool
        Shareable version (:class:`~symbiosis.graph.ShareMap`): company names and ids replaced
        by codes in every table and text (the title, the zone's name and description, outside
        parties, the parameters' sources), no confidential flow, confidential sites placed to
        0.01° and their sector to the NACE division, and the indicators recomputed without the
        exchanges that were left out.
    title : str, optional
        Title of the report; by default the zone's name.
    front : pandas.DataFrame, optional
        The trade-off between net benefit and CO2e avoided
        (:func:`symbiosis.optimization.net_benefit_co2e_front`), shown with what each further
        tonne costs; left out when None (it takes several solves, so the caller makes it).

    Returns
    -------
    Path
        ``path``.
    """
    text = report_html(zone, result, plan, share=share, title=title, front=front)
    return write_atomically(Path(path), utf8_bytes(text))


def report_html(
    zone: Zone,
    result: Any,
    plan: Any,
    *,
    share: bool = False,
    title: str | None = None,
    front: pd.DataFrame | None = None,
) -> str:
    """The text of the report written by :func:`report`."""
    share_map = ShareMap(zone) if share else None
    shown_zone = share_map.zone() if share_map else zone

    def shown(table: pd.DataFrame) -> pd.DataFrame:
        return share_map.table(table) if share_map else table.reset_index(drop=True)

    def explain(opportunity_id: str) -> str:
        try:
            text = str(result.explain(opportunity_id))
        except (SymbiosisError, LookupError):
            return "No explanation available."
        return share_map.text(text) if share_map else text

    graph = exchange_graph(zone, plan if plan is not None else result, share=share)
    measures = graph_measures(graph)
    names = {node: str(data.get("name", node)) for node, data in graph.nodes(data=True)}
    exchanges = _named(shown(result.exchanges), names)
    selected = _named(shown(plan.selected), names) if plan is not None else None
    figures = None
    if selected is not None:
        # Shared figures count only the exchanges the shared report shows.
        figures = indicators(shown_zone, selected) if share_map else plan.indicators
    lead = f'<p class="lead">{escape(shown_zone.summary())}</p>'
    if shown_zone.description:
        lead += f"<p>{escape(shown_zone.description)}</p>"
    if share_map:
        lead += (
            '<p class="share">Shareable version: companies appear as codes, and flows marked '
            "confidential, with every exchange or pool that involves them, are left out.</p>"
        )
    sections = [
        ("summary", "Summary", _summary(figures, plan)),
        ("map", "Map of the sites", _map(graph)),
        ("flows", "Flows between companies", _flows(graph)),
        ("network", "The exchange network", _network(graph, measures)),
    ]
    if selected is not None:
        chosen = {
            str(row.opportunity_id): plan_row_sentence(row._asdict())
            for row in selected.itertuples(index=False)
        }

        def explain_choice(opportunity_id: str) -> str:
            return f"{chosen[opportunity_id]} {explain(opportunity_id)}"

        sections.append(("plan", "The plan", _opportunity_table(selected, explain_choice)))
    if front is not None:
        sections.append(("front", "Net benefit against CO2e avoided", front_html(front)))
    feasible = exchanges.loc[feasible_rows(exchanges)]
    existing = feasible["existing"].astype(bool) if "existing" in feasible else False
    # One row per demand (or supply to place): its best source, the others under it.
    paying = one_row_per_opportunity(feasible)
    saving_of = dict(
        zip(
            feasible["opportunity_id"].astype(str),
            feasible["net_saving_eur_per_yr"].astype(float),
            strict=True,
        )
    )

    def explain_best(opportunity_id: str) -> str:
        text = explain(opportunity_id)
        row = paying.loc[paying["opportunity_id"].astype(str) == opportunity_id].iloc[0]
        others = split_ids(row["alternative_ids"])
        if not others:
            return text
        listed = ", ".join(f"{other} ({_money(saving_of[other])}/yr)" for other in others)
        return f"{text} Other sources that pay for the same need, in rank order: {listed}."

    sections.append(
        ("opportunities", "Opportunities that pay", _opportunity_table(paying, explain_best))
    )
    if isinstance(existing, pd.Series) and existing.any():
        sections.append(
            (
                "today",
                "What the zone already does",
                _opportunity_table(feasible.loc[existing], explain),
            )
        )
    sections.append(("pools", "Pooling", _pools(_named(shown(result.pools), names), explain)))
    seawater = seawater_network_html(shown_zone, getattr(result, "config", None))
    if seawater:
        sections.append(("seawater", "A shared seawater heat-pump network", seawater))
    sections += [
        ("assumptions", "Assumptions and sources", assumptions_html(shown_zone, result)),
        ("excluded", "What was left out, and why", excluded_html(exchanges, selected)),
    ]
    footer = (
        f"Written by symbiosis {escape(__version__)}. Figures are estimates from the data "
        "collected; check them with the companies before any investment."
    )
    if title and share_map:
        title = share_map.text(title)  # a title given by hand may name a company too
    title = title or f"Industrial symbiosis in {shown_zone.name}"
    return page(title, sections, lead=lead, footer=footer)


def _named(table: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Add readable ``supplier_name``, ``receiver_name`` (or members) and ``resource_text``."""
    table = table.copy()

    def name_of(cell: object) -> str:
        return ", ".join(names.get(part, part) for part in split_ids(cell))

    for column, target in (
        ("supplier_id", "supplier_name"),
        ("receiver_id", "receiver_name"),
        ("member_ids", "member_names"),
    ):
        if column in table.columns:
            table[target] = table[column].map(name_of)
    if "supply_resource" in table.columns and "demand_resource" in table.columns:
        table["resource_text"] = [
            supply if supply == demand else f"{supply} for {demand}"
            for supply, demand in zip(
                table["supply_resource"], table["demand_resource"], strict=True
            )
        ]
    elif "resource" in table.columns:
        table["resource_text"] = table["resource"]
    return table


def _summary(figures: pd.Series | None, plan: Any) -> str:
    if figures is None:
        return '<p class="note">No plan was optimised; the sections below list candidates.</p>'
    cards = []
    for name, value in figures.items():
        unit = INDICATOR_UNITS.get(str(name), "")
        label = INDICATOR_LABELS.get(str(name), str(name).replace("_", " "))
        cards.append(
            f'<div class="card"><div class="value">{escape(format_value(value))}</div>'
            f'<div class="unit">{escape(unit)}</div><div class="label">{escape(label)}</div></div>'
        )
    status = (
        "Plan chosen by mixed-integer optimisation: objective "
        f"{escape(getattr(plan, 'objective', ''))}"
        f" = {escape(format_value(getattr(plan, 'objective_value', None)))}, solver status "
        f"{escape(getattr(plan, 'status', ''))}, relative gap "
        f"{escape(format_value(getattr(plan, 'mip_gap', None)))}, solved in "
        f"{escape(format_value(getattr(plan, 'solve_time_s', None)))} s."
    )
    warnings = "".join(
        f'<p class="warning">Warning: {escape(text)}</p>' for text in getattr(plan, "warnings", ())
    )
    return f'<div class="cards">{"".join(cards)}</div><p class="note">{status}</p>{warnings}'


def _legend(graph: nx.MultiDiGraph) -> str:
    families = sorted({data["family"] for _, _, data in graph.edges(data=True) if "family" in data})
    items = [
        f'<span><i class="swatch" style="background:{FAMILY_COLOURS.get(f, "#999999")}"></i>'
        f"{escape(f)}</span>"
        for f in families
    ]
    items += [
        f'<span><i class="swatch" style="background:{colour}"></i>{escape(kind)}</span>'
        for kind, colour in (
            ("company", NODE_COLOURS["company"]),
            ("outside party (square)", NODE_COLOURS["outside"]),
            ("pool (diamond, dashed links)", NODE_COLOURS["pool"]),
        )
    ]
    return f'<p class="legend">{"".join(items)}</p>'


def _map(graph: nx.MultiDiGraph) -> str:
    unplaced = sorted(
        str(data.get("name", node))
        for node, data in graph.nodes(data=True)
        if "latitude" not in data and graph.degree(node) > 0
    )
    caption = "Arrows go from supplier to receiver; their width grows with the quantity."
    if unplaced:
        caption += " Not on the map (no position): " + ", ".join(unplaced) + "."
    return f"<figure>{map_svg(graph)}<figcaption>{escape(caption)}</figcaption></figure>" + _legend(
        graph
    )


def _flows(graph: nx.MultiDiGraph) -> str:
    panels = sankey_panels(graph)
    if not panels:
        return '<p class="note">No exchange with a quantity.</p>'
    intro = (
        '<p class="note">One diagram per family, since quantities of different families do not '
        "add up: suppliers on the left, receivers on the right, band width proportional to the "
        "quantity per year.</p>"
    )
    return intro + "".join(f"<figure>{sankey_svg(panel)}</figure>" for panel in panels)


def _network(graph: nx.MultiDiGraph, measures: pd.DataFrame) -> str:
    holders = (
        set(measures.loc[measures["articulation_point"], "node_id"]) if len(measures) else set()
    )
    isolated = sum(
        1
        for node, data in graph.nodes(data=True)
        if data.get("node_type") == "company" and graph.degree(node) == 0
    )
    text = (
        "Nodes circled in orange hold the network together: without them, a group of "
        "companies falls apart (articulation points of the company network)."
    )
    if isolated:
        text += f" {isolated} companies take part in no exchange and are not drawn."
    linked = sum(1 for node in graph.nodes if graph.degree(node) > 0)
    shown = len(network_nodes(graph))
    if shown < linked:
        text += (
            f" Only the {shown:,} most connected of the {linked:,} linked nodes are shown "
            "(largest net saving through them), with the links between them."
        )
    key = measures.loc[measures["node_type"].isin(["company", "pool"]) & (measures["degree"] > 0)]
    key = key.sort_values(["betweenness", "node_id"], ascending=[False, True])
    columns = {
        "name": "Company or pool",
        "degree": "Exchanges",
        "weighted_degree_eur_per_yr": "Net saving through it [EUR/yr]",
        "betweenness": "Betweenness",
        "articulation_point": "Holds the network together",
        "group_id": "Group",
    }
    columns.update(  # only the families some company actually receives from a neighbour
        {
            column: f"Share of {column.rsplit('_', 1)[-1]} inputs from neighbours"
            for column in measures.columns
            if column.startswith("input_covered_share_") and (measures[column] > 0).any()
        }
    )
    sources = measures.attrs.get("betweenness_sources", 0)
    estimate = (
        ""
        if measures.attrs.get("betweenness_exact", True)
        else (
            f'<p class="note">Betweenness is estimated: the network has too many nodes to '
            f"compute it exactly, so it counts the shortest paths from {sources:,} source nodes "
            "drawn at random (with a fixed seed, so the same plan gives the same figures).</p>"
        )
    )
    return (
        f"<figure>{network_svg(graph, holders)}<figcaption>{escape(text)}</figcaption></figure>"
        + _legend(graph)
        + "<h3>Who holds the network together</h3>"
        + estimate
        + html_table(key, columns, limit=_ROW_LIMIT)
    )


_FRONT_COLUMNS = {
    "co2e_floor_t_per_yr": "At least [tCO2e/yr]",
    "co2e_avoided_t_per_yr": "CO2e avoided [t/yr]",
    "net_benefit_eur_per_yr": "Net benefit [EUR/yr]",
    "investment_eur": "Investment [EUR]",
    "simple_payback_yr": "Payback [yr]",
    "further_tonne_eur_per_t": "Each further tonne [EUR/t]",
    "chosen": "Actions",
}


def _money(value: float) -> str:
    return f"€{format_value(value)}" if value >= 0 else f"−€{format_value(-value)}"


def front_html(front: pd.DataFrame) -> str:
    """The ε-constraint front as a table, with what each further tonne of CO2e costs.

    The cost of a further tonne between two points is the net benefit given up over the CO2e
    gained, ``(B_(k−1) − B_k) / (C_k − C_(k−1))`` [EUR/t]; blank for the first point.

    Examples
    --------
    >>> table = pd.DataFrame({"co2e_floor_t_per_yr": [10.0, 20.0],
    ...     "co2e_avoided_t_per_yr": [10.0, 20.0], "net_benefit_eur_per_yr": [5000.0, 3000.0],
    ...     "investment_eur": [0.0, 1000.0], "simple_payback_yr": [0.0, 0.25], "chosen": [1, 2],
    ...     "status": ["optimal", "optimal"]})
    >>> '<td class="num">200</td>' in front_html(table)  # (5,000 − 3,000) / (20 − 10)
    True
    """
    if front.empty:
        return '<p class="note">No point.</p>'
    table = front.copy()
    gained = table["co2e_avoided_t_per_yr"].diff()
    given_up = -table["net_benefit_eur_per_yr"].diff()
    table["further_tonne_eur_per_t"] = (given_up / gained).where(gained > 0)
    note = (
        '<p class="note">Each row is the plan of the best net benefit that avoids at least the '
        "CO2e of its first column (ε-constraint method): from the plan of the best net benefit "
        "to the plan of the most CO2e whatever it costs. Read down the last columns what each "
        "further tonne costs the zone.</p>"
    )
    return note + html_table(table, _FRONT_COLUMNS)


def plan_row_sentence(row: dict[str, Any]) -> str:
    """What the plan chose of an opportunity, before the opportunity's own explanation.

    The explanation describes the whole candidate; the plan may take part of it.

    Examples
    --------
    >>> plan_row_sentence({"quantity_per_yr": 368.0, "candidate_quantity_per_yr": 450.0,
    ...     "unit": "t/yr", "net_benefit_eur_per_yr": 18334.0, "investment_eur": 0.0,
    ...     "simple_payback_yr": 0.0})
    'The plan takes 368 t/yr of the 450 t/yr below, for a net benefit of €18,334/yr.'
    """
    chosen = float(row["quantity_per_yr"])
    possible = float(row["candidate_quantity_per_yr"])
    unit = str(row["unit"])
    share = (
        f"all {format_value(possible)} {unit}"
        if chosen >= possible * (1 - 1e-9)
        else f"{format_value(chosen)} {unit} of the {format_value(possible)} {unit} below"
    )
    net = float(row["net_benefit_eur_per_yr"])
    money = f"€{format_value(net)}" if net >= 0 else f"−€{format_value(-net)}"
    sentence = f"The plan takes {share}, for a net benefit of {money}/yr"
    investment = float(row.get("investment_eur", 0.0) or 0.0)
    payback = float(row.get("simple_payback_yr", 0.0) or 0.0)
    if investment > 0:
        repaid = (
            f"repaid in {format_value(payback)} years" if payback < float("inf") else "never repaid"
        )
        sentence += f" (€{format_value(investment)} invested, {repaid})"
    return sentence + "."


def _opportunity_table(table: pd.DataFrame, explain: Any) -> str:
    if table.empty:
        return '<p class="note">None.</p>'
    shown = table.head(_ROW_LIMIT)
    details = [explain(str(opportunity_id)) for opportunity_id in shown["opportunity_id"]]
    return html_table(table, _EXCHANGE_COLUMNS, details=details, limit=_ROW_LIMIT)


def _pools(pools: pd.DataFrame, explain: Any) -> str:
    if pools.empty:
        return '<p class="note">No pooling opportunity.</p>'
    shown = pools.head(_ROW_LIMIT)
    details = [explain(str(pool_id)) for pool_id in shown["pool_id"]]
    columns = {
        "pool_id": "Pool",
        "pool_kind": "Kind",
        "resource": "Resource",
        "member_names": "Members",
        "quantity_per_yr": "Quantity per year",
        "unit": "Unit",
        "spread_km": "Spread [km]",
        "cost_separate_eur_per_yr": "Cost apart [EUR/yr]",
        "cost_pooled_eur_per_yr": "Cost pooled [EUR/yr]",
        "saving_eur_per_yr": "Saving [EUR/yr]",
        "confidence": "Confidence",
        "investment_eur": "Investment [EUR]",
        "scaling_rule": "Economy of scale",
    }
    return html_table(pools, columns, details=details, limit=_ROW_LIMIT)
