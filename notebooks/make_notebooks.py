"""Write the example notebooks of this folder, with empty outputs.

The notebooks are generated so that their code is reviewed as Python and they never carry
outputs (figures, tables, paths) in the repository. Edit this file, then run::

    python notebooks/make_notebooks.py

``tests/notebooks/test_notebooks_run.py`` executes every notebook from top to bottom and checks
that the files here are what this script writes.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent


def code(source: str) -> nbformat.NotebookNode:
    """A code cell from an indented block of source."""
    return new_code_cell(textwrap.dedent(source).strip())


def text(source: str) -> nbformat.NotebookNode:
    """A markdown cell from an indented block of text."""
    return new_markdown_cell(textwrap.dedent(source).strip())


SETUP = code(
    """
    from pathlib import Path

    import matplotlib.pyplot as plt
    import pandas as pd

    from symbiosis import read_zone

    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 160)
    DATA = Path("../data/capecure_sample")  # the notebooks run from the notebooks/ folder
    zone = read_zone(DATA)
    zone.summary()
    """
)

CAPECURE = [
    text(
        """
        # The Capécure sample zone: from the data to a plan

        Capécure is the seafood-processing quarter of Boulogne-sur-Mer. Its industrial ecology
        study (2EI, Veolia, 2017–2019) found that clean seawater could replace drinking water in
        part of the processes, saving about 1 €/m³. This notebook explores the **synthetic**
        sample zone of `data/capecure_sample` (invented companies, public ratios; see its
        README): what flows where, which exchanges the matcher finds, which the optimiser keeps,
        and **how much potable water clean seawater could replace, where, and at what saving**.
        """
    ),
    SETUP,
    text(
        """
        ## 1. The zone

        Who is there, and what flows in and out of them.
        """
    ),
    code(
        """
        from symbiosis.tables import companies_table, flows_table

        companies = companies_table(zone)
        flows = flows_table(zone)
        names = dict(zip(companies["id"], companies["name"], strict=True))
        companies.groupby("archetype").size().sort_values(ascending=False)
        """
    ),
    code(
        """
        flows.pivot_table(
            index=["family", "canonical_unit"],
            columns="direction",
            values="quantity_per_yr",
            aggfunc="sum",
            fill_value=0,
        ).round()
        """
    ),
    text(
        """
        Potable water is bought for many uses. The regulation (Reg. (EC) 852/2004, Annex II
        ch. VII) lets *clean* seawater serve some of them: whole fish, ice for whole fish, floors
        and fish crates, cooling through an exchanger; never the cooling of sealed cans after the
        retort, and the chloride limit of an evaporative condenser refuses it too. The use
        catalogue says which.
        """
    ),
    code(
        """
        from symbiosis.catalogue import get_use

        is_potable_demand = flows["resource"].eq("water.potable") & flows["direction"].eq("demand")
        potable = flows[is_potable_demand]
        by_use = potable.groupby("use")["quantity_per_yr"].sum().to_frame("potable_m3_per_yr")
        by_use["seawater_allowed"] = [get_use(use).clean_seawater_allowed for use in by_use.index]
        by_use.sort_values("potable_m3_per_yr", ascending=False).round()
        """
    ),
    text(
        """
        ## 2. Matching

        Every candidate exchange, substitution, cascade, heat recovery and pool, scored.
        Rejected candidates are kept with the reason (`keep_infeasible`).
        """
    ),
    code(
        """
        from symbiosis.matching import MatchConfig, match

        result = match(zone, MatchConfig(keep_infeasible=True))
        exchanges = result.exchanges
        pd.crosstab(exchanges["kind"], exchanges["feasible"])
        """
    ),
    code(
        """
        best = exchanges[exchanges["feasible"]].head(3)
        print(result.explain(best["opportunity_id"].iloc[0]))
        """
    ),
    text(
        """
        ## 3. The seawater question

        How much potable water could clean seawater replace? A demand can have several seawater
        candidates (from the sea intake, from a neighbour): keep the best one per demand.
        """
    ),
    code(
        """
        is_sea = exchanges["supply_resource"].eq("water.sea") & exchanges["demand_resource"].eq(
            "water.potable"
        )
        sea = exchanges[is_sea & exchanges["feasible"]]
        sea = sea.sort_values("net_saving_eur_per_yr", ascending=False)
        sea = sea.drop_duplicates("demand_flow_id")
        sea = sea.assign(
            company=sea["receiver_id"].map(names),
            use=sea["demand_flow_id"].map(flows.set_index("id")["use"]),
        )
        potable_total = potable["quantity_per_yr"].sum()
        replaceable = sea["quantity_per_yr"].sum()
        share = 100 * replaceable / potable_total
        print(f"clean seawater could replace {replaceable:,.0f} m3/yr of potable water,")
        print(
            f"{share:.0f} % of the zone's {potable_total:,.0f} m3/yr, "
            f"in {sea['receiver_id'].nunique()} companies;"
        )
        saving = sea["net_saving_eur_per_yr"].sum()
        print(f"net saving if each were connected alone: {saving:,.0f} EUR/yr")
        """
    ),
    code(
        """
        by_use = sea.groupby("use")[["quantity_per_yr", "net_saving_eur_per_yr"]].sum()
        by_use.sort_values("quantity_per_yr", ascending=False).round()
        """
    ),
    text(
        """
        Where: the companies that could switch, on the map. Any object with `exchanges` and
        `pools` tables can be drawn.
        """
    ),
    code(
        """
        from types import SimpleNamespace

        from symbiosis.plotting import plot_sites

        ax = plot_sites(zone, SimpleNamespace(exchanges=sea, pools=result.pools.iloc[:0]))
        ax.set_title("Potable water demands clean seawater could serve");
        """
    ),
    text("Why not the others: the checks that rejected seawater for the remaining potable uses."),
    code(
        """
        rejected = exchanges[is_sea & ~exchanges["feasible"]]
        checks = [column for column in exchanges.columns if column.startswith("check_")]
        rejected[checks].eq(False).sum().sort_values(ascending=False)
        """
    ),
    text(
        """
        Connecting each company to the sea alone costs a pipe each; a **shared seawater main**
        (a pool) spreads one network over its members.
        """
    ),
    code(
        """
        sea_pools = result.pools[result.pools["resource"].eq("water.sea")]
        for pool_id in sea_pools["pool_id"]:
            print(result.explain(pool_id), end="\\n\\n")
        """
    ),
    text(
        """
        ## 4. The plan

        The optimiser picks a consistent set: a supply is not promised twice, a demand not
        served twice, and heat goes only downhill (a 35 °C condenser lifts water at most to
        25 °C at ΔTmin 10 K, however many condensers serve it).
        """
    ),
    code(
        """
        from symbiosis.optimization import optimize

        plan = optimize(zone, result)
        print(plan.status, f"objective {plan.objective_value:,.0f}")
        plan.indicators.round(1)
        """
    ),
    code(
        """
        selected = plan.selected
        seawater_in_plan = selected[selected["resource"].eq("water.sea")]
        seawater_in_plan[
            [
                "opportunity_id",
                "kind",
                "receiver_id",
                "quantity_per_yr",
                "net_benefit_eur_per_yr",
                "investment_eur",
            ]
        ].round()
        """
    ),
    code(
        """
        selected.groupby("kind")[["net_benefit_eur_per_yr", "investment_eur"]].sum().round()
        """
    ),
    text(
        """
        The net-benefit plan is one end of a trade-off. `net_benefit_co2e_front` solves, for
        rising floors ε of CO2e avoided, the plan of the best net benefit that avoids at least
        ε: from the plan above to the plan of the most CO2e whatever it costs. The last column
        is what each further tonne costs the zone. (The `co2e` objective alone breaks even by
        default: `min_net_benefit_eur_per_yr=0`.)
        """
    ),
    code(
        """
        from symbiosis.optimization import net_benefit_co2e_front

        front = net_benefit_co2e_front(zone, result, n_points=3)
        gained = front["co2e_avoided_t_per_yr"].diff()
        front["further_tonne_eur_per_t"] = -front["net_benefit_eur_per_yr"].diff() / gained
        front.round(1)
        """
    ),
    text("## 5. Pictures: flows, network and who holds it together"),
    code(
        """
        from symbiosis.plotting import plot_sankey

        fig, ax = plt.subplots(figsize=(10, 8))
        plot_sankey(zone, plan, ax=ax, family="water");
        """
    ),
    code(
        """
        from symbiosis.graph import exchange_graph, graph_measures
        from symbiosis.plotting import plot_network

        graph = exchange_graph(zone, plan)
        fig, ax = plt.subplots(figsize=(10, 8))
        plot_network(graph, ax=ax);
        """
    ),
    code(
        """
        measures = graph_measures(graph)
        companies_only = measures[measures["node_type"] == "company"]
        companies_only.sort_values("betweenness", ascending=False)[
            ["name", "degree", "weighted_degree_eur_per_yr", "betweenness", "articulation_point"]
        ].head(10).round(3)
        """
    ),
    text(
        """
        ## 6. Report and exports

        One HTML file for the client (and a shareable version with codes instead of names),
        the graph for Gephi or QGIS.
        """
    ),
    code(
        """
        import tempfile

        from symbiosis.graph import write_geojson, write_graphml
        from symbiosis.reporting import report

        out = Path(tempfile.mkdtemp())
        written = [
            report(zone, result, plan, out / "capecure_report.html", front=front),
            report(zone, result, plan, out / "capecure_shared.html", share=True),
            write_graphml(graph, out / "capecure.graphml"),
            write_geojson(exchange_graph(zone, plan, share=True), out / "capecure.geojson"),
        ]
        [(path.name, path.stat().st_size) for path in written]
        """
    ),
]

HEAT = [
    text(
        """
        # Heat recovery between the companies of Capécure

        Before any pipe is drawn, pinch analysis says how much heat the zone could recover: the
        problem table gives the least hot and cold utility of all heat streams taken together,
        the composite curves show where heat can flow, and the hot utility each company needs
        alone minus the zone's is what companies could gain from one another.
        """
    ),
    SETUP,
    text(
        """
        ## 1. The heat streams

        Heat and cold flows with a supply and a target temperature become streams (CP in kW/K,
        rates while running). Flows that do not state their operating hours are taken to run
        4,000 h/yr (two shifts, five days a week): an assumption, stated here.
        """
    ),
    code(
        """
        from symbiosis.targeting.zone import (
            zone_heat_recovery_potential,
            zone_heat_streams,
            zone_heat_target,
        )

        HOURS = 4000.0  # h/yr, for flows without operating hours (assumed)
        DT_MIN = 10.0  # K
        streams = zone_heat_streams(zone, operating_hours_per_yr=HOURS)
        is_hot = streams["supply_temperature_c"] > streams["target_temperature_c"]
        streams["kind"] = is_hot.map({True: "hot", False: "cold"})
        streams.groupby("kind").size()
        """
    ),
    text("## 2. Targets for the zone as a whole"),
    code(
        """
        target = zone_heat_target(zone, dt_min_k=DT_MIN, operating_hours_per_yr=HOURS)
        print(f"minimum hot utility  {target.hot_utility_kw:,.0f} kW")
        print(f"minimum cold utility {target.cold_utility_kw:,.0f} kW")
        print(f"pinch at {target.pinch_hot_c} °C (hot side), {target.pinch_cold_c} °C (cold side)")
        """
    ),
    code(
        """
        from symbiosis.plotting import plot_composite_curves, plot_grand_composite_curve

        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
        plot_composite_curves(target, ax=left)
        plot_grand_composite_curve(target, ax=right);
        """
    ),
    text(
        """
        ## 3. What the companies gain together

        Each company alone needs some hot utility; together they need less. The difference is
        the inter-company recovery potential, and the pairs say between whom it lies. It is an
        upper bound: each company first recovers its own heat, and between companies heat
        travels through a loop whose temperatures limit what it can carry.
        """
    ),
    code(
        """
        potential = zone_heat_recovery_potential(zone, DT_MIN, operating_hours_per_yr=HOURS)
        print(
            f"stand-alone hot utility {potential.stand_alone_hot_utility_kw:,.0f} kW, "
            f"together {potential.joint_hot_utility_kw:,.0f} kW:"
        )
        print(
            f"{potential.potential_kw:,.0f} kW recoverable between companies, "
            f"{potential.potential_kw * HOURS / 1000:,.0f} MWh/yr at {HOURS:,.0f} h/yr"
        )
        print(
            f"on site first: {potential.on_site_recovery_kw:,.0f} kW within the companies; "
            f"through a {potential.loop_supply_temperature_c:g} → "
            f"{potential.loop_return_temperature_c:g} °C loop: "
            f"{potential.loop_recovery_kw:,.0f} kW between them"
        )
        """
    ),
    code(
        """
        from symbiosis.tables import companies_table

        names = companies_table(zone).set_index("id")["name"]
        pairs = potential.per_pair.head(10).copy()
        pairs["company_a"] = pairs["company_a_id"].map(names)
        pairs["company_b"] = pairs["company_b_id"].map(names)
        pairs[["company_a", "company_b", "potential_kw"]].round(1)
        """
    ),
    text(
        """
        ## 4. What the matcher and the plan make of it

        The target is an upper bound: it ignores distance, timing and cost. The matcher's
        heat-recovery candidates pair one warm stream with one cold demand, with a pipe and its
        cost; the plan keeps those that pay.
        """
    ),
    code(
        """
        from symbiosis.matching import match
        from symbiosis.optimization import optimize

        result = match(zone)
        plan = optimize(zone, result)
        heat = result.exchanges[result.exchanges["kind"] == "heat_recovery"]
        chosen = plan.selected[plan.selected["kind"] == "heat_recovery"]
        pd.Series(
            {
                "inter-company potential (pinch) [MWh/yr]": potential.potential_kw * HOURS / 1000,
                "feasible heat candidates": len(heat),
                "heat recovery exchanges in the plan": len(chosen),
                "heat recovered by the plan [MWh/yr]": plan.indicators["heat_recovered_mwh_per_yr"],
            }
        ).round(1)
        """
    ),
    text(
        """
        ## 5. Heat pumps, and a shared seawater heat-pump network

        Most waste heat in the zone is condenser water at 35 °C, useful only when lifted. With
        `MatchConfig(heat_pumps=True)` the matcher adds heat pumps (kind `heat_pump`): COP =
        η × T_hot / (T_hot − T_cold) in kelvin, the electricity priced and its CO2e counted.
        The plan does not choose them yet.
        """
    ),
    code(
        """
        from symbiosis.matching import MatchConfig

        with_pumps = match(zone, MatchConfig(heat_pumps=True))
        pumps = with_pumps.exchanges[with_pumps.exchanges["kind"] == "heat_pump"]
        print(with_pumps.explain(pumps["opportunity_id"].iloc[0]))
        pumps[
            [
                "opportunity_id",
                "cop",
                "quantity_per_yr",
                "electricity_mwh_per_yr",
                "investment_eur",
                "net_saving_eur_per_yr",
            ]
        ].head(8).round(2)
        """
    ),
    text(
        """
        The Capécure study carried forward a seawater network ("thalassothermie", about 25 M€
        for some 20 companies): chillers cooled by a seawater loop instead of the air, and heat
        pumps on the loop. `seawater_heat_pump_network` evaluates it on the zone; the study's
        figures are parameters of the sample's `zone.yaml`, with their source.
        """
    ),
    code(
        """
        from symbiosis import seawater_heat_pump_network

        network = seawater_heat_pump_network(zone)
        study = zone.parameter("seawater_network_study_investment_eur").value
        members = zone.parameter("seawater_network_study_members").value
        print(network.explain())
        print(
            f"study: {study / 1e6:,.0f} M EUR for {members:,.0f} companies; here "
            f"{network.totals['investment_eur'] / 1e6:,.1f} M EUR for "
            f"{network.totals['members']:,.0f} companies, without the intake"
        )
        network.totals.round(1)
        """
    ),
    code(
        """
        network.members.sort_values("saving_eur_per_yr", ascending=False).head(10).round(1)
        """
    ),
    code(
        """
        cold_only = seawater_heat_pump_network(zone, services=("cold",))
        pd.DataFrame({"cold and heat": network.totals, "cold only": cold_only.totals}).round(1)
        """
    ),
]

WHAT_IF = [
    text(
        """
        # What if water cost more, or pipes less?

        The plan depends on prices. Here the price of potable water and the cost of laying a
        water pipe vary, and for each pair the zone is matched and optimised again. Two ways to
        change an assumption are shown: a new zone with other prices on its flows
        (`model_copy`), and a `MatchConfig` override of a parameter.
        """
    ),
    SETUP,
    code(
        """
        from symbiosis.matching import MatchConfig, match
        from symbiosis.optimization import optimize

        print("water pipe cost today:", zone.parameter("water_pipe_cost_eur_per_m"))


        def with_water_price(zone, price_eur_per_m3):
            \"\"\"The zone with every potable-water demand paying this price. [EUR/m3]\"\"\"
            flows = tuple(
                flow.model_copy(update={"cost_eur_per_unit": price_eur_per_m3})
                if flow.resource == "water.potable" and flow.direction == "demand"
                else flow
                for flow in zone.flows
            )
            return zone.model_copy(update={"flows": flows})
        """
    ),
    code(
        """
        WATER_PRICES = [1.5, 2.38, 3.5, 5.0]  # EUR/m3; 2.38 is the Hauts-de-France price
        PIPE_COSTS = [150.0, 400.0, 1000.0]  # EUR/m; 400 is the package default
        FIGURES = [
            "potable_water_substituted_m3_per_yr",
            "net_saving_eur_per_yr",
            "investment_eur",
            "simple_payback_yr",
        ]
        rows = []
        for price in WATER_PRICES:
            priced = with_water_price(zone, price)
            for pipe in PIPE_COSTS:
                overrides = {
                    "water_pipe_cost_eur_per_m": pipe,
                    "water.potable.price_eur_per_unit": price,
                }
                config = MatchConfig(overrides=overrides)
                plan = optimize(priced, match(priced, config))
                seawater = plan.selected["resource"].eq("water.sea")
                rows.append(
                    {
                        "water_price_eur_per_m3": price,
                        "pipe_cost_eur_per_m": pipe,
                        **plan.indicators[FIGURES].to_dict(),
                        "seawater_opportunities": int(seawater.sum()),
                    }
                )
        what_if = pd.DataFrame(rows)
        what_if.round(1)
        """
    ),
    text("Potable water replaced [m³/yr], by water price (rows) and pipe cost (columns):"),
    code(
        """
        what_if.pivot_table(
            index="water_price_eur_per_m3",
            columns="pipe_cost_eur_per_m",
            values="potable_water_substituted_m3_per_yr",
        ).round(-2)
        """
    ),
    code(
        """
        fig, (left, right) = plt.subplots(1, 2, figsize=(13, 4.5))
        for pipe, group in what_if.groupby("pipe_cost_eur_per_m"):
            label = f"pipe {pipe:,.0f} EUR/m"
            left.plot(
                group["water_price_eur_per_m3"],
                group["potable_water_substituted_m3_per_yr"],
                marker="o",
                label=label,
            )
            right.plot(
                group["water_price_eur_per_m3"],
                group["net_saving_eur_per_yr"],
                marker="o",
                label=label,
            )
        left.set(xlabel="potable water price [EUR/m3]", ylabel="potable water replaced [m3/yr]")
        right.set(xlabel="potable water price [EUR/m3]", ylabel="net saving [EUR/yr]")
        left.legend();
        """
    ),
    text(
        """
        Reading: dearer water makes more substitutions pay; dearer pipes remove the far or small
        ones first. Where a line is flat, the plan does not hinge on that price.
        """
    ),
]

DRAFT = [
    text(
        """
        # A draft zone from public registers, before the first interview

        France publishes, per industrial site, declared water withdrawals (seawater included),
        discharges and waste with their treatment route (**IREP**), the classified installations
        with their capacities (**ICPE**, Géorisques), every establishment with its activity code,
        staff band and position (**SIRENE** and its geolocation), and abstractions per work
        (**BNPE**). `symbiosis.sources` reads the files a consultant downloads (the library never
        fetches anything) and drafts a zone: companies joined by SIRET and ICPE code AIOT, the
        declared numbers as flows with their source, year and confidence, and a table of what
        could not be joined.

        This notebook uses the **synthetic** files of `tests/sources/fixtures` (invented names and
        numbers, real headers and quirks: `;`, BOM, decimal commas, `< seuil`, leading zeros,
        two projections). With real files, give the paths of the downloads instead.
        """
    ),
    code(
        """
        from pathlib import Path

        import pandas as pd

        from symbiosis import match, read_zone, report
        from symbiosis.sources import (
            draft_zone,
            merge_interviews,
            read_bnpe,
            read_icpe,
            read_irep,
            read_sirene,
        )

        pd.set_option("display.max_columns", 30)
        pd.set_option("display.width", 160)
        FIXTURES = Path("../tests/sources/fixtures")  # the notebooks run from notebooks/
        """
    ),
    text(
        """
        ## 1. The registers

        **IREP**: give the yearly ZIP as downloaded (`2024.zip`) or the folder it unpacks to.
        A quantity written `< seuil` (below the reporting threshold) is kept as such, never as
        a number; an exact duplicate row is set aside with the row it repeats.
        """
    ),
    code(
        """
        irep = read_irep(FIXTURES / "irep" / "2024")
        water_columns = ["aiot", "column", "direction", "resource", "quantity_m3_per_yr"]
        irep.water[[*water_columns, "below_threshold"]]
        """
    ),
    code(
        """
        waste_columns = ["aiot", "ewc_code", "operation", "route", "quantity_t_per_yr"]
        irep.waste[[*waste_columns, "below_threshold"]]
        """
    ),
    code(
        """
        irep.set_aside
        """
    ),
    text(
        """
        **ICPE**: the JSON of the Géorisques API. Headings (rubriques) carry capacities: 2921
        evaporative cooling towers (kW), 2221 animal-origin food (kg/day), 4735 ammonia.
        """
    ),
    code(
        """
        icpe = read_icpe(FIXTURES / "icpe" / "installations_classees.json")
        icpe.headings
        """
    ),
    text(
        """
        **SIRENE**: the national stock has some 44 million rows. It is streamed in chunks and
        filtered while read (département, activity codes on either NAF column, state `A`);
        the geolocation file is streamed the same way, converting Lambert 93 per row.
        """
    ),
    code(
        """
        sirene = read_sirene(
            FIXTURES / "sirene" / "StockEtablissement_extrait.csv",
            FIXTURES / "sirene" / "GeolocalisationEtablissement_extrait.csv",
            departements=["62"],
            activities=["10", "37", "46.38", "52.10"],
        )
        print(f"{sirene.rows_read} rows read, {len(sirene.establishments)} kept")
        sirene.establishments[["siret", "name", "nace", "staff_band", "longitude", "latitude"]]
        """
    ),
    code(
        """
        bnpe = read_bnpe(FIXTURES / "bnpe" / "export_bnpe.csv")
        registers = [irep, icpe, sirene, bnpe]
        """
    ),
    text(
        """
        ## 2. The draft zone

        The area can be a département (`"62"`), communes (`["62160"]`), a box
        `(west, south, east, north)` or a polygon of (longitude, latitude) points.
        """
    ),
    code(
        """
        draft = draft_zone("62", registers, name="Capécure draft")
        print(draft.summary())
        pd.DataFrame(
            [(c.id, c.name, c.sector_nace, c.source) for c in draft.zone.companies],
            columns=["id", "name", "nace", "source"],
        )
        """
    ),
    text(
        """
        Every flow says where its number comes from: `provenance` `measured` is a declaration,
        `source` the register and its file, `source_year` the declaration year. A disposal code
        (D) is today's route `disposal`: a lead for recovery.
        """
    ),
    code(
        """
        flow_columns = ["id", "direction", "resource", "quantity", "unit", "current_route"]
        flow_columns += ["provenance", "source", "source_year"]
        flows = [flow.model_dump(include=set(flow_columns)) for flow in draft.zone.flows]
        pd.DataFrame(flows)[flow_columns]
        """
    ),
    text(
        """
        Nothing is dropped silently: what the registers hold but the zone does not is listed
        with its reason (below the threshold, a waste code the catalogue lacks, a BNPE work with
        no operator, with the nearest company to check).
        """
    ),
    code(
        """
        draft.not_joined[["source", "file", "row", "key", "reason"]]
        """
    ),
    code(
        """
        draft.capacities  # cooling towers (2921) are heat sources to look at
        """
    ),
    text(
        """
        A company that declares nothing can still be sized from its ICPE capacities: the
        ratios are data (`catalogue/ratios.yaml`, each with its source and year), an estimate
        is a range whose middle becomes a flow with `provenance` `estimated`. The backtest
        predicts what declaring establishments should declare, and shows how far off it is.
        """
    ),
    code(
        """
        from symbiosis.sources import backtest_ratios, estimate_flows

        draft = estimate_flows(draft)
        draft.estimates[["flow_id", "resource", "low_per_yr", "high_per_yr", "canonical_unit"]]
        """
    ),
    code(
        """
        lines, by_activity = backtest_ratios(irep, icpe)
        by_activity  # error = (predicted - declared) / declared
        """
    ),
    text(
        """
        Leads before the first interview, ranked within each kind, each saying whether its
        number is declared or estimated: waste going to disposal (and who nearby could take
        it), drinking water bought near a seawater intake, cooling towers near heat demands.
        """
    ),
    code(
        """
        from symbiosis.sources import draft_leads

        leads = draft_leads(draft)
        lead_columns = ["rank", "kind", "company_name", "quantity_per_yr", "unit", "numbers"]
        leads[[*lead_columns, "partner_name", "distance_km"]]
        """
    ),
    text(
        """
        ## 3. After the interviews

        The consultant's own zone (here two invented interviews) names each company's SIRET;
        its flows replace the draft's flow by flow (same company, direction and resource), and
        every flow keeps its provenance.
        """
    ),
    code(
        """
        interviews = read_zone(FIXTURES / "interviews")
        merged = merge_interviews(draft, interviews)
        change_columns = ["company_id", "direction", "resource", "action"]
        merged.changes[[*change_columns, "draft_quantity_per_yr", "interview_quantity_per_yr"]]
        """
    ),
    code(
        """
        result = match(merged.zone)
        print(result.explain(result.exchanges["opportunity_id"].iloc[0]))
        """
    ),
    code(
        """
        import tempfile

        path = report(merged.zone, result, None, Path(tempfile.mkdtemp()) / "draft.html")
        path.name
        """
    ),
]

NOTEBOOKS = {
    "01_capecure_zone.ipynb": CAPECURE,
    "02_heat_recovery.ipynb": HEAT,
    "03_what_if.ipynb": WHAT_IF,
    "04_draft_from_registers.ipynb": DRAFT,
}


def build(name: str) -> nbformat.NotebookNode:
    """The notebook ``name``, validated, with no outputs and stable cell ids."""
    notebook = new_notebook(
        cells=[nbformat.from_dict(cell) for cell in NOTEBOOKS[name]],
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"},
        },
    )
    # Stable cell ids, so that regenerating an unchanged notebook changes nothing.
    for number, cell in enumerate(notebook.cells, start=1):
        cell["id"] = f"cell-{number:02d}"
    nbformat.validate(notebook)
    return notebook


def main() -> None:
    """Write the notebooks beside this script."""
    for name in NOTEBOOKS:
        nbformat.write(build(name), HERE / name)


if __name__ == "__main__":
    main()
