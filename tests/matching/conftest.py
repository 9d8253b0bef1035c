"""Small zones built in code for the matching tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from symbiosis import Company, Flow, OutsideParty, Zone

# Sites along one meridian: 0.001° of latitude is 0.1112 km (haversine, R = 6371.0088 km).
LATITUDE = 50.72
LONGITUDE = 1.59

ZoneFactory = Callable[..., Zone]


def make_company(company_id: str, north_km: float = 0.0, east_deg: float = 0.0) -> Company:
    """A company ``north_km`` north of the reference site (1 km = 1/111.195 degrees)."""
    return Company(
        id=company_id,
        name=f"Company {company_id}",
        sector_nace="10.20",
        latitude=LATITUDE + north_km / 111.19508,
        longitude=LONGITUDE + east_deg,
    )


def make_flow(
    flow_id: str,
    company_id: str,
    direction: str,
    resource: str,
    quantity: float,
    unit: str,
    **fields: Any,
) -> Flow:
    return Flow(
        id=flow_id,
        company_id=company_id,
        direction=direction,
        resource=resource,
        quantity=quantity,
        unit=unit,
        **fields,
    )


def sea(north_km: float = 0.0, **fields: Any) -> OutsideParty:
    return OutsideParty(
        id="SEA",
        name="Channel intake",
        kind="sea",
        latitude=LATITUDE + north_km / 111.19508,
        longitude=LONGITUDE,
        supplies=("water.sea",),
        **fields,
    )


@pytest.fixture
def flow() -> Callable[..., Flow]:
    """``flow(id, company, direction, resource, quantity, unit, **fields)``."""
    return make_flow


@pytest.fixture
def sea_party() -> Callable[..., OutsideParty]:
    """``sea_party(north_km)``: the seawater intake as an outside party."""
    return sea


@pytest.fixture
def zone_of() -> ZoneFactory:
    """Build a zone from companies (id → km north) and flows."""

    def build(
        companies: dict[str, float],
        flows: list[Flow],
        outside: tuple[OutsideParty, ...] = (),
        parameters: dict[str, Any] | None = None,
    ) -> Zone:
        return Zone(
            name="test",
            companies=tuple(make_company(cid, km) for cid, km in companies.items()),
            flows=tuple(flows),
            outside_parties=outside,
            parameters=parameters or {},
        )

    return build
