"""The zone as the matcher sees it: one row per flow with its site, and the outside parties.

Built once from the columns of :func:`symbiosis.tables.flows_table` the checks and scores read
(:func:`symbiosis.tables.flows_table_columns`) and :func:`symbiosis.tables.companies_table` (rows
sorted by id, so that everything downstream is independent of the order of the zone's records).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import outside_supply_quality
from symbiosis.schemas import Zone
from symbiosis.tables import companies_table, flows_table_columns, outside_parties_table

__all__ = ["PROVENANCE_CONFIDENCE", "MatchInputs", "match_inputs"]

#: Trust in a flow by its provenance; a candidate's confidence is the product of both sides.
PROVENANCE_CONFIDENCE: dict[str, float] = {"measured": 1.0, "estimated": 0.7, "assumed": 0.4}

FLAT_PROFILE = np.full(12, 1 / 12)

_QUALITY = ["temperature_c", "salinity_g_per_l", "cod_mg_per_l", "suspended_solids_mg_per_l"]
_FLOW_COLUMNS = [
    "id",
    "company_id",
    "direction",
    "resource",
    "family",
    "canonical_unit",
    "annual_quantity",
    "use",
    "description",
    *_QUALITY,
    "max_salinity_g_per_l",
    "max_cod_mg_per_l",
    "max_suspended_solids_mg_per_l",
    "min_temperature_c",
    "potable_required",
    "food_contact",
    "supply_temperature_c",
    "target_temperature_c",
    "cost_eur_per_unit",
    "provenance",
]
#: Columns read as numbers, NaN when not given.
_NUMERIC_COLUMNS = [
    *_QUALITY,
    "max_salinity_g_per_l",
    "max_cod_mg_per_l",
    "max_suspended_solids_mg_per_l",
    "min_temperature_c",
    "supply_temperature_c",
    "target_temperature_c",
    "cost_eur_per_unit",
    "annual_quantity",
]


@dataclass(frozen=True, eq=False)
class MatchInputs:
    """What the matcher reads from a zone.

    Attributes
    ----------
    flows : pandas.DataFrame
        One row per flow, sorted by id, positional index: the flow fields the matcher reads,
        ``latitude``, ``longitude`` of the company's site [degrees], ``confidence`` [-] and
        ``annual_quantity`` [canonical unit per year].
    profiles : numpy.ndarray
        Monthly shares of each flow, shape (n_flows, 12); flat (1/12) when not given.
    outside : pandas.DataFrame
        One row per (outside party, resource it supplies), sorted: ``supplier_id``,
        ``supply_resource``, ``latitude``, ``longitude`` (NaN when unknown) and the default
        quality of the resource (``rules.yaml``).
    names : dict of str to str
        Name of every company and outside party by id.
    """

    flows: pd.DataFrame
    profiles: npt.NDArray[np.float64]
    outside: pd.DataFrame
    names: dict[str, str]


def match_inputs(zone: Zone) -> MatchInputs:
    """Tables of ``zone`` ready for matching (see :class:`MatchInputs`).

    Examples
    --------
    >>> from symbiosis import load_example
    >>> inputs = match_inputs(load_example("toy"))
    >>> inputs.flows["id"].tolist()[:3], inputs.profiles.shape
    (['F01', 'F02', 'F03'], (9, 12))
    """
    table = flows_table_columns(zone, [*_FLOW_COLUMNS, "monthly_profile"])
    companies = companies_table(zone)[["id", "name", "latitude", "longitude"]]
    columns = {name: table[name].array for name in _FLOW_COLUMNS}
    for name in _NUMERIC_COLUMNS:
        columns[name] = table[name].to_numpy(dtype=float, na_value=np.nan)
    for name in ["potable_required", "food_contact"]:
        columns[name] = pd.array(table[name].to_numpy(dtype=object), dtype="boolean")
    site = pd.Index(companies["id"]).get_indexer(table["company_id"])
    columns["latitude"] = _take_or_nan(companies["latitude"].to_numpy(dtype=float), site)
    columns["longitude"] = _take_or_nan(companies["longitude"].to_numpy(dtype=float), site)
    provenance, provenances = pd.factorize(table["provenance"])
    confidence = [PROVENANCE_CONFIDENCE.get(name, np.nan) for name in provenances]
    columns["confidence"] = _take_or_nan(np.array(confidence, dtype=float), provenance)
    flows = pd.DataFrame(columns, index=pd.RangeIndex(len(table)), copy=False)
    profiles = _monthly_profiles(table["monthly_profile"].tolist())

    parties = outside_parties_table(zone)
    quality = outside_supply_quality()
    rows = []
    for party in parties.itertuples(index=False):
        for resource in sorted(set(party.supplies)):
            known = quality.get(resource)
            rows.append(
                {
                    "supplier_id": party.id,
                    "supply_resource": resource,
                    "latitude": np.nan if party.latitude is None else float(party.latitude),
                    "longitude": np.nan if party.longitude is None else float(party.longitude),
                    **{name: getattr(known, name, None) for name in _QUALITY},
                }
            )
    outside = pd.DataFrame(
        rows, columns=["supplier_id", "supply_resource", "latitude", "longitude", *_QUALITY]
    )
    for column in ["latitude", "longitude", *_QUALITY]:
        outside[column] = pd.to_numeric(outside[column]).astype(float)
    names = dict(zip(companies["id"].tolist(), companies["name"].tolist(), strict=True))
    names.update(dict(zip(parties["id"].tolist(), parties["name"].tolist(), strict=True)))
    return MatchInputs(flows=flows, profiles=profiles, outside=outside, names=names)


def _take_or_nan(
    values: npt.NDArray[np.float64], positions: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """``values`` at ``positions``; NaN where the position is -1 (not found)."""
    # Position -1 reads the NaN appended at the end.
    return np.append(values, np.nan)[positions]


def _monthly_profiles(profiles: list[tuple[float, ...] | None]) -> npt.NDArray[np.float64]:
    """Monthly shares, shape (n_flows, 12): flat (1/12) where a flow gives none."""
    shares = np.tile(FLAT_PROFILE, (len(profiles), 1))
    given = [row for row, profile in enumerate(profiles) if profile is not None]
    if given:
        shares[given] = np.array([profiles[row] for row in given], dtype=float)
    return shares
