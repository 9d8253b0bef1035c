"""The synthetic region generator: reproducible, the mix asked for, sites inside the region."""

from __future__ import annotations

import hashlib
import json
import math

import numpy as np
import pytest

from symbiosis.errors import InputError
from symbiosis.synthetic import ARCHETYPES, generate_region, region_records

ORIGIN = (50.2, 1.6)


@pytest.fixture(scope="module")
def region():
    return generate_region(200, seed=3, flows_per_company=6)


def test_same_seed_gives_an_equal_zone(region):
    assert generate_region(200, seed=3, flows_per_company=6) == region


def test_another_seed_gives_another_zone(region):
    other = generate_region(200, seed=4, flows_per_company=6)
    assert other != region
    assert [c.latitude for c in other.companies] != [c.latitude for c in region.companies]


def test_counts_of_companies_and_flows(region):
    assert len(region.companies) == 200
    assert len(region.flows) == 200 * 6
    per_company: dict[str, int] = {}
    for flow in region.flows:
        per_company[flow.company_id] = per_company.get(flow.company_id, 0) + 1
    assert set(per_company.values()) == {6}


def test_archetype_mix_is_the_one_asked_for():
    # 1 : 3 of 40 companies is 10 and 30, by hand.
    zone = generate_region(40, seed=0, archetype_shares={"seafood": 1, "metals": 3})
    kinds = [company.archetype for company in zone.companies]
    assert kinds.count("seafood") == 10
    assert kinds.count("metals") == 30
    assert {c.sector_nace for c in zone.companies if c.archetype == "seafood"} == {"10.20"}


def test_default_mix_follows_the_archetype_shares():
    zone = generate_region(1000, seed=1, flows_per_company=1)
    kinds = [company.archetype for company in zone.companies]
    for archetype in ARCHETYPES.values():
        # Largest-remainder rounding: each count is the share times 1000, give or take one.
        assert abs(kinds.count(archetype.id) - archetype.share * 1000) < 1


def test_flows_come_from_their_archetype_templates(region):
    archetype_of = {company.id: company.archetype for company in region.companies}
    for flow in region.flows:
        templates = ARCHETYPES[archetype_of[flow.company_id]].templates
        assert (flow.resource, flow.direction) in {(t.resource, t.direction) for t in templates}


def test_units_are_canonical_and_quantities_positive(region):
    for flow in region.flows:
        assert flow.unit == flow.canonical_unit
        assert flow.quantity > 0
        assert flow.quantity_per_yr == flow.quantity


def test_every_site_is_inside_the_region():
    region_km = 30.0
    zone = generate_region(300, seed=5, flows_per_company=2, region_km=region_km, n_estates=8)
    latitude0, longitude0 = ORIGIN
    # 1 degree of latitude is 110.574 km; of longitude 111.320 km x cos(latitude at mid-height).
    top = latitude0 + region_km / 110.574
    right = longitude0 + region_km / (111.320 * math.cos(math.radians((latitude0 + top) / 2)))
    sites = [(c.latitude, c.longitude) for c in zone.companies]
    sites += [
        (party.latitude, party.longitude)
        for party in zone.outside_parties
        if party.latitude is not None and party.longitude is not None
    ]
    for latitude, longitude in sites:
        assert latitude0 <= latitude <= top + 1e-6
        assert longitude0 <= longitude <= right + 1e-6


def test_companies_cluster_on_estates():
    # Spread uniformly, 500 sites over 100 x 100 km would sit about 2.2 km from their nearest
    # neighbour (0.5 / sqrt(density)); on estates of 0.5-2 km they sit much closer.
    zone = generate_region(500, seed=2, flows_per_company=1)
    latitude = np.radians([c.latitude for c in zone.companies])
    longitude = np.radians([c.longitude for c in zone.companies])
    x = 6371.0 * longitude * np.cos(latitude.mean())
    y = 6371.0 * latitude
    gaps = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    np.fill_diagonal(gaps, np.inf)
    assert np.median(gaps.min(axis=1)) < 0.7


def test_seafood_sits_on_ports_near_a_seawater_intake():
    zone = generate_region(60, seed=0, archetype_shares={"seafood": 1, "logistics": 1})
    intakes = [party for party in zone.outside_parties if party.kind == "sea"]
    assert intakes
    for company in zone.companies:
        if company.archetype != "seafood":
            continue
        nearest_km = min(
            110.574
            * math.hypot(
                company.latitude - party.latitude,
                (company.longitude - party.longitude) * math.cos(math.radians(company.latitude)),
            )
            for party in intakes
        )
        assert nearest_km < 10


def test_records_are_the_ones_drawn_before_the_archetypes_became_data():
    """The records of a region where every template of every archetype is drawn are the ones
    the generator gave before it was split and its archetypes moved to a data file: the hash
    was taken at commit 8167a2a, when the archetypes were still written as Python; updated when
    floor, dock and yard washing took the use floor_washing and cooling-tower make-up the use
    evaporative_makeup, and the material demands of recyclers, digesters and kilns their outlet
    (recycling, biogas_or_compost, hazardous_waste_treatment) (issue 14: only the uses changed).

    A change to a number of the archetypes, to the order of their templates or range keys (the
    order of the random draws), or to the generator changes the hash. A deliberate change should
    update it and say so in the commit message.
    """
    shares = dict.fromkeys(ARCHETYPES, 1)
    records = region_records(240, seed=8167, flows_per_company=20, archetype_shares=shares)
    kind = {company["id"]: company["archetype"] for company in records["companies"]}
    drawn = {
        (kind[flow["company_id"]], flow["resource"], flow["direction"], flow["description"])
        for flow in records["flows"]
    }
    templates = [
        (archetype.id, template.resource, template.direction, template.description)
        for archetype in ARCHETYPES.values()
        for template in archetype.templates
    ]
    assert len(set(templates)) == len(templates) == 167
    assert drawn == set(templates)
    text = json.dumps(records, sort_keys=True)
    assert hashlib.sha256(text.encode()).hexdigest() == (
        "65bdc1731f2e810600a6e877875e0dcc55d7a7c6f62a9dbac046a2574cdcf6bf"
    )


def test_unknown_archetype_is_refused():
    with pytest.raises(InputError, match=r"unknown archetype.*'steelworks'"):
        generate_region(10, archetype_shares={"steelworks": 1.0})


def test_counts_below_one_are_refused():
    with pytest.raises(InputError, match="at least 1"):
        generate_region(0)
