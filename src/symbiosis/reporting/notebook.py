"""HTML that Jupyter shows for a zone (``Zone._repr_html_`` calls :func:`zone_html`)."""

from __future__ import annotations

import pandas as pd

from symbiosis.display import notebook_html
from symbiosis.schemas import Zone
from symbiosis.tables import companies_table, flows_table

__all__ = ["zone_html"]


def zone_html(zone: Zone) -> str:
    """A readable summary of a zone: companies, flows and outside parties as tables.

    Every text from the zone is escaped. Long tables show their first
    :data:`~symbiosis.display.NOTEBOOK_ROWS` rows.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> zone_html(load_example("toy")).startswith("<div")
    True
    """
    companies = companies_table(zone)
    flows = flows_table(zone)
    names = dict(zip(companies["id"], companies["name"], strict=True))
    flows["company"] = flows["company_id"].map(names)
    per_family = (
        flows.groupby(["family", "direction", "canonical_unit"])["quantity_per_yr"]
        .agg(["count", "sum"])
        .reset_index()
    )
    parties = pd.DataFrame(
        [
            {
                "id": party.id,
                "name": party.name,
                "kind": party.kind,
                "supplies": ", ".join(party.supplies),
                "accepts": ", ".join(party.accepts),
            }
            for party in zone.outside_parties
        ],
        columns=["id", "name", "kind", "supplies", "accepts"],
    )
    return notebook_html(
        "zone",
        f"Zone {zone.name}",
        [zone.summary(), zone.description or ""],
        [
            (
                "Quantities per family",
                per_family,
                {
                    "family": "Family",
                    "direction": "Direction",
                    "count": "Flows",
                    "sum": "Total per year",
                    "canonical_unit": "Unit",
                },
            ),
            (
                "Companies",
                companies,
                {
                    "id": "Id",
                    "name": "Name",
                    "sector_nace": "NACE",
                    "archetype": "Archetype",
                    "latitude": "Latitude",
                    "longitude": "Longitude",
                    "confidential": "Confidential",
                },
            ),
            (
                "Flows",
                flows,
                {
                    "id": "Id",
                    "company": "Company",
                    "direction": "Direction",
                    "resource": "Resource",
                    "quantity": "Quantity",
                    "unit": "Unit",
                    "quantity_per_yr": "Per year",
                    "canonical_unit": "Canonical unit",
                    "provenance": "Provenance",
                },
            ),
            (
                "Outside parties",
                parties,
                {
                    "id": "Id",
                    "name": "Name",
                    "kind": "Kind",
                    "supplies": "Supplies",
                    "accepts": "Accepts",
                },
            ),
        ],
    )
