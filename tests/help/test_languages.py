"""Languages on the help page: chosen by address (`?lang=`), never by cookie; the municipality's written language
by default; content in other languages falls back to the municipality's, and is marked with lang (and dir)."""

import re

from django.urls import reverse

from planverk.help import services
from planverk.help.models import Service
from planverk.organisations.models import Organisation


def _page(client, slug: str, query: str = "") -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("help:municipality", args=[slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _nynorsk_municipality() -> Organisation:
    municipality = Organisation.objects.municipalities().filter(written_language="nn").order_by("number").first()
    assert municipality is not None, "the reference data has nynorsk municipalities"
    return municipality


def test_the_municipalitys_written_language_is_the_default(client, drammen):
    municipality = _nynorsk_municipality()
    html = _page(client, municipality.slug)
    assert html.startswith("<!doctype html>") and '<html lang="nn">' in html
    # The registry is written in bokmål; a nynorsk municipality shows its nynorsk translation, unmarked.
    assert "Medisinsk naudtelefon" in html and "Medisinsk nødtelefon" not in html
    assert '<html lang="nb">' in _page(client, "drammen")


def test_lang_in_the_address_chooses_the_language(client, drammen):
    response = client.get(reverse("help:municipality", args=["drammen"]) + "?lang=en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert response["Content-Language"] == "en"
    assert "Medical emergency number" in html
    assert response.cookies == {}


def test_the_language_switcher_is_plain_links(client, drammen):
    html = _page(client, "drammen")
    switcher = html[html.index('<nav class="langs"') : html.index("</nav>")]
    assert re.findall(r'href="\?lang=(\w+)"', switcher)[:3] == ["nb", "nn", "en"]
    assert "<form" not in switcher and "set_language" not in html and "csrfmiddlewaretoken" not in html
    assert 'aria-current="true">Bokmål<' in switcher


def test_content_in_another_language_is_marked_and_arabic_is_right_to_left(client, drammen):
    service = services.service_create(
        organisation=drammen, by=None, kind="ngo", name="Møteplassen", groups=["struggling"]
    )
    services.translation_create(service=service, language="ar", by=None, name="مكان اللقاء", description="دعم")
    html = _page(client, "drammen", "?lang=ar")
    # Headings and labels have no Arabic catalog: they stay in the municipality's language.
    assert '<html lang="nb">' in html
    assert '<span lang="ar" dir="rtl">مكان اللقاء</span>' in html
    assert '<p lang="ar" dir="rtl">دعم</p>' in html
    assert 'hreflang="ar" lang="ar" dir="rtl" aria-current="true">العربية<' in html


def test_the_switcher_offers_the_languages_content_exists_in(client, drammen, gjovik):
    service = services.service_create(organisation=drammen, by=None, kind="ngo", name="Møteplassen", groups=["worried"])
    services.translation_create(service=service, language="pl", by=None, name="Miejsce spotkań")
    assert 'hreflang="pl"' in _page(client, "drammen")
    assert 'hreflang="pl"' not in _page(client, gjovik.slug)  # another municipality's content


def test_untranslated_content_falls_back_to_the_municipalitys_language(client, drammen):
    services.service_create(organisation=drammen, by=None, kind="ngo", name="Bare på bokmål", groups=["struggling"])
    html = _page(client, "drammen", "?lang=pl")
    assert "<span>Bare på bokmål</span>" in html  # same language as the page: not marked
    html = _page(client, "drammen", "?lang=en")
    assert '<span lang="nb">Bare på bokmål</span>' in html


def test_a_nynorsk_municipality_falls_back_to_nynorsk_before_the_registrys_bokmal(client, db):
    municipality = _nynorsk_municipality()
    leve = Service.objects.get(key="leve")
    leve.translations.filter(language="en").delete()
    html = _page(client, municipality.slug, "?lang=en")
    assert '<span lang="nn">LEVE – Landsforeininga for etterlatne ved sjølvmord</span>' in html


def test_an_unknown_language_shows_the_default_page(client, drammen):
    html = _page(client, "drammen", "?lang=xx")
    assert '<html lang="nb">' in html and 'hreflang="xx"' not in html
