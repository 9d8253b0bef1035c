"""Refrigeration in the zone's heat targets: a heat pump working across the pinch.

A cold demand (a chill room cooled from 12 to 2 °C, a freezer at −25 or −40 °C) is not cold
utility that some colder stream of the zone could serve: it is met by a refrigeration plant,
which draws electricity and rejects at its condenser the heat it takes from the cold room plus
that electricity. With a coefficient of performance COP (cold delivered per unit of
electricity):

    electricity = cold / COP,    condenser heat = cold + electricity = cold × (1 + 1/COP).

The zone's heat targets therefore list refrigeration apart (:func:`zone_refrigeration`), with
the condenser heat it rejects; that heat enters the targets only where the zone states it as
a heat supply (a flow ``heat.low_grade`` at the condenser's temperature), so it is never
counted twice. The COP of each cold resource is the zone parameter
``refrigeration_cop_<resource>`` (``refrigeration_cop_cold_chilled``, 3;
``refrigeration_cop_cold_negative``, 2; values and sources in ``catalogue/parameters.yaml``).
"""

from __future__ import annotations

import math

import pandas as pd

from symbiosis.errors import InputError
from symbiosis.schemas import Flow, Zone

__all__ = ["REFRIGERATION_COLUMNS", "cop_parameter", "is_refrigeration", "zone_refrigeration"]

#: Columns of :func:`zone_refrigeration`.
REFRIGERATION_COLUMNS = (
    "id",
    "company_id",
    "resource",
    "target_temperature_c",
    "cop",
    "cold_mwh_per_yr",
    "electricity_mwh_per_yr",
    "condenser_heat_mwh_per_yr",
    "cold_kw",
    "condenser_heat_kw",
)


def cop_parameter(resource: str) -> str:
    """Name of the zone parameter that holds the COP of a cold resource.

    >>> cop_parameter("cold.negative")
    'refrigeration_cop_cold_negative'
    """
    return "refrigeration_cop_" + resource.replace(".", "_")


def is_refrigeration(flow: Flow) -> bool:
    """Whether a flow is a refrigeration load: a cold demand with a quantity."""
    return flow.family == "cold" and flow.direction == "demand" and flow.quantity_per_yr > 0


def zone_refrigeration(zone: Zone, *, operating_hours_per_yr: float | None = None) -> pd.DataFrame:
    """The zone's refrigeration loads and the heat their condensers reject.

    Parameters
    ----------
    zone : Zone
    operating_hours_per_yr : float, optional
        Hours per year for flows that do not state theirs, to give the rates. [h/yr]

    Returns
    -------
    pandas.DataFrame
        One row per cold demand, sorted by id: ``id`` (flow id), ``company_id``,
        ``resource``, ``target_temperature_c`` (the cold's temperature) [°C], ``cop`` [1],
        ``cold_mwh_per_yr``, ``electricity_mwh_per_yr`` (cold / COP) and
        ``condenser_heat_mwh_per_yr`` (cold × (1 + 1/COP)) [MWh/yr], and the rates while
        running ``cold_kw`` and ``condenser_heat_kw`` [kW], empty (NaN) for a flow whose
        operating hours are unknown (its flow's ``operating_hours_per_yr`` and the argument
        both missing).

    Raises
    ------
    InputError
        If the zone has no COP for a cold resource (``refrigeration_cop_<resource>``), or a
        COP is not positive.

    Examples
    --------
    Capécure sample: the freezer F39-02 keeps 2,382.72 MWh/yr of negative cold at −25 °C; at
    COP 2 it draws 2,382.72 / 2 = 1,191.36 MWh/yr of electricity and its condenser rejects
    2,382.72 × 1.5 = 3,574.08 MWh/yr, 408 kW over its 8,760 h:

    >>> from symbiosis import load_example
    >>> table = zone_refrigeration(load_example("capecure")).set_index("id")
    >>> table.loc["F39-02", ["cop", "electricity_mwh_per_yr", "condenser_heat_mwh_per_yr",
    ...                      "condenser_heat_kw"]].round(2).tolist()
    [2.0, 1191.36, 3574.08, 408.0]
    """
    rows = []
    for flow in sorted(zone.flows, key=lambda flow: flow.id):
        if not is_refrigeration(flow):
            continue
        name = cop_parameter(flow.resource)
        try:
            cop = float(zone.parameter(name).value)
        except InputError as error:
            raise InputError(
                f"flow {flow.id!r} ({flow.resource}) is refrigeration, but the zone has no COP "
                f"for it: add the parameter {name!r} to the zone ({error})"
            ) from None
        if not (math.isfinite(cop) and cop > 0):
            raise InputError(f"parameter {name!r} is {cop!r}; a COP must be > 0 [1]")
        hours = flow.operating_hours_per_yr or operating_hours_per_yr
        cold = float(flow.quantity_per_yr)
        cold_kw = 1000.0 * cold / hours if hours else math.nan
        rows.append(
            (
                flow.id,
                flow.company_id,
                flow.resource,
                flow.target_temperature_c,
                cop,
                cold,
                cold / cop,
                cold * (1.0 + 1.0 / cop),
                cold_kw,
                cold_kw * (1.0 + 1.0 / cop),
            )
        )
    return pd.DataFrame(rows, columns=list(REFRIGERATION_COLUMNS))
