"""Reports: the self-contained HTML report of a zone and the HTML Jupyter shows.

:func:`report` writes one HTML file that opens offline (headline figures, map, flow diagrams,
network, opportunities with their explanations, assumptions and sources, what was left out);
:func:`zone_html` is the table view of a zone in a notebook.
"""

from symbiosis.display import format_value
from symbiosis.plan_indicators import INDICATOR_LABELS
from symbiosis.reporting.document import report, report_html
from symbiosis.reporting.notebook import zone_html

__all__ = ["INDICATOR_LABELS", "format_value", "report", "report_html", "zone_html"]
