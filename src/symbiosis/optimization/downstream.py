"""What a plan sends downstream: the salt of outside water reaching the town's treatment plant.

Water a plan brings into the zone from an outside party (clean seawater, by a substitution or a
shared supply) replaces drinking water and, once used, goes down the sewer with its salt: salt
does not evaporate, and the blowdown of an evaporative unit carries what its make-up brought.
Water passed between companies adds nothing, its salt reached the sewer before. The zone's
added load is compared with the plant that receives the zone's wastewater (a company whose
demand is ``water.waste``, its inflow per year): the mean chloride it adds at the plant's inlet,
``chloride load / inflow``, above ``wwtp_max_added_chloride_mg_per_l`` is a warning on the plan.

For 10,000 m³/yr of seawater at 19,900 mg/L of chloride: 10,000 × 19,900 / 10⁶ = 199 t/yr of
chloride; at 35 g/L, 350 t/yr of salt.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from symbiosis.catalogue import get_resource, outside_supply_quality
from symbiosis.matching.checks import format_number
from symbiosis.schemas import Zone

__all__ = ["SewerSalt", "salt_warnings", "sewer_salt"]

#: The wastewater a treatment plant of the zone takes in (its demand's resource).
_WASTEWATER = "water.waste"


class SewerSalt(NamedTuple):
    """The salt a plan sends to the sewer and the plant that receives it."""

    water_m3_per_yr: float
    resources: tuple[str, ...]
    salt_t_per_yr: float
    chloride_t_per_yr: float
    plant_ids: tuple[str, ...]
    plant_inflow_m3_per_yr: float

    @property
    def added_chloride_mg_per_l(self) -> float:
        """Mean chloride the load adds at the plants' inlet (NaN without a plant). [mg/L]"""
        if self.plant_inflow_m3_per_yr <= 0:
            return float("nan")
        # t/yr × 10⁹ mg/t over m³/yr × 10³ L/m³
        return self.chloride_t_per_yr * 1e6 / self.plant_inflow_m3_per_yr


def sewer_salt(zone: Zone, selected: pd.DataFrame) -> SewerSalt:
    """The water from outside parties a plan's rows bring into the zone, and its salt.

    Parameters
    ----------
    zone : Zone
        The zone (its treatment plant: the companies with a demand of ``water.waste``).
    selected : pandas.DataFrame
        :attr:`Plan.selected`: ``kind``, ``resource``, ``family`` and ``quantity_per_yr``.

    Returns
    -------
    SewerSalt
        Water [m³/yr], salt and chloride [t/yr] of the rows of kind ``substitution`` or
        ``pool`` of the water family (supplied from outside the zone), with the quality of
        their resource (``rules.yaml``: ``outside_supply_quality``); the plants and their
        inflow [m³/yr].

    Examples
    --------
    >>> from symbiosis import load_example
    >>> rows = pd.DataFrame({"kind": ["substitution"], "resource": ["water.sea"],
    ...                      "family": ["water"], "quantity_per_yr": [10_000.0]})
    >>> found = sewer_salt(load_example("toy"), rows)
    >>> round(found.chloride_t_per_yr, 6), round(found.salt_t_per_yr, 6)
    (199.0, 350.0)
    """
    quality = outside_supply_quality()
    water = salt = chloride = 0.0
    resources: set[str] = set()
    outside = selected[
        selected["kind"].isin(["substitution", "pool"]) & (selected["family"] == "water")
    ]
    for resource, quantity in zip(outside["resource"], outside["quantity_per_yr"], strict=True):
        known = quality.get(str(resource))
        if known is None:
            continue
        water += float(quantity)
        resources.add(str(resource))
        # m³/yr × g/L = kg/yr; m³/yr × mg/L = g/yr
        salt += float(quantity) * (known.value("salinity_g_per_l") or 0.0) / 1e3
        chloride += float(quantity) * (known.value("chloride_mg_per_l") or 0.0) / 1e6
    intakes = [
        flow for flow in zone.flows if flow.direction == "demand" and flow.resource == _WASTEWATER
    ]
    plants = tuple(sorted({flow.company_id for flow in intakes}))
    inflow = sum(flow.quantity_per_yr for flow in intakes)
    return SewerSalt(water, tuple(sorted(resources)), salt, chloride, plants, float(inflow))


def salt_warnings(zone: Zone, selected: pd.DataFrame) -> tuple[str, ...]:
    """Warnings on the salt a plan sends to the town's treatment plant ('' for none).

    One warning when the plan brings salt water in and the mean chloride it adds at the
    plant's inlet exceeds the zone parameter ``wwtp_max_added_chloride_mg_per_l``, or when no
    plant of the zone states its inflow.
    """
    load = sewer_salt(zone, selected)
    if load.chloride_t_per_yr <= 0:
        return ()
    label = ", ".join(get_resource(resource).label_en for resource in load.resources)
    sent = (
        f"the plan brings {format_number(load.water_m3_per_yr)} m³/yr of water from outside "
        f"the zone ({label}) that ends in the sewer with "
        f"{format_number(load.salt_t_per_yr)} t/yr of salt, "
        f"{format_number(load.chloride_t_per_yr)} t/yr of chloride"
    )
    if not load.plant_ids:
        return (
            f"Salt to the sewer: {sent}; no company of the zone states the wastewater its "
            "treatment plant takes in (a demand of water.waste), so the load is not compared "
            "with it: ask the plant what chloride it accepts.",
        )
    threshold = zone.parameter("wwtp_max_added_chloride_mg_per_l")
    added = load.added_chloride_mg_per_l
    if added <= threshold.value:
        return ()
    names = ", ".join(f"{zone.company(plant).name} ({plant})" for plant in load.plant_ids)
    return (
        f"Salt to the sewer: {sent}. The plant {names} takes in "
        f"{format_number(load.plant_inflow_m3_per_yr)} m³/yr: its mean inlet chloride rises by "
        f"{format_number(added)} mg/L, above the {format_number(threshold.value)} mg/L of "
        "wwtp_max_added_chloride_mg_per_l. Agree the discharge with the plant (sewer "
        "discharge agreement) or treat the salt water before the sewer.",
    )
