"""Pinch targets of a zone: its flows turned into the sinks, sources and streams of targeting.

:func:`zone_water_target` and :func:`zone_heat_target` say how far the zone could go before any
pipe is drawn; :func:`zone_heat_recovery_potential` how much of it lies between companies.

Conversions (stated here once):

* annual quantities become rates while running: a flow's annual quantity divided by its
  ``operating_hours_per_yr``, or by the ``operating_hours_per_yr`` argument for flows that do
  not state theirs (nothing is assumed when neither is given). The targets treat every flow as
  running at the same time, at its average rate while running;
* water: 1 m³ = 1 t, so m³/yr ÷ h/yr = t/h; concentrations in mg/L are ppm (mg/kg) at that
  density, and salinity in g/L is taken × 1000 to ppm;
* heat: MWh/yr × 1000 ÷ h/yr = kW, and the heat capacity flow rate is that power over the
  stream's temperature change, CP = kW / |ΔT| [kW/K].
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pandas as pd

from symbiosis.catalogue.quality import concentration_parameters
from symbiosis.errors import InputError
from symbiosis.schemas import Flow, Zone
from symbiosis.targeting.heat import (
    STREAM_COLUMNS,
    HeatRecoveryPotential,
    HeatTarget,
    heat_recovery_potential,
    heat_target,
)
from symbiosis.targeting.loop import loop_heat_recovery
from symbiosis.targeting.refrigeration import is_refrigeration, zone_refrigeration
from symbiosis.targeting.water import WaterTarget, water_target

__all__ = [
    "LEFT_OUT_COLUMNS",
    "zone_heat_left_out",
    "zone_heat_recovery_potential",
    "zone_heat_streams",
    "zone_heat_target",
    "zone_water_sinks_sources",
    "zone_water_target",
]


def _hours(flows: Iterable[Flow], operating_hours_per_yr: float | None) -> dict[str, float]:
    """Operating hours of every flow, or raise naming the flows that have none."""
    if operating_hours_per_yr is not None and not 0 < operating_hours_per_yr <= 8784:
        raise InputError(
            f"operating_hours_per_yr is {operating_hours_per_yr!r}; give hours per year in "
            "(0, 8784]"
        )
    hours: dict[str, float] = {}
    missing = []
    for flow in flows:
        value = flow.operating_hours_per_yr or operating_hours_per_yr
        if value is None:
            missing.append(flow.id)
        else:
            hours[flow.id] = float(value)
    if missing:
        raise InputError(
            f"flow(s) {', '.join(missing)} state no operating_hours_per_yr, so their rates "
            "while running are unknown; fill it in, or pass operating_hours_per_yr for them"
        )
    return hours


def zone_water_sinks_sources(
    zone: Zone,
    contaminant: str = "cod",
    *,
    operating_hours_per_yr: float | None = None,
    include_unlimited_demands: bool = False,
    fresh_concentration_ppm: float = 0.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The sinks and sources of :func:`zone_water_target`, as tables of flow ids.

    Returns
    -------
    tuple of pandas.DataFrame
        ``sinks`` (``id``, ``flow_t_per_h``, ``max_concentration_ppm``) and ``sources``
        (``id``, ``flow_t_per_h``, ``concentration_ppm``), ids being flow ids, sorted by id.
    """
    contaminants = concentration_parameters()
    if contaminant not in contaminants:
        raise InputError(
            f"contaminant {contaminant!r} is not known; use one of {', '.join(contaminants)}"
        )
    parameter = contaminants[contaminant]
    concentration_field, limit_field = parameter.supply_field, parameter.limit_field
    to_ppm = parameter.to_mg_per_l or 1.0
    water = [flow for flow in zone.flows if flow.family == "water" and flow.quantity_per_yr > 0]
    sink_flows = []
    sink_limits = []
    for flow in water:
        if flow.direction != "demand":
            continue
        limit = getattr(flow, limit_field)
        if limit is not None and not flow.potable_required:
            sink_flows.append(flow)
            sink_limits.append(float(limit) * to_ppm)
        elif include_unlimited_demands:
            sink_flows.append(flow)
            sink_limits.append(float(fresh_concentration_ppm))
    source_flows = [
        flow
        for flow in water
        if flow.direction == "supply" and getattr(flow, concentration_field) is not None
    ]
    hours = _hours([*sink_flows, *source_flows], operating_hours_per_yr)
    sinks = pd.DataFrame(
        {
            "id": [flow.id for flow in sink_flows],
            "flow_t_per_h": [flow.quantity_per_yr / hours[flow.id] for flow in sink_flows],
            "max_concentration_ppm": sink_limits,
        },
        columns=["id", "flow_t_per_h", "max_concentration_ppm"],
    )
    sources = pd.DataFrame(
        {
            "id": [flow.id for flow in source_flows],
            "flow_t_per_h": [flow.quantity_per_yr / hours[flow.id] for flow in source_flows],
            "concentration_ppm": [
                float(getattr(flow, concentration_field)) * to_ppm for flow in source_flows
            ],
        },
        columns=["id", "flow_t_per_h", "concentration_ppm"],
    )
    return (
        sinks.sort_values("id", ignore_index=True),
        sources.sort_values("id", ignore_index=True),
    )


def zone_water_target(
    zone: Zone,
    contaminant: str = "cod",
    *,
    operating_hours_per_yr: float | None = None,
    include_unlimited_demands: bool = False,
    fresh_concentration_ppm: float = 0.0,
) -> WaterTarget:
    """Minimum freshwater of the zone's water network for one contaminant.

    Sinks are the water demands with a limit on the contaminant (``max_cod_mg_per_l``,
    ``max_salinity_g_per_l`` or ``max_suspended_solids_mg_per_l``); sources are the water
    supplies of the companies that state its concentration. A demand with no limit, or one that
    requires potable water, cannot take reused water: it is left out by default, so the target
    is about the water that reuse could save; with ``include_unlimited_demands=True`` it counts
    as a sink at the freshwater concentration, so it adds its whole flow to the freshwater
    target and to the no-reuse baseline. Supplies that do not state the concentration, and
    outside parties (the sea), are not sources.

    Parameters
    ----------
    zone : Zone
    contaminant : str
        The single contaminant of the target: the id of a concentration of the quality registry
        (``catalogue/quality.yaml``: ``'cod'``, ``'salinity'``, ``'suspended_solids'`` ...).
    operating_hours_per_yr : float, optional
        Hours per year for flows that do not state theirs. [h/yr]
    include_unlimited_demands : bool, default False
        Count demands without a limit as sinks needing freshwater.
    fresh_concentration_ppm : float, default 0
        Concentration of the freshwater (potable water). [ppm]

    Returns
    -------
    WaterTarget
        Flows in t/h (m³/yr ÷ operating hours, 1 m³ = 1 t); sink and source ids are flow ids.

    Raises
    ------
    InputError
        Unknown contaminant, a flow without operating hours, or the errors of
        :func:`symbiosis.targeting.water_target`.

    Examples
    --------
    In the toy zone the floor washing of T3 (F08, at most 500 mg/L COD) can take the rinse
    water of T2 (F04, 300 mg/L), so it needs no freshwater:

    >>> from symbiosis import load_example
    >>> target = zone_water_target(load_example("toy"), operating_hours_per_yr=2000)
    >>> target.freshwater_t_per_h, target.freshwater_without_reuse_t_per_h
    (0.0, 0.75)
    """
    sinks, sources = zone_water_sinks_sources(
        zone,
        contaminant,
        operating_hours_per_yr=operating_hours_per_yr,
        include_unlimited_demands=include_unlimited_demands,
        fresh_concentration_ppm=fresh_concentration_ppm,
    )
    return water_target(sinks, sources, fresh_concentration_ppm=fresh_concentration_ppm)


#: Columns of :func:`zone_heat_left_out`.
LEFT_OUT_COLUMNS = ("id", "company_id", "resource", "quantity_per_yr", "reason")

# Temperature change given to a stream that exchanges its heat at one temperature (steam
# condensing or boiling): small against any ΔTmin, so the target hardly depends on it. [K]
_ISOTHERMAL_SPAN_K = 1.0


def _heat_stream_flows(zone: Zone) -> tuple[list[tuple[Flow, float, float]], pd.DataFrame]:
    """The heat and cold flows as (flow, supply °C, target °C), and those left out with why."""
    streams: list[tuple[Flow, float, float]] = []
    left_out: list[tuple[Flow, str]] = []
    for flow in zone.flows:
        if flow.family not in ("heat", "cold") or flow.quantity_per_yr <= 0:
            continue
        start, end = flow.supply_temperature_c, flow.target_temperature_c
        if flow.resource == "heat.steam":
            saturation = flow.saturation_temperature_c
            if saturation is None:
                left_out.append(
                    (flow, "steam without a saturation temperature: fill in "
                     "target_temperature_c (demand), supply_temperature_c (supply) or "
                     "temperature_c")
                )  # fmt: skip
                continue
            # All its heat as latent heat at saturation: condensing (supply) or raised
            # (demand, the feed water's sensible heat counted there too, which can only
            # understate recovery).
            if flow.direction == "supply":
                streams.append((flow, saturation, saturation - _ISOTHERMAL_SPAN_K))
            else:
                streams.append((flow, saturation - _ISOTHERMAL_SPAN_K, saturation))
            continue
        if is_refrigeration(flow):
            target = "" if end is None else f" to {end:g} °C"
            left_out.append(
                (flow, f"refrigeration{target}: a heat pump working across the pinch "
                 "(electricity in, heat rejected at its condenser), not cold utility; listed "
                 "in the target's refrigeration table with its condenser heat, which counts "
                 "where the zone states it as a heat supply")
            )  # fmt: skip
            continue
        if start is None or end is None:
            left_out.append((flow, "no supply_temperature_c and target_temperature_c"))
            continue
        if start == end:
            left_out.append((flow, f"supply and target temperature both {start:g} °C"))
            continue
        streams.append((flow, float(start), float(end)))
    table = pd.DataFrame(
        [
            (flow.id, flow.company_id, flow.resource, flow.quantity_per_yr, reason)
            for flow, reason in left_out
        ],
        columns=list(LEFT_OUT_COLUMNS),
    )
    return streams, table.sort_values("id", ignore_index=True)


def zone_heat_left_out(zone: Zone) -> pd.DataFrame:
    """The heat and cold flows the zone's heat targets leave out, and why.

    Returns
    -------
    pandas.DataFrame
        ``id`` (flow id), ``company_id``, ``resource``, ``quantity_per_yr`` (canonical unit)
        and ``reason``, sorted by id: flows without both temperatures, steam without a
        saturation temperature, and refrigeration (cold demands), which is a heat pump
        working across the pinch rather than cold utility (listed with its condenser heat by
        :func:`~symbiosis.targeting.zone_refrigeration`).
    """
    return _heat_stream_flows(zone)[1]


def zone_heat_streams(zone: Zone, *, operating_hours_per_yr: float | None = None) -> pd.DataFrame:
    """Heat and cold flows with both temperatures, and steam, as pinch streams.

    A flow whose supply temperature is above its target is a hot stream (to be cooled: a heat
    supply, or a cooling demand), otherwise a cold stream. CP = annual MWh × 1000 / operating
    hours / |ΔT|. Steam (``heat.steam``) exchanges all its heat at its saturation temperature
    (:mod:`symbiosis.catalogue.steam`): a demand's ``target_temperature_c``, a supply's
    ``supply_temperature_c``, else ``temperature_c`` or ``min_temperature_c``; it becomes a
    stream over the 1 K below that temperature. Refrigeration (cold demands) and flows without
    temperatures are left out: :func:`zone_heat_left_out` lists them with the reason.

    Returns
    -------
    pandas.DataFrame
        ``id`` (flow id), ``company_id``, ``supply_temperature_c``, ``target_temperature_c``
        [°C] and ``cp_kw_per_k`` [kW/K], sorted by id. (Up to symbiosis 0.1.0 the temperature
        columns were ``supply_temp_c`` and ``target_temp_c``.)
    """
    stream_flows, _ = _heat_stream_flows(zone)
    hours = _hours([flow for flow, _, _ in stream_flows], operating_hours_per_yr)
    streams = pd.DataFrame(
        {
            "id": [flow.id for flow, _, _ in stream_flows],
            "company_id": [flow.company_id for flow, _, _ in stream_flows],
            "supply_temperature_c": [start for _, start, _ in stream_flows],
            "target_temperature_c": [end for _, _, end in stream_flows],
            "cp_kw_per_k": [
                1000.0 * flow.quantity_per_yr / hours[flow.id] / abs(start - end)
                for flow, start, end in stream_flows
            ],
        },
        columns=["id", "company_id", *STREAM_COLUMNS[1:]],
    )
    if streams.empty:
        raise InputError(
            f"zone {zone.name!r} has no heat or cold flow with both supply_temperature_c and "
            "target_temperature_c; fill them in to compute heat targets"
        )
    return streams.sort_values("id", ignore_index=True)


def zone_heat_target(
    zone: Zone, dt_min_k: float = 10.0, *, operating_hours_per_yr: float | None = None
) -> HeatTarget:
    """Minimum hot and cold utility of the zone's heat streams taken together.

    Parameters
    ----------
    zone : Zone
    dt_min_k : float, default 10
        Minimum approach temperature. [K]
    operating_hours_per_yr : float, optional
        Hours per year for flows that do not state theirs. [h/yr]

    Returns
    -------
    HeatTarget
        In kW (rates while running); stream ids are flow ids; ``left_out`` lists the heat and
        cold flows not in the target, with the reason (:func:`zone_heat_left_out`);
        ``refrigeration`` the cold demands with the electricity they draw and the heat their
        condensers reject (:func:`~symbiosis.targeting.zone_refrigeration`).

    Raises
    ------
    InputError
        No stream, a flow without operating hours, or the errors of
        :func:`symbiosis.targeting.heat_target`.

    Examples
    --------
    Toy zone: T3's condenser heat (35→25 °C, 15 kW/K) preheats T2's cleaning water (15→60 °C,
    2.22 kW/K) over 10 K of the cold stream's 45 K:

    >>> from symbiosis import load_example
    >>> target = zone_heat_target(load_example("toy"), dt_min_k=10)
    >>> round(target.hot_utility_kw, 2), round(target.cold_utility_kw, 2)
    (77.78, 127.78)
    """
    streams = zone_heat_streams(zone, operating_hours_per_yr=operating_hours_per_yr)
    target = heat_target(streams.drop(columns="company_id"), dt_min_k)
    return replace(
        target,
        left_out=zone_heat_left_out(zone),
        refrigeration=zone_refrigeration(zone, operating_hours_per_yr=operating_hours_per_yr),
    )


def zone_heat_recovery_potential(
    zone: Zone,
    dt_min_k: float = 10.0,
    *,
    pairs: bool = True,
    operating_hours_per_yr: float | None = None,
    loop_supply_temperature_c: float | None = None,
    loop_return_temperature_c: float | None = None,
) -> HeatRecoveryPotential:
    """Heat the companies of the zone could recover from one another, per company and pair.

    Three figures, from the most to the least certain: what each company recovers on its own
    (``on_site_recovery_kw``, per company in ``per_company``: it comes first, before any pipe
    to a neighbour); what the companies could recover from one another through a hot-water
    loop (``loop_recovery_kw``: what a project can reach); and by direct integration
    (``potential_kw``: the upper bound).

    Parameters
    ----------
    zone : Zone
    dt_min_k : float, default 10
        Minimum approach temperature, within and between companies, and between a company and
        the loop. [K]
    pairs : bool, default True
        Also give the potential of every pair of companies.
    operating_hours_per_yr : float, optional
        Hours per year for flows that do not state theirs. [h/yr]
    loop_supply_temperature_c, loop_return_temperature_c : float, optional
        Temperatures of the loop between companies; by default the zone's parameters
        ``heat_loop_supply_temperature_c`` and ``heat_loop_return_temperature_c`` (60 and
        30 °C in the package, an assumption stated in ``catalogue/parameters.yaml``). [°C]

    Returns
    -------
    HeatRecoveryPotential
        In kW (rates while running); ``left_out`` as in :func:`zone_heat_target`; the loop's
        temperatures assumed in ``loop_supply_temperature_c`` and
        ``loop_return_temperature_c``.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> potential = zone_heat_recovery_potential(load_example("toy"), dt_min_k=10)
    >>> round(potential.potential_kw, 2)
    22.22
    >>> potential.per_pair[["company_a_id", "company_b_id"]].values.tolist()
    [['T2', 'T3']]
    """
    streams = zone_heat_streams(zone, operating_hours_per_yr=operating_hours_per_yr)
    potential = heat_recovery_potential(streams, dt_min_k, pairs=pairs)
    if loop_supply_temperature_c is None:
        loop_supply_temperature_c = zone.parameter("heat_loop_supply_temperature_c").value
    if loop_return_temperature_c is None:
        loop_return_temperature_c = zone.parameter("heat_loop_return_temperature_c").value
    loop = loop_heat_recovery(
        streams, dt_min_k, loop_supply_temperature_c, loop_return_temperature_c
    )
    per_company = potential.per_company.merge(
        loop.per_company[["company_id", "to_loop_kw", "from_loop_kw"]], on="company_id"
    )
    return replace(
        potential,
        per_company=per_company,
        left_out=zone_heat_left_out(zone),
        loop_recovery_kw=loop.recovery_kw,
        loop_supply_temperature_c=loop.supply_temperature_c,
        loop_return_temperature_c=loop.return_temperature_c,
    )
