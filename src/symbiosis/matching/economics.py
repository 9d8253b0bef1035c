"""Money and CO2e of each candidate, on whole columns.

For a candidate moving ``q`` units a year over ``d`` km (route length ``d × route_factor``):

* gross saving = ``receiver avoided + supplier change − displaced partner cost``, what the zone
  stops paying today, per party:

  - receiver avoided = ``q × p_receiver``, the receiver's purchase price (the demand's
    :attr:`~symbiosis.schemas.Flow.signed_cost_eur_per_unit`, from its amount and
    ``price_kind``; else for heat the gas it burns, ``gas price / boiler efficiency``; else the
    catalogue price; for a waste the receiver buys, minus the catalogue price when the producer
    is paid, else 0);
  - supplier change = ``q × c_supplier``, the supplier's signed cost today (the supply's
    ``signed_cost_eur_per_unit``, else the catalogue price of a waste): a disposal fee it no
    longer pays counts for, a sale it gives up counts against;
  - displaced partner cost = ``q × (p_partner + c_supplier)`` when the supply goes today to
    another company of the zone (its ``current_partner_id``): that company loses it and buys
    the same amount elsewhere at ``p_partner`` instead of what it paid the supplier
    (``−c_supplier``). ``p_partner`` is the catalogue's market price (the price of a product,
    minus the price of a co-product whose producer is paid) or, when the receiver buys the
    same resource, the receiver's price if it is higher: were the good sold for less
    elsewhere, the receiver would buy it there. So moving a co-product from a buyer paying
    70 €/t to one paying 150 €/t gains the zone nothing (``150 − 70 − (150 − 70) = 0``): a
    transfer between companies is never a gain for the zone;

  a candidate that is today's arrangement (``existing``) saves nothing and costs nothing;
* new supply cost = ``q × price of the supply`` when it comes from an outside party or the rule
  charges it (pumping and filtering seawater, treating wastewater), plus ``q × the rule's
  treatment_cost_eur_per_unit`` when the rule upgrades the supply (reverse osmosis,
  demineralisation; its ``treatment_emission_factor_kgco2e_per_unit`` adds to the EF of the
  new supply);
* transport by truck, paid per trip: ``trips = q / load`` where a truck's load is its payload
  ``truck_payload_t``, or less when a light material fills its volume ``truck_volume_m3``
  first (``volume × bulk density`` of the supply resource, ``resources.yaml``; a fuel counted
  in MWh travels as ``q / lhv_mwh_per_t`` tonnes); each trip costs
  ``truck_trip_fixed_cost_eur`` (loading, unloading: the minimum of a trip) plus
  ``truck_cost_eur_per_km`` over ``2 × d × route_factor`` (loaded there, empty back). Small
  flows share trips pro rata (a collection round). By pipe 0 (pumping is in the price of the
  supply);
* investment by pipe = ``pipe cost per m × 1000 × d × route_factor + connection_fixed_cost_eur``
  (heat pipes for heat and cold, water pipes otherwise), annualised by the capital recovery
  factor ``r (1 + r)^n / ((1 + r)^n − 1)`` with ``discount_rate`` and ``pipe_lifetime_yr``;
* net saving = gross − new supply − transport − annualised investment;
* CO2e avoided = ``q × (EF replaced − EF of the new supply) / 1000 −
  truck_emission_factor_kgco2e_per_km × km driven / 1000`` (the trips above). The EF replaced
  is the demand resource's (for heat, the gas, ``gas factor / boiler efficiency``; none when
  the demand is itself a waste, whose catalogue factor is a disposal route), plus the supply's
  disposal route when the supply is disposed of today (:attr:`Flow.disposed_of_today`: its
  ``current_route``, else a waste whose company pays to get rid of it); a co-product sold or a
  waste recovered today avoids no disposal. [tCO2e/yr]

Parameter values come from ``MatchConfig.overrides``, then the zone, then the package defaults.
Resource prices and emission factors may be set the same way as ``<resource>.price_eur_per_unit``
and ``<resource>.emission_factor_kgco2e_per_unit``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import SubstitutionRule, resource_catalogue
from symbiosis.catalogue.treatments import new_route
from symbiosis.matching.config import MatchConfig
from symbiosis.schemas import Zone

__all__ = ["ECONOMIC_COLUMNS", "Prices", "capital_recovery_factor", "economics", "truck_load_t"]

#: Money and CO2e columns written by :func:`economics`.
ECONOMIC_COLUMNS: tuple[str, ...] = (
    "investment_eur",
    "annualised_investment_eur_per_yr",
    "transport_cost_eur_per_yr",
    "new_supply_cost_eur_per_yr",
    "gross_saving_eur_per_yr",
    "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "receiver_avoided_eur_per_yr",
    "supplier_change_eur_per_yr",
    "displaced_partner_cost_eur_per_yr",
    "truck_trips_per_yr",
)


def _resource_values(resources: pd.Series, prices: Prices) -> dict[str, npt.NDArray[Any]]:
    """``price``, ``waste`` and ``emission_factor`` of each row's resource, looked up once per
    distinct resource."""
    codes, uniques = pd.factorize(resources)
    names = [str(resource) for resource in uniques]
    per_resource = {
        "price": np.array([prices.price(name) for name in names], dtype=float),
        "waste": np.array([prices.is_waste(name) for name in names], dtype=bool),
        "emission_factor": np.array([prices.emission_factor(name) for name in names], dtype=float),
        "bulk_density": np.array([prices.bulk_density(name) for name in names], dtype=float),
        # MWh per tonne of a solid or liquid fuel, so that its trucks are counted; nan otherwise.
        "lhv_mwh_per_t": np.array(
            [resource_catalogue()[name].lhv_mwh_per_t or np.nan for name in names], dtype=float
        ),
        "waste_family": np.array(
            [resource_catalogue()[name].waste_family is not None for name in names], dtype=bool
        ),
    }
    return {field: values[codes] for field, values in per_resource.items()}


def capital_recovery_factor(rate: float, years: float) -> float:
    """Share of an investment to pay each year to repay it over ``years`` at ``rate``. [1/yr]

    Examples
    --------
    >>> round(capital_recovery_factor(0.05, 30), 6)
    0.065051
    >>> capital_recovery_factor(0.0, 20)
    0.05
    """
    if rate == 0:
        return 1.0 / years
    growth = (1 + rate) ** years
    return rate * growth / (growth - 1)


@dataclass(frozen=True)
class Prices:
    """Parameter values for one run: the config's overrides, then the zone's, then the defaults."""

    zone: Zone
    overrides: dict[str, float]

    def parameter(self, name: str) -> float:
        """A zone parameter by name (see ``catalogue/parameters.yaml``)."""
        if name in self.overrides:
            return float(self.overrides[name])
        return float(self.zone.parameter(name).value)

    def _resource_value(self, resource: str, field: str) -> float:
        key = f"{resource}.{field}"
        if key in self.overrides:
            return float(self.overrides[key])
        if key in self.zone.parameters:
            return float(self.zone.parameters[key].value)
        return float(getattr(resource_catalogue()[resource], field))

    def price(self, resource: str) -> float:
        """Price of a resource. [EUR per canonical unit]"""
        return self._resource_value(resource, "price_eur_per_unit")

    def emission_factor(self, resource: str) -> float:
        """Emission factor of a resource. [kgCO2e per canonical unit]"""
        return self._resource_value(resource, "emission_factor_kgco2e_per_unit")

    def bulk_density(self, resource: str) -> float:
        """Loose bulk density of a resource, NaN when the catalogue gives none. [t/m³]"""
        key = f"{resource}.bulk_density_t_per_m3"
        if key in self.overrides:
            return float(self.overrides[key])
        if key in self.zone.parameters:
            return float(self.zone.parameters[key].value)
        value = resource_catalogue()[resource].bulk_density_t_per_m3
        return float("nan") if value is None else float(value)

    def is_waste(self, resource: str) -> bool:
        """Whether a resource is a waste (it has EWC codes in the catalogue)."""
        return bool(resource_catalogue()[resource].ewc_codes)


def economics(
    candidates: pd.DataFrame,
    rules: dict[str, SubstitutionRule],
    prices: Prices,
    config: MatchConfig,
) -> pd.DataFrame:
    """Investment, costs, savings and CO2e of each candidate (see the module notes).

    Parameters
    ----------
    candidates : pandas.DataFrame
        Needs ``quantity_per_yr`` [unit], ``distance_km`` [km], ``transport_mode``, ``family``,
        ``rule_id``, ``supply_resource``, ``demand_resource``, ``supplier_is_outside``,
        ``d_signed_cost_eur_per_unit`` and ``s_signed_cost_eur_per_unit`` [EUR per unit];
        optionally ``existing`` and ``displaced`` (:mod:`~symbiosis.matching.baseline`).

    Returns
    -------
    pandas.DataFrame
        The :data:`ECONOMIC_COLUMNS` [EUR, EUR/yr, tCO2e/yr], same index.
    """
    quantity = candidates["quantity_per_yr"].to_numpy(dtype=float)
    route_km = candidates["distance_km"].to_numpy(dtype=float) * config.route_factor
    family = candidates["family"]
    heat = family.isin(["heat", "cold"]).to_numpy(dtype=bool)
    heat_only = (family == "heat").to_numpy(dtype=bool)
    material = (family == "material").to_numpy(dtype=bool)
    outside = candidates["supplier_is_outside"].to_numpy(dtype=bool)
    boiler = prices.parameter("boiler_efficiency")

    demand = _resource_values(candidates["demand_resource"], prices)
    supply = _resource_values(candidates["supply_resource"], prices)
    demand_price, demand_waste = demand["price"], demand["waste"]
    default_receiver = np.where(demand_waste, np.maximum(-demand_price, 0.0), demand_price)
    default_receiver = np.where(
        heat_only, prices.parameter("gas_price_eur_per_mwh") / boiler, default_receiver
    )
    receiver_price = candidates["d_signed_cost_eur_per_unit"].to_numpy(dtype=float)
    receiver_price = np.where(np.isnan(receiver_price), default_receiver, receiver_price)

    supply_price, supply_waste = supply["price"], supply["waste"]
    default_fee = np.where(supply_waste, supply_price, 0.0)
    fee = candidates["s_signed_cost_eur_per_unit"].to_numpy(dtype=float)
    # Signed: a sale the supplier gives up is a cost of the exchange, not a saving of zero.
    fee = np.where(outside, 0.0, np.where(np.isnan(fee), default_fee, fee))

    charged_rules = [rid for rid, rule in rules.items() if rule.charge_supply_price]
    charged = outside | candidates["rule_id"].isin(charged_rules).to_numpy()
    # Upgrading water (reverse osmosis, demineralisation) costs its treatment on top.
    rule_ids = candidates["rule_id"]
    treatment_cost = rule_ids.map(
        {rid: rule.treatment_cost_eur_per_unit for rid, rule in rules.items()}
    ).to_numpy(dtype=float, na_value=0.0)
    treatment_ef = rule_ids.map(
        {rid: rule.treatment_emission_factor_kgco2e_per_unit for rid, rule in rules.items()}
    ).to_numpy(dtype=float, na_value=0.0)
    new_price = np.where(charged, supply_price, 0.0) + treatment_cost

    # A fuel counted in MWh travels in tonnes: MWh / (MWh/t).
    fuel = (family == "energy").to_numpy(dtype=bool) & ~np.isnan(supply["lhv_mwh_per_t"])
    truck = (candidates["transport_mode"] == "truck").to_numpy(dtype=bool) & (material | fuel)
    tonnes = np.where(fuel, quantity / np.where(fuel, supply["lhv_mwh_per_t"], 1.0), quantity)
    trips = np.where(truck, tonnes / truck_load_t(supply["bulk_density"], prices), 0.0)
    # Loaded there, empty back.
    driven_km = trips * 2.0 * route_km
    transport_cost = trips * prices.parameter(
        "truck_trip_fixed_cost_eur"
    ) + driven_km * prices.parameter("truck_cost_eur_per_km")
    pipe = (candidates["transport_mode"] == "pipe").to_numpy(dtype=bool)
    pipe_cost_per_m = np.where(
        heat,
        prices.parameter("heat_pipe_cost_eur_per_m"),
        prices.parameter("water_pipe_cost_eur_per_m"),
    )
    investment = np.where(
        pipe,
        pipe_cost_per_m * 1000.0 * route_km + prices.parameter("connection_fixed_cost_eur"),
        0.0,
    )
    crf = capital_recovery_factor(
        prices.parameter("discount_rate"), prices.parameter("pipe_lifetime_yr")
    )
    annualised = investment * crf

    existing = _flag(candidates, "existing")
    displaced = _flag(candidates, "displaced")
    # What a displaced company pays to buy the supply elsewhere: the market price of a product,
    # or minus the price of a co-product whose producer is paid; at least what the receiver
    # pays for the same resource, else the receiver would buy it elsewhere itself.
    partner_price = np.where(supply_waste, -supply_price, supply_price)
    same_resource = candidates["supply_resource"].astype("str").to_numpy(
        dtype=object
    ) == candidates["demand_resource"].astype("str").to_numpy(dtype=object)
    partner_price = np.where(same_resource, np.fmax(partner_price, receiver_price), partner_price)
    receiver_avoided = quantity * receiver_price
    supplier_change = quantity * fee
    displaced_cost = np.where(displaced, quantity * (partner_price + fee), 0.0)
    gross = receiver_avoided + supplier_change - displaced_cost
    new_cost = quantity * new_price
    net = gross - new_cost - transport_cost - annualised

    demand_ef = demand["emission_factor"]
    demand_ef = np.where(
        heat_only, prices.parameter("gas_emission_factor_kgco2e_per_mwh") / boiler, demand_ef
    )
    supply_ef = supply["emission_factor"]
    # A waste's factor is that of its disposal route: it is avoided only when the supplier pays
    # to dispose of it today, never for a co-product it already sells; and the receiver of a
    # waste replaces no production (its demand's factor is a disposal route too).
    if "s_disposed_of_today" in candidates:
        # The flow's route today (Flow.disposed_of_today), else its fee as below.
        disposed_today = ~outside & (candidates["s_disposed_of_today"].to_numpy(dtype=float) == 1)
    else:
        disposed_today = supply_waste & ~outside & (fee > 0)
    todays_route = np.where(disposed_today, supply_ef, 0.0)
    new_route = np.zeros(len(candidates))
    if "s_todays_route_ef" in candidates:
        # A waste of a family (treatments.yaml): the route it takes today against the route the
        # receiver's use gives it, each with its factor.
        family = supply["waste_family"] & ~outside
        route_today = candidates["s_todays_route_ef"].to_numpy(dtype=float)
        todays_route = np.where(family, np.nan_to_num(route_today, nan=0.0), todays_route)
        uses = candidates.get("d_use", pd.Series(None, index=candidates.index, dtype=object))
        new_route = np.where(family, _new_route_ef(candidates["supply_resource"], uses), 0.0)
    replaced_ef = np.where(demand_waste, 0.0, demand_ef) + todays_route - new_route
    new_ef = np.where(charged, supply_ef, 0.0) + treatment_ef
    truck_t = driven_km * prices.parameter("truck_emission_factor_kgco2e_per_km") / 1000.0
    co2e = quantity * (replaced_ef - new_ef) / 1000.0 - truck_t

    columns = {
        "investment_eur": investment,
        "annualised_investment_eur_per_yr": annualised,
        "transport_cost_eur_per_yr": transport_cost,
        "new_supply_cost_eur_per_yr": new_cost,
        "gross_saving_eur_per_yr": gross,
        "net_saving_eur_per_yr": net,
        "co2e_avoided_t_per_yr": co2e,
        "receiver_avoided_eur_per_yr": receiver_avoided,
        "supplier_change_eur_per_yr": supplier_change,
        "displaced_partner_cost_eur_per_yr": displaced_cost,
        "truck_trips_per_yr": trips,
    }
    # Today's trade is the baseline itself: no saving, no cost, no CO2e.
    return pd.DataFrame(
        {name: np.where(existing, 0.0, values) for name, values in columns.items()},
        index=candidates.index,
    )


def truck_load_t(
    bulk_density_t_per_m3: npt.NDArray[np.float64], prices: Prices
) -> npt.NDArray[np.float64]:
    """What one truck carries: its payload, or less when a light load fills it first. [t]

    ``min(truck_payload_t, truck_volume_m3 × bulk density)``; the payload where the density
    is unknown.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> prices = Prices(zone=load_example("toy"), overrides={})
    >>> truck_load_t(np.array([0.01, 0.9, np.nan]), prices).tolist()  # EPS boxes, fish, unknown
    [0.9, 25.0, 25.0]
    """
    payload = prices.parameter("truck_payload_t")
    by_volume = prices.parameter("truck_volume_m3") * bulk_density_t_per_m3
    return np.where(np.isnan(by_volume), payload, np.minimum(payload, by_volume))


def _new_route_ef(resources: pd.Series, uses: pd.Series) -> npt.NDArray[np.float64]:
    """Per candidate: the factor of the route the receiver's use gives the supply
    (:func:`~symbiosis.catalogue.treatments.new_route`), 0 for none. [kgCO2e per unit]"""
    keys = pd.MultiIndex.from_arrays(
        [pd.array(resources.astype("str"), dtype=object), pd.array(uses, dtype=object)]
    )
    codes, distinct = pd.factorize(keys)
    factors = np.zeros(len(distinct))
    for position, (resource, use) in enumerate(distinct):
        found = new_route(str(resource), None if pd.isna(use) else str(use))
        factors[position] = 0.0 if found is None else found.kgco2e_per_unit
    return factors[codes]


def _flag(candidates: pd.DataFrame, name: str) -> npt.NDArray[np.bool_]:
    """A boolean column of ``candidates``, all False when it is absent."""
    if name not in candidates:
        return np.zeros(len(candidates), dtype=bool)
    return candidates[name].to_numpy(dtype=bool)
