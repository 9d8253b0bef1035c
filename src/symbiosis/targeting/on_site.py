"""On-site recovery first: the heat each company could recover within its own walls, per flow.

A company's own heat recovery (its stand-alone pinch) comes before any pipe to a neighbour: a
neighbour's heat should not be sent to a demand that the company could heat with its own
condenser. :func:`heat_after_on_site` says, for every heat flow of the zone's heat streams
(:func:`~symbiosis.targeting.zone_heat_streams`), what is left for other companies once its
company has recovered what it can:

* each company's problem table on annual heat (CP = MWh/yr over the stream's range, so that
  heat is in MWh/yr; as the plan's temperature intervals, every flow of a company is taken
  to run at the same time);
* the hot utility the company still needs enters each shifted interval as its sink profile
  (the grand composite curve above the pinch, pockets removed): U(T) = HU − min of the heat
  cascaded at or above T; the heat it still rejects leaves each interval as its source
  profile: E(T) = min of the heat cascaded at or below T;
* within an interval that heat is shared among the company's cold (resp. hot) streams in
  proportion to their CP. A demand's share is what it still needs from outside, a supply's
  share what it can still give;
* a flow keeps that quantity, over the top of its range for a demand (the company heats the
  bottom itself) and over the bottom of its range for a supply (the company uses its hottest
  heat itself). Those placements are the least favourable for an exchange, so no exchange
  between what is left promises more than the pinch allows between the companies. Steam
  keeps its saturation temperature and only its quantity changes.

The matcher (:func:`symbiosis.matching.match`) and the plan's optimiser give exchanges between
companies only what is left after on-site recovery, which is itself reported per company
(:func:`~symbiosis.targeting.zone_heat_recovery_potential`, ``on_site_recovery_kw``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from symbiosis.schemas import Zone
from symbiosis.targeting.heat import FloatArray, _checked_streams
from symbiosis.targeting.zone import _heat_stream_flows

__all__ = ["ON_SITE_COLUMNS", "heat_after_on_site", "with_heat_after_on_site"]

#: Columns of :func:`heat_after_on_site`.
ON_SITE_COLUMNS = (
    "id",
    "company_id",
    "quantity_per_yr",
    "on_site_per_yr",
    "after_on_site_per_yr",
    "supply_temperature_c",
    "target_temperature_c",
)


def heat_after_on_site(zone: Zone, dt_min_k: float) -> pd.DataFrame:
    """What each heat flow leaves for other companies after its company's own recovery.

    Parameters
    ----------
    zone : Zone
    dt_min_k : float
        Minimum approach temperature within a company. [K]

    Returns
    -------
    pandas.DataFrame
        One row per heat stream of the zone (flows with both temperatures, and steam), sorted
        by id: ``id``, ``company_id``, ``quantity_per_yr`` (the flow's), ``on_site_per_yr``
        (recovered within its company) and ``after_on_site_per_yr`` (the rest) [MWh/yr], and
        ``supply_temperature_c`` and ``target_temperature_c`` [°C], the range the rest is
        placed on (the flow's own for steam and for flows that keep all their heat).

    Examples
    --------
    Toy zone: no company has both a hot and a cold stream, so every flow keeps all its heat:

    >>> from symbiosis import load_example
    >>> table = heat_after_on_site(load_example("toy"), 10.0)
    >>> bool((table["after_on_site_per_yr"] == table["quantity_per_yr"]).all())
    True
    """
    stream_flows, _ = _heat_stream_flows(zone)
    if not stream_flows:
        return pd.DataFrame(columns=list(ON_SITE_COLUMNS))
    table = pd.DataFrame(
        {
            "id": [flow.id for flow, _, _ in stream_flows],
            "company_id": [flow.company_id for flow, _, _ in stream_flows],
            "supply_temperature_c": [start for _, start, _ in stream_flows],
            "target_temperature_c": [end for _, _, end in stream_flows],
            "cp_kw_per_k": [
                flow.quantity_per_yr / abs(start - end) for flow, start, end in stream_flows
            ],
        }
    )
    # Checked as pinch streams (CP here in MWh/yr per K).
    _checked_streams(table, dt_min_k, company_column="company_id")
    quantity = np.array([flow.quantity_per_yr for flow, _, _ in stream_flows], dtype=float)
    left = np.empty(len(table))
    for company_id in sorted(table["company_id"].unique()):
        rows = np.flatnonzero(table["company_id"].to_numpy() == company_id)
        left[rows] = _left_for_others(
            table["supply_temperature_c"].to_numpy(dtype=float)[rows],
            table["target_temperature_c"].to_numpy(dtype=float)[rows],
            table["cp_kw_per_k"].to_numpy(dtype=float)[rows],
            float(dt_min_k),
        )
    # Sums of shares round off: a flow within a billionth of all or nothing is exactly that.
    left = np.clip(left, 0.0, quantity)
    left = np.where(np.isclose(left, quantity, rtol=1e-9, atol=0.0), quantity, left)
    left = np.where(left <= 1e-9 * quantity, 0.0, left)
    start = np.array([flow.supply_temperature_c for flow, _, _ in stream_flows], dtype=float)
    end = np.array([flow.target_temperature_c for flow, _, _ in stream_flows], dtype=float)
    is_steam = np.array([flow.resource == "heat.steam" for flow, _, _ in stream_flows])
    stream_start = table["supply_temperature_c"].to_numpy(dtype=float)
    stream_end = table["target_temperature_c"].to_numpy(dtype=float)
    span = np.abs(stream_start - stream_end)
    # The rest over the top of a cold stream's range, the bottom of a hot stream's.
    width = span * np.divide(left, quantity, out=np.zeros_like(left), where=quantity > 0)
    hot = stream_start > stream_end
    moved = ~is_steam & (left > 0) & (left < quantity)
    start = np.where(moved & ~hot, stream_end - width, start)
    start = np.where(moved & hot, stream_end + width, start)
    return pd.DataFrame(
        {
            "id": table["id"],
            "company_id": table["company_id"],
            "quantity_per_yr": quantity,
            "on_site_per_yr": quantity - left,
            "after_on_site_per_yr": left,
            "supply_temperature_c": start,
            "target_temperature_c": end,
        }
    ).sort_values("id", ignore_index=True)


def with_heat_after_on_site(flows: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """A flows table (``id``, ``quantity_per_yr``, ``supply_temperature_c``, …) with each heat
    flow's quantity and range replaced by what it leaves for other companies (``after``, from
    :func:`heat_after_on_site`); the other flows unchanged. A copy; the index is kept."""
    result = flows.copy()
    position = pd.Index(after["id"]).get_indexer(result["id"])
    found = position >= 0
    for column, source in (
        ("quantity_per_yr", "after_on_site_per_yr"),
        ("supply_temperature_c", "supply_temperature_c"),
        ("target_temperature_c", "target_temperature_c"),
    ):
        values = result[column].to_numpy(dtype=object).copy()
        values[found] = after[source].to_numpy(dtype=float)[position[found]]
        result[column] = pd.array(values, dtype=result[column].dtype)
    return result


def _left_for_others(
    supply: FloatArray, target: FloatArray, cp: FloatArray, dt_min_k: float
) -> FloatArray:
    """For one company's streams: the heat each cold stream still needs from outside and each
    hot stream still has to give, after the company's own recovery (sink and source profiles
    shared in proportion to CP)."""
    hot = supply > target
    shift = np.where(hot, -dt_min_k / 2, dt_min_k / 2)
    upper = np.maximum(supply, target) + shift
    lower = np.minimum(supply, target) + shift
    boundaries = np.unique(np.concatenate([upper, lower]))[::-1]
    inside = (upper[:, None] >= boundaries[None, :-1]) & (lower[:, None] <= boundaries[None, 1:])
    net_cp = np.where(hot, -cp, cp) @ inside
    cascade = np.concatenate([[0.0], -np.cumsum(net_cp * -np.diff(boundaries))])
    heat_flow = cascade + max(0.0, -float(cascade.min()))
    # Hot utility still needed at or above each boundary, and heat still rejected at or below.
    needed = heat_flow[0] - np.minimum.accumulate(heat_flow)
    rejected = np.minimum.accumulate(heat_flow[::-1])[::-1]
    needed_in = np.diff(needed)
    rejected_in = np.diff(rejected)
    cold_cp = np.where(~hot[:, None] & inside, cp[:, None], 0.0)
    hot_cp = np.where(hot[:, None] & inside, cp[:, None], 0.0)
    cold_share = np.divide(
        cold_cp, cold_cp.sum(axis=0), out=np.zeros_like(cold_cp), where=cold_cp.sum(axis=0) > 0
    )
    hot_share = np.divide(
        hot_cp, hot_cp.sum(axis=0), out=np.zeros_like(hot_cp), where=hot_cp.sum(axis=0) > 0
    )
    return np.where(hot, hot_share @ rejected_in, cold_share @ needed_in)
