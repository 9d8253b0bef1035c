"""The report's closing sections: the assumptions with their sources, and what was left out.

A director asks two questions of any figure: *where does this number come from?* and *why not
that other idea?*. :func:`assumptions_html` lists every parameter with its unit and source, the
default prices and emission factors of the resources involved, what the regulation allows for
each water use, the substitution rules applied and the matching settings; :func:`excluded_html`
counts the rejected candidates by failed check and says why each was rejected.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from symbiosis.catalogue import get_resource, get_rule, get_use
from symbiosis.display import html_table
from symbiosis.errors import InputError
from symbiosis.schemas import Zone

__all__ = ["assumptions_html", "excluded_html", "feasible_rows"]

_ROW_LIMIT = 200  # longer tables go to the workbook


def feasible_rows(exchanges: pd.DataFrame) -> pd.Series:
    if "feasible" not in exchanges.columns:
        return pd.Series(True, index=exchanges.index)
    return exchanges["feasible"].fillna(False).astype(bool)


def assumptions_html(zone: Zone, result: Any) -> str:
    parameters = pd.DataFrame(
        [
            {
                "name": name,
                "value": parameter.value,
                "unit": parameter.unit,
                "source": parameter.source + (f" ({parameter.note})" if parameter.note else ""),
                "set_by": "zone" if name in zone.parameters else "package default",
            }
            for name, parameter in zone.effective_parameters().items()
        ]
    )
    parts = [
        "<h3>Parameters</h3>",
        html_table(
            parameters,
            {
                "name": "Parameter",
                "value": "Value",
                "unit": "Unit",
                "source": "Source",
                "set_by": "Set by",
            },
        ),
    ]
    resources = sorted({flow.resource for flow in zone.flows})
    if resources:
        prices = pd.DataFrame(
            [
                {
                    "resource": entry.id,
                    "label": entry.label_en,
                    "price": entry.price_eur_per_unit,
                    "unit": f"EUR per {entry.canonical_unit.split('/')[0]}",
                    "price_source": entry.price_source,
                    "factor": entry.emission_factor_kgco2e_per_unit,
                    "factor_source": entry.emission_factor_source,
                }
                for entry in map(get_resource, resources)
            ]
        )
        parts += [
            "<h3>Default prices and emission factors of the resources</h3>",
            '<p class="note">Used where a flow does not state what the company pays.</p>',
            html_table(
                prices,
                {
                    "resource": "Resource",
                    "label": "Label",
                    "price": "Price",
                    "unit": "Unit",
                    "price_source": "Source",
                    "factor": "kgCO2e per unit",
                    "factor_source": "Source",
                },
            ),
        ]
    uses = sorted({flow.use for flow in zone.flows if flow.use})
    if uses:
        rules = pd.DataFrame([get_use(use).model_dump() for use in uses])
        parts += [
            "<h3>Water uses and what the regulation allows</h3>",
            html_table(
                rules,
                {
                    "id": "Use",
                    "label_en": "Label",
                    "food_contact": "Food contact",
                    "clean_seawater_allowed": "Clean seawater allowed",
                    "source": "Source",
                },
            ),
        ]
    rule_ids = sorted(set(result.exchanges.get("rule_id", pd.Series(dtype=str)).dropna()))
    rules = []
    for rule_id in rule_ids:
        try:
            rule = get_rule(str(rule_id))
        except InputError:
            continue
        rules.append(
            {
                "id": rule.id,
                "kind": rule.kind,
                "description": rule.description_en,
                "source": rule.source,
            }
        )
    if rules:
        parts += [
            "<h3>Substitution rules applied</h3>",
            html_table(
                pd.DataFrame(rules),
                {"id": "Rule", "kind": "Kind", "description": "What it allows", "source": "Source"},
            ),
        ]
    config = getattr(result, "config", None)
    if config is not None and hasattr(config, "model_dump"):
        settings = pd.DataFrame(
            [{"setting": k, "value": str(v)} for k, v in _flatten(config.model_dump()).items()]
        )
        parts += [
            "<h3>Matching settings</h3>",
            html_table(settings, {"setting": "Setting", "value": "Value"}),
        ]
    return "".join(parts)


def _flatten(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def excluded_html(exchanges: pd.DataFrame, selected: pd.DataFrame | None) -> str:
    feasible = feasible_rows(exchanges)
    rejected = exchanges.loc[~feasible]
    parts = []
    if rejected.empty:
        parts.append(
            '<p class="note">The match kept no rejected candidate. Run the match with '
            "<code>keep_infeasible</code> to see which pairs were rejected and why.</p>"
        )
    else:
        checks = [column for column in exchanges.columns if column.startswith("check_")]
        counts = pd.DataFrame(
            [
                {
                    "check": column.removeprefix("check_").replace("_", " "),
                    "failed": int(rejected[column].eq(False).sum()),
                }
                for column in checks
            ],
            columns=["check", "failed"],
        )
        counts = counts.loc[counts["failed"] > 0].sort_values(
            ["failed", "check"], ascending=[False, True]
        )
        parts += [
            f"<p>{len(rejected):,} candidate pairs were rejected by a quality, regulation or "
            "distance check. Failed checks (a candidate can fail several):</p>",
            html_table(counts, {"check": "Check", "failed": "Candidates failing it"}),
            "<h3>Rejected candidates</h3>",
            html_table(
                rejected,
                {
                    "opportunity_id": "Candidate",
                    "supplier_name": "From",
                    "receiver_name": "To",
                    "resource_text": "Resource",
                    "infeasible_reason": "Why not",
                },
                limit=_ROW_LIMIT,
            ),
        ]
    if selected is not None:
        chosen = set(selected["opportunity_id"])
        passed = exchanges.loc[feasible & ~exchanges["opportunity_id"].isin(chosen)]
        if "net_saving_eur_per_yr" in passed.columns:
            losing = int((passed["net_saving_eur_per_yr"] <= 0).sum())
        else:
            losing = 0
        parts.append(
            f"<p>{len(passed):,} feasible opportunities are not in the plan: {losing:,} cost "
            f"more than they save, and {len(passed) - losing:,} lost to a better use of the "
            "same supply or demand (or to the objective chosen).</p>"
        )
    return "".join(parts)
