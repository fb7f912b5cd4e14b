"""Rendering the public help pages, and their last good copies for when the database is down (rule 3).

A page depends only on its address (municipality and `?lang=`), never on who asks: no user, session or CSRF
token goes into it. So the same HTML can be cached by browsers and proxies, stored on disk after every
successful render, and served from there when the database fails.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import translation

from planverk.help import fallback, registry, selectors
from planverk.help.languages import CHROME_LANGUAGES, LANGUAGES, NATIONAL_LANGUAGE, chrome_language
from planverk.help.models import HelpGroup
from planverk.organisations.models import Organisation

logger = logging.getLogger(__name__)

NATIONAL_KEY = "_national"


def requested_language(value: str | None) -> str:
    """The `?lang=` of a request when it is a language we know; anything else means the page's default."""
    return value if value in LANGUAGES else ""


def language_query(requested: str) -> str:
    """Carried on the page's own links, so a chosen language stays chosen without a cookie."""
    return f"?lang={requested}" if requested else ""


def render_municipality(organisation: Organisation, requested: str) -> str:
    language = requested or organisation.written_language
    page_language = chrome_language(language, organisation.written_language)
    with translation.override(page_language):
        page = selectors.help_page(organisation, language=language, page_language=page_language)
        return render_to_string(
            "help/municipality.html", {"page": page, "organisation": organisation, "query": language_query(requested)}
        )


def render_directory(organisation: Organisation, requested: str, group: str) -> str:
    language = requested or organisation.written_language
    page_language = chrome_language(language, organisation.written_language)
    with translation.override(page_language):
        page = selectors.directory(organisation, language=language, page_language=page_language, group=group)
        return render_to_string(
            "help/directory.html",
            {
                "page": page,
                "organisation": organisation,
                "query": language_query(requested),
                "group": group,
                "groups": HelpGroup.choices,
            },
        )


def render_national(
    requested: str, *, municipalities: Iterable[Organisation] | None, notice: str = "", chosen: str = ""
) -> str:
    """The national page: helplines and a choice of municipality. `municipalities` None: no database."""
    language = requested or NATIONAL_LANGUAGE
    page_language = chrome_language(language, NATIONAL_LANGUAGE)
    with translation.override(page_language):
        if municipalities is None:
            page = selectors.build_page(
                organisation=None,
                services=registry.services_from_file(),
                language=language,
                page_language=page_language,
            )
        else:
            page = selectors.help_page(None, language=language, page_language=page_language)
        return render_to_string(
            "help/national.html",
            {
                "page": page,
                "query": language_query(requested),
                "requested": requested,
                "municipalities": municipalities,
                "notice": notice,
                "chosen": chosen,
            },
        )


# Norwegian alphabetical order: æ, ø, å after z.
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def municipalities_for_chooser() -> list[Organisation]:
    municipalities = Organisation.objects.municipalities().only("name", "short_name", "slug")
    return sorted(municipalities, key=lambda m: m.display_name.lower().translate(_NORWEGIAN_ORDER))


# --- Rendering and keeping the copy ---------------------------------------------------------------------------


def municipality_page(organisation: Organisation, requested: str) -> str:
    html = render_municipality(organisation, requested)
    fallback.save((organisation.slug, organisation.number), requested, html)
    return html


def national_page(requested: str) -> str:
    html = render_national(requested, municipalities=municipalities_for_chooser())
    fallback.save((NATIONAL_KEY,), requested, html)
    return html


def last_good_copy(keys: tuple[str, ...], requested: str) -> str:
    """For when the database is down: this page as last rendered, else its default language, else the national
    page, else the national page rendered from the registry file. Never fails."""
    languages = (requested, "") if requested else ("",)
    for key in (*keys, NATIONAL_KEY):
        for language in languages:
            html = fallback.load(key, language)
            if html is not None:
                return html
    return page_of_last_resort(requested)


def page_of_last_resort(requested: str) -> str:
    try:
        return render_national(requested, municipalities=None)
    except Exception:
        # The registry file could not be read: the template's own numbers (113, 116 117, 116 123) remain.
        logger.exception("Hjelpesiden ble vist uten registeret")
        language = chrome_language(requested, NATIONAL_LANGUAGE)
        with translation.override(language):
            page = selectors.build_page(organisation=None, services=[], language=language, page_language=language)
            context = {"page": page, "query": language_query(requested), "requested": requested}
            return render_to_string("help/national.html", context)


def refresh(organisation: Organisation | None = None, *, everything: bool = False) -> int:
    """Render again the stored copies a change touched: one municipality's, or after a change to the national
    registry every stored page. `everything` also renders the pages nobody has opened yet (deploys, a nightly
    job), so each municipality has a copy before the database ever goes down. Returns how many were rendered."""
    stored: dict[str, set[str]] = defaultdict(set)
    for key, language in fallback.stored():
        stored[key].add(language)
    if organisation is not None:
        municipalities: Iterable[Organisation] = [organisation]
    elif everything:
        municipalities = Organisation.objects.municipalities().order_by("number")
    else:
        municipalities = Organisation.objects.municipalities().filter(slug__in=list(stored)).order_by("number")
    count = 0
    for municipality in municipalities:
        languages = stored[municipality.slug] | ({""} if everything else set())
        for language in sorted(languages):
            municipality_page(municipality, language)
            count += 1
    if organisation is None:
        languages = stored[NATIONAL_KEY] | ({"", *CHROME_LANGUAGES} if everything else set())
        for language in sorted(languages):
            national_page(language)
            count += 1
    return count
