"""Zones shipped inside the package, under ``symbiosis/examples/<name>/``."""

from __future__ import annotations

from pathlib import Path

from symbiosis.catalogue import suggest
from symbiosis.errors import InputError
from symbiosis.schemas import Zone

__all__ = ["example_names", "example_path", "load_example"]

_EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def example_names() -> list[str]:
    """Names of the zones shipped with the package, sorted.

    Examples
    --------
    >>> "toy" in example_names()
    True
    """
    if not _EXAMPLES.is_dir():  # pragma: no cover - the package always ships its examples
        return []
    return sorted(
        entry.name
        for entry in _EXAMPLES.iterdir()
        if entry.is_dir() and not entry.name.startswith(("_", "."))
    )


def example_path(name: str) -> Path:
    """Folder of a shipped example.

    Raises
    ------
    InputError
        Unknown name; the message lists the available ones.
    """
    names = example_names()
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in names:
        raise InputError(
            f"no example zone named {name!r}{suggest(str(name), names)}; available examples: "
            f"{', '.join(names)}"
        )
    return _EXAMPLES / key


def load_example(name: str) -> Zone:
    """A zone shipped with the package: ``"toy"`` (4 companies, for doctests), ``"capecure"``,
    ``"dunkerque"`` (heavy-industry port).

    Parameters
    ----------
    name : str
        See :func:`example_names`.

    Returns
    -------
    Zone

    Raises
    ------
    InputError
        Unknown name; the message lists the available ones.

    Examples
    --------
    >>> load_example("toy").summary()
    'toy: 4 companies, 9 flows (water 4, heat 2, material 3), 2 outside parties'
    """
    from symbiosis.io.formats import read_zone

    path = example_path(name)
    files = sorted(path.glob("*.xlsx")) + sorted(path.glob("*.json"))
    has_tables = any(path.glob("*.csv"))
    return read_zone(path if has_tables or not files else files[0])
