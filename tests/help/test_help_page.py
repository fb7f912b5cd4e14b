"""The public help page of a municipality: the acute numbers first, then every local service with its fields;
no cookies, cacheable, small, and a fixed number of queries."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from planverk.help import services
from planverk.help.models import Service
from tests.factories import MembershipFactory, UserFactory
from tests.help.conftest import FULL_SERVICE

HELP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "help.css"


def test_kommunenummer_redirects_permanently_to_the_help_page(client, drammen):
    response = client.get("/hjelp/3301/")
    assert response.status_code == 301
    assert response["Location"] == "/hjelp/drammen/"
    assert client.get("/hjelp/3301/?lang=en")["Location"] == "/hjelp/drammen/?lang=en"


def test_acute_numbers_and_a_helpline_come_before_any_local_service(client, drammen, drammen_service):
    html = client.get(reverse("help:municipality", args=["drammen"])).content.decode()
    acute, legevakt, helpline = html.index('href="tel:113"'), html.index('href="tel:116117"'), html.index("tel:116123")
    first_local = min(html.index(s.name) for s in Service.objects.local_to(drammen.pk))
    assert acute < legevakt < helpline < first_local
    assert "Er det akutt?" in html
    assert ">113<" in html and ">116 117<" in html and ">116 123<" in html  # the numbers as text, not only links


def test_every_local_service_is_shown_with_its_fields(client, drammen, drammen_service):
    html = client.get(reverse("help:municipality", args=["drammen"])).content.decode()
    for service in Service.objects.local_to(drammen.pk):
        assert service.name in html
    for text in (
        "Samtaletilbudet for unge voksne",
        "Samtaler uten ventetid for deg som strever.",
        "Unge voksne",
        "18–30 år",
        "Mandag–fredag 08.00–15.30",
        "Hverdager 09.00–14.00",
        'href="tel:+4722222222"',
        ">22 22 22 22<",
        'href="sms:40000000"',
        'href="https://chat.example.no/samtale"',
        'href="https://www.example.no/samtaletilbudet/"',
        "Eksempelgata 1, 3044 Drammen",
        "Du trenger ikke henvisning",
        "Gratis",
        "Norsk (bokmål), Engelsk, Polsk",
        "Helsesykepleier",
        "1. november 2026",
    ):
        assert text in html, text


def test_local_services_are_grouped_for_whom_they_are_for(client, drammen):
    services.service_create(organisation=drammen, by=None, kind="bereaved", name="Sorggruppa", groups=["bereaved"])
    services.service_create(
        organisation=drammen, by=None, kind="advice", name="Rådgiving for ansatte", groups=["employees"]
    )
    html = client.get(reverse("help:municipality", args=["drammen"])).content.decode()
    headings = re.findall(r'<h3 id="gruppe-(\w+)">([^<]+)</h3>', html)
    assert [key for key, _title in headings] == ["struggling", "worried", "bereaved", "employees"]
    assert dict(headings)["bereaved"] == "For etterlatte"
    bereaved = html[html.index('id="gruppe-bereaved"') : html.index('id="gruppe-employees"')]
    assert "Sorggruppa" in bereaved and "LEVE" in bereaved  # the national service for the bereaved is here too
    assert "Rådgiving for ansatte" in html[html.index('id="gruppe-employees"') :]


def test_empty_fields_are_left_out_not_shown_blank(client, drammen):
    services.service_create(organisation=drammen, by=None, kind="ngo", name="Bare et navn", groups=["worried"])
    html = client.get(reverse("help:municipality", args=["drammen"])).content.decode()
    card = html[html.index("Bare et navn") :]
    card = card[: card.index("</article>")]
    assert "<dl" not in card and "<dd></dd>" not in card and "Ring" not in card


def test_a_municipality_without_services_still_has_a_help_page(client, db):
    html = client.get(reverse("help:municipality", args=["bergen"])).content.decode()
    assert 'href="tel:113"' in html and "116 123" in html
    assert "Kommunen har ikke lagt inn tjenestene sine her ennå." in html


def test_an_unknown_municipality_answers_404_with_the_national_numbers(client, db):
    response = client.get("/hjelp/finnes-ikke/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="tel:113"' in html and 'href="tel:116117"' in html
    assert "Vi fant ikke kommunen" in html
    assert client.get("/hjelp/9999/").status_code == 404


def test_the_page_sets_no_cookie_for_anyone(client, drammen, drammen_service):
    url = reverse("help:municipality", args=["drammen"])
    for query in ("", "?lang=nn", "?lang=ar"):
        response = client.get(url + query)
        assert response.status_code == 200
        assert response.cookies == {}, query
        assert "Cookie" not in response.get("Vary", "")  # the session was not even read
    coordinator = MembershipFactory(organisation=drammen, role="coordinator").user
    client.force_login(coordinator)
    response = client.get(url)
    assert response.cookies == {}
    assert "Set-Cookie" not in str(response.serialize_headers())


def test_a_malformed_csrf_cookie_is_not_replaced_on_the_help_page(client, drammen):
    client.cookies["csrftoken"] = "not-a-token"
    response = client.get(reverse("help:municipality", args=["drammen"]))
    assert response.status_code == 200
    assert response.cookies == {}


@pytest.mark.parametrize("name", ["index", "municipality", "directory", "by_number"])
def test_no_help_url_sets_a_cookie(client, db, name):
    args = {"index": [], "municipality": ["drammen"], "directory": ["drammen"], "by_number": ["3301"]}[name]
    client.force_login(UserFactory(username="fredrik-innlogget"))
    response = client.get(reverse(f"help:{name}", args=args))
    assert response.cookies == {}


def test_the_page_is_cacheable_and_answers_304_when_unchanged(client, drammen):
    url = reverse("help:municipality", args=["drammen"])
    response = client.get(url)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and f"max-age={settings.HELP_PAGE_MAX_AGE}" in cache_control
    assert response["Content-Language"] == "nb"
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    services.service_create(organisation=drammen, by=None, kind="ngo", name="Nytt tilbud", groups=["struggling"])
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_the_page_is_sent_compressed(client, drammen):
    response = client.get(reverse("help:municipality", args=["drammen"]), HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"tel:113" in gzip.decompress(response.content)


def _big_directory(organisation, count):  # type: ignore[no-untyped-def]
    for i in range(count):
        service = services.service_create(organisation=organisation, by=None, **{**FULL_SERVICE, "name": f"Tilbud {i}"})
        services.translation_create(service=service, language="en", by=None, name=f"Service {i}", description="Talk")
        services.translation_create(service=service, language="ar", by=None, name=f"خدمة {i}")


def test_html_and_css_are_at_most_30_kb_compressed(client, drammen):
    # The demo directory plus 25 services with every field filled in: more than most municipalities will list.
    _big_directory(drammen, 25)
    html = client.get(reverse("help:municipality", args=["drammen"])).content
    css = HELP_CSS.read_bytes()
    transferred = len(gzip.compress(html)) + len(gzip.compress(css))
    assert transferred <= 30 * 1024, f"{len(gzip.compress(html))} + {len(gzip.compress(css))} bytes"
    assert b"<script" not in html and b"@import" not in css and b"url(" not in css
    assert re.findall(rb'(?:href|src)="(?:https?:)?//', html[: html.index(b"<body")]) == []  # nothing external


def test_the_query_count_does_not_grow_with_the_directory(client, drammen, django_assert_num_queries):
    url = reverse("help:municipality", args=["drammen"])
    with django_assert_num_queries(3):  # the municipality, the services, their translations
        client.get(url)
    _big_directory(drammen, 15)
    with django_assert_num_queries(3):
        response = client.get(url + "?lang=en")
    assert response.content.decode().count("<span>Service 14</span></h4>") == 2  # in both groups it belongs to


def test_the_national_page_and_directory_have_fixed_query_counts(client, drammen, django_assert_num_queries):
    _big_directory(drammen, 5)
    with django_assert_num_queries(3):  # the municipalities for the chooser, the registry, its translations
        client.get(reverse("help:index"))
    with django_assert_num_queries(3):
        client.get(reverse("help:directory", args=["drammen"]))
