"""The version of symbiosis, written once.

``pyproject.toml`` reads it when the package is built, ``symbiosis.__version__`` re-exports it,
and the report and ``symbiosis --version`` quote it with the distribution name. It imports
nothing, so any module may import it.
"""

__all__ = ["DISTRIBUTION_NAME", "__version__"]

__version__ = "0.1.0"

#: The name to ``pip install``: ``symbiosis`` on PyPI is an unrelated project (version 0.0.1),
#: so the distribution is ``industrial-symbiosis``; the import name stays ``symbiosis``.
DISTRIBUTION_NAME = "industrial-symbiosis"
