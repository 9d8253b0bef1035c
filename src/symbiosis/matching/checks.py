"""Quality checks of candidate pairs, on whole columns, with the reason of every failure.

Each check gives a nullable boolean column: True passed, False failed, NA not applicable (the
rule does not ask for it, or the demand sets no limit). A supply whose quality is unknown fails
against a demand that sets a limit ("quality unknown"): a consultant should measure before
promising it.

Temperature approach (rules with ``temperature_approach``): a source at ``T_s`` heats a demand
from ``T_in`` to ``T_target`` only up to ``T_s − ΔTmin``, so the share of the demand it covers is
``(min(T_s − ΔTmin, T_target) − T_in) / (T_target − T_in)``, clipped to [0, 1]. When ``T_in`` is
unknown the share is 1 if ``T_s − ΔTmin ≥ T_target`` and 0 otherwise. On the source side, a
supply cooled from ``T_s`` to ``T_out`` can give only the heat above ``T_in + ΔTmin``:
``(T_s − max(T_out, T_in + ΔTmin)) / (T_s − T_out)``, clipped to [0, 1] (1 when ``T_out`` or
``T_in`` is unknown).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue.quality import (
    QualityParameter,
    limit_checked_parameters,
    parameter_sentences,
)
from symbiosis.display import format_value

__all__ = [
    "CHECK_COLUMNS",
    "CheckOutcome",
    "fill_sentence",
    "format_number",
    "formatted",
    "join_reasons",
    "limit_check",
    "limit_reason",
    "temperature_coverage",
]

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

#: The check columns of ``MatchResult.exchanges``, in the order reasons are written: one per
#: quality parameter compared with a limit (``catalogue/quality.yaml``), then the others.
CHECK_COLUMNS: tuple[str, ...] = (
    *(parameter.check_column for parameter in limit_checked_parameters()),
    "check_temperature",
    "check_potable",
    "check_use_allowed",
    "check_distance",
    "check_quantity",
)


def format_number(value: float) -> str:
    """A number as the explanations write it: :func:`symbiosis.display.format_value`, with
    ``unknown`` for a missing value and no scientific notation.

    Examples
    --------
    >>> format_number(1200.0), format_number(0.5), format_number(12.345), format_number(3.0)
    ('1,200', '0.5', '12.3', '3')
    """
    return format_value(value, missing="unknown", scientific=False)


def formatted(values: pd.Series) -> pd.Series:
    """:func:`format_number` over a column, as text."""
    return values.map(format_number).astype("str")


def temperature_coverage(
    source_c: FloatArray,
    source_out_c: FloatArray,
    demand_in_c: FloatArray,
    demand_target_c: FloatArray,
    dt_min_k: float,
) -> tuple[FloatArray, FloatArray]:
    """Share of a heat demand a source can cover, and share of the source's heat it can give.

    Parameters
    ----------
    source_c : array
        Temperature of the source (supply temperature of the heat supply). [°C]
    source_out_c : array
        Temperature the source is cooled to (its target), NaN when unknown. [°C]
    demand_in_c : array
        Temperature the demand starts from, NaN when unknown. [°C]
    demand_target_c : array
        Temperature the demand must reach. [°C]
    dt_min_k : float
        Minimum temperature approach. [K]

    Returns
    -------
    demand_share, supply_share : arrays
        Each in [0, 1]; the demand share is 0 when ``source_c`` or ``demand_target_c`` is
        unknown. [-]

    Examples
    --------
    A condenser at 35 °C (cooled to 25 °C) heating water from 15 °C to 60 °C with ΔTmin 10 K
    reaches 25 °C: (25 − 15) / (60 − 15) = 0.222 of the demand; all its heat lies above
    15 + 10 = 25 °C.

    >>> demand, supply = temperature_coverage(
    ...     np.array([35.0]), np.array([25.0]), np.array([15.0]), np.array([60.0]), 10.0)
    >>> round(float(demand[0]), 4), float(supply[0])
    (0.2222, 1.0)
    """
    reach = source_c - dt_min_k
    span = demand_target_c - demand_in_c
    with np.errstate(invalid="ignore", divide="ignore"):
        partial = (np.minimum(reach, demand_target_c) - demand_in_c) / span
    all_or_nothing = np.where(reach >= demand_target_c, 1.0, 0.0)
    demand_share = np.where(np.isfinite(span) & (span > 0), partial, all_or_nothing)
    demand_share = np.where(np.isfinite(source_c) & np.isfinite(demand_target_c), demand_share, 0.0)
    demand_share = np.clip(np.nan_to_num(demand_share, nan=0.0), 0.0, 1.0)

    drop = source_c - source_out_c
    floor = np.fmax(source_out_c, demand_in_c + dt_min_k)
    with np.errstate(invalid="ignore", divide="ignore"):
        usable = (source_c - floor) / drop
    known = np.isfinite(drop) & (drop > 0) & np.isfinite(demand_in_c)
    supply_share = np.clip(np.where(known, usable, 1.0), 0.0, 1.0)
    return demand_share.astype(float), supply_share.astype(float)


class CheckOutcome(NamedTuple):
    """One check of every candidate: where it applies and, there, whether it passed.

    As a column it is a nullable boolean: True passed, False failed, NA where it does not apply.
    """

    passed: BoolArray
    applies: BoolArray

    @property
    def failed(self) -> BoolArray:
        """The check applies and did not pass."""
        return self.applies & ~self.passed

    def as_array(self) -> pd.arrays.BooleanArray:
        """The nullable boolean column: NA where the check does not apply."""
        return pd.arrays.BooleanArray(self.passed & self.applies, ~self.applies)


def limit_check(
    value: FloatArray, limit: FloatArray, applies: BoolArray, comparison: str = "at_most"
) -> tuple[CheckOutcome, BoolArray]:
    """Compare a supply's quality with a demand's limit.

    Parameters
    ----------
    value : array
        The supply's quality, NaN when unknown. [unit of the parameter]
    limit : array
        The demand's limit, NaN when it sets none. [same unit as ``value``]
    applies : array of bool
        The rule asks for this check.
    comparison : {'at_most', 'at_least'}
        ``at_most``: the value must not exceed the limit; ``at_least``: it must reach it.

    Returns
    -------
    outcome : CheckOutcome
        Applies where the rule asks for it and the demand sets a limit; fails where the value
        is on the wrong side of the limit or is unknown.
    unknown : numpy.ndarray of bool
        Failed because the supply's value is unknown.

    Examples
    --------
    >>> outcome, unknown = limit_check(np.array([300.0, 1200.0, np.nan]),
    ...                                np.array([500.0, 500.0, 500.0]), np.array([True] * 3))
    >>> outcome.as_array().tolist(), unknown.tolist()
    ([True, False, False], [False, False, True])
    >>> limit_check(np.array([300.0]), np.array([500.0]), np.array([True]), "at_least")[0].passed
    array([False])
    """
    relevant = applies & ~np.isnan(limit)
    unknown = relevant & np.isnan(value)
    within = value <= limit if comparison == "at_most" else value >= limit
    ok = within & ~unknown
    return CheckOutcome(passed=relevant & ok, applies=relevant), unknown


def fill_sentence(template: str, **parts: str | pd.Series) -> str | pd.Series:
    """``template`` with each ``{name}`` replaced by a text or, row by row, a text column.

    Examples
    --------
    >>> fill_sentence("{what} at {value} {unit}", what="COD", unit="mg/L",
    ...               value=pd.Series(["300", "1,200"])).tolist()
    ['COD at 300 mg/L', 'COD at 1,200 mg/L']
    """
    # "a {x} b {y}" splits into ["a ", "x", " b ", "y", ""]: literals and names alternate.
    pieces = re.split(r"\{(\w+)\}", template)
    result: str | pd.Series = pieces[0]
    for position, piece in enumerate(pieces[1:], start=1):
        result = result + (parts[piece] if position % 2 else piece)
    return result


def limit_reason(
    outcome: CheckOutcome,
    unknown: BoolArray,
    value: pd.Series,
    limit: pd.Series,
    parameter: QualityParameter,
) -> pd.Series:
    """Plain words for each failed limit check ('' where it passed or does not apply).

    The sentences are those of the parameter's comparison in ``catalogue/quality.yaml``.

    Examples
    --------
    >>> from symbiosis.catalogue.quality import quality_parameters
    >>> value, limit = pd.Series([1200.0]), pd.Series([500.0])
    >>> outcome, unknown = limit_check(value.to_numpy(), limit.to_numpy(), np.array([True]))
    >>> limit_reason(outcome, unknown, value, limit, quality_parameters()["cod"])[0]
    'the demand tolerates at most 500 mg/L of COD; the supply carries 1,200 mg/L'
    """
    reasons = pd.Series("", index=value.index, dtype="str")
    failed = outcome.failed
    if not failed.any():
        return reasons
    sentences = parameter_sentences(parameter)
    words = {
        "what": parameter.what_en,
        "unit": parameter.unit,
        "limit": formatted(limit[failed]),
        "value": formatted(value[failed]),
    }
    known = fill_sentence(sentences.failed, **words)
    not_known = fill_sentence(sentences.unknown, **words)
    reasons[failed] = pd.Series(
        np.where(unknown[failed], not_known, known), index=value.index[failed], dtype="str"
    )
    return reasons


def join_reasons(parts: list[pd.Series]) -> pd.Series:
    """Join the reasons of several checks row by row with '; ', skipping empty ones.

    Examples
    --------
    >>> join_reasons([pd.Series(["a", ""]), pd.Series(["b", "c"])]).tolist()
    ['a; b', 'c']
    """
    joined = parts[0].astype("str")
    for part in parts[1:]:
        part = part.astype("str")
        both = (joined != "") & (part != "")
        joined = pd.Series(
            np.where(both, joined + "; " + part, joined + part), index=joined.index, dtype="str"
        )
    return joined
