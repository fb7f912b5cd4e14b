"""The public help pages: /hjelp/ (national), /hjelp/<kommune>/ and the municipality's service directory.

Rule 3 of the domain, for someone who may open this in the worst hour of their life: no login, no JavaScript,
no cookies, nothing from other hosts, small, cacheable, and still answering when the database does not. These
views never touch request.user, the session or the CSRF token, so no middleware has a reason to set a cookie;
the page depends only on its address, so it is the same for everyone and may be cached publicly.
"""

import hashlib
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import Error as DatabaseError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from planverk.help import display, pages
from planverk.help.models import HelpGroup
from planverk.organisations.models import Organisation

logger = logging.getLogger(__name__)

# A copy served while the database is down is checked again sooner.
STALE_MAX_AGE = 60
_HTML_LANG = re.compile(r'<html lang="([a-z]{2,3})"')


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET and HEAD only, and no cookie: the same response for everyone, so it may be cached."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # The CSRF middleware replaces a malformed csrftoken cookie on any response; not on this one.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return response

    return wrapper


def public_help_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    # Nothing secret on these pages, so compressing them is safe (no BREACH).
    return public_page(gzip_page(view))


def _respond(request: HttpRequest, html: str, *, status: int = 200, stale: bool = False) -> HttpResponse:
    response = HttpResponse(html, status=status)
    patch_cache_control(response, public=True, max_age=STALE_MAX_AGE if stale else settings.HELP_PAGE_MAX_AGE)
    language = _HTML_LANG.search(html)
    if language:
        response["Content-Language"] = language.group(1)
    if status != 200:
        return response
    response["ETag"] = quote_etag(hashlib.sha256(html.encode()).hexdigest()[:32])
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


def _database_down(request: HttpRequest, keys: tuple[str, ...], requested: str) -> HttpResponse:
    logger.warning("Databasen svarer ikke: hjelpesiden %s vises fra lagret kopi", request.path, exc_info=True)
    return _respond(request, pages.last_good_copy(keys, requested), stale=True)


def _not_found(request: HttpRequest, requested: str) -> HttpResponse:
    # Even a mistyped address shows the national numbers.
    notice = _("Vi fant ikke kommunen på denne adressen. Velg kommunen din i listen under.")
    html = pages.render_national(requested, municipalities=pages.municipalities_for_chooser(), notice=notice)
    return _respond(request, html, status=404)


def _find_municipality(value: str) -> Organisation | None:
    return (
        Organisation.objects.municipalities()
        .filter(Q(slug=value) | Q(number=value) | Q(name__iexact=value) | Q(short_name__iexact=value))
        .order_by("number")
        .first()
    )


@public_help_page
def index(request: HttpRequest) -> HttpResponse:
    requested = pages.requested_language(request.GET.get("lang"))
    chosen = request.GET.get("kommune", "").strip()[:100]
    try:
        if chosen:
            organisation = _find_municipality(chosen)
            if organisation is not None:
                url = reverse("help:municipality", args=[organisation.slug]) + pages.language_query(requested)
                return HttpResponseRedirect(url)
            notice = _("Vi fant ingen kommune som heter «%(name)s». Velg kommunen din i listen.") % {"name": chosen}
            municipalities = pages.municipalities_for_chooser()
            return _respond(request, pages.render_national(requested, municipalities=municipalities, notice=notice))
        html = pages.national_page(requested)
    except DatabaseError:
        return _database_down(request, (), requested)
    return _respond(request, html)


@public_help_page
def by_number(request: HttpRequest, number: str) -> HttpResponse:
    requested = pages.requested_language(request.GET.get("lang"))
    try:
        organisation = Organisation.objects.municipalities().filter(number=number).only("slug").first()
        if organisation is None:
            return _not_found(request, requested)
    except DatabaseError:
        return _database_down(request, (number,), requested)
    url = reverse("help:municipality", args=[organisation.slug]) + pages.language_query(requested)
    return HttpResponsePermanentRedirect(url)


@public_help_page
def municipality(request: HttpRequest, slug: str) -> HttpResponse:
    requested = pages.requested_language(request.GET.get("lang"))
    try:
        organisation = Organisation.objects.municipalities().filter(slug=slug).first()
        if organisation is None:
            return _not_found(request, requested)
        html = pages.municipality_page(organisation, requested)
    except DatabaseError:
        return _database_down(request, (slug,), requested)
    return _respond(request, html)


@public_help_page
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    requested = pages.requested_language(request.GET.get("lang"))
    group = request.GET.get("gruppe", "")
    group = group if group in HelpGroup.values else ""
    try:
        organisation = Organisation.objects.municipalities().filter(slug=slug).first()
        if organisation is None:
            return _not_found(request, requested)
        html = pages.render_directory(organisation, requested, group)
    except DatabaseError:
        # The help page has every service too.
        return _database_down(request, (slug,), requested)
    return _respond(request, html)


# --- The TV-screen slide and the A4 poster ---------------------------------------------------------------------
# Rendered from the database on each request (the poster's PDF cached by its content). Unlike the help page they
# have no stored copy: a screen that cannot reload keeps showing the slide it has.


def _display_municipality(slug: str) -> Organisation:
    organisation = Organisation.objects.municipalities().filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def _slide_response(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    response = _respond(request, display.render_slide(display.build(organisation)))
    # Edits reach an unattended screen without anyone touching it. Sent as the Refresh header, which browsers
    # honour like <meta http-equiv="refresh">: axe reports a timed meta refresh as a WCAG 2.2.1 failure, a rule
    # about pages people read and use, while this page is only watched and reloading it is its purpose.
    response["Refresh"] = str(display.REFRESH_SECONDS)
    return response


@public_help_page
def slide(request: HttpRequest, slug: str) -> HttpResponse:
    return _slide_response(request, _display_municipality(slug))


@public_help_page
def national_slide(request: HttpRequest) -> HttpResponse:
    return _slide_response(request, None)


def _poster_response(request: HttpRequest, organisation: Organisation | None) -> HttpResponse:
    shown = display.build(organisation)
    pdf = display.poster_pdf(shown)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{display.poster_filename(shown)}"'
    patch_cache_control(response, public=True, max_age=settings.HELP_PAGE_MAX_AGE)
    response["ETag"] = quote_etag(hashlib.sha256(pdf).hexdigest()[:32])
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


@public_page
def poster(request: HttpRequest, slug: str) -> HttpResponse:
    return _poster_response(request, _display_municipality(slug))


@public_page
def national_poster(request: HttpRequest) -> HttpResponse:
    return _poster_response(request, None)
