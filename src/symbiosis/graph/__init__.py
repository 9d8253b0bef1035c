"""The exchange graph of a zone: building it, measuring it, and writing it for other tools.

:func:`exchange_graph` turns a zone and a match result or a plan into a
``networkx.MultiDiGraph``; :func:`graph_measures` says which companies hold the network
together; the ``write_*`` functions export it (GraphML, GEXF, node-link JSON, GeoJSON) and
:func:`write_workbook` writes the tables to Excel. ``share=True`` gives the version that can leave
the consultant's office: codes for company names and nothing confidential.
"""

from symbiosis.graph.build import exchange_graph, graph_measures, opportunity_tables
from symbiosis.graph.exports import (
    GRAPH_FORMATS,
    geojson,
    write_geojson,
    write_gexf,
    write_graph,
    write_graphml,
    write_node_link_json,
    write_workbook,
)
from symbiosis.graph.share import ShareMap

__all__ = [
    "GRAPH_FORMATS",
    "ShareMap",
    "exchange_graph",
    "geojson",
    "graph_measures",
    "opportunity_tables",
    "write_geojson",
    "write_gexf",
    "write_graph",
    "write_graphml",
    "write_node_link_json",
    "write_workbook",
]
