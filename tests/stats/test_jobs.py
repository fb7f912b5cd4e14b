"""An import from the workspace is a job: its page shows how far it has come and refreshes itself until the import
is done or has failed; a job that stopped half-way is shown as interrupted, and nothing it did is kept."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from planverk.stats import services
from planverk.stats.models import ImportRun, ImportStage, JobState, Observation, PublishedCell
from planverk.stats.models import StatisticsImportJob as Job

NOW = timezone.make_aware(datetime.datetime(2026, 3, 1, 12, 0))
FIVE_SERIES = "geo,year,sex,age,count,population\n" + "".join(
    f"{geo},2020,total,total,9,30975\n" for geo in ("3407", "3405", "3411", "3403", "3401")
)


def job(**fields: object) -> Job:
    values = {"file_name": "tall.csv", "created_at": timezone.now(), "state": JobState.RUNNING} | fields
    return Job.objects.create(**values)


def figures() -> tuple[object, ...]:
    return (
        sorted(Observation.objects.values_list("series__geo", "year", "count")),
        sorted(PublishedCell.objects.values_list("geo", "first_year", "last_year", "sex", "age", "count")),
        ImportRun.objects.count(),
    )


# --- the job's page ---------------------------------------------------------------------------------------------


def test_a_running_job_shows_its_progress_and_refreshes_itself(client, superuser):
    running = job(stage=ImportStage.STORE, done=40, total=100)
    client.force_login(superuser)
    page = client.get(reverse("stats_workspace:import_job", args=[running.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    # Storing is the stretch from 20 to 50 % of the whole import.
    assert '<progress id="fremdrift" max="100" value="32">32 %</progress>' in page
    assert "32 % ferdig" in page
    assert "Lagrer seriene … 40 av 100" in page


def test_the_refresh_can_be_turned_off(client, superuser):
    running = job(stage=ImportStage.PUBLISH, done=0, total=1)
    client.force_login(superuser)
    page = client.get(reverse("stats_workspace:import_job", args=[running.pk]) + "?oppdater=nei").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert "Regner ut de publiserte tallene på nytt …" in page
    assert 'value="50"' in page


def test_a_queued_job_waits_to_start(client, superuser):
    queued = job(state=JobState.QUEUED, content=b"geo")
    client.force_login(superuser)
    page = client.get(reverse("stats_workspace:import_job", args=[queued.pk])).content.decode()
    assert "Venter på å starte …" in page
    assert 'value="0"' in page and 'http-equiv="refresh"' in page


def test_a_job_running_for_over_half_an_hour_is_shown_as_interrupted(client, superuser):
    stuck = job(created_at=timezone.now() - datetime.timedelta(minutes=31), stage=ImportStage.STORE, done=1, total=9)
    client.force_login(superuser)
    page = client.get(reverse("stats_workspace:import_job", args=[stuck.pk])).content.decode()
    assert "Importen ble avbrutt før den ble ferdig" in page
    assert "Ingenting er endret." in page
    assert 'http-equiv="refresh"' not in page and "<progress" not in page
    assert "tall.csv" not in client.get(reverse("stats_workspace:import")).content.decode()


def test_the_import_page_lists_jobs_still_running(client, superuser):
    job(file_name="pågår.csv")
    client.force_login(superuser)
    assert "pågår.csv" in client.get(reverse("stats_workspace:import")).content.decode()


def test_only_national_superusers_follow_a_job(client, coordinator):
    running = job()
    url = reverse("stats_workspace:import_job", args=[running.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client.force_login(coordinator)
    assert client.get(url).status_code == 403


def test_an_unknown_job_is_not_found(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("stats_workspace:import_job", args=[999_999])).status_code == 404


# --- running a job ----------------------------------------------------------------------------------------------


def test_in_the_background_the_upload_answers_at_once_and_the_thread_starts_after_commit(
    client, superuser, settings, django_capture_on_commit_callbacks
):
    settings.STATS_IMPORT_IN_BACKGROUND = True
    client.force_login(superuser)
    before = figures()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("stats_workspace:import"),
            {"file": SimpleUploadedFile("tall.csv", FIVE_SERIES.encode()), "source": "FHI"},
        )
    queued = Job.objects.get()
    assert len(callbacks) == 1
    assert queued.state == JobState.QUEUED and bytes(queued.content) == FIVE_SERIES.encode()
    assert figures() == before
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page


def test_the_import_reports_progress_per_stage_and_batch(db, monkeypatch):
    monkeypatch.setattr(services, "STORE_BATCH", 2)
    seen: list[tuple[int, int, str]] = []
    run = services.statistics_import(
        content=FIVE_SERIES.encode(),
        file_name="tall.csv",
        source="Test",
        note="",
        by=None,
        now=NOW,
        progress=lambda done, total, stage: seen.append((done, total, stage)),
    )
    assert run.summary["series"] == 5
    assert seen == [
        (0, 1, "parse"),
        (0, 1, "validate"),
        (0, 5, "store"),
        (2, 5, "store"),
        (4, 5, "store"),
        (5, 5, "store"),
        (0, 1, "publish"),
        (1, 1, "publish"),
    ]


def test_a_job_that_breaks_half_way_fails_and_changes_nothing(db, monkeypatch):
    def broken(*, now: datetime.datetime) -> None:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "statistics_publish", broken)
    before = figures()
    started = services.statistics_job_create(
        content=FIVE_SERIES.encode(), file_name="tall.csv", source="", note="", by=None, now=NOW
    )
    services.statistics_job_run(job=started, now=NOW)
    started.refresh_from_db()
    assert started.state == JobState.FAILED
    assert started.errors == [
        "Importen stoppet på grunn av en feil i Planverk. Ingenting er endret. Prøv igjen senere."
    ]
    assert (started.content, started.run) == (None, None)
    assert started.stage == ImportStage.PUBLISH  # where it stopped
    assert figures() == before


def test_the_command_prints_its_progress(db, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "STORE_BATCH", 2)
    path = tmp_path / "tall.csv"
    path.write_text(FIVE_SERIES, encoding="utf-8")
    out = StringIO()
    call_command("import_statistics", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[:6] == [
        "Leser filen …",
        "Kontrollerer tallene …",
        "Lagrer seriene … 2 av 5 serier",
        "Lagrer seriene … 4 av 5 serier",
        "Lagrer seriene … 5 av 5 serier",
        "Regner ut de publiserte tallene på nytt …",
    ]
    assert lines[6].startswith("Importert 5 tall i 5 serier")


def test_a_new_upload_closes_jobs_that_stopped_long_ago_and_drops_their_files(db):
    stopped = job(created_at=NOW - datetime.timedelta(hours=2), content=b"geo,year\n")
    recent = job(created_at=NOW - datetime.timedelta(minutes=5), content=b"geo,year\n")
    services.statistics_job_create(content=b"x", file_name="ny.csv", source="", note="", by=None, now=NOW)
    stopped.refresh_from_db()
    recent.refresh_from_db()
    assert stopped.state == JobState.FAILED and stopped.content is None
    assert "avbrutt" in stopped.errors[0]
    assert recent.state == JobState.RUNNING and recent.content is not None


def test_an_import_holds_the_writer_lock_until_it_commits(db):
    if connection.vendor != "postgresql":
        pytest.skip("the lock is PostgreSQL's; SQLite lets one connection write at a time")
    held: list[int] = []

    def progress(done: int, total: int, stage: str) -> None:
        if stage == ImportStage.STORE:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
                    " AND objid = %s",
                    [services._WRITER_LOCK],
                )
                held.append(cursor.fetchone()[0])

    services.statistics_import(
        content=FIVE_SERIES.encode(), file_name="tall.csv", source="Test", note="", by=None, now=NOW, progress=progress
    )
    assert held and all(count == 1 for count in held)
