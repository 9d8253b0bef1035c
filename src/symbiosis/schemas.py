"""The data model: :class:`Company`, :class:`Flow`, :class:`OutsideParty` and :class:`Zone`.

These are records validated by pydantic; there is no pandas here (tables of a zone are built in
:mod:`symbiosis.tables`). A :class:`Flow` keeps its quantity and unit as written and exposes
:attr:`Flow.quantity_per_yr` in the canonical unit of its resource family, converted once by
:func:`symbiosis.units.to_annual`.

Glossary
--------
supply
    What leaves a company (an output it could give, sell or must dispose of).
demand
    What enters a company (an input it buys today).
canonical unit
    m3/yr for water, t/yr for materials, MWh/yr for heat, cold and energy, h/yr for services.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from symbiosis.catalogue import (
    Parameter,
    default_parameters,
    demand_only_fields,
    get_resource,
    get_use,
)
from symbiosis.catalogue.resources import known
from symbiosis.catalogue.steam import steam_heat_kj_per_kg
from symbiosis.catalogue.treatments import waste_families
from symbiosis.catalogue.waste_list import WASTE_CODE_PATTERN, waste_entry, waste_resource
from symbiosis.errors import InputError
from symbiosis.units import annual_amount, canonical_unit, parse_unit, to_annual

__all__ = [
    "DEMAND_ONLY_FIELDS",
    "MAX_TEXT_CHARACTERS",
    "Company",
    "Direction",
    "FieldProblems",
    "Flow",
    "OutsideParty",
    "Provenance",
    "Zone",
    "text_problem",
]

Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, pattern=r"^[^\s;,]+$")
]
#: A French establishment number: 14 digits, leading zeros kept (read as text).
Siret = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{14}$")]
Direction = Literal["supply", "demand"]

# Units a fuel may be written in besides MWh: the resource's heating value that converts them
# (resources.yaml) and what it is called in a message.
_FUEL_AMOUNTS: dict[str, tuple[str, str]] = {
    "mass": ("lhv_mwh_per_t", "heating value per tonne"),
    "normal_volume": ("lhv_kwh_per_nm3", "heating value per Nm3"),
    "energy_hhv": ("lhv_over_hhv", "ratio of lower to higher heating value (PCI/PCS)"),
}
Provenance = Literal["measured", "estimated", "assumed"]
#: What ``Flow.cost_eur_per_unit`` is (then a positive amount): who pays whom, per unit.
PriceKind = Literal["purchase", "sale", "disposal_fee", "free"]
#: What a flow does today: a supply's outlet, or a demand's source.
CurrentRoute = Literal[
    "sold",
    "given",
    "disposal",
    "recovery",
    "sewer",
    "on_site",
    "none",
    "network",
    "supplier",
    "own_production",
]
#: How a supply is treated today (``catalogue/treatments.yaml``), finer than ``current_route``.
Treatment = Literal[
    "landfill",
    "incineration",
    "incineration_energy_recovery",
    "recycling",
    "anaerobic_digestion",
    "composting",
    "rendering",
    "wastewater_treatment",
    "spreading",
]
#: The price kinds and routes each direction may have.
PRICE_KINDS: dict[str, tuple[str, ...]] = {
    "supply": ("sale", "disposal_fee", "free"),
    "demand": ("purchase", "disposal_fee", "free"),
}
ROUTES: dict[str, tuple[str, ...]] = {
    "supply": ("sold", "given", "disposal", "recovery", "sewer", "on_site", "none"),
    "demand": ("network", "supplier", "own_production"),
}
OutsideKind = Literal[
    "sea",
    "water_network",
    "gas_grid",
    "electricity_grid",
    "landfill",
    "incineration",
    "wastewater_treatment",
    "recycler",
    "other",
]

_NACE_PATTERN = re.compile(r"^\d{2}(\.\d{1,2}[A-Z]?)?$")
#: A contaminant's name as a column header carries it: ``contaminant_<name>_mg_per_l``.
_CONTAMINANT_NAME = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")

#: Requirements that only make sense on what a company takes in (``demand_only`` in
#: ``catalogue/fields/flows.csv``).
DEMAND_ONLY_FIELDS: tuple[str, ...] = demand_only_fields()

_MODEL_CONFIG = ConfigDict(extra="forbid", frozen=True, validate_default=True)

#: Longest text a field may hold [characters]: Excel's limit for a cell ("Worksheet cells can
#: contain a maximum of 32,767 characters", Microsoft KB 211878), so that every zone can be
#: written as a workbook without being cut.
MAX_TEXT_CHARACTERS = 32_767
#: Characters no zone file keeps: C0 controls but tab and line feed, DEL, C1 controls,
#: surrogates, U+FFFE and U+FFFF (XML and so .xlsx cannot hold them; a carriage return
#: becomes a line feed there).
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_NAMES = {"\x00": "NUL", "\r": "carriage return", "\x0b": "vertical tab"}
#: Lowest temperature there is [°C]: absolute zero.
ABSOLUTE_ZERO_C = -273.15


def text_problem(text: str) -> str | None:
    """What makes a text impossible to keep in every zone format, or None when it is fine.

    The readers (:func:`symbiosis.io.cells.check_text`) and the models apply this one rule, so
    whatever is read or built can be written and read back unchanged.

    Examples
    --------
    >>> text_problem("Marée\\tNord\\nquai 3") is None
    True
    >>> text_problem("supply\\x00")
    'holds the control character U+0000 (NUL) at character 7; delete it'
    """
    if len(text) > MAX_TEXT_CHARACTERS:
        return (
            f"holds {len(text):,} characters; a cell holds at most {MAX_TEXT_CHARACTERS:,} "
            "(Excel's limit); shorten it"
        )
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    character = found.group()
    name = _CHARACTER_NAMES.get(character)
    shown = f"U+{ord(character):04X}" + (f" ({name})" if name else "")
    kind = "control character" if ord(character) < 0xD800 else "character"
    return f"holds the {kind} {shown} at character {found.start() + 1}; delete it"


class _Record(BaseModel):
    """A record whose text fields follow the readers' rule: checked, stripped, empty is None.

    A spreadsheet cell is read without its surrounding spaces and an empty cell is no value;
    the model does the same, so a zone built in Python writes and reads back equal.
    """

    @field_validator("*", mode="before")
    @classmethod
    def _text(cls, value: object, info: ValidationInfo) -> object:
        if not isinstance(value, str):
            return value
        problem = text_problem(value)
        if problem is not None:
            raise ValueError(problem)
        value = value.strip()
        field = cls.model_fields.get(info.field_name or "")
        if not value and field is not None and field.default is None:
            return None
        return value


class FieldProblems(ValueError):
    """Problems found across fields of one record, each tied to the field a reader should fix.

    Raised inside model validators so that readers can point at the right spreadsheet column
    (pydantic keeps the exception in the error's ``ctx``).
    """

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


class Company(_Record):
    """A company (a site) of the zone.

    Each field is described once, as a row of ``symbiosis/catalogue/fields/companies.csv`` (kind,
    unit, default, French headers, description; listed in ``docs/inputs.md``).

    Examples
    --------
    >>> Company(id="C1", name="Marée Nord", sector_nace="46.38", latitude=50.72,
    ...         longitude=1.59).sector_nace
    '46.38'
    """

    model_config = _MODEL_CONFIG

    id: Identifier
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    sector_nace: str
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    address: str | None = None
    staff: int | None = Field(default=None, ge=0)
    archetype: str | None = None
    confidential: bool = False
    notes: str | None = None
    siret: Siret | None = None
    source: str | None = None

    @field_validator("sector_nace")
    @classmethod
    def _nace(cls, value: str) -> str:
        value = str(value).strip()
        if not _NACE_PATTERN.match(value):
            raise ValueError(
                f"{value!r} is not a NACE Rev. 2 code; write it as two digits, a dot and one or "
                "two digits, e.g. '10.20' (a NAF letter is allowed: '46.38A')"
            )
        return value

    @field_validator("siret")
    @classmethod
    def _siret_key(cls, value: str | None) -> str | None:
        if value is not None and not siret_key_valid(value):
            raise ValueError(
                f"SIRET {value} fails its check key (Luhn): a digit is wrong or two are swapped; "
                "copy it again from the SIRENE register (annuaire-entreprises.data.gouv.fr)"
            )
        return value


def siret_key_valid(siret: str) -> bool:
    """Whether a 14-digit SIRET passes its check key.

    A SIRET (SIREN + NIC) passes the Luhn algorithm, except the establishments of La Poste
    (SIREN 356 000 000), whose digits add up to a multiple of 5 (INSEE, "Le numéro SIRET").

    Examples
    --------
    >>> siret_key_valid("73282932000074"), siret_key_valid("73282932000075")
    (True, False)
    >>> siret_key_valid("35600000000042")  # 3 + 5 + 6 + 4 + 2 = 20
    True
    """
    digits = [int(character) for character in siret]
    if siret.startswith("356000000"):
        return sum(digits) % 5 == 0
    # Luhn: from the right, every second digit doubled (minus 9 above 9).
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


class Flow(_Record):
    """What flows into or out of a company, as the user described it.

    A supply leaves the company, a demand enters it. The quantity is kept as written, with its
    unit; :attr:`quantity_per_yr` is the same amount per year in the canonical unit of the
    resource's family. Each field is described once, as a row of
    ``symbiosis/catalogue/fields/flows.csv`` (kind, unit, default, French headers, description;
    listed in ``docs/inputs.md``); the twelve columns ``profile_01`` ... ``profile_12`` fill
    ``monthly_profile`` and the ``contaminant_<name>_mg_per_l`` columns fill
    ``contaminants_mg_per_l``. The fields marked ``demand_only`` there
    (:data:`DEMAND_ONLY_FIELDS`) may not be set on a supply. A European List of Waste code is
    stored as ``'02 02 02'`` however it was spaced, and checked against the list (its ``*`` too).
    The resource may be written by its id, its French or English label (``eau potable``,
    ``vapeur``) or, for a waste, by its European List of Waste code alone (``10 01 04*``: the
    code goes to ``ewc_code`` and the resource is its entry's class); the id is kept.

    Examples
    --------
    >>> flow = Flow(id="F1", company_id="C1", direction="demand", resource="water.potable",
    ...             quantity=2.5, unit="m3/h", operating_hours_per_yr=4000)
    >>> flow.quantity_per_yr, flow.canonical_unit
    (10000.0, 'm3/yr')
    """

    model_config = _MODEL_CONFIG

    id: Identifier
    company_id: Identifier
    direction: Direction
    resource: str
    quantity: float = Field(ge=0)
    unit: str
    operating_hours_per_yr: float | None = Field(default=None, gt=0, le=8784)
    operating_days_per_yr: float | None = Field(default=None, gt=0, le=366)
    monthly_profile: tuple[float, ...] | None = None
    use: str | None = None
    description: str | None = None
    # quality of a supply
    temperature_c: float | None = Field(default=None, gt=ABSOLUTE_ZERO_C)
    salinity_g_per_l: float | None = Field(default=None, ge=0)
    cod_mg_per_l: float | None = Field(default=None, ge=0)
    suspended_solids_mg_per_l: float | None = Field(default=None, ge=0)
    chloride_mg_per_l: float | None = Field(default=None, ge=0)
    reuse_class: float | None = Field(default=None, ge=1, le=4)
    contaminants_mg_per_l: dict[str, float] = Field(default_factory=dict)
    # requirements of a demand
    max_salinity_g_per_l: float | None = Field(default=None, ge=0)
    max_cod_mg_per_l: float | None = Field(default=None, ge=0)
    max_suspended_solids_mg_per_l: float | None = Field(default=None, ge=0)
    max_chloride_mg_per_l: float | None = Field(default=None, ge=0)
    max_reuse_class: float | None = Field(default=None, ge=1, le=4)
    min_temperature_c: float | None = Field(default=None, gt=ABSOLUTE_ZERO_C)
    potable_required: bool | None = None
    food_contact: bool | None = None
    # heat and cold streams
    supply_temperature_c: float | None = Field(default=None, gt=ABSOLUTE_ZERO_C)
    target_temperature_c: float | None = Field(default=None, gt=ABSOLUTE_ZERO_C)
    # wastes and by-products
    ewc_code: str | None = None
    abp_category: int | None = Field(default=None, ge=1, le=3)
    # economics and trust
    cost_eur_per_unit: float | None = None
    price_kind: PriceKind | None = None
    # today's arrangement
    current_route: CurrentRoute | None = None
    current_treatment: Treatment | None = None
    current_partner_id: Identifier | None = None
    provenance: Provenance = "assumed"
    source: str | None = None
    source_year: int | None = Field(default=None, ge=1900, le=2100)
    confidential: bool = False
    notes: str | None = None

    _quantity_per_yr: float = PrivateAttr(default=math.nan)

    @field_validator("quantity")
    @classmethod
    def _finite_quantity(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("a quantity must be a finite number")
        return value

    @model_validator(mode="before")
    @classmethod
    def _waste_code_as_resource(cls, data: object) -> object:
        # A flow may give only its European List of Waste code, in the resource column or in
        # ewc_code: the code is kept in ewc_code (its star decides the outlets), the resource
        # is the class of the entry (catalogue/waste_classes.yaml).
        if not isinstance(data, dict):
            return data
        resource, code = data.get("resource"), data.get("ewc_code")
        if isinstance(resource, str) and WASTE_CODE_PATTERN.match(resource.strip()):
            if code in (None, ""):
                return {**data, "ewc_code": resource}
        elif resource in (None, "") and isinstance(code, str) and code.strip():
            return {**data, "resource": code}
        return data

    @field_validator("contaminants_mg_per_l")
    @classmethod
    def _contaminants(cls, value: dict[str, float]) -> dict[str, float]:
        for name, concentration in value.items():
            if not _CONTAMINANT_NAME.match(name):
                raise ValueError(
                    f"contaminant {name!r}: write its name in lower-case letters, digits and "
                    "'_' (it becomes the column contaminant_<name>_mg_per_l)"
                )
            if not math.isfinite(concentration) or concentration < 0:
                raise ValueError(
                    f"contaminant {name}: a concentration must be a finite number of 0 mg/L "
                    f"or more, not {concentration:g}"
                )
        return dict(sorted(value.items()))

    @field_validator("resource")
    @classmethod
    def _known_resource(cls, value: str) -> str:
        if WASTE_CODE_PATTERN.match(value.strip()):
            try:
                return waste_resource(value.strip())
            except InputError as error:
                raise ValueError(str(error)) from None
        return known(get_resource, value.strip())

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str) -> str:
        try:
            parse_unit(value)
        except InputError as error:
            raise ValueError(str(error)) from None
        return value

    @field_validator("use")
    @classmethod
    def _known_use(cls, value: str | None) -> str | None:
        return None if value is None else known(get_use, value.strip())

    @field_validator("monthly_profile")
    @classmethod
    def _profile(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is None:
            return None
        if len(value) != 12:
            raise ValueError(
                f"a monthly profile has 12 shares (January to December), not {len(value)}"
            )
        if any(not math.isfinite(share) or share < 0 for share in value):
            raise ValueError("monthly shares must be finite and not negative")
        total = sum(value)
        if abs(total - 1.0) > 0.01:
            raise ValueError(
                f"the 12 monthly shares sum to {total:.3f}; they must sum to 1 (divide each "
                "month's quantity by the annual total)"
            )
        return value

    @field_validator("ewc_code")
    @classmethod
    def _ewc(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return waste_entry(str(value)).written
        except InputError as error:
            raise ValueError(str(error)) from None

    @model_validator(mode="after")
    def _consistent(self) -> Flow:
        problems: list[tuple[str, str]] = []
        if self.direction == "supply":
            problems += [
                (
                    name,
                    f"{name} is a requirement of a demand, but flow {self.id} is a supply; "
                    "move it to the demand flow or set direction to 'demand'",
                )
                for name in DEMAND_ONLY_FIELDS
                if getattr(self, name) is not None
            ]
        family = get_resource(self.resource).family
        if (
            family == "heat"
            and self.supply_temperature_c is not None
            and self.target_temperature_c is not None
        ):
            cools = self.supply_temperature_c > self.target_temperature_c
            if self.direction == "supply" and not cools:
                problems.append(
                    (
                        "target_temperature_c",
                        f"heat supply {self.id} must cool down: target_temperature_c "
                        f"({self.target_temperature_c}) must be below supply_temperature_c "
                        f"({self.supply_temperature_c})",
                    )
                )
            if self.direction == "demand" and cools:
                problems.append(
                    (
                        "target_temperature_c",
                        f"heat demand {self.id} must be heated: target_temperature_c "
                        f"({self.target_temperature_c}) must be above supply_temperature_c "
                        f"({self.supply_temperature_c})",
                    )
                )
        problems += self._baseline_problems()
        try:
            dimension = parse_unit(self.unit).dimension
            if self.resource == "heat.steam" and dimension == "mass":
                problems += self._steam_by_mass()
            elif family == "energy" and dimension in _FUEL_AMOUNTS:
                problems += self._fuel_by_heating_value()
            else:
                self._quantity_per_yr = to_annual(
                    self.quantity,
                    self.unit,
                    family,
                    self.operating_hours_per_yr,
                    self.operating_days_per_yr,
                )
        except InputError as error:
            problems.append(("unit", str(error)))
        if not math.isfinite(self._quantity_per_yr) and not problems:
            problems.append(
                (
                    "quantity",
                    f"{self.quantity:g} {self.unit} is beyond any number per year "
                    f"({self.canonical_unit}); check the quantity and its unit",
                )
            )
        if problems:
            raise FieldProblems(problems)
        return self

    def _baseline_problems(self) -> list[tuple[str, str]]:
        """Price kind and current route against the direction, the amount and the resource."""
        problems: list[tuple[str, str]] = []
        kind, cost, route = self.price_kind, self.cost_eur_per_unit, self.current_route
        other = "demand" if self.direction == "supply" else "supply"
        if kind is not None and kind not in PRICE_KINDS[self.direction]:
            instead = {"purchase": "sale (prix de vente)", "sale": "purchase (prix d'achat)"}
            problems.append(
                (
                    "price_kind",
                    f"flow {self.id} is a {self.direction}, which has no {kind} price "
                    f"(a {kind} price belongs to a {other}); did you mean {instead[kind]}?",
                )
            )
        if kind is not None and kind != "free" and cost is None:
            problems.append(
                ("cost_eur_per_unit", f"price_kind is {kind}: give the amount per unit")
            )
        if kind is not None and cost is not None and cost < 0:
            problems.append(
                (
                    "cost_eur_per_unit",
                    f"{cost:g} is negative, but price_kind ({kind}) already says who pays; "
                    "write the amount as a positive number",
                )
            )
        if kind == "free" and cost not in (None, 0):
            problems.append(
                ("cost_eur_per_unit", f"price_kind is free, but the amount is {cost:g}")
            )
        resource = get_resource(self.resource)
        # A material without EWC codes is a product (ice, fish meal); wastewater is not a
        # waste in law (Directive 2008/98/EC Art. 2(2)(a)) but pays a treatment fee.
        product = resource.family == "material" and not resource.ewc_codes
        if kind == "disposal_fee" and self.direction == "supply" and product:
            problems.append(
                (
                    "price_kind",
                    f"a disposal fee is paid to get rid of a waste, but {resource.label_en} "
                    f"({resource.id}) is a product, not a waste; if the company sells it, write "
                    "sale (prix de vente), if it gives it away, free",
                )
            )
        if route is not None and route not in ROUTES[self.direction]:
            problems.append(
                (
                    "current_route",
                    f"{route} is a route of a {other}; a {self.direction} "
                    f"{'goes' if self.direction == 'supply' else 'comes from'}: "
                    f"{', '.join(ROUTES[self.direction])}",
                )
            )
        if self.current_treatment is not None and self.direction == "demand":
            problems.append(
                (
                    "current_treatment",
                    f"flow {self.id} is a demand; current_treatment says how a supply is "
                    "treated today (leave it empty, or set direction to 'supply')",
                )
            )
        elif self.current_treatment is not None:
            problems += self._treatment_problems(resource.id, self.current_treatment)
        contradictions = {("sold", "disposal_fee"), ("disposal", "sale"), ("given", "sale")}
        if (route, kind) in contradictions:
            problems.append(
                (
                    "price_kind",
                    f"current_route is {route} but price_kind is {kind}; one of the two is wrong",
                )
            )
        return problems

    @staticmethod
    def _treatment_problems(resource_id: str, treatment: str) -> list[tuple[str, str]]:
        """A treatment the resource's waste family has no factor for (treatments.yaml)."""
        family_id = get_resource(resource_id).waste_family
        if family_id is None:
            return [
                (
                    "current_treatment",
                    f"{resource_id} has no waste family in catalogue/treatments.yaml, so the "
                    "CO2e of its treatment cannot be counted; leave current_treatment empty",
                )
            ]
        family = waste_families()[family_id]
        if treatment in family.factors:
            return []
        return [
            (
                "current_treatment",
                f"{treatment} is not a route of {family.label_en} ({resource_id}); write one of "
                f"{', '.join(family.factors)}",
            )
        ]

    @property
    def signed_cost_eur_per_unit(self) -> float | None:
        """What the company pays per unit today, negative when it is paid. [EUR per unit]

        From ``cost_eur_per_unit`` and ``price_kind``: a supply's sale price is negative, its
        disposal fee positive; a demand's purchase price is positive, a disposal fee it
        receives negative; free is 0. Without ``price_kind``, ``cost_eur_per_unit`` as given
        (the sign convention). None when no amount is given.

        Examples
        --------
        >>> ice = Flow(id="F1", company_id="C1", direction="supply", resource="material.ice",
        ...            quantity=100, unit="t/yr", cost_eur_per_unit=68, price_kind="sale")
        >>> ice.signed_cost_eur_per_unit
        -68.0
        """
        kind, cost = self.price_kind, self.cost_eur_per_unit
        if kind == "free":
            return 0.0
        if cost is None:
            return None
        received = (self.direction, kind) in (("supply", "sale"), ("demand", "disposal_fee"))
        return -float(cost) if received else float(cost)

    @property
    def disposed_of_today(self) -> bool:
        """Whether the flow is a waste or by-product disposed of today.

        Its ``current_route`` says so: ``disposal`` or ``sewer`` (``sold``, ``given``,
        ``recovery``, ``on_site`` or ``none`` say it is not). Without a route, a waste of the
        catalogue (it has EWC codes) whose company pays to get rid of it: its
        :attr:`signed_cost_eur_per_unit`, or else the catalogue's price, is above 0. Using
        such a flow diverts it from disposal and avoids the disposal's emissions.
        """
        if self.direction != "supply":
            return False
        if self.current_route is not None:
            return self.current_route in ("disposal", "sewer")
        resource = get_resource(self.resource)
        if not resource.ewc_codes:
            return False
        cost = self.signed_cost_eur_per_unit
        return (resource.price_eur_per_unit if cost is None else cost) > 0

    def _steam_by_mass(self) -> list[tuple[str, str]]:
        """Steam written in tonnes: its heat per year through its enthalpy (catalogue.steam)."""
        saturation = self.saturation_temperature_c
        if saturation is None:
            return [
                (
                    "unit",
                    f"steam flow {self.id} is written in {self.unit}: give its saturation "
                    "temperature (target_temperature_c for a demand, supply_temperature_c for a "
                    "supply, or temperature_c) to turn tonnes into MWh, or write it in MWh",
                )
            ]
        water = self.supply_temperature_c if self.direction == "demand" else None
        if self.direction == "supply":
            water = self.target_temperature_c
        tonnes = to_annual(
            self.quantity,
            self.unit,
            "material",
            self.operating_hours_per_yr,
            self.operating_days_per_yr,
        )
        # kJ/kg × 1000 kg/t ÷ 3.6e6 kJ/MWh
        self._quantity_per_yr = tonnes * steam_heat_kj_per_kg(saturation, water) / 3600.0
        return []

    def _fuel_by_heating_value(self) -> list[tuple[str, str]]:
        """A fuel written in t, Nm3 or kWh PCS: MWh PCI per year through its heating values."""
        resource = get_resource(self.resource)
        parsed = parse_unit(self.unit)
        field, per = _FUEL_AMOUNTS[parsed.dimension]
        value = getattr(resource, field)
        if value is None:
            return [
                (
                    "unit",
                    f"flow {self.id} is written in {self.unit}, but the catalogue gives "
                    f"{resource.label_en} ({resource.id}) no {per}: write it in MWh/yr of lower "
                    "heating value (PCI)",
                )
            ]
        amount = annual_amount(
            self.quantity, parsed, self.operating_hours_per_yr, self.operating_days_per_yr
        )
        # t × MWh/t; Nm3 × kWh/Nm3 ÷ 1000; MWh PCS × PCI/PCS
        scale = 0.001 if parsed.dimension == "normal_volume" else 1.0
        self._quantity_per_yr = amount * value * scale
        return []

    @property
    def saturation_temperature_c(self) -> float | None:
        """Saturation temperature a steam flow states, None for other flows. [°C]

        A demand's ``target_temperature_c``, a supply's ``supply_temperature_c``, else
        ``temperature_c`` or ``min_temperature_c``.
        """
        if self.resource != "heat.steam":
            return None
        first = (
            self.target_temperature_c if self.direction == "demand" else self.supply_temperature_c
        )
        for value in (first, self.temperature_c, self.min_temperature_c):
            if value is not None:
                return float(value)
        return None

    @property
    def family(self) -> str:
        """Resource family (water, material, heat, cold, energy, service)."""
        return get_resource(self.resource).family

    @property
    def canonical_unit(self) -> str:
        """Canonical annual unit of the flow's family."""
        return canonical_unit(self.family)

    @property
    def quantity_per_yr(self) -> float:
        """Quantity per year in the canonical unit. [m3/yr, t/yr, MWh/yr or h/yr]"""
        # Read from pydantic's store of private values: ``self._quantity_per_yr`` goes through
        # BaseModel.__getattr__, microseconds a flow, which tables of 10,000 flows feel.
        private = self.__pydantic_private__ or {}
        return float(private.get("_quantity_per_yr", math.nan))


class OutsideParty(_Record):
    """Something outside the companies that can supply or take a resource.

    The sea, the public water network, the gas grid, a landfill, an incinerator. Each field is
    described once, as a row of ``symbiosis/catalogue/fields/outside_parties.csv``.

    Examples
    --------
    >>> OutsideParty(id="SEA", name="Channel", kind="sea", supplies=("water.sea",)).supplies
    ('water.sea',)
    """

    model_config = _MODEL_CONFIG

    id: Identifier
    name: Annotated[str, StringConstraints(min_length=1)]
    kind: OutsideKind
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    supplies: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()
    notes: str | None = None

    @field_validator("supplies", "accepts")
    @classmethod
    def _known_resources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(known(get_resource, resource) for resource in value)


class Zone(_Record):
    """A zone: its companies, their flows, the outside parties and the zone's parameters.

    ``parameters`` holds only what the zone sets; :meth:`parameter` falls back on the package
    defaults (``symbiosis/catalogue/parameters.yaml``).

    Examples
    --------
    >>> from symbiosis import load_example
    >>> zone = load_example("toy")
    >>> zone.parameter("gas_price_eur_per_mwh").unit
    'EUR/MWh'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(min_length=1)]
    description: str | None = None
    companies: tuple[Company, ...] = ()
    flows: tuple[Flow, ...] = ()
    outside_parties: tuple[OutsideParty, ...] = ()
    parameters: dict[str, Parameter] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references(self) -> Zone:
        problems: list[str] = []
        for label, records in (
            ("company", self.companies),
            ("flow", self.flows),
            ("outside party", self.outside_parties),
        ):
            seen: set[str] = set()
            for record in records:
                if record.id in seen:
                    problems.append(f"duplicate {label} id {record.id!r}")
                seen.add(record.id)
        company_ids = {company.id for company in self.companies}
        problems += [
            f"flow {flow.id!r} names company {flow.company_id!r}, which is not in the zone"
            for flow in self.flows
            if flow.company_id not in company_ids
        ]
        partners = company_ids | {party.id for party in self.outside_parties}
        problems += [
            f"flow {flow.id!r} names current partner {flow.current_partner_id!r}, which is neither "
            "a company nor an outside party of the zone"
            for flow in self.flows
            if flow.current_partner_id is not None and flow.current_partner_id not in partners
        ]
        problems += [
            f"flow {flow.id!r} names its own company {flow.company_id!r} as current partner; "
            "for a flow reused on site write current_route on_site and no partner"
            for flow in self.flows
            if flow.current_partner_id == flow.company_id
        ]
        clash = company_ids & {party.id for party in self.outside_parties}
        problems += [
            f"id {name!r} is both a company and an outside party" for name in sorted(clash)
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def parameter(self, name: str) -> Parameter:
        """A parameter of the zone, or the package default.

        Raises
        ------
        InputError
            When neither the zone nor the defaults know the name.
        """
        if name in self.parameters:
            return self.parameters[name]
        defaults = default_parameters()
        if name in defaults:
            return defaults[name]
        from symbiosis.catalogue import suggest

        raise InputError(
            f"{name!r} is not a parameter of the zone nor a default"
            f"{suggest(name, list(defaults) + list(self.parameters))}"
        )

    def effective_parameters(self) -> dict[str, Parameter]:
        """Package defaults overridden by the zone's own parameters, sorted by name."""
        merged = {**default_parameters(), **self.parameters}
        return dict(sorted(merged.items()))

    def company(self, company_id: str) -> Company:
        """The company with this id."""
        for company in self.companies:
            if company.id == company_id:
                return company
        raise InputError(f"no company {company_id!r} in zone {self.name!r}")

    def _repr_html_(self) -> str:
        """Jupyter display: companies, flows and outside parties as escaped tables."""
        # Display lives with the report; imported here only when a notebook asks for it.
        from symbiosis.reporting import zone_html

        return zone_html(self)

    def summary(self) -> str:
        """One line: companies, flows per family and outside parties.

        Examples
        --------
        >>> from symbiosis import load_example
        >>> load_example("toy").summary()
        'toy: 4 companies, 9 flows (water 4, heat 2, material 3), 2 outside parties'
        """
        counts: dict[str, int] = {}
        for flow in self.flows:
            counts[flow.family] = counts.get(flow.family, 0) + 1
        # A fixed order (utilities, then materials and services), whatever the order of the rows.
        order = ("water", "heat", "cold", "energy", "material", "service")
        families = ", ".join(
            f"{family} {counts[family]}" for family in sorted(counts, key=order.index)
        )
        return (
            f"{self.name}: {len(self.companies)} companies, {len(self.flows)} flows"
            f"{f' ({families})' if families else ''}, "
            f"{len(self.outside_parties)} outside parties"
        )
