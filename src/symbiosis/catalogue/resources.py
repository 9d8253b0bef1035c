"""Load the resource catalogue, the water uses and the default parameters from their YAML files."""

from __future__ import annotations

import difflib
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
    ewc_codes: tuple[str, ...] = ()
    abp_category: int | None = Field(default=None, ge=1, le=3)

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
    {'max_chloride_mg_per_l': 300.0}
    """
    # Imported here: the registry and the conditions read this module.
    from symbiosis.catalogue.conditions import check_condition_ids
    from symbiosis.catalogue.quality import quality_parameters

    uses = {entry["id"]: Use.model_validate(entry) for entry in _read_yaml("uses.yaml")}
    limits = {parameter.limit_field for parameter in quality_parameters().values()}
    for use in uses.values():
        check_condition_ids(use.conditions, f"uses.yaml: use {use.id}")
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


def parameter_reference_unit(name: str) -> str | None:
    """The unit a zone parameter is expressed in by default, or None for an unknown name.

    A zone may set any package default (``parameters.yaml``) and, for each resource,
    ``<resource>.price_eur_per_unit`` (EUR per amount of its canonical unit) and
    ``<resource>.emission_factor_kgco2e_per_unit`` (kgCO2e per amount).

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
    resource_id, _, key = name.rpartition(".")
    resource = resource_catalogue().get(resource_id)
    if resource is None or key not in _RESOURCE_PARAMETERS:
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


def get_resource(resource_id: str) -> Resource:
    """The catalogue entry of a resource.

    Raises
    ------
    InputError
        Unknown id; the message gives the closest ids.

    Examples
    --------
    >>> get_resource("material.cardboard").ewc_codes
    ('15 01 01',)
    """
    return catalogue_entry(resource_catalogue(), resource_id, "is not a resource of the catalogue")


def get_use(use_id: str) -> Use:
    """The catalogue entry of a water use.

    Raises
    ------
    InputError
        Unknown id; the message gives the closest ids.
    """
    return catalogue_entry(use_catalogue(), use_id, "is not a known use", known_label="known uses")


def known(lookup: Callable[[str], object], value: str) -> str:
    """``value`` when ``lookup`` (:func:`get_resource`, :func:`get_use` ...) knows it.

    For pydantic validators: the lookup's :class:`InputError` becomes a ``ValueError`` with the
    same message, so the record's error names the field.

    Examples
    --------
    >>> known(get_resource, "water.sea")
    'water.sea'
    """
    try:
        lookup(value)
    except InputError as error:
        raise ValueError(str(error)) from None
    return value


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
