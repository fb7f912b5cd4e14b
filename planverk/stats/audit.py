"""Exact linear algebra for the disclosure audit: can a hidden cell be computed from the published ones?

Every cell is a sum of "atoms" (one year × one sex × one age band in one municipality), so every published figure
is a linear equation in the atoms, and a hidden cell is disclosed exactly when its vector lies in the span of the
published vectors. Spans are held as reduced row echelon bases of integer rows over the rationals, so the answer
is exact: no floating point decides whether a person's death can be read out of a table.
"""

from collections.abc import Hashable, Iterable
from math import gcd

Vector = dict[int, int]  # column -> non-zero integer coefficient


def _primitive(vector: Vector) -> Vector:
    """The same direction with coprime coefficients and a positive leading (lowest column) coefficient."""
    divisor = 0
    for value in vector.values():
        divisor = gcd(divisor, value)
        if divisor == 1:
            break
    if vector[min(vector)] < 0:
        divisor = -divisor
    if divisor == 1:
        return vector
    return {column: value // divisor for column, value in vector.items()}


def _combine(a: int, x: Vector, b: int, y: Vector) -> Vector:
    """a·x − b·y, without zero entries."""
    result = {column: a * value for column, value in x.items()} if a != 1 else dict(x)
    for column, value in y.items():
        total = result.get(column, 0) - b * value
        if total:
            result[column] = total
        else:
            result.pop(column, None)
    return result


class Subspace:
    """A subspace of Qⁿ, held as its reduced row echelon basis: pivot column -> primitive integer row."""

    __slots__ = ("_key", "rows")

    def __init__(self, vectors: Iterable[Vector] = ()) -> None:
        self.rows: dict[int, Vector] = {}
        self._key: tuple[tuple[int, tuple[tuple[int, int], ...]], ...] | None = None
        for vector in vectors:
            self.add(vector)

    @property
    def rank(self) -> int:
        return len(self.rows)

    @property
    def is_zero(self) -> bool:
        return not self.rows

    def key(self) -> Hashable:
        """Equal subspaces have equal keys: the reduced echelon form with primitive rows is unique."""
        if self._key is None:
            self._key = tuple(sorted((pivot, tuple(sorted(row.items()))) for pivot, row in self.rows.items()))
        return self._key

    def reduce(self, vector: Vector) -> Vector:
        """What is left of the vector (up to a non-zero factor) once every basis direction is taken out."""
        remainder = dict(vector)
        # Each row is zero at every other row's pivot, so one pass over the pivots present suffices.
        for pivot in [column for column in remainder if column in self.rows]:
            coefficient = remainder.get(pivot)
            if coefficient:
                row = self.rows[pivot]
                remainder = _combine(row[pivot], remainder, coefficient, row)
        return _primitive(remainder) if remainder else remainder

    def contains(self, vector: Vector) -> bool:
        return not self.reduce(vector)

    def add(self, vector: Vector) -> bool:
        """Extend the span by the vector; False if it was already in it."""
        remainder = self.reduce(vector)
        if not remainder:
            return False
        pivot = min(remainder)
        for other_pivot, row in list(self.rows.items()):
            coefficient = row.get(pivot)
            if coefficient:
                self.rows[other_pivot] = _primitive(_combine(remainder[pivot], row, coefficient, remainder))
        self.rows[pivot] = remainder
        self._key = None
        return True

    def copy(self) -> "Subspace":
        result = Subspace()
        result.rows = dict(self.rows)
        result._key = self._key
        return result

    def includes(self, other: "Subspace") -> bool:
        return other.rank <= self.rank and all(self.contains(row) for row in other.rows.values())

    def __add__(self, other: "Subspace") -> "Subspace":
        if other.rank > self.rank:
            self, other = other, self
        result = self.copy()
        for row in other.rows.values():
            result.add(row)
        return result

    def __and__(self, other: "Subspace") -> "Subspace":
        if self.is_zero or other.is_zero:
            return Subspace()
        if other.includes(self):
            return self
        if self.includes(other):
            return other
        # Zassenhaus: eliminate the pairs (u | u) for u in self and (w | 0) for w in other on their left halves;
        # the right halves of the pairs whose left half vanishes span the intersection.
        pairs = [(row, row) for row in self.rows.values()] + [(row, {}) for row in other.rows.values()]
        return Subspace(vanishing_combinations(pairs))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Subspace) and self.key() == other.key()

    def __hash__(self) -> int:
        return hash(self.key())


def vanishing_combinations(pairs: Iterable[tuple[Vector, Vector]]) -> list[Vector]:
    """Gaussian elimination on the left vectors, with each right vector following its row's operations.

    Returns the right vectors of the combinations whose left vector is zero: a basis of every way the left
    vectors can cancel, written in the right vectors.
    """
    echelon: dict[int, tuple[Vector, Vector]] = {}
    vanished: list[Vector] = []
    for left, right in pairs:
        left, right = dict(left), dict(right)
        while left:
            pivot = min(left)
            if pivot not in echelon:
                echelon[pivot] = (left, right)
                break
            row_left, row_right = echelon[pivot]
            factor, coefficient = row_left[pivot], left[pivot]
            left = _combine(factor, left, coefficient, row_left)
            right = _combine(factor, right, coefficient, row_right)
        else:
            if right:
                vanished.append(_primitive(right))
    return vanished


class TrackedBasis:
    """The span of numbered generators, able to say which generators a vector in the span is computed from."""

    def __init__(self, generators: Iterable[tuple[int, Vector]]) -> None:
        self._echelon: dict[int, tuple[Vector, Vector]] = {}
        for number, vector in generators:
            self._insert(dict(vector), {number: 1})

    def _reduce(self, left: Vector, right: Vector) -> tuple[Vector, Vector]:
        while left:
            pivot = min(left)
            if pivot not in self._echelon:
                break
            row_left, row_right = self._echelon[pivot]
            factor, coefficient = row_left[pivot], left[pivot]
            left = _combine(factor, left, coefficient, row_left)
            right = _combine(factor, right, coefficient, row_right)
        return left, right

    def _insert(self, left: Vector, right: Vector) -> None:
        left, right = self._reduce(left, right)
        if left:
            self._echelon[min(left)] = (left, right)

    def certificate(self, vector: Vector) -> dict[int, int] | None:
        """The generators (with non-zero weights) that compute the vector, or None when it is not in the span."""
        left, right = self._reduce(dict(vector), {})
        if left:
            return None
        return right
