"""Rates and exact Poisson intervals match an independent reference (scipy), small counts included."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import chi2

from planverk.stats import compute

COUNTS = [0, 1, 2, 3, 4, 5, 7, 10, 11, 27, 50, 117, 119, 610, 727, 6061, 6151, 50_000]


def reference(count: int) -> tuple[float, float]:
    """Garwood's interval through the chi-square distribution, as textbooks write it."""
    low = chi2.ppf(0.025, 2 * count) / 2 if count > 0 else 0.0
    return low, chi2.ppf(0.975, 2 * count + 2) / 2


@pytest.mark.parametrize("count", COUNTS)
def test_poisson_interval_matches_scipy(count):
    low, high = compute.poisson_interval(count)
    expected_low, expected_high = reference(count)
    assert low == pytest.approx(expected_low, rel=1e-9, abs=1e-12)
    assert high == pytest.approx(expected_high, rel=1e-9)


def test_the_smallest_counts_have_the_textbook_limits():
    assert compute.poisson_interval(0) == (0.0, pytest.approx(3.6889, abs=1e-4))
    assert compute.poisson_interval(1) == (pytest.approx(0.0253, abs=1e-4), pytest.approx(5.5716, abs=1e-4))
    assert compute.poisson_interval(2) == (pytest.approx(0.2422, abs=1e-4), pytest.approx(7.2247, abs=1e-4))


@given(st.integers(min_value=0, max_value=20_000))
def test_every_count_matches_scipy(count):
    low, high = compute.poisson_interval(count)
    expected_low, expected_high = reference(count)
    assert math.isclose(low, expected_low, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(high, expected_high, rel_tol=1e-9)
    assert low <= count <= high


def test_rate_and_its_interval_are_per_100_000_per_year():
    # The seed: 610 suicides in Norway in 2022 are 11,3 per 100 000 (5 398 000 inhabitants in the demo data).
    assert round(compute.rate(610, 5_398_000), 1) == 11.3
    low, high = compute.rate_interval(610, 5_398_000)
    expected_low, expected_high = reference(610)
    assert low == pytest.approx(expected_low / 5_398_000 * 100_000, rel=1e-9)
    assert high == pytest.approx(expected_high / 5_398_000 * 100_000, rel=1e-9)


def test_a_rate_of_zero_has_an_upper_limit_above_zero():
    low, high = compute.rate_interval(0, 10_000)
    assert low == 0.0
    assert high == pytest.approx(36.889, abs=1e-3)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        compute.poisson_interval(-1)


def test_pooled_periods_are_every_complete_run_of_years():
    assert compute.pooled_periods(range(2012, 2023), 10) == [(2012, 2021), (2013, 2022)]
    assert compute.pooled_periods(range(2012, 2025), 10) == [(2012, 2021), (2013, 2022), (2014, 2023), (2015, 2024)]
    # A gap breaks a period: it would be an average over fewer years.
    assert compute.pooled_periods([2010, 2011, 2013, 2014, 2015], 3) == [(2013, 2015)]
    assert compute.pooled_periods([2023], 10) == []
    assert compute.pooled_periods(range(2000, 2010), 1) == []


@pytest.mark.parametrize(
    ("interval", "other", "expected"),
    [
        ((14.0, 20.0), (10.0, 13.0), compute.Comparison.HIGHER),
        ((5.0, 9.9), (10.0, 13.0), compute.Comparison.LOWER),
        ((9.8, 14.2), (11.4, 12.0), compute.Comparison.NOT_CLEARLY_DIFFERENT),
        ((13.0, 20.0), (10.0, 13.0), compute.Comparison.NOT_CLEARLY_DIFFERENT),  # touching intervals overlap
    ],
)
def test_comparison_is_worded_by_the_intervals(interval, other, expected):
    assert compute.compare(interval, other) == expected
