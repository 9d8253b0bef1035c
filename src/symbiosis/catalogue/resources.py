"""Load the resource catalogue, the water uses and the default parameters from their YAML files."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources as package_files
from typing import Annotated, Any, Literal, TypeVar

import pandas as pd
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from symbiosis.errors import InputError
from symbiosis.units import CANONICAL_UNITS, Family

__all__ = [
    "Parameter",
    "Resource",
    "Use",
    "catalogue_entry",
    "default_parameters",
    "get_resource",
    "get_use",
    "known",
    "normalise_label",
    "parameter_reference_unit",
    "resource_catalogue",
    "resource_table",
    "suggest",
    "use_catalogue",
]

Transport = Literal["pipe", "truck", "none"]


class Resource(BaseModel):
    """One resource of the catalogue (a row of ``resources.yaml``).

    Attributes
    ----------
    price_eur_per_unit : float
        Default market price per canonical unit; for wastes the gate fee the producer pays;
        negative when the producer is paid. [EUR per canonical unit]
    emission_factor_kgco2e_per_unit : float
        Emissions of supplying one unit the conventional way. [kgCO2e per canonical unit]
    max_distance_km : float
        Farthest sensible exchange. [km]
    bulk_density_t_per_m3 : float, optional
        Mass per volume as it is loaded on a truck (loose). With the truck's volume, it decides
        whether a truck fills by mass or by volume. [t/m³]
    lhv_mwh_per_t : float, optional
        Lower heating value of a fuel per tonne: a flow may be written in tonnes. [MWh/t]
    lhv_kwh_per_nm3 : float, optional
        Lower heating value of a gas per normal cubic metre (0 °C, 101.325 kPa): a flow may be
        written in Nm3. [kWh/Nm³]
    lhv_over_hhv : float, optional
        Ratio of the lower to the higher heating value (PCI/PCS): a flow may be written in
        ``kWh PCS``. [-]
    heating_value_source : str, optional
        Where the heating values come from; required with any of them.
    waste_family : str, optional
        For a waste or by-product, its family in ``treatments.yaml``, whose route factors
        replace ``emission_factor_kgco2e_per_unit`` for the route it takes today and the one an
        exchange gives it.
    shared_plant_capex_eur, shared_plant_capacity_per_yr : float, optional
        For a supply drawn from an outside party through a plant (clean seawater: intake,
        pumping, filtration, disinfection, storage), the investment in a reference plant and the
        yearly quantity it delivers. A pool's plant costs ``capex × (Q / capacity)^n`` with the
        six-tenths exponent ``pooling_cost_exponent``; the running cost per unit is the
        resource's price, never scaled. [EUR], [canonical unit]
    service_for : tuple of str
        For a service, the resources it handles at the company that buys it (cardboard baling:
        ``material.cardboard``). A company whose supply of one of them goes to an exchange no
        longer needs the service, so the plan never pools the service and ships the resource.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    family: Family
    label_en: str
    label_fr: str
    price_eur_per_unit: float
    price_source: str
    emission_factor_kgco2e_per_unit: float
    emission_factor_source: str
    transport: Transport
    max_distance_km: float = Field(gt=0)
    bulk_density_t_per_m3: float | None = Field(default=None, gt=0)
    bulk_density_source: str | None = None
    shared_plant_capex_eur: float | None = Field(default=None, gt=0)
    shared_plant_capacity_per_yr: float | None = Field(default=None, gt=0)
    shared_plant_source: str | None = None
    service_for: tuple[str, ...] = ()
    ewc_codes: tuple[str, ...] = ()
    abp_category: int | None = Field(default=None, ge=1, le=3)
    lhv_mwh_per_t: float | None = Field(default=None, gt=0)
    lhv_kwh_per_nm3: float | None = Field(default=None, gt=0)
    lhv_over_hhv: float | None = Field(default=None, gt=0, le=1)
    heating_value_source: str | None = None
    waste_family: str | None = None

    @model_validator(mode="after")
    def _sourced_heating_values(self) -> Resource:
        given = (self.lhv_mwh_per_t, self.lhv_kwh_per_nm3, self.lhv_over_hhv)
        if any(value is not None for value in given):
            if self.family != "energy":
                raise ValueError(f"resource {self.id}: heating values belong to energy resources")
            if not self.heating_value_source:
                raise ValueError(f"resource {self.id}: give heating_value_source")
        return self

    @property
    def canonical_unit(self) -> str:
        """The canonical annual unit of the resource's family (m3/yr, t/yr, MWh/yr, h/yr)."""
        return CANONICAL_UNITS[self.family]


class Use(BaseModel):
    """What a demanded flow is used for, and what that use asks of its water (``uses.yaml``).

    Attributes
    ----------
    food_contact : bool
        The water touches food, or the container of a packaged food it cools.
    clean_seawater_allowed : bool
        Reg. (EC) 852/2004 Annex II ch. VII allows clean seawater for this use.
    potable_required : bool, optional
        Default of a demand's ``potable_required`` when the flow leaves it empty.
    quality_limits : dict of str to float
        Default limits of a demand by limit field of the quality registry (``quality.yaml``),
        e.g. ``{"max_chloride_mg_per_l": 300.0}``, in the parameter's unit; a limit the flow
        states wins.
    limits_source, source : str
        Where the default limits and the flags come from.
    conditions : tuple of str
        Ids of the approvals an exchange serving this use needs (``conditions.yaml``).
    treatment : str, optional
        The treatment route (``treatments.yaml``) a material gets at this outlet; None when the
        receiver uses it as an input of its product.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label_en: str
    label_fr: str
    food_contact: bool
    clean_seawater_allowed: bool
    potable_required: bool | None = None
    quality_limits: dict[str, float] = Field(default_factory=dict)
    limits_source: str | None = None
    conditions: tuple[str, ...] = ()
    treatment: str | None = None
    source: str

    @model_validator(mode="after")
    def _sourced_limits(self) -> Use:
        if self.quality_limits and not self.limits_source:
            raise ValueError(f"use {self.id}: give limits_source for its quality_limits")
        return self


class Parameter(BaseModel):
    """A number of the zone with its unit and its source.

    Examples
    --------
    >>> Parameter(value=65.0, unit="EUR/MWh", source="SDES 2024").value
    65.0
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    unit: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    source: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    note: str | None = None

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float) -> float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("a parameter value must be a finite number")
        return value


def _read_yaml(name: str) -> Any:
    text = package_files.files("symbiosis.catalogue").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def resource_catalogue() -> dict[str, Resource]:
    """Every resource of the catalogue by id, in file order.

    Examples
    --------
    >>> resource_catalogue()["water.sea"].label_fr
    'eau de mer propre'
    """
    entries = [Resource.model_validate(entry) for entry in _read_yaml("resources.yaml")]
    return {entry.id: entry for entry in entries}


@cache
def use_catalogue() -> dict[str, Use]:
    """Every water use by id, in file order.

    Raises
    ------
    InputError
        A use's ``quality_limits`` names a field that is not the limit of a quality parameter,
        or its ``conditions`` an unknown condition.

    Examples
    --------
    >>> use_catalogue()["evaporative_makeup"].quality_limits
    {'max_reuse_class': 1.0, 'max_chloride_mg_per_l': 300.0}
    """
    # Imported here: the registry and the conditions read this module.
    from symbiosis.catalogue.conditions import check_condition_ids
    from symbiosis.catalogue.quality import quality_parameters
    from symbiosis.catalogue.treatments import treatment_catalogue

    uses = {entry["id"]: Use.model_validate(entry) for entry in _read_yaml("uses.yaml")}
    limits = {parameter.limit_field for parameter in quality_parameters().values()}
    for use in uses.values():
        check_condition_ids(use.conditions, f"uses.yaml: use {use.id}")
        if use.treatment is not None and use.treatment not in treatment_catalogue():
            raise InputError(
                f"uses.yaml: use {use.id} names treatment {use.treatment!r}, which "
                f"treatments.yaml does not list{suggest(use.treatment, treatment_catalogue())}"
            )
        for name in use.quality_limits:
            if name not in limits:
                raise InputError(
                    f"uses.yaml: use {use.id} sets {name!r}, which is not the limit field of a "
                    f"quality parameter{suggest(name, limits)}"
                )
    return uses


@cache
def default_parameters() -> dict[str, Parameter]:
    """The package's default zone parameters by name (a zone file overrides them by name)."""
    return {
        name: Parameter.model_validate(entry)
        for name, entry in _read_yaml("parameters.yaml").items()
    }


#: Per-resource parameters a zone may set besides the defaults, with the unit's numerator.
_RESOURCE_PARAMETERS = {"price_eur_per_unit": "EUR", "emission_factor_kgco2e_per_unit": "kgCO2e"}

#: Figures of an earlier study of the zone that the report compares with (no default: a zone
#: states them with their source), and their units.
STUDY_FIGURES: dict[str, str] = {
    "seawater_network_study_investment_eur": "EUR",
    "seawater_network_study_members": "1",  # a number of companies
}


def parameter_reference_unit(name: str) -> str | None:
    """The unit a zone parameter is expressed in by default, or None for an unknown name.

    A zone may set any package default (``parameters.yaml``) and, for each resource,
    ``<resource>.price_eur_per_unit`` (EUR per amount of its canonical unit) and
    ``<resource>.emission_factor_kgco2e_per_unit`` (kgCO2e per amount), the plant of an outside
    supply (``<resource>.shared_plant_capex_eur`` in EUR,
    ``<resource>.shared_plant_capacity_per_yr`` in its canonical unit), and the figures of an
    earlier study (:data:`STUDY_FIGURES`).

    Examples
    --------
    >>> parameter_reference_unit("water_pipe_cost_eur_per_m")
    'EUR/m'
    >>> parameter_reference_unit("water.potable.price_eur_per_unit")
    'EUR/m3'
    >>> parameter_reference_unit("water_pipe_cost_eur_per_metre") is None
    True
    """
    defaults = default_parameters()
    if name in defaults:
        return defaults[name].unit
    if name in STUDY_FIGURES:
        return STUDY_FIGURES[name]
    resource_id, _, key = name.rpartition(".")
    resource = resource_catalogue().get(resource_id)
    if resource is None:
        return None
    # The plant an outside supply needs (matching/plants.py): its investment and its capacity.
    if key == "shared_plant_capex_eur":
        return "EUR"
    if key == "shared_plant_capacity_per_yr":
        return resource.canonical_unit
    if key not in _RESOURCE_PARAMETERS:
        return None
    amount = resource.canonical_unit.split("/")[0]
    return f"{_RESOURCE_PARAMETERS[key]}/{amount}"


def suggest(value: str, choices: Iterable[str], n: int = 3) -> str:
    """A 'did you mean' phrase for an unknown value, or '' when nothing is close.

    Examples
    --------
    >>> suggest("water.potabel", ["water.potable", "material.ice"])
    "; did you mean 'water.potable'?"
    """
    close = difflib.get_close_matches(str(value), list(choices), n=n, cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + " or ".join(repr(choice) for choice in close) + "?"


Entry = TypeVar("Entry")


def catalogue_entry(
    entries: Mapping[str, Entry], key: str, not_found: str, *, known_label: str = ""
) -> Entry:
    """``entries[key]``, or an InputError that says ``'key' <not_found>`` and suggests close ids.

    With ``known_label`` the message also lists every id (``; known uses: ...``).

    Examples
    --------
    >>> catalogue_entry({"water.sea": 1}, "water.se", "is not a resource")
    Traceback (most recent call last):
    ...
    symbiosis.errors.InputError: 'water.se' is not a resource; did you mean 'water.sea'?
    """
    try:
        return entries[key]
    except KeyError:
        known = f"; {known_label}: {', '.join(entries)}" if known_label else ""
        raise InputError(f"{key!r} {not_found}{suggest(key, entries)}{known}") from None


def normalise_label(text: str) -> str:
    """A name as it is compared: no accents, case, punctuation or plural s/x.

    Examples
    --------
    >>> normalise_label("Eaux  Potables")
    'eau potable'
    >>> normalise_label("Chaleur basse-température")
    'chaleur basse temperature'
    """
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^a-z0-9.]+", " ", text.lower().replace("'", " ")).split()
    # A plural s or x, not the s of 'gaz'-like short words.
    return " ".join(word[:-1] if len(word) > 3 and word[-1] in "sx" else word for word in words)


def _names(entry: Resource | Use) -> list[str]:
    names = [entry.label_fr, entry.label_en]
    # A label's text before its parenthesis ('eau brute de surface (rivière, canal)').
    names += [label.split(" (")[0] for label in names if " (" in label]
    return names


@cache
def _name_index(kind: str) -> dict[str, str]:
    """Normalised name -> id of the resources or the uses (labels and labels.yaml).

    Raises
    ------
    InputError
        Two entries share a name of labels.yaml; a label two entries share is left out, so it
        is refused as ambiguous rather than read as one of them.
    """
    entries: Mapping[str, Resource | Use] = (
        resource_catalogue() if kind == "resources" else use_catalogue()
    )
    aliases: dict[str, list[str]] = _read_yaml("labels.yaml")[kind]
    index: dict[str, str] = {}
    shared: set[str] = set()
    for entry_id, entry in entries.items():
        for name in {normalise_label(name) for name in _names(entry)}:
            if index.get(name, entry_id) != entry_id:
                shared.add(name)
            index[name] = entry_id
    for name in shared:
        del index[name]
    for entry_id, names in aliases.items():
        catalogue_entry(entries, entry_id, f"in labels.yaml is not one of the {kind}")
        for name in names:
            key = normalise_label(name)
            if index.get(key, entry_id) != entry_id:
                raise InputError(
                    f"labels.yaml: {name!r} of {entry_id} also names {index[key]}; a name "
                    "means one thing"
                )
            index[key] = entry_id
    return index


def _by_name(
    entries: Mapping[str, Entry], kind: str, value: str, not_found: str, *, known_label: str = ""
) -> Entry:
    """``entries[value]``, or the entry whose id, French or English label or other name of
    ``labels.yaml`` ``value`` is, however accented, cased or pluralised."""
    if value in entries:
        return entries[value]
    index = _name_index(kind)
    key = normalise_label(value)
    if key in index:
        return entries[index[key]]
    close_names = difflib.get_close_matches(key, list(index), n=3, cutoff=0.75)
    close = list(dict.fromkeys(difflib.get_close_matches(value, list(entries), n=3, cutoff=0.6)))
    close = list(dict.fromkeys(close + [index[name] for name in close_names]))
    hint = "; did you mean " + " or ".join(repr(c) for c in close[:3]) + "?" if close else ""
    listed = f"; {known_label}: {', '.join(entries)}" if known_label else ""
    raise InputError(
        f"{value!r} {not_found}{hint}; write an id, or a French or English label of the "
        f"{kind!r} sheet of the template (symbiosis template){listed}"
    )


def get_resource(resource_id: str) -> Resource:
    """The catalogue entry of a resource, by its id or by a name.

    A name is the French or English label (``eau potable``, ``vapeur``, ``gaz naturel``), or one
    of ``labels.yaml``, compared without accents, case or plural.

    Raises
    ------
    InputError
        Unknown id or name; the message gives the closest ones and points to the template's
        ``resources`` sheet.

    Examples
    --------
    >>> get_resource("material.cardboard").ewc_codes
    ('15 01 01',)
    >>> get_resource("Eaux potables").id
    'water.potable'
    """
    return _by_name(
        resource_catalogue(), "resources", resource_id, "is not a resource of the catalogue"
    )


def get_use(use_id: str) -> Use:
    """The catalogue entry of a use, by its id or by a name (as :func:`get_resource`).

    Raises
    ------
    InputError
        Unknown id or name; the message gives the closest ones and lists the uses.

    Examples
    --------
    >>> get_use("lavage et déglaçage du poisson entier").id
    'whole_fish_washing'
    """
    return _by_name(use_catalogue(), "uses", use_id, "is not a known use", known_label="known uses")


def known(lookup: Callable[[str], object], value: str) -> str:
    """The id of ``value`` when ``lookup`` (:func:`get_resource`, :func:`get_use` ...) knows it.

    A name (a French label ...) becomes its id. For pydantic validators: the lookup's
    :class:`InputError` becomes a ``ValueError`` with the same message, so the record's error
    names the field.

    Examples
    --------
    >>> known(get_resource, "water.sea")
    'water.sea'
    >>> known(get_resource, "vapeur")
    'heat.steam'
    """
    try:
        entry = lookup(value)
    except InputError as error:
        raise ValueError(str(error)) from None
    entry_id = getattr(entry, "id", None)
    return entry_id if isinstance(entry_id, str) else value


def resource_table() -> pd.DataFrame:
    """The catalogue as a table, one row per resource, sorted by id.

    Examples
    --------
    >>> table = resource_table()
    >>> table.loc["water.potable", "canonical_unit"]
    'm3/yr'
    """
    rows = [
        {**resource.model_dump(), "canonical_unit": resource.canonical_unit}
        for resource in resource_catalogue().values()
    ]
    return pd.DataFrame(rows).set_index("id").sort_index()
