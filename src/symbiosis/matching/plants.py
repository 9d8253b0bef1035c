"""Plants that an outside supply needs before it can flow: clean seawater's intake and treatment.

A substitution from an outside party whose resource needs a plant (the catalogue's
``shared_plant_capex_eur`` and ``shared_plant_capacity_per_yr``: for clean seawater the intake,
pumping station, filtration, disinfection (UV or ozone), storage and monitoring) pays for one.
Its investment follows the six-tenths rule of the reference plant,
``capex_ref × (Q / Q_ref)^n`` with ``n`` the zone's ``pooling_cost_exponent``; its running cost
is the resource's price per unit, which is never scaled (energy, filters and lamps are bought
per cubic metre). A single substitution pays a plant of its own size (:func:`charge_own_plants`);
a shared supply pays one plant for all its members (:mod:`symbiosis.matching.pools`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from symbiosis.catalogue import resource_catalogue
from symbiosis.matching.economics import Prices

__all__ = ["own_plant_investment_eur", "plant_capex_eur", "plant_reference"]


def plant_capex_eur(resource: str, quantity_per_yr: float, prices: Prices) -> float:
    """Investment in the shared plant of an outside supply, by the six-tenths rule. [EUR]

    ``capex_ref × (Q / Q_ref)^n`` with the catalogue's reference plant of the resource
    (``shared_plant_capex_eur`` for ``shared_plant_capacity_per_yr``, each overridable as
    ``<resource>.shared_plant_capex_eur`` in the zone or the config) and ``n`` the zone's
    ``pooling_cost_exponent``. 0 when the catalogue gives the resource no plant.

    Parameters
    ----------
    resource : str
        Catalogue id of the supply (e.g. ``water.sea``).
    quantity_per_yr : float
        Quantity the plant delivers. [canonical unit]
    prices : Prices
        Parameters of the run.

    Examples
    --------
    The clean-seawater plant of Lorient Keroman, 2.47 MEUR for 250,000 m³/yr, scaled to
    500,000 m³/yr: 2,470,000 × 2^0.6 = 3,743,820 EUR.

    >>> from symbiosis import load_example
    >>> from symbiosis.matching.economics import Prices
    >>> round(plant_capex_eur("water.sea", 500_000.0, Prices(load_example("toy"), {})))
    3743820
    """
    capex, capacity = plant_reference(resource, prices)
    if capex <= 0 or quantity_per_yr <= 0:
        return 0.0
    exponent = prices.parameter("pooling_cost_exponent")
    return capex * (quantity_per_yr / capacity) ** exponent


def plant_reference(resource: str, prices: Prices) -> tuple[float, float]:
    """The reference plant of a resource: investment [EUR] and capacity [unit/yr] (0, 1 if none).

    The catalogue's figures, each overridable as ``<resource>.shared_plant_capex_eur`` or
    ``<resource>.shared_plant_capacity_per_yr`` in the zone's parameters or the config.
    """
    entry = resource_catalogue()[resource]
    values = []
    for field, default in (
        ("shared_plant_capex_eur", entry.shared_plant_capex_eur),
        ("shared_plant_capacity_per_yr", entry.shared_plant_capacity_per_yr),
    ):
        key = f"{resource}.{field}"
        if key in prices.overrides:
            values.append(float(prices.overrides[key]))
        elif key in prices.zone.parameters:
            values.append(float(prices.zone.parameters[key].value))
        else:
            values.append(float("nan") if default is None else float(default))
    capex, capacity = values
    if not (np.isfinite(capex) and np.isfinite(capacity) and capacity > 0):
        return 0.0, 1.0
    return capex, capacity


def own_plant_investment_eur(
    supply_resource: npt.ArrayLike,
    quantity_per_yr: npt.ArrayLike,
    supplier_is_outside: npt.ArrayLike,
    prices: Prices,
) -> npt.NDArray[np.float64]:
    """The plant each outside substitution would build on its own, 0 where none is needed. [EUR]

    Parameters
    ----------
    supply_resource : array of str
        Catalogue id of each candidate's supply.
    quantity_per_yr : array of float
        Quantity each candidate moves. [canonical unit]
    supplier_is_outside : array of bool
        Whether the supplier is an outside party (only those draw through a plant).
    prices : Prices
        Parameters of the run.
    """
    resources = np.asarray(supply_resource, dtype=object)
    quantity = np.asarray(quantity_per_yr, dtype=float)
    outside = np.asarray(supplier_is_outside, dtype=bool)
    investment = np.zeros(len(resources))
    for resource in sorted({str(r) for r in resources[outside]}):
        capex, capacity = plant_reference(resource, prices)
        if capex <= 0:
            continue
        rows = outside & (resources == resource) & (quantity > 0)
        exponent = prices.parameter("pooling_cost_exponent")
        investment[rows] = capex * (quantity[rows] / capacity) ** exponent
    return investment
