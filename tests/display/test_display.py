"""The one number formatter."""

from __future__ import annotations

from symbiosis.display import format_value
from symbiosis.matching.checks import format_number


def test_report_and_explanations_differ_only_where_named():
    # The report writes missing values as a dash and tiny numbers in scientific notation;
    # the explanations say "unknown" and write decimals. Everything else is the same.
    for value in (1234567.8, 99.96, 35.0, 12.345, 0.0315, -250.4, 0.0):
        assert format_number(value) == format_value(value)
    assert (format_value(float("nan")), format_number(float("nan"))) == ("–", "unknown")
    assert (format_value(0.0000512), format_number(0.0000512)) == ("5.12e-05", "0.000051")
    assert format_value(-12806.6) == "-12,807"
