"""The approvals and permits an exchange needs (``conditions.yaml``), as data with their texts.

A substitution rule, a use and an outlet rule each list the ids of the conditions they need;
:func:`exchange_conditions` gathers them for one opportunity.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from symbiosis.catalogue.resources import _read_yaml, get_resource, known, suggest
from symbiosis.errors import InputError

__all__ = ["Condition", "check_condition_ids", "condition_catalogue"]


class Condition(BaseModel):
    """One approval or permit of ``conditions.yaml``.

    Attributes
    ----------
    id : str
        Stable identifier, listed by rules, uses and outlet rules.
    label_en : str
        The approval in a few words.
    text : str
        The text and article that require it.
    supply_resources : tuple of str
        When given, the condition holds only for a supply of these resources.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label_en: str = Field(min_length=1)
    text: str = Field(min_length=1)
    supply_resources: tuple[str, ...] = ()

    @field_validator("label_en", "text")
    @classmethod
    def _no_separator(cls, value: str) -> str:
        if ";" in value:
            raise ValueError("a condition's words hold no ';' (the conditions column joins by it)")
        return value

    @field_validator("supply_resources")
    @classmethod
    def _known_resources(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for resource in value:
            known(get_resource, resource)
        return value

    def holds_for(self, supply_resource: str) -> bool:
        """Whether the condition applies to a supply of this resource."""
        return not self.supply_resources or supply_resource in self.supply_resources

    def sentence(self) -> str:
        """``label (text)``, as the conditions column and ``explain`` show it."""
        return f"{self.label_en} ({self.text})"


@cache
def condition_catalogue() -> dict[str, Condition]:
    """Every condition by id, in file order (``catalogue/conditions.yaml``).

    Examples
    --------
    >>> condition_catalogue()["abp_sanitary_approval"].text.startswith("Reg. (EC) 1069/2009")
    True
    """
    entries = [Condition.model_validate(entry) for entry in _read_yaml("conditions.yaml")]
    return {entry.id: entry for entry in entries}


def check_condition_ids(ids: tuple[str, ...], owner: str) -> tuple[str, ...]:
    """``ids`` if each names a condition; else an error that names ``owner`` and the closest ids.

    Raises
    ------
    InputError
        An unknown id, or one listed twice.
    """
    conditions = condition_catalogue()
    for condition_id in ids:
        if condition_id not in conditions:
            raise InputError(
                f"{owner}: {condition_id!r} is not a condition of conditions.yaml"
                f"{suggest(condition_id, conditions)}"
            )
    if len(set(ids)) != len(ids):
        raise InputError(f"{owner}: a condition is listed twice in {list(ids)}")
    return ids
