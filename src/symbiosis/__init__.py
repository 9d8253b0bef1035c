"""symbiosis: find, score and plan exchanges of water, heat, by-products, waste and services
between the companies of an industrial zone.

The public names are imported here; nothing else happens at import.
"""

from symbiosis.errors import (
    InfeasibleModelError,
    InputError,
    MissingDependencyError,
    SymbiosisError,
    UnitError,
    ValidationReport,
)
from symbiosis.io import load_example, read_zone, write_template, write_zone
from symbiosis.schemas import Company, Flow, OutsideParty, Zone

__version__ = "0.1.0"

__all__ = [
    "Company",
    "Flow",
    "InfeasibleModelError",
    "InputError",
    "MissingDependencyError",
    "OutsideParty",
    "SymbiosisError",
    "UnitError",
    "ValidationReport",
    "Zone",
    "__version__",
    "load_example",
    "read_zone",
    "write_template",
    "write_zone",
]
