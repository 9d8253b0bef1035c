"""Tables of a zone: one pandas DataFrame per kind of record, sorted by id.

The models in :mod:`symbiosis.schemas` are records; analysis works on columns. These functions
are the one place where a zone becomes tables, so every step downstream sees the same columns.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from symbiosis.schemas import Company, Flow, OutsideParty, Zone

__all__ = ["companies_table", "flows_table", "outside_parties_table"]

_COMPANY_COLUMNS = list(Company.model_fields)
_FLOW_COLUMNS = list(Flow.model_fields)
_OUTSIDE_COLUMNS = list(OutsideParty.model_fields)


def companies_table(zone: Zone) -> pd.DataFrame:
    """One row per company, sorted by id, with every :class:`~symbiosis.schemas.Company` field.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> companies_table(load_example("toy"))["id"].tolist()
    ['T1', 'T2', 'T3', 'T4']
    """
    rows = [company.model_dump() for company in zone.companies]
    table = pd.DataFrame(rows, columns=_COMPANY_COLUMNS)
    return table.sort_values("id", kind="stable").reset_index(drop=True)


def flows_table(zone: Zone) -> pd.DataFrame:
    """One row per flow, sorted by id, with its annual quantity in the canonical unit.

    Returns
    -------
    pandas.DataFrame
        Every :class:`~symbiosis.schemas.Flow` field, plus ``family``, ``canonical_unit`` and
        ``annual_quantity`` [canonical unit per year: m3/yr, t/yr, MWh/yr or h/yr].

    Examples
    --------
    >>> from symbiosis import load_example
    >>> table = flows_table(load_example("toy"))
    >>> row = table.set_index("id").loc["F01"]
    >>> float(row["annual_quantity"]), row["canonical_unit"]
    (3000.0, 'm3/yr')
    """
    # Columns straight from the fields: model_dump per flow was most of the time at scale.
    flows = zone.flows
    fields = [flow.__dict__ for flow in flows]
    data: dict[str, list[Any]] = {name: [row[name] for row in fields] for name in _FLOW_COLUMNS}
    # Family and unit depend on the resource only: read once per resource.
    by_resource = {flow.resource: flow for flow in flows}
    family = {resource: flow.family for resource, flow in by_resource.items()}
    unit = {resource: flow.canonical_unit for resource, flow in by_resource.items()}
    data["family"] = [family[resource] for resource in data["resource"]]
    data["canonical_unit"] = [unit[resource] for resource in data["resource"]]
    data["annual_quantity"] = [flow.annual_quantity for flow in flows]
    # Copies, as model_dump gives, so that editing the table never edits a flow.
    data["contaminants_mg_per_l"] = [dict(values) for values in data["contaminants_mg_per_l"]]
    table = pd.DataFrame(data) if flows else pd.DataFrame([], columns=list(data))
    return table.sort_values("id", kind="stable").reset_index(drop=True)


def outside_parties_table(zone: Zone) -> pd.DataFrame:
    """One row per outside party, sorted by id."""
    rows = [party.model_dump() for party in zone.outside_parties]
    table = pd.DataFrame(rows, columns=_OUTSIDE_COLUMNS)
    return table.sort_values("id", kind="stable").reset_index(drop=True)
