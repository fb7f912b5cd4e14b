"""The public resource bank at /ressurser/: search and filters in a plain GET form, so it works without
JavaScript and every result page has its own address."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from planverk.help.languages import LANGUAGES
from planverk.organisations.models import Organisation
from planverk.resources import selectors
from planverk.resources.models import MAX_SEARCH_LENGTH, Audience, Topic

PAGE_SIZE = 20


def _choice(value: str, allowed: list[str]) -> str:
    return value if value in allowed else ""


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    params = request.GET
    slug = params.get("kommune", "").strip()[:100]
    organisation = Organisation.objects.municipalities().filter(slug=slug).first() if slug else None
    filters = selectors.Filters(
        query=" ".join(params.get("q", "").split())[:MAX_SEARCH_LENGTH],
        audience=_choice(params.get("malgruppe", ""), Audience.values),
        topic=_choice(params.get("tema", ""), Topic.values),
        language=_choice(params.get("sprak", ""), list(LANGUAGES)),
        organisation=organisation,
    )
    page = Paginator(selectors.search(filters), PAGE_SIZE).get_page(params.get("side"))
    languages = [(code, LANGUAGES[code].name) for code in selectors.languages_in_use() if code in LANGUAGES]
    return render(
        request,
        "resources/index.html",
        {
            "page": page,
            "filters": filters,
            "unknown_municipality": bool(slug) and organisation is None,
            "audiences": Audience.choices,
            "topics": Topic.choices,
            "languages": languages,
            "municipalities": selectors.municipalities_with_resources(organisation),
            "filtered": any((filters.query, filters.audience, filters.topic, filters.language, organisation)),
        },
    )
