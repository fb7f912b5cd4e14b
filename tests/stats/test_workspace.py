"""National superusers import statistics in the workspace: the upload becomes a job whose page shows its progress
and then the import; a bad file shows its errors there and changes nothing.

Jobs run within the request here (STATS_IMPORT_IN_BACKGROUND off); tests/stats/test_jobs.py covers the rest."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from planverk.stats.models import ImportRun, ImportStage, JobState, Observation, PublishedCell, Series
from planverk.stats.models import StatisticsImportJob as Job

DEMO = Path(__file__).resolve().parents[2] / "planverk" / "stats" / "demo"
GOOD = b"geo;year;sex;age;count;population\n3407;2020;total;total;9;30975\n3407;2021;total;total;11;31002\n"


@pytest.fixture(autouse=True)
def _import_within_the_request(settings):  # type: ignore[no-untyped-def]
    settings.STATS_IMPORT_IN_BACKGROUND = False


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
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("stats_workspace:import_job", args=[job.pk])
    run = ImportRun.objects.latest("pk")
    assert (job.state, job.run, job.errors) == (JobState.DONE, run, [])
    assert job.content is None  # the upload is not kept once imported
    assert (job.stage, job.done, job.total) == (ImportStage.PUBLISH, 1, 1)
    assert job.started_by == run.imported_by == superuser
    assert Series.objects.get(geo="3407").source == "FHI, uttrekk mars 2026"
    finished = client.get(response["Location"])
    assert finished.status_code == 302
    assert finished["Location"] == reverse("stats_workspace:import_run", args=[run.pk])
    page = client.get(finished["Location"]).content.decode()
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
    assert Job.objects.get().state == JobState.DONE
    assert ImportRun.objects.latest("pk").file_format == "json-stat"


def test_a_bad_file_fails_its_job_with_the_errors_by_line_and_changes_nothing(client, superuser):
    client.force_login(superuser)
    before = state()
    response = upload(client, b"geo;year;sex;age;count;population\n9999;2020;total;total;-1;100\n")
    job = Job.objects.get()
    assert (job.state, job.run, job.content) == (JobState.FAILED, None, None)
    assert job.errors[1] == "Linje 2, kolonne «count»: tallet kan ikke være negativt (-1)"
    page = client.get(response["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "Filen ble ikke importert. Ingenting er endret." in text
    assert "Linje 2, kolonne «geo»: ukjent geografikode «9999»" in text
    assert "Linje 2, kolonne «count»: tallet kan ikke være negativt (-1)" in text
    assert 'http-equiv="refresh"' not in text
    assert state() == before


def test_a_method_breakdown_is_refused_in_the_workspace_too(client, superuser):
    client.force_login(superuser)
    before = state()
    response = upload(client, b"geo,year,sex,age,metode,count,population\n")
    assert Job.objects.get().state == JobState.FAILED
    assert "fordelt på metode" in client.get(response["Location"]).content.decode()
    assert state() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(client, superuser, settings):
    settings.STATS_IMPORT_MAX_BYTES = 40
    client.force_login(superuser)
    before = state()
    response = upload(client, GOOD)
    assert response.status_code == 400
    assert "Filen er for stor" in response.content.decode()
    assert state() == before
    assert not Job.objects.exists()


def test_an_import_without_a_csrf_token_is_refused(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    before = state()
    assert upload(client, GOOD).status_code == 403
    assert state() == before
    assert not Job.objects.exists()


def test_others_cannot_import_and_nothing_changes(client, coordinator):
    client.force_login(coordinator)
    before = state()
    assert upload(client, GOOD).status_code == 403
    assert state() == before
    assert not Job.objects.exists()


def test_the_workspace_home_links_to_the_import_for_superusers_only(client, superuser, coordinator):
    url = reverse("stats_workspace:import")
    client.force_login(superuser)
    assert url in client.get(reverse("workspace:home")).content.decode()
    client.force_login(coordinator)
    assert url not in client.get(reverse("workspace:home")).content.decode()
