"""`MatchConfig`: every threshold, weight and override of the matcher, validated and serialisable.

A config is saved next to the results (``model_dump_json``) so a table can always be traced to
the settings that made it, and read back with :meth:`MatchConfig.from_file` (YAML or JSON).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from symbiosis.catalogue import default_parameters, resource_catalogue, substitution_rules, suggest
from symbiosis.errors import InputError
from symbiosis.io.atomic import write_atomically

__all__ = ["DEFAULT_WEIGHTS", "SCORE_COMPONENTS", "MatchConfig", "TransportMode"]

TransportMode = Literal["pipe", "truck", "none"]

#: The score components, each a column ``score_<name>`` of ``MatchResult.exchanges``.
SCORE_COMPONENTS: tuple[str, ...] = (
    "quantity",
    "distance",
    "overlap",
    "saving",
    "co2e",
    "confidence",
)

DEFAULT_WEIGHTS: dict[str, float] = {
    "quantity": 0.2,
    "distance": 0.1,
    "overlap": 0.1,
    "saving": 0.3,
    "co2e": 0.2,
    "confidence": 0.1,
}

# A zone parameter, or '<resource id>.price_eur_per_unit' / '.emission_factor_kgco2e_per_unit'
# / '.shared_plant_capex_eur' / '.shared_plant_capacity_per_yr'.
_RESOURCE_KEY = re.compile(
    r"^(?P<resource>.+)\.(price_eur_per_unit|emission_factor_kgco2e_per_unit"
    r"|shared_plant_capex_eur|shared_plant_capacity_per_yr)$"
)


def _no_limits() -> dict[TransportMode, float | None]:
    return {"pipe": None, "truck": None, "none": None}


class MatchConfig(BaseModel):
    """Settings of :func:`symbiosis.matching.match`.

    Attributes
    ----------
    weights : dict of str to float
        Weight of each score component (``quantity``, ``distance``, ``overlap``, ``saving``,
        ``co2e``, ``confidence``); non-negative, missing ones are 0, normalised to sum to 1.
    max_distance_km : dict of str to float or None
        Farthest exchange per transport mode (``pipe``, ``truck``, ``none``); None means each
        supply resource's ``max_distance_km`` from the catalogue. [km]
    dt_min_k : float
        Minimum temperature approach between a heat source and what it heats. [K]
    min_demand_share : float
        Smallest share of the demand it covers, or of the supply it uses, that a candidate needs
        (``check_quantity``: ``max(demand_share, supply_share) ≥ min_demand_share``). [-]
    pool_radius_km : float
        Companies whose sites are within this distance are linked for pooling; pools are the
        connected groups. [km]
    keep_infeasible : bool
        Keep candidates that fail a check, with the reason.
    infeasible_distance_factor : float
        With ``keep_infeasible``, candidates up to this many times the maximum distance are
        kept (and fail ``check_distance``). [-]
    max_suppliers_per_demand : int or None
        K: per rule, a demand pairs with its K nearest supplier companies and a supply with its
        K nearest receiver companies (both kept); None pairs everything within the maximum
        distance. Bounds the candidate count on regional zones.
    route_factor : float
        Route length over great-circle distance, for pipes and trucks. [-] (1.2–1.4 on road
        networks: Ballou, Rahardja & Sakai 2002, Transp. Res. A 36:843).
    saving_reference_eur_per_yr : float
        A net saving equal to this scores 0.5 (``score_saving = s / (s + s_ref)``). [EUR/yr]
    co2e_reference_t_per_yr : float
        CO2e avoided that scores 0.5 (``score_co2e = c / (c + c_ref)``). [tCO2e/yr]
    overrides : dict of str to float
        Parameter values that win over the zone's and the defaults: any parameter name of
        ``catalogue/parameters.yaml`` (e.g. ``gas_price_eur_per_mwh``), or
        ``<resource id>.price_eur_per_unit`` and ``<resource id>.emission_factor_kgco2e_per_unit``
        (e.g. ``water.sea.price_eur_per_unit``). A zone may set the same names as parameters.
    rules : tuple of str, optional
        Ids of the substitution rules to apply; None applies them all.
    show_progress : bool or None
        Print progress to stderr; None prints it for zones of 20,000 flows or more.
    heat_pumps : bool
        Add heat-pump candidates (kind ``heat_pump``, :mod:`symbiosis.matching.heat_pumps`):
        low-grade heat lifted to a demand's temperature for electricity. Off by default; the
        optimiser does not choose them yet.

    Examples
    --------
    >>> config = MatchConfig(weights={"saving": 3, "co2e": 1})
    >>> config.weights["saving"], config.weights["quantity"]
    (0.75, 0.0)
    >>> MatchConfig.model_validate_json(config.model_dump_json()) == config
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, float] = Field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    max_distance_km: dict[TransportMode, float | None] = Field(default_factory=_no_limits)
    dt_min_k: float = Field(default=10.0, ge=0)
    min_demand_share: float = Field(default=0.05, ge=0, le=1)
    pool_radius_km: float = Field(default=1.0, gt=0)
    keep_infeasible: bool = False
    infeasible_distance_factor: float = Field(default=2.0, ge=1)
    max_suppliers_per_demand: int | None = Field(default=25, ge=1)
    route_factor: float = Field(default=1.3, ge=1)
    saving_reference_eur_per_yr: float = Field(default=10_000.0, gt=0)
    co2e_reference_t_per_yr: float = Field(default=10.0, gt=0)
    overrides: dict[str, float] = Field(default_factory=dict)
    rules: tuple[str, ...] | None = None
    show_progress: bool | None = None
    heat_pumps: bool = False

    @field_validator("weights")
    @classmethod
    def _normalise_weights(cls, value: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(value) - set(SCORE_COMPONENTS))
        if unknown:
            raise ValueError(
                f"unknown score component {unknown[0]!r}{suggest(unknown[0], SCORE_COMPONENTS)}; "
                f"the components are {', '.join(SCORE_COMPONENTS)}"
            )
        if any(weight < 0 or weight != weight for weight in value.values()):
            raise ValueError("weights must be numbers of at least 0")
        total = sum(value.values())
        if total <= 0:
            raise ValueError("at least one weight must be above 0")
        # Weights already normalised are kept as they are, so a saved config reads back equal.
        scale = 1.0 if abs(total - 1.0) <= 1e-9 else total
        return {name: value.get(name, 0.0) / scale for name in SCORE_COMPONENTS}

    @field_validator("max_distance_km")
    @classmethod
    def _all_modes(cls, value: dict[str, float | None]) -> dict[str, float | None]:
        for mode, distance in value.items():
            if distance is not None and not distance > 0:
                raise ValueError(f"the maximum distance for {mode} must be above 0 km, or null")
        return {mode: value.get(mode) for mode in ("pipe", "truck", "none")}

    @field_validator("overrides")
    @classmethod
    def _known_overrides(cls, value: dict[str, float]) -> dict[str, float]:
        names = default_parameters()
        for name, number in value.items():
            if number != number or number in (float("inf"), float("-inf")):
                raise ValueError(f"override {name!r} must be a finite number")
            found = _RESOURCE_KEY.match(name)
            if name in names or (found and found["resource"] in resource_catalogue()):
                continue
            raise ValueError(
                f"{name!r} is neither a parameter nor '<resource>.price_eur_per_unit' or "
                f"'<resource>.emission_factor_kgco2e_per_unit'{suggest(name, names)}"
            )
        return dict(sorted(value.items()))

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is None:
            return None
        rules = substitution_rules()
        for rule_id in value:
            if rule_id not in rules:
                raise ValueError(f"{rule_id!r} is not a substitution rule{suggest(rule_id, rules)}")
        return tuple(sorted(set(value)))

    @classmethod
    def from_file(cls, path: str | Path) -> MatchConfig:
        """Read a config from a YAML (``.yaml``, ``.yml``) or JSON (``.json``) file.

        Raises
        ------
        InputError
            Unreadable file or invalid settings; the message names each field at fault.
        """
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise InputError(f"cannot read the match config {path}: {error.strerror}") from None
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as error:
            raise InputError(
                f"{path} is not valid {path.suffix.lstrip('.').upper()}: {error}"
            ) from None
        try:
            return cls.model_validate(data or {})
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(part) for part in item['loc']) or 'config'}: {item['msg']}"
                for item in error.errors()
            )
            raise InputError(f"{path}: invalid match config: {problems}") from None

    def to_json(self) -> str:
        """The config as :meth:`save` writes it: indented JSON ending with a new line."""
        return self.model_dump_json(indent=2) + "\n"

    def save(self, path: str | Path) -> Path:
        """Write the config as indented JSON, atomically; returns the path written.

        A failed write leaves the previous file as it was.
        """
        return write_atomically(Path(path), self.to_json().encode("utf-8"))
