"""Open data: the published statistics of a municipality, county or the whole country, as JSON.

The same cells as the page and the CSV file, after suppression: a hidden cell has no count, population, rate or
interval, only its reason. Every answer carries where to get help (domain rules 3 and 4).
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from planverk.stats import compute, selectors
from planverk.stats.selectors import StatCell


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def cell_json(cell: StatCell) -> dict[str, Any]:
    return {
        "period": cell.period,
        "first_year": cell.first_year,
        "last_year": cell.last_year,
        "pooled": cell.is_pooled,
        "sex": cell.sex,
        "age": cell.age,
        "count": cell.count,
        "population": cell.population,
        "rate": _float(cell.rate),
        "ci_low": _float(cell.ci_low),
        "ci_high": _float(cell.ci_high),
        "suppressed": cell.suppressed,
        "reason": {"code": cell.reason, "text": cell.reason_text} if cell.suppressed else None,
        "source": cell.source,
        "note": cell.note,
    }


def help_json() -> dict[str, Any]:
    return {
        "text": _("Trenger du hjelp nå?"),
        "phone_numbers": [
            {"label": _("Akutt fare"), "number": "113"},
            {"label": _("Legevakt"), "number": "116 117"},
            {"label": _("Mental Helse hjelpetelefonen"), "number": "116 123"},
        ],
    }


@require_GET
def statistics(request: HttpRequest, number: str) -> JsonResponse:
    if not (number.isdigit() and len(number) <= 4):
        raise Http404
    place = selectors.geography_for_key(number)
    if place is None:
        raise Http404
    published = selectors.statistics_for([place])[place.number]
    data = {
        "geography": {
            "number": place.number,
            "name": place.name,
            "kind": place.kind,
            "county": place.county.number if place.county else None,
        },
        "unit": _("registrerte selvmord per 100 000 innbyggere per år"),
        "confidence_level": compute.CONFIDENCE,
        "suppression": {
            "threshold": settings.STATS_SUPPRESSION_THRESHOLD,
            "pooled_years": settings.STATS_POOLED_YEARS,
        },
        "series": [cell_json(cell) for cell in published.cells],
        "help": help_json(),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
