"""Exceptions raised by symbiosis.

Every error subclasses :class:`SymbiosisError` and the matching builtin, so callers can catch
either. Messages name the record at fault and say how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "InfeasibleModelError",
    "InputError",
    "MissingDependencyError",
    "Problem",
    "SymbiosisError",
    "UnitError",
    "ValidationReport",
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
