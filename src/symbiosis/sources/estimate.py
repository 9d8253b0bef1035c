"""Sized estimates for companies without a declaration, and their backtest.

The ratios are data (``catalogue/ratios.yaml``): a flow per unit of a driver (an ICPE
capacity), from ``low`` to ``high``, with its source and year. :func:`estimate_flows` adds to a
draft, for each company whose activity code and capacity fit a ratio and that declares nothing
of that resource, one flow with ``provenance`` ``estimated`` whose quantity is the middle of the
range (both ends in its notes and in ``DraftZone.estimates``). :func:`backtest_ratios` predicts
what IREP's declaring establishments should declare and compares: nobody should trust an
estimate more than its measured error.
"""

from __future__ import annotations

import importlib.resources as package_files
from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import yaml

from symbiosis.catalogue import get_resource
from symbiosis.schemas import Flow
from symbiosis.sources.draft import DraftZone
from symbiosis.sources.icpe import IcpeExport
from symbiosis.sources.irep import IrepArchive
from symbiosis.units import canonical_unit

__all__ = [
    "ESTIMATE_COLUMNS",
    "backtest_ratios",
    "estimate_flows",
    "predict_from_capacities",
    "ratio_table",
]

#: Columns of :func:`predict_from_capacities` and ``DraftZone.estimates``.
ESTIMATE_COLUMNS = [
    "company_id",
    "nace",
    "driver",
    "driver_value",
    "driver_unit",
    "operating_days_per_yr",
    "resource",
    "direction",
    "low_per_yr",
    "high_per_yr",
    "quantity_per_yr",
    "canonical_unit",
    "ratio_low",
    "ratio_high",
    "ratio_unit",
    "source",
    "year",
]


@cache
def _ratios() -> dict[str, Any]:
    text = (
        package_files.files("symbiosis.catalogue")
        .joinpath("ratios.yaml")
        .read_text(encoding="utf-8")
    )
    loaded: dict[str, Any] = yaml.safe_load(text)
    return loaded


def ratio_table() -> pd.DataFrame:
    """The ratios of ``catalogue/ratios.yaml``, one row each.

    Examples
    --------
    >>> first = ratio_table().iloc[0]
    >>> first["nace"], first["resource"], float(first["low"]), float(first["high"]), first["unit"]
    ('10.20', 'water.potable', 5.0, 11.0, 'm3/t')
    """
    return pd.DataFrame(_ratios()["ratios"])


def _driver_values(capacities: pd.DataFrame, driver: str) -> pd.DataFrame:
    """Each company's value of a driver, in the driver's unit, from its ICPE headings."""
    spec = _ratios()["drivers"][driver]
    rows = capacities[capacities["heading"] == spec["heading"]]
    factors = {key.replace(" ", "").lower(): value for key, value in spec["accepts"].items()}
    factor = rows["unit"].str.replace(" ", "").str.lower().map(factors)
    known = rows.assign(value=rows["quantity"] * factor).dropna(subset=["value"])
    return known.groupby("company_id", as_index=False)["value"].sum()


def predict_from_capacities(capacities: pd.DataFrame, nace_of: dict[str, str]) -> pd.DataFrame:
    """The range each ratio predicts for each company with the driver and the activity.

    Parameters
    ----------
    capacities : pandas.DataFrame
        ICPE headings with ``company_id``, ``heading``, ``quantity``, ``unit``
        (``DraftZone.capacities``).
    nace_of : dict
        Activity code of each company (``10.20Z``); a ratio's ``nace`` is a prefix.

    Returns
    -------
    pandas.DataFrame
        :data:`ESTIMATE_COLUMNS`; ``low_per_yr`` = ratio low × driver × operating days, the
        same for ``high_per_yr``, ``quantity_per_yr`` their middle (canonical unit per year).
    """
    drivers = _ratios()["drivers"]
    rows = []
    for ratio in _ratios()["ratios"]:
        spec = drivers[ratio["driver"]]
        values = _driver_values(capacities, ratio["driver"])
        family = get_resource(ratio["resource"]).family
        for company_id, value in zip(values["company_id"], values["value"], strict=True):
            if not nace_of.get(company_id, "").startswith(ratio["nace"]):
                continue
            days = spec["operating_days_per_yr"]
            low, high = ratio["low"] * value * days, ratio["high"] * value * days
            rows.append(
                {
                    "company_id": company_id,
                    "nace": nace_of[company_id],
                    "driver": ratio["driver"],
                    "driver_value": value,
                    "driver_unit": spec["unit"],
                    "operating_days_per_yr": days,
                    "resource": ratio["resource"],
                    "direction": ratio["direction"],
                    "low_per_yr": low,
                    "high_per_yr": high,
                    "quantity_per_yr": (low + high) / 2,
                    "canonical_unit": canonical_unit(family),
                    "ratio_low": ratio["low"],
                    "ratio_high": ratio["high"],
                    "ratio_unit": ratio["unit"],
                    "source": ratio["source"],
                    "year": ratio["year"],
                }
            )
    frame = pd.DataFrame(rows, columns=ESTIMATE_COLUMNS)
    return frame.sort_values(["company_id", "direction", "resource"], ignore_index=True)


def estimate_flows(draft: DraftZone) -> DraftZone:
    """A draft with estimated flows for what its companies do not declare.

    A company gets an estimated flow of a resource when a ratio fits its activity code and
    one of its ICPE capacities, and it has no flow of that resource and direction yet.

    Returns
    -------
    DraftZone
        The same draft, with the estimated flows (``provenance`` ``estimated``, ``source``
        the ratio's, ``source_year`` its year, the range in ``notes``) and
        ``estimates`` listing each one with both ends of its range.

    Examples
    --------
    >>> from symbiosis.sources import draft_zone
    >>> estimate_flows(draft_zone("62", [])).estimates.empty
    True
    """
    zone = draft.zone
    nace_of = {company.id: company.sector_nace for company in zone.companies}
    predicted = predict_from_capacities(draft.capacities, nace_of)
    present = {(flow.company_id, flow.direction, flow.resource) for flow in zone.flows}
    new = np.array(
        [
            key not in present
            for key in zip(
                predicted["company_id"], predicted["direction"], predicted["resource"], strict=True
            )
        ],
        dtype=bool,
    )
    kept = predicted[new].reset_index(drop=True)
    flows = []
    ids = []
    for number, row in enumerate(kept.itertuples(index=False), start=1):
        flow_id = f"{row.company_id}-E{number:02d}"
        ids.append(flow_id)
        flows.append(
            Flow(
                id=flow_id,
                company_id=row.company_id,
                direction=row.direction,
                resource=row.resource,
                quantity=round(row.quantity_per_yr, 1),
                unit=row.canonical_unit,
                provenance="estimated",
                source=f"estimate from ICPE {row.driver}: {row.source}",
                source_year=int(row.year),
                notes=(
                    f"estimated {row.low_per_yr:,.0f} to {row.high_per_yr:,.0f} "
                    f"{row.canonical_unit} ({row.ratio_low:g} to {row.ratio_high:g} "
                    f"{row.ratio_unit} x {row.driver_value:g} {row.driver_unit} x "
                    f"{row.operating_days_per_yr} days/yr, assumed); the middle is shown"
                ),
            )
        )
    estimates = kept.assign(flow_id=ids)
    return replace(
        draft,
        zone=zone.model_copy(update={"flows": zone.flows + tuple(flows)}),
        estimates=estimates[["flow_id", *ESTIMATE_COLUMNS]],
    )


def backtest_ratios(irep: IrepArchive, icpe: IcpeExport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Ratios against IREP declarations: predicted from ICPE capacities, declared to IREP.

    For each IREP establishment with an ICPE capacity that a ratio uses (joined by code
    AIOT), the predicted range and middle beside what it declared: for a water demand the
    sum of its withdrawals of every origin, for a supply the sum of its declared lines of that
    resource (discharges for ``water.waste``, waste lines whose LoW code is the resource's).

    Returns
    -------
    lines : pandas.DataFrame
        ``aiot``, ``nace``, ``resource``, ``direction``, ``low_per_yr``, ``high_per_yr``,
        ``predicted_per_yr`` (middle), ``declared_per_yr``, ``canonical_unit``,
        ``error`` ((predicted − declared) / declared), ``within_range``,
        ``partly_below_threshold`` (some lines of it were ``< seuil``).
    by_activity : pandas.DataFrame
        Per ``nace`` and ``resource``: ``establishments``, ``mean_absolute_error`` (mean of
        |error|) and ``share_within_range``.
    """
    establishments = irep.establishments
    nace_of = dict(zip(establishments["aiot"], establishments["nace"], strict=True))
    capacities = icpe.headings.assign(company_id=icpe.headings["aiot"])
    predicted = predict_from_capacities(capacities, nace_of)
    water, waste = irep.water, irep.waste
    rows = []
    for line in predicted.itertuples(index=False):
        resource = get_resource(line.resource)
        if line.resource.startswith("water.") and line.direction == "demand":
            declared = water[(water["aiot"] == line.company_id) & (water["direction"] == "demand")]
            quantities = declared["quantity_m3_per_yr"]
        elif line.resource == "water.waste":
            declared = water[(water["aiot"] == line.company_id) & (water["direction"] == "supply")]
            quantities = declared["quantity_m3_per_yr"]
        else:
            declared = waste[
                (waste["aiot"] == line.company_id) & waste["ewc_code"].isin(resource.ewc_codes)
            ]
            quantities = declared["quantity_t_per_yr"]
        if quantities.notna().sum() == 0:
            continue
        total = float(quantities.sum())
        rows.append(
            {
                "aiot": line.company_id,
                "nace": line.nace,
                "resource": line.resource,
                "direction": line.direction,
                "low_per_yr": line.low_per_yr,
                "high_per_yr": line.high_per_yr,
                "predicted_per_yr": line.quantity_per_yr,
                "declared_per_yr": total,
                "canonical_unit": line.canonical_unit,
                "error": (line.quantity_per_yr - total) / total if total else float("nan"),
                "within_range": line.low_per_yr <= total <= line.high_per_yr,
                "partly_below_threshold": bool(declared["below_threshold"].any()),
            }
        )
    columns = [
        "aiot", "nace", "resource", "direction", "low_per_yr", "high_per_yr",
        "predicted_per_yr", "declared_per_yr", "canonical_unit", "error", "within_range",
        "partly_below_threshold",
    ]  # fmt: skip
    lines = pd.DataFrame(rows, columns=columns).sort_values(
        ["nace", "resource", "aiot"], ignore_index=True
    )
    by_activity = (
        lines.assign(absolute_error=lines["error"].abs())
        .groupby(["nace", "resource"], as_index=False)
        .agg(
            establishments=("aiot", "count"),
            mean_absolute_error=("absolute_error", "mean"),
            share_within_range=("within_range", "mean"),
        )
    )
    return lines, by_activity
