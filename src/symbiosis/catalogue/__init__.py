"""The resource catalogue, the uses of water and the default zone parameters, read from data files.

The catalogue is data (``resources.yaml``, ``uses.yaml``, ``parameters.yaml`` beside this module),
loaded once and cached. Look-ups of an unknown id raise :class:`~symbiosis.errors.InputError`
with the closest ids as suggestions.
"""

from symbiosis.catalogue.resources import (
    Parameter,
    Resource,
    Use,
    default_parameters,
    get_resource,
    get_use,
    resource_catalogue,
    resource_table,
    suggest,
    use_catalogue,
)

__all__ = [
    "Parameter",
    "Resource",
    "Use",
    "default_parameters",
    "get_resource",
    "get_use",
    "resource_catalogue",
    "resource_table",
    "suggest",
    "use_catalogue",
]
