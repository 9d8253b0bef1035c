"""Steam written in tonnes becomes heat through its enthalpy (issue 13, item 6).

Steam at 150 °C (latent heat 2,113.8 kJ/kg, saturated liquid 632.18 kJ/kg, from the cited
table in symbiosis.catalogue.steam).
"""

from __future__ import annotations

import pydantic
import pytest

from symbiosis.schemas import Flow


def _steam(**fields):
    return Flow(id="ST", company_id="P", resource="heat.steam", **fields)


def test_steam_in_tonnes_per_hour_from_feed_water():
    """2 t/h for 5,000 h = 10,000 t/yr raised from feed water at 20 °C to 150 °C:
    2,113.8 + 632.18 − 4.18 × 20 = 2,662.38 kJ/kg, so 10,000 × 2,662.38 / 3,600 = 7,395.5
    MWh/yr."""
    flow = _steam(direction="demand", quantity=2, unit="t/h", operating_hours_per_yr=5000,
                  supply_temperature_c=20, target_temperature_c=150)  # fmt: skip
    assert flow.quantity_per_yr == pytest.approx(10_000 * 2662.38 / 3600)


def test_condensing_steam_in_tonnes_per_year_gives_its_latent_heat():
    """3,600 t/yr condensing at 150 °C: 3,600 × 2,113.8 / 3,600 = 2,113.8 MWh/yr."""
    flow = _steam(direction="supply", quantity=3600, unit="t/yr", temperature_c=150)
    assert flow.saturation_temperature_c == 150.0
    assert flow.quantity_per_yr == pytest.approx(2113.8)


def test_steam_in_tonnes_needs_its_temperature():
    with pytest.raises(pydantic.ValidationError, match="give its saturation temperature"):
        _steam(direction="demand", quantity=1, unit="t/h", operating_hours_per_yr=1000)
