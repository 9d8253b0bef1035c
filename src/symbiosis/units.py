"""Units: the canonical unit of each resource family and the one place where quantities convert.

A flow is written as a quantity and a unit string as the user typed it (``12 m3/h``,
``3,5 t/jour``, ``250 kW``). :func:`to_annual` turns it into the canonical annual unit of the
resource family:

========== ============ =====================================
family     canonical    examples accepted
========== ============ =====================================
water      m3/yr        m3/h, m³/day, L/s, m3/month, m3/yr
material   t/yr         t/yr, t/day, kg/h, t/week, kt/yr
heat, cold MWh/yr       kW, MW, kWh/yr, MWh/yr, GJ/yr, kWh/day (steam also t/h, t/yr:
                        through its enthalpy, see ``Flow`` and ``catalogue.steam``)
energy     MWh/yr       same as heat
service    h/yr         h/yr, h/month, h/week, day/yr, heures/an
========== ============ =====================================

An amount written without a time (``MWh``, ``m3``, ``t``) is a yearly amount: a flow's
quantity is per year unless its unit says otherwise. Prefixes are read case-aware where case
changes the meaning: ``ML`` or ``Ml`` is a megalitre (1,000 m³) and ``mL`` or ``ml`` a
millilitre; ``Mm3`` is a million m³; ``Mgal`` a million US gallons (3,785.41 m³, as in
``Mgal/day``). Elsewhere case does not matter (``mwh`` is MWh: nobody meters milliwatt-hours).

Fuels (resources with heating values, ``resources.yaml``) may also be written by mass
(``t/yr``), in normal cubic metres (``Nm3/h``: gas at 0 °C and 101.325 kPa) or in kWh of
higher heating value (``kWh PCS/an``, as French gas bills count it); :class:`~symbiosis.Flow`
turns them into MWh of lower heating value (PCI) with the resource's heating values. Units in
``PCI`` are the canonical energy (``MWh PCI``).

Two kinds of time base are distinguished:

* **operating** rates (per second, minute, hour or day, and power in W, kW, MW) hold while the
  flow runs; turning them into a yearly amount needs the flow's ``operating_hours_per_yr``
  (per-day rates need ``operating_days_per_yr``). Nothing is assumed when they are missing;
* **calendar** rates (per week, month or year) are averages over the calendar: a year is 365.25
  days, a month a twelfth of it and a week 7 days (pint's definitions).

Physical conversions of the amount (L to m³, GJ to MWh, kg to t) are done by pint, imported and
its registry built on the first conversion (never at ``import symbiosis``).
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal

from symbiosis.errors import UnitError

if TYPE_CHECKING:
    import pint

__all__ = [
    "CANONICAL_UNITS",
    "FAMILIES",
    "Family",
    "ParsedUnit",
    "annual_amount",
    "canonical_unit",
    "known_units",
    "parse_unit",
    "reference_factor",
    "to_annual",
]

Family = Literal["water", "material", "heat", "cold", "energy", "service"]
FAMILIES: tuple[Family, ...] = ("water", "material", "heat", "cold", "energy", "service")

Dimension = Literal["volume", "mass", "energy", "service_time", "normal_volume", "energy_hhv"]

_FAMILY_DIMENSION: dict[str, Dimension] = {
    "water": "volume",
    "material": "mass",
    "heat": "energy",
    "cold": "energy",
    "energy": "energy",
    "service": "service_time",
}

CANONICAL_UNITS: dict[str, str] = {
    "water": "m3/yr",
    "material": "t/yr",
    "heat": "MWh/yr",
    "cold": "MWh/yr",
    "energy": "MWh/yr",
    "service": "h/yr",
}

# Pint expression of each canonical amount (the numerator of the canonical unit).
_CANONICAL_AMOUNT: dict[Dimension, str] = {
    "volume": "meter ** 3",
    "mass": "tonne",
    "energy": "megawatt_hour",
    "service_time": "hour",
    # Normal cubic metres of a gas and energy of higher heating value (PCS): a Flow converts
    # them with its resource's heating values.
    "normal_volume": "meter ** 3",
    "energy_hhv": "megawatt_hour",
}

# Amounts people write, normalised to lower case without spaces, to (pint expression, dimension).
# Written out rather than parsed by pint so that 'kt' means kilotonnes, not knots, and 't' tonnes.
_AMOUNTS: dict[str, tuple[str, Dimension]] = {
    "m3": ("meter ** 3", "volume"),
    "l": ("liter", "volume"),
    "litre": ("liter", "volume"),
    "liter": ("liter", "volume"),
    "hl": ("hectoliter", "volume"),
    "t": ("tonne", "mass"),
    "tonne": ("tonne", "mass"),
    "tonnes": ("tonne", "mass"),
    "kg": ("kilogram", "mass"),
    "kt": ("kilotonne", "mass"),
    "wh": ("watt_hour", "energy"),
    "kwh": ("kilowatt_hour", "energy"),
    "mwh": ("megawatt_hour", "energy"),
    "gwh": ("gigawatt_hour", "energy"),
    "mj": ("megajoule", "energy"),
    "gj": ("gigajoule", "energy"),
    "tj": ("terajoule", "energy"),
    "h": ("hour", "service_time"),
    "hour": ("hour", "service_time"),
    "hours": ("hour", "service_time"),
    "heure": ("hour", "service_time"),
    "heures": ("hour", "service_time"),
    "day": ("day", "service_time"),
    "days": ("day", "service_time"),
    "jour": ("day", "service_time"),
    "jours": ("day", "service_time"),
    # Written by _case_aware from ML, Ml, Mm3, Mgal and mL (see the module notes).
    "megaliter": ("megaliter", "volume"),
    "millionm3": ("hectometer ** 3", "volume"),
    "megagallon": ("megagallon", "volume"),
    "milliliter": ("milliliter", "volume"),
    "gal": ("gallon", "volume"),
    "nm3": ("meter ** 3", "normal_volume"),
    "kwhpcs": ("kilowatt_hour", "energy_hhv"),
    "mwhpcs": ("megawatt_hour", "energy_hhv"),
    "gwhpcs": ("gigawatt_hour", "energy_hhv"),
    "kwhpci": ("kilowatt_hour", "energy"),
    "mwhpci": ("megawatt_hour", "energy"),
    "gwhpci": ("gigawatt_hour", "energy"),
}

# Prefixes whose case changes the meaning, read before the unit is lower-cased.
_CASE_AWARE = (
    (re.compile(r"^\s*M[lL](?![a-zA-Z])"), "megaliter"),
    (re.compile(r"^\s*Mm(3|³|\^3)"), "millionm3"),
    (re.compile(r"^\s*Mgal(?![a-zA-Z])"), "megagallon"),
    (re.compile(r"^\s*m[lL](?![a-zA-Z])"), "milliliter"),
)

# Powers: an energy per operating hour.
_POWERS: dict[str, str] = {"w": "watt", "kw": "kilowatt", "mw": "megawatt"}

TimeBase = Literal["second", "minute", "hour", "day", "week", "month", "year"]

_TIME_BASES: dict[str, TimeBase] = {
    "s": "second",
    "sec": "second",
    "second": "second",
    "min": "minute",
    "minute": "minute",
    "h": "hour",
    "hr": "hour",
    "hour": "hour",
    "heure": "hour",
    "d": "day",
    "day": "day",
    "j": "day",
    "jour": "day",
    "wk": "week",
    "week": "week",
    "sem": "week",
    "semaine": "week",
    "month": "month",
    "mo": "month",
    "mois": "month",
    "yr": "year",
    "y": "year",
    "a": "year",
    "an": "year",
    "year": "year",
    "annee": "year",
}

_OPERATING_BASES: frozenset[TimeBase] = frozenset({"second", "minute", "hour", "day"})


@cache
def _registry() -> pint.UnitRegistry:
    # Built on first use, not at import: pint and its registry took about a fifth of
    # ``import symbiosis``, and a session that reads no zone never converts a unit.
    import pint

    return pint.UnitRegistry()


@cache
def _money_registry() -> pint.UnitRegistry:
    """Pint's units with money (EUR) and greenhouse-gas mass (gCO2e) as their own dimensions."""
    import pint

    registry: pint.UnitRegistry = pint.UnitRegistry()
    registry.define("EUR = [currency] = euro = eur")
    registry.define("gCO2e = [emission]")
    registry.define("tCO2e = 1e6 gCO2e")
    return registry


_POWER_SUFFIX = re.compile(r"(?<=[A-Za-z])([23])\b")


def reference_factor(unit: str, reference: str) -> float | None:
    """How many ``reference`` units one ``unit`` is, or None when they measure different things.

    Money (``EUR``) and emissions (``kgCO2e``) are dimensions of their own, so ``kEUR/m`` is
    1000 ``EUR/m`` while ``kg`` and ``EUR/m`` measure different things.

    Raises
    ------
    UnitError
        When either unit cannot be read.

    Examples
    --------
    >>> reference_factor("kEUR/m", "EUR/m"), reference_factor("kg", "EUR/m")
    (1000.0, None)
    >>> reference_factor("EUR/m³", "EUR/m3"), reference_factor("tCO2e/MWh", "kgCO2e/MWh")
    (1.0, 1000.0)
    """
    import pint

    registry = _money_registry()

    def parsed(text: str) -> pint.Unit:
        written = _POWER_SUFFIX.sub(r"**\1", text.replace("³", "3").replace("²", "2").strip())
        try:
            return registry.parse_units(written or "1")
        except (pint.PintError, AttributeError, TypeError, ValueError, SyntaxError) as error:
            raise UnitError(f"{text!r} is not a unit that can be read ({error})") from None

    written, wanted = parsed(unit), parsed(reference)
    if written.dimensionality != wanted.dimensionality:
        return None
    return _clean_factor(registry.Quantity(1.0, written).to(wanted).magnitude)


@dataclass(frozen=True)
class ParsedUnit:
    """A unit string understood: its amount, its time base and whether it needs operating time.

    Attributes
    ----------
    written : str
        The unit as the user wrote it.
    dimension : str
        ``volume``, ``mass``, ``energy`` or ``service_time``; for fuels also
        ``normal_volume`` (Nm³) and ``energy_hhv`` (energy of higher heating value, PCS).
    amount_in_canonical : float
        How many canonical amounts (m³, t, MWh or h) one written amount is.
    time_base : str
        ``second`` ... ``year``; the denominator of the rate.
    """

    written: str
    dimension: Dimension
    amount_in_canonical: float
    time_base: TimeBase

    @property
    def needs_operating_hours(self) -> bool:
        """True for rates that hold only while the flow runs (per s, min, h, and powers)."""
        return self.time_base in {"second", "minute", "hour"}

    @property
    def needs_operating_days(self) -> bool:
        """True for rates per day."""
        return self.time_base == "day"


def _case_aware(unit: str) -> str:
    for pattern, word in _CASE_AWARE:
        unit = pattern.sub(word, unit, count=1)
    return unit


def _normalise(unit: str) -> str:
    text = unicodedata.normalize("NFKC", _case_aware(unit)).strip().lower()
    text = text.replace("³", "3").replace("^3", "3").replace("**3", "3")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.replace(" ", "").replace("per", "/")
    if text.endswith("."):
        text = text[:-1]
    return text


def _clean_factor(factor: float) -> float:
    # Pint's products carry float noise (1 L = 0.0010000000000000002 m³); factors are exact
    # decimal ratios, so 12 significant digits keep them exact.
    return float(f"{factor:.12g}")


def _strip_plural(word: str) -> str:
    return word[:-1] if word.endswith("s") and word[:-1] in _TIME_BASES else word


def known_units() -> list[str]:
    """The unit spellings accepted, in a readable form, for messages and the template.

    Returns
    -------
    list of str
        One entry per amount and time base combination that makes sense, sorted.

    Examples
    --------
    >>> "m3/h" in known_units() and "kW" in known_units()
    True
    """
    amounts = ["m3", "L", "t", "kg", "kt", "kWh", "MWh", "GJ", "h"]
    times = ["s", "h", "day", "week", "month", "yr"]
    spelled = {f"{amount}/{time}" for amount in amounts for time in times if amount != time}
    spelled |= {"W", "kW", "MW"}
    return sorted(spelled)


def _unit_error(unit: str, reason: str) -> UnitError:
    suggestions = difflib.get_close_matches(unit.strip(), known_units(), n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return UnitError(f"{reason}{hint}")


@lru_cache(maxsize=512)
def parse_unit(unit: str) -> ParsedUnit:
    """Understand a unit string such as ``m³/h``, ``t/jour`` or ``kW``.

    Parameters
    ----------
    unit : str
        The unit as written in a spreadsheet. Case, spaces, ``³`` and French words (``jour``,
        ``an``, ``mois``, ``semaine``) are accepted.

    Returns
    -------
    ParsedUnit

    Raises
    ------
    UnitError
        When the unit is not a rate of a known amount; the message suggests close spellings.

    Examples
    --------
    >>> parse_unit("L/s").amount_in_canonical
    0.001
    >>> parse_unit("kW").time_base
    'hour'
    """
    if not isinstance(unit, str) or not unit.strip():
        raise UnitError("a unit is required (for example 'm3/yr', 't/yr' or 'MWh/yr')")
    text = _normalise(unit)
    if text in _POWERS:
        amount = _registry().Quantity(1.0, f"{_POWERS[text]} * hour")
        factor = _clean_factor(amount.to(_CANONICAL_AMOUNT["energy"]).magnitude)
        return ParsedUnit(unit, "energy", factor, "hour")
    if "/" not in text and text in _AMOUNTS:
        text += "/yr"  # an amount without a time is a yearly amount
    if text.count("/") != 1:
        raise _unit_error(unit, f"{unit!r} is not a known unit: write an amount per time")
    amount_text, time_text = text.split("/")
    time_text = _strip_plural(time_text)
    if amount_text not in _AMOUNTS:
        raise _unit_error(unit, f"{unit!r} is not a known unit: unknown amount {amount_text!r}")
    if time_text not in _TIME_BASES:
        raise _unit_error(unit, f"{unit!r} is not a known unit: unknown time {time_text!r}")
    pint_amount, dimension = _AMOUNTS[amount_text]
    time_base = _TIME_BASES[time_text]
    if dimension == "service_time" and time_base in _OPERATING_BASES:
        raise _unit_error(unit, f"{unit!r} is not a known unit: service time is counted per year")
    factor = _clean_factor(
        _registry().Quantity(1.0, pint_amount).to(_CANONICAL_AMOUNT[dimension]).magnitude
    )
    return ParsedUnit(unit, dimension, factor, time_base)


def canonical_unit(family: str) -> str:
    """The canonical annual unit of a resource family.

    Examples
    --------
    >>> canonical_unit("water")
    'm3/yr'
    """
    try:
        return CANONICAL_UNITS[family]
    except KeyError:
        raise UnitError(
            f"{family!r} is not a resource family; use one of {', '.join(FAMILIES)}"
        ) from None


@cache
def _calendar_periods_per_year(time_base: TimeBase) -> float:
    year = _registry().Quantity(1.0, "year")
    return _clean_factor(year.to(time_base).magnitude)


@cache
def _periods_per_hour(time_base: TimeBase) -> float:
    # Cached: building pint quantities for every flow dominates reading a large zone.
    return _clean_factor(_registry().Quantity(1.0, "hour").to(time_base).magnitude)


def to_annual(
    quantity: float,
    unit: str,
    family: str,
    operating_hours_per_yr: float | None = None,
    operating_days_per_yr: float | None = None,
) -> float:
    """Convert a quantity as written to the canonical annual unit of its family.

    Parameters
    ----------
    quantity : float
        The number as written. [unit]
    unit : str
        The unit as written (see the module table).
    family : str
        Resource family: water, material, heat, cold, energy or service.
    operating_hours_per_yr : float, optional
        Hours per year the flow runs; needed for rates per second, minute or hour and for
        powers. [h/yr]
    operating_days_per_yr : float, optional
        Days per year the flow runs; needed for rates per day. [day/yr]

    Returns
    -------
    float
        The quantity in the family's canonical unit (m³/yr, t/yr, MWh/yr or h/yr).

    Raises
    ------
    UnitError
        Unknown unit, a unit of the wrong kind for the family, or a missing operating time.

    Examples
    --------
    >>> to_annual(10, "m3/h", "water", operating_hours_per_yr=4000)
    40000.0
    >>> to_annual(2, "t/day", "material", operating_days_per_yr=250)
    500.0
    >>> round(to_annual(250, "kW", "heat", operating_hours_per_yr=6000), 6)
    1500.0
    >>> round(to_annual(3.6, "GJ/yr", "heat"), 6)
    1.0
    """
    parsed = parse_unit(unit)
    expected = _FAMILY_DIMENSION.get(family)
    if expected is None:
        canonical_unit(family)  # raises with the list of families
    if parsed.dimension != expected:
        fuel = " (by mass, Nm3 or kWh PCS: only for a fuel with heating values)"
        raise UnitError(
            f"{unit!r} measures {_DIMENSION_WORDS[parsed.dimension]}, but a {family} flow is "
            f"measured in {CANONICAL_UNITS[family]}; write it in a unit such as "
            f"{CANONICAL_UNITS[family]!r}{fuel if family == 'energy' else ''}"
        )
    return annual_amount(quantity, parsed, operating_hours_per_yr, operating_days_per_yr)


_DIMENSION_WORDS: dict[str, str] = {
    "volume": "volume",
    "mass": "mass",
    "energy": "energy",
    "service_time": "service time",
    "normal_volume": "a volume of gas in normal cubic metres",
    "energy_hhv": "energy of higher heating value (PCS)",
}


def annual_amount(
    quantity: float,
    parsed: ParsedUnit,
    operating_hours_per_yr: float | None = None,
    operating_days_per_yr: float | None = None,
) -> float:
    """A quantity per year in the canonical amount of its own dimension.

    m³, t, MWh, h; Nm³ for ``normal_volume`` and MWh PCS for ``energy_hhv`` (which a
    :class:`~symbiosis.Flow` of a fuel turns into MWh PCI).

    Raises
    ------
    UnitError
        A rate while running without its operating hours or days.

    Examples
    --------
    >>> annual_amount(100, parse_unit("Nm3/h"), operating_hours_per_yr=8000)
    800000.0
    """
    unit = parsed.written
    amount = quantity * parsed.amount_in_canonical
    if parsed.needs_operating_hours:
        if operating_hours_per_yr is None or not math.isfinite(operating_hours_per_yr):
            raise UnitError(
                f"{unit!r} is a rate while running: give operating_hours_per_yr "
                "(hours per year the flow runs), or write the quantity per year"
            )
        per_hour = amount * _periods_per_hour(parsed.time_base)
        return per_hour * operating_hours_per_yr
    if parsed.needs_operating_days:
        if operating_days_per_yr is None or not math.isfinite(operating_days_per_yr):
            raise UnitError(
                f"{unit!r} is a rate per working day: give operating_days_per_yr "
                "(days per year the flow runs), or write the quantity per year"
            )
        return amount * operating_days_per_yr
    return amount * _calendar_periods_per_year(parsed.time_base)
