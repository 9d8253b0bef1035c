"""Tables of a zone: one pandas DataFrame per kind of record, sorted by id.

The models in :mod:`symbiosis.schemas` are records; analysis works on columns. These functions
are the one place where a zone becomes tables, so every step downstream sees the same columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import pandas as pd

from symbiosis.schemas import Company, Flow, OutsideParty, Zone

__all__ = [
    "FLOWS_TABLE_COLUMNS",
    "companies_table",
    "flows_table",
    "flows_table_columns",
    "outside_parties_table",
]

_COMPANY_COLUMNS = list(Company.model_fields)
_OUTSIDE_COLUMNS = list(OutsideParty.model_fields)

#: Columns of :func:`flows_table`: every :class:`~symbiosis.schemas.Flow` field, then the
#: family, canonical unit and annual quantity of the flow.
FLOWS_TABLE_COLUMNS: tuple[str, ...] = (
    *Flow.model_fields,
    "family",
    "canonical_unit",
    "annual_quantity",
)


def companies_table(zone: Zone) -> pd.DataFrame:
    """One row per company, sorted by id, with every :class:`~symbiosis.schemas.Company` field.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> companies_table(load_example("toy"))["id"].tolist()
    ['T1', 'T2', 'T3', 'T4']
    """
    # The fields as model_dump gives them (all plain values), without its cost per record.
    rows = [company.__dict__ for company in zone.companies]
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
    return flows_table_columns(zone, FLOWS_TABLE_COLUMNS)


def flows_table_columns(zone: Zone, columns: Sequence[str]) -> pd.DataFrame:
    """Only ``columns`` of :func:`flows_table`, built alone: same values and types, less work.

    Parameters
    ----------
    zone : Zone
        The zone.
    columns : sequence of str
        Columns of :data:`FLOWS_TABLE_COLUMNS`, in the order wanted.

    Raises
    ------
    KeyError
        A column that :func:`flows_table` does not have.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> table = flows_table_columns(load_example("toy"), ["id", "annual_quantity"])
    >>> list(table.columns), float(table["annual_quantity"].iloc[0])
    (['id', 'annual_quantity'], 3000.0)
    """
    unknown = [name for name in columns if name not in FLOWS_TABLE_COLUMNS]
    if unknown:
        raise KeyError(f"flows_table has no column {unknown}; its columns: {FLOWS_TABLE_COLUMNS}")
    # Records sorted first (a stable sort, as sort_values does), then columns straight from the
    # fields: model_dump per flow was most of the time at scale.
    flows = sorted(zone.flows, key=attrgetter("id"))
    if not flows:
        return pd.DataFrame([], columns=list(columns))
    fields = [flow.__dict__ for flow in flows]
    return pd.DataFrame({name: _flow_column(flows, fields, name) for name in columns})


def _flow_column(flows: list[Flow], fields: list[dict[str, Any]], name: str) -> list[Any]:
    """Values of one column of the flows table; ``fields`` are the ``__dict__`` of ``flows``."""
    if name == "annual_quantity":
        return [flow.annual_quantity for flow in flows]
    if name in ("family", "canonical_unit"):
        # These depend on the resource only: read once per resource.
        one_per_resource = {flow.resource: flow for flow in flows}
        value = {resource: getattr(flow, name) for resource, flow in one_per_resource.items()}
        return [value[row["resource"]] for row in fields]
    if name == "contaminants_mg_per_l":
        # Copies, as model_dump gives, so that editing the table never edits a flow.
        return [dict(row[name]) for row in fields]
    return [row[name] for row in fields]


def outside_parties_table(zone: Zone) -> pd.DataFrame:
    """One row per outside party, sorted by id."""
    rows = [party.model_dump() for party in zone.outside_parties]
    table = pd.DataFrame(rows, columns=_OUTSIDE_COLUMNS)
    return table.sort_values("id", kind="stable").reset_index(drop=True)
