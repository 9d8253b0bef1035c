"""symbiosis.plotting: each function draws on the axes given and returns them."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from symbiosis.errors import MissingDependencyError
from symbiosis.graph import exchange_graph
from symbiosis.plotting import (
    plot_composite_curves,
    plot_grand_composite_curve,
    plot_network,
    plot_sankey,
    plot_sites,
)
from symbiosis.targeting import heat_target


@pytest.fixture
def axes():
    figure, ax = plt.subplots()
    yield ax
    plt.close(figure)


@pytest.fixture(scope="module")
def kemp():
    """Kemp (2007) four-stream example, ΔTmin 10 K: 20 kW hot, 60 kW cold utility."""
    streams = pd.DataFrame(
        {
            "id": ["C1", "H1", "C2", "H2"],
            "supply_temperature_c": [20.0, 170.0, 80.0, 150.0],
            "target_temperature_c": [135.0, 60.0, 140.0, 30.0],
            "cp_kw_per_k": [2.0, 3.0, 4.0, 1.5],
        }
    )
    return heat_target(streams, dt_min_k=10.0)


def test_plot_sites_draws_sites_and_exchanges(toy, axes):
    zone, result, _ = toy
    assert plot_sites(zone, result, ax=axes) is axes
    assert len(axes.collections) == 3  # companies, outside parties and the seawater pool
    arrows = [text for text in axes.texts if getattr(text, "arrow_patch", None) is not None]
    assert len(arrows) == 7  # one per feasible candidate (5) and per pool member (2)


def test_plot_sankey_one_band_per_exchange(toy, axes):
    zone, _, plan = toy
    assert plot_sankey(zone, plan, ax=axes) is axes
    # one band and two boxes for the plan's single exchange
    assert len(axes.patches) == 3


def test_plot_network_draws_linked_nodes(toy, axes):
    zone, result, _ = toy
    assert plot_network(exchange_graph(zone, result), ax=axes) is axes
    # T1..T4, the sea and the seawater pool (the water network supplies nothing here)
    assert sum(len(c.get_offsets()) for c in axes.collections) == 6


def test_composite_curves_end_at_the_utilities(kemp, axes):
    assert plot_composite_curves(kemp, ax=axes) is axes
    hot, cold = (line for line in axes.lines if "composite" in line.get_label())
    # the cold curve starts at the cold utility (60 kW); it ends 20 kW beyond the hot curve
    assert min(cold.get_xdata()) == pytest.approx(60.0)
    assert max(cold.get_xdata()) - max(hot.get_xdata()) == pytest.approx(20.0)


def test_grand_composite_curve_touches_zero_at_the_pinch(kemp, axes):
    assert plot_grand_composite_curve(kemp, ax=axes) is axes
    line = axes.lines[0]
    assert min(line.get_xdata()) == 0.0
    assert list(line.get_ydata())[list(line.get_xdata()).index(0.0)] == 85.0  # shifted pinch


def test_new_axes_when_none_given(kemp):
    ax = plot_grand_composite_curve(kemp)
    assert ax is not None
    plt.close(ax.figure)


def test_missing_matplotlib_names_the_extra(kemp, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(MissingDependencyError, match=r"symbiosis\[plot\]"):
        plot_grand_composite_curve(kemp)


def test_import_symbiosis_does_not_import_matplotlib():
    code = (
        "import sys, symbiosis, symbiosis.graph, symbiosis.reporting, symbiosis.plotting; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
