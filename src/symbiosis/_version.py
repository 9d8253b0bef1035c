"""The version of symbiosis, written once.

``pyproject.toml`` reads it when the package is built, ``symbiosis.__version__`` re-exports it,
and the report quotes it. It imports nothing, so any module may import it.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
