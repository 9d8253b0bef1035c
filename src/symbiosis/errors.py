"""Exceptions raised by symbiosis.

Every error subclasses :class:`SymbiosisError` and the matching builtin, so callers can catch
either. Messages name the record at fault and say how to fix it.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

__all__ = [
    "InfeasibleModelError",
    "InputError",
    "MissingDependencyError",
    "OutputError",
    "Problem",
    "SymbiosisError",
    "UnitError",
    "ValidationReport",
    "require",
]


class SymbiosisError(Exception):
    """Base class of every error raised by symbiosis."""


class InputError(SymbiosisError, ValueError):
    """Input data or arguments that cannot be used as given."""


class UnitError(InputError):
    """A unit that is unknown or cannot be converted to the canonical unit of its family."""


class InfeasibleModelError(SymbiosisError, RuntimeError):
    """An optimisation model without a solution; the message says which constraints conflict."""


class MissingDependencyError(SymbiosisError, ImportError):
    """An optional package is needed; the message names the extra to install."""


class OutputError(SymbiosisError, OSError):
    """A file that cannot be written; the message names the file the user asked for and why.

    Raised by the atomic writer (:mod:`symbiosis.io.atomic`) for a missing folder, a folder
    where a file is due, a folder without write permission, a full disk or a name too long.
    """


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import an optional package, or say which extra of symbiosis installs it.

    Parameters
    ----------
    module : str
        The module to import, e.g. ``openpyxl`` or ``matplotlib.pyplot``.
    extra : str
        The extra of ``pyproject.toml`` that installs it, e.g. ``excel``.
    purpose : str
        What needs it, the start of the message, e.g. ``writing .xlsx files``.

    Returns
    -------
    module
        The imported module.

    Raises
    ------
    MissingDependencyError
        When the module cannot be imported; the message names the package and the extra.

    Examples
    --------
    >>> require("json", "none", "reading JSON").__name__
    'json'
    >>> require("nope", "plot", "plotting")
    Traceback (most recent call last):
    ...
    symbiosis.errors.MissingDependencyError: plotting needs nope: pip install "symbiosis[plot]"
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        package = module.partition(".")[0]
        raise MissingDependencyError(
            f'{purpose} needs {package}: pip install "symbiosis[{extra}]"'
        ) from error


#: Characters of a value a message shows before cutting it.
_SHOWN_CHARACTERS = 80


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in an input file.

    Parameters
    ----------
    file : str
        File (or sheet) name as the user knows it, e.g. ``flows.csv``.
    row : int or None
        Row number as a spreadsheet shows it (the header is row 1); None for a file-level
        problem.
    column : str or None
        Column name as written in the file, or None.
    value : str
        The offending value, as text ('' when missing).
    message : str
        What is wrong and how to fix it.
    """

    file: str
    row: int | None
    column: str | None
    value: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        shown = f"{self.value!r} " if self.value != "" else ""
        if len(self.value) > _SHOWN_CHARACTERS:  # a 100,000-character cell, shown in part
            head = self.value[:_SHOWN_CHARACTERS]
            shown = f"{head!r}... ({len(self.value):,} characters) "
        return f"{where}: {shown}{self.message}"


def _problem_sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.row or 0, problem.column or "", problem.message)


class ValidationReport(InputError):
    """Every problem found while reading a zone, raised once.

    Attributes
    ----------
    problems : list of Problem
        Sorted by file, row and column.
    """

    def __init__(self, problems: Sequence[Problem], source: str = "") -> None:
        self.problems = sorted(problems, key=_problem_sort_key)
        self.source = source
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} found"
        if source:
            head += f" in {source}"
        lines = [head + ":"] + [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))
