"""Public statistics pages and their CSV download. Everything shown comes from the selectors (published cells,
after suppression); these views only choose, arrange and format."""

import csv
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planverk.lib.charts import interval_chart
from planverk.stats import selectors
from planverk.stats.selectors import Geography, StatCell, Statistics, Table
from planverk.stats.suppression import TOTAL


def _geography_or_404(key: str) -> Geography:
    geography = selectors.geography_for_key(key)
    if geography is None:
        raise Http404
    return geography


def _number(value: Decimal | int | None, decimals: int = 0) -> str:
    return number_format(value, decimals, force_grouping=True) if value is not None else ""


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    geographies = selectors.geographies_with_statistics()
    return render(
        request,
        "stats/index.html",
        {
            "country": next((g for g in geographies if g.is_country), None),
            "counties": [g for g in geographies if g.kind == "county"],
            "municipalities": [g for g in geographies if g.kind == "municipality"],
        },
    )


def _chart(table: Table) -> tuple[object, str]:
    rows: list[tuple[str, float | None, float | None, float | None, str]] = []
    description = []
    for cell in table.cells:
        if cell.suppressed or cell.rate is None:
            text = _("skjult") if cell.suppressed else _("ingen rate")
            rows.append((cell.period, None, None, None, text))
            description.append(f"{cell.period}: {text}")
            continue
        rows.append((cell.period, float(cell.rate), _float(cell.ci_low), _float(cell.ci_high), _number(cell.rate, 1)))
        description.append(
            _("%(period)s: %(rate)s (%(low)s–%(high)s)")
            % {
                "period": cell.period,
                "rate": _number(cell.rate, 1),
                "low": _number(cell.ci_low, 1),
                "high": _number(cell.ci_high, 1),
            }
        )
    return interval_chart(rows), "; ".join(description)


def _breakdowns(statistics: Statistics, *, pooled: bool) -> list[Table]:
    return [t for t in statistics.tables(pooled=pooled) if (t.sex, t.age) != (TOTAL, TOTAL)]


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@require_safe
def geography(request: HttpRequest, key: str) -> HttpResponse:
    place = _geography_or_404(key)
    national = selectors.country()
    wanted = [place, *([place.county] if place.county else []), *([] if place.is_country else [national])]
    everything = selectors.statistics_for(wanted)
    statistics: Statistics = everything[place.number]
    pooled = statistics.table(pooled=True)
    yearly = statistics.table(pooled=False)
    main = pooled or yearly
    periods = main.cells if main else []
    chosen = next((c for c in periods if c.period_key == request.GET.get("periode")), None)
    if chosen is None:
        chosen = next((c for c in reversed(periods) if not c.suppressed), periods[-1] if periods else None)
    comparisons = []
    if chosen is not None:
        for other in wanted[1:]:
            other_cell = selectors.period_cell(everything.get(other.number), chosen.first_year, chosen.last_year)
            comparisons.append(selectors.compare_cells(chosen, other, other_cell))
    chart, chart_description = _chart(main) if main else (None, "")
    return render(
        request,
        "stats/geography.html",
        {
            "geography": place,
            "statistics": statistics,
            "main": main,
            "pooled": pooled,
            "yearly": yearly,
            "breakdowns": _breakdowns(statistics, pooled=True),
            "yearly_breakdowns": _breakdowns(statistics, pooled=False),
            "threshold": settings.STATS_SUPPRESSION_THRESHOLD,
            "pooled_years": settings.STATS_POOLED_YEARS,
            "chosen": chosen,
            "comparisons": comparisons,
            "chart": chart,
            "chart_description": chart_description,
        },
    )


def csv_rows(cells: list[StatCell]) -> list[list[str]]:
    """The CSV table: the same cells, numbers as in Norwegian spreadsheets (decimal comma, no grouping)."""

    def plain(value: Decimal | int | None, decimals: int = 0) -> str:
        return number_format(value, decimals, use_l10n=True, force_grouping=False) if value is not None else ""

    return [
        [
            cell.geo,
            cell.period,
            str(cell.first_year),
            str(cell.last_year),
            cell.sex,
            cell.age,
            plain(cell.count),
            plain(cell.population),
            plain(cell.rate, 1),
            plain(cell.ci_low, 1),
            plain(cell.ci_high, 1),
            _("ja") if cell.suppressed else _("nei"),
            cell.reason,
            cell.reason_text,
        ]
        for cell in cells
    ]


CSV_HEADER = (
    "geo",
    "periode",
    "fra_aar",
    "til_aar",
    "kjonn",
    "alder",
    "antall",
    "folketall",
    "per_100000",
    "ki_nedre",
    "ki_ovre",
    "skjult",
    "grunn",
    "grunn_tekst",
)


@require_safe
def table_csv(request: HttpRequest, key: str) -> HttpResponse:
    place = _geography_or_404(key)
    statistics = selectors.statistics_for([place])[place.number]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="selvmord-statistikk-{place.slug}.csv"'
    # A byte order mark, so that Excel reads the file as UTF-8 (æ, ø, å).
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(statistics.cells))
    return response
