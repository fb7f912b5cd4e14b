"""axe-core finds no WCAG 2.1 A/AA violation on the statistics pages, on a desktop screen and on a 320 px phone,
where they also reflow without sideways scrolling; the chart is an image with a name and a table alternative. A
superuser's import runs as a job whose progress page passes axe too."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from planverk.stats.models import JobState, StatisticsImportJob
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe_violations, log_in

pytestmark = pytest.mark.browser

PAGES = {
    "index": lambda: reverse("stats:index"),
    "drammen": lambda: reverse("stats:geography", args=["drammen"]),
    "norway": lambda: reverse("stats:geography", args=["norge"]) + "?periode=2012-2021",
    "trondheim": lambda: reverse("stats:geography", args=["trondheim"]),
}


@pytest.mark.parametrize("name", PAGES)
def test_statistics_page_has_no_axe_violations_on_desktop_or_phone(page, demo_plans, name):
    page.goto(PAGES[name]())
    assert page.get_by_role("heading", level=1).is_visible()
    report = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        if violations:
            report.append(f"at {viewport['width']} px:\n{describe_violations(violations)}")
    assert not report, f"axe on {page.url}\n" + "\n".join(report)


@pytest.mark.parametrize("name", PAGES)
def test_statistics_page_reflows_at_320_px_without_sideways_scrolling(page, demo_plans, name):
    page.set_viewport_size(PHONE)
    page.goto(PAGES[name]())
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} is {overflow} px wider than a 320 px screen"


def test_the_chart_is_an_image_with_a_name_and_a_table_with_the_same_numbers(page, demo_plans):
    page.goto(PAGES["drammen"]())
    chart = page.get_by_role("img", name="Selvmord per 100 000 innbyggere per år, rullerende perioder på 10 år")
    assert chart.is_visible()
    table = page.get_by_role("table", name="Selvmord per 100 000 innbyggere per år, rullerende perioder på 10 år")
    assert table.is_visible()
    assert table.get_by_role("row").count() == 3  # the header and two ten-year periods
    assert "11,8" in table.inner_text() and "9,8–14,2" in table.inner_text()
    assert page.get_by_role("link", name="113").first.is_visible()


def test_the_period_form_works_without_javascript(browser, live_server, demo_plans):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False, locale="nb-NO")
    page = context.new_page()
    page.goto(PAGES["drammen"]())
    page.get_by_label("Periode", exact=True).select_option("2012-2021")
    page.get_by_role("button", name="Vis perioden").click()
    assert page.get_by_role("heading", name="Perioden 2012–2021").is_visible()
    assert "periode=2012-2021" in page.url
    context.close()


def test_a_superuser_imports_a_file_and_follows_the_job_to_what_it_did(page, demo_plans, settings, tmp_path):
    # In a thread on PostgreSQL, as in production; within the request on the in-memory SQLite test database, whose
    # shared cache refuses a write at once while the server thread reads (see test_importer.py).
    settings.STATS_IMPORT_IN_BACKGROUND = connection.vendor != "sqlite"
    path = tmp_path / "gjovik.csv"
    path.write_text("geo;year;sex;age;count;population\n3407;2021;total;total;11;31002\n", encoding="utf-8")
    log_in(page, "nasjonal")
    page.goto(reverse("stats_workspace:import"))
    page.get_by_label("Fil", exact=True).set_input_files(str(path))
    page.get_by_label("Kilde").fill("FHI, uttrekk mars 2026")
    page.get_by_role("button", name="Importer og publiser").click()
    page.get_by_role("heading", name="Import av gjovik.csv").wait_for(timeout=60_000)
    assert page.get_by_text("Statistikken er importert og publisert på nytt.").is_visible()
    assert StatisticsImportJob.objects.get().state == JobState.DONE


def test_the_progress_of_a_running_import_has_no_axe_violations(page, demo_plans):
    job = StatisticsImportJob.objects.create(
        file_name="tall.csv", state=JobState.RUNNING, created_at=timezone.now(), stage="store", done=3, total=9
    )
    log_in(page, "nasjonal")
    page.goto(reverse("stats_workspace:import_job", args=[job.pk]) + "?oppdater=nei")
    assert page.get_by_role("progressbar", name="Lagrer seriene … 3 av 9").is_visible()
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
