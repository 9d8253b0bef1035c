"""Draw a synthetic region: estates over a square, companies of the archetypes, their flows.

:func:`generate_region` gives a validated :class:`~symbiosis.schemas.Zone`;
:func:`region_records` the same records as plain dicts, before validation. The kinds of company
and their flow templates are data (:data:`~symbiosis.synthetic.ARCHETYPES`, read from
``archetypes.yaml``); what is drawn, and how, is described in :mod:`symbiosis.synthetic`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from symbiosis.catalogue import get_resource
from symbiosis.errors import InputError
from symbiosis.schemas import Zone
from symbiosis.synthetic.archetypes import ARCHETYPES, DELTA_T_KEY
from symbiosis.units import CANONICAL_UNITS

__all__ = ["generate_region", "region_records"]

# Mean radius of the Earth over the meridian and the parallel, for turning km into degrees.
_KM_PER_DEGREE_LATITUDE = 110.574
_KM_PER_DEGREE_LONGITUDE_AT_EQUATOR = 111.320

_PROVENANCES = ("measured", "estimated", "assumed")
_PROVENANCE_SHARES = (0.2, 0.5, 0.3)


def _company_counts(n_companies: int, shares: Mapping[str, float]) -> dict[str, int]:
    """Split n companies by shares, rounding by the largest remainders (exact total)."""
    unknown = sorted(set(shares) - set(ARCHETYPES))
    if unknown:
        raise InputError(
            f"unknown archetype(s) {', '.join(map(repr, unknown))}; "
            f"use some of {', '.join(ARCHETYPES)}"
        )
    if any(not math.isfinite(share) or share < 0 for share in shares.values()):
        raise InputError("archetype shares must be finite and not negative")
    total = sum(shares.values())
    if total <= 0:
        raise InputError("archetype shares must not all be zero")
    ids = [archetype_id for archetype_id in ARCHETYPES if shares.get(archetype_id, 0) > 0]
    exact = np.array([shares[archetype_id] / total * n_companies for archetype_id in ids])
    counts = np.floor(exact).astype(int)
    left = n_companies - int(counts.sum())
    # Stable sort so that ties go to the archetype listed first.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[:left]] += 1
    return {archetype_id: int(count) for archetype_id, count in zip(ids, counts, strict=True)}


def _significant(values: np.ndarray, digits: int = 4) -> list[float]:
    """Round to a few significant digits, so that numbers read well and survive a CSV."""
    return [float(f"{value:.{digits}g}") for value in values]


def _monthly_profiles(rng: np.random.Generator, count: int) -> np.ndarray:
    """Yearly cycles: a cosine around a random peak month with a random amplitude."""
    months = np.arange(12)
    peak = rng.integers(0, 12, size=count)
    amplitude = rng.uniform(0.2, 0.8, size=count)
    shares = 1 + amplitude[:, None] * np.cos(2 * np.pi * (months[None, :] - peak[:, None]) / 12)
    shares /= shares.sum(axis=1, keepdims=True)
    rounded = np.round(shares, 4)
    # Put the rounding residue on the peak month so that each profile sums to 1 exactly enough.
    rounded[np.arange(count), peak] += 1 - rounded.sum(axis=1)
    return np.round(rounded, 6)


def _layout(
    rng: np.random.Generator, n_estates: int, region_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Centres (x, y) [km], spread [km], attractiveness and port flag of each estate.

    About one estate in seven is a port on the coast (the west edge, x = 0); the others gather
    around towns spread over the region.
    """
    n_ports = max(1, round(n_estates / 7))
    n_inland = n_estates - n_ports
    margin = min(3.0, region_km / 10)
    port_x = rng.uniform(0.5, 2.5, size=n_ports).clip(0, region_km)
    port_y = rng.uniform(0.05, 0.95, size=n_ports) * region_km
    n_towns = max(1, math.ceil(n_inland / 6))
    towns = rng.uniform(0.1, 0.9, size=(n_towns, 2)) * region_km
    town_of_estate = rng.integers(0, n_towns, size=n_inland)
    inland = towns[town_of_estate] + rng.normal(0, region_km * 0.06, size=(n_inland, 2))
    inland = inland.clip(margin, region_km - margin)
    x = np.concatenate([port_x, inland[:, 0]])
    y = np.concatenate([port_y, inland[:, 1]])
    spread_km = rng.uniform(0.5, 2.0, size=n_estates)
    attractiveness = rng.lognormal(0.0, 0.7, size=n_estates)
    is_port = np.arange(n_estates) < n_ports
    return np.column_stack([x, y]), spread_km, attractiveness, is_port


def _pick_templates(
    rng: np.random.Generator, weights: np.ndarray, n_companies: int, k: int
) -> np.ndarray:
    """For each company, k template indices drawn with replacement, in proportion to weights.

    A template drawn twice is two flows of its kind (two workshops using water, two pallet
    streams); a template of weight w is on average ``k * w / sum(weights)`` flows of a company,
    so rare templates (a farm taking food waste) stay rare whatever ``k`` is.
    """
    chosen = rng.choice(weights.size, size=(n_companies, k), p=weights / weights.sum())
    return np.sort(chosen, axis=1)


def generate_region(
    n_companies: int,
    *,
    seed: int = 0,
    flows_per_company: int = 10,
    archetype_shares: Mapping[str, float] | None = None,
    n_estates: int | None = None,
    region_km: float = 100.0,
    origin: tuple[float, float] = (50.2, 1.6),
    quantity_sigma: float = 0.6,
    name: str | None = None,
) -> Zone:
    """Invent a region: companies of realistic kinds on industrial estates, with their flows.

    Parameters
    ----------
    n_companies : int
        Number of companies (sites).
    seed : int
        Seed of the random generator; the same arguments give an equal zone.
    flows_per_company : int
        Flows of each company (so the zone has ``n_companies * flows_per_company`` flows),
        drawn from its archetype's templates in proportion to their weights (with replacement:
        a company may have two flows of one kind).
    archetype_shares : mapping of str to float, optional
        Share of each archetype (ids of :data:`~symbiosis.synthetic.ARCHETYPES`); normalised,
        and counts are rounded by the largest remainders so they sum to ``n_companies``.
        Default: the archetypes' own shares.
    n_estates : int, optional
        Number of industrial estates. Default ``ceil(n_companies / 150)`` capped at 60, so a
        region of 10,000 companies has 60 estates of about 170 companies.
    region_km : float
        Side of the square region. [km]
    origin : (float, float)
        Latitude and longitude of the south-west corner (default: the Côte d'Opale, with the
        coast on the west edge). [degrees]
    quantity_sigma : float
        Standard deviation of the logarithm of quantities around the template's median (a
        company size factor with sigma 0.5 multiplies all flows of a company as well).
    name : str, optional
        Name of the zone.

    Returns
    -------
    Zone
        Companies ``C00001`` ... with ``archetype`` set, flows ``F000001`` ... in the canonical
        unit of their family, one clean-seawater intake (``SEA-01`` ...) on the coast in front
        of each port estate, and the public water network ``NET``.

    Raises
    ------
    InputError
        A count below 1, an unknown archetype or shares that are negative or all zero.

    Examples
    --------
    >>> zone = generate_region(20, seed=1, flows_per_company=5)
    >>> len(zone.companies), len(zone.flows)
    (20, 100)
    >>> zone == generate_region(20, seed=1, flows_per_company=5)
    True
    >>> sorted({flow.unit for flow in zone.flows})
    ['MWh/yr', 'h/yr', 'm3/yr', 't/yr']
    """
    # The records go in as dicts so that pydantic validates each flow once: a Flow instance
    # handed to Zone would run its model validator (the unit conversion) a second time.
    records = region_records(
        n_companies,
        seed=seed,
        flows_per_company=flows_per_company,
        archetype_shares=archetype_shares,
        n_estates=n_estates,
        region_km=region_km,
        origin=origin,
        quantity_sigma=quantity_sigma,
        name=name,
    )
    return Zone.model_validate(records)


def region_records(
    n_companies: int,
    *,
    seed: int = 0,
    flows_per_company: int = 10,
    archetype_shares: Mapping[str, float] | None = None,
    n_estates: int | None = None,
    region_km: float = 100.0,
    origin: tuple[float, float] = (50.2, 1.6),
    quantity_sigma: float = 0.6,
    name: str | None = None,
) -> dict[str, Any]:
    """The records of :func:`generate_region` before validation, as plain dicts.

    Takes the same arguments. ``Zone.model_validate(region_records(...))`` is
    ``generate_region(...)``; the split lets a benchmark time the drawing apart from the
    validation, and lets a user write the records to files without building the models.

    Returns
    -------
    dict
        ``name``, ``description``, ``companies``, ``flows`` and ``outside_parties``: lists of
        dicts with the fields of the models of :mod:`symbiosis.schemas`.

    Examples
    --------
    >>> records = region_records(3, seed=2, flows_per_company=2)
    >>> len(records["companies"]), len(records["flows"])
    (3, 6)
    """
    if n_companies < 1 or flows_per_company < 1:
        raise InputError("n_companies and flows_per_company must be at least 1")
    if n_estates is not None and n_estates < 1:
        raise InputError("n_estates must be at least 1")
    if not (region_km > 0 and math.isfinite(region_km)):
        raise InputError("region_km must be a positive number of kilometres")
    shares = (
        dict(archetype_shares)
        if archetype_shares is not None
        else {archetype.id: archetype.share for archetype in ARCHETYPES.values()}
    )
    counts = _company_counts(n_companies, shares)
    if n_estates is None:
        n_estates = min(60, max(1, math.ceil(n_companies / 150)))
    rng = np.random.default_rng(seed)

    centres_km, spread_km, attractiveness, is_port = _layout(rng, n_estates, region_km)
    latitude0, longitude0 = origin
    km_per_degree_longitude = _KM_PER_DEGREE_LONGITUDE_AT_EQUATOR * math.cos(
        math.radians(latitude0 + region_km / _KM_PER_DEGREE_LATITUDE / 2)
    )

    def to_degrees(xy_km: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        latitude = latitude0 + xy_km[:, 1] / _KM_PER_DEGREE_LATITUDE
        longitude = longitude0 + xy_km[:, 0] / km_per_degree_longitude
        return np.round(latitude, 6), np.round(longitude, 6)

    width_companies = max(5, len(str(n_companies)))
    width_flows = max(6, len(str(n_companies * flows_per_company)))
    company_rows: list[dict[str, Any]] = []
    flow_rows: list[dict[str, Any]] = []
    company_number = 0
    for archetype_id, count in counts.items():
        if count == 0:
            continue
        archetype = ARCHETYPES[archetype_id]
        # Estates a company of this kind may sit on, weighted by their attractiveness.
        allowed = is_port if archetype.port else np.ones(n_estates, dtype=bool)
        estate_weights = np.where(allowed, attractiveness, 0.0)
        estate = rng.choice(n_estates, size=count, p=estate_weights / estate_weights.sum())
        offsets = rng.normal(0.0, 1.0, size=(count, 2)) * spread_km[estate, None]
        positions = (centres_km[estate] + offsets).clip(0.0, region_km)
        latitude, longitude = to_degrees(positions)
        staff = np.maximum(1, np.round(rng.lognormal(math.log(archetype.staff_median), 0.6, count)))
        size_factor = rng.lognormal(0.0, 0.5, size=count)

        templates = archetype.templates
        chosen = _pick_templates(
            rng, np.array([template.weight for template in templates]), count, flows_per_company
        )
        owner = np.repeat(np.arange(count), flows_per_company)
        template_index = chosen.ravel()
        quantity = (
            np.array([templates[index].median for index in template_index])
            * size_factor[owner]
            * rng.lognormal(0.0, quantity_sigma, size=owner.size)
        )
        quantities = _significant(np.maximum(quantity, 0.1))
        provenance = rng.choice(len(_PROVENANCES), size=owner.size, p=_PROVENANCE_SHARES)
        # Draw each template's ranged fields and profiles for all its flows at once.
        drawn: dict[int, dict[str, list[Any]]] = {}
        for index in np.unique(template_index):
            template = templates[index]
            n_drawn = int((template_index == index).sum())
            values: dict[str, list[Any]] = {
                key: _significant(rng.uniform(low, high, size=n_drawn), 3)
                for key, (low, high) in template.ranges.items()
            }
            if template.seasonal:
                values["monthly_profile"] = [
                    tuple(float(share) for share in profile)
                    for profile in _monthly_profiles(rng, n_drawn)
                ]
            drawn[int(index)] = values
        used = {index: 0 for index in drawn}

        first_company = company_number
        for position in range(count):
            company_number += 1
            company_rows.append(
                {
                    "id": f"C{company_number:0{width_companies}d}",
                    "name": f"{archetype.label} {company_number}",
                    "sector_nace": archetype.sector_nace,
                    "latitude": float(latitude[position]),
                    "longitude": float(longitude[position]),
                    "staff": int(staff[position]),
                    "archetype": archetype.id,
                }
            )
        for row, (company, index) in enumerate(zip(owner, template_index, strict=True)):
            template = templates[index]
            family = get_resource(template.resource).family
            record: dict[str, Any] = {
                "id": f"F{len(flow_rows) + 1:0{width_flows}d}",
                "company_id": f"C{first_company + company + 1:0{width_companies}d}",
                "direction": template.direction,
                "resource": template.resource,
                "quantity": quantities[row],
                "unit": CANONICAL_UNITS[family],
                "description": template.description,
                "provenance": _PROVENANCES[provenance[row]],
                **template.fixed,
            }
            if template.use is not None:
                record["use"] = template.use
            nth = used[int(index)]
            used[int(index)] = nth + 1
            for key, column in drawn[int(index)].items():
                record[key] = column[nth]
            if DELTA_T_KEY in record:
                delta_t_k = record.pop(DELTA_T_KEY)
                sign = -1 if template.direction == "supply" else 1
                record["target_temperature_c"] = round(
                    record["supply_temperature_c"] + sign * delta_t_k, 1
                )
                if template.direction == "supply":
                    record["temperature_c"] = record["supply_temperature_c"]
            if template.direction == "supply" and family == "material":
                resource = get_resource(template.resource)
                if resource.ewc_codes:
                    record["ewc_code"] = resource.ewc_codes[0]
                if resource.abp_category is not None:
                    record["abp_category"] = resource.abp_category
            flow_rows.append(record)

    port_positions = np.column_stack([np.zeros(int(is_port.sum())), centres_km[is_port, 1]])
    port_latitude, port_longitude = to_degrees(port_positions)
    outside_parties: list[dict[str, Any]] = [
        {
            "id": f"SEA-{number:02d}",
            "name": f"Clean-seawater intake {number}",
            "kind": "sea",
            "latitude": float(port_latitude[number - 1]),
            "longitude": float(port_longitude[number - 1]),
            "supplies": ("water.sea",),
        }
        for number in range(1, len(port_positions) + 1)
    ]
    outside_parties.append(
        {
            "id": "NET",
            "name": "Public water network",
            "kind": "water_network",
            "supplies": ("water.potable",),
        }
    )
    return {
        "name": name or f"synthetic region ({n_companies} companies, seed {seed})",
        "description": (
            f"Invented by symbiosis.synthetic.generate_region: {n_companies} companies on "
            f"{n_estates} industrial estates over {region_km:g} x {region_km:g} km, "
            f"{flows_per_company} flows each."
        ),
        "companies": company_rows,
        "flows": flow_rows,
        "outside_parties": outside_parties,
    }
