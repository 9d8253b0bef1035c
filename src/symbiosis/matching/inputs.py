"""The zone as the matcher sees it: one row per flow with its site, and the outside parties.

Built once from :func:`symbiosis.tables.flows_table` and :func:`symbiosis.tables.companies_table`
(rows sorted by id, so that everything downstream is independent of the order of the zone's
records), with the columns the checks and scores read.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import outside_supply_quality
from symbiosis.schemas import Zone
from symbiosis.tables import companies_table, flows_table, outside_parties_table

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
    table = flows_table(zone)
    companies = companies_table(zone)[["id", "name", "latitude", "longitude"]]
    sites = companies.set_index("id")
    flows = table[_FLOW_COLUMNS].copy()
    flows["latitude"] = flows["company_id"].map(sites["latitude"]).astype(float)
    flows["longitude"] = flows["company_id"].map(sites["longitude"]).astype(float)
    flows["confidence"] = flows["provenance"].map(PROVENANCE_CONFIDENCE).astype(float)
    for column in [
        *_QUALITY,
        "max_salinity_g_per_l",
        "max_cod_mg_per_l",
        "max_suspended_solids_mg_per_l",
        "min_temperature_c",
        "supply_temperature_c",
        "target_temperature_c",
        "cost_eur_per_unit",
        "annual_quantity",
    ]:
        flows[column] = pd.to_numeric(flows[column]).astype(float)
    for column in ["potable_required", "food_contact"]:
        flows[column] = flows[column].map({True: True, False: False}).astype("boolean")
    profiles = np.array(
        [FLAT_PROFILE if profile is None else profile for profile in table["monthly_profile"]],
        dtype=float,
    ).reshape(len(table), 12)

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
    names = dict(zip(companies["id"], companies["name"], strict=True))
    names.update(dict(zip(parties["id"], parties["name"], strict=True)))
    return MatchInputs(flows=flows, profiles=profiles, outside=outside, names=names)
