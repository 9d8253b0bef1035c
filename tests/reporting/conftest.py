"""The toy zone through the whole pipeline, and a zone whose names try to inject HTML."""

from __future__ import annotations

from typing import Any

import pytest

from symbiosis.io import load_example
from symbiosis.matching import MatchConfig, match
from symbiosis.optimization import optimize
from symbiosis.schemas import Zone

HOSTILE = "<script>alert(1)</script>"


def _pipeline(zone: Zone) -> tuple[Zone, Any, Any]:
    result = match(zone, MatchConfig(keep_infeasible=True))
    return zone, result, optimize(zone, result)


@pytest.fixture(scope="module")
def toy() -> tuple[Zone, Any, Any]:
    """The toy zone, its match result (rejected candidates kept) and its plan."""
    return _pipeline(load_example("toy"))


@pytest.fixture(scope="module")
def hostile() -> tuple[Zone, Any, Any]:
    """The toy zone with company T1 named ``<script>alert(1)</script>`` and a tag in a note."""
    zone = load_example("toy")
    companies = tuple(
        company.model_copy(update={"name": HOSTILE}) if company.id == "T1" else company
        for company in zone.companies
    )
    zone = zone.model_copy(
        update={"companies": companies, "description": 'A <b onmouseover="x()">bold</b> zone'}
    )
    return _pipeline(zone)
