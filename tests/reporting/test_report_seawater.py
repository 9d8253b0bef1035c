"""The report's seawater heat-pump network section (reporting/seawater.py)."""

from __future__ import annotations

from symbiosis import Company, Flow, Zone, load_example, seawater_heat_pump_network
from symbiosis.display import escape, format_value
from symbiosis.reporting import report
from symbiosis.reporting.seawater import seawater_network_html


def test_the_sample_section_compares_with_the_study() -> None:
    zone = load_example("capecure")
    text = seawater_network_html(zone)
    totals = seawater_heat_pump_network(zone).totals
    # The study (zone.yaml, radio6.fr): 25,000,000 EUR / 20 companies = 1,250,000 EUR each.
    assert "about 25,000,000 EUR for some 20 companies (1,250,000 EUR a company;" in text
    per_member = totals["investment_eur"] / totals["members"]
    assert (
        f"Here: {format_value(totals['investment_eur'])} EUR for "
        f"{format_value(totals['members'])} companies ({format_value(per_member)} EUR a company)"
    ) in text
    assert escape(seawater_heat_pump_network(zone).explain()) in text
    # Steam demands are listed as left out, with their reason.
    assert "steam: left to boilers" in text


def test_no_comparison_without_a_study_and_no_section_without_members() -> None:
    toy = load_example("toy")
    assert "For comparison" not in seawater_network_html(toy)
    water_only = Zone(
        name="water",
        companies=(Company(id="A", name="A", sector_nace="10.20", latitude=50.7, longitude=1.6),),
        flows=(
            Flow(id="W", company_id="A", direction="demand", resource="water.potable",
                 quantity=100, unit="m3/yr"),
        ),
    )  # fmt: skip
    assert seawater_network_html(water_only) == ""


def test_the_report_has_the_section(toy, tmp_path) -> None:
    zone, result, plan = toy
    text = report(zone, result, plan, tmp_path / "report.html").read_text(encoding="utf-8")
    assert '<section id="seawater">' in text
    assert escape(seawater_heat_pump_network(zone).explain()) in text
