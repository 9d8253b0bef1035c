"""The zone as the matcher sees it: one row per flow with its site, and the outside parties.

Built once from the columns of :func:`symbiosis.tables.flows_table` the checks and scores read
(:func:`symbiosis.tables.flows_table_arrays`), the sites of the zone's companies and its outside
parties (rows sorted by id, so that everything downstream is independent of the order of the
zone's records).
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import numpy as np
import numpy.typing as npt
import pandas as pd

from symbiosis.catalogue import is_hazardous, outside_supply_quality, supply_abp_category
from symbiosis.catalogue.quality import quality_parameters
from symbiosis.catalogue.treatments import todays_route
from symbiosis.schemas import OutsideParty, Zone
from symbiosis.tables import flows_table_arrays
from symbiosis.targeting.on_site import heat_after_on_site

__all__ = [
    "DEMAND_LIMITS",
    "DEMAND_NUMBERS",
    "PROVENANCE_CONFIDENCE",
    "SUPPLY_QUALITY",
    "MatchInputs",
    "OnSite",
    "match_inputs",
]

#: Trust in a flow by its provenance; a candidate's confidence is the product of both sides.
PROVENANCE_CONFIDENCE: dict[str, float] = {"measured": 1.0, "estimated": 0.7, "assumed": 0.4}

FLAT_PROFILE = np.full(12, 1 / 12)

#: The quality of a supply (``catalogue/quality.yaml``), NaN when not given.
SUPPLY_QUALITY: tuple[str, ...] = tuple(p.supply_field for p in quality_parameters().values())
#: The quality limits a demand sets (``catalogue/quality.yaml``), NaN when not given.
DEMAND_LIMITS: tuple[str, ...] = tuple(p.limit_field for p in quality_parameters().values())
_FLOW_COLUMNS = [
    "id",
    "company_id",
    "direction",
    "resource",
    "family",
    "canonical_unit",
    "quantity_per_yr",
    "use",
    "description",
    *SUPPLY_QUALITY,
    *DEMAND_LIMITS,
    "potable_required",
    "food_contact",
    "supply_temperature_c",
    "target_temperature_c",
    "signed_cost_eur_per_unit",
    "provenance",
    "current_partner_id",
    "current_route",
    "current_treatment",
    "disposed_of_today",
    "abp_category",
    "ewc_code",
]
#: The number fields a demand sets (limits, temperatures, price), NaN when not given.
DEMAND_NUMBERS: tuple[str, ...] = (
    *DEMAND_LIMITS,
    "supply_temperature_c",
    "target_temperature_c",
    "signed_cost_eur_per_unit",
)
#: Columns read as numbers, NaN when not given.
_NUMERIC_COLUMNS = [*SUPPLY_QUALITY, *DEMAND_NUMBERS, "quantity_per_yr", "disposed_of_today"]


@dataclass(frozen=True, eq=False)
class MatchInputs:
    """What the matcher reads from a zone.

    Attributes
    ----------
    flows : pandas.DataFrame
        One row per flow, sorted by id, positional index: the flow fields the matcher reads,
        ``latitude``, ``longitude`` of the company's site [degrees], ``confidence`` [-],
        ``quantity_per_yr`` [canonical unit per year], ``abp_category`` (the flow's or its
        resource's, NaN for none), ``hazardous`` (1.0 for a hazardous waste, else 0.0) and
        ``todays_route_ef``, the emission factor of the treatment a supply gets today (NaN for
        none) [kgCO2e per canonical unit].
    profiles : numpy.ndarray
        Monthly shares of each flow, shape (n_flows, 12); flat (1/12) when not given.
    outside : pandas.DataFrame
        One row per (outside party, resource it supplies), sorted: ``supplier_id``,
        ``supply_resource``, ``latitude``, ``longitude`` (NaN when unknown), the default
        quality of the resource (``rules.yaml``), ``abp_category`` and ``hazardous``.
    names : dict of str to str
        Name of every company and outside party by id.
    company_ids : frozenset of str
        The companies of the zone (the other ids of ``names`` are outside parties).
    on_site : OnSite or None
        The heat flows net of their company's own recovery, when asked for.
    """

    flows: pd.DataFrame
    profiles: npt.NDArray[np.float64]
    outside: pd.DataFrame
    names: dict[str, str]
    company_ids: frozenset[str] = frozenset()
    on_site: OnSite | None = None


@dataclass(frozen=True, eq=False)
class OnSite:
    """What each heat flow leaves for other companies once its own company has recovered what
    it can (:func:`symbiosis.targeting.on_site.heat_after_on_site`), aligned with the flows.

    Attributes
    ----------
    quantity_per_yr : numpy.ndarray
        Heat left for other companies [MWh/yr]; NaN for a flow that is not a heat stream.
    supply_temperature_c : numpy.ndarray
        Where that heat starts: a demand's inlet moves up, a supply's outlet-side start moves
        down (the company keeps the rest) [°C]; NaN for a flow that is not a heat stream.
    company : numpy.ndarray
        Company of each flow, as an integer code.
    """

    quantity_per_yr: npt.NDArray[np.float64]
    supply_temperature_c: npt.NDArray[np.float64]
    company: npt.NDArray[np.int64]


def on_site_arrays(
    zone: Zone, flow_ids: pd.Index, company_ids: pd.Series, dt_min_k: float
) -> OnSite:
    """:class:`OnSite` for the flows ``flow_ids`` (positional) of ``zone``."""
    after = heat_after_on_site(zone, dt_min_k)
    position = pd.Index(after["id"]).get_indexer(flow_ids)
    found = position >= 0
    quantity = np.full(len(flow_ids), np.nan)
    start = np.full(len(flow_ids), np.nan)
    quantity[found] = after["after_on_site_per_yr"].to_numpy(dtype=float)[position[found]]
    start[found] = after["supply_temperature_c"].to_numpy(dtype=float)[position[found]]
    company = pd.factorize(company_ids.to_numpy(dtype=object))[0].astype(np.int64)
    return OnSite(quantity_per_yr=quantity, supply_temperature_c=start, company=company)


def match_inputs(zone: Zone, dt_min_k: float | None = None) -> MatchInputs:
    """Tables of ``zone`` ready for matching (see :class:`MatchInputs`).

    With ``dt_min_k`` [K], also the heat flows net of their company's own recovery
    (:attr:`MatchInputs.on_site`), which heat exchanges between companies are limited to.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> inputs = match_inputs(load_example("toy"))
    >>> inputs.flows["id"].tolist()[:3], inputs.profiles.shape
    (['F01', 'F02', 'F03'], (9, 12))
    """
    arrays = flows_table_arrays(zone, [*_FLOW_COLUMNS, "monthly_profile"])
    columns = {name: arrays[name] for name in _FLOW_COLUMNS}
    for name in _NUMERIC_COLUMNS:
        # None (not given) becomes NaN.
        columns[name] = np.asarray(arrays[name], dtype=float)
    for name in ["potable_required", "food_contact"]:
        columns[name] = pd.array(np.asarray(arrays[name], dtype=object), dtype="boolean")
    # Sites straight from the records: a companies table is more work than this lookup.
    companies = sorted(zone.companies, key=attrgetter("id"))
    site = pd.Index([company.id for company in companies]).get_indexer(arrays["company_id"])
    latitude = np.array([company.latitude for company in companies], dtype=float)
    longitude = np.array([company.longitude for company in companies], dtype=float)
    columns["latitude"] = _take_or_nan(latitude, site)
    columns["longitude"] = _take_or_nan(longitude, site)
    provenance = pd.Index(list(PROVENANCE_CONFIDENCE)).get_indexer(arrays["provenance"])
    confidence = np.array(list(PROVENANCE_CONFIDENCE.values()), dtype=float)
    columns["confidence"] = _take_or_nan(confidence, provenance)
    columns["abp_category"], columns["hazardous"] = _regulated(
        arrays["resource"], arrays["abp_category"], arrays["ewc_code"]
    )
    # A supply without a route but with a sale price is sold today.
    sold = pd.isna(np.asarray(arrays["current_route"], dtype=object)) & (
        columns["signed_cost_eur_per_unit"] < 0
    )
    columns["todays_route_ef"] = _todays_route_ef(
        arrays["resource"],
        np.where(sold, "sold", np.asarray(arrays["current_route"], dtype=object)),
        arrays["current_treatment"],
        columns["disposed_of_today"],
    )
    flows = pd.DataFrame(columns, index=pd.RangeIndex(len(arrays["id"])), copy=False)
    profiles = _monthly_profiles(np.asarray(arrays["monthly_profile"], dtype=object))

    parties = sorted(zone.outside_parties, key=attrgetter("id"))
    names = {company.id: company.name for company in companies}
    names.update({party.id: party.name for party in parties})
    on_site = None
    if dt_min_k is not None:
        on_site = on_site_arrays(zone, pd.Index(flows["id"]), flows["company_id"], dt_min_k)
    return MatchInputs(
        flows=flows,
        profiles=profiles,
        outside=_outside_supplies(parties),
        names=names,
        company_ids=frozenset(company.id for company in companies),
        on_site=on_site,
    )


def _regulated(
    resource: npt.ArrayLike, abp_category: npt.ArrayLike, ewc_code: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per flow: its animal by-product category (its own, else its resource's; NaN for none) and
    1.0 for a hazardous waste (a '*' in its EWC code, else in every code of its resource)."""
    # One look-up per distinct (resource, category, code): a zone has a few dozen.
    keys = pd.MultiIndex.from_arrays(
        [pd.array(resource, dtype=object), pd.array(abp_category, dtype=object), ewc_code]
    )
    codes, distinct = pd.factorize(keys)
    categories = np.empty(len(distinct))
    hazardous = np.empty(len(distinct))
    for position, (resource_id, flow_category, code) in enumerate(distinct):
        given = None if pd.isna(flow_category) else float(flow_category)
        category = supply_abp_category(resource_id, given)
        categories[position] = np.nan if category is None else category
        hazardous[position] = is_hazardous(resource_id, None if pd.isna(code) else code)
    return categories[codes], hazardous[codes]


def _todays_route_ef(
    resource: npt.ArrayLike,
    current_route: npt.ArrayLike,
    current_treatment: npt.ArrayLike,
    disposed_of_today: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Per flow: the emission factor of the route its supply takes today
    (:func:`~symbiosis.catalogue.treatments.todays_route`), NaN when it takes none or its
    resource has no waste family. [kgCO2e per canonical unit]"""
    keys = pd.MultiIndex.from_arrays(
        [
            pd.array(resource, dtype=object),
            pd.array(current_route, dtype=object),
            pd.array(current_treatment, dtype=object),
            np.asarray(disposed_of_today, dtype=float) == 1,
        ]
    )
    codes, distinct = pd.factorize(keys)
    factors = np.full(len(distinct), np.nan)
    for position, (resource_id, route, treatment, disposed) in enumerate(distinct):
        found = todays_route(
            resource_id,
            None if pd.isna(route) else str(route),
            None if pd.isna(treatment) else str(treatment),
            bool(disposed),
        )
        if found is not None:
            factors[position] = found.kgco2e_per_unit
    return factors[codes]


def _take_or_nan(
    values: npt.NDArray[np.float64], positions: npt.NDArray[np.intp]
) -> npt.NDArray[np.float64]:
    """``values`` at ``positions``; NaN where the position is -1 (not found)."""
    # Position -1 reads the NaN appended at the end.
    return np.append(values, np.nan)[positions]


def _monthly_profiles(profiles: npt.NDArray[np.object_]) -> npt.NDArray[np.float64]:
    """Monthly shares, shape (n_flows, 12): flat (1/12) where a flow gives none (None)."""
    shares = np.tile(FLAT_PROFILE, (len(profiles), 1))
    given = pd.notna(profiles)
    if given.any():
        shares[given] = np.array(profiles[given].tolist(), dtype=float)
    return shares


def _outside_supplies(parties: list[OutsideParty]) -> pd.DataFrame:
    """One row per (party, resource it supplies) of ``parties``: :attr:`MatchInputs.outside`.

    ``parties`` are sorted by id; the quality of a supply is the default of its resource
    (``rules.yaml``), NaN when the catalogue gives none.
    """
    quality = outside_supply_quality()
    supplies = [(party, resource) for party in parties for resource in sorted(set(party.supplies))]
    known = [quality.get(resource) for _, resource in supplies]
    outside = pd.DataFrame(
        [(party.id, resource) for party, resource in supplies],
        columns=["supplier_id", "supply_resource"],
    )
    numbers = {
        "latitude": [party.latitude for party, _ in supplies],
        "longitude": [party.longitude for party, _ in supplies],
        **{
            name: [None if default is None else default.value(name) for default in known]
            for name in SUPPLY_QUALITY
        },
    }
    numbers["abp_category"] = [
        np.nan if (category := supply_abp_category(resource, None)) is None else category
        for _, resource in supplies
    ]
    numbers["hazardous"] = [float(is_hazardous(resource, None)) for _, resource in supplies]
    for name, values in numbers.items():
        # None (unknown position or quality) becomes NaN.
        outside[name] = np.array(values, dtype=float)
    return outside
