"""Pooling (mutualisation): several companies sharing one supply, one collection or one service.

Three kinds of pool:

``shared_supply``
    Every feasible substitution from one outside party and resource (e.g. every demand that
    clean seawater may serve) shares one network: a pipe along the minimum spanning tree of the
    intake and the members' sites instead of one pipe from the intake to each site. The intake
    and treatment cost scales with the six-tenths rule below.
``joint_collection``
    Companies within ``pool_radius_km`` of one another (linked in chains) that pay to dispose of
    the same waste share one collection contract.
``shared_service``
    Companies within ``pool_radius_km`` that buy the same service share one contract.

Economy of scale, exponent ``n``: the zone parameter ``pooling_cost_exponent`` (0.6, the
six-tenths rule of equipment and networks) for shared supplies, and
``contract_pooling_cost_exponent`` (0.9) for joint collections and shared services, whose cost
is mostly labour and truck trips that scale nearly in proportion. Each member ``i`` pays
``c_i = p · Q_i`` apart, ``p = Σ c_i / Σ Q_i`` being the members' average unit cost; together they
pay ``p · Q_ref · (Q_total / Q_ref)^n`` with ``Q_ref`` the largest member's quantity. As
``Q_total / Q_ref ≥ 1`` and ``n ≤ 1``, the pooled cost never exceeds ``p · Q_total``, the sum of
the separate costs; ``n = 1`` means no economy of scale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from symbiosis.catalogue import resource_catalogue
from symbiosis.matching.config import MatchConfig
from symbiosis.matching.distance import haversine_km, radius_groups, spanning_tree_km
from symbiosis.matching.economics import Prices, capital_recovery_factor
from symbiosis.matching.scoring import saturating

__all__ = ["POOL_COLUMNS", "find_pools", "pooled_cost"]

#: Columns of ``MatchResult.pools`` (docs/tables.md), additions last.
POOL_COLUMNS: tuple[str, ...] = (
    "pool_id",
    "resource",
    "pool_kind",
    "member_ids",
    "flow_ids",
    "member_count",
    "quantity_per_yr",
    "unit",
    "centroid_latitude",
    "centroid_longitude",
    "spread_km",
    "cost_separate_eur_per_yr",
    "cost_pooled_eur_per_yr",
    "saving_eur_per_yr",
    "investment_eur",
    "scaling_rule",
    "co2e_avoided_t_per_yr",
    "score",
    "net_saving_eur_per_yr",
    "network_length_km",
    "opportunity_ids",
    "confidence",
    "supplier_id",
)


@dataclass
class _Draft:
    """A pool before its id, geometry and score."""

    resource: str
    pool_kind: str
    members: list[str]
    flow_ids: list[str]
    quantity_per_yr: float
    unit: str
    latitude: np.ndarray
    longitude: np.ndarray
    cost_separate: float
    cost_pooled: float
    investment: float = 0.0
    co2e: float = 0.0
    net_saving: float | None = None
    network_length_km: float = 0.0
    opportunity_ids: list[str] = field(default_factory=list)
    confidence: float = 1.0
    supplier_id: str = ""
    exponent: float = 0.6


def pooled_cost(costs: np.ndarray, quantities: np.ndarray, exponent: float) -> float:
    """Cost of serving the members together by the six-tenths rule. [EUR/yr]

    Parameters
    ----------
    costs : array
        What each member pays apart. [EUR/yr]
    quantities : array
        Each member's quantity. [unit]
    exponent : float
        Scaling exponent ``n`` (0.6 by the six-tenths rule). [-]

    Examples
    --------
    Two members of 100 and 300 h/yr at 28 EUR/h pay 11,200 EUR/yr apart; together
    28 × 300 × (400 / 300)^0.6 = 9,983 EUR/yr.

    >>> round(pooled_cost(np.array([2800.0, 8400.0]), np.array([100.0, 300.0]), 0.6))
    9983
    """
    total = float(np.sum(quantities))
    reference = float(np.max(quantities)) if len(quantities) else 0.0
    if total <= 0 or reference <= 0:
        return float(np.sum(costs))
    unit_cost = float(np.sum(costs)) / total
    return unit_cost * reference * (total / reference) ** exponent


def _scaling_rule(exponent: float) -> str:
    named = " (six-tenths rule)" if exponent == 0.6 else ""
    return f"cost ∝ quantity^{exponent:g}{named}, Q_ref = largest member"


def _geometry(latitude: np.ndarray, longitude: np.ndarray) -> tuple[float, float, float]:
    centre_lat, centre_lon = float(np.mean(latitude)), float(np.mean(longitude))
    spread = float(np.max(haversine_km(latitude, longitude, centre_lat, centre_lon)))
    return centre_lat, centre_lon, spread


def _supply_pools(
    exchanges: pd.DataFrame,
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    prices: Prices,
    config: MatchConfig,
) -> list[_Draft]:
    rows: list[_Draft] = []
    eligible = exchanges[exchanges["feasible"] & exchanges["supplier_is_outside"]]
    sites = flows.drop_duplicates("company_id").set_index("company_id")[["latitude", "longitude"]]
    exponent = prices.parameter("pooling_cost_exponent")
    crf = capital_recovery_factor(
        prices.parameter("discount_rate"), prices.parameter("pipe_lifetime_yr")
    )
    for (party, resource), group in eligible.groupby(["supplier_id", "supply_resource"], sort=True):
        members = sorted(set(group["receiver_id"]))
        if len(members) < 2:
            continue
        group = group.sort_values("opportunity_id")
        lat = sites.loc[members, "latitude"].to_numpy(dtype=float)
        lon = sites.loc[members, "longitude"].to_numpy(dtype=float)
        intake = outside[
            (outside["supplier_id"] == party) & (outside["supply_resource"] == resource)
        ]
        intake_lat, intake_lon = (
            float(intake["latitude"].iloc[0]),
            float(intake["longitude"].iloc[0]),
        )
        # Without the intake's position single pipes were costed at 0 km; so is the network.
        if np.isfinite(intake_lat) and np.isfinite(intake_lon):
            length = spanning_tree_km(np.r_[lat, intake_lat], np.r_[lon, intake_lon])
        else:
            length = 0.0
        family = resource_catalogue()[str(resource)].family
        pipe = prices.parameter(
            "heat_pipe_cost_eur_per_m"
            if family in ("heat", "cold")
            else "water_pipe_cost_eur_per_m"
        )
        investment = pipe * 1000.0 * length * config.route_factor + len(members) * prices.parameter(
            "connection_fixed_cost_eur"
        )
        by_member = group.groupby("receiver_id", sort=True)[
            ["new_supply_cost_eur_per_yr", "quantity_per_yr"]
        ].sum()
        supply_cost = pooled_cost(
            by_member["new_supply_cost_eur_per_yr"].to_numpy(),
            by_member["quantity_per_yr"].to_numpy(),
            exponent,
        )
        separate = float(
            group[
                [
                    "annualised_investment_eur_per_yr",
                    "transport_cost_eur_per_yr",
                    "new_supply_cost_eur_per_yr",
                ]
            ]
            .sum()
            .sum()
        )
        pooled = investment * crf + supply_cost
        rows.append(
            _Draft(
                resource=str(resource),
                pool_kind="shared_supply",
                members=members,
                flow_ids=sorted(group["demand_flow_id"]),
                quantity_per_yr=float(group["quantity_per_yr"].sum()),
                unit=str(group["unit"].iloc[0]),
                latitude=lat,
                longitude=lon,
                cost_separate=separate,
                cost_pooled=pooled,
                investment=investment,
                co2e=float(group["co2e_avoided_t_per_yr"].sum()),
                net_saving=float(group["gross_saving_eur_per_yr"].sum()) - pooled,
                network_length_km=length,
                opportunity_ids=list(group["opportunity_id"]),
                confidence=float(group["confidence"].mean()),
                supplier_id=str(party),
                exponent=exponent,
            )
        )
    return rows


def _contract_pools(flows: pd.DataFrame, prices: Prices, config: MatchConfig) -> list[_Draft]:
    """Joint collection of wastes the members pay to dispose of, and shared service contracts."""
    catalogue = resource_catalogue()
    exponent = prices.parameter("contract_pooling_cost_exponent")
    waste = {
        rid for rid, entry in catalogue.items() if entry.family == "material" and entry.ewc_codes
    }
    kinds = pd.Series("", index=flows.index, dtype="str")
    kinds[(flows["direction"] == "supply") & flows["resource"].isin(waste)] = "joint_collection"
    kinds[(flows["direction"] == "demand") & (flows["family"] == "service")] = "shared_service"
    chosen = flows[kinds != ""].assign(pool_kind=kinds[kinds != ""])
    if chosen.empty:
        return []
    default = chosen["resource"].map({rid: prices.price(rid) for rid in set(chosen["resource"])})
    chosen = chosen.assign(unit_cost=chosen["cost_eur_per_unit"].fillna(default).astype(float))
    chosen = chosen[chosen["unit_cost"] > 0].sort_values("id", kind="stable")
    chosen = chosen.assign(cost=chosen["unit_cost"] * chosen["annual_quantity"])
    keys = ["pool_kind", "resource", "company_id"]
    by_member = chosen.groupby(keys, sort=True)
    members = by_member.agg(
        latitude=("latitude", "first"),
        longitude=("longitude", "first"),
        quantity=("annual_quantity", "sum"),
        cost=("cost", "sum"),
        confidence=("confidence", "sum"),
        flows=("id", "count"),
    ).reset_index()
    member_of_flow = by_member.ngroup().to_numpy(dtype=np.int64)
    latitude = members["latitude"].to_numpy(dtype=float)
    longitude = members["longitude"].to_numpy(dtype=float)
    # Members come sorted by kind, resource and company: each (kind, resource) is one block.
    block = members.groupby(["pool_kind", "resource"], sort=False).ngroup().to_numpy()
    labels = np.zeros(len(members), dtype=np.int64)
    for rows in members.groupby(["pool_kind", "resource"], sort=False).indices.values():
        labels[rows] = radius_groups(latitude[rows], longitude[rows], config.pool_radius_km)
    # One pass: members by (kind, resource, group), companies in order within a group.
    order = np.lexsort((labels, block))
    key = block[order] * (int(labels.max(initial=0)) + 1) + labels[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(order)]
    pool_of_member = np.empty(len(members), dtype=np.int64)
    pool_of_member[order] = np.repeat(np.arange(len(starts)), ends - starts)
    flow_pool = pool_of_member[member_of_flow]
    by_pool = np.argsort(flow_pool, kind="stable")
    flow_ids = chosen["id"].to_numpy(dtype=object)[by_pool]
    flow_bounds = np.searchsorted(flow_pool[by_pool], np.arange(len(starts) + 1))
    kinds_of = members["pool_kind"].to_numpy(dtype=object)
    resources_of = members["resource"].to_numpy(dtype=object)
    companies = members["company_id"].astype(str).to_numpy(dtype=object)
    quantities = members["quantity"].to_numpy(dtype=float)
    costs = members["cost"].to_numpy(dtype=float)
    confidences = members["confidence"].to_numpy(dtype=float)
    counts = members["flows"].to_numpy()
    drafts: list[_Draft] = []
    for pool, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if end - start < 2:
            continue
        rows = order[start:end]
        quantity = quantities[rows]
        cost = costs[rows]
        rid = str(resources_of[rows[0]])
        drafts.append(
            _Draft(
                resource=rid,
                pool_kind=str(kinds_of[rows[0]]),
                members=companies[rows].tolist(),
                flow_ids=sorted(flow_ids[flow_bounds[pool] : flow_bounds[pool + 1]].tolist()),
                quantity_per_yr=float(quantity.sum()),
                unit=catalogue[rid].canonical_unit,
                latitude=latitude[rows],
                longitude=longitude[rows],
                cost_separate=float(cost.sum()),
                cost_pooled=pooled_cost(cost, quantity, exponent),
                confidence=float(confidences[rows].sum() / counts[rows].sum()),
                exponent=exponent,
            )
        )
    return drafts


def _empty_pools() -> pd.DataFrame:
    table = pd.DataFrame({column: pd.Series([], dtype=float) for column in POOL_COLUMNS})
    for column in [
        "supplier_id",
        "pool_id",
        "resource",
        "pool_kind",
        "member_ids",
        "flow_ids",
        "unit",
        "scaling_rule",
        "opportunity_ids",
    ]:
        table[column] = table[column].astype("str")
    table["member_count"] = table["member_count"].astype("int64")
    return table


def find_pools(
    exchanges: pd.DataFrame,
    flows: pd.DataFrame,
    outside: pd.DataFrame,
    prices: Prices,
    config: MatchConfig,
) -> pd.DataFrame:
    """The pooling opportunities of a zone (see the module notes).

    Parameters
    ----------
    exchanges : pandas.DataFrame
        ``MatchResult.exchanges`` (the feasible outside substitutions make the shared supplies).
    flows, outside : pandas.DataFrame
        ``MatchInputs.flows`` and ``MatchInputs.outside``.
    prices : Prices
        Parameters of the run (pipe costs, the two pooling exponents, discount rate).
    config : MatchConfig
        ``pool_radius_km``, ``route_factor`` and the weights.

    Returns
    -------
    pandas.DataFrame
        :data:`POOL_COLUMNS`, sorted by ``saving_eur_per_yr`` descending, then ``pool_id``.
        ``score = (w_saving · sat(net saving) + w_co2e · sat(CO2e) + w_confidence · confidence)
        / (w_saving + w_co2e + w_confidence)`` with the saturations of
        :mod:`symbiosis.matching.scoring`.
    """
    rows = _supply_pools(exchanges, flows, outside, prices, config) + _contract_pools(
        flows, prices, config
    )
    if not rows:
        return _empty_pools()
    rows.sort(key=lambda row: (row.resource, row.pool_kind, ";".join(row.members)))
    count: dict[str, int] = {}
    weights = config.weights
    total_weight = weights["saving"] + weights["co2e"] + weights["confidence"]
    records = []
    for row in rows:
        count[row.resource] = count.get(row.resource, 0) + 1
        centre_lat, centre_lon, spread = _geometry(row.latitude, row.longitude)
        net = row.cost_separate - row.cost_pooled if row.net_saving is None else row.net_saving
        saving_score = float(saturating([net], config.saving_reference_eur_per_yr)[0])
        if total_weight > 0:
            co2e_score = float(saturating([row.co2e], config.co2e_reference_t_per_yr)[0])
            score = (
                weights["saving"] * saving_score
                + weights["co2e"] * co2e_score
                + weights["confidence"] * row.confidence
            ) / total_weight
        else:
            score = saving_score
        records.append(
            {
                "pool_id": f"PO-{row.resource}-{count[row.resource]:02d}",
                "resource": row.resource,
                "pool_kind": row.pool_kind,
                "member_ids": ";".join(row.members),
                "flow_ids": ";".join(row.flow_ids),
                "member_count": len(row.members),
                "quantity_per_yr": row.quantity_per_yr,
                "unit": row.unit,
                "centroid_latitude": centre_lat,
                "centroid_longitude": centre_lon,
                "spread_km": spread,
                "cost_separate_eur_per_yr": row.cost_separate,
                "cost_pooled_eur_per_yr": row.cost_pooled,
                "saving_eur_per_yr": row.cost_separate - row.cost_pooled,
                "investment_eur": row.investment,
                "scaling_rule": _scaling_rule(row.exponent),
                "co2e_avoided_t_per_yr": row.co2e,
                "score": min(max(score, 0.0), 1.0),
                "net_saving_eur_per_yr": net,
                "network_length_km": row.network_length_km,
                "opportunity_ids": ";".join(row.opportunity_ids),
                "confidence": row.confidence,
                "supplier_id": row.supplier_id,
            }
        )
    table = pd.DataFrame.from_records(records, columns=list(POOL_COLUMNS))
    table["member_count"] = table["member_count"].astype("int64")
    table = table.sort_values(
        ["saving_eur_per_yr", "pool_id"], ascending=[False, True], kind="stable"
    )
    return table.reset_index(drop=True)
