"""Builders shared by the optimiser tests: zones, exchange and pool rows, and a plan checker.

The exchange and pool tables follow the column contract of docs/tables.md, so the optimiser is
tested against the contract rather than against whatever the matcher returns today.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from symbiosis.catalogue import Parameter, parameter_reference_unit
from symbiosis.schemas import Company, Flow, OutsideParty, Zone

EXCHANGE_COLUMNS = [
    "opportunity_id", "kind", "rule_id", "supplier_id", "supplier_is_outside", "supply_flow_id",
    "receiver_id", "demand_flow_id", "supply_resource", "demand_resource", "family", "unit",
    "quantity_per_yr", "demand_share", "supply_share", "distance_km", "transport_mode",
    "investment_eur", "annualised_investment_eur_per_yr", "transport_cost_eur_per_yr",
    "monthly_overlap", "check_salinity", "check_cod", "check_suspended_solids",
    "check_temperature", "check_potable", "check_use_allowed", "check_distance", "feasible",
    "infeasible_reason", "gross_saving_eur_per_yr", "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr", "confidence", "score", "water_m3_per_yr", "material_t_per_yr",
    "heat_mwh_per_yr",
]  # fmt: skip

POOL_COLUMNS = [
    "pool_id", "resource", "pool_kind", "member_ids", "flow_ids", "member_count",
    "quantity_per_yr", "unit", "centroid_latitude", "centroid_longitude", "spread_km",
    "cost_separate_eur_per_yr", "cost_pooled_eur_per_yr", "saving_eur_per_yr", "investment_eur",
    "scaling_rule", "co2e_avoided_t_per_yr", "score",
]  # fmt: skip

_CANONICAL = {"water": "m3/yr", "material": "t/yr", "heat": "MWh/yr"}


def build_zone(
    companies: list[tuple[str, str]],
    flows: list[dict[str, Any]],
    parameters: dict[str, float] | None = None,
) -> Zone:
    """A zone from (id, name) pairs and flow dicts; the sea is always an outside party."""
    return Zone(
        name="test zone",
        companies=tuple(
            Company(id=company_id, name=name, sector_nace="10.20", latitude=50.72, longitude=1.59)
            for company_id, name in companies
        ),
        flows=tuple(Flow(**flow) for flow in flows),
        outside_parties=(
            OutsideParty(id="SEA", name="English Channel", kind="sea", supplies=("water.sea",)),
        ),
        parameters={
            # A parameter's unit may not be empty: the one symbiosis expresses it in.
            name: Parameter(value=value, unit=parameter_reference_unit(name) or "1", source="test")
            for name, value in (parameters or {}).items()
        },
    )


def exchange_row(
    opportunity_id: str,
    supplier_id: str,
    supply_flow_id: str | None,
    receiver_id: str,
    demand_flow_id: str,
    quantity: float,
    *,
    net_saving: float,
    investment: float = 0.0,
    annualised: float = 0.0,
    co2e: float = 0.0,
    supply_resource: str = "water.grey",
    demand_resource: str = "water.potable",
    family: str = "water",
    feasible: bool = True,
    check_cod: bool | None = None,
    reason: str = "",
    supply_quantity: float | None = None,
) -> dict[str, Any]:
    """One row of MatchResult.exchanges with every contract column."""
    outside = supply_flow_id is None
    quantity_column = {"water": "water_m3_per_yr", "material": "material_t_per_yr"}.get(
        family, "heat_mwh_per_yr"
    )
    row: dict[str, Any] = dict.fromkeys(EXCHANGE_COLUMNS, np.nan)
    row.update(
        opportunity_id=opportunity_id,
        kind="substitution" if outside else "exchange",
        rule_id="test",
        supplier_id=supplier_id,
        supplier_is_outside=outside,
        supply_flow_id=supply_flow_id,
        receiver_id=receiver_id,
        demand_flow_id=demand_flow_id,
        supply_resource=supply_resource,
        demand_resource=demand_resource,
        family=family,
        unit=_CANONICAL[family],
        quantity_per_yr=quantity,
        demand_share=1.0,
        supply_share=np.nan if outside else quantity / (supply_quantity or quantity),
        distance_km=0.3,
        transport_mode="pipe" if family != "material" else "truck",
        investment_eur=investment,
        annualised_investment_eur_per_yr=annualised,
        transport_cost_eur_per_yr=0.0,
        monthly_overlap=1.0,
        check_salinity=pd.NA,
        check_cod=pd.NA if check_cod is None else check_cod,
        check_suspended_solids=pd.NA,
        check_temperature=pd.NA,
        check_potable=True,
        check_use_allowed=True,
        check_distance=True,
        feasible=feasible,
        infeasible_reason=reason,
        gross_saving_eur_per_yr=net_saving + annualised,
        net_saving_eur_per_yr=net_saving,
        co2e_avoided_t_per_yr=co2e,
        confidence=0.5,
        score=0.5,
        water_m3_per_yr=0.0,
        material_t_per_yr=0.0,
        heat_mwh_per_yr=0.0,
    )
    row[quantity_column] = quantity
    return row


def pool_row(
    pool_id: str,
    resource: str,
    flow_ids: list[str],
    member_ids: list[str],
    quantity: float,
    *,
    saving: float,
    investment: float,
    co2e: float = 0.0,
    kind: str = "shared_supply",
) -> dict[str, Any]:
    """One row of MatchResult.pools with every contract column."""
    row: dict[str, Any] = dict.fromkeys(POOL_COLUMNS, np.nan)
    row.update(
        pool_id=pool_id,
        resource=resource,
        pool_kind=kind,
        member_ids=";".join(sorted(member_ids)),
        flow_ids=";".join(sorted(flow_ids)),
        member_count=len(member_ids),
        quantity_per_yr=quantity,
        unit="m3/yr",
        cost_separate_eur_per_yr=saving,
        cost_pooled_eur_per_yr=0.0,
        saving_eur_per_yr=saving,
        investment_eur=investment,
        scaling_rule="cost ∝ quantity^0.6 (six-tenths rule)",
        co2e_avoided_t_per_yr=co2e,
        score=0.5,
    )
    return row


def match_result(
    exchanges: list[dict[str, Any]], pools: list[dict[str, Any]] | None = None
) -> SimpleNamespace:
    """An object with the two tables of a MatchResult."""
    exchange_table = pd.DataFrame(exchanges, columns=EXCHANGE_COLUMNS)
    for column in [c for c in EXCHANGE_COLUMNS if c.startswith("check_")]:
        exchange_table[column] = exchange_table[column].astype("boolean")
    extra = sorted({key for pool in pools or [] for key in pool} - set(POOL_COLUMNS))
    return SimpleNamespace(
        exchanges=exchange_table,
        pools=pd.DataFrame(pools or [], columns=POOL_COLUMNS + extra),
    )


def check_plan(zone: Zone, selected: pd.DataFrame, blending: bool = False) -> None:
    """Check a plan against the zone's flows, independently of the solver's matrix."""
    flows = {flow.id: flow for flow in zone.flows}
    used: dict[str, float] = {}
    served: dict[str, float] = {}
    load: dict[str, dict[str, float]] = {}
    tolerance = 1e-6
    for row in selected.itertuples():
        if row.kind == "pool":
            for flow_id in str(row.supply_flow_id or "").split(";") + str(
                row.demand_flow_id or ""
            ).split(";"):
                if flow_id in flows:
                    target = used if flows[flow_id].direction == "supply" else served
                    target[flow_id] = target.get(flow_id, 0.0) + flows[flow_id].quantity_per_yr
            continue
        assert row.quantity_per_yr <= row.candidate_quantity_per_yr * (1 + tolerance)
        assert row.quantity_per_yr > 0
        if isinstance(row.supply_flow_id, str):
            used[row.supply_flow_id] = used.get(row.supply_flow_id, 0.0) + row.quantity_per_yr
        served[row.demand_flow_id] = served.get(row.demand_flow_id, 0.0) + row.quantity_per_yr
        supply = flows.get(row.supply_flow_id) if isinstance(row.supply_flow_id, str) else None
        for name, (source, limit) in {
            "cod": ("cod_mg_per_l", "max_cod_mg_per_l"),
            "salinity": ("salinity_g_per_l", "max_salinity_g_per_l"),
            "suspended_solids": ("suspended_solids_mg_per_l", "max_suspended_solids_mg_per_l"),
        }.items():
            demand = flows[row.demand_flow_id]
            if getattr(demand, limit) is None:
                continue
            concentration = getattr(supply, source) if supply is not None else None
            if concentration is None:
                concentration = getattr(demand, limit)  # unknown: at the limit
            sums = load.setdefault(f"{row.demand_flow_id}:{name}", {"q": 0.0, "qc": 0.0})
            sums["q"] += row.quantity_per_yr
            sums["qc"] += row.quantity_per_yr * concentration
    for flow_id, quantity in used.items():
        assert quantity <= flows[flow_id].quantity_per_yr * (1 + tolerance), flow_id
    for flow_id, quantity in served.items():
        assert quantity <= flows[flow_id].quantity_per_yr * (1 + tolerance), flow_id
    for key, sums in load.items():
        flow_id, name = key.split(":")
        demand = flows[flow_id]
        limit = getattr(
            demand,
            {
                "cod": "max_cod_mg_per_l",
                "salinity": "max_salinity_g_per_l",
                "suspended_solids": "max_suspended_solids_mg_per_l",
            }[name],
        )
        volume = demand.quantity_per_yr if blending else sums["q"]
        assert sums["qc"] <= limit * volume * (1 + tolerance) + tolerance, key
    assert selected["opportunity_id"].is_unique
    assert selected["opportunity_id"].tolist() == sorted(selected["opportunity_id"])


@pytest.fixture
def builders() -> SimpleNamespace:
    """The builders of this module, for tests in other files."""
    return SimpleNamespace(
        zone=build_zone,
        exchange=exchange_row,
        pool=pool_row,
        result=match_result,
        check=check_plan,
    )
