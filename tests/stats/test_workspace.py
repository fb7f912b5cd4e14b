"""National superusers import statistics in the workspace; a bad file shows its errors and changes nothing."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from planverk.stats.models import ImportRun, Observation, PublishedCell, Series

DEMO = Path(__file__).resolve().parents[2] / "planverk" / "stats" / "demo"
GOOD = b"geo;year;sex;age;count;population\n3407;2020;total;total;9;30975\n3407;2021;total;total;11;31002\n"


def upload(client: Client, content: bytes, name: str = "gjovik.csv", **fields: str):  # type: ignore[no-untyped-def]
    data = {"file": SimpleUploadedFile(name, content), "source": "FHI, uttrekk mars 2026", "note": ""} | fields
    return client.post(reverse("stats_workspace:import"), data)


def state() -> tuple[object, ...]:
    return (
        sorted(Observation.objects.values_list("series__geo", "year", "count")),
        PublishedCell.objects.count(),
        ImportRun.objects.count(),
    )


def test_a_superuser_imports_a_file_and_sees_what_it_did(client, superuser):
    client.force_login(superuser)
    response = upload(client, GOOD, note="Testtall")
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("stats_workspace:import_run", args=[run.pk])
    assert run.imported_by == superuser
    assert Series.objects.get(geo="3407").source == "FHI, uttrekk mars 2026"
    page = client.get(response["Location"]).content.decode()
    assert "Statistikken er importert og publisert på nytt." in page
    assert "1: 1 nye, 0 erstattet" in page
    assert "2020–2021" in page
    assert "Testtall" in page
    listing = client.get(reverse("stats_workspace:import")).content.decode()
    assert "gjovik.csv" in listing and superuser.username in listing


def test_a_superuser_imports_jsonstat_from_fhi(client, superuser):
    client.force_login(superuser)
    response = upload(client, (DEMO / "norge.json").read_bytes(), name="norge.json", source="")
    assert response.status_code == 302
    assert ImportRun.objects.latest("pk").file_format == "json-stat"


def test_a_bad_file_shows_its_errors_by_line_and_changes_nothing(client, superuser):
    client.force_login(superuser)
    before = state()
    response = upload(client, b"geo;year;sex;age;count;population\n9999;2020;total;total;-1;100\n")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Skjemaet har feil som må rettes" in page
    assert "Linje 2, kolonne «geo»: ukjent geografikode «9999»" in page
    assert "Linje 2, kolonne «count»: tallet kan ikke være negativt (-1)" in page
    assert state() == before


def test_a_method_breakdown_is_refused_in_the_workspace_too(client, superuser):
    client.force_login(superuser)
    before = state()
    response = upload(client, b"geo,year,sex,age,metode,count,population\n")
    assert response.status_code == 400
    assert "fordelt på metode" in response.content.decode()
    assert state() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, superuser, settings):
    settings.STATS_IMPORT_MAX_BYTES = 40
    client.force_login(superuser)
    before = state()
    response = upload(client, GOOD)
    assert response.status_code == 400
    assert "Filen er for stor" in response.content.decode()
    assert state() == before


def test_an_import_without_a_csrf_token_is_refused(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = state()
    assert upload(client, GOOD).status_code == 403
    assert state() == before


def test_others_cannot_import_and_nothing_changes(client, coordinator):
    client.force_login(coordinator)
    before = state()
    assert upload(client, GOOD).status_code == 403
    assert state() == before


def test_the_workspace_home_links_to_the_import_for_superusers_only(client, superuser, coordinator):
    url = reverse("stats_workspace:import")
    client.force_login(superuser)
    assert url in client.get(reverse("workspace:home")).content.decode()
    client.force_login(coordinator)
    assert url not in client.get(reverse("workspace:home")).content.decode()
