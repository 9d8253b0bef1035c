"""Unit conversions checked against hand-computed values."""

import subprocess
import sys

import pytest

from symbiosis.errors import UnitError
from symbiosis.units import canonical_unit, parse_unit, to_annual


@pytest.mark.parametrize(
    ("quantity", "unit", "family", "hours", "days", "expected"),
    [
        # 10 m³/h × 4,000 h = 40,000 m³/yr
        (10, "m3/h", "water", 4000, None, 40_000.0),
        (10, "m³/h", "water", 4000, None, 40_000.0),
        (10, "M3/H", "water", 4000, None, 40_000.0),
        # 1 L/s = 3.6 m³/h; × 2,000 h = 7,200 m³/yr
        (1, "L/s", "water", 2000, None, 7_200.0),
        # 30 m³/day × 250 days = 7,500 m³/yr
        (30, "m3/day", "water", None, 250, 7_500.0),
        (30, "m3/jour", "water", None, 250, 7_500.0),
        # 100 m³/month × 12 = 1,200 m³/yr
        (100, "m3/mois", "water", None, None, 1_200.0),
        (5_000, "m3/yr", "water", None, None, 5_000.0),
        (5_000, "m3/an", "water", None, None, 5_000.0),
        (2, "t/day", "material", None, 300, 600.0),
        # 500 kg/h × 2,000 h = 1,000,000 kg = 1,000 t
        (500, "kg/h", "material", 2000, None, 1_000.0),
        (3, "kt/yr", "material", None, None, 3_000.0),
        # 250 kW × 6,000 h = 1,500,000 kWh = 1,500 MWh
        (250, "kW", "heat", 6000, None, 1_500.0),
        (2, "MW", "heat", 100, None, 200.0),
        (1_500_000, "kWh/yr", "heat", None, None, 1_500.0),
        # 36 GJ = 10 MWh (1 MWh = 3.6 GJ)
        (36, "GJ/yr", "energy", None, None, 10.0),
        (500, "h/yr", "service", None, None, 500.0),
    ],
)
def test_conversion_to_canonical_annual_unit(quantity, unit, family, hours, days, expected):
    assert to_annual(quantity, unit, family, hours, days) == pytest.approx(expected, rel=1e-12)


def test_a_week_is_a_calendar_seventh_of_a_day_times_365_25():
    # 1 t/week × 365.25/7 weeks per year = 52.178571... t/yr
    assert to_annual(1, "t/week", "material") == pytest.approx(365.25 / 7, rel=1e-12)


def test_hourly_rate_without_operating_hours_is_an_error_not_8760_hours():
    with pytest.raises(
        UnitError, match=r"'m3/h' is a rate while running: give operating_hours_per_yr"
    ):
        to_annual(10, "m3/h", "water")


def test_daily_rate_needs_operating_days():
    with pytest.raises(
        UnitError, match=r"'t/day' is a rate per working day: give operating_days_per_yr"
    ):
        to_annual(1, "t/day", "material", operating_hours_per_yr=4000)


def test_power_needs_operating_hours():
    with pytest.raises(UnitError, match="give operating_hours_per_yr"):
        to_annual(100, "kW", "heat")


def test_unknown_unit_suggests_a_close_spelling():
    with pytest.raises(
        UnitError, match=r"'m3/hh' is not a known unit: unknown time 'hh'; did you mean 'm3/h'"
    ):
        parse_unit("m3/hh")


def test_unit_of_the_wrong_family_names_the_canonical_unit():
    with pytest.raises(
        UnitError, match=r"'t/yr' measures mass, but a water flow is measured in m3/yr"
    ):
        to_annual(1, "t/yr", "water")


def test_kt_means_kilotonnes_not_knots():
    assert to_annual(1, "kt/yr", "material") == pytest.approx(1000.0)


def test_missing_unit():
    with pytest.raises(UnitError, match="a unit is required"):
        parse_unit("  ")


def test_canonical_units_of_each_family():
    assert [
        canonical_unit(f) for f in ("water", "material", "heat", "cold", "energy", "service")
    ] == [
        "m3/yr",
        "t/yr",
        "MWh/yr",
        "MWh/yr",
        "MWh/yr",
        "h/yr",
    ]
    with pytest.raises(UnitError, match="'gas' is not a resource family"):
        canonical_unit("gas")


def test_pint_is_loaded_on_the_first_conversion_not_at_import():
    code = (
        "import sys, symbiosis; "
        "assert 'pint' not in sys.modules, 'pint imported by import symbiosis'; "
        "symbiosis.units.to_annual(1, 'L/s', 'water', operating_hours_per_yr=1); "
        "assert 'pint' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
