"""Heat pumps: low-grade heat lifted to a demand's temperature, paid for in electricity.

A heat pump takes heat from a source colder than the demand (refrigeration condenser water at
35 °C, a warm effluent, clean seawater, a cooling loop) and delivers it at the demand's
temperature. Its coefficient of performance is a share η of the Carnot COP, in kelvin:

* ``T_hot = demand's target temperature + approach`` (the condenser),
* ``T_cold = source's temperature − approach`` (the evaporator), where the source's temperature
  is the one it is cooled to (its ``target_temperature_c``, e.g. 25 °C for condenser water
  cooled from 35 °C, else its supply temperature): an evaporator warmer than that could not
  take the source's heat down to it,
* ``COP = η × T_hot / (T_hot − T_cold)``,

with η ``heat_pump_carnot_efficiency`` and the approach ``heat_pump_approach_k``
(``catalogue/parameters.yaml``). A chiller is the same machine seen from its cold side:
``COP = η × T_cold / (T_hot − T_cold)``.

For a candidate delivering ``Q`` [MWh/yr] of heat:

* electricity drawn ``E = Q / COP``, priced at ``electricity_price_eur_per_mwh`` (the
  candidate's ``new_supply_cost_eur_per_yr``) and counted at
  ``electricity_emission_factor_kgco2e_per_mwh``;
* heat taken from the source ``Q × (1 − 1/COP)`` (the rest is the electricity), at most the
  source's heat month by month: ``Q = Σ_m min(D × d_m, S × s_m × COP / (COP − 1))`` with ``D``
  and ``S`` the annual demand and supply and ``d_m``, ``s_m`` their monthly shares;
* saving: the receiver stops buying the heat it gets (its own price, else the gas it burns,
  ``gas price / boiler efficiency``), and stops emitting the gas's CO2e (``gas factor / boiler
  efficiency``);
* investment: ``heat_pump_cost_eur_per_kw`` × the heat pump's power ``Q × 1000 / hours`` (the
  demand's ``operating_hours_per_yr``, else ``heat_pump_full_load_hours_per_yr``), plus a heat
  pipe and connection as for a heat recovery when source and demand are at two companies;
  annualised with ``discount_rate`` over ``pipe_lifetime_yr``.

The second law is checked on every pair: a source that already reaches the demand's temperature
(``T_cold ≥ T_hot``, or the source less ``MatchConfig.dt_min_k`` at or above the target) is a
heat recovery, not a heat pump; a COP at most 1 gives no more heat than the electricity itself.
Both are infeasible with their reason. A small lift gives a large Carnot COP (35 °C to 30 °C:
``0.5 × 308.15 / 5 = 30.8``); the whole demand is lifted, where a real design would preheat by
exchange and lift only the rest.

Heat pumps are candidates of :func:`symbiosis.matching.match` when
``MatchConfig.heat_pumps`` is set (kind ``heat_pump``, ids ``HP-<source>-<demand>``). The
optimiser does not choose them yet: its temperature intervals move heat downhill only.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.spatial import cKDTree

from symbiosis.matching.checks import CHECK_COLUMNS, format_number
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.distance import chord_km, haversine_km, sphere_points
from symbiosis.matching.economics import Prices, capital_recovery_factor
from symbiosis.matching.inputs import MatchInputs
from symbiosis.matching.scoring import monthly_overlap, score_components
from symbiosis.schemas import Zone

__all__ = [
    "HEAT_PUMP_COLUMNS",
    "HEAT_PUMP_DEMANDS",
    "HEAT_PUMP_SOURCES",
    "KELVIN",
    "chiller_cop",
    "explain_heat_pump",
    "heat_pump_candidates",
    "heat_pump_cop",
]

FloatArray = npt.NDArray[np.float64]

#: 0 °C in kelvin.
KELVIN = 273.15
#: Supplies a heat pump may take heat from (company flows with a temperature).
HEAT_PUMP_SOURCES: tuple[str, ...] = ("heat.low_grade", "heat.hot_water")
#: Demands a heat pump may serve (water heated below 100 °C; steam is left to boilers).
HEAT_PUMP_DEMANDS: tuple[str, ...] = ("heat.hot_water", "heat.low_grade")
#: Columns of a heat-pump candidate beside ``MatchResult.exchanges``' own.
HEAT_PUMP_COLUMNS: tuple[str, ...] = (
    "cop",
    "source_temperature_c",
    "delivery_temperature_c",
    "electricity_mwh_per_yr",
    "source_heat_mwh_per_yr",
)


def heat_pump_cop(
    source_c: npt.ArrayLike,
    delivery_c: npt.ArrayLike,
    approach_k: float,
    carnot_efficiency: float,
) -> FloatArray:
    """COP of a heat pump lifting heat from ``source_c`` to ``delivery_c``. [-]

    ``η × T_hot / (T_hot − T_cold)`` with ``T_hot = delivery + approach`` and
    ``T_cold = source − approach`` in kelvin; NaN where ``T_cold ≥ T_hot`` (no lift: heat flows
    downhill by itself, the second law gives no COP).

    Parameters
    ----------
    source_c : array_like
        Temperature of the source. [°C]
    delivery_c : array_like
        Temperature the demand must reach. [°C]
    approach_k : float
        Temperature difference at the evaporator and at the condenser. [K]
    carnot_efficiency : float
        Share of the Carnot COP the machine reaches, η. [-]

    Examples
    --------
    35 °C condenser water to 80 °C, 5 K approaches, η = 0.5: 0.5 × 358.15 / 55.

    >>> heat_pump_cop(35.0, 80.0, 5.0, 0.5).round(4).tolist()
    [3.2559]
    """
    hot = np.atleast_1d(np.asarray(delivery_c, dtype=float)) + approach_k + KELVIN
    cold = np.atleast_1d(np.asarray(source_c, dtype=float)) - approach_k + KELVIN
    lift = hot - cold
    with np.errstate(divide="ignore", invalid="ignore"):
        cop = np.where(lift > 0, carnot_efficiency * hot / lift, np.nan)
    return np.asarray(cop, dtype=float)


def chiller_cop(
    cold_c: npt.ArrayLike,
    condensing_c: npt.ArrayLike,
    approach_k: float,
    carnot_efficiency: float,
) -> FloatArray:
    """COP of a chiller keeping ``cold_c`` and rejecting its heat at ``condensing_c``. [-]

    ``η × T_cold / (T_hot − T_cold)`` with ``T_cold = cold − approach`` (the evaporator) and
    ``T_hot = condensing_c`` (the refrigerant's condensing temperature) in kelvin; NaN where
    there is no lift.

    Parameters
    ----------
    cold_c : array_like
        Temperature the cold demand must reach. [°C]
    condensing_c : array_like
        Condensing temperature of the refrigerant. [°C]
    approach_k : float
        Temperature difference at the evaporator. [K]
    carnot_efficiency : float
        Share of the Carnot COP the machine reaches, η. [-]

    Examples
    --------
    Chill rooms at 2 °C with an air-cooled condenser at 40 °C: 0.5 × 270.15 / 43.

    >>> chiller_cop(2.0, 40.0, 5.0, 0.5).round(4).tolist()
    [3.1413]
    """
    cold = np.atleast_1d(np.asarray(cold_c, dtype=float)) - approach_k + KELVIN
    hot = np.atleast_1d(np.asarray(condensing_c, dtype=float)) + KELVIN
    lift = hot - cold
    with np.errstate(divide="ignore", invalid="ignore"):
        cop = np.where(lift > 0, carnot_efficiency * cold / lift, np.nan)
    return np.asarray(cop, dtype=float)


def _source_temperature(flows: pd.DataFrame) -> FloatArray:
    """A supply's temperature: its ``supply_temperature_c``, else its ``temperature_c``. [°C]"""
    start = flows["supply_temperature_c"].to_numpy(dtype=float)
    if "temperature_c" in flows:
        start = np.where(np.isnan(start), flows["temperature_c"].to_numpy(dtype=float), start)
    return start


def _cooled_to(flows: pd.DataFrame, start: FloatArray) -> FloatArray:
    """The temperature a supply is cooled to: its target when below its start, else its start."""
    end = flows["target_temperature_c"].to_numpy(dtype=float)
    return np.where(~np.isnan(end) & (end < start), end, start)


def _operating_hours(zone: Zone, flow_ids: pd.Series, default: float) -> FloatArray:
    """Operating hours of each flow, ``default`` where the flow states none. [h/yr]"""
    hours = {flow.id: flow.operating_hours_per_yr for flow in zone.flows}
    values = [hours.get(str(flow_id)) for flow_id in flow_ids]
    return np.array([default if value is None else float(value) for value in values], dtype=float)


def _pairs(
    flows: pd.DataFrame, sources: npt.NDArray[np.intp], demands: npt.NDArray[np.intp], km: float
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], FloatArray]:
    """(source row, demand row, distance) of every pair within ``km``, sorted."""
    lat = flows["latitude"].to_numpy(dtype=float)
    lon = flows["longitude"].to_numpy(dtype=float)
    placed_s = sources[~np.isnan(lat[sources]) & ~np.isnan(lon[sources])]
    placed_d = demands[~np.isnan(lat[demands]) & ~np.isnan(lon[demands])]
    if len(placed_s) == 0 or len(placed_d) == 0:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty, np.empty(0, dtype=float)
    tree = cKDTree(sphere_points(lat[placed_s], lon[placed_s]))
    near = tree.query_ball_point(sphere_points(lat[placed_d], lon[placed_d]), r=chord_km(km))
    pair_s = np.array([placed_s[i] for found in near for i in found], dtype=np.intp)
    pair_d = np.array([placed_d[j] for j, found in enumerate(near) for _ in found], dtype=np.intp)
    distance = haversine_km(lat[pair_s], lon[pair_s], lat[pair_d], lon[pair_d])
    keep = distance <= km
    order = np.lexsort((pair_d[keep], pair_s[keep]))
    return pair_s[keep][order], pair_d[keep][order], np.asarray(distance[keep][order], float)


def heat_pump_candidates(
    zone: Zone, inputs: MatchInputs, prices: Prices, config: MatchConfig
) -> pd.DataFrame:
    """Every heat pump from a heat source of the zone to a heat demand within reach.

    A source (:data:`HEAT_PUMP_SOURCES`, with a temperature) pairs with a demand
    (:data:`HEAT_PUMP_DEMANDS`, with a target temperature) of the same company or of another
    within the source resource's ``max_distance_km`` (``resources.yaml``). Each row is priced
    and scored as in the module notes.

    Parameters
    ----------
    zone : Zone
        The zone (for the flows' operating hours).
    inputs : MatchInputs
        The zone as the matcher reads it.
    prices : Prices
        The run's parameters.
    config : MatchConfig
        The run's settings (``route_factor``, ``min_demand_share``, ``keep_infeasible``, the
        score weights).

    Returns
    -------
    pandas.DataFrame
        The columns of ``MatchResult.exchanges`` with ``kind`` ``heat_pump`` and ``rule_id``
        ``heat_pump``, then :data:`HEAT_PUMP_COLUMNS`; infeasible pairs (no lift, COP ≤ 1, too
        little heat) only with ``config.keep_infeasible``, with their reason. Sorted by
        ``opportunity_id``.
    """
    from symbiosis.matching.result import EXCHANGE_COLUMNS

    flows = inputs.flows
    resource = flows["resource"].to_numpy(dtype=object)
    direction = flows["direction"].to_numpy(dtype=object)
    source_c = _source_temperature(flows)
    target_c = flows["target_temperature_c"].to_numpy(dtype=float)
    quantity = flows["quantity_per_yr"].to_numpy(dtype=float)
    is_source = (direction == "supply") & np.isin(resource, HEAT_PUMP_SOURCES)
    is_source &= ~np.isnan(source_c) & (quantity > 0)
    is_demand = (direction == "demand") & np.isin(resource, HEAT_PUMP_DEMANDS)
    is_demand &= ~np.isnan(target_c) & (quantity > 0)
    sources, demands = np.flatnonzero(is_source), np.flatnonzero(is_demand)
    reach = max(_max_distance_km(config, name) for name in HEAT_PUMP_SOURCES)
    supply, demand, distance = _pairs(flows, sources, demands, reach)
    max_km = np.array([_max_distance_km(config, str(resource[i])) for i in supply], dtype=float)
    within = distance <= max_km
    supply, demand, distance, max_km = (
        supply[within],
        demand[within],
        distance[within],
        max_km[within],
    )
    if len(supply) == 0:
        return pd.DataFrame(columns=[*EXCHANGE_COLUMNS, *HEAT_PUMP_COLUMNS])

    eta = prices.parameter("heat_pump_carnot_efficiency")
    approach = prices.parameter("heat_pump_approach_k")
    # The evaporator works below the coldest point of the source, the temperature it leaves at.
    leaving_c = _cooled_to(flows, source_c)
    cop = heat_pump_cop(leaving_c[supply], target_c[demand], approach, eta)
    # A source that reaches the demand ΔTmin apart needs no heat pump: it is a heat recovery.
    no_lift = np.isnan(cop) | (source_c[supply] - config.dt_min_k >= target_c[demand])
    too_low = ~no_lift & (cop <= 1.0)
    works = ~no_lift & ~too_low
    # Heat delivered per unit of source heat: COP / (COP − 1).
    gain = np.where(works, cop / np.where(works, cop - 1.0, 1.0), 0.0)
    profiles = inputs.profiles
    delivered = np.minimum(
        quantity[demand, None] * profiles[demand],
        quantity[supply, None] * profiles[supply] * gain[:, None],
    ).sum(axis=1)
    delivered = np.where(works, delivered, 0.0)
    safe_cop = np.where(works, cop, 1.0)
    electricity = np.where(works, delivered / safe_cop, 0.0)
    source_heat = delivered - electricity
    demand_share = delivered / quantity[demand]
    supply_share = source_heat / quantity[supply]
    enough = np.maximum(demand_share, supply_share) >= config.min_demand_share
    feasible = works & enough
    reasons = np.where(
        no_lift,
        "no lift needed: the source, less ΔTmin, already reaches the demand's temperature "
        "(a heat recovery, not a heat pump)",
        np.where(
            too_low,
            "COP at most 1: the heat pump would give no more heat than the electricity it draws",
            np.where(enough, "", "too little heat in the months both run"),
        ),
    )

    company = flows["company_id"].to_numpy(dtype=object)
    same_site = company[supply] == company[demand]
    boiler = prices.parameter("boiler_efficiency")
    receiver_price = flows["signed_cost_eur_per_unit"].to_numpy(dtype=float)[demand]
    receiver_price = np.where(
        np.isnan(receiver_price), prices.parameter("gas_price_eur_per_mwh") / boiler, receiver_price
    )
    avoided_ef = prices.parameter("gas_emission_factor_kgco2e_per_mwh") / boiler
    hours = _operating_hours(
        zone,
        flows["id"].iloc[demand],
        prices.parameter("heat_pump_full_load_hours_per_yr"),
    )
    power_kw = delivered * 1000.0 / hours
    pipe = np.where(
        same_site,
        0.0,
        prices.parameter("heat_pipe_cost_eur_per_m") * 1000.0 * distance * config.route_factor
        + prices.parameter("connection_fixed_cost_eur"),
    )
    investment = np.where(
        delivered > 0, power_kw * prices.parameter("heat_pump_cost_eur_per_kw") + pipe, 0.0
    )
    crf = capital_recovery_factor(
        prices.parameter("discount_rate"), prices.parameter("pipe_lifetime_yr")
    )
    annualised = investment * crf
    avoided = delivered * receiver_price
    electricity_cost = electricity * prices.parameter("electricity_price_eur_per_mwh")
    net = avoided - electricity_cost - annualised
    co2e = (
        delivered * avoided_ef
        - electricity * prices.parameter("electricity_emission_factor_kgco2e_per_mwh")
    ) / 1000.0
    confidence = flows["confidence"].to_numpy(dtype=float)
    overlap = monthly_overlap(profiles, supply.astype(np.int64), demand.astype(np.int64))

    ids = flows["id"].to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "opportunity_id": [
                f"HP-{ids[s]}-{ids[d]}" for s, d in zip(supply, demand, strict=True)
            ],
            "kind": "heat_pump",
            "rule_id": "heat_pump",
            "supplier_id": company[supply],
            "supplier_is_outside": False,
            "supply_flow_id": ids[supply],
            "receiver_id": company[demand],
            "demand_flow_id": ids[demand],
            "supply_resource": resource[supply],
            "demand_resource": resource[demand],
            "family": "heat",
            "unit": flows["canonical_unit"].to_numpy(dtype=object)[demand],
            "quantity_per_yr": delivered,
            "demand_share": demand_share,
            "supply_share": supply_share,
            "distance_km": distance,
            "transport_mode": np.where(same_site, "none", "pipe"),
            "investment_eur": investment,
            "annualised_investment_eur_per_yr": annualised,
            "transport_cost_eur_per_yr": 0.0,
            "monthly_overlap": overlap,
            "feasible": feasible,
            "infeasible_reason": reasons,
            "gross_saving_eur_per_yr": avoided,
            "net_saving_eur_per_yr": net,
            "co2e_avoided_t_per_yr": co2e,
            "confidence": confidence[supply] * confidence[demand],
            "heat_mwh_per_yr": delivered,
            "water_m3_per_yr": 0.0,
            "material_t_per_yr": 0.0,
            "new_supply_cost_eur_per_yr": electricity_cost,
            "max_distance_km": max_km,
            "notes": "",
            "existing": False,
            "receiver_avoided_eur_per_yr": avoided,
            "supplier_change_eur_per_yr": 0.0,
            "displaced_partner_cost_eur_per_yr": 0.0,
            "truck_trips_per_yr": 0.0,
            "conditions": "",
            "n_conditions": 0,
            "cop": np.where(works | too_low, cop, np.nan),
            "source_temperature_c": leaving_c[supply],
            "delivery_temperature_c": target_c[demand],
            "electricity_mwh_per_yr": electricity,
            "source_heat_mwh_per_yr": source_heat,
        }
    )
    for column in CHECK_COLUMNS:
        table[column] = pd.array([pd.NA] * len(table), dtype="boolean")
    table["check_temperature"] = pd.array(works, dtype="boolean")
    table["check_distance"] = pd.array(np.ones(len(table), dtype=bool), dtype="boolean")
    table["check_quantity"] = pd.array(enough, dtype="boolean")
    for name, values in score_components(table, config).items():
        table[name] = values.to_numpy()
    table["profitable"] = net > 0
    if not config.keep_infeasible:
        table = table[table["feasible"].to_numpy(dtype=bool)]
    table = table.sort_values("opportunity_id", kind="stable", ignore_index=True)
    return table[[*EXCHANGE_COLUMNS, *HEAT_PUMP_COLUMNS]]


def _max_distance_km(config: MatchConfig, resource: str) -> float:
    """How far a heat pump's source may be piped: ``MatchConfig.max_distance_km['pipe']``, else
    the resource's ``max_distance_km`` (``resources.yaml``). [km]"""
    from symbiosis.catalogue import get_resource

    limit = config.max_distance_km.get("pipe")
    return float(get_resource(resource).max_distance_km if limit is None else limit)


def _money(value: float) -> str:
    return f"€{format_number(value)}" if value >= 0 else f"−€{format_number(-value)}"


def explain_heat_pump(row: pd.Series, supplier: str, receiver: str, prices: Prices) -> str:
    """The paragraph of a heat-pump candidate: the COP's arithmetic, electricity and money."""
    eta = prices.parameter("heat_pump_carnot_efficiency")
    approach = prices.parameter("heat_pump_approach_k")
    source = float(row["source_temperature_c"])
    delivery = float(row["delivery_temperature_c"])
    hot = delivery + approach + KELVIN
    cold = source - approach + KELVIN
    place = (
        "on its own site"
        if row["supplier_id"] == row["receiver_id"]
        else (f"{format_number(row['distance_km'])} km away by pipe")
    )
    opening = (
        f"{row['opportunity_id']} is a heat pump: {supplier}'s {row['supply_resource']} "
        f"({row['supply_flow_id']}), cooled to {format_number(source)} °C, its heat lifted to "
        f"{format_number(delivery)} °C "
        f"for {receiver}'s {row['demand_resource']} ({row['demand_flow_id']}), {place}."
    )
    if not bool(row["feasible"]):
        return f"{opening} It is not feasible: {row['infeasible_reason']}."
    cop = float(row["cop"])
    price = prices.parameter("electricity_price_eur_per_mwh")
    factor = prices.parameter("electricity_emission_factor_kgco2e_per_mwh")
    return " ".join(
        [
            opening,
            f"COP = η × T_hot / (T_hot − T_cold) = {format_number(eta)} × "
            f"{hot:.2f} K / ({hot:.2f} − {cold:.2f}) K = {cop:.2f} (T_hot: the demand's "
            f"{format_number(delivery)} °C plus a {format_number(approach)} K approach; T_cold: "
            f"the {format_number(source)} °C the source leaves at, less {format_number(approach)} "
            "K; η, the "
            "share of the Carnot COP a real machine reaches, from catalogue/parameters.yaml).",
            f"It delivers {format_number(row['quantity_per_yr'])} MWh/yr of heat "
            f"({format_number(100 * row['demand_share'])} % of the demand), of which "
            f"{format_number(row['source_heat_mwh_per_yr'])} MWh/yr from the source and "
            f"{format_number(row['electricity_mwh_per_yr'])} MWh/yr of electricity "
            f"(heat / COP), bought at €{format_number(price)}/MWh: "
            f"€{format_number(row['new_supply_cost_eur_per_yr'])}/yr.",
            f"{receiver} stops buying €{format_number(row['receiver_avoided_eur_per_yr'])}/yr "
            "of heat; the heat pump and its connection cost "
            f"{_money(row['investment_eur'])}, "
            f"{_money(row['annualised_investment_eur_per_yr'])}/yr to repay; "
            f"net saving {_money(row['net_saving_eur_per_yr'])}/yr.",
            f"CO2e avoided: {format_number(row['co2e_avoided_t_per_yr'])} t/yr (the gas no longer "
            f"burnt, less the electricity at {format_number(factor)} kgCO2e/MWh).",
        ]
    )
