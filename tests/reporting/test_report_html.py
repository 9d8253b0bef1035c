"""The HTML report: figures, escaping, offline, share mode, atomic writing."""

from __future__ import annotations

import importlib.metadata
import os
import re

import pytest

from symbiosis.display import escape
from symbiosis.reporting import INDICATOR_LABELS, format_value, report, zone_html

HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_report_shows_every_indicator_value(toy, tmp_path):
    zone, result, plan = toy
    text = report(zone, result, plan, tmp_path / "report.html").read_text(encoding="utf-8")
    assert len(plan.indicators) == 9
    for name, value in plan.indicators.items():
        card = (
            f'<div class="value">{format_value(value)}</div>'
            f'<div class="unit">{escape(_unit(name))}</div>'
            f'<div class="label">{escape(INDICATOR_LABELS[name])}</div>'
        )
        assert card in text, name


def test_report_footer_quotes_the_installed_version(toy, tmp_path):
    zone, result, plan = toy
    text = report(zone, result, plan, tmp_path / "report.html").read_text(encoding="utf-8")
    # pyproject.toml reads the version from symbiosis/_version.py: one place, the same everywhere.
    version = importlib.metadata.version("industrial-symbiosis")  # the distribution name
    assert f"<footer>Written by symbiosis {version}. Figures are estimates" in text


def _unit(name: str) -> str:
    from symbiosis.plan_indicators import INDICATOR_UNITS

    return INDICATOR_UNITS[name]


def test_format_value_by_hand():
    assert format_value(27979.826318) == "27,980"
    assert format_value(11.580078) == "11.6"
    assert format_value(0.0) == "0"
    assert format_value(2.0) == "2"
    assert format_value(float("inf")) == "∞"


def test_report_has_every_section_and_explanations(toy, tmp_path):
    zone, result, plan = toy
    text = report(zone, result, plan, tmp_path / "report.html").read_text(encoding="utf-8")
    for anchor in ("summary", "map", "flows", "network", "plan", "opportunities", "pools",
                   "assumptions", "excluded"):  # fmt: skip
        assert f'<section id="{anchor}">' in text
    assert text.count("<svg") >= 3  # map, at least one flow diagram, network
    chosen = plan.selected["opportunity_id"].iloc[0]
    assert escape(result.explain(chosen)) in text
    # assumptions: the zone's own pipe cost and its source, a default with its source
    assert "assumed for the toy zone" in text
    assert "SDES, Le gaz naturel" in text
    # left out: the rejected seawater candidate for fillet rinsing, with its reason
    assert "SU-SEA-F02" in text and "the demand requires potable water" in text


def test_report_opens_offline(toy, tmp_path):
    zone, result, plan = toy
    text = report(zone, result, plan, tmp_path / "report.html").read_text(encoding="utf-8")
    for fetching in ("<script", "<link", "<img", "<iframe", "src=", "@import", "@font-face"):
        assert fetching not in text.lower()
    assert re.findall(r"url\((?!#)", text) == []  # only references to markers in the page
    namespaces = set(re.findall(r'xmlns="([^"]+)"', text))
    assert namespaces == {"http://www.w3.org/2000/svg"}


def test_hostile_names_are_shown_as_text(hostile, tmp_path):
    zone, result, plan = hostile
    text = report(zone, result, plan, tmp_path / "report.html", title=f"Zone {HOSTILE}").read_text(
        encoding="utf-8"
    )
    assert HOSTILE not in text
    assert "<script" not in text
    assert "<b onmouseover" not in text
    assert ESCAPED in text
    assert f"<title>Zone {ESCAPED}</title>" in text


def test_zone_html_escapes(hostile):
    zone, _, _ = hostile
    text = zone_html(zone)
    assert HOSTILE not in text and ESCAPED in text
    assert "Marée Alpha" not in text and "Filets Beta" in text


def test_shared_report_names_no_company_and_drops_confidential_flows(toy, tmp_path):
    zone, result, plan = toy
    flows = tuple(
        flow.model_copy(update={"confidential": True}) if flow.id == "F03" else flow
        for flow in zone.flows
    )
    secret_zone = zone.model_copy(update={"flows": flows})
    path = report(secret_zone, result, plan, tmp_path / "shared.html", share=True)
    text = path.read_text(encoding="utf-8")
    for company in zone.companies:
        assert company.name not in text
        assert not re.search(rf"\b{company.id}\b", text)
    assert "F03" not in text and "EX-F03-F09" not in text
    assert "Shareable version" in text
    # the only exchange of the plan used F03: the shared figures say nothing was diverted
    assert '<div class="value">0</div><div class="unit">t/yr</div>' in text


def test_report_without_rejected_candidates_says_how_to_see_them(toy, tmp_path):
    from symbiosis.matching import match

    zone, _, plan = toy
    text = report(zone, match(zone), plan, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "keep_infeasible" in text


def test_failure_while_writing_leaves_the_old_report(toy, tmp_path, monkeypatch):
    zone, result, plan = toy
    path = tmp_path / "report.html"
    path.write_text("old report")

    def disk_full(descriptor: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", disk_full)  # after the temporary file got its bytes
    with pytest.raises(OSError, match="disk full"):
        report(zone, result, plan, path)
    assert path.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_failure_while_building_leaves_the_old_report(toy, tmp_path, monkeypatch):
    zone, result, plan = toy
    path = tmp_path / "report.html"
    path.write_text("old report")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("half way")

    monkeypatch.setattr("symbiosis.reporting.document.network_svg", broken)
    with pytest.raises(RuntimeError, match="half way"):
        report(zone, result, plan, path)
    assert path.read_text() == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_report_tags_are_balanced(toy, tmp_path):
    from html.parser import HTMLParser

    zone, result, plan = toy
    text = report(zone, result, plan, tmp_path / "report.html").read_text(encoding="utf-8")
    void = {"meta", "br", "hr", "img", "input", "link", "path", "rect", "circle", "line",
            "polygon"}  # fmt: skip

    class Balance(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag not in void:
                self.open.append(tag)

        def handle_startendtag(self, tag: str, attrs: object) -> None:
            pass

        def handle_endtag(self, tag: str) -> None:
            if tag in void:
                return
            assert self.open and self.open[-1] == tag, (self.open[-3:], tag)
            self.open.pop()

    parser = Balance()
    parser.feed(text)
    assert parser.open == []


def test_a_plan_row_says_what_the_plan_chose_before_the_candidate() -> None:
    from symbiosis import load_example, match, optimize
    from symbiosis.reporting import report_html

    zone = load_example("capecure")
    result = match(zone)
    # The CO2e plan takes part of some candidates (the net-benefit plan takes each whole).
    plan = optimize(zone, result, objective="co2e")
    html = report_html(zone, result, plan)
    # The plan's warnings head the report (the seawater main's salt reaches the town plant).
    assert '<p class="warning">Warning: Salt to the sewer: the plan brings' in html
    partial = plan.selected[
        plan.selected["quantity_per_yr"] < 0.99 * plan.selected["candidate_quantity_per_yr"]
    ]
    assert len(partial) > 0
    row = partial.iloc[0]
    # The row's own figures, not the candidate's, open its explanation.
    from symbiosis.display import format_value

    net = float(row["net_benefit_eur_per_yr"])
    # A loss is written −€x.
    money = f"€{format_value(net)}" if net >= 0 else f"−€{format_value(-net)}"
    expected = (
        f"The plan takes {format_value(row['quantity_per_yr'])} {row['unit']} of the "
        f"{format_value(row['candidate_quantity_per_yr'])} {row['unit']} below, for a net "
        f"benefit of {money}/yr"
    )
    assert escape(expected) in html


def test_report_shows_the_front_and_what_each_further_tonne_costs(toy, tmp_path):
    from symbiosis.optimization import net_benefit_co2e_front

    zone, result, plan = toy
    front = net_benefit_co2e_front(zone, result, n_points=3)
    text = report(zone, result, plan, tmp_path / "r.html", front=front).read_text("utf-8")
    assert 'id="front"' in text and "Net benefit against CO2e avoided" in text
    # Between the first two points: the net benefit given up over the CO2e gained.
    first, second = front.iloc[0], front.iloc[1]
    gained = second["co2e_avoided_t_per_yr"] - first["co2e_avoided_t_per_yr"]
    assert gained > 0
    cost = (first["net_benefit_eur_per_yr"] - second["net_benefit_eur_per_yr"]) / gained
    assert f'<td class="num">{format_value(cost)}</td>' in text
    # Without a front, no such section.
    text = report(zone, result, plan, tmp_path / "s.html").read_text("utf-8")
    assert "Net benefit against CO2e avoided" not in text
