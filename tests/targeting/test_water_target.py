"""Water targeting against published examples and hand computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from symbiosis.errors import InputError
from symbiosis.targeting import WaterTarget, water_target, water_target_operations


def _sinks(ids: list[str], flows: list[float], limits: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"id": ids, "flow_t_per_h": flows, "max_concentration_ppm": limits})


def _sources(ids: list[str], flows: list[float], concentrations: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"id": ids, "flow_t_per_h": flows, "concentration_ppm": concentrations})


@pytest.fixture
def polley_sinks() -> pd.DataFrame:
    """Polley & Polley (2000), Chem. Eng. Prog. 96(2):47; Foo (2009) IECR 48:5125, example 1."""
    return _sinks(["SK1", "SK2", "SK3", "SK4"], [50.0, 100.0, 80.0, 70.0], [20, 50, 100, 200])


@pytest.fixture
def polley_sources() -> pd.DataFrame:
    return _sources(["SR1", "SR2", "SR3", "SR4"], [50.0, 100.0, 70.0, 60.0], [50, 100, 150, 250])


@pytest.fixture
def wang_smith_operations() -> pd.DataFrame:
    """Wang & Smith (1994), Chem. Eng. Sci. 49:981, example 1."""
    return pd.DataFrame(
        {
            "id": ["op1", "op2", "op3", "op4"],
            "mass_load_kg_per_h": [2.0, 5.0, 30.0, 4.0],
            "c_in_max_ppm": [0.0, 50.0, 50.0, 400.0],
            "c_out_max_ppm": [100.0, 100.0, 800.0, 800.0],
        }
    )


def assert_fixed_flow_allocation_is_feasible(
    target: WaterTarget, sinks: pd.DataFrame, sources: pd.DataFrame, c_fresh: float = 0.0
) -> None:
    """Check the allocation from the tables alone, without the code under test."""
    allocation = target.allocation
    assert (allocation["flow_t_per_h"] >= 0).all()
    concentration = dict(zip(sources["id"], sources["concentration_ppm"], strict=True))
    concentration["freshwater"] = c_fresh
    load = allocation["flow_t_per_h"] * allocation["source_id"].map(concentration)
    received = allocation.groupby("sink_id")["flow_t_per_h"].sum()
    received_load = load.groupby(allocation["sink_id"]).sum()
    for sink_id, flow, limit in sinks.itertuples(index=False):
        assert received.get(sink_id, 0.0) == pytest.approx(flow, abs=1e-6)
        assert received_load.get(sink_id, 0.0) <= flow * limit + 1e-6
    sent = allocation.groupby("source_id")["flow_t_per_h"].sum()
    for source_id, flow, _ in sources.itertuples(index=False):
        assert sent.get(source_id, 0.0) == pytest.approx(flow, abs=1e-6)
    assert sent.get("freshwater", 0.0) == pytest.approx(target.freshwater_t_per_h, abs=1e-6)
    assert received.get("wastewater", 0.0) == pytest.approx(target.wastewater_t_per_h, abs=1e-6)


def test_polley_example_reaches_published_targets(
    polley_sinks: pd.DataFrame, polley_sources: pd.DataFrame
) -> None:
    # Published: 70 t/h freshwater, 50 t/h wastewater, pinch 150 ppm. By hand, the load the
    # water below each level lacks, Σsources f(C−c) − Σsinks f(C−c) [t/h·ppm]:
    #   C=50: −50·30 = −1500 → 1500/50 = 30 t/h
    #   C=100: 50·50 − (50·80 + 100·50) = −6500 → 65 t/h
    #   C=150: 50·100 + 100·50 − (50·130 + 100·100 + 80·50) = −10500 → 70 t/h (largest)
    #   C=200: 21000 − 32000 = −11000 → 55 t/h;  C=250: 32000 − 47000 = −15000 → 60 t/h
    # Wastewater = 70 + 280 − 300 = 50 t/h.
    target = water_target(polley_sinks, polley_sources)
    assert target.freshwater_t_per_h == pytest.approx(70.0)
    assert target.wastewater_t_per_h == pytest.approx(50.0)
    assert target.pinch_concentrations_ppm == [150.0]
    assert target.freshwater_without_reuse_t_per_h == pytest.approx(300.0)
    assert target.freshwater_saved_t_per_h == pytest.approx(230.0)


def test_polley_cascade_table_matches_hand_computation(
    polley_sinks: pd.DataFrame, polley_sources: pd.DataFrame
) -> None:
    cascade = water_target(polley_sinks, polley_sources).cascade
    assert cascade["concentration_ppm"].tolist() == [0, 20, 50, 100, 150, 200, 250]
    np.testing.assert_allclose(
        cascade["cumulative_load_without_freshwater_kg_per_h"],
        [0, 0, -1.5, -6.5, -10.5, -11.0, -15.0],
    )
    np.testing.assert_allclose(
        cascade["freshwater_required_t_per_h"], [np.nan, 0, 30, 65, 70, 55, 60]
    )
    # With 70 t/h: load 70·C − deficit, zero at the pinch; last cumulative flow is wastewater.
    np.testing.assert_allclose(
        cascade["cumulative_load_kg_per_h"], [0, 1.4, 2.0, 0.5, 0.0, 3.0, 2.5], atol=1e-9
    )
    assert cascade["cumulative_flow_t_per_h"].iloc[-1] == pytest.approx(50.0)


def test_polley_allocation_is_feasible_and_reaches_target(
    polley_sinks: pd.DataFrame, polley_sources: pd.DataFrame
) -> None:
    target = water_target(polley_sinks, polley_sources)
    assert_fixed_flow_allocation_is_feasible(target, polley_sinks, polley_sources)
    assert list(target.allocation.columns) == [
        "source_id",
        "sink_id",
        "flow_t_per_h",
        "concentration_ppm",
    ]
    assert target.allocation["source_id"].iloc[0] == "freshwater"


def test_freshwater_with_contaminant_moves_the_target(
    polley_sinks: pd.DataFrame, polley_sources: pd.DataFrame
) -> None:
    # Freshwater at 10 ppm absorbs (C − 10) per t/h: 1500/40 = 37.5, 6500/90 = 72.2,
    # 10500/140 = 75 (largest), 11000/190 = 57.9, 15000/240 = 62.5 t/h.
    target = water_target(polley_sinks, polley_sources, fresh_concentration_ppm=10.0)
    assert target.freshwater_t_per_h == pytest.approx(75.0)
    assert target.wastewater_t_per_h == pytest.approx(55.0)
    assert target.pinch_concentrations_ppm == [150.0]
    assert_fixed_flow_allocation_is_feasible(target, polley_sinks, polley_sources, 10.0)


def test_zero_freshwater_threshold_has_no_pinch() -> None:
    # 80 t/h at 20 ppm covers a 50 t/h sink tolerating 100 ppm; 30 t/h left over.
    sinks, sources = _sinks(["SK1"], [50.0], [100.0]), _sources(["SR1"], [80.0], [20.0])
    target = water_target(sinks, sources)
    assert target.freshwater_t_per_h == 0.0
    assert target.wastewater_t_per_h == pytest.approx(30.0)
    assert target.pinch_concentrations_ppm == []
    assert_fixed_flow_allocation_is_feasible(target, sinks, sources)


def test_zero_wastewater_threshold_has_no_pinch() -> None:
    # Sinks want 100 t/h, the source gives 40 t/h at 20 ppm: the flow balance needs 60 t/h of
    # freshwater while the load would need none (40·(100 − 20) > 0), so nothing is wasted.
    sinks = _sinks(["SK1", "SK2"], [50.0, 50.0], [100.0, 100.0])
    sources = _sources(["SR1"], [40.0], [20.0])
    target = water_target(sinks, sources)
    assert target.freshwater_t_per_h == pytest.approx(60.0)
    assert target.wastewater_t_per_h == pytest.approx(0.0, abs=1e-9)
    assert target.pinch_concentrations_ppm == []
    assert_fixed_flow_allocation_is_feasible(target, sinks, sources)


def test_without_sources_every_sink_takes_freshwater() -> None:
    sinks = _sinks(["SK1", "SK2"], [10.0, 5.0], [0.0, 30.0])
    target = water_target(sinks, _sources([], [], []))
    assert target.freshwater_t_per_h == pytest.approx(15.0)
    assert target.wastewater_t_per_h == 0.0


def test_wang_smith_example_1_reaches_published_targets(
    wang_smith_operations: pd.DataFrame,
) -> None:
    # Published: 112.5 t/h without reuse, 90 t/h with reuse, pinch 100 ppm.
    # Without reuse: 1000·(2/100 + 5/100 + 30/800 + 4/800) = 20 + 50 + 37.5 + 5 = 112.5 t/h.
    # Load picked up below C on the limiting composite (limiting flows 20, 100, 40, 10 t/h):
    #   C=50: 20·50/1000 = 1 kg/h → 20 t/h;  C=100: 2 + 5 + 40·50/1000 = 9 kg/h → 90 t/h
    #   C=400: 7 + 40·350/1000 = 21 kg/h → 52.5 t/h;  C=800: 41 kg/h → 51.25 t/h
    target = water_target_operations(wang_smith_operations)
    assert target.freshwater_without_reuse_t_per_h == pytest.approx(112.5)
    assert target.freshwater_t_per_h == pytest.approx(90.0)
    assert target.wastewater_t_per_h == pytest.approx(90.0)
    assert target.pinch_concentrations_ppm == [100.0]
    np.testing.assert_allclose(target.cascade["cumulative_load_kg_per_h"], [0, 1, 9, 21, 41])
    np.testing.assert_allclose(
        target.cascade["freshwater_required_t_per_h"], [np.nan, 20, 90, 52.5, 51.25]
    )
    np.testing.assert_allclose(target.cascade["limiting_flow_t_per_h"], [20, 160, 40, 50, np.nan])


def test_wang_smith_allocation_respects_every_limit(wang_smith_operations: pd.DataFrame) -> None:
    target = water_target_operations(wang_smith_operations)
    allocation = target.allocation
    assert (allocation["flow_t_per_h"] >= 0).all()
    assert set(allocation["source_id"]) <= {"freshwater", "op1", "op2", "op3", "op4"}
    assert set(allocation["sink_id"]) <= {"wastewater", "op1", "op2", "op3", "op4"}
    load_sent = allocation["flow_t_per_h"] * allocation["concentration_ppm"] / 1000.0
    inflow = allocation.groupby("sink_id")["flow_t_per_h"].sum()
    inlet_load = load_sent.groupby(allocation["sink_id"]).sum()
    outflow = allocation.groupby("source_id")["flow_t_per_h"].sum()
    for op_id, mass_load, c_in, c_out in wang_smith_operations.itertuples(index=False):
        flow = inflow[op_id]
        assert outflow[op_id] == pytest.approx(flow, abs=1e-6)
        assert 1000.0 * inlet_load[op_id] / flow <= c_in + 1e-6
        assert 1000.0 * (inlet_load[op_id] + mass_load) / flow <= c_out + 1e-6
    assert outflow["freshwater"] == pytest.approx(90.0)
    assert inflow["wastewater"] == pytest.approx(90.0)


def test_operations_without_load_need_no_freshwater() -> None:
    operations = pd.DataFrame(
        {"id": ["op1"], "mass_load_kg_per_h": [0.0], "c_in_max_ppm": [0.0], "c_out_max_ppm": [50]}
    )
    target = water_target_operations(operations)
    assert target.freshwater_t_per_h == 0.0
    assert target.pinch_concentrations_ppm == []
    assert target.allocation.empty


def test_missing_column_is_named_with_the_expected_columns(polley_sources: pd.DataFrame) -> None:
    sinks = pd.DataFrame({"id": ["SK1"], "flow_t_per_h": [1.0]})
    with pytest.raises(
        InputError,
        match=r"sinks is missing column\(s\) 'max_concentration_ppm'; "
        r"expected columns: id, flow_t_per_h, max_concentration_ppm",
    ):
        water_target(sinks, polley_sources)


def test_every_row_problem_is_reported_at_once(polley_sources: pd.DataFrame) -> None:
    sinks = _sinks(["SK1", "SK1", "SK3"], [10.0, 5.0, np.nan], [20.0, 30.0, 40.0])
    with pytest.raises(InputError) as caught:
        water_target(sinks, polley_sources)
    message = str(caught.value)
    assert "sinks: id 'SK1' appears 2 times; give each sink a unique id" in message
    assert "sink 'SK3': flow_t_per_h is missing or not a finite number; fill it in" in message


def test_negative_flow_names_the_source(polley_sinks: pd.DataFrame) -> None:
    sources = _sources(["SR1"], [-5.0], [50.0])
    with pytest.raises(
        InputError, match="source 'SR1': flow_t_per_h is -5; it must be >= 0, correct the value"
    ):
        water_target(polley_sinks, sources)


def test_reserved_id_is_refused(polley_sources: pd.DataFrame) -> None:
    sinks = _sinks(["wastewater"], [5.0], [10.0])
    with pytest.raises(InputError, match=r"id 'wastewater' is reserved .* rename that sink"):
        water_target(sinks, polley_sources)


def test_sink_cleaner_than_freshwater_without_clean_source_is_refused() -> None:
    # 20 t/h at 0 ppm mixed with 30 t/h of freshwater at 20 ppm gives 12 ppm > 10 ppm.
    sinks, sources = _sinks(["SK1"], [50.0], [10.0]), _sources(["SR1"], [20.0], [0.0])
    with pytest.raises(
        InputError,
        match=r"sink\(s\) SK1 need water cleaner than the freshwater \(20 ppm\)",
    ):
        water_target(sinks, sources, fresh_concentration_ppm=20.0)


def test_negative_fresh_concentration_is_refused(
    polley_sinks: pd.DataFrame, polley_sources: pd.DataFrame
) -> None:
    with pytest.raises(InputError, match=r"fresh_concentration_ppm is -1\.0; give a finite"):
        water_target(polley_sinks, polley_sources, fresh_concentration_ppm=-1.0)


def test_outlet_not_above_inlet_is_refused(wang_smith_operations: pd.DataFrame) -> None:
    operations = wang_smith_operations.assign(
        c_out_max_ppm=wang_smith_operations["c_out_max_ppm"].where(
            wang_smith_operations["id"] != "op2", 50.0
        )
    )
    with pytest.raises(
        InputError,
        match=r"operation 'op2': c_out_max_ppm \(50\) must be greater than c_in_max_ppm \(50\)",
    ):
        water_target_operations(operations)


def test_operation_inlet_below_freshwater_is_refused(wang_smith_operations: pd.DataFrame) -> None:
    with pytest.raises(
        InputError,
        match=r"operation 'op1': c_in_max_ppm \(0\) is below the freshwater concentration \(10",
    ):
        water_target_operations(wang_smith_operations, fresh_concentration_ppm=10.0)


def test_missing_operation_column_is_named() -> None:
    operations = pd.DataFrame({"id": ["op1"], "mass_load_kg_per_h": [1.0], "c_in_max_ppm": [0.0]})
    with pytest.raises(InputError, match=r"operations is missing column\(s\) 'c_out_max_ppm'"):
        water_target_operations(operations)
