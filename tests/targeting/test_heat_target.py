"""Heat targeting against published examples and hand computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from symbiosis.errors import InputError
from symbiosis.targeting import heat_recovery_potential, heat_target


def _streams(rows: list[tuple[str, float, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["id", "supply_temperature_c", "target_temperature_c", "cp_kw_per_k"]
    )


@pytest.fixture
def kemp_streams() -> pd.DataFrame:
    """Kemp (2007), Pinch Analysis and Process Integration, 2nd ed., four-stream example."""
    return _streams(
        [
            ("C1", 20.0, 135.0, 2.0),
            ("H1", 170.0, 60.0, 3.0),
            ("C2", 80.0, 140.0, 4.0),
            ("H2", 150.0, 30.0, 1.5),
        ]
    )


@pytest.fixture
def smith_streams() -> pd.DataFrame:
    """Smith (2005), Chemical Process Design and Integration, ch. 16, four streams (MW → kW)."""
    return _streams(
        [
            ("reactor 1 feed", 20.0, 180.0, 200.0),
            ("reactor 1 product", 250.0, 40.0, 150.0),
            ("reactor 2 feed", 140.0, 230.0, 300.0),
            ("reactor 2 product", 200.0, 80.0, 250.0),
        ]
    )


def test_kemp_example_reaches_published_targets(kemp_streams: pd.DataFrame) -> None:
    # Published at ΔTmin 10 K: 20 kW hot, 60 kW cold utility, pinch 90 °C hot / 80 °C cold.
    target = heat_target(kemp_streams, dt_min_k=10.0)
    assert target.hot_utility_kw == pytest.approx(20.0)
    assert target.cold_utility_kw == pytest.approx(60.0)
    assert target.pinch_hot_c == pytest.approx(90.0)
    assert target.pinch_cold_c == pytest.approx(80.0)
    assert target.pinch_shifted_temperatures_c == [85.0]


def test_kemp_problem_table_matches_hand_computation(kemp_streams: pd.DataFrame) -> None:
    # Shifted: H1 165→55, H2 145→25, C1 25→140, C2 85→145. Deficit = (ΣCPc − ΣCPh)·ΔT:
    #   165–145: −3·20 = −60;  145–140: (4 − 4.5)·5 = −2.5;  140–85: (6 − 4.5)·55 = 82.5
    #   85–55: (2 − 4.5)·30 = −75;  55–25: (2 − 1.5)·30 = 15
    # Cascade from 0: 60, 62.5, −20, 55, 40 → 20 kW hot utility; then 80, 82.5, 0, 75, 60.
    table = heat_target(kemp_streams, dt_min_k=10.0).problem_table
    assert table["upper_shifted_temperature_c"].tolist() == [165, 145, 140, 85, 55]
    assert table["lower_shifted_temperature_c"].tolist() == [145, 140, 85, 55, 25]
    np.testing.assert_allclose(table["net_cp_kw_per_k"], [-3.0, -0.5, 1.5, -2.5, 0.5])
    np.testing.assert_allclose(table["deficit_kw"], [-60, -2.5, 82.5, -75, 15])
    np.testing.assert_allclose(table["cascade_kw"], [60, 62.5, -20, 55, 40])
    np.testing.assert_allclose(table["cascade_with_hot_utility_kw"], [80, 82.5, 0, 75, 60])


def test_kemp_curves_match_hand_computation(kemp_streams: pd.DataFrame) -> None:
    target = heat_target(kemp_streams, dt_min_k=10.0)
    curves = target.composite_curves
    hot = curves[curves["curve"] == "hot"]
    cold = curves[curves["curve"] == "cold"]
    # Hot: 30–60 °C H2 only (1.5·30 = 45), 60–150 both (4.5·90 = 405), 150–170 H1 (3·20 = 60).
    assert hot["temperature_c"].tolist() == [30, 60, 150, 170]
    np.testing.assert_allclose(hot["enthalpy_kw"], [0, 45, 450, 510])
    # Cold starts at the cold utility: 60 + 2·60 = 180, + 6·55 = 510, + 4·5 = 530 = 510 + 20.
    assert cold["temperature_c"].tolist() == [20, 80, 135, 140]
    np.testing.assert_allclose(cold["enthalpy_kw"], [60, 180, 510, 530])
    gcc = target.grand_composite_curve
    assert gcc["shifted_temperature_c"].tolist() == [165, 145, 140, 85, 55, 25]
    np.testing.assert_allclose(gcc["net_heat_flow_kw"], [20, 80, 82.5, 0, 75, 60])


def test_smith_example_reaches_published_targets(smith_streams: pd.DataFrame) -> None:
    # Published at ΔTmin 10 K: QHmin 7.5 MW, QCmin 10 MW, pinch 150 °C hot / 140 °C cold.
    target = heat_target(smith_streams, dt_min_k=10.0)
    assert target.hot_utility_kw == pytest.approx(7500.0)
    assert target.cold_utility_kw == pytest.approx(10000.0)
    assert (target.pinch_hot_c, target.pinch_cold_c) == (150.0, 140.0)


def test_threshold_problem_needs_no_hot_utility_and_has_no_pinch() -> None:
    # Shifted hot 85→35, cold 25→65: surpluses 2·20 = 40, 0·30 = 0, −2·10 = −20 → cascade 40,
    # 40, 20: no hot utility, 20 kW cold utility, no zero between intervals.
    target = heat_target(_streams([("H", 90.0, 40.0, 2.0), ("C", 20.0, 60.0, 2.0)]), 10.0)
    assert target.hot_utility_kw == 0.0
    assert target.cold_utility_kw == pytest.approx(20.0)
    assert target.pinch_hot_c is None
    assert target.pinch_cold_c is None
    assert target.pinch_shifted_temperatures_c == []


def test_several_pinches_are_all_listed_and_the_hottest_reported() -> None:
    # Shifted: C1 105→155, H1 135→55, C2 45→55. Deficits: 155–135: 20; 135–105: 0;
    # 105–55: −50; 55–45: 10. Cascade −20, −20, 30, 20 → 20 kW hot utility; heat flow
    # 20, 0, 0, 50, 40: zero at 135 and at 105 °C shifted.
    streams = _streams(
        [("C1", 100.0, 150.0, 1.0), ("H1", 140.0, 60.0, 1.0), ("C2", 40.0, 50.0, 1.0)]
    )
    target = heat_target(streams, dt_min_k=10.0)
    assert (target.hot_utility_kw, target.cold_utility_kw) == (20.0, 40.0)
    assert target.pinch_shifted_temperatures_c == [135.0, 105.0]
    assert (target.pinch_hot_c, target.pinch_cold_c) == (140.0, 130.0)


def test_cold_streams_alone_take_all_their_demand_from_hot_utility() -> None:
    target = heat_target(_streams([("C", 20.0, 60.0, 2.0)]), 10.0)
    assert (target.hot_utility_kw, target.cold_utility_kw) == (80.0, 0.0)
    assert target.pinch_hot_c is None


def test_two_companies_recover_heat_together() -> None:
    # A alone (hot 90→40, CP 2): 0 kW hot utility, 100 kW cold. B alone (cold 20→60, CP 2):
    # 80 kW hot utility. Together the threshold problem above: 0 kW hot, 20 kW cold.
    # Potential = 0 + 80 − 0 = 80 kW.
    streams = _streams([("A-hot", 90.0, 40.0, 2.0), ("B-cold", 20.0, 60.0, 2.0)]).assign(
        company_id=["A", "B"]
    )
    potential = heat_recovery_potential(streams, dt_min_k=10.0)
    assert potential.potential_kw == pytest.approx(80.0)
    assert potential.stand_alone_hot_utility_kw == pytest.approx(80.0)
    assert potential.joint_hot_utility_kw == 0.0
    assert potential.joint_cold_utility_kw == pytest.approx(20.0)
    assert potential.per_company.to_dict("list") == {
        "company_id": ["A", "B"],
        "stand_alone_hot_utility_kw": [0.0, 80.0],
        "stand_alone_cold_utility_kw": [100.0, 0.0],
        "on_site_recovery_kw": [0.0, 0.0],
    }
    assert potential.per_pair.to_dict("list") == {
        "company_a_id": ["A"],
        "company_b_id": ["B"],
        "joint_hot_utility_kw": [0.0],
        "potential_kw": [80.0],
    }


def test_pairs_are_sorted_by_potential_and_exclude_pairs_without_gain(
    smith_streams: pd.DataFrame,
) -> None:
    # A holds both reactor 1 streams, B the reactor 2 feed (cold), C the reactor 2 product (hot).
    # By hand (kW), shifted cascades at ΔTmin 10 K:
    #   A alone: 9000, 1500, −500 → 500;  B alone: 300·90 = 27000;  C alone: 0.
    #   zone: 7500 (Smith) → potential 27500 − 7500 = 20000.
    #   B+C: −12000, −14500, 3000 → 14500, potential 12500;  A+C: never negative → 0,
    #   potential 500;  A+B: 27500 = 500 + 27000, potential 0 (left out).
    streams = smith_streams.assign(company_id=["A", "A", "B", "C"])
    potential = heat_recovery_potential(streams, dt_min_k=10.0)
    assert potential.potential_kw == pytest.approx(20000.0)
    np.testing.assert_allclose(
        potential.per_company["stand_alone_hot_utility_kw"], [500.0, 27000.0, 0.0]
    )
    pairs = potential.per_pair
    assert pairs[["company_a_id", "company_b_id"]].to_numpy().tolist() == [["B", "C"], ["A", "C"]]
    np.testing.assert_allclose(pairs["joint_hot_utility_kw"], [14500.0, 0.0])
    np.testing.assert_allclose(pairs["potential_kw"], [12500.0, 500.0])


def test_pairs_can_be_skipped(smith_streams: pd.DataFrame) -> None:
    streams = smith_streams.assign(company_id=["A", "A", "B", "C"])
    potential = heat_recovery_potential(streams, dt_min_k=10.0, pairs=False)
    assert potential.per_pair.empty
    assert potential.potential_kw == pytest.approx(20000.0)


def test_missing_column_is_named(kemp_streams: pd.DataFrame) -> None:
    with pytest.raises(
        InputError,
        match=r"streams is missing column\(s\) 'cp_kw_per_k'; "
        r"expected columns: id, supply_temperature_c, target_temperature_c, cp_kw_per_k",
    ):
        heat_target(kemp_streams.drop(columns="cp_kw_per_k"), 10.0)


def test_columns_of_0_1_0_are_refused_with_their_new_names(kemp_streams: pd.DataFrame) -> None:
    old = kemp_streams.rename(
        columns={"supply_temperature_c": "supply_temp_c", "target_temperature_c": "target_temp_c"}
    )
    with pytest.raises(
        InputError,
        match=r"streams has columns of symbiosis 0\.1\.0: 'supply_temp_c' is now "
        r"'supply_temperature_c'; 'target_temp_c' is now 'target_temperature_c'; rename them",
    ):
        heat_target(old, 10.0)


def test_zero_cp_and_isothermal_stream_are_reported_together(kemp_streams: pd.DataFrame) -> None:
    streams = kemp_streams.copy()
    streams.loc[0, "cp_kw_per_k"] = 0.0
    streams.loc[1, "target_temperature_c"] = 170.0
    with pytest.raises(InputError) as caught:
        heat_target(streams, 10.0)
    message = str(caught.value)
    assert "stream 'C1': cp_kw_per_k is 0; it must be > 0 [kW/K]" in message
    assert "stream 'H1': supply_temperature_c equals target_temperature_c (170 °C)" in message


def test_duplicate_stream_id_is_refused(kemp_streams: pd.DataFrame) -> None:
    streams = kemp_streams.assign(id=["C1", "H1", "C1", "H2"])
    with pytest.raises(InputError, match="streams: id 'C1' appears 2 times; give each stream"):
        heat_target(streams, 10.0)


def test_negative_dt_min_is_refused(kemp_streams: pd.DataFrame) -> None:
    with pytest.raises(InputError, match=r"dt_min_k is -5.0; give a finite approach temperature"):
        heat_target(kemp_streams, -5.0)


def test_empty_streams_are_refused(kemp_streams: pd.DataFrame) -> None:
    with pytest.raises(InputError, match="streams is empty; give at least one"):
        heat_target(kemp_streams.iloc[0:0], 10.0)


def test_missing_company_is_refused(kemp_streams: pd.DataFrame) -> None:
    streams = kemp_streams.assign(company_id=["A", None, "B", "B"])
    with pytest.raises(InputError, match="stream 'H1': company_id is missing; fill it in"):
        heat_recovery_potential(streams, 10.0)
    with pytest.raises(InputError, match=r"missing column\(s\) 'company_id'"):
        heat_recovery_potential(kemp_streams, 10.0)
