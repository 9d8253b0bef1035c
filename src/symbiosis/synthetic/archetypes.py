"""The company archetypes of the synthetic regions, read from ``archetypes.yaml``.

The kinds of company, their default shares and their flow templates are data
(``symbiosis/synthetic/archetypes.yaml``, with the unit and the source of every number); this
module reads the file, checks every entry against the resource and use catalogues and the flow
fields of :class:`~symbiosis.schemas.Flow`, and gives them as :class:`Archetype` and
:class:`FlowTemplate` records. A bad entry is reported with its line in the file and its place
(archetype, template, field), every problem at once.
"""

from __future__ import annotations

import importlib.resources as package_files
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from symbiosis.catalogue import get_resource, get_use
from symbiosis.catalogue.resources import known, suggest
from symbiosis.errors import InputError
from symbiosis.schemas import Direction, Flow
from symbiosis.units import CANONICAL_UNITS

__all__ = ["ARCHETYPES", "DELTA_T_KEY", "Archetype", "FlowTemplate", "load_archetypes"]

#: Key of :attr:`FlowTemplate.ranges` that is not a flow field: the temperature change of a heat
#: stream (a supply cools by it, a demand is heated by it). [K]
DELTA_T_KEY = "delta_t_k"

_FILE_NAME = "archetypes.yaml"

# The C parser when PyYAML has it: the file is read at import, and it is three times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Flow fields a template may set as given (booleans) or draw between bounds (optional numbers).
_FIXED_FIELDS = tuple(
    name for name, info in Flow.model_fields.items() if info.annotation in (bool, bool | None)
)
_RANGE_FIELDS = (
    *(name for name, info in Flow.model_fields.items() if info.annotation == float | None),
    DELTA_T_KEY,
)

Loc = tuple[str | int, ...]


def _check_fixed(fields: dict[str, bool]) -> dict[str, bool]:
    for name in fields:
        if name not in _FIXED_FIELDS:
            hint = suggest(name, _FIXED_FIELDS) or f"; use some of {', '.join(_FIXED_FIELDS)}"
            raise ValueError(f"{name!r} is not a yes/no flow field{hint}")
    return fields


def _check_ranges(ranges: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
    problems = []
    for name, (low, high) in ranges.items():
        if name not in _RANGE_FIELDS:
            problems.append(
                f"{name!r} is not a number field of a flow{suggest(name, _RANGE_FIELDS)}"
            )
        if not (math.isfinite(low) and math.isfinite(high) and low <= high):
            problems.append(f"{name}: write [low, high], finite, low <= high; not {[low, high]}")
    if problems:
        raise ValueError("; ".join(problems))
    return ranges


FixedFields = Annotated[dict[str, bool], AfterValidator(_check_fixed)]
Ranges = Annotated[dict[str, tuple[float, float]], AfterValidator(_check_ranges)]


class RangeSet(BaseModel):
    """A named set of ranges of ``range_sets``, shared by several templates."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str = Field(min_length=1)
    base: str | None = None
    ranges: Ranges


def _named(value: Any, info: ValidationInfo, sets_key: str) -> Any:
    """The set a template names (``fixed: floor``) in place of the name."""
    if not isinstance(value, str):
        return value
    sets: Mapping[str, Any] = (info.context or {}).get(sets_key, {})
    if value not in sets:
        raise ValueError(f"{value!r} is not one of the {sets_key}{suggest(value, sets)}")
    if sets[value] is None:
        raise ValueError(f"{value!r} of the {sets_key} is not valid; fix it first (see above)")
    return sets[value]


class FlowTemplate(BaseModel):
    """A kind of flow an archetype may have (one line of ``archetypes.yaml``).

    Attributes
    ----------
    resource : str
        Catalogue id.
    direction : {'supply', 'demand'}
    median : float
        Annual quantity of a company of median size, in ``unit``. [m3/yr, t/yr, MWh/yr or h/yr]
    unit : str
        The canonical unit of the resource's family (checked).
    weight : float
        Relative frequency of the flow among the flows of a company of the archetype (each of
        its flows is drawn from the templates in proportion to their weights). [-]
    use : str, optional
        Use of a water demand (``uses.yaml``).
    fixed : mapping of str to bool
        Flow fields set as given (``potable_required``, ``food_contact`` ...); in the file, a
        mapping or the name of one of its ``fixed_sets``.
    ranges : mapping of str to (low, high)
        Flow fields drawn uniformly between low and high, in the order written; ``delta_t_k`` is
        the temperature change of a heat stream: a supply cools by it, a demand is heated by it.
        In the file, a mapping or the name of one of its ``range_sets``. [field unit, K]
    seasonal : bool
        True for flows with a yearly cycle (harvests, heating): they get a monthly profile.
    description : str
        Shown as the flow's description.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    resource: str
    direction: Direction
    median: float = Field(gt=0, allow_inf_nan=False)
    unit: str
    weight: float = Field(default=1.0, gt=0, allow_inf_nan=False)
    use: str | None = None
    fixed: FixedFields = Field(default_factory=dict)
    ranges: Ranges = Field(default_factory=dict)
    seasonal: bool = False
    description: str = ""

    @field_validator("resource")
    @classmethod
    def _known_resource(cls, value: str) -> str:
        return known(get_resource, value)

    @field_validator("use")
    @classmethod
    def _known_use(cls, value: str | None) -> str | None:
        return None if value is None else known(get_use, value)

    @field_validator("fixed", mode="before")
    @classmethod
    def _named_fixed(cls, value: Any, info: ValidationInfo) -> Any:
        return _named(value, info, "fixed_sets")

    @field_validator("ranges", mode="before")
    @classmethod
    def _named_ranges(cls, value: Any, info: ValidationInfo) -> Any:
        return _named(value, info, "range_sets")

    @model_validator(mode="after")
    def _consistent(self) -> FlowTemplate:
        canonical = CANONICAL_UNITS[get_resource(self.resource).family]
        if self.unit != canonical:
            raise ValueError(
                f"unit: {self.resource} is counted in {canonical}, not {self.unit}; "
                f"write the median in {canonical}"
            )
        if DELTA_T_KEY in self.ranges and "supply_temperature_c" not in self.ranges:
            raise ValueError(
                f"ranges: {DELTA_T_KEY} needs supply_temperature_c, the temperature it starts from"
            )
        if self.use is not None and self.direction != "demand":
            raise ValueError("use: only a demand has a use")
        return self


class Archetype(BaseModel):
    """A kind of company: its sector, its default share of a region and its flow templates.

    Attributes
    ----------
    id : str
        Short name, stored as the company's ``archetype``.
    label : str
        Used in company names.
    sector_nace : str
        NACE Rev. 2 class of the companies.
    share : float
        Default share of the companies of a region (the shares of :data:`ARCHETYPES` sum to 1).
        [fraction]
    staff_median : int
        Median head count. [persons]
    port : bool
        True when the companies sit only on port estates (seafood needs the harbour).
    templates : tuple of FlowTemplate
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=1)
    sector_nace: Annotated[str, Field(pattern=r"^\d{2}\.\d{1,2}$")]
    share: float = Field(ge=0, allow_inf_nan=False)
    staff_median: int = Field(ge=1)
    port: bool = False
    templates: tuple[FlowTemplate, ...]

    @field_validator("sector_nace", mode="before")
    @classmethod
    def _nace_in_quotes(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool):
            raise ValueError(
                f'write the NACE class in quotes, e.g. "10.20": unquoted, YAML reads the number '
                f"{value}"
            )
        return value

    @field_validator("templates")
    @classmethod
    def _some_templates(cls, value: tuple[FlowTemplate, ...]) -> tuple[FlowTemplate, ...]:
        if not value:
            raise ValueError("list at least one flow template")
        return value


class _ArchetypeFile(BaseModel):
    """The top of the file; each set and archetype is validated next, on its own."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1)
    fixed_sets: dict[str, Any] = Field(default_factory=dict)
    range_sets: dict[str, Any] = Field(default_factory=dict)
    archetypes: list[Any] = Field(min_length=1)


_FIXED_SET = TypeAdapter(FixedFields)


def _resolve_bases(
    range_sets: Mapping[str, RangeSet | None], problems: list[tuple[Loc, str]]
) -> dict[str, dict[str, tuple[float, float]] | None]:
    """Each range set's ranges, its base's first (one level of base); None where not valid."""
    resolved: dict[str, dict[str, tuple[float, float]] | None] = {}
    for name, entry in range_sets.items():
        if entry is None:
            resolved[name] = None
            continue
        ranges = dict(entry.ranges)
        if entry.base is not None:
            message = ""
            base = range_sets.get(entry.base)
            if entry.base not in range_sets:
                known = suggest(entry.base, range_sets)
                message = f"{entry.base!r} is not one of the range_sets{known}"
            elif base is not None and base.base is not None:
                message = f"{entry.base!r} has a base itself; give a base without one"
            if message:
                problems.append((("range_sets", name, "base"), message))
            if message or base is None:
                resolved[name] = None
                continue
            ranges = {**base.ranges, **entry.ranges}
        resolved[name] = ranges
    return resolved


def _pydantic_problems(error: ValidationError, prefix: Loc = ()) -> list[tuple[Loc, str]]:
    found = []
    for detail in error.errors(include_url=False):
        ctx = detail.get("ctx") or {}
        message = str(ctx["error"]) if "error" in ctx else detail["msg"]
        given = detail.get("input")
        if "error" not in ctx and isinstance(given, str | int | float | bool):
            message += f" (given {given!r})"
        if detail["type"] == "missing":
            message = "is missing; add it"
        elif detail["type"] == "extra_forbidden":
            message = "is not a key of this entry; remove it or check its spelling"
        found.append(((*prefix, *detail["loc"]), message))
    return found


def _file_level_problems(
    entries: list[Any], archetypes: list[tuple[int, Archetype]]
) -> list[tuple[Loc, str]]:
    """Ids repeated among the entries; and, when every entry is a valid archetype, shares that do
    not sum to 1."""
    problems: list[tuple[Loc, str]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        archetype_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(archetype_id, str):
            continue
        if archetype_id in seen:
            problems.append(
                (
                    ("archetypes", index, "id"),
                    f"{archetype_id!r} is already the id of archetype {seen[archetype_id] + 1}",
                )
            )
        seen.setdefault(archetype_id, index)
    total = sum(archetype.share for _, archetype in archetypes)
    if len(archetypes) == len(entries) and not math.isclose(total, 1.0, abs_tol=1e-6):
        problems.append((("archetypes",), f"the shares sum to {total:g}; make them sum to 1"))
    return problems


def _line_of(root: yaml.Node | None, loc: Loc) -> int:
    """The line (from 1) of the deepest node of the YAML tree that ``loc`` reaches."""
    node = root
    if node is None:
        return 1
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            values = [value for key, value in node.value if key.value == part]
            if not values:
                break
            node = values[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
        else:
            break
    return int(node.start_mark.line) + 1


def _place(data: Any, loc: Loc) -> str:
    """A readable place: ``archetype 'seafood', template 4 (water.potable demand), median``."""
    words = []
    rest = list(loc)
    if rest[:1] == ["archetypes"] and len(rest) > 1 and isinstance(rest[1], int):
        entries = data.get("archetypes") or []
        entry = entries[rest[1]] if rest[1] < len(entries) else {}
        name = entry.get("id") if isinstance(entry, dict) else None
        words.append(f"archetype {rest[1] + 1}" + (f" ({name!r})" if name else ""))
        rest = rest[2:]
        if rest[:1] == ["templates"] and len(rest) > 1 and isinstance(rest[1], int):
            templates = (entry.get("templates") or []) if isinstance(entry, dict) else []
            template = templates[rest[1]] if rest[1] < len(templates) else {}
            what = ""
            if isinstance(template, dict):
                what = " ".join(str(template.get(key, "?")) for key in ("resource", "direction"))
            words.append(f"template {rest[1] + 1}" + (f" ({what})" if what else ""))
            rest = rest[2:]
    elif rest[:1] in (["range_sets"], ["fixed_sets"]) and len(rest) > 1:
        words.append(f"{rest[0]} {rest[1]!r}")
        rest = rest[2:]
    if rest:
        words.append(".".join(str(part) for part in rest))
    return ", ".join(words)


def _parse(data: Mapping[str, Any]) -> tuple[list[tuple[int, Archetype]], list[tuple[Loc, str]]]:
    """The valid archetypes with their index in the file, and every problem found."""
    try:
        top = _ArchetypeFile.model_validate(data)
    except ValidationError as error:
        return [], _pydantic_problems(error)
    problems: list[tuple[Loc, str]] = []
    fixed_sets: dict[str, dict[str, bool] | None] = {}
    for name, entry in top.fixed_sets.items():
        try:
            fixed_sets[name] = _FIXED_SET.validate_python(entry)
        except ValidationError as error:
            fixed_sets[name] = None
            problems += _pydantic_problems(error, ("fixed_sets", name))
    range_sets: dict[str, RangeSet | None] = {}
    for name, entry in top.range_sets.items():
        try:
            range_sets[name] = RangeSet.model_validate(entry)
        except ValidationError as error:
            range_sets[name] = None
            problems += _pydantic_problems(error, ("range_sets", name))
    context = {"fixed_sets": fixed_sets, "range_sets": _resolve_bases(range_sets, problems)}
    archetypes: list[tuple[int, Archetype]] = []
    for index, entry in enumerate(top.archetypes):
        try:
            archetypes.append((index, Archetype.model_validate(entry, context=context)))
        except ValidationError as error:
            problems += _pydantic_problems(error, ("archetypes", index))
    problems += _file_level_problems(top.archetypes, archetypes)
    return archetypes, problems


def load_archetypes(path: str | Path | None = None) -> dict[str, Archetype]:
    """Read and check a file of archetypes.

    Parameters
    ----------
    path : str or Path, optional
        A YAML file laid out as ``symbiosis/synthetic/archetypes.yaml`` (its header explains the
        keys and units). Default: that file.

    Returns
    -------
    dict of str to Archetype
        By id, in file order.

    Raises
    ------
    InputError
        Unreadable file, invalid YAML, or bad entries: one line per problem with its line in the
        file and its place (archetype, template, field), e.g. ``line 57, archetype 1
        ('seafood'), template 6 (material.fish_byproducts supply), median: Input should be
        greater than 0 (given -800)``.

    Examples
    --------
    >>> archetypes = load_archetypes()
    >>> seafood = archetypes["seafood"]
    >>> seafood.sector_nace, seafood.port, seafood.templates[0].unit
    ('10.20', True, 'm3/yr')
    >>> dict(seafood.templates[3].ranges)
    {'max_cod_mg_per_l': (300.0, 800.0), 'max_suspended_solids_mg_per_l': (50.0, 200.0)}
    """
    if path is None:
        name = _FILE_NAME
        text = package_files.files("symbiosis.synthetic").joinpath(_FILE_NAME).read_text("utf-8")
    else:
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot read the archetypes {path}: {error.strerror}") from None
    try:
        data = yaml.load(text, Loader=_LOADER)
    except yaml.YAMLError as error:
        raise InputError(f"{name} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise InputError(f"{name}: write a mapping with source, range_sets and archetypes")

    archetypes, problems = _parse(data)
    if problems:
        root = yaml.compose(text)
        located = sorted(
            ((_line_of(root, loc), _place(data, loc), message) for loc, message in problems)
        )
        lines = [
            f"  - line {line}{', ' + place if place else ''}: {message}"
            for line, place, message in located
        ]
        count = len(problems)
        head = f"{count} problem{'s' if count != 1 else ''} in {name}:"
        raise InputError("\n".join([head, *lines]))
    return {archetype.id: archetype for _, archetype in archetypes}


#: The kinds of company :func:`~symbiosis.synthetic.generate_region` draws, by id, with their
#: default shares (``archetypes.yaml``).
ARCHETYPES: Mapping[str, Archetype] = load_archetypes()
