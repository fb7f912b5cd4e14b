"""Small numbers are never published, nor computable from what is (domain rule 2).

The property tests attack the published cells the way a reader could: every published figure is a linear equation
in the unknown "atoms" (one municipality × year × sex × age band), and a hidden cell is disclosed exactly when its
equation follows from the published ones. The attacker here is independent of the product: it builds the whole
joint system (all municipalities at once) and projects every target onto the span of the published equations with
numpy (floating point, on small 0/1 matrices), where the product reasons per geography in exact integers.
"""

import itertools
from collections.abc import Iterable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planverk.stats.suppression import (
    Cause,
    Cell,
    Geography,
    Observation,
    Reason,
    Rules,
    apply_primary,
    build_cells,
    suppress,
)

RULES = Rules(threshold=4, pooled_years=10, series_hidden_share=0.5)


def tree(counties: dict[str, list[str]]) -> Geography:
    parents: dict[str, str | None] = {"0": None}
    for county, municipalities in counties.items():
        parents[county] = "0"
        for municipality in municipalities:
            parents[municipality] = county
    return Geography(parents, [m for ms in counties.values() for m in ms])


ONE_COUNTY = tree({"33": ["3301", "3303", "3305"]})


def yearly(
    geo: str,
    counts: Iterable[int],
    *,
    first: int = 2010,
    sex: str = "total",
    age: str = "total",
    population: int = 100_000,
) -> list[Observation]:
    return [Observation(geo, first + i, sex, age, count, population) for i, count in enumerate(counts)]


def cell(
    cells: list[Cell], geo: str, first: int, last: int | None = None, sex: str = "total", age: str = "total"
) -> Cell:
    last = first if last is None else last
    return next(c for c in cells if (c.geo, c.first_year, c.last_year, c.sex, c.age) == (geo, first, last, sex, age))


# --- the independent attacker -----------------------------------------------------------------------------------


def age_leaves(ages: Iterable[str]) -> list[tuple[int, float]]:
    bounds = {0}
    for age in ages:
        if age == "total":
            continue
        if age.endswith("+"):
            bounds.add(int(age[:-1]))
        else:
            first, last = age.split("-")
            bounds |= {int(first), int(last) + 1}
    starts = sorted(bounds)
    return list(zip(starts, [*starts[1:], float("inf")], strict=True))


def covers(age: str, leaf: tuple[int, float]) -> bool:
    if age == "total":
        return True
    if age.endswith("+"):
        return leaf[0] >= int(age[:-1])
    first, last = age.split("-")
    return int(first) <= leaf[0] and leaf[1] <= int(last) + 1


class Attacker:
    def __init__(self, geography: Geography, cells: list[Cell]) -> None:
        self.geography = geography
        self.leaves = sorted(geography.municipalities)
        self.years = sorted({y for c in cells for y in range(c.first_year, c.last_year + 1)})
        self.sexes = ["male", "female"] if any(c.sex != "total" for c in cells) else ["total"]
        self.ages = age_leaves({c.age for c in cells})
        self.index = {
            atom: i for i, atom in enumerate(itertools.product(self.leaves, self.years, self.sexes, self.ages))
        }
        published = [self.vector(c.geo, c.first_year, c.last_year, c.sex, c.age) for c in cells if not c.suppressed]
        # An orthonormal basis of the published row space: a target is computable when it has no part outside it.
        self.basis = np.zeros((0, len(self.index)))
        if published:
            _u, singular, rows = np.linalg.svd(np.array(published), full_matrices=False)
            self.basis = rows[singular > 1e-9 * singular[0]]

    def vector(self, geo: str, first: int, last: int, sex: str, age: str) -> np.ndarray:
        v = np.zeros(len(self.index))
        for leaf in self.leaves:
            if not self.geography.is_within(leaf, geo):
                continue
            for year in range(first, last + 1):
                for s in self.sexes:
                    for a in self.ages:
                        if (sex == "total" or s == sex) and covers(age, a):
                            v[self.index[(leaf, year, s, a)]] = 1
        return v

    def can_compute(self, geo: str, first: int, last: int, sex: str = "total", age: str = "total") -> bool:
        target = self.vector(geo, first, last, sex, age)
        outside = target - self.basis.T @ (self.basis @ target)
        return bool(np.linalg.norm(outside) < 1e-6)


def test_the_attacker_finds_what_the_primary_rule_alone_would_leave_open():
    # Without the secondary audit, the hidden year follows from the ten-year sum: the attacker must see that,
    # or the property tests below could never fail.
    cells = build_cells(yearly("0", [12, 15, 3, 11, 14, 9, 13, 10, 16, 12]), rules=RULES)
    apply_primary(cells, rules=RULES, local=ONE_COUNTY.local)
    assert cell(cells, "0", 2012).suppressed
    assert Attacker(ONE_COUNTY, cells).can_compute("0", 2012, 2012)
    # Nor may a neighbour be subtracted from a county total.
    cells = build_cells(yearly("33", [40]) + yearly("3301", [20]) + yearly("3303", [17]), rules=RULES)
    assert Attacker(ONE_COUNTY, cells).can_compute("3305", 2010, 2010)


# --- the rules, one by one --------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 2, 3, 4])
def test_counts_at_or_below_the_threshold_are_hidden_zero_included(count):
    cells = suppress(yearly("0", [count, 50]), geography=ONE_COUNTY, rules=RULES)
    hidden = cell(cells, "0", 2010)
    assert hidden.cause == Cause.SMALL
    assert hidden.reason == Reason.PRIVACY


def test_a_count_just_above_the_threshold_is_published():
    cells = suppress(yearly("0", [5, 50]), geography=ONE_COUNTY, rules=RULES)
    assert not cell(cells, "0", 2010).suppressed


def test_a_count_whose_complement_is_small_is_hidden():
    cells = suppress(yearly("0", [96, 50], population=100), geography=ONE_COUNTY, rules=RULES)
    assert cell(cells, "0", 2010).cause == Cause.COMPLEMENT


def test_a_cell_hidden_by_the_source_stays_hidden_and_so_does_its_pooled_period():
    observations = [*yearly("0", [50] * 10), Observation("0", 2020, "total", "total", None, 100_000)]
    cells = suppress(observations, geography=ONE_COUNTY, rules=Rules(pooled_years=10, series_hidden_share=1.0))
    assert cell(cells, "0", 2020).reason == Reason.SOURCE
    assert cell(cells, "0", 2011, 2020).reason == Reason.SOURCE
    assert not cell(cells, "0", 2010, 2019).suppressed


def test_a_municipalitys_yearly_figures_by_sex_are_hidden_but_its_pooled_ones_shown_when_they_pass():
    observations = []
    for year in range(2010, 2020):
        observations += [
            Observation("3301", year, "total", "total", 30, 100_000),
            Observation("3301", year, "male", "total", 20, 50_000),
            Observation("3301", year, "female", "total", 10, 50_000),
        ]
    cells = suppress(observations, geography=ONE_COUNTY, rules=RULES)
    assert cell(cells, "3301", 2015, sex="male").reason == Reason.BREAKDOWN
    assert cell(cells, "3301", 2015, sex="female").reason == Reason.BREAKDOWN
    assert not cell(cells, "3301", 2015).suppressed
    assert cell(cells, "3301", 2010, 2019, sex="male").count == 200
    assert cell(cells, "3301", 2010, 2019, sex="female").count == 100


def test_trondheim_2023_total_is_shown_and_its_split_by_sex_is_not():
    observations = [
        Observation("5001", 2023, "total", "total", 27, 212_660),
        Observation("5001", 2023, "male", "total", 14, 106_500),
        Observation("5001", 2023, "female", "total", 13, 106_160),
    ]
    cells = suppress(observations, geography=tree({"50": ["5001"]}), rules=RULES)
    assert cell(cells, "5001", 2023).count == 27
    assert cell(cells, "5001", 2023, sex="male").reason == Reason.BREAKDOWN
    assert cell(cells, "5001", 2023, sex="female").reason == Reason.BREAKDOWN


def test_a_series_mostly_hidden_is_hidden_whole_with_one_reason_for_all_its_cells():
    cells = suppress(yearly("3301", [1, 0, 7, 2, 3, 9]), geography=ONE_COUNTY, rules=RULES)
    series = [c for c in cells if c.geo == "3301"]
    assert all(c.reason == Reason.SERIES for c in series)
    # The cells that were above the threshold are not told apart from the small ones.
    assert {c.cause for c in series} == {Cause.SERIES}


def test_men_plus_women_equals_total_so_hiding_women_hides_one_more():
    observations = [
        Observation("0", 2020, "total", "total", 30, 100_000),
        Observation("0", 2020, "male", "total", 27, 50_000),
        Observation("0", 2020, "female", "total", 3, 50_000),
    ]
    cells = suppress(observations, geography=ONE_COUNTY, rules=Rules(series_hidden_share=1.0))
    assert cell(cells, "0", 2020, sex="female").cause == Cause.SMALL
    # The breakdown goes before the total.
    assert cell(cells, "0", 2020, sex="male").cause == Cause.SECONDARY
    assert not cell(cells, "0", 2020).suppressed


def test_a_single_hidden_year_inside_a_published_pooled_period_cannot_be_recovered():
    # Ten years, one of them 3: the ten-year sum minus the nine published years would give it away.
    counts = [12, 15, 3, 11, 14, 9, 13, 10, 16, 12]
    cells = suppress(yearly("0", counts), geography=ONE_COUNTY, rules=RULES)
    pooled = cell(cells, "0", 2010, 2019)
    assert cell(cells, "0", 2012).cause == Cause.SMALL
    assert not pooled.suppressed, "the pooled period is what local statistics are for; a year goes instead"
    assert cell(cells, "0", 2015).cause == Cause.SECONDARY  # the smallest other year
    attacker = Attacker(ONE_COUNTY, cells)
    assert not attacker.can_compute("0", 2012, 2012)


def test_rolling_periods_do_not_give_away_a_year_by_their_difference():
    # 2010–2019 minus 2011–2020 is 2010 minus 2020: with 2010 published, 2020 would follow.
    counts = [9, 12, 15, 11, 14, 9, 13, 10, 16, 12, 2, 11]
    cells = suppress(yearly("0", counts), geography=ONE_COUNTY, rules=RULES)
    attacker = Attacker(ONE_COUNTY, cells)
    assert cell(cells, "0", 2020).suppressed
    assert not attacker.can_compute("0", 2020, 2020)
    assert all(not attacker.can_compute(c.geo, c.first_year, c.last_year, c.sex, c.age) for c in cells if c.suppressed)


def test_a_county_minus_its_other_municipalities_does_not_give_one_away():
    observations = (
        yearly("33", [40, 41, 42])
        + yearly("3301", [20, 20, 21])
        + yearly("3303", [17, 18, 19])
        + yearly("3305", [3, 3, 2], population=5_000)
    )
    rules = Rules(threshold=4, pooled_years=10, series_hidden_share=1.0)
    cells = suppress(observations, geography=ONE_COUNTY, rules=rules)
    attacker = Attacker(ONE_COUNTY, cells)
    for year in (2010, 2011, 2012):
        assert cell(cells, "3305", year).suppressed
        assert not attacker.can_compute("3305", year, year)
        # The neighbour with the smaller count is hidden with it, not the county.
        assert cell(cells, "3303", year).cause == Cause.SECONDARY
        assert not cell(cells, "33", year).suppressed


def test_a_municipality_without_data_is_protected_from_county_minus_neighbours():
    # Planverk has no figures for 3305, but they exist: 40 − 20 − 17 = 3 must not be computable.
    observations = yearly("33", [40]) + yearly("3301", [20]) + yearly("3303", [17])
    cells = suppress(observations, geography=ONE_COUNTY, rules=RULES)
    assert not Attacker(ONE_COUNTY, cells).can_compute("3305", 2010, 2010)


def test_a_county_that_is_one_municipality_follows_the_municipal_rules():
    # Oslo is a county and a municipality: the county's yearly split by sex is the municipality's.
    oslo = tree({"03": ["0301"]})
    observations = []
    for geo in ("03", "0301"):
        observations += [
            Observation(geo, 2020, "total", "total", 60, 700_000),
            Observation(geo, 2020, "male", "total", 40, 350_000),
            Observation(geo, 2020, "female", "total", 20, 350_000),
        ]
    cells = suppress(observations, geography=oslo, rules=RULES)
    assert cell(cells, "03", 2020, sex="male").reason == Reason.BREAKDOWN
    assert not Attacker(oslo, cells).can_compute("0301", 2020, 2020, "male")


# --- properties over generated tables ---------------------------------------------------------------------------

AGE_SCHEMES = [["total"], ["total", "0-44", "45+"], ["0-19", "20-64", "65+"], ["total", "0-24", "25-64", "65+"]]


@st.composite
def tables(draw: st.DrawFn) -> tuple[Geography, list[Observation], Rules]:
    """A country with one to three counties of one to three municipalities; some geographies without data; yearly
    counts from small to large for each municipality, added up for the counties and the country."""
    counties = {
        f"{c:02d}": [f"{c:02d}{m:02d}" for m in range(1, draw(st.integers(1, 3)) + 1)]
        for c in range(1, draw(st.integers(1, 3)) + 1)
    }
    geography = tree(counties)
    years = list(range(2010, 2010 + draw(st.integers(1, 7))))
    sexes = ["male", "female"] if draw(st.booleans()) else ["total"]
    ages = draw(st.sampled_from(AGE_SCHEMES))
    groups = [a for a in ages if a != "total"] or ["total"]
    leaves = sorted(geography.municipalities)
    atom_counts = {
        (leaf, year, sex, age): draw(st.integers(0, draw(st.sampled_from([2, 6, 15, 40]))))
        for leaf in leaves
        for year in years
        for sex in sexes
        for age in groups
    }
    with_data = draw(st.sets(st.sampled_from(sorted(geography.parents)), min_size=1))
    sex_categories = sexes + (["total"] if sexes != ["total"] else [])
    observations = []
    for geo in sorted(with_data):
        for year, sex, age in itertools.product(years, sex_categories, ages):
            count = sum(
                n
                for (leaf, y, s, a), n in atom_counts.items()
                if y == year
                and geography.is_within(leaf, geo)
                and (sex == "total" or s == sex)
                and (age == "total" or a == age)
            )
            observations.append(Observation(geo, year, sex, age, count, 1_000_000))
    rules = Rules(
        threshold=draw(st.integers(1, 4)),
        pooled_years=draw(st.integers(2, 4)),
        series_hidden_share=draw(st.sampled_from([0.5, 0.8, 1.0])),
    )
    return geography, observations, rules


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_published_cell_has_a_count_at_or_below_the_threshold(table):
    geography, observations, rules = table
    for c in suppress(observations, geography=geography, rules=rules):
        if not c.suppressed:
            assert c.count is not None and c.count > rules.threshold
            assert c.population is None or c.population - c.count > rules.threshold


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_hidden_cell_can_be_computed_from_the_published_ones(table):
    geography, observations, rules = table
    cells = suppress(observations, geography=geography, rules=rules)
    attacker = Attacker(geography, cells)
    for c in cells:
        if c.suppressed:
            assert not attacker.can_compute(c.geo, c.first_year, c.last_year, c.sex, c.age), c
    # Municipalities without data: their figures exist, and must not follow from the county's and neighbours'
    # (unless the municipality is the whole of a geography with data: then its figures are that one's).
    years = sorted({o.year for o in observations})
    with_data = {o.geo for o in observations}
    areas_with_data = {geography.leaves(geo) for geo in with_data}
    for leaf in sorted(geography.municipalities - with_data):
        if frozenset([leaf]) in areas_with_data:
            continue
        for year in years:
            assert not attacker.can_compute(leaf, year, year), (leaf, year)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_municipality_publishes_a_yearly_breakdown(table):
    geography, observations, rules = table
    for c in suppress(observations, geography=geography, rules=rules):
        if c.geo in geography.municipalities and not c.is_pooled and c.is_breakdown:
            assert c.suppressed


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_readers_cannot_tell_small_hidden_cells_from_derivable_ones(table):
    geography, observations, rules = table
    reasons = {c.cause: c.reason for c in suppress(observations, geography=geography, rules=rules) if c.suppressed}
    for cause in (Cause.SMALL, Cause.COMPLEMENT, Cause.SECONDARY):
        if cause in reasons:
            assert reasons[cause] == Reason.PRIVACY
