"""The catalogue: resources, water uses, default parameters, substitution rules, input columns.

The catalogue is data (``resources.yaml``, ``uses.yaml``, ``parameters.yaml``, ``rules.yaml``,
``quality.yaml``, ``labels.yaml``, the European List of Waste ``waste_list.csv`` with
``waste_classes.yaml``, and ``fields/<table>.csv`` beside this module), loaded once and cached.
Look-ups of an unknown id raise :class:`~symbiosis.errors.InputError` with the closest ids as
suggestions.
"""

from symbiosis.catalogue.fields import demand_only_fields, field_table
from symbiosis.catalogue.quality import (
    QualityParameter,
    concentration_parameters,
    get_quality_parameter,
    limit_checked_parameters,
    quality_parameters,
)
from symbiosis.catalogue.resources import (
    Parameter,
    Resource,
    Use,
    default_parameters,
    get_resource,
    get_use,
    parameter_reference_unit,
    resource_catalogue,
    resource_table,
    suggest,
    use_catalogue,
)
from symbiosis.catalogue.rules import (
    OutletRefusal,
    OutletRule,
    SubstitutionRule,
    SupplyQuality,
    expand_rules,
    get_rule,
    is_hazardous,
    outlet_refusal,
    outlet_rules,
    outside_supply_quality,
    rule_pairs,
    substitution_rules,
    supply_abp_category,
)
from symbiosis.catalogue.waste_list import (
    WasteEntry,
    parse_waste_code,
    waste_entry,
    waste_list,
    waste_resource,
    waste_table,
)

__all__ = [
    "OutletRefusal",
    "OutletRule",
    "Parameter",
    "QualityParameter",
    "Resource",
    "SubstitutionRule",
    "SupplyQuality",
    "Use",
    "WasteEntry",
    "concentration_parameters",
    "default_parameters",
    "demand_only_fields",
    "expand_rules",
    "field_table",
    "get_quality_parameter",
    "get_resource",
    "get_rule",
    "get_use",
    "is_hazardous",
    "limit_checked_parameters",
    "outlet_refusal",
    "outlet_rules",
    "outside_supply_quality",
    "parameter_reference_unit",
    "parse_waste_code",
    "quality_parameters",
    "resource_catalogue",
    "resource_table",
    "rule_pairs",
    "substitution_rules",
    "suggest",
    "supply_abp_category",
    "use_catalogue",
    "waste_entry",
    "waste_list",
    "waste_resource",
    "waste_table",
]
