"""Load the substitution rules (``rules.yaml``): what can stand in for what, when, and why.

A rule pairs supply resources with demand resources and states its conditions as data (the use
flag the demand must have, the quality limits to compare, the temperature approach). Expanded,
the rules give one row per (supply resource, demand resource) pair, each owned by exactly one
rule (:func:`rule_pairs`), which is what the matcher joins flows on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any, Literal, NamedTuple

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from symbiosis.catalogue.conditions import Condition, check_condition_ids, condition_catalogue
from symbiosis.catalogue.quality import limit_checked_parameters, quality_parameters
from symbiosis.catalogue.resources import (
    Use,
    _read_yaml,
    catalogue_entry,
    get_resource,
    known,
    resource_catalogue,
    suggest,
    use_catalogue,
)
from symbiosis.errors import InputError
from symbiosis.units import Family

__all__ = [
    "RULE_KINDS",
    "RULE_KIND_SENTENCES",
    "OutletRefusal",
    "OutletRule",
    "SubstitutionRule",
    "SupplyQuality",
    "exchange_conditions",
    "expand_rules",
    "get_rule",
    "is_hazardous",
    "outlet_refusal",
    "outlet_rules",
    "outside_supply_quality",
    "pool_conditions",
    "rule_pairs",
    "substitution_rules",
    "supply_abp_category",
]

RuleKind = Literal["exchange", "substitution", "cascade", "heat_recovery", "heat_pump"]
SupplierKind = Literal["company", "outside"]
RULE_KINDS: tuple[RuleKind, ...] = (
    "exchange",
    "substitution",
    "cascade",
    "heat_recovery",
    "heat_pump",
)
#: What each kind of candidate is, as ``MatchResult.explain`` opens its paragraph.
RULE_KIND_SENTENCES: dict[str, str] = {
    "exchange": "an exchange between two companies",
    "substitution": "a substitution by an outside source",
    "cascade": "a cascade: water reused at a lower grade",
    "heat_recovery": "a heat recovery between two companies",
    # Built by matching/heat_pumps.py (MatchConfig.heat_pumps), not by a rule of rules.yaml.
    "heat_pump": "a heat pump lifting low-grade heat to a demand's temperature",
}

_USE_FLAGS = tuple(
    name for name, info in Use.model_fields.items() if info.annotation in (bool, "bool")
)


def _check_resources(values: Iterable[str]) -> None:
    for value in values:
        resource_id = known(get_resource, value)
        if resource_id != value:
            # Labels are for spreadsheets; the catalogue's own files name resources by id.
            raise ValueError(f"write the id {resource_id!r}, not the name {value!r}")


class SubstitutionRule(BaseModel):
    """One rule of ``rules.yaml``: which supplies may meet which demands, and on what conditions.

    Attributes
    ----------
    id : str
        Stable identifier quoted in ``MatchResult.exchanges['rule_id']``.
    kind : {'exchange', 'substitution', 'cascade', 'heat_recovery'}
        What the rule does. A candidate from an outside party is always a ``substitution``; a
        ``substitution`` rule applied between two companies gives an ``exchange``.
    supply_resources, demand_resources : tuple of str
        Catalogue ids; every supply resource pairs with every demand resource.
    same_resource : bool
        Pair each supply resource with itself only (``demand_resources`` stays empty). With
        ``families`` instead of ``supply_resources``, the rule is a fallback for every resource
        of those families that no other rule pairs with itself.
    suppliers : tuple of {'company', 'outside'}
        Who may supply: a company's flow, and/or an outside party listing the resource.
    requires_use_flag : str, optional
        Boolean field of the demand's use (``uses.yaml``) that must be true, e.g.
        ``clean_seawater_allowed``.
    allowed_uses : tuple of str, optional
        The demand's use must be one of these.
    forbid_food_contact, forbid_potable_required : bool
        The demand must not touch food; a demand with ``potable_required`` takes nothing but
        ``water.potable``.
    quality_checks : tuple of str
        Ids of the quality parameters (``quality.yaml``) whose supply value is compared with
        the demand's limit, e.g. ``('salinity', 'cod')``.
    temperature_approach : bool
        The supply must stay ``dt_min_k`` hotter than what it heats; the share of the demand it
        covers is ``(min(T_s − ΔTmin, T_target) − T_in) / (T_target − T_in)`` clipped to [0, 1].
    charge_supply_price : bool
        The new supply costs its price (pumping and filtering seawater, treating wastewater).
    treatment_cost_eur_per_unit, treatment_emission_factor_kgco2e_per_unit : float
        What the receiver pays, and emits, to treat each unit up to the grade it demands (reverse
        osmosis, demineralisation), on top of the supply; ``treatment_source`` says where they
        come from. [EUR per canonical unit, kgCO2e per canonical unit]
    conditions : tuple of str
        Ids of the approvals an exchange under this rule needs (``conditions.yaml``); each holds
        for the supply resources it names.
    description_en, source : str
        A sentence for a client, and where the rule comes from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: RuleKind
    supply_resources: tuple[str, ...] = ()
    demand_resources: tuple[str, ...] = ()
    same_resource: bool = False
    families: tuple[Family, ...] = ()
    suppliers: tuple[SupplierKind, ...] = ("company",)
    requires_use_flag: str | None = None
    allowed_uses: tuple[str, ...] | None = None
    forbid_food_contact: bool = False
    forbid_potable_required: bool = False
    quality_checks: tuple[str, ...] = ()
    temperature_approach: bool = False
    charge_supply_price: bool = False
    treatment_cost_eur_per_unit: float = Field(default=0.0, ge=0)
    treatment_emission_factor_kgco2e_per_unit: float = Field(default=0.0, ge=0)
    treatment_source: str | None = None
    conditions: tuple[str, ...] = ()
    description_en: str = Field(min_length=1)
    source: str = Field(min_length=1)

    @field_validator("conditions")
    @classmethod
    def _known_conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_condition_ids(value, "rules.yaml")

    @field_validator("supply_resources", "demand_resources")
    @classmethod
    def _known_resources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_resources(value)
        return value

    @field_validator("quality_checks")
    @classmethod
    def _known_checks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        limits = {parameter.id for parameter in limit_checked_parameters()}
        for parameter_id in value:
            if parameter_id not in limits:
                raise ValueError(
                    f"{parameter_id!r} is not a quality parameter compared with a limit "
                    f"(quality.yaml){suggest(parameter_id, limits)}; known: "
                    f"{', '.join(sorted(limits))}"
                )
        if len(set(value)) != len(value):
            raise ValueError(f"quality_checks lists a parameter twice: {list(value)}")
        return value

    @field_validator("requires_use_flag")
    @classmethod
    def _known_flag(cls, value: str | None) -> str | None:
        if value is not None and value not in _USE_FLAGS:
            raise ValueError(
                f"{value!r} is not a flag of the uses; use one of {', '.join(_USE_FLAGS)}"
            )
        return value

    @field_validator("allowed_uses")
    @classmethod
    def _known_uses(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        uses = use_catalogue()
        for use in value or ():
            if use not in uses:
                raise ValueError(f"{use!r} is not a known use{suggest(use, uses)}")
        return value

    @model_validator(mode="after")
    def _shape(self) -> SubstitutionRule:
        treated = self.treatment_cost_eur_per_unit or self.treatment_emission_factor_kgco2e_per_unit
        if treated and not self.treatment_source:
            raise ValueError(f"rule {self.id}: give treatment_source for its treatment cost")
        if not self.suppliers:
            raise ValueError(f"rule {self.id}: list at least one kind of supplier")
        if self.same_resource:
            if self.demand_resources:
                raise ValueError(
                    f"rule {self.id}: same_resource pairs each supply resource with itself; "
                    "remove demand_resources"
                )
            if bool(self.supply_resources) == bool(self.families):
                raise ValueError(
                    f"rule {self.id}: a same_resource rule lists supply_resources or families"
                )
        else:
            if self.families:
                raise ValueError(f"rule {self.id}: families need same_resource: true")
            if not self.supply_resources or not self.demand_resources:
                raise ValueError(f"rule {self.id}: list supply_resources and demand_resources")
            families = {get_resource(r).family for r in self.supply_resources}
            families |= {get_resource(r).family for r in self.demand_resources}
            if len(families) > 1:
                raise ValueError(
                    f"rule {self.id} mixes families {sorted(families)}: quantities of one pair "
                    "must be in the same unit"
                )
        return self

    @property
    def is_fallback(self) -> bool:
        """True for a same-resource rule over whole families (it yields to explicit rules)."""
        return self.same_resource and bool(self.families)


class SupplyQuality(BaseModel):
    """Quality of what an outside party supplies when the zone does not say (``rules.yaml``).

    Attributes
    ----------
    values : dict of str to float
        By supply field of the quality registry (``salinity_g_per_l`` ...), in its unit.
    source : str
        Where the values come from.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    values: dict[str, float]
    source: str = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _split(cls, entry: Any) -> Any:
        # In rules.yaml the values sit beside the source, by field name.
        if isinstance(entry, Mapping) and "values" not in entry:
            entry = dict(entry)
            source = entry.pop("source", None)
            return {"values": entry, "source": source}
        return entry

    @field_validator("values")
    @classmethod
    def _known_fields(cls, values: dict[str, float]) -> dict[str, float]:
        parameters = {p.supply_field: p for p in quality_parameters().values()}
        for name, value in values.items():
            if name not in parameters:
                raise ValueError(
                    f"{name!r} is not the supply field of a quality parameter (quality.yaml)"
                    f"{suggest(name, parameters)}"
                )
            if parameters[name].to_mg_per_l is not None and value < 0:
                raise ValueError(f"{name} is {value}; a concentration is 0 or more")
        return values

    def value(self, field: str) -> float | None:
        """The value of a supply field, None when not given."""
        return self.values.get(field)


def expand_rules(rules: Iterable[SubstitutionRule]) -> list[tuple[str, str, str]]:
    """Every (rule id, supply resource, demand resource) pair the rules allow, each pair once.

    Explicit rules come first; fallback rules (``same_resource`` over ``families``) fill in the
    resources that no explicit rule pairs with themselves.

    Raises
    ------
    InputError
        Two rules claim the same pair, or two rules share an id.

    Examples
    --------
    >>> pairs = expand_rules(substitution_rules().values())
    >>> ("seawater_for_potable", "water.sea", "water.potable") in pairs
    True
    """
    rules = list(rules)
    ids = [rule.id for rule in rules]
    doubles = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if doubles:
        raise InputError(f"rule ids must be unique; repeated: {', '.join(doubles)}")
    owner: dict[tuple[str, str], str] = {}
    pairs: list[tuple[str, str, str]] = []

    def claim(rule_id: str, supply: str, demand: str) -> None:
        if (supply, demand) in owner:
            raise InputError(
                f"rules {owner[supply, demand]!r} and {rule_id!r} both pair {supply} with "
                f"{demand}; a pair of resources belongs to one rule"
            )
        owner[supply, demand] = rule_id
        pairs.append((rule_id, supply, demand))

    for rule in rules:
        if rule.is_fallback:
            continue
        if rule.same_resource:
            for resource in rule.supply_resources:
                claim(rule.id, resource, resource)
        else:
            for supply in rule.supply_resources:
                for demand in rule.demand_resources:
                    claim(rule.id, supply, demand)
    for rule in rules:
        if not rule.is_fallback:
            continue
        for entry in resource_catalogue().values():
            if entry.family in rule.families and (entry.id, entry.id) not in owner:
                claim(rule.id, entry.id, entry.id)
    return pairs


def _parse_rules(entries: list[Mapping[str, Any]]) -> dict[str, SubstitutionRule]:
    rules = [SubstitutionRule.model_validate(entry) for entry in entries]
    expand_rules(rules)  # raises on a pair claimed twice
    return {rule.id: rule for rule in rules}


@cache
def substitution_rules() -> dict[str, SubstitutionRule]:
    """Every substitution rule by id, in file order (``catalogue/rules.yaml``).

    Examples
    --------
    >>> rule = substitution_rules()["seawater_for_potable"]
    >>> rule.requires_use_flag, rule.suppliers
    ('clean_seawater_allowed', ('outside', 'company'))
    """
    return _parse_rules(_read_yaml("rules.yaml")["rules"])


def get_rule(rule_id: str) -> SubstitutionRule:
    """The rule with this id.

    Raises
    ------
    InputError
        Unknown id; the message gives the closest ids.
    """
    return catalogue_entry(substitution_rules(), rule_id, "is not a substitution rule")


@cache
def _pairs_table() -> pd.DataFrame:
    rows = expand_rules(substitution_rules().values())
    return pd.DataFrame(rows, columns=["rule_id", "supply_resource", "demand_resource"])


def rule_pairs() -> pd.DataFrame:
    """The rules expanded: one row per (supply resource, demand resource) pair.

    Returns
    -------
    pandas.DataFrame
        ``rule_id``, ``supply_resource``, ``demand_resource``, in rule-file order.

    Examples
    --------
    >>> table = rule_pairs()
    >>> table.loc[table["supply_resource"] == "material.cardboard", "rule_id"].tolist()
    ['packaging_to_recyclers']
    """
    return _pairs_table().copy()


@cache
def outside_supply_quality() -> dict[str, SupplyQuality]:
    """Default quality of what outside parties supply, by resource id (``rules.yaml``).

    Examples
    --------
    >>> outside_supply_quality()["water.sea"].value("salinity_g_per_l")
    35.0
    """
    entries = _read_yaml("rules.yaml").get("outside_supply_quality") or {}
    quality = {}
    for resource, entry in entries.items():
        _check_resources([resource])
        quality[resource] = SupplyQuality.model_validate(entry)
    return quality


class OutletWhen(BaseModel):
    """Which supplies an outlet rule applies to (all the given conditions hold)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    abp_category: int | None = Field(default=None, ge=1, le=3)
    hazardous: bool | None = None
    supply_resources: tuple[str, ...] = ()

    @field_validator("supply_resources")
    @classmethod
    def _known_resources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check_resources(value)
        return value


class OutletRule(BaseModel):
    """One outlet rule of ``rules.yaml``: where a regulated material may go, and why.

    Attributes
    ----------
    id : str
        Stable identifier.
    label_en : str
        What the rule is about, as the start of a sentence ("Category 3 animal by-products").
    when : OutletWhen
        The supplies it applies to: ABP category, hazardous (a '*' in the EWC code), resources.
    allowed_uses, forbidden_uses : tuple of str
        The demand's use (its outlet) must be one of ``allowed_uses`` (a demand that states no
        use is refused) and none of ``forbidden_uses``.
    conditions : tuple of str
        Ids of the approvals an exchange of such a supply needs (``conditions.yaml``).
    source : str
        The regulation and its article, quoted in the refusal.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label_en: str = Field(min_length=1)
    when: OutletWhen
    allowed_uses: tuple[str, ...] = ()
    forbidden_uses: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    source: str = Field(min_length=1)

    @field_validator("conditions")
    @classmethod
    def _known_conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return check_condition_ids(value, "rules.yaml, outlet_rules")

    @field_validator("allowed_uses", "forbidden_uses")
    @classmethod
    def _known_uses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        uses = use_catalogue()
        for use in value:
            if use not in uses:
                raise ValueError(f"{use!r} is not a known use{suggest(use, uses)}")
        return value

    @model_validator(mode="after")
    def _shape(self) -> OutletRule:
        if bool(self.allowed_uses) == bool(self.forbidden_uses):
            raise ValueError(f"outlet rule {self.id}: give allowed_uses or forbidden_uses")
        if self.when == OutletWhen():
            raise ValueError(f"outlet rule {self.id}: say in 'when' which supplies it covers")
        return self

    def applies(self, supply_resource: str, abp_category: int | None, hazardous: bool) -> bool:
        """Whether the rule covers a supply of this resource, ABP category and hazard."""
        when = self.when
        return (
            (when.abp_category is None or when.abp_category == abp_category)
            and (when.hazardous is None or when.hazardous == hazardous)
            and (not when.supply_resources or supply_resource in when.supply_resources)
        )


class OutletRefusal(NamedTuple):
    """Why an outlet rule refuses a candidate: the rule and the refusal in words."""

    rule: OutletRule
    reason: str


@cache
def outlet_rules() -> dict[str, OutletRule]:
    """Every outlet rule by id, in file order (``rules.yaml``: ``outlet_rules``).

    Examples
    --------
    >>> outlet_rules()["animal_by_products_category_3"].allowed_uses
    ('feed', 'pet_food', 'biogas_or_compost', 'rendering_or_incineration')
    """
    entries = _read_yaml("rules.yaml").get("outlet_rules") or []
    rules = [OutletRule.model_validate(entry) for entry in entries]
    return {rule.id: rule for rule in rules}


def supply_abp_category(resource: str, flow_category: float | None) -> int | None:
    """The animal by-product category of a supply: the flow's, else its resource's.

    Examples
    --------
    >>> supply_abp_category("material.fish_byproducts", None)
    3
    >>> supply_abp_category("material.fish_byproducts", 1.0), supply_abp_category("water.sea", None)
    (1, None)
    """
    if flow_category is not None and flow_category == flow_category:  # not NaN
        return int(flow_category)
    return get_resource(resource).abp_category


def is_hazardous(resource: str, ewc_code: str | None) -> bool:
    """A '*' in the supply's EWC code; with no code, in every code of its resource.

    Examples
    --------
    >>> is_hazardous("material.waste_oil", None), is_hazardous("material.cardboard", "15 01 01")
    (True, False)
    """
    if isinstance(ewc_code, str) and ewc_code:
        return ewc_code.endswith("*")
    codes = get_resource(resource).ewc_codes
    return bool(codes) and all(code.endswith("*") for code in codes)


def outlet_refusal(
    supply_resource: str, abp_category: int | None, hazardous: bool, use: str | None
) -> OutletRefusal | None:
    """The first outlet rule that refuses a supply for a demand of use ``use``, None if none.

    Parameters
    ----------
    supply_resource : str
        The supply's resource.
    abp_category : int, optional
        Its animal by-product category (:func:`supply_abp_category`).
    hazardous : bool
        A hazardous waste (:func:`is_hazardous`).
    use : str, optional
        The demand's use, its outlet (``uses.yaml``); None when it states none.

    Examples
    --------
    >>> refusal = outlet_refusal("material.fish_byproducts", 3, False, "human_food")
    >>> refusal.rule.id
    'animal_by_products_category_3'
    >>> outlet_refusal("material.fish_byproducts", 3, False, "feed") is None
    True
    """
    uses = use_catalogue()

    def label(use_id: str) -> str:
        return uses[use_id].label_en

    for rule in outlet_rules().values():
        if not rule.applies(supply_resource, abp_category, hazardous):
            continue
        if rule.allowed_uses and use not in rule.allowed_uses:
            allowed = "; ".join(label(u) for u in rule.allowed_uses)
            told = (
                "the demand does not state its use (set the flow's use to one of "
                + ", ".join(rule.allowed_uses)
                + ")"
                if use is None
                else f"the demand's use is {label(use)}"
            )
            return OutletRefusal(
                rule, f"{rule.label_en} may go only to: {allowed}; {told} ({rule.source})"
            )
        if use in rule.forbidden_uses:
            return OutletRefusal(
                rule, f"{rule.label_en} may not go to {label(use)} ({rule.source})"
            )
    return None


def exchange_conditions(
    rule_id: str,
    supply_resource: str,
    use: str | None,
    abp_category: int | None,
    hazardous: bool,
) -> tuple[Condition, ...]:
    """The approvals an exchange needs: its rule's, its demand's use's, its supply's outlet rules'.

    Each condition once, in that order, and only where it holds for the supply's resource
    (``conditions.yaml``: ``supply_resources``).

    Parameters
    ----------
    rule_id : str
        The substitution rule that pairs the supply and the demand.
    supply_resource : str
        The supply's resource.
    use : str, optional
        The demand's use (``uses.yaml``).
    abp_category : int, optional
        The supply's animal by-product category (:func:`supply_abp_category`).
    hazardous : bool
        The supply is a hazardous waste (:func:`is_hazardous`).

    Examples
    --------
    >>> [c.id for c in exchange_conditions("seawater_for_potable", "water.sea", "thawing", None,
    ...                                    False)]
    ['clean_seawater_authorisation', 'sewer_discharge_agreement']
    >>> [c.id for c in exchange_conditions("fish_byproducts_to_processors",
    ...                                    "material.fish_byproducts", "feed", 3, False)]
    ['abp_sanitary_approval', 'icpe_animal_by_products']
    """
    ids = list(substitution_rules()[rule_id].conditions)
    if use is not None:
        ids += use_catalogue()[use].conditions
    return _conditions(ids, supply_resource, abp_category, hazardous)


def _conditions(
    ids: list[str], resource: str, abp_category: int | None, hazardous: bool
) -> tuple[Condition, ...]:
    """``ids`` then the outlet rules' conditions for the supply, each once, where they hold."""
    for rule in outlet_rules().values():
        if rule.applies(resource, abp_category, hazardous):
            ids = [*ids, *rule.conditions]
    catalogue = condition_catalogue()
    chosen = [catalogue[i] for i in dict.fromkeys(ids)]
    return tuple(c for c in chosen if c.holds_for(resource))


@cache
def _pool_condition_ids() -> dict[str, tuple[str, ...]]:
    entries = _read_yaml("rules.yaml").get("pool_conditions") or {}
    return {
        kind: check_condition_ids(tuple(ids), f"rules.yaml, pool_conditions {kind}")
        for kind, ids in entries.items()
    }


def pool_conditions(pool_kind: str, resource: str) -> tuple[Condition, ...]:
    """The approvals a pool of this kind and resource needs on its own (``rules.yaml``).

    Those of its kind (``pool_conditions``) and of the outlet rules that cover its resource
    (with the resource's ABP category and hazard), each where it holds for the resource.

    Examples
    --------
    >>> [c.id for c in pool_conditions("joint_collection", "material.fish_waste")]
    ['waste_transfer_to_permitted_receiver', 'abp_sanitary_approval', 'icpe_animal_by_products']
    >>> pool_conditions("shared_service", "service.security")
    ()
    """
    ids = list(_pool_condition_ids().get(pool_kind, ()))
    return _conditions(
        ids, resource, supply_abp_category(resource, None), is_hazardous(resource, None)
    )
