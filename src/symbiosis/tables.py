"""Tables of a zone: one pandas DataFrame per kind of record, sorted by id.

The models in :mod:`symbiosis.schemas` are records; analysis works on columns. These functions
are the one place where a zone becomes tables, so every step downstream sees the same columns.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from operator import attrgetter
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
import pandas as pd
from pandas.api.extensions import ExtensionArray

from symbiosis.catalogue import quality_parameters, use_catalogue
from symbiosis.schemas import Company, Flow, OutsideParty, Zone

__all__ = [
    "FLOWS_TABLE_COLUMNS",
    "ID_SEPARATOR",
    "FlowColumn",
    "companies_table",
    "flows_table",
    "flows_table_arrays",
    "join_ids",
    "outside_parties_table",
    "split_ids",
]

#: What separates the ids of one cell (the members of a pool, the flows of an opportunity).
ID_SEPARATOR = ";"

_COMPANY_COLUMNS = list(Company.model_fields)
_OUTSIDE_COLUMNS = list(OutsideParty.model_fields)

#: Columns of :func:`flows_table`: every :class:`~symbiosis.schemas.Flow` field, then the
#: family, canonical unit and annual quantity of the flow, and what it costs the company per
#: unit today (:attr:`~symbiosis.schemas.Flow.signed_cost_eur_per_unit`).
FLOWS_TABLE_COLUMNS: tuple[str, ...] = (
    *Flow.model_fields,
    "family",
    "canonical_unit",
    "quantity_per_yr",
    "signed_cost_eur_per_unit",
    "disposed_of_today",
)
#: A column of :func:`flows_table` as :func:`flows_table_arrays` gives it.
FlowColumn: TypeAlias = npt.NDArray[np.float64] | ExtensionArray
#: Demand fields that a demand's use fills when the flow leaves them empty (``uses.yaml``).
_USE_DEFAULTED = frozenset(
    ["potable_required", *(p.limit_field for p in quality_parameters().values())]
)
#: Flow fields that the flows table holds as they are stored (the others need a copy).
_STORED_FIELDS = frozenset(Flow.model_fields) - {"contaminants_mg_per_l"}


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
        ``quantity_per_yr`` [canonical unit per year: m3/yr, t/yr, MWh/yr or h/yr]. A demand's
        quality limits and ``potable_required`` that the flow leaves empty take the default of
        its use (``catalogue/uses.yaml``: evaporative make-up, at most 300 mg/L of chloride).

    Examples
    --------
    >>> from symbiosis import load_example
    >>> table = flows_table(load_example("toy"))
    >>> row = table.set_index("id").loc["F01"]
    >>> float(row["quantity_per_yr"]), row["canonical_unit"]
    (3000.0, 'm3/yr')
    """
    arrays = flows_table_arrays(zone, FLOWS_TABLE_COLUMNS)
    if not zone.flows:
        return pd.DataFrame([], columns=list(FLOWS_TABLE_COLUMNS))
    return pd.DataFrame(arrays, copy=False)


def flows_table_arrays(zone: Zone, columns: Sequence[str]) -> dict[str, FlowColumn]:
    """``columns`` of :func:`flows_table` as arrays, without building the table.

    For code that reads columns of the flows at scale (the matcher): each array has the values
    and type of its column in :func:`flows_table`, rows sorted by flow id.

    Parameters
    ----------
    zone : Zone
        The zone.
    columns : sequence of str
        Columns of :data:`FLOWS_TABLE_COLUMNS`.

    Returns
    -------
    dict of str to numpy.ndarray or pandas.api.extensions.ExtensionArray
        One array per column, in the order of ``columns``.

    Raises
    ------
    KeyError
        A column that :func:`flows_table` does not have.

    Examples
    --------
    >>> from symbiosis import load_example
    >>> arrays = flows_table_arrays(load_example("toy"), ["id", "quantity_per_yr"])
    >>> arrays["id"][:2].tolist(), float(arrays["quantity_per_yr"][0])
    (['F01', 'F02'], 3000.0)
    """
    unknown = [name for name in columns if name not in FLOWS_TABLE_COLUMNS]
    if unknown:
        raise KeyError(f"flows_table has no column {unknown}; its columns: {FLOWS_TABLE_COLUMNS}")
    # Records sorted first (a stable sort, as sort_values does), then columns straight from the
    # fields: model_dump per flow was most of the time at scale.
    flows = sorted(zone.flows, key=attrgetter("id"))
    if not flows:
        return {name: pd.array([], dtype=object) for name in columns}
    # pandas reads the stored fields of all records in one pass of C code and infers the type
    # of each column: about half the time of a list per field.
    stored_names = [name for name in columns if name in _STORED_FIELDS]
    if "resource" not in stored_names and {"family", "canonical_unit"} & set(columns):
        stored_names.append("resource")
    defaulted = [name for name in columns if name in _USE_DEFAULTED]
    if defaulted:
        stored_names += [name for name in ("use", "direction") if name not in stored_names]
    stored = pd.DataFrame([flow.__dict__ for flow in flows], columns=stored_names)
    if defaulted:
        _fill_use_defaults(stored, defaulted)
    derived = _derived_flow_columns(flows, stored, [n for n in columns if n not in _STORED_FIELDS])
    return {name: derived[name] if name in derived else stored[name].array for name in columns}


def _use_defaults() -> dict[str, dict[str, object]]:
    """The default each use gives a demand field (``uses.yaml``): ``{field: {use: value}}``."""
    defaults: dict[str, dict[str, object]] = {}
    for use in use_catalogue().values():
        if use.potable_required is not None:
            defaults.setdefault("potable_required", {})[use.id] = use.potable_required
        for name, value in use.quality_limits.items():
            defaults.setdefault(name, {})[use.id] = value
    return defaults


def _fill_use_defaults(stored: pd.DataFrame, names: list[str]) -> None:
    """Fill the demand fields ``names`` a demand leaves empty with its use's default, in place."""
    demand = (stored["direction"] == "demand").to_numpy()
    for name, by_use in _use_defaults().items():
        if name not in names:
            continue
        default = stored["use"].map(by_use)
        empty = stored[name].isna().to_numpy() & demand & default.notna().to_numpy()
        if empty.any():
            if stored[name].dtype == object and name != "potable_required":
                stored[name] = stored[name].astype(float)
            stored.loc[empty, name] = default[empty]


def _derived_flow_columns(
    flows: list[Flow], stored: pd.DataFrame, names: list[str]
) -> dict[str, FlowColumn]:
    """Columns ``names`` of the flows table that are not a flow's field as stored.

    ``stored`` holds the stored fields of ``flows`` (``resource`` among them when ``names`` has
    ``family`` or ``canonical_unit``), one row per flow in the same order.
    """
    columns: dict[str, FlowColumn] = {}
    if "quantity_per_yr" in names:
        quantity_per_yr = map(attrgetter("quantity_per_yr"), flows)
        columns["quantity_per_yr"] = np.fromiter(quantity_per_yr, dtype=float, count=len(flows))
    if "signed_cost_eur_per_unit" in names:
        signed = [flow.signed_cost_eur_per_unit for flow in flows]
        columns["signed_cost_eur_per_unit"] = np.array(
            [math.nan if value is None else value for value in signed], dtype=float
        )
    if "disposed_of_today" in names:
        disposed = map(attrgetter("disposed_of_today"), flows)
        columns["disposed_of_today"] = np.fromiter(disposed, dtype=bool, count=len(flows))
    if "contaminants_mg_per_l" in names:
        # Copies, as model_dump gives, so that editing the table never edits a flow.
        columns["contaminants_mg_per_l"] = pd.array(
            [dict(flow.contaminants_mg_per_l) for flow in flows], dtype=object
        )
    per_resource = [name for name in names if name in ("family", "canonical_unit")]
    if per_resource:
        columns.update(_per_resource_columns(flows, stored["resource"], per_resource))
    return columns


def _per_resource_columns(
    flows: list[Flow], resource: pd.Series, names: list[str]
) -> dict[str, ExtensionArray]:
    """Columns ``names`` (``family``, ``canonical_unit``) of ``flows``, whose ``resource`` is given.

    They depend on the resource only: read from the first flow of each resource.
    """
    codes, _ = pd.factorize(np.asarray(resource))
    _, first_flow = np.unique(codes, return_index=True)
    return {
        name: pd.array([getattr(flows[row], name) for row in first_flow], dtype="str").take(codes)
        for name in names
    }


def outside_parties_table(zone: Zone) -> pd.DataFrame:
    """One row per outside party, sorted by id."""
    rows = [party.model_dump() for party in zone.outside_parties]
    table = pd.DataFrame(rows, columns=_OUTSIDE_COLUMNS)
    return table.sort_values("id", kind="stable").reset_index(drop=True)


def split_ids(cell: object) -> list[str]:
    """The ids of one table cell: one id, several joined by ``;`` (pools), or none.

    Missing cells (None, NaN, NA) hold no id; spaces around an id and empty parts are dropped.
    :func:`join_ids` writes such a cell.

    Examples
    --------
    >>> split_ids("T1;T2"), split_ids(" F03 ; ;F09"), split_ids(None), split_ids(float("nan"))
    (['T1', 'T2'], ['F03', 'F09'], [], [])
    """
    if cell is None or (pd.api.types.is_scalar(cell) and pd.isna(cell)):
        return []
    return [part.strip() for part in str(cell).split(ID_SEPARATOR) if part.strip()]


def join_ids(ids: Iterable[str]) -> str:
    """One cell holding several ids, in the order given: what :func:`split_ids` reads.

    Examples
    --------
    >>> join_ids(["T1", "T2"]), join_ids([])
    ('T1;T2', '')
    """
    return ID_SEPARATOR.join(ids)
