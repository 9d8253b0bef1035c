"""Units of other zones (issue 16): case-aware prefixes, water-industry volumes, bare yearly
amounts, French hours, and fuels in tonnes, normal cubic metres or kWh PCS."""

from __future__ import annotations

import pytest

from symbiosis import Flow
from symbiosis.errors import UnitError
from symbiosis.units import parse_unit, to_annual


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        # 2 ML/day × 1,000 m³/ML × 300 days = 600,000 m³
        (2, "ML/day", 600_000.0),
        (2, "Ml/d", 600_000.0),
        # 500 mL/s × 1e-6 m³/mL × 3,600 s/h × 1,000 h = 1,800 m³
        (500, "mL/s", 1_800.0),
        (500, "ml/s", 1_800.0),
        # 1.5 Mm³ = 1.5 million m³
        (1.5, "Mm3/yr", 1_500_000.0),
        (1.5, "Mm³/an", 1_500_000.0),
        # 1 Mgal/day = 1e6 US gallons × 3.785411784 L × 300 days = 1,135,623.5352 m³
        (1, "Mgal/day", 1_135_623.5352),
        # an amount without a time is a yearly amount
        (250, "m3", 250.0),
    ],
)
def test_water_volumes(quantity: float, unit: str, expected: float) -> None:
    annual = to_annual(
        quantity, unit, "water", operating_hours_per_yr=1000, operating_days_per_yr=300
    )
    assert annual == pytest.approx(expected)


def test_megalitre_and_millilitre_differ_by_case() -> None:
    assert parse_unit("ML/day").amount_in_canonical == pytest.approx(1000.0)
    assert parse_unit("mL/day").amount_in_canonical == pytest.approx(1e-6)


def test_mwh_alone_is_a_yearly_amount_and_heures_par_an_are_hours() -> None:
    assert to_annual(2500, "MWh", "energy") == pytest.approx(2500.0)
    assert to_annual(2500, "MWh PCI/an", "energy") == pytest.approx(2500.0)
    assert to_annual(120, "heures/an", "service") == pytest.approx(120.0)


def test_nm3_is_refused_for_a_resource_without_heating_values() -> None:
    with pytest.raises(UnitError, match="normal cubic metres, but a water flow"):
        to_annual(1, "Nm3/h", "water", operating_hours_per_yr=100)


def _fuel(resource: str, quantity: float, unit: str, **fields: object) -> Flow:
    return Flow(
        id="F1",
        company_id="C1",
        direction="demand",
        resource=resource,
        quantity=quantity,
        unit=unit,
        **fields,
    )


def test_natural_gas_in_normal_cubic_metres() -> None:
    # 1 Nm³ (0 °C, 101.325 kPa) = 11.0 kWh PCS × 0.90 = 9.9 kWh PCI (resources.yaml);
    # 1,000 Nm³/h × 8,000 h × 9.9 kWh / 1,000 = 79,200 MWh PCI
    gas = _fuel("energy.natural_gas", 1000, "Nm3/h", operating_hours_per_yr=8000)
    assert gas.quantity_per_yr == pytest.approx(79200.0)


def test_natural_gas_in_kwh_pcs_as_the_bill_counts_it() -> None:
    # 1,000,000 kWh PCS × 0.90 PCI/PCS / 1,000 = 900 MWh PCI
    assert _fuel("gaz naturel", 1_000_000, "kWh PCS/an").quantity_per_yr == pytest.approx(900.0)


def test_hydrogen_in_normal_cubic_metres_and_coal_in_tonnes() -> None:
    # 120 MJ/kg × 0.08988 kg/Nm³ = 10.79 MJ = 3.0 kWh/Nm³; 1,000 Nm³/h × 8,000 h × 3.0 / 1,000
    hydrogen = _fuel("energy.hydrogen", 1000, "Nm3/h", operating_hours_per_yr=8000)
    assert hydrogen.quantity_per_yr == pytest.approx(24000.0)
    # 100 t × 7.17 MWh/t (IPCC 2006 other bituminous coal 25.8 TJ/Gg / 3.6)
    assert _fuel("charbon", 100, "t/yr").quantity_per_yr == pytest.approx(717.0)


def test_a_fuel_without_the_heating_value_the_unit_needs_is_refused() -> None:
    with pytest.raises(ValueError, match="no heating value per Nm3: write it in MWh/yr"):
        _fuel("energy.fuel_gas", 10, "Nm3/h", operating_hours_per_yr=100)
    with pytest.raises(ValueError, match=r"no ratio of lower to higher heating value \(PCI/PCS\)"):
        _fuel("energy.coal", 10, "kWh PCS/an")
