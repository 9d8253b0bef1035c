"""Treatment routes of wastes and their emission factors by waste family (``treatments.yaml``).

A supply's route today is its flow's ``current_treatment``, else the default of its waste family
for its ``current_route`` (then *assumed*); the route of an exchange is the treatment of the
demand's use (``uses.yaml``: ``treatment``). The CO2e an exchange avoids counts the difference.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, model_validator

from symbiosis.catalogue.resources import (
    _read_yaml,
    get_resource,
    get_use,
    resource_catalogue,
    suggest,
)
from symbiosis.errors import InputError

__all__ = [
    "RouteFactor",
    "Treatment",
    "WasteFamily",
    "new_route",
    "todays_route",
    "treatment_catalogue",
    "treatment_label",
    "waste_families",
]


class Treatment(BaseModel):
    """One treatment route: its id and labels (the words a reader accepts for it are the choices
    of ``current_treatment`` in ``fields/flows.csv``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label_en: str
    label_fr: str


class Factor(BaseModel):
    """Emissions of one route for one family, with the source. [kgCO2e per canonical unit]"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    source: str


class WasteFamily(BaseModel):
    """Wastes treated alike: the factor of each route and the routes assumed by default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label_en: str
    default_disposal: str
    default_recovery: str
    default_sewer: str | None = None
    default_source: str
    factors: dict[str, Factor]

    @model_validator(mode="after")
    def _defaults_have_factors(self) -> WasteFamily:
        for default in (self.default_disposal, self.default_recovery, self.default_sewer):
            if default is not None and default not in self.factors:
                raise ValueError(f"family {self.id}: default {default} has no factor")
        return self


class RouteFactor(NamedTuple):
    """A route a flow takes, its emission factor and where the route and the factor come from."""

    treatment: str
    kgco2e_per_unit: float
    source: str
    assumed_route: bool


@cache
def treatment_catalogue() -> dict[str, Treatment]:
    """Every treatment route by id, in file order.

    Examples
    --------
    >>> treatment_catalogue()["incineration_energy_recovery"].label_fr
    'incinération avec valorisation énergétique'
    """
    listed = _read_yaml("treatments.yaml")["treatments"]
    entries = [Treatment.model_validate(entry) for entry in listed]
    return {entry.id: entry for entry in entries}


def treatment_label(treatment_id: str) -> str:
    """The English label of a treatment route.

    Examples
    --------
    >>> treatment_label("landfill")
    'landfill'
    """
    return treatment_catalogue()[treatment_id].label_en


@cache
def waste_families() -> dict[str, WasteFamily]:
    """Every waste family by id, with its factors.

    Raises
    ------
    InputError
        A family names a treatment that ``treatments`` does not list.
    """
    known = treatment_catalogue()
    families = {
        entry["id"]: WasteFamily.model_validate(entry)
        for entry in _read_yaml("treatments.yaml")["families"]
    }
    for family in families.values():
        unknown = sorted(set(family.factors) - set(known))
        if unknown:
            raise InputError(f"treatments.yaml: family {family.id} names unknown routes {unknown}")
    for resource in resource_catalogue().values():
        if resource.waste_family is not None and resource.waste_family not in families:
            raise InputError(
                f"resources.yaml: {resource.id} names waste_family {resource.waste_family!r}, "
                f"which treatments.yaml does not list{suggest(resource.waste_family, families)}"
            )
    return families


def _family(resource_id: str) -> WasteFamily | None:
    family = get_resource(resource_id).waste_family
    return None if family is None else waste_families()[family]


def _factor(family: WasteFamily, treatment: str, assumed: bool) -> RouteFactor:
    factor = family.factors.get(treatment)
    if factor is None:
        # A use's route the family does not take (a flow's own treatment is validated).
        label = treatment_catalogue()[treatment].label_en
        return RouteFactor(
            treatment,
            0.0,
            f"assumed: no factor for {label} of {family.label_en} (counted 0)",
            assumed,
        )
    return RouteFactor(treatment, factor.value, factor.source, assumed)


def todays_route(
    resource_id: str,
    current_route: str | None,
    current_treatment: str | None,
    disposed_of_today: bool,
) -> RouteFactor | None:
    """The treatment a supply gets today and its factor; None when it gets none or its
    resource has no waste family.

    ``current_treatment`` when given; else the family's default for ``current_route``: for
    ``disposal`` (or no route but a flow disposed of today, a waste whose company pays to get
    rid of it) its ``default_disposal``; for ``recovery``, ``sold`` or ``given`` (its buyer puts
    it to use) its ``default_recovery``; for ``sewer`` its ``default_sewer``. A supply reused on
    site, with no outlet, or with no route and not disposed of, gets no treatment.

    Examples
    --------
    >>> todays_route("material.eps_boxes", "recovery", None, False)[:2]
    ('recycling', -921.0)
    >>> todays_route("material.eps_boxes", "recovery", "incineration", False).assumed_route
    False
    >>> todays_route("material.fish_byproducts", "sold", None, False)[:2]
    ('rendering', 0.0)
    >>> todays_route("material.cardboard", "on_site", None, False) is None
    True
    """
    family = _family(resource_id)
    if family is None:
        return None
    if current_treatment is not None:
        return _factor(family, current_treatment, assumed=False)
    # A waste sold or given today is put to use by its buyer: recovered.
    defaults = {
        "disposal": family.default_disposal,
        "recovery": family.default_recovery,
        "sold": family.default_recovery,
        "given": family.default_recovery,
        "sewer": family.default_sewer or family.default_disposal,
    }
    route = current_route
    if route is None and disposed_of_today:
        route = "disposal"
    if route not in defaults:
        return None
    found = _factor(family, defaults[str(route)], assumed=True)
    return found._replace(source=f"{found.source}; route {family.default_source}")


def new_route(resource_id: str, use_id: str | None) -> RouteFactor | None:
    """The treatment a supply gets at its new receiver (the use's ``treatment``) and its
    factor; None when the receiver uses it as an input of its production.

    Examples
    --------
    >>> new_route("material.eps_boxes", "recycling")[:2]
    ('recycling', -921.0)
    >>> new_route("material.fish_byproducts", "pet_food") is None
    True
    """
    family = _family(resource_id)
    if family is None or use_id is None:
        return None
    treatment = get_use(use_id).treatment
    if treatment is None:
        return None
    return _factor(family, treatment, assumed=False)
