"""A hand-drawn zone with a match result and a plan that follow docs/tables.md.

    SEA ──water 3000──▶ ECHO                (substitution, outside party)
    ALPHA ──water 1500──▶ BRAVO ──heat 900──▶ CHARLIE ──material 400──▶ DELTA
    ALPHA ◀──▶ PO-material.cardboard-01 ◀──▶ ECHO   (joint collection of cardboard)

On the undirected company view (the sea left out) the network is the path
ECHO – pool – ALPHA – BRAVO – CHARLIE – DELTA, so the pool, ALPHA, BRAVO and CHARLIE are
articulation points, ECHO and DELTA are not. ECHO is a confidential company and its cardboard
flow FE2 is confidential: a shareable export drops the pool (it contains FE2).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pytest

from symbiosis.schemas import Company, Flow, OutsideParty, Zone

NAMES = {
    "ALPHA": "Aqua Marée SAS",
    "BRAVO": "Boréal Filets",
    "CHARLIE": "Cryo Froid Nord",
    "DELTA": "Delta Farine",
    "ECHO": "Écaille Secrète",
}


@dataclass(frozen=True)
class FakeResult:
    exchanges: pd.DataFrame
    pools: pd.DataFrame

    def explain(self, opportunity_id: str) -> str:
        return f"Opportunity {opportunity_id}: explained."


@dataclass(frozen=True)
class FakePlan:
    selected: pd.DataFrame
    indicators: pd.Series


def hand_zone() -> Zone:
    positions = {
        "ALPHA": (50.7200, 1.5900),
        "BRAVO": (50.7210, 1.5910),
        "CHARLIE": (50.7220, 1.5920),
        "DELTA": (50.7230, 1.5950),
        "ECHO": (50.7190, 1.5880),
    }
    companies = tuple(
        Company(
            id=company_id,
            name=NAMES[company_id],
            sector_nace="10.20",
            latitude=latitude,
            longitude=longitude,
            archetype="secret kind" if company_id == "ECHO" else "filleting plant",
            confidential=company_id == "ECHO",
        )
        for company_id, (latitude, longitude) in positions.items()
    )

    def flow(
        flow_id: str,
        company_id: str,
        direction: str,
        resource: str,
        quantity: float,
        unit: str,
        **extra: object,
    ) -> Flow:
        return Flow(
            id=flow_id,
            company_id=company_id,
            direction=direction,
            resource=resource,
            quantity=quantity,
            unit=unit,
            **extra,
        )

    flows = (
        flow("FA1", "ALPHA", "supply", "water.grey", 2000, "m3/yr", cod_mg_per_l=300),
        flow("FA3", "ALPHA", "supply", "material.cardboard", 30, "t/yr"),
        flow("FB1", "BRAVO", "demand", "water.potable", 1500, "m3/yr", use="floor_washing"),
        flow("FB2", "BRAVO", "supply", "heat.low_grade", 900, "MWh/yr"),
        flow("FC1", "CHARLIE", "demand", "heat.hot_water", 1000, "MWh/yr"),
        flow("FC2", "CHARLIE", "supply", "material.fish_byproducts", 400, "t/yr"),
        flow("FD1", "DELTA", "demand", "material.fish_byproducts", 20000, "t/yr"),
        flow("FE1", "ECHO", "demand", "water.potable", 3000, "m3/yr", use="whole_fish_washing"),
        flow("FE2", "ECHO", "supply", "material.cardboard", 20, "t/yr", confidential=True),
    )
    sea = OutsideParty(
        id="SEA",
        name="English Channel",
        kind="sea",
        latitude=50.7250,
        longitude=1.5850,
        supplies=("water.sea",),
    )
    network = OutsideParty(
        id="NET", name="Public water network", kind="water_network", supplies=("water.potable",)
    )
    return Zone(
        name="hand",
        description="Drawn by hand for the graph tests.",
        companies=companies,
        flows=flows,
        outside_parties=(sea, network),
    )


_EXCHANGE_ROWS = [
    # opportunity_id, kind, supplier, outside, supply flow, receiver, demand flow, supply res,
    # demand res, family, unit, quantity, distance, net saving, co2e, score, feasible, reason
    (
        "EX-FA1-FB1",
        "exchange",
        "ALPHA",
        False,
        "FA1",
        "BRAVO",
        "FB1",
        "water.grey",
        "water.potable",
        "water",
        "m3/yr",
        1500.0,
        0.14,
        1200.0,
        0.5,
        0.8,
        True,
        "",
    ),
    (
        "EX-FA1-FE1",
        "exchange",
        "ALPHA",
        False,
        "FA1",
        "ECHO",
        "FE1",
        "water.grey",
        "water.potable",
        "water",
        "m3/yr",
        2000.0,
        0.22,
        0.0,
        0.0,
        0.0,
        False,
        "COD 300 mg/L above the 0 mg/L Écaille Secrète (ECHO) accepts",
    ),
    (
        "HR-FB2-FC1",
        "heat_recovery",
        "BRAVO",
        False,
        "FB2",
        "CHARLIE",
        "FC1",
        "heat.low_grade",
        "heat.hot_water",
        "heat",
        "MWh/yr",
        900.0,
        0.13,
        30000.0,
        180.0,
        0.9,
        True,
        "",
    ),
    (
        "EX-FC2-FD1",
        "exchange",
        "CHARLIE",
        False,
        "FC2",
        "DELTA",
        "FD1",
        "material.fish_byproducts",
        "material.fish_byproducts",
        "material",
        "t/yr",
        400.0,
        0.25,
        20000.0,
        12.0,
        0.7,
        True,
        "",
    ),
    (
        "SU-SEA-FE1",
        "substitution",
        "SEA",
        True,
        None,
        "ECHO",
        "FE1",
        "water.sea",
        "water.potable",
        "water",
        "m3/yr",
        3000.0,
        0.45,
        2500.0,
        0.8,
        0.6,
        True,
        "",
    ),
]
_EXCHANGE_COLUMNS = [
    "opportunity_id",
    "kind",
    "supplier_id",
    "supplier_is_outside",
    "supply_flow_id",
    "receiver_id",
    "demand_flow_id",
    "supply_resource",
    "demand_resource",
    "family",
    "unit",
    "quantity_per_yr",
    "distance_km",
    "net_saving_eur_per_yr",
    "co2e_avoided_t_per_yr",
    "score",
    "feasible",
    "infeasible_reason",
]


def hand_result() -> FakeResult:
    exchanges = pd.DataFrame(_EXCHANGE_ROWS, columns=_EXCHANGE_COLUMNS)
    exchanges["rule_id"] = "rule.same_resource"
    exchanges["transport_mode"] = "pipe"
    exchanges["investment_eur"] = 10000.0
    exchanges = exchanges.sort_values(["score", "opportunity_id"], ascending=[False, True])
    pools = pd.DataFrame(
        {
            "pool_id": ["PO-material.cardboard-01"],
            "resource": ["material.cardboard"],
            "pool_kind": ["joint_collection"],
            "member_ids": ["ALPHA;ECHO"],
            "flow_ids": ["FA3;FE2"],
            "member_count": [2],
            "quantity_per_yr": [50.0],
            "unit": ["t/yr"],
            "centroid_latitude": [50.7195],
            "centroid_longitude": [1.5890],
            "spread_km": [0.11],
            "saving_eur_per_yr": [800.0],
            "investment_eur": [0.0],
            "co2e_avoided_t_per_yr": [0.0],
            "score": [0.5],
        }
    )
    return FakeResult(exchanges.reset_index(drop=True), pools)


def hand_plan() -> FakePlan:
    exchanges = hand_result().exchanges
    chosen = exchanges.loc[exchanges["feasible"]].copy()
    selected = pd.DataFrame(
        {
            "opportunity_id": chosen["opportunity_id"],
            "kind": chosen["kind"],
            "supplier_id": chosen["supplier_id"],
            "receiver_id": chosen["receiver_id"],
            "supply_flow_id": chosen["supply_flow_id"],
            "demand_flow_id": chosen["demand_flow_id"],
            "resource": chosen["supply_resource"],
            "family": chosen["family"],
            "unit": chosen["unit"],
            "quantity_per_yr": chosen["quantity_per_yr"],
            "built": True,
            "net_benefit_eur_per_yr": chosen["net_saving_eur_per_yr"],
            "co2e_avoided_t_per_yr": chosen["co2e_avoided_t_per_yr"],
            "investment_eur": chosen["investment_eur"],
        }
    )
    pool = {
        "opportunity_id": "PO-material.cardboard-01",
        "kind": "pool",
        "supplier_id": "PO-material.cardboard-01",
        "receiver_id": "ALPHA;ECHO",
        "supply_flow_id": "FA3;FE2",
        "demand_flow_id": None,
        "resource": "material.cardboard",
        "family": "material",
        "unit": "t/yr",
        "quantity_per_yr": 50.0,
        "built": True,
        "net_benefit_eur_per_yr": 800.0,
        "co2e_avoided_t_per_yr": 0.0,
        "investment_eur": 0.0,
    }
    selected = pd.concat([selected, pd.DataFrame([pool])], ignore_index=True)
    selected = selected.sort_values("opportunity_id").reset_index(drop=True)
    indicators = pd.Series(
        {
            "potable_water_substituted_m3_per_yr": 4500.0,
            "net_saving_eur_per_yr": 54500.0,
            "co2e_avoided_t_per_yr": 193.3,
        },
        name="value",
    )
    return FakePlan(selected, indicators)


@pytest.fixture
def zone() -> Zone:
    return hand_zone()


@pytest.fixture
def result() -> FakeResult:
    return hand_result()


@pytest.fixture
def plan() -> FakePlan:
    return hand_plan()


@pytest.fixture
def secrets() -> list[str]:
    """What a shareable file must not contain: names, company ids, FE2 and the pool with it."""
    return [*NAMES.values(), *NAMES, "FE2", "PO-material.cardboard-01", "secret kind"]
