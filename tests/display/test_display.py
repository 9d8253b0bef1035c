"""The one number formatter and the notebook views of Zone, MatchResult and Plan."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from symbiosis import load_example, match, optimize
from symbiosis.display import format_value, notebook_html
from symbiosis.matching.checks import format_number

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture(scope="module")
def toy():
    zone = load_example("toy")
    result = match(zone)
    return zone, result, optimize(zone, result)


def test_report_and_explanations_differ_only_where_named():
    # The report writes missing values as a dash and tiny numbers in scientific notation;
    # the explanations say "unknown" and write decimals. Everything else is the same.
    for value in (1234567.8, 99.96, 35.0, 12.345, 0.0315, -250.4, 0.0):
        assert format_number(value) == format_value(value)
    assert (format_value(float("nan")), format_number(float("nan"))) == ("–", "unknown")
    assert (format_value(0.0000512), format_number(0.0000512)) == ("5.12e-05", "0.000051")
    assert format_value(-12806.6) == "-12,807"


def test_notebook_view_escapes_title_lines_headings_and_cells():
    rows = pd.DataFrame({"name": [HOSTILE]})
    view = notebook_html(HOSTILE, HOSTILE, [HOSTILE], [(HOSTILE, rows, {"name": HOSTILE})])
    assert "<script>" not in view
    assert view.count(ESCAPED) == 6  # class, title, line, heading, header, cell


def test_zone_view_on_the_toy(toy):
    zone, _, _ = toy
    view = zone._repr_html_()
    assert view.startswith(
        '<div class="symbiosis-zone"><h3>Zone toy</h3><p>toy: 4 companies, 9 flows '
        "(water 4, heat 2, material 3), 2 outside parties</p>"
    )
    for heading in ("Quantities per family", "Companies", "Flows", "Outside parties"):
        assert f"<h4>{heading}</h4>" in view


def test_match_result_view_on_the_toy(toy):
    _, result, _ = toy
    view = result._repr_html_()
    assert view.startswith(
        '<div class="symbiosis-match-result"><h3>Match result for toy</h3><p>toy: 5 feasible '
        "opportunities (cascade 1, exchange 1, heat_recovery 1, substitution 2), 1 of them "
        "profitable, 1 pools</p><h4>Best opportunities (feasible, profitable)</h4>"
    )
    # The best opportunity: T1's 400 t/yr of fish by-products to T4: €80,000 gross less 16 truck
    # trips of 25 t over 2 × 0.485 km × 1.3 (16 × (50 + 1.6 × 1.261)) = €832.28, €79,167.72 net.
    assert (
        "<tbody><tr><td>EX-F03-F09</td><td>exchange</td><td>T1</td><td>T4</td>"
        '<td>material.fish_byproducts</td><td class="num">400</td><td>t/yr</td>'
        '<td class="num">79,168</td>'
    ) in view
    assert "<h4>Pools</h4>" in view and "<td>PO-water.sea-01</td>" in view
    hostile = dataclasses.replace(result, zone_name=HOSTILE)._repr_html_()
    assert HOSTILE not in hostile and f"<h3>Match result for {ESCAPED}</h3>" in hostile


def test_match_result_view_shows_ten_opportunities_and_says_how_many_more():
    # A generated region of 60 companies: many more than ten opportunities pay (the Capécure
    # sample now has only a few single exchanges that pay; its savings are in its pools).
    from symbiosis.synthetic.region import generate_region

    result = match(generate_region(60, seed=1))
    view = result._repr_html_()
    best = result.best()
    shown = best["opportunity_id"].head(10)
    assert all(f"<td>{opportunity_id}</td>" in view for opportunity_id in shown)
    # One row per need (issue 12): 22 needs are served at a profit in this region.
    hidden = len(best) - 10
    assert hidden > 0
    assert f'<p class="note">{hidden:,} more rows are not shown.</p>' in view


def test_plan_view_on_the_toy(toy):
    _, _, plan = toy
    view = plan._repr_html_()
    assert view.startswith('<div class="symbiosis-plan"><h3>Plan for toy</h3><p>plan for toy: ')
    assert "<p>1 of 6 candidates chosen</p><h4>Indicators</h4>" in view
    assert '<tr><td>waste_diverted_t_per_yr</td><td class="num">400</td><td>t/yr</td></tr>' in view
    assert "<h4>Chosen exchanges and pools</h4>" in view
    assert "<td>EX-F03-F09</td><td>exchange</td><td>T1</td><td>T4</td>" in view
    hostile = dataclasses.replace(plan, message=HOSTILE)._repr_html_()
    assert HOSTILE not in hostile and f"<p>{ESCAPED}</p>" in hostile
