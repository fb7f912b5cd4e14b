"""When the database is down the help pages still answer 200 with the numbers: the last good copy of the page,
else the national page, else the national page rendered from the registry file. Copies are refreshed on every
successful render and when a service or the registry changes."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from planverk.help import fallback, pages, registry, services
from planverk.help.models import Service
from planverk.organisations.models import Organisation
from tests.help.conftest import database_down

NATIONAL_NUMBERS = ("tel:113", "tel:116117", "tel:116123", "tel:+4722400040", "tel:+4780033321", "tel:116111")


def _copy(name: str) -> str:
    return (Path(settings.HELP_CACHE_DIR) / name).read_text(encoding="utf-8")


def test_the_help_page_is_served_from_its_copy_when_the_database_is_down(client, drammen, drammen_service):
    url = reverse("help:municipality", args=["drammen"])
    rendered = client.get(url).content
    with database_down():
        response = client.get(url)
    assert response.status_code == 200
    assert response.content == rendered
    assert "Samtaletilbudet for unge voksne" in response.content.decode()
    assert "max-age=60" in response["Cache-Control"]  # checked again soon
    assert response.cookies == {}


def test_the_database_down_test_helper_really_stops_queries(drammen):
    with database_down(), pytest.raises(Exception, match="Connection refused"):
        Organisation.objects.get(pk=drammen.pk)


def test_the_kommunenummer_and_each_language_have_their_copy(client, drammen):
    client.get("/hjelp/drammen/")
    client.get("/hjelp/drammen/?lang=en")
    with database_down():
        by_number = client.get("/hjelp/3301/")
        english = client.get("/hjelp/drammen/?lang=en")
        nynorsk = client.get("/hjelp/drammen/?lang=nn")  # never rendered: the default copy
        directory = client.get("/hjelp/drammen/tjenester/")
    assert by_number.status_code == 200 and "Hjelp og støtte i Drammen" in by_number.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="nb">' in nynorsk.content.decode()
    assert directory.status_code == 200 and "Drammen legevakt" in directory.content.decode()


def test_without_its_own_copy_a_municipality_gets_the_national_page(client, db):
    client.get(reverse("help:index"))
    with database_down():
        response = client.get("/hjelp/bergen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert all(number in html for number in NATIONAL_NUMBERS)


def test_with_no_copy_at_all_the_registry_file_is_the_page(client, db):
    with database_down():
        responses = [client.get(url) for url in ("/hjelp/drammen/", "/hjelp/", "/hjelp/3301/?lang=en")]
    for response in responses:
        assert response.status_code == 200
        html = response.content.decode()
        assert all(number in html for number in NATIONAL_NUMBERS)
        assert "LEVE" in html
        assert "akkurat nå" in html or "right now" in html
    assert '<html lang="en">' in responses[2].content.decode()


def test_even_without_the_registry_file_the_acute_numbers_and_a_helpline_remain(client, db, monkeypatch):
    def unreadable() -> list[object]:
        raise OSError("the file is gone")

    monkeypatch.setattr(registry, "services_from_file", unreadable)
    with database_down():
        response = client.get("/hjelp/drammen/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:113"' in html and 'href="tel:116117"' in html and 'href="tel:116123"' in html


def test_a_copy_that_cannot_be_written_does_not_break_the_page(client, drammen, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    settings.HELP_CACHE_DIR = blocker
    response = client.get("/hjelp/drammen/")
    assert response.status_code == 200
    assert fallback.stored() == []


def test_a_change_to_a_service_refreshes_the_stored_copies(
    client, drammen, drammen_service, django_capture_on_commit_callbacks
):
    client.get("/hjelp/drammen/")
    client.get("/hjelp/drammen/?lang=en")
    with django_capture_on_commit_callbacks(execute=True):
        services.service_update(service=drammen_service, expected_version=None, by=None, name="Nytt navn på tilbudet")
    assert "Nytt navn på tilbudet" in _copy("drammen.html")
    assert "Nytt navn på tilbudet" in _copy("drammen.en.html")
    assert "Nytt navn på tilbudet" in _copy("3301.html")
    with database_down():
        assert "Nytt navn på tilbudet" in client.get("/hjelp/drammen/").content.decode()


def test_a_change_to_the_registry_refreshes_every_stored_page(
    client, drammen, gjovik, django_capture_on_commit_callbacks
):
    for url in ("/hjelp/drammen/", f"/hjelp/{gjovik.slug}/?lang=nn", "/hjelp/"):
        client.get(url)
    kirkens_sos = Service.objects.get(key="kirkens-sos")
    with django_capture_on_commit_callbacks(execute=True):
        services.service_update(
            service=kirkens_sos, expected_version=None, by=None, phone_hours="Hele døgnet, hele året"
        )
    for name in ("drammen.html", f"{gjovik.slug}.nn.html", "_national.html"):
        assert "Hele døgnet, hele året" in _copy(name), name


def test_several_changes_in_one_transaction_render_each_page_once(
    drammen, django_capture_on_commit_callbacks, monkeypatch
):
    pages.municipality_page(drammen, "")
    rendered: list[str] = []
    original = pages.render_municipality
    monkeypatch.setattr(pages, "render_municipality", lambda o, r: rendered.append(r) or original(o, r))
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            services.service_create(organisation=drammen, by=None, kind="ngo", name=f"Tilbud {i}", groups=["worried"])
    assert rendered == [""]


def test_the_refresh_command_stores_a_copy_for_every_municipality(db):
    call_command("refresh_help_pages", "--alle", stdout=open("/dev/null", "w"))  # noqa: SIM115
    stored = set(fallback.stored())
    municipalities = Organisation.objects.municipalities()
    assert {(m.slug, "") for m in municipalities} <= stored
    assert {(m.number, "") for m in municipalities} <= stored
    assert {("_national", ""), ("_national", "nn"), ("_national", "en")} <= stored
