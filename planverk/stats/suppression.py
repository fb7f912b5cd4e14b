"""Which cells may be published: every rule for small numbers, in one place, applied before anything is shown.

Pure Python, no Django: `suppress` takes the imported yearly counts and the geography tree and returns every cell
that any output may show (yearly and pooled periods, per sex and age group), each either published or hidden with
its cause. Pages, the API, CSV files and charts read the stored result of this function and nothing else.

The rules, in order:

1. Primary. A cell is hidden when its count is at or below the threshold (0 too: "no deaths" is a count like any
   other), when its population minus its count is, when its source had already hidden it (':' in JSON-stat), and
   when it is a yearly figure by sex or age for a municipality (local breakdowns are shown only pooled over
   several years, and then only if the pooled counts pass the same rules).
2. Series. When more than the configured share of a series' cells (one geography, sex and age group; yearly and
   pooled periods counted apart) is hidden by rule 1, the whole series is hidden: a chart of a few surviving bars
   would tell more about the hidden ones than it shows.
3. Secondary. No hidden cell may be computable from published ones. Published cells are linear equations in
   "atoms" (one year × sex × age band in one municipality): a pooled period is the sum of its years, a total the
   sum of men and women and of the age groups, a county the sum of its municipalities, the country the sum of the
   counties. A hidden cell is disclosed exactly when its vector is in the span of the published vectors, which is
   decided exactly (planverk.stats.audit). While any is, one more cell is hidden: within a geography the least
   valuable cell of the computation that discloses it (a yearly figure before a pooled one, a breakdown before a
   total, a small count before a large one), across geographies the nearest relative's cell that the computation
   uses. A municipality without data is protected too: its figures exist even if Planverk has none of them, and a
   county total minus its other municipalities would disclose them.

Published reasons do not tell primary from secondary suppression: "hidden because small" next to "hidden because
derivable" would tell a reader which hidden cells are at most the threshold, and with a derived sum that is enough
to pin a value. The cause is kept here for tests.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from enum import StrEnum

from planverk.stats.audit import Subspace, TrackedBasis, Vector
from planverk.stats.compute import pooled_periods

TOTAL = "total"
SEXES = ("male", "female")


class Reason(StrEnum):
    """What a reader is told about a hidden cell."""

    PRIVACY = "privacy"
    SERIES = "series"
    SOURCE = "source"
    BREAKDOWN = "breakdown"


class Cause(StrEnum):
    """Why the rules hid a cell, in more detail than a reader is told."""

    SOURCE = "source"
    BREAKDOWN = "breakdown"
    SMALL = "small"
    COMPLEMENT = "complement"
    SERIES = "series"
    SECONDARY = "secondary"


REASON_OF_CAUSE = {
    Cause.SOURCE: Reason.SOURCE,
    Cause.BREAKDOWN: Reason.BREAKDOWN,
    Cause.SMALL: Reason.PRIVACY,
    Cause.COMPLEMENT: Reason.PRIVACY,
    Cause.SECONDARY: Reason.PRIVACY,
    Cause.SERIES: Reason.SERIES,
}
PRIMARY_CAUSES = frozenset({Cause.SOURCE, Cause.SMALL, Cause.COMPLEMENT})


@dataclasses.dataclass(frozen=True)
class Rules:
    threshold: int = 4
    pooled_years: int = 10
    series_hidden_share: float = 0.5


@dataclasses.dataclass(frozen=True)
class Observation:
    """One imported yearly figure. count None: hidden by the source."""

    geo: str
    year: int
    sex: str
    age: str
    count: int | None
    population: int | None


@dataclasses.dataclass(eq=False)
class Cell:
    geo: str
    first_year: int
    last_year: int
    sex: str
    age: str
    count: int | None
    population: int | None
    cause: Cause | None = None

    @property
    def suppressed(self) -> bool:
        return self.cause is not None

    @property
    def reason(self) -> Reason | None:
        return REASON_OF_CAUSE[self.cause] if self.cause is not None else None

    @property
    def is_pooled(self) -> bool:
        return self.last_year > self.first_year

    @property
    def is_breakdown(self) -> bool:
        return self.sex != TOTAL or self.age != TOTAL

    def key(self) -> tuple[int, int, str, str]:
        return (self.first_year, self.last_year, self.sex, self.age)


def age_bounds(age: str) -> tuple[int, int | None]:
    """The ages a label covers, as [first, end): 'total' -> (0, None), '15-19' -> (15, 20), '75+' -> (75, None)."""
    if age == TOTAL:
        return (0, None)
    if age.endswith("+"):
        return (int(age[:-1]), None)
    first, last = age.split("-")
    return (int(first), int(last) + 1)


class Geography:
    """The tree of geographies: the country ("0") over counties over municipalities."""

    def __init__(self, parents: Mapping[str, str | None], municipalities: Iterable[str]) -> None:
        self.parents = dict(parents)
        self.municipalities = frozenset(municipalities)
        self.children: dict[str, list[str]] = defaultdict(list)
        for code, parent in sorted(self.parents.items()):
            if parent is not None:
                self.children[parent].append(code)
        self.roots = sorted(code for code, parent in self.parents.items() if parent is None)
        self._leaves: dict[str, frozenset[str]] = {}
        # A county that is one municipality (Oslo) is that municipality: it follows the municipal rules, or its
        # figures would publish what the municipality's must not.
        single = {code for code, children in self.children.items() if children and len(self.leaves(code)) == 1}
        self.local = self.municipalities | single

    def leaves(self, code: str) -> frozenset[str]:
        """The municipalities a geography is made of (itself, for a municipality)."""
        found = self._leaves.get(code)
        if found is None:
            children = self.children.get(code)
            found = frozenset().union(*(self.leaves(c) for c in children)) if children else frozenset([code])
            self._leaves[code] = found
        return found

    def depth(self, code: str) -> int:
        depth = 0
        while (parent := self.parents.get(code)) is not None:
            code, depth = parent, depth + 1
        return depth

    def distance(self, a: str, b: str) -> int:
        ancestors = {}
        code: str | None = a
        steps = 0
        while code is not None:
            ancestors[code] = steps
            code, steps = self.parents.get(code), steps + 1
        code, steps = b, 0
        while code is not None:
            if code in ancestors:
                return ancestors[code] + steps
            code, steps = self.parents.get(code), steps + 1
        return 1_000_000

    def is_within(self, code: str, ancestor: str) -> bool:
        """Whether `code` is `ancestor` or lies below it."""
        current: str | None = code
        while current is not None:
            if current == ancestor:
                return True
            current = self.parents.get(current)
        return False

    def top_down(self) -> Iterator[str]:
        stack = list(reversed(self.roots))
        while stack:
            code = stack.pop()
            yield code
            stack.extend(reversed(self.children.get(code, [])))


# --- cells ------------------------------------------------------------------------------------------------------


def build_cells(observations: Iterable[Observation], *, rules: Rules) -> list[Cell]:
    """Yearly cells as imported, and a pooled cell for every complete rolling period of each series."""
    series: dict[tuple[str, str, str], dict[int, Observation]] = defaultdict(dict)
    for observation in observations:
        series[(observation.geo, observation.sex, observation.age)][observation.year] = observation
    cells = []
    for (geo, sex, age), years in sorted(series.items()):
        for year, o in sorted(years.items()):
            cells.append(Cell(geo, year, year, sex, age, o.count, o.population))
        for first, last in pooled_periods(years, rules.pooled_years):
            period = [years[year] for year in range(first, last + 1)]
            counts = [o.count for o in period]
            populations = [o.population for o in period]
            cells.append(
                Cell(
                    geo,
                    first,
                    last,
                    sex,
                    age,
                    sum(c for c in counts if c is not None) if None not in counts else None,
                    sum(p for p in populations if p is not None) if None not in populations else None,
                )
            )
    return cells


def apply_primary(cells: Iterable[Cell], *, rules: Rules, local: frozenset[str]) -> None:
    for cell in cells:
        if cell.count is None:
            cell.cause = Cause.SOURCE
        elif cell.geo in local and not cell.is_pooled and cell.is_breakdown:
            cell.cause = Cause.BREAKDOWN
        elif cell.count <= rules.threshold:
            cell.cause = Cause.SMALL
        elif cell.population is not None and cell.population - cell.count <= rules.threshold:
            cell.cause = Cause.COMPLEMENT


def apply_series_rule(cells: Iterable[Cell], *, rules: Rules) -> None:
    groups: dict[tuple[str, str, str, bool], list[Cell]] = defaultdict(list)
    for cell in cells:
        groups[(cell.geo, cell.sex, cell.age, cell.is_pooled)].append(cell)
    for group in groups.values():
        hidden = sum(1 for cell in group if cell.cause in PRIMARY_CAUSES)
        if hidden and hidden / len(group) > rules.series_hidden_share:
            for cell in group:
                if cell.cause not in (Cause.SOURCE, Cause.BREAKDOWN):
                    cell.cause = Cause.SERIES


# --- the audit --------------------------------------------------------------------------------------------------


class _Atoms:
    """Numbers the atoms (year × sex × age band) that every cell is a sum of."""

    def __init__(self, cells: list[Cell]) -> None:
        self.years = sorted({year for cell in cells for year in range(cell.first_year, cell.last_year + 1)})
        self.year_index = {year: i for i, year in enumerate(self.years)}
        self.sexes = list(SEXES) if any(cell.sex != TOTAL for cell in cells) else [TOTAL]
        bounds = {0}
        for age in {cell.age for cell in cells}:
            first, end = age_bounds(age)
            bounds.add(first)
            if end is not None:
                bounds.add(end)
        self.age_starts = sorted(bounds)
        self._cache: dict[tuple[int, int, str, str], Vector] = {}

    def _sex_slots(self, sex: str) -> list[int]:
        return list(range(len(self.sexes))) if sex == TOTAL else [self.sexes.index(sex)]

    def _age_slots(self, age: str) -> list[int]:
        first, end = age_bounds(age)
        return [i for i, start in enumerate(self.age_starts) if start >= first and (end is None or start < end)]

    def vector(self, first: int, last: int, sex: str, age: str) -> Vector:
        key = (first, last, sex, age)
        vector = self._cache.get(key)
        if vector is None:
            n_sex, n_age = len(self.sexes), len(self.age_starts)
            vector = {
                (self.year_index[year] * n_sex + s) * n_age + a: 1
                for year in range(first, last + 1)
                for s in self._sex_slots(sex)
                for a in self._age_slots(age)
            }
            self._cache[key] = vector
        return vector

    def of(self, cell: Cell) -> Vector:
        return self.vector(cell.first_year, cell.last_year, cell.sex, cell.age)


def _hide_priority(cell: Cell) -> tuple[bool, bool, int, int, str, str]:
    # Hidden first: yearly figures before pooled ones (pooled periods are what local statistics are for),
    # breakdowns before totals, small counts before large ones.
    return (cell.is_pooled, not cell.is_breakdown, cell.count or 0, cell.first_year, cell.sex, cell.age)


class _Audit:
    def __init__(self, cells: list[Cell], geography: Geography, rules: Rules) -> None:
        self.cells = cells
        self.geography = geography
        self.rules = rules
        self.atoms = _Atoms(cells)
        self.by_geo: dict[str, list[Cell]] = defaultdict(list)
        for cell in cells:
            self.by_geo[cell.geo].append(cell)
        self._spans: dict[str, Subspace] = {}
        self._sums: dict[tuple[object, object], Subspace] = {}
        self._meets: dict[tuple[object, object], Subspace] = {}
        self._zero = Subspace()

    # Subspace arithmetic, remembered: most geographies publish in the same few patterns.
    def _sum(self, a: Subspace, b: Subspace) -> Subspace:
        if b.is_zero:
            return a
        if a.is_zero:
            return b
        key = (a.key(), b.key())
        result = self._sums.get(key)
        if result is None:
            result = self._sums[key] = a + b
        return result

    def _meet(self, a: Subspace, b: Subspace) -> Subspace:
        if a.is_zero or b.is_zero:
            return self._zero
        if a is b:
            return a
        key = (a.key(), b.key())
        result = self._meets.get(key)
        if result is None:
            result = self._meets[key] = a & b
        return result

    def span(self, geo: str) -> Subspace:
        span = self._spans.get(geo)
        if span is None:
            span = Subspace(self.atoms.of(c) for c in self.by_geo.get(geo, ()) if not c.suppressed)
            self._spans[geo] = span
        return span

    def hide(self, cell: Cell) -> None:
        cell.cause = Cause.SECONDARY
        self._spans.pop(cell.geo, None)

    def settle_table(self, geo: str) -> None:
        """Hide cells of one geography until none of its hidden cells follows from its own published cells."""
        cells = self.by_geo.get(geo, [])
        while True:
            published = [c for c in cells if not c.suppressed]
            hidden = [c for c in cells if c.suppressed]
            if not published or not hidden:
                return
            span = self.span(geo)
            disclosed = [c for c in hidden if span.contains(self.atoms.of(c))]
            if not disclosed:
                return
            basis = TrackedBasis((i, self.atoms.of(c)) for i, c in enumerate(published))
            chosen: set[int] = set()
            for cell in disclosed:
                certificate = basis.certificate(self.atoms.of(cell))
                if certificate is not None:
                    chosen.add(min(certificate, key=lambda i: _hide_priority(published[i])))
            if not chosen:
                return
            for i in chosen:
                self.hide(published[i])

    def knowledge(self) -> tuple[dict[str, Subspace], dict[str, Subspace]]:
        """What everything published tells about each geography's totals, as two subspaces per geography.

        A cell of geography n is a vector h (years × sexes × age bands) repeated over n's municipalities. Every
        published cell is such a vector on some geography, so a combination of published cells that adds up to
        h on n's municipalities and to nothing elsewhere must, restricted to each child of n, add up to the same
        thing for every municipality of that child; this telescopes down and up the tree:

        - T(n) = V(n) + ⋂ T(c) over the children c: what n's own subtree computes (V(n): n's published cells).
        - E(c) = (V(p) + E(p)) ∩ ⋂ T(s) over c's siblings s: what the rest of the tree computes about c, the
          parent's figures less what each sibling can account for itself; E of the country is nothing.
        - Known(n) = T(n) + E(n): a cell of n is computable from all published cells exactly when its vector is
          in Known(n). (The tests check this against the whole joint system of equations.)

        Returns (T, Known).
        """
        geography = self.geography
        order = list(geography.top_down())
        inside: dict[str, Subspace] = {}
        for code in reversed(order):
            children = geography.children.get(code, [])
            below = self._meet_all([inside[c] for c in children]) if children else self._zero
            inside[code] = self._sum(self.span(code), below)
        outside: dict[str, Subspace] = {code: self._zero for code in geography.roots}
        for code in order:
            children = geography.children.get(code, [])
            if not children:
                continue
            base = self._sum(self.span(code), outside[code])
            if base.is_zero:
                for child in children:
                    outside[child] = self._zero
                continue
            for child, others in zip(children, self._meet_all_but_one([inside[c] for c in children]), strict=True):
                outside[child] = self._meet(base, others) if others is not None else base
        known = {code: self._sum(inside[code], outside[code]) for code in order}
        return inside, known

    def _meet_all(self, spaces: list[Subspace]) -> Subspace:
        result = spaces[0]
        for space in spaces[1:]:
            result = self._meet(result, space)
            if result.is_zero:
                break
        return result

    def _meet_all_but_one(self, spaces: list[Subspace]) -> list[Subspace | None]:
        """For each position, the intersection of all the other spaces (None: there are no others)."""
        n = len(spaces)
        zeros = [i for i, s in enumerate(spaces) if s.is_zero]
        if len(zeros) >= 2:
            return [self._zero] * n
        if len(zeros) == 1:
            z = zeros[0]
            result: list[Subspace | None] = [self._zero] * n
            others = [s for i, s in enumerate(spaces) if i != z]
            result[z] = self._meet_all(others) if others else None
            return result
        prefix: list[Subspace | None] = [None] * n
        suffix: list[Subspace | None] = [None] * n
        for i in range(1, n):
            prefix[i] = spaces[0] if i == 1 else self._meet(prefix[i - 1], spaces[i - 1])  # type: ignore[arg-type]
        for i in range(n - 2, -1, -1):
            suffix[i] = spaces[n - 1] if i == n - 2 else self._meet(suffix[i + 1], spaces[i + 1])  # type: ignore[arg-type]
        result = []
        for before, after in zip(prefix, suffix, strict=True):
            if before is None:
                result.append(after)
            elif after is None:
                result.append(before)
            else:
                result.append(self._meet(before, after))
        return result

    def _phantom_targets(self) -> list[tuple[int, int, str, str]]:
        sexes = [TOTAL] + ([*SEXES] if self.atoms.sexes != [TOTAL] else [])
        ages = sorted({c.age for c in self.cells})
        periods = [(y, y) for y in self.atoms.years] + pooled_periods(self.atoms.years, self.rules.pooled_years)
        return [(first, last, sex, age) for first, last in periods for sex in sexes for age in ages]

    def disclosed(self, inside: dict[str, Subspace], known: dict[str, Subspace]) -> list[tuple[str, Vector]]:
        """Hidden cells (and cells of geographies without data) that everything published together discloses."""
        found: list[tuple[str, Vector]] = []
        phantom_targets: list[tuple[int, int, str, str]] | None = None
        # A geography without data that covers the same municipalities as one with data is that geography (a
        # county of one municipality, a country of one county): its figures are the other's, already audited.
        areas_with_data = {self.geography.leaves(code) for code in self.by_geo}
        for code in self.geography.top_down():
            space = known[code]
            cells = self.by_geo.get(code)
            if cells:
                if self.span(code).includes(space):
                    continue
                found += [(code, self.atoms.of(c)) for c in cells if c.suppressed and space.contains(self.atoms.of(c))]
            elif not inside[code].includes(space) and self.geography.leaves(code) not in areas_with_data:
                # No data here: what its own subtree adds up to is a sum of published figures, anything more
                # comes from subtracting neighbours from a total, and that must not be possible.
                if phantom_targets is None:
                    phantom_targets = self._phantom_targets()
                for target in phantom_targets:
                    vector = self.atoms.vector(*target)
                    if space.contains(vector) and not inside[code].contains(vector):
                        found.append((code, vector))
        return found

    def _fix(self, code: str, vector: Vector, inside: Subspace, known: Subspace) -> Cell | None:
        """The published cell to hide so that this computation no longer works.

        If the computation needs figures from outside the geography's subtree, one of those: the cells of the
        parent and siblings first, least valuable first (a neighbour's small yearly count before the county's
        total), then farther relatives. If its own subtree suffices, a descendant's cell.
        """
        generators = [(False, row) for row in inside.rows.values()]
        generators += [(True, row) for row in known.rows.values() if not inside.contains(row)]
        basis = TrackedBasis((i, row) for i, (_, row) in enumerate(generators))
        certificate = basis.certificate(vector) or {}
        used: set[int] = set()
        for i in certificate:
            if generators[i][0]:
                used |= set(generators[i][1])
        from_outside = bool(used)
        if not from_outside:
            used = set(vector)
        geography = self.geography
        distance = {
            other: max(geography.distance(code, other), 2)
            for other in self.by_geo
            if other != code and geography.is_within(other, code) != from_outside
        }

        def order(cell: Cell) -> tuple[tuple[bool, bool, int, int, str, str], int, str]:
            return (_hide_priority(cell), distance[cell.geo], cell.geo)

        # Parent, siblings and children first (distance 1 or 2), then ever farther relatives.
        everything: list[Cell] = []
        for d in sorted(set(distance.values())):
            ring = [c for other, od in distance.items() if od == d for c in self.by_geo[other] if not c.suppressed]
            overlapping = [c for c in ring if used & self.atoms.of(c).keys()]
            if overlapping:
                return min(overlapping, key=order)
            everything += ring
        return min(everything, key=order) if everything else None

    def run(self) -> None:
        dirty = set(self.by_geo)
        while True:
            for geo in sorted(dirty):
                self.settle_table(geo)
            inside, known = self.knowledge()
            disclosed = self.disclosed(inside, known)
            if not disclosed:
                return
            dirty = set()
            for code, vector in disclosed:
                # Knowledge is from the start of the round: an earlier fix may already have broken this
                # computation and left nothing to choose; the next round checks again.
                cell = self._fix(code, vector, inside[code], known[code])
                if cell is not None:
                    self.hide(cell)
                    dirty.add(cell.geo)
            if not dirty:
                raise RuntimeError("the audit made no progress")


def suppress(observations: Iterable[Observation], *, geography: Geography, rules: Rules) -> list[Cell]:
    cells = build_cells(observations, rules=rules)
    apply_primary(cells, rules=rules, local=geography.local)
    apply_series_rule(cells, rules=rules)
    if cells:
        _Audit(cells, geography, rules).run()
    return cells
