"""Tables of a zone: one pandas DataFrame per kind of record, sorted by id.

The models in :mod:`symbiosis.schemas` are records; analysis works on columns. These functions
are the one place where a zone becomes tables, so every step downstream sees the same columns.
"""

from __future__ import annotations

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
    rows = [
        {
            **flow.model_dump(),
            "family": flow.family,
            "canonical_unit": flow.canonical_unit,
            "annual_quantity": flow.annual_quantity,
        }
        for flow in zone.flows
    ]
    columns = [*_FLOW_COLUMNS, "family", "canonical_unit", "annual_quantity"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values("id", kind="stable").reset_index(drop=True)


def outside_parties_table(zone: Zone) -> pd.DataFrame:
    """One row per outside party, sorted by id."""
    rows = [party.model_dump() for party in zone.outside_parties]
    table = pd.DataFrame(rows, columns=_OUTSIDE_COLUMNS)
    return table.sort_values("id", kind="stable").reset_index(drop=True)
