"""Rates, exact confidence intervals, pooled periods and comparisons: every number the statistics show is computed
here, and only here. Pure functions, no Django, no scipy.

Rates are per 100 000 inhabitants per year. A pooled period's rate is its deaths divided by its person-years (the
sum of the yearly populations), so it is the average yearly rate over the period.

Confidence intervals are exact Poisson intervals (Garwood 1936): for k deaths the limits for the expected number
are the 2.5 % quantile of Gamma(k) and the 97.5 % quantile of Gamma(k + 1), which is χ²(2k)/2 and χ²(2k + 2)/2;
the lower limit for k = 0 is 0. They never fall below zero and keep their stated coverage for the small counts a
municipality has, where the usual normal approximation does not.
"""

import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

PER = 100_000
CONFIDENCE = 0.95


def rate(count: int, population: int) -> float:
    return count / population * PER


def _lower_gamma_series(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) by its power series; converges fast for x < a + 1."""
    term = total = 1.0 / a
    n = a
    while True:
        n += 1
        term *= x / n
        total += term
        if abs(term) < abs(total) * 1e-16:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_gamma_fraction(a: float, x: float) -> float:
    """Regularised upper incomplete gamma Q(a, x) by its continued fraction (modified Lentz); for x ≥ a + 1."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    i = 0
    while True:
        i += 1
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return h * math.exp(-x + a * math.log(x) - math.lgamma(a))


def gamma_cdf(a: float, x: float) -> float:
    """P(a, x): the probability that a Gamma(a, 1) variable is at most x."""
    if x <= 0:
        return 0.0
    if x < a + 1.0:
        return _lower_gamma_series(a, x)
    return 1.0 - _upper_gamma_fraction(a, x)


def _gamma_log_density(a: float, x: float) -> float:
    return (a - 1.0) * math.log(x) - x - math.lgamma(a)


def gamma_quantile(p: float, a: float) -> float:
    """The x with P(a, x) = p, by Newton's method kept inside a bracket (bisection when a step leaves it)."""
    # Wilson–Hilferty: a good start for every shape, exact enough that Newton needs a few steps.
    z = _normal_quantile(p)
    x = a * (1.0 - 1.0 / (9.0 * a) + z / (3.0 * math.sqrt(a))) ** 3
    low, high = 0.0, max(2.0 * a + 20.0 * math.sqrt(a) + 50.0, 1.0)
    while gamma_cdf(a, high) < p:
        high *= 2.0
    if not low < x < high:
        x = (low + high) / 2.0
    for _ in range(200):
        error = gamma_cdf(a, x) - p
        if error > 0:
            high = x
        else:
            low = x
        step = error / math.exp(_gamma_log_density(a, x))
        candidate = x - step
        if not low < candidate < high:
            candidate = (low + high) / 2.0
        if abs(candidate - x) <= 1e-13 * max(x, 1e-300) or high - low <= 1e-13 * high:
            return candidate
        x = candidate
    return x


def _normal_quantile(p: float) -> float:
    """Acklam's rational approximation (relative error below 1.2e-9); only a starting point here."""
    a = (
        -39.69683028665376,
        220.9460984245205,
        -275.9285104469687,
        138.3577518672690,
        -30.66479806614716,
        2.506628277459239,
    )
    b = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572)
    c = (
        -0.007784894002430293,
        -0.3223964580411365,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    )
    d = (0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
    if p > 0.5:
        return -_normal_quantile(1.0 - p)
    if p < 0.02425:
        q = math.sqrt(-2.0 * math.log(p))
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
            (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0
        )
    q = p - 0.5
    r = q * q
    return (
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
        * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0)
    )


@lru_cache(maxsize=65536)
def poisson_interval(count: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Exact (Garwood) limits for the expected number of events, given `count` observed events."""
    if count < 0:
        raise ValueError("count must not be negative")
    alpha = 1.0 - confidence
    low = 0.0 if count == 0 else gamma_quantile(alpha / 2, count)
    high = gamma_quantile(1.0 - alpha / 2, count + 1)
    return low, high


def rate_interval(count: int, population: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    low, high = poisson_interval(count, confidence)
    return low / population * PER, high / population * PER


def pooled_periods(years: Iterable[int], length: int) -> list[tuple[int, int]]:
    """Every run of `length` consecutive years found in `years`, as (first, last): rolling periods.

    A period with a year missing is no period: a gap would make it a different, shorter average.
    """
    present = set(years)
    if length < 2 or not present:
        return []
    return [
        (first, first + length - 1)
        for first in range(min(present), max(present) - length + 2)
        if all(year in present for year in range(first, first + length))
    ]


class Comparison(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NOT_CLEARLY_DIFFERENT = "not_clearly_different"


def compare(interval: Sequence[float | Decimal], other: Sequence[float | Decimal]) -> Comparison:
    """Higher or lower only when the two confidence intervals do not overlap; anything else could be chance.

    Overlapping intervals can hide a real difference (the comparison is cautious), never invent one.
    """
    low, high = interval
    other_low, other_high = other
    if low > other_high:
        return Comparison.HIGHER
    if high < other_low:
        return Comparison.LOWER
    return Comparison.NOT_CLEARLY_DIFFERENT
