"""The quality-parameter registry (``quality.yaml``): each quality a flow can state, once.

A parameter names the flow field holding a supply's value and the field holding a demand's
limit, their unit, how they compare, the words ``explain`` uses and the source. The matcher's
checks, the explanations, the optimiser's contaminant balances, the zone water targets and the
input columns (``fields/flows.csv``: ``@quality.supply`` and ``@quality.limit``) read it; a
substitution rule asks for a check by the parameter's id.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from symbiosis.catalogue.resources import _read_yaml, catalogue_entry

__all__ = [
    "QualityField",
    "QualityParameter",
    "Sentences",
    "concentration_parameters",
    "get_quality_parameter",
    "limit_checked_parameters",
    "parameter_sentences",
    "quality_parameters",
    "quality_sentences",
]

Comparison = Literal["at_most", "at_least"]


class QualityField(BaseModel):
    """A flow field of a quality parameter: its name and how the interview template shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    french: tuple[str, ...] = ()
    english: tuple[str, ...] = ()
    example: str
    description: str = Field(min_length=1)


class Sentences(BaseModel):
    """How one comparison is worded: ``{what}``, ``{unit}``, ``{value}``, ``{limit}`` filled in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    passed: str
    failed: str
    unknown: str


class QualityParameter(BaseModel):
    """One entry of ``quality.yaml``.

    Attributes
    ----------
    id : str
        The check column is ``check_<id>``; rules name the parameter by it.
    what_en : str
        The noun of the sentences (``salt``, ``COD``).
    unit : str
        Unit of the supply's value and of the demand's limit.
    comparison : {'at_most', 'at_least'}
        ``at_most``: the supply's value must not exceed the demand's limit.
    check : {'limit', 'temperature'}
        ``limit``: the generic comparison; ``temperature``: the matcher's temperature check.
    to_mg_per_l : float or None
        Factor from :attr:`unit` to mg/L for a concentration that mixes linearly by volume
        (balances and water targets); None for a quality that is not such a concentration.
    supply, limit : QualityField
        The flow field of a supply's value and of a demand's limit.
    sentences : Sentences, optional
        Its own wording of the comparison (an ordinal class reads better in its own words);
        None takes the registry's sentences of its comparison (:func:`parameter_sentences`).
    supply_resources : tuple of str
        The supply resources the check applies to (the classes of treated wastewater apply to
        ``water.treated`` only); empty for every supply a rule checks.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label_en: str
    label_fr: str
    what_en: str
    unit: str
    comparison: Comparison
    check: Literal["limit", "temperature"] = "limit"
    to_mg_per_l: float | None = Field(default=None, gt=0)
    supply: QualityField
    limit: QualityField
    sentences: Sentences | None = None
    supply_resources: tuple[str, ...] = ()
    source: str = Field(min_length=1)

    @property
    def check_column(self) -> str:
        """The column of ``MatchResult.exchanges`` holding this check (``check_<id>``)."""
        return f"check_{self.id}"

    @property
    def supply_field(self) -> str:
        """The flow field holding a supply's value."""
        return self.supply.name

    @property
    def limit_field(self) -> str:
        """The flow field holding a demand's limit."""
        return self.limit.name

    @model_validator(mode="after")
    def _concentration_at_most(self) -> QualityParameter:
        if self.to_mg_per_l is not None and self.comparison != "at_most":
            raise ValueError(
                f"quality parameter {self.id}: a concentration (to_mg_per_l) is a contaminant "
                "whose limit is an upper bound; set comparison: at_most"
            )
        return self


class _Registry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    sentences: dict[Comparison, Sentences]
    parameters: tuple[QualityParameter, ...]

    @model_validator(mode="after")
    def _unique(self) -> _Registry:
        names = [p.id for p in self.parameters]
        names += [field.name for p in self.parameters for field in (p.supply, p.limit)]
        doubles = sorted({name for name in names if names.count(name) > 1})
        if doubles:
            raise ValueError(
                f"quality.yaml: ids and field names must be unique; repeated: {doubles}"
            )
        return self


@cache
def _registry() -> _Registry:
    return _Registry.model_validate(_read_yaml("quality.yaml"))


def quality_parameters() -> dict[str, QualityParameter]:
    """Every quality parameter by id, in file order (``catalogue/quality.yaml``).

    Examples
    --------
    >>> salinity = quality_parameters()["salinity"]
    >>> salinity.supply_field, salinity.limit_field, salinity.unit, salinity.check_column
    ('salinity_g_per_l', 'max_salinity_g_per_l', 'g/L', 'check_salinity')
    """
    return {parameter.id: parameter for parameter in _registry().parameters}


def get_quality_parameter(parameter_id: str) -> QualityParameter:
    """The quality parameter with this id.

    Raises
    ------
    InputError
        Unknown id; the message gives the closest ids and every known one.
    """
    return catalogue_entry(
        quality_parameters(),
        parameter_id,
        "is not a quality parameter",
        known_label="known parameters",
    )


def limit_checked_parameters() -> tuple[QualityParameter, ...]:
    """The parameters compared by the generic limit check, in file order."""
    return tuple(p for p in _registry().parameters if p.check == "limit")


def concentration_parameters() -> dict[str, QualityParameter]:
    """The concentrations that mix linearly by volume (contaminants), by id.

    Examples
    --------
    >>> list(concentration_parameters())[:3]
    ['salinity', 'cod', 'suspended_solids']
    """
    return {p.id: p for p in _registry().parameters if p.to_mg_per_l is not None}


def quality_sentences(comparison: Comparison) -> Sentences:
    """The sentences of one comparison, with ``{what}``, ``{unit}``, ``{value}``, ``{limit}``."""
    return _registry().sentences[comparison]


def parameter_sentences(parameter: QualityParameter) -> Sentences:
    """How the checks and ``explain`` word a parameter: its own sentences, else its comparison's.

    Examples
    --------
    >>> parameter_sentences(get_quality_parameter("cod")).failed.startswith("the demand tolerates")
    True
    """
    return parameter.sentences or quality_sentences(parameter.comparison)
