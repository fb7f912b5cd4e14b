"""The one way to read statistics: published cells only, after suppression. Every page, the API, the CSV file,
the charts and the summary on a plan's page read through here; no output touches the imported counts.

Rates and their intervals are rounded here, once, to one decimal, so that every output shows the same number.
"""

import dataclasses
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planverk.organisations.models import Organisation, OrganisationKind
from planverk.stats import compute
from planverk.stats.models import COUNTRY, REASON_TEXTS, PublishedCell, Sex
from planverk.stats.suppression import TOTAL, Reason

COUNTRY_NAME = gettext_lazy("Norge")
COUNTRY_SLUG = "norge"
ONE_DECIMAL = Decimal("0.1")


@dataclasses.dataclass(frozen=True)
class Geography:
    number: str
    name: str
    kind: str  # "country", "county" or "municipality"
    slug: str
    county: "Geography | None" = None

    @property
    def is_country(self) -> bool:
        return self.number == COUNTRY


def _round(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclasses.dataclass(frozen=True)
class StatCell:
    geo: str
    first_year: int
    last_year: int
    sex: str
    age: str
    count: int | None
    population: int | None
    rate: Decimal | None
    ci_low: Decimal | None
    ci_high: Decimal | None
    reason: str
    source: str
    note: str

    @classmethod
    def of(cls, cell: PublishedCell) -> "StatCell":
        return cls(
            geo=cell.geo,
            first_year=cell.first_year,
            last_year=cell.last_year,
            sex=cell.sex,
            age=cell.age,
            count=cell.count,
            population=cell.population,
            rate=_round(cell.rate),
            ci_low=_round(cell.ci_low),
            ci_high=_round(cell.ci_high),
            reason=cell.reason,
            source=cell.source,
            note=cell.note,
        )

    @property
    def suppressed(self) -> bool:
        return bool(self.reason)

    @property
    def is_pooled(self) -> bool:
        return self.last_year > self.first_year

    @property
    def period(self) -> str:
        return f"{self.first_year}–{self.last_year}" if self.is_pooled else str(self.first_year)

    @property
    def period_key(self) -> str:
        return f"{self.first_year}-{self.last_year}"

    @property
    def reason_text(self) -> str:
        return str(REASON_TEXTS[Reason(self.reason)]) if self.reason else ""

    @property
    def sex_label(self) -> str:
        return str(Sex(self.sex).label)

    @property
    def age_label(self) -> str:
        return _("Alle aldre") if self.age == TOTAL else _("%(age)s år") % {"age": self.age.replace("-", "–")}

    @property
    def interval(self) -> tuple[Decimal, Decimal] | None:
        if self.ci_low is None or self.ci_high is None:
            return None
        return (self.ci_low, self.ci_high)


@dataclasses.dataclass(frozen=True)
class Table:
    """One series (sex × age group) of a geography, yearly or pooled."""

    sex: str
    age: str
    pooled: bool
    cells: list[StatCell]

    @property
    def label(self) -> str:
        first = self.cells[0]
        return f"{first.sex_label}, {first.age_label.lower()}"

    @property
    def published(self) -> list[StatCell]:
        return [c for c in self.cells if not c.suppressed]


@dataclasses.dataclass(frozen=True)
class Statistics:
    geography: Geography
    cells: list[StatCell]

    def tables(self, *, pooled: bool) -> list[Table]:
        groups: dict[tuple[str, str], list[StatCell]] = {}
        for cell in self.cells:
            if cell.is_pooled == pooled:
                groups.setdefault((cell.sex, cell.age), []).append(cell)
        order = {"total": 0, "male": 1, "female": 2}
        return [
            Table(sex, age, pooled, sorted(cells, key=lambda c: c.first_year))
            for (sex, age), cells in sorted(groups.items(), key=lambda g: (g[0][1] != TOTAL, g[0][1], order[g[0][0]]))
        ]

    def table(self, *, pooled: bool, sex: str = TOTAL, age: str = TOTAL) -> Table | None:
        return next((t for t in self.tables(pooled=pooled) if t.sex == sex and t.age == age), None)

    @property
    def sources(self) -> list[tuple[str, str]]:
        return sorted({(c.source, c.note) for c in self.cells})


def geography_for_key(key: str) -> Geography | None:
    """A municipality or county by its number or slug, or the country ("0" or "norge"). One query at most."""
    if key in (COUNTRY, COUNTRY_SLUG):
        return country()
    organisation = (
        Organisation.objects.filter(kind__in=[OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY])
        .filter(Q(number=key) | Q(slug=key))
        .select_related("county")
        .first()
    )
    return _geography(organisation) if organisation is not None else None


def country() -> Geography:
    return Geography(number=COUNTRY, name=str(COUNTRY_NAME), kind="country", slug=COUNTRY_SLUG)


def _geography(organisation: Organisation, *, with_county: bool = True) -> Geography:
    county = organisation.county if with_county else None
    return Geography(
        number=organisation.number,
        name=organisation.display_name,
        kind=organisation.kind,
        slug=organisation.slug,
        county=_geography(county, with_county=False) if county is not None else None,
    )


def statistics_for(geographies: Iterable[Geography]) -> dict[str, Statistics]:
    """The published cells of each geography, in one query."""
    wanted = {g.number: g for g in geographies}
    cells: dict[str, list[StatCell]] = {number: [] for number in wanted}
    for cell in PublishedCell.objects.for_geographies(list(wanted)).in_order():
        cells[cell.geo].append(StatCell.of(cell))
    return {number: Statistics(geography, cells[number]) for number, geography in wanted.items()}


def geographies_with_statistics() -> list[Geography]:
    """Every geography that has published cells, for the statistics index: sorted by name, never by a figure."""
    numbers = set(PublishedCell.objects.values_list("geo", flat=True).distinct())
    organisations = Organisation.objects.filter(number__in=numbers).select_related("county").order_by("name")
    result = [_geography(o) for o in organisations]
    return ([country()] if COUNTRY in numbers else []) + result


@dataclasses.dataclass(frozen=True)
class Comparison:
    other: Geography
    cell: StatCell | None
    result: compute.Comparison | None

    @property
    def text(self) -> str:
        name = self.other.name
        if self.cell is None or self.cell.interval is None:
            return _("Ingen sammenlignbare tall for %(name)s for denne perioden.") % {"name": name}
        if self.result is None:
            return _("Kan ikke sammenlignes med %(name)s: tallet her er skjult.") % {"name": name}
        if self.result == compute.Comparison.HIGHER:
            return _("Høyere enn %(name)s (%(rate)s): konfidensintervallene overlapper ikke.") % {
                "name": name,
                "rate": _number(self.cell.rate),
            }
        if self.result == compute.Comparison.LOWER:
            return _("Lavere enn %(name)s (%(rate)s): konfidensintervallene overlapper ikke.") % {
                "name": name,
                "rate": _number(self.cell.rate),
            }
        return _(
            "Ikke tydelig forskjellig fra %(name)s (%(rate)s): konfidensintervallene overlapper, så forskjellen kan "
            "skyldes tilfeldigheter."
        ) % {"name": name, "rate": _number(self.cell.rate)}


def _number(value: Decimal | None) -> str:
    return number_format(value, 1) if value is not None else "–"


def compare_cells(cell: StatCell | None, other: Geography, other_cell: StatCell | None) -> Comparison:
    # On the rounded intervals the reader sees beside the words, so that the two never contradict each other.
    result = None
    if cell is not None and cell.interval is not None and other_cell is not None and other_cell.interval is not None:
        result = compute.compare(cell.interval, other_cell.interval)
    return Comparison(other=other, cell=other_cell, result=result)


def period_cell(statistics: Statistics | None, first_year: int, last_year: int) -> StatCell | None:
    if statistics is None:
        return None
    return next(
        (
            c
            for c in statistics.cells
            if c.first_year == first_year and c.last_year == last_year and c.sex == TOTAL and c.age == TOTAL
        ),
        None,
    )


@dataclasses.dataclass(frozen=True)
class FactSummary:
    """The compact summary for a plan's fact section: the latest published pooled period, and the country."""

    geography: Geography
    cell: StatCell
    comparison: Comparison | None


def plan_fact_summaries(organisations: Iterable[Organisation]) -> list[FactSummary]:
    """For each owner that is a municipality or county, and for the country (national plans): one query."""
    places = [
        _geography(o, with_county=False)
        for o in organisations
        if o.kind in (OrganisationKind.MUNICIPALITY, OrganisationKind.COUNTY)
    ]
    national = country()
    statistics = statistics_for([*places, national])
    summaries = []
    for place in places or [national]:
        pooled = statistics[place.number].table(pooled=True)
        latest = next((c for c in reversed(pooled.cells) if not c.suppressed), None) if pooled else None
        if latest is None:
            continue
        comparison = None
        if not place.is_country:
            other = period_cell(statistics[COUNTRY], latest.first_year, latest.last_year)
            comparison = compare_cells(latest, national, other)
        summaries.append(FactSummary(geography=place, cell=latest, comparison=comparison))
    return summaries
